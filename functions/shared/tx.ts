// DynamoDB transactions and lock items: how every multi-item invariant is made atomic.
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { ddb, tableName } from './aws.ts';

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const lockPut = (key: Record<string, string>, attrs: Record<string, unknown>): TxItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...key, entity: 'Lock', ...attrs },
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});
/** Releases a lock only if `owner` still holds it (attribute `ownerAttr` equals `owner`). */
export const lockDelete = (key: Record<string, string>, ownerAttr: string, owner: string): TxItem => ({
  Delete: {
    TableName: tableName(),
    Key: key,
    ConditionExpression: '#owner = :owner',
    ExpressionAttributeNames: { '#owner': ownerAttr },
    ExpressionAttributeValues: { ':owner': owner },
  },
});

/** Fails the transaction unless the item is absent (e.g. no active execution holds a lock). */
export const absent = (key: Record<string, string>): TxItem => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: key,
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

/**
 * Runs a transaction. Conflicts with a concurrent transaction are retried (the conditions decide the
 * winner); a failed condition goes to `describe`, which throws the error the caller documents (or
 * returns, and the call answers false).
 */
export async function transact(items: TxItem[], describe: (reasons: CancellationReason[]) => Promise<void>): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (e) {
      const err = e as Error & { CancellationReasons?: CancellationReason[] };
      if (err.name !== 'TransactionCanceledException') throw e;
      const reasons = err.CancellationReasons ?? [];
      // Another transaction touched the same items at the same moment: retry; the conditions decide.
      if (reasons.some((r) => r.Code === 'TransactionConflict') && !reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
        if (attempt < 8) {
          await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
          continue;
        }
      }
      await describe(reasons);
      return false;
    }
  }
}

