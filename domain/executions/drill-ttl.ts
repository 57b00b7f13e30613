// Drill TTL: how long a drill's recovery instances live after the drill ends. A plan sets a default for
// its drills, an execution its own (start, setDrillTtl); a RECOVERY never has one. When a drill ends,
// expiresAt = endTime + drillTtlMinutes, written together with an entry of the sweep index (one
// partition, sk `<expiresAt>#<executionId>`: ttl-rules.ts) that the sweeper (cleanup.ts) reads up to "now".
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws.ts';
import { AppError } from '../../platform/errors.ts';
import { expiryOf, recoveryRefusal, validTtl } from './ttl-rules.ts';
import { indexDelete, indexPut } from './ttl-finish.ts';
import { transact, type TxItem } from '../../platform/tx.ts';
import type { Execution } from '../../platform/generated/graphql.ts';
import { execKey } from './keys.ts';
import { ACTIVE, isTerminal, type StoredExecution } from './model.ts';
import { fromItem, mustGetExecution, publicExecution } from './store.ts';

/**
 * setDrillTtl: a running drill keeps the new TTL until it ends; an ended drill's expiresAt (and its
 * index entry) moves with it, or goes with `minutes` null. Refused for a RECOVERY and once the sweeper
 * has started cleaning the drill up.
 */
export async function setDrillTtl(executionId: string, minutes: number | null | undefined): Promise<Execution> {
  const ttl = validTtl(minutes, 'minutes');
  for (let attempt = 0; attempt < 5; attempt++) {
    const e = await mustGetExecution(executionId);
    if (e.executionType !== 'DRILL') throw recoveryRefusal('executionId');
    if (e.cleanup) throw new AppError('DRILL_CLEANUP_STARTED', `The drill's cleanup has started (${e.cleanup.status}): its TTL can no longer change`, { status: e.cleanup.status });
    const after = isTerminal(e.status) ? await retimeEnded(e, ttl) : await retimeActive(e, ttl);
    if (after) return publicExecution(after);
    // Someone moved first (the drill ended, another setDrillTtl, a sweep): decide again on what is stored.
  }
  throw new AppError('VERSION_CONFLICT', 'The execution kept changing; try again', { id: executionId });
}

async function retimeActive(e: StoredExecution, ttl: number | null): Promise<StoredExecution | null> {
  const from = ACTIVE.map((s, i) => [`:f${i}`, s] as const);
  try {
    const r = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: execKey(e.id),
        UpdateExpression: ttl === null ? 'REMOVE drillTtlMinutes' : 'SET drillTtlMinutes = :ttl',
        ConditionExpression: `#status IN (${from.map(([k]) => k).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...Object.fromEntries(from), ...(ttl === null ? {} : { ':ttl': ttl }) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(r.Attributes!);
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return null;
    throw err;
  }
}

async function retimeEnded(e: StoredExecution, ttl: number | null): Promise<StoredExecution | null> {
  const old = e.expiresAt ?? null;
  const expiresAt = ttl === null || !e.endTime ? null : expiryOf(e.endTime, ttl);
  const values: Record<string, unknown> = { ':status': e.status };
  if (old) values[':old'] = old;
  if (ttl !== null) values[':ttl'] = ttl;
  if (expiresAt) values[':exp'] = expiresAt;
  const items: TxItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: execKey(e.id),
        UpdateExpression: ttl === null ? 'REMOVE drillTtlMinutes, expiresAt' : `SET drillTtlMinutes = :ttl${expiresAt ? ', expiresAt = :exp' : ''}`,
        // Nothing has moved since the read: same status, same expiry, no cleanup started.
        ConditionExpression: `#status = :status AND attribute_not_exists(cleanup) AND ${old ? 'expiresAt = :old' : 'attribute_not_exists(expiresAt)'}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    },
  ];
  if (old && old !== expiresAt) items.push(indexDelete(old, e.id));
  if (expiresAt && old !== expiresAt) items.push(indexPut(expiresAt, e.id));
  const done = await transact(items, async () => {});
  if (!done) return null;
  const { drillTtlMinutes: _t, expiresAt: _x, ...rest } = e;
  return ttl === null ? rest : { ...rest, drillTtlMinutes: ttl, ...(expiresAt ? { expiresAt } : {}) };
}
