// DynamoDB transactions and lock items: how every multi-item invariant is made atomic.
import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { ddb, tableName } from './aws/dynamodb.ts';

/** DynamoDB refused a write for its condition (someone else moved first, or the item is not there). */
export const conditionFailed = (e: unknown) => (e as Error | undefined)?.name === 'ConditionalCheckFailedException';

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


/**
 * A counted reference from one item to a holder (a plan to its groups, a group to its target
 * account), written inside the referrer's own transaction: the holder's counter moves (and the
 * holder must exist) and a reference item records who refers, so the holder's delete can condition
 * on the counter being zero and name the referrers when it is not.
 */
export function addReference(holder: Record<string, string>, counter: string, ref: Record<string, unknown>): TxItem[] {
  return [
    {
      Update: {
        TableName: tableName(),
        Key: holder,
        UpdateExpression: 'ADD #count :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#count': counter },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
    { Put: { TableName: tableName(), Item: ref } },
  ];
}

export function removeReference(holder: Record<string, string>, counter: string, ref: { pk: string; sk: string }): TxItem[] {
  return [
    {
      Update: {
        TableName: tableName(),
        Key: holder,
        UpdateExpression: 'ADD #count :minus',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#count': counter },
        ExpressionAttributeValues: { ':minus': -1 },
      },
    },
    { Delete: { TableName: tableName(), Key: { pk: ref.pk, sk: ref.sk } } },
  ];
}

/** The reference items under `pk` whose sort key starts with `prefix` (strongly consistent). */
export async function referencesUnder(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  const r = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ref)',
      ExpressionAttributeValues: { ':pk': pk, ':ref': prefix },
      ConsistentRead: true,
    }),
  );
  return r.Items ?? [];
}
