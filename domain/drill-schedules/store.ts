// Drill schedules in the single table: the schedule item (listed on gsi1 overall and gsi2 per plan), the
// plan's schedule counter that keeps a plan with schedules from being deleted, and one claim item per
// firing that dedupes Scheduler's at-least-once delivery.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { AppError } from '../../platform/errors.ts';
import { queryAllListed } from '../../platform/query.ts';
import { conditionFailed, transact, type TxItem } from '../../platform/tx.ts';
import type { ScheduleRun } from '../../platform/generated/graphql.ts';
import { planKey } from '../recovery-plans/keys.ts';
import type { StoredBlackoutWindow } from './blackout.ts';
import { SCHEDULE_LIST, planSchedulesCounter, planSchedulesList, runKey, scheduleKey } from './keys.ts';

/** Runs kept on the schedule (recentRuns, newest first). */
export const RECENT_RUNS = 20;
/** Claim items expire after this (DynamoDB TTL): Scheduler's redeliveries come within hours. */
const CLAIM_TTL_SECONDS = 30 * 24 * 3600;

export interface StoredSchedule {
  id: string;
  version: number;
  recoveryPlanId: string;
  expression: string;
  timezone: string;
  enabled: boolean;
  blackoutWindows: StoredBlackoutWindow[];
  drillTtlMinutes: number | null;
  nextRunTime: string | null;
  recentRuns: ScheduleRun[];
  /** When the expression was set: rate() periods count from it, as Scheduler counts them from creation. */
  expressionSince: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  /** Moves with every recorded run (recentRuns is written read-modify-write on it). */
  runsRevision: number;
}

const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity'];
const fromItem = (item: Record<string, unknown>): StoredSchedule => {
  const s = { ...item };
  for (const k of KEY_ATTRS) delete s[k];
  return s as unknown as StoredSchedule;
};
const sortKey = (s: Pick<StoredSchedule, 'createdAt' | 'id'>) => `${s.createdAt}#${s.id}`;
const toItem = (s: StoredSchedule) => ({
  ...scheduleKey(s.id),
  entity: 'DrillSchedule',
  gsi1pk: SCHEDULE_LIST,
  gsi1sk: sortKey(s),
  gsi2pk: planSchedulesList(s.recoveryPlanId),
  gsi2sk: sortKey(s),
  ...s,
});

export async function getSchedule(id: string): Promise<StoredSchedule | null> {
  const r = await ddb().send(new GetCommand({ TableName: tableName(), Key: scheduleKey(id), ConsistentRead: true }));
  return r.Item ? fromItem(r.Item) : null;
}

export async function allSchedules(): Promise<StoredSchedule[]> {
  return (await queryAllListed(SCHEDULE_LIST)).map(fromItem);
}

/** One page (oldest first) after the sort key `after`: overall, or one plan's. */
export async function pageSchedules(planId: string | null, size: number, after: string | null): Promise<{ items: StoredSchedule[]; more: boolean; last: string | null }> {
  const [index, pkAttr, skAttr, pk] = planId ? ['gsi2', 'gsi2pk', 'gsi2sk', planSchedulesList(planId)] : ['gsi1', 'gsi1pk', 'gsi1sk', SCHEDULE_LIST];
  const r = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: after ? '#pk = :pk AND #sk > :after' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': pkAttr, ...(after ? { '#sk': skAttr } : {}) },
      ExpressionAttributeValues: { ':pk': pk, ...(after ? { ':after': after } : {}) },
      Limit: size + 1,
    }),
  );
  const items = (r.Items ?? []).map(fromItem);
  const page = items.slice(0, size);
  return { items: page, more: items.length > size, last: page.length ? sortKey(page[page.length - 1]) : null };
}

const counterMove = (planId: string, by: 1 | -1): TxItem => ({
  Update: {
    TableName: tableName(),
    Key: planSchedulesCounter(planId),
    UpdateExpression: 'ADD #count :by',
    ExpressionAttributeNames: { '#count': 'count' },
    ExpressionAttributeValues: { ':by': by },
  },
});

/** The schedule, its plan's counter moved, and the plan still there (else RECOVERY_PLAN_NOT_FOUND). */
export async function insertSchedule(s: StoredSchedule): Promise<void> {
  await transact(
    [
      { Put: { TableName: tableName(), Item: toItem(s), ConditionExpression: 'attribute_not_exists(pk)' } },
      { ConditionCheck: { TableName: tableName(), Key: planKey(s.recoveryPlanId), ConditionExpression: 'attribute_exists(pk)' } },
      counterMove(s.recoveryPlanId, 1),
    ],
    async (reasons) => {
      if (reasons[1]?.Code === 'ConditionalCheckFailed') {
        throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${s.recoveryPlanId} not found`, { id: s.recoveryPlanId, field: 'recoveryPlanId' });
      }
      throw new AppError('INTERNAL_ERROR', `Schedule write failed: ${reasons.map((r) => r.Code).join(',')}`);
    },
  );
}

/** Deletes the schedule at `version` (VERSION_CONFLICT otherwise) and moves its plan's counter back. */
export async function removeSchedule(s: StoredSchedule): Promise<void> {
  await transact(
    [
      { Delete: { TableName: tableName(), Key: scheduleKey(s.id), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': s.version } } },
      counterMove(s.recoveryPlanId, -1),
    ],
    async () => {
      if (!(await getSchedule(s.id))) throw notFound(s.id);
      throw conflict(s.id);
    },
  );
}

export const notFound = (id: string) => new AppError('SCHEDULE_NOT_FOUND', `Drill schedule with ID ${id} not found`, { id });
export const conflict = (id: string) => new AppError('VERSION_CONFLICT', 'Resource was modified by another user. Please refresh and try again.', { id });

const USER_FIELDS = ['expression', 'timezone', 'enabled', 'blackoutWindows', 'drillTtlMinutes', 'nextRunTime', 'expressionSince', 'version', 'updatedAt', 'updatedBy'] as const;

/** Writes the user's fields of `after` if the item is still at `expectedVersion` (runs recorded meanwhile stay). */
export async function writeSchedule(after: StoredSchedule, expectedVersion: number): Promise<void> {
  const names = Object.fromEntries(USER_FIELDS.map((f, i) => [`#f${i}`, f]));
  const values = Object.fromEntries(USER_FIELDS.map((f, i) => [`:f${i}`, after[f]]));
  await ddb()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: scheduleKey(after.id),
        UpdateExpression: `SET ${USER_FIELDS.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: { ...names, '#version': 'version' },
        ExpressionAttributeValues: { ...values, ':expected': expectedVersion },
      }),
    )
    .catch(async (e) => {
      if (!conditionFailed(e)) throw e;
      if (!(await getSchedule(after.id))) throw notFound(after.id);
      throw conflict(after.id);
    });
}

/** Claims the firing at `scheduledTime`; false when it was claimed before (a redelivery). */
export async function claimRun(id: string, scheduledTime: string): Promise<boolean> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...runKey(id, scheduledTime), entity: 'DrillScheduleRun', claimedAt: new Date().toISOString(), ttl: Math.floor(Date.now() / 1000) + CLAIM_TTL_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (e) {
    if (conditionFailed(e)) return false;
    throw e;
  }
}

/** Puts the run first in recentRuns (at most RECENT_RUNS, newest first by scheduledTime) and updates nextRunTime. */
export async function recordRun(id: string, run: ScheduleRun, nextRunTime: (s: StoredSchedule) => string | null): Promise<void> {
  await ddb().send(new UpdateCommand({ TableName: tableName(), Key: runKey(id, run.scheduledTime), UpdateExpression: 'SET run = :r', ExpressionAttributeValues: { ':r': run } }));
  for (let attempt = 0; attempt < 10; attempt++) {
    const s = await getSchedule(id);
    if (!s) return;
    const runs = [run, ...(s.recentRuns ?? []).filter((r) => r.scheduledTime !== run.scheduledTime)]
      .sort((a, b) => b.scheduledTime.localeCompare(a.scheduledTime))
      .slice(0, RECENT_RUNS);
    try {
      await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: scheduleKey(id),
          UpdateExpression: 'SET recentRuns = :runs, nextRunTime = :next, runsRevision = :rev',
          ConditionExpression: 'attribute_exists(pk) AND runsRevision = :was',
          ExpressionAttributeValues: { ':runs': runs, ':next': nextRunTime(s), ':rev': (s.runsRevision ?? 0) + 1, ':was': s.runsRevision ?? 0 },
        }),
      );
      return;
    } catch (e) {
      if (!conditionFailed(e)) throw e;
    }
  }
}
