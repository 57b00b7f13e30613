// Every item of one listing-index partition (gsi1pk), page by page: the lists are small (groups,
// plans, accounts), and the callers filter or join them in memory.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './aws/dynamodb.ts';

export async function queryAllListed(
  gsi1pk: string,
  extra: Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ProjectionExpression'> & {
    values?: Record<string, unknown>;
  } = {},
): Promise<Record<string, unknown>[]> {
  const { values, ...rest } = extra;
  const out: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk, ...values },
        ...rest,
        ExclusiveStartKey,
      }),
    );
    out.push(...(r.Items ?? []));
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}
