// Key shapes of the single table (infra/table.ts). Lock items make multi-item invariants atomic:
// a transaction that puts a lock with attribute_not_exists fails when another group holds it.

export const pgKey = (id: string) => ({ pk: `PG#${id}`, sk: 'PG' });
export const PG_LIST = 'PG';
export const pgListSk = (nameLower: string, id: string) => `${nameLower}#${id}`;

/** Unique group names, case-insensitive. */
export const pgNameLock = (nameLower: string) => ({ pk: `PGNAME#${nameLower}`, sk: 'LOCK' });
/** A source server belongs to at most one group (per account and region). */
export const pgServerLock = (account: string, region: string, serverId: string) => ({
  pk: `PGSERVER#${account}#${region}#${serverId}`,
  sk: 'LOCK',
});
/** No two groups select servers with the same tag set (per account and region). */
export const pgTagLock = (account: string, region: string, canonicalTags: string) => ({
  pk: `PGTAGS#${account}#${region}#${canonicalTags}`,
  sk: 'LOCK',
});
/** A plan's reference to a group; the group item's planRefCount counts them (PG_IN_USE). */
export const planRefKey = (groupId: string, planId: string) => ({ pk: `PG#${groupId}`, sk: `PLANREF#${planId}` });

export const planKey = (id: string) => ({ pk: `PLAN#${id}`, sk: 'PLAN' });
export const PLAN_LIST = 'PLAN';
export const planNameLock = (nameLower: string) => ({ pk: `PLANNAME#${nameLower}`, sk: 'LOCK' });
/** At most one active execution per plan (PLAN_ALREADY_EXECUTING, PLAN_HAS_ACTIVE_EXECUTION). */
export const planActiveLock = (planId: string) => ({ pk: `PLANACTIVE#${planId}`, sk: 'LOCK' });
/**
 * A group's servers are in at most one active execution. A server belongs to at most one group, so
 * locking groups locks servers — in a handful of items instead of one per server.
 */
export const groupActiveLock = (groupId: string) => ({ pk: `EXECGROUP#${groupId}`, sk: 'LOCK' });

export const execKey = (id: string) => ({ pk: `EXEC#${id}`, sk: 'EXEC' });
export const EXEC_LIST = 'EXEC';
export const execListSk = (startTime: string, id: string) => `${startTime}#${id}`;
export const planExecList = (planId: string) => `PLANEXEC#${planId}`;

export const targetAccountKey = (id: string) => ({ pk: `TACCT#${id}`, sk: 'TACCT' });
export const TARGET_ACCOUNT_LIST = 'TACCT';
export const targetAccountListSk = (accountId: string, id: string) => `${accountId}#${id}`;
/**
 * One registration per AWS account ID. The lock also counts the protection groups that name the
 * account (groupRefCount, TARGET_ACCOUNT_IN_USE), so it is what a group's transaction updates.
 */
export const targetAccountLock = (accountId: string) => ({ pk: `TACCTID#${accountId}`, sk: 'LOCK' });
/** A protection group's reference to a target account (beside the lock, for the in-use report). */
export const targetAccountGroupRef = (accountId: string, groupId: string) => ({ pk: `TACCTID#${accountId}`, sk: `GROUPREF#${groupId}` });
