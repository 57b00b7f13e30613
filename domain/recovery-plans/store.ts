// Recovery plans in the single table. Name uniqueness, group references (PG_IN_USE on the group side)
// and "no change while an execution runs" are conditions of one transaction per write.
import { BatchGetCommand, GetCommand, UpdateCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { queryAllListed } from '../../platform/query.ts';
import { AppError } from '../../platform/errors.ts';
import { PLAN_LIST, planActiveLock, planKey, planNameLock } from './keys.ts';
import { groupActiveLock } from '../executions/keys.ts';
import { planSchedulesCounter } from '../drill-schedules/keys.ts';
import { absent, lockDelete, lockPut, transact, type TxItem } from '../../platform/tx.ts';
import { MAX_WAVES, TRANSACTION_MAX_ITEMS } from '../../platform/input-limits.ts';
import type { ExecutionSummary } from '../../platform/generated/graphql.ts';
import { addPlanReference, removePlanReference } from '../protection-groups/store.ts';
import type { PlanWave } from './validate.ts';
import { planAudit } from '../drift/audit.ts';

export interface StoredPlan {
  id: string;
  version: number;
  name: string;
  description: string | null;
  waves: PlanWave[];
  lastExecution: ExecutionSummary | null;
  /** Default TTL of the plan's drills (minutes); absent: drill instances are kept. */
  drillTtlMinutes?: number | null;
  createdAt: string;
  updatedAt: string;
  createdBy?: string;
  updatedBy?: string;
}

const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'nameLower', 'entity'];
const fromItem = (item: Record<string, unknown>): StoredPlan => {
  const p = { ...item };
  for (const k of KEY_ATTRS) delete p[k];
  return p as unknown as StoredPlan;
};
const toItem = (p: StoredPlan) => {
  const nameLower = p.name.toLowerCase();
  return { ...planKey(p.id), entity: 'RecoveryPlan', gsi1pk: PLAN_LIST, gsi1sk: `${nameLower}#${p.id}`, nameLower, ...p };
};
const groupsOf = (p: StoredPlan) => [...new Set(p.waves.map((w) => w.protectionGroupId))];

export async function getPlan(id: string): Promise<StoredPlan | null> {
  const r = await ddb().send(new GetCommand({ TableName: tableName(), Key: planKey(id), ConsistentRead: true }));
  return r.Item ? fromItem(r.Item) : null;
}

export async function allPlans(): Promise<StoredPlan[]> {
  return (await queryAllListed(PLAN_LIST)).map(fromItem);
}

/** The active-execution locks held on these groups: groupId → { executionId, planId }. */
export async function activeGroupLocks(groupIds: readonly string[]): Promise<Map<string, { executionId: string; planId: string }>> {
  const out = new Map<string, { executionId: string; planId: string }>();
  for (let i = 0; i < groupIds.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = groupIds.slice(i, i + 100).map(groupActiveLock);
    while (keys?.length) {
      const r: BatchGetCommandOutput = await ddb().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys } } }));
      for (const it of r.Responses?.[tableName()] ?? []) {
        out.set(it.groupId as string, { executionId: it.executionId as string, planId: it.planId as string });
      }
      keys = r.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  return out;
}

const str = (r: CancellationReason | undefined, attr: string) => (r?.Item?.[attr] as { S?: string } | undefined)?.S;

function groupRefItems(planId: string, groups: readonly string[], add: boolean) {
  return groups.map((g) => ({ groupId: g, items: add ? addPlanReference(g, planId) : removePlanReference(g, planId) }));
}

/** Throws the documented error for a cancelled plan write. `layout` names what each index holds. */
function explain(reasons: CancellationReason[], layout: Array<{ kind: 'plan' | 'name' | 'active' | 'group'; ref?: string; name?: string }>, id: string): never {
  const failed = layout.map((l, i) => ({ ...l, r: reasons[i] })).filter((x) => x.r?.Code === 'ConditionalCheckFailed');
  const of = (k: string) => failed.find((f) => f.kind === k);
  if (of('plan')) throw new AppError('VERSION_CONFLICT', 'Resource was modified by another user. Please refresh and try again.', { id });
  if (of('active')) {
    throw new AppError('PLAN_HAS_ACTIVE_EXECUTION', 'Cannot modify/delete Recovery Plan while execution is in progress', {
      executionId: str(of('active')!.r, 'executionId'),
    });
  }
  const name = of('name');
  if (name) throw new AppError('RP_NAME_EXISTS', `A Recovery Plan named "${name.name}" already exists`, { field: 'name', existingPlanId: str(name.r, 'planId') });
  const group = of('group');
  if (group) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${group.ref} not found`, { protectionGroupId: group.ref });
  throw new AppError('INTERNAL_ERROR', `Plan write failed: ${reasons.map((r) => r.Code).join(',')}`);
}

export async function insertPlan(p: StoredPlan): Promise<void> {
  const refs = groupRefItems(p.id, groupsOf(p), true);
  const items: TxItem[] = [
    { Put: { TableName: tableName(), Item: toItem(p), ConditionExpression: 'attribute_not_exists(pk)' } },
    lockPut(planNameLock(p.name.toLowerCase()), { planId: p.id, name: p.name }),
    ...refs.flatMap((r) => r.items),
    // Drift's audit record, in the same transaction (last: the layout below names the items before it).
    planAudit(planKey(p.id).pk, null, p, p.createdBy ?? 'unknown', p.createdAt),
  ];
  const layout = [{ kind: 'plan' as const }, { kind: 'name' as const, name: p.name }, ...refs.flatMap((r) => r.items.map(() => ({ kind: 'group' as const, ref: r.groupId })))];
  await transact(items, async (reasons) => explain(reasons, layout, p.id));
}

export async function replacePlan(before: StoredPlan, after: StoredPlan): Promise<void> {
  const oldGroups = groupsOf(before);
  const newGroups = groupsOf(after);
  const renamed = before.name.toLowerCase() !== after.name.toLowerCase();
  const removed = groupRefItems(before.id, oldGroups.filter((g) => !newGroups.includes(g)), false);
  const added = groupRefItems(before.id, newGroups.filter((g) => !oldGroups.includes(g)), true);
  const items: TxItem[] = [];
  const layout: Parameters<typeof explain>[1] = [];
  const push = (item: TxItem, l: (typeof layout)[number]) => (items.push(item), layout.push(l));
  push(
    { Put: { TableName: tableName(), Item: toItem(after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } },
    { kind: 'plan' },
  );
  push(absent(planActiveLock(before.id)), { kind: 'active' });
  if (renamed) {
    push(lockDelete(planNameLock(before.name.toLowerCase()), 'planId', before.id), { kind: 'plan' });
    push(lockPut(planNameLock(after.name.toLowerCase()), { planId: after.id, name: after.name }), { kind: 'name', name: after.name });
  }
  for (const r of [...removed, ...added]) for (const it of r.items) push(it, { kind: 'group', ref: r.groupId });
  // Drift's audit record: written only if the update is.
  push(planAudit(planKey(before.id).pk, before, after, after.updatedBy ?? 'unknown', after.updatedAt), { kind: 'plan' });
  // Each changed group reference is two actions: more than MAX_WAVES changes in one update do not fit in
  // one transaction (platform/input-limits.ts); refused before DynamoDB would.
  if (items.length > TRANSACTION_MAX_ITEMS) {
    throw new AppError('INVALID_WAVE_DATA', `One update may change the protection groups of ${MAX_WAVES} waves or fewer; update the plan in two steps`, {
      field: 'waves',
      groupsChanged: removed.length + added.length,
    });
  }
  await transact(items, async (reasons) => {
    if (reasons[0]?.Code === 'ConditionalCheckFailed' && !(await getPlan(before.id))) {
      throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${before.id} not found`, { id: before.id });
    }
    explain(reasons, layout, before.id);
  });
}

/** Deletes `p` if its version is still the stored one; `by` (actor()) is recorded with the delete. */
export async function removePlan(p: StoredPlan, by: string): Promise<void> {
  const refs = groupRefItems(p.id, groupsOf(p), false);
  const items: TxItem[] = [
    { Delete: { TableName: tableName(), Key: planKey(p.id), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': p.version } } },
    absent(planActiveLock(p.id)),
    lockDelete(planNameLock(p.name.toLowerCase()), 'planId', p.id),
    ...refs.flatMap((r) => r.items),
    // No drill schedule may outlive its plan (domain/drill-schedules): their counter must be zero.
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: planSchedulesCounter(p.id),
        ConditionExpression: 'attribute_not_exists(pk) OR #count = :zero',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':zero': 0 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    planAudit(planKey(p.id).pk, p, null, by, new Date().toISOString()),
  ];
  const layout: Parameters<typeof explain>[1] = [{ kind: 'plan' }, { kind: 'active' }, { kind: 'plan' }, ...refs.flatMap((r) => r.items.map(() => ({ kind: 'group' as const, ref: r.groupId })))];
  await transact(items, async (reasons) => {
    if (reasons[0]?.Code === 'ConditionalCheckFailed' && !(await getPlan(p.id))) {
      throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${p.id} not found`, { id: p.id });
    }
    // The drill-schedule counter check sits just before the audit record, the last item.
    const schedules = reasons[items.length - 2];
    if (schedules?.Code === 'ConditionalCheckFailed') {
      const count = Number((schedules.Item?.count as { N?: string } | undefined)?.N ?? 0);
      throw new AppError('PLAN_HAS_SCHEDULES', `Recovery Plan has ${count} drill schedule(s); delete them first`, { id: p.id, schedules: count });
    }
    explain(reasons, layout, p.id);
  });
}

/** Executions record their latest state on the plan (lastExecution filter and field). */
export async function recordLastExecution(planId: string, summary: ExecutionSummary): Promise<void> {
  await ddb()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: planKey(planId),
        UpdateExpression: 'SET lastExecution = :e',
        // Never let an older execution's news overwrite a newer one's.
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(lastExecution) OR attribute_type(lastExecution, :null) OR lastExecution.startTime <= :t)',
        ExpressionAttributeValues: { ':e': summary, ':t': summary.startTime, ':null': 'NULL' },
      }),
    )
    .catch((e) => {
      if (e.name !== 'ConditionalCheckFailedException') throw e;
    });
}
