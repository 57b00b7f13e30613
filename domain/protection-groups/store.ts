// The protection-group data model in the single table. Every multi-item invariant (unique name, one
// group per server, one group per tag set, no delete while plans reference the group, version checks)
// is a condition inside one TransactWriteItems call: either all of a change lands or none of it does.
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { queryAllListed } from '../../platform/query.ts';
import { absent, addReference, lockDelete, lockPut, referencesUnder, removeReference, transact, type TxItem } from '../../platform/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { PG_LIST, pgKey, pgListSk, pgNameLock, pgServerLock, pgTagLock, planRefKey } from './keys.ts';
import { groupActiveLock } from '../executions/keys.ts';
import type { ProtectionGroup } from '../../platform/generated/graphql.ts';
import { canonicalTags } from './validate.ts';
import { addGroupReference, removeGroupReference } from '../target-accounts/store.ts';
import { groupAudit } from '../drift/audit.ts';

/** A group as stored: the GraphQL shape plus the account its locks are scoped to. */
export interface StoredGroup extends ProtectionGroup {
  lockAccount: string;
  /** The registered target account the group's servers live in (absent: the account the API runs in). */
  targetAccountRef?: string | null;
  planRefCount?: number;
  createdBy?: string;
  updatedBy?: string;
}

const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'nameLower', 'entity'];
export function fromItem(item: Record<string, unknown>): StoredGroup {
  const g = { ...item };
  for (const k of KEY_ATTRS) delete g[k];
  return g as unknown as StoredGroup;
}

/** The group as the API answers it. */
export const publicGroup = (g: StoredGroup): ProtectionGroup => {
  const { lockAccount: _a, targetAccountRef: _t, planRefCount: _p, createdBy: _c, updatedBy: _u, ...rest } = g;
  return rest;
};

function toItem(g: StoredGroup) {
  const nameLower = g.name.toLowerCase();
  return { ...pgKey(g.id), entity: 'ProtectionGroup', gsi1pk: PG_LIST, gsi1sk: pgListSk(nameLower, g.id), nameLower, ...g };
}

export async function getGroup(id: string): Promise<StoredGroup | null> {
  const r = await ddb().send(new GetCommand({ TableName: tableName(), Key: pgKey(id), ConsistentRead: true }));
  return r.Item ? fromItem(r.Item) : null;
}

/** All groups, optionally of one region (the listing index is ordered by name). */
export async function allGroups(region?: string): Promise<StoredGroup[]> {
  const items = await queryAllListed(
    PG_LIST,
    region ? { FilterExpression: '#region = :r', ExpressionAttributeNames: { '#region': 'region' }, values: { ':r': region } } : {},
  );
  return items.map(fromItem);
}

/**
 * Locks a dry run treats as held, by lock pk: the groups earlier steps of the same dry run would
 * have created (an import checks a whole file). The value is the would-be holder's name: it has no
 * stored id, and conflict messages name the holder.
 */
export type PendingLocks = Map<string, string>;

/** Lock holders of the given servers (explicit assignments), for conflict reports and tag overlap. */
export async function serverHolders(account: string, region: string, ids: readonly string[], pending?: PendingLocks): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  for (const id of ids) {
    const held = pending?.get(pgServerLock(account, region, id).pk);
    if (held) holders.set(id, held);
  }
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => pgServerLock(account, region, id));
    while (keys?.length) {
      const r: BatchGetCommandOutput = await ddb().send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const it of r.Responses?.[tableName()] ?? []) holders.set(it.serverId as string, it.groupId as string);
      keys = r.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  return holders;
}

function locksOf(g: StoredGroup) {
  const locks: Array<{ kind: 'name' | 'server' | 'tags'; key: Record<string, string>; attrs: Record<string, unknown> }> = [
    { kind: 'name', key: pgNameLock(g.name.toLowerCase()), attrs: { groupId: g.id, name: g.name } },
  ];
  for (const serverId of g.sourceServerIds) {
    locks.push({ kind: 'server', key: pgServerLock(g.lockAccount, g.region, serverId), attrs: { groupId: g.id, serverId } });
  }
  if (g.serverSelectionTags.length) {
    locks.push({ kind: 'tags', key: pgTagLock(g.lockAccount, g.region, canonicalTags(g.serverSelectionTags)), attrs: { groupId: g.id } });
  }
  return locks;
}

const sameKey = (a: Record<string, string>, b: Record<string, string>) => a.pk === b.pk && a.sk === b.sk;

type Lock = ReturnType<typeof locksOf>[number];

async function lockConflict(lock: Lock, holder: string | undefined): Promise<never> {
  const other = holder ? await getGroup(holder) : null;
  const otherName = other?.name ?? holder ?? 'another group';
  if (lock.kind === 'name') {
    throw new AppError('PG_NAME_EXISTS', `A Protection Group named "${lock.attrs.name}" already exists`, {
      field: 'name',
      existingGroupId: holder,
    });
  }
  if (lock.kind === 'tags') {
    throw new AppError('TAG_CONFLICT', `Another Protection Group ("${otherName}") already uses these exact tags`, {
      existingGroupId: holder,
      existingGroupName: otherName,
    });
  }
  throw new AppError('SERVER_CONFLICT', `Server ${lock.attrs.serverId} is already assigned to protection group '${otherName}'`, {
    conflictingServers: [{ serverId: lock.attrs.serverId, existingGroupId: holder, existingGroupName: otherName }],
  });
}

/** Collects every taken lock of one cancellation into one report (all conflicting servers at once). */
async function explainLocks(reasons: CancellationReason[], puts: Array<{ index: number; lock: Lock }>): Promise<void> {
  const failed = puts.filter((p) => reasons[p.index]?.Code === 'ConditionalCheckFailed');
  if (!failed.length) return;
  const holderOf = (p: { index: number }) => (reasons[p.index].Item?.groupId as { S?: string } | undefined)?.S;
  const first = failed.find((p) => p.lock.kind === 'name') ?? failed.find((p) => p.lock.kind === 'tags');
  if (first) await lockConflict(first.lock, holderOf(first));
  const servers = failed.filter((p) => p.lock.kind === 'server');
  const names = new Map<string, string>();
  for (const p of servers) {
    const h = holderOf(p);
    if (h && !names.has(h)) names.set(h, (await getGroup(h))?.name ?? h);
  }
  const conflictingServers = servers.map((p) => ({
    serverId: p.lock.attrs.serverId as string,
    existingGroupId: holderOf(p),
    existingGroupName: names.get(holderOf(p) ?? '') ?? null,
  }));
  const head = conflictingServers[0];
  throw new AppError(
    'SERVER_CONFLICT',
    conflictingServers.length === 1
      ? `Server ${head.serverId} is already assigned to protection group '${head.existingGroupName}'`
      : `${conflictingServers.length} servers are already assigned to other protection groups`,
    { conflictingServers },
  );
}

export async function insertGroup(g: StoredGroup): Promise<void> {
  const locks = locksOf(g);
  const items: TxItem[] = [
    { Put: { TableName: tableName(), Item: toItem(g), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...locks.map((l) => lockPut(l.key, l.attrs)),
    // Last, so the lock indexes above stay as explainLocks expects.
    ...(g.targetAccountRef ? addGroupReference(g.targetAccountRef, g.id) : []),
    // Drift's audit record, in the same transaction: it exists exactly when the group does.
    groupAudit(pgKey(g.id).pk, null, g, g.createdBy ?? 'unknown', g.createdAt),
  ];
  await transact(items, async (reasons) => {
    await explainLocks(reasons, locks.map((lock, i) => ({ index: i + 1, lock })));
    if (g.targetAccountRef && reasons[1 + locks.length]?.Code === 'ConditionalCheckFailed') {
      throw new AppError('TARGET_ACCOUNT_NOT_FOUND', `Account ${g.targetAccountRef} is not a registered target account`, {
        accountId: g.targetAccountRef,
      });
    }
    throw new AppError('INTERNAL_ERROR', `Create failed: ${reasons.map((r) => r.Code).join(',')}`);
  });
}

/**
 * insertGroup's lock conditions, read only: throws what insertGroup would throw for `g` (same codes
 * and messages), counting `pending` as held; otherwise records g's locks in `pending`.
 */
export async function checkInsert(g: StoredGroup, pending: PendingLocks): Promise<void> {
  const locks = locksOf(g);
  const held = new Map<string, string>();
  const keys = locks.map((l) => l.key);
  for (let i = 0; i < keys.length; i += 100) {
    let batch: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    while (batch?.length) {
      const r: BatchGetCommandOutput = await ddb().send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: batch, ConsistentRead: true } } }),
      );
      for (const it of r.Responses?.[tableName()] ?? []) held.set(it.pk as string, it.groupId as string);
      batch = r.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  const reasons: CancellationReason[] = [
    { Code: 'None' },
    ...locks.map((l): CancellationReason => {
      const holder = pending.get(l.key.pk) ?? held.get(l.key.pk);
      return holder ? { Code: 'ConditionalCheckFailed', Item: { groupId: { S: holder } } } : { Code: 'None' };
    }),
  ];
  await explainLocks(reasons, locks.map((lock, i) => ({ index: i + 1, lock })));
  for (const l of locks) pending.set(l.key.pk, g.name);
}

/** Replaces `before` by `after` if `before.version` is still the stored one; moves locks that changed. */
export async function replaceGroup(before: StoredGroup, after: StoredGroup): Promise<void> {
  const old = locksOf(before);
  const next = locksOf(after);
  const removed = old.filter((l) => !next.some((n) => sameKey(n.key, l.key)));
  const added = next.filter((n) => !old.some((l) => sameKey(n.key, l.key)));
  const items: TxItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: toItem(after),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': before.version },
      },
    },
    // A running execution launches the servers this group names: no edits until it ends.
    absent(groupActiveLock(before.id)),
    ...removed.map((l) => lockDelete(l.key, 'groupId', before.id)),
    ...added.map((l) => lockPut(l.key, l.attrs)),
    // Drift's audit record: written only if the update is.
    groupAudit(pgKey(before.id).pk, before, after, after.updatedBy ?? 'unknown', after.updatedAt),
  ];
  if (items.length > 100) {
    throw new AppError('INVALID_SERVERS', 'Too many server changes in one update; change at most 90 servers at a time', {
      field: 'sourceServerIds',
    });
  }
  await transact(items, async (reasons) => {
    if (reasons[0]?.Code === 'ConditionalCheckFailed') await staleOrMissing(before.id);
    if (reasons[1]?.Code === 'ConditionalCheckFailed') {
      throw new AppError('PG_IN_ACTIVE_EXECUTION', 'Cannot modify Protection Group while it is part of an active execution', {
        executionId: (reasons[1].Item?.executionId as { S?: string } | undefined)?.S,
      });
    }
    await explainLocks(reasons, added.map((lock, i) => ({ index: 2 + removed.length + i, lock })));
    throw new AppError('INTERNAL_ERROR', `Update failed: ${reasons.map((r) => r.Code).join(',')}`);
  });
}

async function staleOrMissing(id: string): Promise<never> {
  if (!(await getGroup(id))) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${id} not found`, { id });
  throw new AppError('VERSION_CONFLICT', 'Resource was modified by another user. Please refresh and try again.', { id });
}

/** Deletes `g` if its version is still the stored one; `by` (actor()) is recorded with the delete. */
export async function removeGroup(g: StoredGroup, by: string): Promise<void> {
  const items: TxItem[] = [
    {
      Delete: {
        TableName: tableName(),
        Key: pgKey(g.id),
        ConditionExpression: 'version = :v AND (attribute_not_exists(planRefCount) OR planRefCount = :zero)',
        ExpressionAttributeValues: { ':v': g.version, ':zero': 0 },
      },
    },
    ...locksOf(g).map((l) => lockDelete(l.key, 'groupId', g.id)),
    ...(g.targetAccountRef ? removeGroupReference(g.targetAccountRef, g.id) : []),
    groupAudit(pgKey(g.id).pk, g, null, by, new Date().toISOString()),
  ];
  await transact(items, async (reasons) => {
    if (reasons[0]?.Code === 'ConditionalCheckFailed') {
      const now = await getGroup(g.id);
      if (now && (now.planRefCount ?? 0) > 0) {
        const plans = await planReferences(g.id);
        throw new AppError('PG_IN_USE', `Cannot delete Protection Group - it is used in ${plans.length} Recovery Plan(s)`, {
          recoveryPlanIds: plans,
        });
      }
      await staleOrMissing(g.id);
    }
    throw new AppError('INTERNAL_ERROR', `Delete failed: ${reasons.map((r) => r.Code).join(',')}`);
  });
}

/** Records the launch-configuration outcome without bumping the version (it is a result, not an edit). */
export async function saveApplyResults(g: StoredGroup): Promise<void> {
  await ddb()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: pgKey(g.id),
        UpdateExpression: 'SET launchConfigApplyResults = :r',
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':r': g.launchConfigApplyResults, ':v': g.version },
      }),
    )
    .catch((e) => {
      // A newer edit has landed meanwhile and carries its own results.
      if (e.name !== 'ConditionalCheckFailedException') throw e;
    });
}

// ---- plan references: the transaction items recovery plans add to their own writes (PG_IN_USE).

export function addPlanReference(groupId: string, planId: string): TxItem[] {
  return addReference(pgKey(groupId), 'planRefCount', { ...planRefKey(groupId, planId), entity: 'PlanRef', planId });
}

export function removePlanReference(groupId: string, planId: string): TxItem[] {
  return removeReference(pgKey(groupId), 'planRefCount', planRefKey(groupId, planId));
}

export async function planReferences(groupId: string): Promise<string[]> {
  return (await referencesUnder(pgKey(groupId).pk, 'PLANREF#')).map((i) => i.planId as string);
}
