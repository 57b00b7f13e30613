// Deployed in each target account (and region) whose DRS the orchestrator drives: forwards DRS's
// launch results to the orchestrator's event bus, so its executions react the moment a launch ends.
//   npx cdk deploy -c forwardDrsEventsTo=<the orchestrator's DrsEventBusArn output> --profile <target account>
// The orchestrator's bus must allow the account (context drsEventAccounts or drsEventOrgId there).
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { DRS_EVENTS } from '../api.ts';
import { drsLaunchPattern } from './drs-events.ts';

export interface DrsEventForwarderProps extends StackProps {
  readonly stage: string;
  /** The orchestrator's bus (stack output DrsEventBusArn). */
  readonly orchestratorBusArn: string;
}

const BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._\-/]+$/;

export const forwarderStackName = (stage: string) => `drs-orchestrator-drs-event-forwarder-${stage}`;

export class DrsEventForwarderStack extends Stack {
  constructor(scope: Construct, id: string, props: DrsEventForwarderProps) {
    const { stage, orchestratorBusArn, ...rest } = props;
    if (!BUS_ARN.test(orchestratorBusArn)) throw new Error(`forwardDrsEventsTo must be an event bus ARN, not "${orchestratorBusArn}"`);
    super(scope, id, { stackName: forwarderStackName(stage), description: `drs-orchestrator (${stage}): forwards DRS launch results to the orchestrator's event bus`, ...rest });
    const bus = events.EventBus.fromEventBusArn(this, 'OrchestratorBus', orchestratorBusArn);
    // Cross-account bus targets need a role EventBridge assumes; CDK creates it with events:PutEvents on that bus.
    new events.Rule(this, 'Forward', {
      ruleName: DRS_EVENTS.ruleName(stage, 'forwarded'),
      description: "DRS launch results → the orchestrator's event bus",
      eventPattern: drsLaunchPattern,
      targets: [new targets.EventBus(bus)],
    });
  }
}
