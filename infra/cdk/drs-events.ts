// DRS's launch results reach the drs-events function (infra/api.ts DRS_EVENTS): a rule on this
// account's default bus for DRS here, and the orchestrator's own bus with the same rule for the target
// accounts that forward theirs (DrsEventForwarderStack). Which accounts may put events on that bus:
// context `drsEventAccounts` (comma-separated ids) and/or `drsEventOrgId` (an AWS Organizations id).
// Without either, only this account can; accounts that forward nothing are covered by the fallback poll.
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DRS_EVENTS } from '../api.ts';

export interface DrsEventsProps {
  readonly stage: string;
  readonly fn: lambda.IFunction;
}

const ACCOUNT = /^\d{12}$/;

/** The event pattern in CDK's spelling (the local stack uses DRS_EVENTS.pattern as is). */
export const drsLaunchPattern: events.EventPattern = { source: [...DRS_EVENTS.pattern.source], detailType: [...DRS_EVENTS.pattern['detail-type']] };

export class DrsEvents extends Construct {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: DrsEventsProps) {
    super(scope, id);
    const { stage, fn } = props;
    // A lost delivery costs at most one fallback poll; a stale one is ignored by the function.
    const target = () => new targets.LambdaFunction(fn, { retryAttempts: DRS_EVENTS.retryAttempts, maxEventAge: Duration.hours(1) });
    new events.Rule(this, 'Default', {
      ruleName: DRS_EVENTS.ruleName(stage, 'default'),
      description: 'DRS launch results in this account → drs-events',
      eventPattern: drsLaunchPattern,
      targets: [target()],
    });

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: DRS_EVENTS.busName(stage), description: 'DRS events forwarded by target accounts' });
    const accounts = String(this.node.tryGetContext('drsEventAccounts') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const bad = accounts.filter((a) => !ACCOUNT.test(a));
    if (bad.length) throw new Error(`drsEventAccounts: ${bad.join(', ')} is not a 12-digit account id`);
    if (accounts.length) {
      this.bus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'TargetAccountsForwardDrsEvents',
          principals: accounts.map((a) => new iam.AccountPrincipal(a)),
          actions: ['events:PutEvents'],
          resources: [this.bus.eventBusArn],
        }),
      );
    }
    const org = this.node.tryGetContext('drsEventOrgId') as string | undefined;
    if (org) {
      this.bus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'OrganizationForwardsDrsEvents',
          principals: [new iam.AnyPrincipal()],
          actions: ['events:PutEvents'],
          resources: [this.bus.eventBusArn],
          conditions: { StringEquals: { 'aws:PrincipalOrgID': org } },
        }),
      );
    }
    new events.Rule(this, 'Forwarded', {
      ruleName: DRS_EVENTS.ruleName(stage, 'forwarded'),
      description: 'DRS launch results forwarded by target accounts → drs-events',
      eventBus: this.bus,
      eventPattern: drsLaunchPattern,
      targets: [target()],
    });
  }
}
