// What DRS's launch events told about an execution's servers, kept beside the execution item (its
// partition) rather than in it: the orchestrator owns `waves`, and a tick applies these
// results when it runs. Also the lookup a DRS event needs, since it names a server and a job, never
// the execution: written before StartRecovery, so no event can arrive before it.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws.ts';
import { getAll, writeAll } from '../../platform/batch.ts';
import { conditionFailed } from '../../platform/tx.ts';
import { RESULT_PREFIX, execKey, resultKey, serverRunKey } from './keys.ts';
import { fromItem, type StoredExecution } from './store.ts';

/** A server's launch as one DRS event reported it. */
export interface LaunchResult {
  sourceServerId: string;
  jobId: string;
  launchStatus: 'LAUNCHED' | 'FAILED';
  /** When DRS says it happened. */
  time: string;
}

/** Which execution and wave a server is launching for. */
export interface ServerRun {
  executionId: string;
  waveNumber: number;
  region: string;
  accountId: string | null;
  /** When the orchestrator was about to start the server: its intent, recorded before StartRecovery. */
  intentAt?: string;
}

/** Results and lookups outlive a run by a month, then DynamoDB's TTL removes them. */
const ttl = () => Math.floor(Date.now() / 1000) + 30 * 24 * 3600;

/** Records the servers about to be started. */
export async function recordServerRuns(runs: Array<ServerRun & { sourceServerId: string }>): Promise<void> {
  const intentAt = new Date().toISOString();
  await writeAll(
    runs.map(({ sourceServerId, ...run }) => ({ PutRequest: { Item: { ...serverRunKey(run.region, sourceServerId), entity: 'ServerRun', sourceServerId, intentAt, ...run, ttl: ttl() } } })),
  );
}

const runOf = (item: Record<string, unknown>): ServerRun => ({
  executionId: item.executionId as string,
  waveNumber: item.waveNumber as number,
  region: item.region as string,
  accountId: (item.accountId as string | null | undefined) ?? null,
  intentAt: item.intentAt as string | undefined,
});

/** The recorded runs of these servers, by server. */
export async function serverRuns(region: string, ids: readonly string[]): Promise<Map<string, ServerRun>> {
  const items = await getAll(ids.map((id) => serverRunKey(region, id)));
  return new Map(items.map((item) => [item.sourceServerId as string, runOf(item)]));
}

export async function serverRun(region: string, sourceServerId: string): Promise<ServerRun | null> {
  const r = await ddb().send(new GetCommand({ TableName: tableName(), Key: serverRunKey(region, sourceServerId) }));
  return r.Item ? runOf(r.Item) : null;
}

/** Keeps one event's result; false when the same server and job already had one (a duplicate). */
export async function recordResult(executionId: string, result: LaunchResult): Promise<boolean> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...resultKey(executionId, result.sourceServerId, result.jobId), entity: 'LaunchResult', ...result, ttl: ttl() },
        ConditionExpression: 'attribute_not_exists(sk)',
      }),
    );
    return true;
  } catch (e) {
    if (conditionFailed(e)) return false;
    throw e;
  }
}

/** The execution and every launch result recorded for it, in one consistent read of its partition. */
export async function readWithResults(executionId: string): Promise<{ execution: StoredExecution | null; results: LaunchResult[] }> {
  let execution: StoredExecution | null = null;
  const results: LaunchResult[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': execKey(executionId).pk },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of r.Items ?? []) {
      if (item.sk === 'EXEC') execution = fromItem(item);
      else if (String(item.sk).startsWith(RESULT_PREFIX)) {
        results.push({ sourceServerId: item.sourceServerId, jobId: item.jobId, launchStatus: item.launchStatus, time: item.time });
      }
    }
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { execution, results };
}
