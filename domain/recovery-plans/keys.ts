// Recovery-plan items of the single table (infra/table.ts) and their locks.

export const planKey = (id: string) => ({ pk: `PLAN#${id}`, sk: 'PLAN' });
export const PLAN_LIST = 'PLAN';
export const planNameLock = (nameLower: string) => ({ pk: `PLANNAME#${nameLower}`, sk: 'LOCK' });
/** At most one active execution per plan (PLAN_ALREADY_EXECUTING, PLAN_HAS_ACTIVE_EXECUTION). */
export const planActiveLock = (planId: string) => ({ pk: `PLANACTIVE#${planId}`, sk: 'LOCK' });
