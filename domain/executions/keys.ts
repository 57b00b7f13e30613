// Execution items of the single table (infra/table.ts) and the locks an active execution holds.

/**
 * A group's servers are in at most one active execution. A server belongs to at most one group, so
 * locking groups locks servers — in a handful of items instead of one per server.
 */
export const groupActiveLock = (groupId: string) => ({ pk: `EXECGROUP#${groupId}`, sk: 'LOCK' });
export const execKey = (id: string) => ({ pk: `EXEC#${id}`, sk: 'EXEC' });
export const EXEC_LIST = 'EXEC';
export const execListSk = (startTime: string, id: string) => `${startTime}#${id}`;
export const planExecList = (planId: string) => `PLANEXEC#${planId}`;
