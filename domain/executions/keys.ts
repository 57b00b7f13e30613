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
/** The active executions: their plan locks are listed under this gsi1 key (active.ts). */
export const ACTIVE_EXEC_LIST = 'EXECACTIVE';

/** A DRS launch result an event reported for a server of the execution (launch-results.ts). */
export const resultKey = (executionId: string, sourceServerId: string, jobId: string) => ({ pk: execKey(executionId).pk, sk: `RESULT#${sourceServerId}#${jobId}` });
export const RESULT_PREFIX = 'RESULT#';
/** Which execution a source server is launching for (DRS events name the server, not the execution). */
export const serverRunKey = (region: string, sourceServerId: string) => ({ pk: `DRSSERVER#${region}#${sourceServerId}`, sk: 'RUN' });
/** The orchestrator's own DRS jobs still running in a region and account, one item per job (drs-load.ts). */
export const loadPk = (region: string, accountId: string | null) => `DRSLOAD#${region}#${accountId ?? 'self'}`;
