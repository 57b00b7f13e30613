// The drill TTL sweep: every drill whose expiresAt ≤ now (the sweep index, ttl-finish.ts) gets its
// recovery instances terminated through DRS — only those it launched — and records it in `cleanup`.
// A sweep claims a drill with a conditional write (cleanup absent → PENDING), so two sweeps never
// both terminate; a later sweep sees the termination through and marks it COMPLETED or FAILED, and
// only then the index entry goes. The execution's writes publish themselves (the table's stream).
import { Logger } from '@aws-lambda-powertools/logger';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws.ts';
import { AppError } from '../../platform/errors.ts';
import { transact } from '../../platform/tx.ts';
import { execKey } from './keys.ts';
import { getExecution, type StoredExecution } from './store.ts';
import { indexDelete } from './ttl-finish.ts';
import { TTL_INDEX_PK, ttlIndexUpTo } from './ttl-rules.ts';
import { instancesByScope, remainingInstances, requestTermination, terminationJobsEnded, type Scope } from './termination.ts';

const logger = new Logger({ serviceName: 'drill-sweeper' });

type Cleanup = NonNullable<StoredExecution['cleanup']>;
export type CleanupStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'NOTHING_TO_DO';

/** Drills looked at per sweep; the rest wait for the next one (a sweep stays well inside its timeout). */
export const SWEEP_BATCH = 50;
/** A claim whose sweep died before asking DRS anything is taken over after this long. */
export const STALE_CLAIM_MS = 15 * 60_000;

export interface SweepEntry {
  executionId: string;
  expiresAt: string;
  /** What this sweep did: claimed and asked DRS, finished a cleanup, saw another sweep's claim, or nothing yet. */
  outcome: 'terminating' | CleanupStatus | 'claimed-elsewhere' | 'waiting' | 'gone';
  terminatedInstanceIds?: string[];
}

export interface SweepResult {
  now: string;
  expired: number;
  entries: SweepEntry[];
}

/** One sweep "as of" `now` (the scheduled event's time). */
export async function sweep(now: Date): Promise<SweepResult> {
  const at = now.toISOString();
  const r = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk <= :upTo',
      ExpressionAttributeValues: { ':pk': TTL_INDEX_PK, ':upTo': ttlIndexUpTo(at) },
      Limit: SWEEP_BATCH,
      ConsistentRead: true,
    }),
  );
  const entries: SweepEntry[] = [];
  for (const item of r.Items ?? []) {
    const executionId = item.executionId as string;
    const expiresAt = item.expiresAt as string;
    try {
      entries.push({ executionId, expiresAt, ...(await sweepOne(executionId, expiresAt, at)) });
    } catch (err) {
      // One drill's trouble (DynamoDB, a bug) must not stop the others; the next sweep tries again.
      logger.error('sweep of a drill failed', { executionId, error: err as Error });
      entries.push({ executionId, expiresAt, outcome: 'waiting' });
    }
  }
  return { now: at, expired: entries.length, entries };
}

async function sweepOne(id: string, expiresAt: string, at: string): Promise<Omit<SweepEntry, 'executionId' | 'expiresAt'>> {
  const e = await getExecution(id);
  // Deleted (deleteExecutions), or retimed by setDrillTtl since the index was read: this entry is stale.
  if (!e || e.expiresAt !== expiresAt) {
    if (!e) await transact([indexDelete(expiresAt, id)], async () => {});
    return { outcome: 'gone' };
  }
  if (!e.cleanup) {
    const claimed = await claim(e, at, null);
    return claimed ? terminate(claimed, at) : { outcome: 'claimed-elsewhere' };
  }
  if (e.cleanup.status !== 'PENDING') {
    // Ended but the index entry is still there (a crash between the two): drop it now.
    await transact([indexDelete(expiresAt, id)], async () => {});
    return { outcome: e.cleanup.status as CleanupStatus };
  }
  if (!e.cleanup.jobIds.length) {
    // A claim whose sweep died before DRS had anything to do: taken over once stale.
    if (Date.parse(at) - Date.parse(e.cleanup.requestedAt) < STALE_CLAIM_MS) return { outcome: 'claimed-elsewhere' };
    const claimed = await claim(e, at, e.cleanup.requestedAt);
    return claimed ? terminate(claimed, at) : { outcome: 'claimed-elsewhere' };
  }
  return check(e, at);
}

/** cleanup absent (or the stale claim `staleRequestedAt`) → PENDING, requested now; null if another sweep moved first. */
async function claim(e: StoredExecution, at: string, staleRequestedAt: string | null): Promise<StoredExecution | null> {
  const cleanup: Cleanup = { status: 'PENDING', requestedAt: at, completedAt: null, terminatedInstanceIds: [], jobIds: [], errorMessage: null };
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(e.id),
        UpdateExpression: 'SET cleanup = :c',
        ConditionExpression: `expiresAt = :exp AND ${staleRequestedAt ? 'cleanup.requestedAt = :stale AND size(cleanup.jobIds) = :zero' : 'attribute_not_exists(cleanup)'}`,
        ExpressionAttributeValues: { ':c': cleanup, ':exp': e.expiresAt, ...(staleRequestedAt ? { ':stale': staleRequestedAt, ':zero': 0 } : {}) },
      }),
    );
    return { ...e, cleanup };
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return null;
    throw err;
  }
}

/** The claimed drill's instances that DRS still holds, terminated; nothing left → NOTHING_TO_DO. */
async function terminate(e: StoredExecution, at: string): Promise<Omit<SweepEntry, 'executionId' | 'expiresAt'>> {
  const scopes = [...instancesByScope(e).values()];
  let jobs: Awaited<ReturnType<typeof requestTermination>>['jobs'];
  let ids: string[];
  try {
    // Instances the user already terminated (terminateRecoveryInstances, the console) are no error: skipped.
    const remaining = await remainingInstances(scopes);
    const live: Scope[] = scopes.map((s) => ({ ...s, instances: s.instances.filter((x) => remaining.has(x.instanceId)) })).filter((s) => s.instances.length);
    if (!live.length) {
      await end(e, { status: 'NOTHING_TO_DO', completedAt: at });
      return { outcome: 'NOTHING_TO_DO', terminatedInstanceIds: [] };
    }
    ({ jobs } = await requestTermination(e.id, live));
    ids = live.flatMap((s) => s.instances.map((x) => x.instanceId));
  } catch (err) {
    if (transient(err)) {
      // DRS busy (another job holds an instance, throttling, its job quota): the next sweep tries again.
      logger.warn('DRS could not terminate a drill\'s recovery instances yet', { executionId: e.id, error: err as Error });
      await release(e);
      return { outcome: 'waiting' };
    }
    logger.error('DRS refused to terminate a drill\'s recovery instances', { executionId: e.id, error: err as Error });
    const errorMessage = plainReason(err);
    await end(e, { status: 'FAILED', completedAt: at, errorMessage });
    return { outcome: 'FAILED' };
  }
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: execKey(e.id),
      UpdateExpression: 'SET cleanup.terminatedInstanceIds = :ids, cleanup.jobIds = :jobs',
      ConditionExpression: 'cleanup.#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':ids': ids, ':jobs': jobs.map((j) => j.jobId), ':pending': 'PENDING' },
    }),
  );
  return { outcome: 'terminating', terminatedInstanceIds: ids };
}

/** A PENDING cleanup whose jobs were asked for: COMPLETED once DRS holds none of its instances. */
async function check(e: StoredExecution, at: string): Promise<Omit<SweepEntry, 'executionId' | 'expiresAt'>> {
  const cleanup = e.cleanup!;
  const asked = new Set(cleanup.terminatedInstanceIds);
  const scopes = [...instancesByScope(e).values()].map((s) => ({ ...s, instances: s.instances.filter((x) => asked.has(x.instanceId)) })).filter((s) => s.instances.length);
  const jobs = (e.terminationJobs ?? []).filter((j) => cleanup.jobIds.includes(j.jobId));
  try {
    const remaining = await remainingInstances(scopes);
    if (!remaining.size) {
      await end(e, { status: 'COMPLETED', completedAt: at });
      return { outcome: 'COMPLETED', terminatedInstanceIds: cleanup.terminatedInstanceIds };
    }
    if (!(await terminationJobsEnded(jobs))) return { outcome: 'waiting' };
    const left = [...remaining].sort();
    await end(e, { status: 'FAILED', completedAt: at, errorMessage: `DRS ended its termination jobs but ${left.length} recovery instance(s) remain: ${left.join(', ')}` });
    return { outcome: 'FAILED' };
  } catch (err) {
    // DRS unreachable or refusing for now: the next sweep looks again.
    logger.warn('could not check a drill cleanup', { executionId: e.id, error: err as Error });
    return { outcome: 'waiting' };
  }
}

const TRANSIENT = ['ConflictException', 'ThrottlingException', 'ServiceQuotaExceededException', 'InternalServerException'];
const transient = (err: unknown) => TRANSIENT.includes((err as Error | undefined)?.name ?? '');

/** Gives a claim back (DRS asked nothing of yet): the drill is as before the sweep, for the next one. */
async function release(e: StoredExecution): Promise<void> {
  await ddb()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(e.id),
        UpdateExpression: 'REMOVE cleanup',
        ConditionExpression: 'cleanup.requestedAt = :mine AND size(cleanup.jobIds) = :zero',
        ExpressionAttributeValues: { ':mine': e.cleanup!.requestedAt, ':zero': 0 },
      }),
    )
    .catch((err) => {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    });
}

/** The cleanup's final state and the index entry's removal, in one transaction (only from PENDING). */
async function end(e: StoredExecution, final: { status: Exclude<CleanupStatus, 'PENDING'>; completedAt: string; errorMessage?: string }): Promise<void> {
  const cleanup: Cleanup = { ...e.cleanup!, status: final.status, completedAt: final.completedAt, errorMessage: final.errorMessage ?? null };
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: execKey(e.id),
          UpdateExpression: 'SET cleanup = :c',
          ConditionExpression: 'cleanup.#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':c': cleanup, ':pending': 'PENDING' },
        },
      },
      indexDelete(e.expiresAt!, e.id),
    ],
    async () => {},
  );
}

/** What the execution records when DRS refuses: a plain reason, never the SDK's text (that goes to the log). */
export function plainReason(err: unknown): string {
  if (err instanceof AppError) return err.message;
  const name = (err as Error | undefined)?.name ?? '';
  if (name === 'AccessDeniedException' || name === 'AccessDenied') return 'The orchestrator may not terminate recovery instances in that account or region';
  if (name === 'ConflictException') return 'A recovery instance of this drill is part of another active DRS job; terminate it once that job ends';
  if (name === 'ResourceNotFoundException') return 'DRS no longer knows a recovery instance of this drill';
  if (name === 'ServiceQuotaExceededException' || name === 'ThrottlingException') return 'DRS is at its job limits; terminate the instances later';
  return 'DRS could not terminate the recovery instances';
}
