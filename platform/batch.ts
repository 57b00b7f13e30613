// BatchWriteItem and BatchGetItem for any number of items: 25 writes or 100 keys a request, what DynamoDB
// left unprocessed (a busy partition) sent again with a short backoff.
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './aws.ts';

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

const backoff = (attempt: number) => (attempt ? new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt))) : undefined);

export async function writeAll(requests: readonly WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let items: WriteRequest[] | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; items?.length; attempt++) {
      await backoff(attempt);
      const r = await ddb().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items } }));
      items = r.UnprocessedItems?.[tableName()] as WriteRequest[] | undefined;
    }
  }
}

/** The items of `keys` that exist (in no particular order), read consistently. */
export async function getAll(keys: ReadonlyArray<Record<string, unknown>>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let batch: Array<Record<string, unknown>> | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; batch?.length; attempt++) {
      await backoff(attempt);
      const r = await ddb().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: batch, ConsistentRead: true } } }));
      out.push(...(r.Responses?.[tableName()] ?? []));
      batch = r.UnprocessedKeys?.[tableName()]?.Keys as Array<Record<string, unknown>> | undefined;
    }
  }
  return out;
}
