// Protection-group items of the single table (infra/table.ts) and the locks that make its invariants
// atomic: a transaction that puts a lock with attribute_not_exists fails when another group holds it.

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
