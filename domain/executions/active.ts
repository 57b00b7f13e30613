// The executions still active, from the listing of their plan locks (gsi1 ACTIVE_EXEC_LIST): the lock
// is written with the execution and deleted in finish's transaction, so the listing holds the active
// ones only — at most one per plan — and is read without going through the executions' history.
import { getAll } from '../../platform/batch.ts';
import { queryAllListed } from '../../platform/query.ts';
import { ACTIVE_EXEC_LIST, execKey } from './keys.ts';
import { ACTIVE, fromItem, type StoredExecution } from './store.ts';

export async function activeExecutions(): Promise<StoredExecution[]> {
  const locks = await queryAllListed(ACTIVE_EXEC_LIST, { ProjectionExpression: 'executionId' });
  const items = await getAll(locks.map((l) => execKey(l.executionId as string)));
  // The index lags the table: an execution that ended meanwhile is dropped here (a consistent read).
  return items.map(fromItem).filter((e) => ACTIVE.includes(e.status));
}
