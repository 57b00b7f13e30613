// @aws-appsync/utils/dynamodb: helpers that build AppSync DynamoDB request objects from plain values.
import { conditionExpression, keyConditionExpression, projectionExpression, toMapValues, updateExpression, type UpdateOp } from './expressions.ts';

type Obj = Record<string, unknown>;

function clean<T extends Obj>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined || o[k] === null) delete o[k];
  return o;
}

function condition(c: unknown) {
  return c ? conditionExpression(c as Obj) ?? undefined : undefined;
}

function readOptions(p: Obj) {
  return {
    index: p.index,
    limit: p.limit,
    nextToken: p.nextToken,
    consistentRead: p.consistentRead,
    select: p.select,
    filter: condition(p.filter),
    projection: projectionExpression(p.projection as string[] | undefined),
  };
}

export function dynamodbHelpers(): Obj {
  const op = (o: UpdateOp): UpdateOp => o;
  return {
    get: (p: Obj) => clean({
      operation: 'GetItem',
      key: toMapValues(p.key as Obj),
      consistentRead: p.consistentRead,
      projection: projectionExpression(p.projection as string[] | undefined),
    }),
    put: (p: Obj) => clean({
      operation: 'PutItem',
      key: toMapValues(p.key as Obj),
      attributeValues: toMapValues(p.item as Obj),
      condition: condition(p.condition),
      customPartitionKey: p.customPartitionKey,
      populateIndexFields: p.populateIndexFields,
      _version: p._version,
    }),
    remove: (p: Obj) => clean({
      operation: 'DeleteItem',
      key: toMapValues(p.key as Obj),
      condition: condition(p.condition),
      customPartitionKey: p.customPartitionKey,
      populateIndexFields: p.populateIndexFields,
      _version: p._version,
    }),
    update: (p: Obj) => clean({
      operation: 'UpdateItem',
      key: toMapValues(p.key as Obj),
      update: updateExpression(p.update as Obj),
      condition: condition(p.condition),
      customPartitionKey: p.customPartitionKey,
      populateIndexFields: p.populateIndexFields,
      _version: p._version,
    }),
    query: (p: Obj) => clean({
      operation: 'Query',
      query: keyConditionExpression(p.query as Obj),
      ...readOptions(p),
      scanIndexForward: p.scanIndexForward,
    }),
    scan: (p: Obj) => clean({
      operation: 'Scan',
      ...readOptions(p),
      totalSegments: p.totalSegments,
      segment: p.segment,
    }),
    sync: (p: Obj) => clean({
      operation: 'Sync',
      basePartitionKey: p.basePartitionKey,
      deltaIndexName: p.deltaIndexName,
      limit: p.limit,
      nextToken: p.nextToken,
      lastSync: p.lastSync,
      filter: condition(p.filter),
    }),
    batchGet: (p: { tables: Record<string, { keys: Obj[]; consistentRead?: boolean; projection?: string[] }> }) => ({
      operation: 'BatchGetItem',
      tables: Object.fromEntries(Object.entries(p.tables).map(([t, v]) => [t, clean({
        keys: v.keys.map((k) => toMapValues(k)),
        consistentRead: v.consistentRead,
        projection: projectionExpression(v.projection),
      })])),
    }),
    batchPut: (p: { tables: Record<string, Obj[]> }) => ({
      operation: 'BatchPutItem',
      tables: Object.fromEntries(Object.entries(p.tables).map(([t, items]) => [t, items.map((i) => toMapValues(i))])),
    }),
    batchDelete: (p: { tables: Record<string, Obj[]> }) => ({
      operation: 'BatchDeleteItem',
      tables: Object.fromEntries(Object.entries(p.tables).map(([t, keys]) => [t, keys.map((k) => toMapValues(k))])),
    }),
    transactGet: (p: { items: Array<{ table: string; key: Obj; projection?: string[] }> }) => ({
      operation: 'TransactGetItems',
      transactItems: p.items.map((i) => clean({ table: i.table, key: toMapValues(i.key), projection: projectionExpression(i.projection) })),
    }),
    transactWrite: (p: { items: Obj[] }) => ({
      operation: 'TransactWriteItems',
      transactItems: p.items.map((item) => {
        const [[kind, v]] = Object.entries(item) as [[string, Obj]];
        const base = { table: v.table, key: toMapValues(v.key as Obj), condition: condition(v.condition) };
        switch (kind) {
          case 'putItem': return clean({ ...base, operation: 'PutItem', attributeValues: toMapValues(v.item as Obj) });
          case 'updateItem': return clean({ ...base, operation: 'UpdateItem', update: updateExpression(v.update as Obj) });
          case 'deleteItem': return clean({ ...base, operation: 'DeleteItem' });
          case 'conditionCheck': return clean({ ...base, operation: 'ConditionCheck' });
          default: throw new Error(`Unknown transactWrite item kind '${kind}'`);
        }
      }),
    }),
    toStringSet: (v: string[]) => ({ SS: v }),
    toNumberSet: (v: number[]) => ({ NS: v.map(String) }),
    toBinarySet: (v: string[]) => ({ BS: v }),
    operations: {
      add: (payload: unknown) => op({ _type: 'add', payload }),
      remove: () => op({ _type: 'remove' }),
      replace: (payload: unknown) => op({ _type: 'replace', payload }),
      increment: (by?: number) => op({ _type: 'increment', by: by ?? 1 }),
      decrement: (by?: number) => op({ _type: 'decrement', by: by ?? 1 }),
      append: (payload: unknown[]) => op({ _type: 'append', payload }),
      prepend: (payload: unknown[]) => op({ _type: 'prepend', payload }),
      updateListItem: (payload: unknown, index: number) => op({ _type: 'updateListItem', payload, index }),
    },
  };
}
