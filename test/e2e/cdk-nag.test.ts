// Least privilege a scanner agrees with (issue 11, part 8): cdk-nag's AwsSolutions pack over the whole
// app (the orchestrator's stack, the drill dashboard's stack and the DRS event forwarder a target account deploys) finds nothing
// that is not acknowledged in code with its reason (infra/cdk/nag.ts); the IAM scoping of
// infra/cdk/grants.ts; X-Ray on every function and state machine; the CloudWatch alarms.
import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDAS, STATE_MACHINE, functionName } from '../../infra/api.ts';
import { buildAll } from '../../infra/build.ts';
import { createApp } from '../../infra/cdk/app.ts';
import { fromRoot, missingBundles } from '../../infra/cdk/bundles.ts';
import { DRS_MANAGED_TAG, PASS_ROLE_SERVICES } from '../../infra/cdk/grants.ts';
import { honourCfnNagMetadata } from '../../infra/cdk/nag.ts';

const STAGE = 'test';
const cdkContext = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')).context as Record<string, unknown>;
const FORWARD_TO = 'arn:aws:events:us-east-1:111111111111:event-bus/drs-orchestrator-test';

// CloudFormation JSON as synthesized.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Cfn = any;
type Resource = { Type: string; Properties: Record<string, Cfn> };
type Statement = { Effect: string; Action: string | string[]; Resource: Cfn; Condition?: Record<string, Record<string, unknown>> };
const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

const appWith = (context: Record<string, unknown> = {}) => createApp(new App({ context: { ...cdkContext, stage: STAGE, ...context } }));

let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const statements = (): Statement[] => [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')].flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
const granting = (action: string, sts = statements()) => sts.filter((s) => asList(s.Action).includes(action));
const fnOf = (fn: string) => ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === functionName(fn, STAGE))!;
/** The statements of a function's own policies. */
const own = (fn: string) => {
  const roleId = fnOf(fn)[1].Properties.Role['Fn::GetAtt'][0];
  return [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')]
    .filter(([, r]) => (r.Properties.Roles ?? []).some((x: Cfn) => x.Ref === roleId))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
};
const declaring = (action: string) => (Object.entries(LAMBDAS) as [string, { actions: readonly string[] }][]).filter(([, s]) => s.actions.includes(action)).map(([fn]) => fn);

beforeAll(async () => {
  if (missingBundles().length > 0) await buildAll();
  resources = Template.fromStack(appWith().stack).toJSON().Resources;
}, 180_000);

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the orchestrator stack, the dashboard stack or the DRS event forwarder', () => {
    // The dashboard's own stack (infra/cdk/dashboard.ts, -c dashboard=true): its acknowledgments sit beside its constructs.
    const { app, forwarder, dashboard } = appWith({ forwardDrsEventsTo: FORWARD_TO, dashboard: true });
    expect(forwarder).toBeDefined();
    expect(dashboard).toBeDefined();
    honourCfnNagMetadata(app);
    const report = new AwsSolutionsChecks(app).validateScope(app);
    const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}: ${v.description}`));
    expect(findings).toEqual([]);
  }, 120_000);

  it('passes as CDK runs it: the pack as a validation plugin of the app, at synth', () => {
    const { app } = appWith({ dashboard: true });
    honourCfnNagMetadata(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  }, 120_000);
});

describe('IAM scoped to what the code calls (infra/cdk/grants.ts)', () => {
  it('passes roles only to EC2 and DRS, and only roles of this account (and the drill schedules\' invoke role to Scheduler)', () => {
    // The drill schedules' writer passes one role, to Scheduler only (test/e2e/cdk.test.ts checks it).
    const toScheduler = (s: { Condition?: unknown }) => JSON.stringify(s.Condition) === JSON.stringify({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    for (const s of granting('iam:PassRole').filter(toScheduler)) expect(JSON.stringify(s.Resource)).toMatch(/DrillSchedulesInvokeRole.*\.Arn|Fn::GetAtt.*DrillSchedulesInvokeRole/);
    const passRole = granting('iam:PassRole').filter((s) => !toScheduler(s));
    expect(passRole.length).toBeGreaterThan(0);
    expect(declaring('iam:PassRole').every((fn) => granting('iam:PassRole', own(fn)).length === 1)).toBe(true);
    for (const s of passRole) {
      expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': [...PASS_ROLE_SERVICES] } });
      expect(JSON.stringify(s.Resource)).toMatch(/:iam::",\{"Ref":"AWS::AccountId"\},":role\/\*"/);
    }
  });

  it('terminates instances and deletes volumes only when DRS launched them (or, for spot, this stage did)', () => {
    for (const action of ['ec2:TerminateInstances', 'ec2:DeleteVolume']) {
      const st = granting(action);
      expect(st.length, action).toBeGreaterThan(0);
      for (const s of st) {
        const drs = { Null: { [`ec2:ResourceTag/${DRS_MANAGED_TAG}`]: 'false' } };
        const spot = { StringEquals: { 'ec2:ResourceTag/drs-orchestrator:spot': STAGE } };
        expect([drs, spot], `${action}: ${JSON.stringify(s)}`).toContainEqual(s.Condition);
      }
    }
    // Every destructive EC2 action anyone holds is one of those two, under a condition.
    const destructive = statements().flatMap((s) => asList(s.Action).filter((a) => /^ec2:(Terminate|Delete)/.test(a)).map((a) => [a, s.Condition] as const));
    for (const [a, condition] of destructive) expect(condition, a).toBeDefined();
  });

  it('assumes the target accounts’ role by name, never any role: DRSOrchestrationRole unless context names others', () => {
    for (const fn of declaring('sts:AssumeRole').filter((f) => f !== 'clusters')) {
      const st = granting('sts:AssumeRole', own(fn));
      expect(st, fn).toHaveLength(1);
      expect(st[0].Resource, fn).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/DRSOrchestrationRole']] });
    }
    expect(granting('sts:AssumeRole').filter((s) => asList(s.Resource).includes('*'))).toEqual([]);
    const custom = Template.fromStack(appWith({ targetAccountRoleNames: 'DRSOrchestrationRole, drs/Recovery*' }).stack).toJSON().Resources as Record<string, Resource>;
    const st = Object.values(custom)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => asList(s.Action).includes('sts:AssumeRole') && JSON.stringify(s.Resource).includes('DRSOrchestrationRole'));
    for (const s of st) expect(JSON.stringify(s.Resource)).toContain(':iam::*:role/drs/Recovery*');
    expect(() => appWith({ targetAccountRoleNames: '*' })).toThrow(/targetAccountRoleNames/);
  }, 60_000);

  it('calls Cognito on this user pool only, and describes the orchestrator only', () => {
    const [[poolId]] = ofType('AWS::Cognito::UserPool');
    const cognito = statements().filter((s) => asList(s.Action).some((a) => a.startsWith('cognito-idp:')));
    expect(cognito.length).toBeGreaterThan(0);
    for (const s of cognito) expect(s.Resource).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
    const describe = granting('states:DescribeStateMachine');
    expect(describe).toHaveLength(1);
    expect(JSON.stringify(describe[0].Resource)).toContain(`:stateMachine:${STATE_MACHINE.name(STAGE)}`);
  });

  it('gives every function a role of its own that writes to its own log group, with no managed policy', () => {
    for (const fn of Object.keys(LAMBDAS)) {
      const [, f] = fnOf(fn);
      const role = resources[f.Properties.Role['Fn::GetAtt'][0]];
      expect(role.Properties.ManagedPolicyArns, fn).toBeUndefined();
      const logs = own(fn).filter((s) => asList(s.Action).some((a) => a.startsWith('logs:')));
      expect(logs, fn).toHaveLength(1);
      expect(asList(logs[0].Action).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logs[0].Resource).toEqual({ 'Fn::GetAtt': [f.Properties.LoggingConfig.LogGroup.Ref, 'Arn'] });
    }
  });
});

describe('observability', () => {
  it('traces every function and every state machine with X-Ray; Powertools Metrics on, Tracer off without its layer', () => {
    for (const [, f] of ofType('AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'))) {
      expect(f.Properties.TracingConfig, f.Properties.FunctionName).toEqual({ Mode: 'Active' });
      expect(f.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe(`drs-orchestrator/${STAGE}`);
      expect(f.Properties.Environment.Variables.DRS_POWERTOOLS_TRACER).toBeUndefined();
      expect(f.Properties.Layers).toBeUndefined();
    }
    const machines = ofType('AWS::StepFunctions::StateMachine');
    expect(machines.length).toBe(3);
    for (const [id, m] of machines) expect(m.Properties.TracingConfiguration, id).toEqual({ Enabled: true });
  });

  it('turns Powertools Tracer on with the layer that provides it (context powertoolsTracerLayerArn)', () => {
    const layer = 'arn:aws:lambda:us-east-1:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:40';
    const r = Template.fromStack(appWith({ powertoolsTracerLayerArn: layer }).stack).toJSON().Resources as Record<string, Resource>;
    const fns = Object.values(r).filter((x) => x.Type === 'AWS::Lambda::Function' && String(x.Properties.FunctionName ?? '').includes(STAGE));
    expect(fns.length).toBe(Object.keys(LAMBDAS).length);
    for (const f of fns) {
      expect(f.Properties.Layers).toEqual([layer]);
      expect(f.Properties.Environment.Variables.DRS_POWERTOOLS_TRACER).toBe('1');
    }
  }, 60_000);

  it('alarms on orchestrator runs that fail, time out or abort, each function’s errors and throttles, AppSync and REST 5xx, to one encrypted topic', () => {
    const [[topicId, topic]] = ofType('AWS::SNS::Topic');
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const a of alarms) expect(a.AlarmActions, a.AlarmName).toEqual([{ Ref: topicId }]);
    const named = (suffix: string) => alarms.find((a) => a.AlarmName === `drs-orchestrator-${STAGE}-${suffix}`);
    const metricNames = (a: Cfn) => (a.Metrics ?? []).map((m: Cfn) => m.MetricStat?.Metric.MetricName).filter(Boolean).sort();
    expect(metricNames(named('Orchestrator'))).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
    for (const fn of Object.keys(LAMBDAS)) expect(metricNames(named(`Function-${fn}`)), fn).toEqual(['Errors', 'InternalErrors', 'Throttles']);
    expect(named('GraphqlApi5xx')).toMatchObject({ Namespace: 'AWS/AppSync', MetricName: '5XXError' });
    expect(named('RestApi5xx')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5XXError' });
    // Other constructs' alarms (the publisher's) notify the same topic, above.
    expect(alarms.filter((a) => String(a.AlarmName ?? '').startsWith(`drs-orchestrator-${STAGE}-`))).toHaveLength(Object.keys(LAMBDAS).length + 3);
  });
});
