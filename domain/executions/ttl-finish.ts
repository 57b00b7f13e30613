// What ending a drill adds to store.ts `finish` (its own module: store.ts and drill-ttl.ts both use it,
// and drill-ttl.ts reads executions through store.ts).
import { tableName } from '../../platform/aws.ts';
import type { TxItem } from '../../platform/tx.ts';
import type { StoredExecution } from './model.ts';
import { expiryOf, ttlIndexKey } from './ttl-rules.ts';

/**
 * What ending an execution adds to store.ts `finish`: expiresAt and its index entry, in the same
 * transaction, for a drill with a TTL; and a condition that the TTL is still the one `e` was read with
 * (a setDrillTtl in between makes `finish` re-read and end it again with the stored one).
 */
export function expiryOnFinish(e: StoredExecution, endTime: string) {
  const minutes = e.executionType === 'DRILL' ? (e.drillTtlMinutes ?? null) : null;
  const names = { '#ttl': 'drillTtlMinutes' };
  if (minutes === null) {
    return { set: '', condition: ' AND (attribute_not_exists(#ttl) OR attribute_type(#ttl, :ttlNull))', names, values: { ':ttlNull': 'NULL' }, items: [] as TxItem[] };
  }
  const expiresAt = expiryOf(endTime, minutes);
  return {
    set: ', expiresAt = :expiresAt',
    condition: ' AND #ttl = :ttl',
    names,
    values: { ':ttl': minutes, ':expiresAt': expiresAt },
    items: [indexPut(expiresAt, e.id)],
  };
}

export const indexPut = (expiresAt: string, executionId: string): TxItem => ({
  Put: { TableName: tableName(), Item: { ...ttlIndexKey(expiresAt, executionId), entity: 'DrillTtl', executionId, expiresAt } },
});
export const indexDelete = (expiresAt: string, executionId: string): TxItem => ({ Delete: { TableName: tableName(), Key: ttlIndexKey(expiresAt, executionId) } });

