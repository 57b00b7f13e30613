// Target-account items of the single table (infra/table.ts) and their locks.

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
