// Executions in the single table, shared by the executions API and the orchestrator.
// The orchestrator owns `waves` (a DRS event only marks one server final: markServer); status moves only through conditional
// transitions, so an API request (cancel, pause, resume) and a poll cycle can never undo each other.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws.ts';
import { AppError } from '../../platform/errors.ts';
import { ACTIVE_EXEC_LIST, EXEC_LIST, execKey, execListSk, groupActiveLock, planExecList } from './keys.ts';
import { planActiveLock } from '../recovery-plans/keys.ts';
import { conditionFailed, lockDelete, lockPut, transact, type TxItem } from '../../platform/tx.ts';
import { FINAL_SERVER } from './progress.ts';
import type { Execution, ExecutionStatus } from '../../platform/generated/graphql.ts';
import { ACTIVE, type StoredExecution, type StoredWave } from './model.ts';
import { measureRto } from './progress.ts';
import { expiryOnFinish } from './ttl-finish.ts';

export { ACTIVE, TERMINAL, isTerminal, type StoredExecution, type StoredWave } from './model.ts';

const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity'];
export function fromItem(item: Record<string, unknown>): StoredExecution {
  const e = { ...item };
  for (const k of KEY_ATTRS) delete e[k];
  return e as unknown as StoredExecution;
}

export async function getExecution(id: string): Promise<StoredExecution | null> {
  const r = await ddb().send(new GetCommand({ TableName: tableName(), Key: execKey(id), ConsistentRead: true }));
  return r.Item ? fromItem(r.Item) : null;
}

export async function mustGetExecution(id: string): Promise<StoredExecution> {
  const e = await getExecution(id);
  if (!e) throw new AppError('EXECUTION_NOT_FOUND', `Execution with ID ${id} not found`, { id });
  return e;
}

/** The API view of a stored execution (internal bookkeeping stays out). */
export function publicExecution(e: StoredExecution): Execution {
  const { groupIds: _g, resumedWaves: _r, pausedAt: _pa, pauses: _ps, taskToken: _t, sfnExecutionArn: _s, terminationJobs: _j, wake: _w, wokenFor: _f, progressVersion: _p, baseline: _b, ...rest } = e;
  return {
    ...rest,
    rtoSeconds: e.rtoSeconds ?? null,
    forced: e.forced ?? null,
    readinessOverride: e.readinessOverride ?? null,
    drillTtlMinutes: e.drillTtlMinutes ?? null,
    expiresAt: e.expiresAt ?? null,
    cleanup: e.cleanup ?? null,
    scheduleId: e.scheduleId ?? null,
    waves: e.waves.map(({ region: _region, accountId: _account, ...w }) => ({
      ...w,
      durationSeconds: w.durationSeconds ?? null,
      servers: w.servers.map((s) => ({ ...s, launchDurationSeconds: s.launchDurationSeconds ?? null })),
    })),
  };
}

/**
 * Creates the execution together with its locks: one active execution per plan, and each group's
 * servers in one active execution. Either everything is written or nothing.
 */
export async function insertExecution(e: StoredExecution): Promise<void> {
  const items: TxItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...execKey(e.id),
          entity: 'Execution',
          gsi1pk: EXEC_LIST,
          gsi1sk: execListSk(e.startTime, e.id),
          gsi2pk: planExecList(e.recoveryPlanId),
          gsi2sk: execListSk(e.startTime, e.id),
          ...e,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    // Listed while it exists (finish deletes it): the active executions without a scan (active.ts).
    lockPut(planActiveLock(e.recoveryPlanId), { executionId: e.id, planId: e.recoveryPlanId, gsi1pk: ACTIVE_EXEC_LIST, gsi1sk: execListSk(e.startTime, e.id) }),
    ...e.groupIds.map((g) => lockPut(groupActiveLock(g), { executionId: e.id, planId: e.recoveryPlanId, groupId: g })),
  ];
  await transact(items, async (reasons) => {
    const holder = (i: number) => (reasons[i]?.Item?.executionId as { S?: string } | undefined)?.S;
    if (reasons[1]?.Code === 'ConditionalCheckFailed') {
      throw new AppError('PLAN_ALREADY_EXECUTING', 'This Recovery Plan already has an execution in progress', {
        recoveryPlanId: e.recoveryPlanId,
        activeExecutionId: holder(1),
      });
    }
    const taken = e.groupIds.map((g, i) => ({ g, i: i + 2 })).filter(({ i }) => reasons[i]?.Code === 'ConditionalCheckFailed');
    if (taken.length) {
      const servers = e.waves.filter((w) => taken.some((t) => t.g === w.protectionGroupId)).flatMap((w) => w.servers.map((s) => s.sourceServerId));
      throw new AppError('SERVER_CONFLICT', `${servers.length} server(s) are already in active executions`, {
        conflictingGroups: taken.map(({ g, i }) => ({ protectionGroupId: g, activeExecutionId: holder(i) })),
        serverIds: servers,
      });
    }
    throw new AppError('INTERNAL_ERROR', `Start failed: ${reasons.map((r) => r.Code).join(',')}`);
  });
}

/**
 * The orchestrator's write of wave and server progress. It owns `waves`; the one other writer is a DRS
 * launch event marking a single server final (markServer), which bumps `progressVersion`. The write
 * is conditioned on the version the tick read: when an event marked a server meanwhile, its final
 * status is merged in (a server never goes back from final) and the write is tried again.
 */
export async function saveProgress(id: string, waves: StoredWave[], currentWave: number | null, version?: number): Promise<void> {
  let expected = version;
  for (let attempt = 0; ; attempt++) {
    try {
      await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: execKey(id),
          UpdateExpression: 'SET waves = :w, currentWave = :c, progressVersion = :next',
          ConditionExpression: expected === undefined ? 'attribute_exists(pk) AND attribute_not_exists(progressVersion)' : 'progressVersion = :v',
          ExpressionAttributeValues: { ':w': waves, ':c': currentWave, ':next': (expected ?? 0) + 1, ...(expected === undefined ? {} : { ':v': expected }) },
        }),
      );
      return;
    } catch (e) {
      const fresh = conditionFailed(e) && attempt < 5 ? await getExecution(id) : null;
      if (!fresh) throw e;
      mergeFinalServers(waves, fresh.waves);
      expected = fresh.progressVersion;
    }
  }
}

/** Servers `fresh` has final and `waves` does not take fresh's outcome (what an event marked). */
export function mergeFinalServers(waves: StoredWave[], fresh: readonly StoredWave[]): void {
  for (const w of waves) {
    const other = fresh.find((x) => x.waveNumber === w.waveNumber);
    for (const s of w.servers) {
      const o = other?.servers.find((x) => x.sourceServerId === s.sourceServerId && x.jobId === s.jobId);
      if (o && FINAL_SERVER.includes(o.launchStatus) && !FINAL_SERVER.includes(s.launchStatus)) {
        Object.assign(s, { launchStatus: o.launchStatus, endTime: o.endTime, launchDurationSeconds: o.launchDurationSeconds ?? null });
      }
    }
  }
}

/**
 * A DRS launch event's result written onto its one server while the wave still runs, so subscribers
 * see each server launch when DRS says so, not when the wave settles. Only if that server is still in
 * the job the event names and not final yet; false when it was not (the orchestrator applies the
 * recorded result at its next tick anyway).
 */
export async function markServer(
  id: string,
  at: { wave: number; server: number },
  r: { sourceServerId: string; jobId: string; launchStatus: string; time: string; launchDurationSeconds: number | null },
): Promise<boolean> {
  const path = `waves[${at.wave}].servers[${at.server}]`;
  const finals = FINAL_SERVER.map((f, i) => [`:f${i}`, f] as const);
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(id),
        UpdateExpression: `SET ${path}.launchStatus = :s, ${path}.endTime = :t, ${path}.launchDurationSeconds = :d, progressVersion = if_not_exists(progressVersion, :zero) + :one`,
        ConditionExpression: `${path}.sourceServerId = :sid AND ${path}.jobId = :job AND NOT (${path}.launchStatus IN (${finals.map(([k]) => k).join(', ')}))`,
        ExpressionAttributeValues: { ':s': r.launchStatus, ':t': r.time, ':d': r.launchDurationSeconds, ':sid': r.sourceServerId, ':job': r.jobId, ':zero': 0, ':one': 1, ...Object.fromEntries(finals) },
      }),
    );
    return true;
  } catch (e) {
    if (conditionFailed(e)) return false;
    throw e;
  }
}

/**
 * Moves status from one of `from` to `to` (plus extra attributes); false when the stored status was
 * not in `from` (someone else moved it first).
 */
export async function transition(
  id: string,
  from: readonly ExecutionStatus[],
  to: ExecutionStatus,
  set: Record<string, unknown> = {},
  remove: string[] = [],
): Promise<StoredExecution | null> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':to': to };
  const sets = ['#status = :to'];
  Object.entries(set).forEach(([k, v], i) => {
    names[`#a${i}`] = k;
    values[`:a${i}`] = v;
    sets.push(`#a${i} = :a${i}`);
  });
  from.forEach((s, i) => (values[`:f${i}`] = s));
  try {
    const r = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(id),
        UpdateExpression: `SET ${sets.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: `#status IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(r.Attributes!);
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return null;
    throw e;
  }
}

/** Ends an execution: final status and its lock releases in one transaction. */
export async function finish(e: StoredExecution, status: ExecutionStatus, errorMessage: string | null): Promise<boolean> {
  const endTime = new Date().toISOString();
  const from = ACTIVE.map((s, i) => [`:f${i}`, s] as const);
  // Measured RTO (issue 13): the start to the last wave settling, from the waves this final tick saw.
  const rtoSeconds = measureRto(e.startTime, e.waves);
  // Drill TTL (drill-ttl.ts): expiresAt and its sweep-index entry commit with the end.
  const ttl = expiryOnFinish(e, endTime);
  const items: TxItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: execKey(e.id),
        UpdateExpression: `SET #status = :s, endTime = :t, errorMessage = :m, rtoSeconds = :rto${ttl.set} REMOVE taskToken`,
        ConditionExpression: `#status IN (${from.map(([k]) => k).join(', ')})${ttl.condition}`,
        ExpressionAttributeNames: { '#status': 'status', ...ttl.names },
        ExpressionAttributeValues: { ':s': status, ':t': endTime, ':m': errorMessage, ':rto': rtoSeconds, ...Object.fromEntries(from), ...ttl.values },
      },
    },
    lockDelete(planActiveLock(e.recoveryPlanId), 'executionId', e.id),
    ...e.groupIds.map((g) => lockDelete(groupActiveLock(g), 'executionId', e.id)),
    ...ttl.items,
  ];
  // False when the status had already left the active set: someone else ended it first.
  const done = await transact(items, async () => {});
  // Drill TTL: a setDrillTtl changed the TTL since `e` was read; end it with the stored one.
  if (!done) {
    const retimed = await ttlChangedMeanwhile(e);
    if (retimed) return finish(retimed, status, errorMessage);
  }
  return done;
}

/** After a refused `finish`: the execution as stored if it is still active and its TTL changed meanwhile. */
async function ttlChangedMeanwhile(e: StoredExecution): Promise<StoredExecution | null> {
  const now = await getExecution(e.id);
  if (!now || !ACTIVE.includes(now.status)) return null;
  return (now.drillTtlMinutes ?? null) !== (e.drillTtlMinutes ?? null) ? { ...e, drillTtlMinutes: now.drillTtlMinutes ?? null } : null;
}
