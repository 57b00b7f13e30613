// cdk-nag (AwsSolutions) acknowledgments, written beside the construct each concerns. cdk-nag 3 reads
// CDK's own acknowledgments (`Validations.of(construct).acknowledge`), one per finding: an IAM5 finding
// is `AwsSolutions-IAM5[Resource::<resource as cdk-nag prints it>]`. test/e2e/cdk-nag.test.ts runs the
// pack over the app and fails on any finding not acknowledged here.
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Acknowledge cdk-nag rules on a construct (and everything under it), each with its reason. */
export function acknowledge(scope: IConstruct, reasons: Record<string, string>): void {
  Validations.of(scope).acknowledge(...Object.entries(reasons).map(([id, reason]) => ({ id, reason })));
}

/** The IAM5 finding id of a wildcard resource, as cdk-nag spells it. */
export const wildcard = (resource: string) => `AwsSolutions-IAM5[Resource::${resource}]`;

/** `<LogicalId.Arn>`: how cdk-nag prints a resource's Fn::GetAtt Arn inside a finding. */
export const arnOf = (resource: IConstruct) => {
  const el = (resource.node.defaultChild ?? resource) as CfnElement;
  return `<${Stack.of(resource).getLogicalId(el)}.Arn>`;
};

/** Why a Lambda's or state machine's X-Ray statement is on `*`. */
export const XRAY_REASON = 'X-Ray: xray:PutTraceSegments/PutTelemetryRecords (and the sampling reads) take no resource ARN (AWS documents them on *)';

/**
 * Acknowledgments written the cdk-nag 2 way (CloudFormation metadata `cdk_nag.rules_to_suppress`, as
 * code that does not depend on cdk-nag may add them) become CDK acknowledgments, which cdk-nag 3 reads.
 */
export function honourCfnNagMetadata(scope: IConstruct): void {
  for (const c of scope.node.findAll()) {
    const el = c as CfnElement & { getMetadata?: (key: string) => unknown };
    if (typeof el.getMetadata !== 'function') continue;
    type Rule = { id: string; reason: string; applies_to?: string[] };
    const rules = (el.getMetadata('cdk_nag') as { rules_to_suppress?: Rule[] } | undefined)?.rules_to_suppress ?? [];
    // cdk-nag 2's `applies_to` narrowed a rule to findings; cdk-nag 3 names each finding `Rule[finding]`.
    const ids = rules.flatMap((r) => (r.applies_to?.length ? r.applies_to.map((f) => ({ id: `${r.id}[${f}]`, reason: r.reason })) : [{ id: r.id, reason: r.reason }]));
    if (ids.length) Validations.of(c).acknowledge(...ids);
  }
}
