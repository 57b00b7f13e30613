// Health: the status of each dependency (the table, DRS, the orchestrator state machine) and the
// version. A dependency that is down makes the answer `degraded`; health itself never fails for it.
import { DescribeSourceServersCommand } from '@aws-sdk/client-drs';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { sfn } from '../../platform/aws/sfn.ts';
import { currentAccountId } from '../../platform/aws/sts.ts';
import { drs } from '../../domain/target-accounts/clients.ts';
import type { DependencyHealth, Health } from '../../platform/generated/graphql.ts';
import { STATE_MACHINE } from '../../infra/api.ts';
import pkg from '../../package.json' with { type: 'json' };

/** A health check answers within this, whatever a dependency does. */
const CHECK_TIMEOUT_MS = 3000;
/** An item nobody writes: reading it proves the table answers, with the read access the function has. */
const HEALTH_KEY = { pk: 'HEALTH', sk: 'HEALTH' };

type Check = (signal: AbortSignal) => Promise<string | null>;

async function probe(name: string, check: Check): Promise<DependencyHealth> {
  const started = performance.now();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // Aborts the SDK call, and answers even if a step of the check cannot be aborted.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error('timeout'));
    }, CHECK_TIMEOUT_MS);
  });
  try {
    const message = await Promise.race([check(abort.signal), timeout]);
    return { name, status: 'healthy', latencyMs: Math.round(performance.now() - started), message };
  } catch (e) {
    const err = e as Error;
    const message = abort.signal.aborted ? `No answer within ${CHECK_TIMEOUT_MS} ms` : `${err.name}: ${err.message}`;
    return { name, status: 'unhealthy', latencyMs: Math.round(performance.now() - started), message };
  } finally {
    clearTimeout(timer);
  }
}

const partition = (region: string) => (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');

/** The orchestrator: env STATE_MACHINE_ARN where the stack sets it, else its name in this account and region. */
async function stateMachineArn(): Promise<string | null> {
  if (process.env.STATE_MACHINE_ARN) return process.env.STATE_MACHINE_ARN;
  const region = process.env.AWS_REGION;
  const stage = process.env.STAGE;
  if (!region || !stage) return null;
  return `arn:${partition(region)}:states:${region}:${await currentAccountId()}:stateMachine:${STATE_MACHINE.name(stage)}`;
}

const checks: Record<string, Check> = {
  dynamodb: async (abortSignal) => {
    await ddb().send(new GetCommand({ TableName: tableName(), Key: HEALTH_KEY }), { abortSignal });
    return `table ${tableName()}`;
  },
  drs: async (abortSignal) => {
    const region = process.env.AWS_REGION ?? 'us-east-1';
    try {
      await drs(region).send(new DescribeSourceServersCommand({ filters: {}, maxResults: 1 }), { abortSignal });
      return `DRS answers in ${region}`;
    } catch (e) {
      // DRS answered: it is up, this region simply was never initialized (servers may live elsewhere).
      if ((e as Error).name === 'UninitializedAccountException') return `DRS answers in ${region} (not initialized there)`;
      throw e;
    }
  },
  stepfunctions: async (abortSignal) => {
    const arn = await stateMachineArn();
    if (!arn) throw new Error('The orchestrator state machine is not configured (STATE_MACHINE_ARN or STAGE)');
    const m = await sfn().send(new DescribeStateMachineCommand({ stateMachineArn: arn }), { abortSignal });
    if (m.status !== 'ACTIVE') throw new Error(`State machine ${m.name} is ${m.status}`);
    return `state machine ${m.name}`;
  },
};

export async function health(): Promise<Health> {
  const dependencies = await Promise.all(Object.entries(checks).map(([name, check]) => probe(name, check)));
  return {
    status: dependencies.every((d) => d.status === 'healthy') ? 'healthy' : 'degraded',
    version: pkg.version,
    timestamp: new Date().toISOString(),
    dependencies,
  };
}
