// The orchestrator state machine: the one ASL definition (infra/orchestrator/state-machine.asl.json),
// the same file the local stack runs, with the orchestrator Lambda's ARN substituted.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LAMBDAS, STATE_MACHINE } from '../api.ts';
import { fromRoot } from './bundles.ts';
import { XRAY_REASON, acknowledge, arnOf, wildcard } from './nag.ts';
import type { FunctionKey } from './functions.ts';

export interface OrchestratorProps {
  readonly stage: string;
  readonly functions: Record<FunctionKey, lambda.Function>;
  readonly logRetention: logs.RetentionDays;
}

export class Orchestrator extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: OrchestratorProps) {
    super(scope, id);
    const substitutions = Object.fromEntries(
      Object.entries(STATE_MACHINE.substitutions).map(([key, fn]) => [key, props.functions[fn as FunctionKey].functionArn]),
    );
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: STATE_MACHINE.name(props.stage),
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(fromRoot(STATE_MACHINE.definitionFile)),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
        level: sfn.LogLevel.ERROR,
      },
    });
    for (const fn of new Set(Object.values(STATE_MACHINE.substitutions))) props.functions[fn as FunctionKey].grantInvoke(this.stateMachine);
    acknowledgeStateMachine(this.stateMachine, Object.values(STATE_MACHINE.substitutions).map((fn) => props.functions[fn as FunctionKey]));

    // Functions that start executions or answer task tokens. A separate policy (not the role's default
    // one, which the function depends on) keeps function → state machine → function free of cycles.
    for (const [fn, spec] of Object.entries(LAMBDAS) as [FunctionKey, (typeof LAMBDAS)[FunctionKey]][]) {
      const uses: readonly string[] = spec.stateMachine;
      if (!uses.length) continue;
      const f = props.functions[fn];
      const actions = [
        ...(uses.includes('start') ? ['states:StartExecution'] : []),
        ...(uses.includes('taskResponse') ? ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'] : []),
      ];
      new iam.Policy(this, `${fn}Access`, {
        roles: [f.role!],
        statements: [new iam.PolicyStatement({ actions, resources: [this.stateMachine.stateMachineArn] })],
      });
      if (uses.includes('start')) f.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    }
  }
}

/** cdk-nag findings every state machine here shares (infra/cdk/nag.ts), with the functions it invokes. */
export function acknowledgeStateMachine(machine: sfn.StateMachine, invokes: lambda.IFunction[]): void {
  acknowledge(machine, {
    'AwsSolutions-SF1':
      'Logs at ERROR level on purpose: a run ticks every poll interval for the length of a drill, and ALL would log each state of each tick; progress is recorded in the table, failures are logged and alarmed (infra/cdk/monitoring.ts)',
    [wildcard('*')]: `${XRAY_REASON}; CloudWatch Logs delivery (logs:CreateLogDelivery, …) takes no resource ARN either (CDK's grant for the state machine's log group)`,
    ...Object.fromEntries(invokes.map((f) => [wildcard(`${arnOf(f)}:*`), 'lambda:InvokeFunction on the versions and aliases of the one function it runs (CDK grantInvoke)'])),
  });
}
