// Spot capacity (seed 003): the provisioning state machine (the one ASL file the local stack runs too,
// with the spot function's ARN substituted), its schedule rule (created DISABLED: setSpotProvisioning
// enables it), the SSM parameter holding the on/off state, and the spot function's scoped grants.
// Context: spotRegions (comma-separated, cheapest-first order does not matter), spotInstanceType,
// spotLaunch (JSON: {"<region>": {"subnetId": "subnet-…", "imageId": "ami-…"}}; a region without a
// subnet launches into its default VPC, without an image the latest Amazon Linux 2023).
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PUBLIC_AMI_PARAMETER, SPOT_TAG } from '../../domain/spot/model.ts';
import { SPOT } from '../api.ts';
import { fromRoot } from './bundles.ts';
import { acknowledge, wildcard } from './nag.ts';
import { acknowledgeStateMachine } from './orchestrator.ts';

export interface SpotProps {
  readonly stage: string;
  readonly fn: lambda.Function;
  readonly logRetention: logs.RetentionDays;
}

const contextString = (scope: Construct, key: string): string | undefined => {
  const v: unknown = scope.node.tryGetContext(key);
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
};

export class Spot extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly rule: events.Rule;
  readonly parameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: SpotProps) {
    super(scope, id);
    const { stage, fn } = props;
    const stack = Stack.of(this);
    const launch = contextString(this, 'spotLaunch') ?? '{}';
    JSON.parse(launch); // fail at synth, not at run time, on a malformed spotLaunch

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: SPOT.name(stage),
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(fromRoot(SPOT.definitionFile)),
      definitionSubstitutions: { SpotFunctionArn: fn.functionArn },
      timeout: Duration.hours(1),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
        level: sfn.LogLevel.ERROR,
      },
    });
    fn.grantInvoke(this.stateMachine);
    acknowledgeStateMachine(this.stateMachine, [fn]);

    this.rule = new events.Rule(this, 'Schedule', {
      ruleName: SPOT.ruleName(stage),
      description: 'Starts the spot provisioning workflow while spot provisioning is enabled',
      schedule: events.Schedule.expression(SPOT.schedule),
      enabled: false,
      targets: [new targets.SfnStateMachine(this.stateMachine, { input: events.RuleTargetInput.fromObject(SPOT.ruleInput) })],
    });

    this.parameter = new ssm.StringParameter(this, 'State', {
      parameterName: SPOT.parameterName(stage),
      description: 'Spot provisioning on/off (setSpotProvisioning writes it)',
      stringValue: JSON.stringify({ enabled: false, updatedAt: '1970-01-01T00:00:00.000Z', updatedBy: 'deployment' }),
    });

    // Names, not references: the function's environment and grants would otherwise depend on the state
    // machine, whose definition depends on the function.
    const machineArn = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: SPOT.name(stage), arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const ruleArn = stack.formatArn({ service: 'events', resource: 'rule', resourceName: SPOT.ruleName(stage) });
    // The one parameter the function reads and writes (SPOT_PARAMETER), not the path under it.
    const parameterArn = stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: SPOT.parameterName(stage).slice(1) });
    const publicAmiArn = stack.formatArn({ service: 'ssm', region: '*', account: '', resource: 'parameter', resourceName: `${PUBLIC_AMI_PARAMETER.slice(1)}` });
    const access = new iam.Policy(this, 'FunctionAccess', {
      roles: [fn.role!],
      statements: [
        new iam.PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [parameterArn] }),
        new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [publicAmiArn] }),
        new iam.PolicyStatement({ actions: ['events:EnableRule', 'events:DisableRule'], resources: [ruleArn] }),
        new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [machineArn] }),
        // No resource-level permissions for the describe calls; RunInstances into whichever configured subnet.
        new iam.PolicyStatement({ actions: ['ec2:DescribeSpotPriceHistory', 'ec2:DescribeInstances', 'ec2:RunInstances'], resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['ec2:CreateTags'], resources: ['*'], conditions: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } } }),
        new iam.PolicyStatement({
          actions: ['ec2:TerminateInstances'],
          resources: ['*'],
          conditions: { StringEquals: { [`ec2:ResourceTag/${SPOT_TAG}`]: stage } },
        }),
      ],
    });

    acknowledge(access, {
      [wildcard('*')]:
        'ec2:DescribeSpotPriceHistory/DescribeInstances take no resource ARN; RunInstances launches into whichever configured subnet and image in any spot region (its CreateTags only as part of RunInstances); TerminateInstances only on instances tagged for this stage',
      [wildcard(`arn:<AWS::Partition>:ssm:*::parameter${PUBLIC_AMI_PARAMETER}`)]: "AWS's public Amazon Linux AMI parameter, read in whichever spot region launches (region *)",
    });

    fn.addEnvironment('SPOT_PARAMETER', SPOT.parameterName(stage));
    fn.addEnvironment('SPOT_RULE_NAME', SPOT.ruleName(stage));
    fn.addEnvironment('SPOT_STATE_MACHINE_ARN', machineArn);
    fn.addEnvironment('SPOT_REGIONS', contextString(this, 'spotRegions') ?? SPOT.defaultRegions.join(','));
    fn.addEnvironment('SPOT_INSTANCE_TYPE', contextString(this, 'spotInstanceType') ?? SPOT.defaultInstanceType);
    fn.addEnvironment('SPOT_LAUNCH', launch);
  }
}
