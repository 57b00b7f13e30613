// BatchWriteItem for any number of puts and deletes: 25 a request, unprocessed items sent again with
// a short backoff (DynamoDB answers them when a partition is busy).
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './aws.ts';

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

export async function writeAll(requests: readonly WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let items: WriteRequest[] | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; items?.length; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const r = await ddb().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items } }));
      items = r.UnprocessedItems?.[tableName()] as WriteRequest[] | undefined;
    }
  }
}
