// Spot capacity on the local stack: the provisioning state machine (the ASL CDK deploys), the parts CDK
// creates (the SSM parameter, the DISABLED schedule rule targeting the state machine), the spot
// function's configuration (the fixture's subnets where a region has no default VPC), and the
// scheduler EventBridge would be: the local EventBridge stores rules but fires nothing, so every
// ENABLED `rate(...)` rule whose target is a state machine starts it (a Lambda function: invokes it,
// as the drill sweeper's rule does) once per period divided by SIM_SPEED (the first time one period
// after it was enabled, as in AWS). Cron rules are not fired.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SPOT, functionName } from '../api.ts';
import type { EventRule } from './aws/index.ts';
import { scheduledEvent } from './drill-sweeper.ts';
import { type LocalSfn, substituteDefinition } from './sfn/index.ts';

/** Where the fixture estate has no default VPC, the spot launch goes to its DR subnet. */
const FIXTURE_SUBNETS: Record<string, string> = { 'us-east-1': 'DR-Private-1a', 'us-west-2': 'DR-Private-2b' };
/** Any well-formed id launches on the emulator (it models no AMIs); AWS uses the public AL2023 parameter. */
const LOCAL_AMI = 'ami-0a1b2c3d4e5f60718';

export function registerSpotMachine(sfn: LocalSfn, root: string, region: string, accountId: string, stage: string): string {
  const definition = readFileSync(join(root, SPOT.definitionFile), 'utf8');
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${functionName(SPOT.substitutions.SpotFunctionArn, stage)}`;
  return sfn.register(SPOT.name(stage), substituteDefinition(definition, { SpotFunctionArn: arn }));
}

export interface LocalSpotOptions {
  awsUrl: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  stage: string;
  stateMachineArn: string;
}

/** Creates what CDK creates and answers the spot function's environment. */
export async function setUpLocalSpot(o: LocalSpotOptions): Promise<Record<string, string>> {
  const client = { endpoint: o.awsUrl, credentials: o.credentials };
  const ssm = new SSMClient({ ...client, region: o.region });
  const events = new EventBridgeClient({ ...client, region: o.region });
  try {
    await ssm.send(
      new PutParameterCommand({
        Name: SPOT.parameterName(o.stage),
        Type: 'String',
        Overwrite: true,
        Value: JSON.stringify({ enabled: false, updatedAt: new Date().toISOString(), updatedBy: 'deployment' }),
      }),
    );
    await events.send(new PutRuleCommand({ Name: SPOT.ruleName(o.stage), ScheduleExpression: SPOT.schedule, State: 'DISABLED' }));
    await events.send(new PutTargetsCommand({ Rule: SPOT.ruleName(o.stage), Targets: [{ Id: 'spot-workflow', Arn: o.stateMachineArn, Input: JSON.stringify(SPOT.ruleInput) }] }));
  } finally {
    ssm.destroy();
    events.destroy();
  }
  const regions = process.env.SPOT_REGIONS ? process.env.SPOT_REGIONS.split(',').map((r) => r.trim()) : [...SPOT.defaultRegions];
  const launch: Record<string, { subnetId?: string; imageId: string }> = {};
  for (const region of regions) {
    launch[region] = { imageId: LOCAL_AMI };
    const name = FIXTURE_SUBNETS[region];
    if (!name) continue;
    const ec2 = new EC2Client({ ...client, region });
    const subnet = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }] }))).Subnets?.[0];
    ec2.destroy();
    if (subnet?.SubnetId) launch[region].subnetId = subnet.SubnetId;
  }
  return {
    SPOT_PARAMETER: SPOT.parameterName(o.stage),
    SPOT_RULE_NAME: SPOT.ruleName(o.stage),
    SPOT_STATE_MACHINE_ARN: o.stateMachineArn,
    SPOT_REGIONS: regions.join(','),
    SPOT_INSTANCE_TYPE: process.env.SPOT_INSTANCE_TYPE ?? SPOT.defaultInstanceType,
    SPOT_LAUNCH: JSON.stringify(launch),
  };
}

export interface SchedulerOptions {
  rules: () => EventRule[];
  sfn: Pick<LocalSfn, 'handle'>;
  simSpeed: number;
  log: (line: string) => void;
  /** Shortest period, whatever SIM_SPEED says (default 1 s). */
  minPeriodMs?: number;
  /** Lambda targets (the drill sweeper's rule): invoked with the Scheduled Event, as EventBridge does. */
  invoke?: (functionArn: string, event: unknown) => Promise<unknown>;
}

/** Fires ENABLED rate rules at state-machine and Lambda targets; answers the function that stops it. */
export function startLocalScheduler(o: SchedulerOptions): () => Promise<void> {
  const next = new Map<string, number>();
  const warned = new Set<string>();
  const tick = () => {
    const now = Date.now();
    const enabled = o.rules().filter((r) => r.state === 'ENABLED' && r.schedule);
    for (const arn of next.keys()) if (!enabled.some((r) => r.arn === arn)) next.delete(arn);
    for (const rule of enabled) {
      if (rule.schedule?.kind !== 'rate') {
        if (!warned.has(rule.arn)) o.log(`scheduler: ${rule.name}: only rate(...) schedules fire locally`);
        warned.add(rule.arn);
        continue;
      }
      const period = Math.max(rule.schedule.periodMs / o.simSpeed, o.minPeriodMs ?? 1000);
      const due = next.get(rule.arn);
      if (due === undefined) {
        next.set(rule.arn, now + period);
        continue;
      }
      if (now < due) continue;
      next.set(rule.arn, now + period);
      for (const t of rule.targets.filter((x) => x.arn.includes(':states:'))) {
        const input = t.input ?? JSON.stringify({ source: 'aws.events', 'detail-type': 'Scheduled Event', resources: [rule.arn], time: new Date(now).toISOString(), detail: {} });
        void o.sfn.handle('StartExecution', { stateMachineArn: t.arn, input }).then(
          (a) => a.status >= 400 && o.log(`scheduler: ${rule.name}: StartExecution answered ${a.status}`),
          (e: Error) => o.log(`scheduler: ${rule.name}: ${e.message}`),
        );
      }
      const invoke = o.invoke;
      if (!invoke) continue;
      for (const t of rule.targets.filter((x) => x.arn.includes(':lambda:'))) {
        const event = t.input ? JSON.parse(t.input) : scheduledEvent(rule.arn, new Date(now), rule.accountId, rule.region);
        void invoke(t.arn, event).catch((e: Error) => o.log(`scheduler: ${rule.name}: ${e.message}`));
      }
    }
  };
  const timer = setInterval(tick, 200);
  timer.unref();
  return async () => clearInterval(timer);
}
