// Local AppSync DynamoDB data source against DynamoDB Local: AppSync's request objects (as the
// @aws-appsync/utils/dynamodb helpers build them), its result shapes, ctx.error types and pagination.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ddbClient, ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { invokeDataSource, type DataSourceConfig } from '../../infra/local/appsync/datasources.ts';
import { dynamodbHelpers } from '../../infra/local/appsync/runtime/dynamodb-helpers.ts';
import { gql } from '../fixtures/appsync/helpers.ts';
import { startTestApi, TABLE, type TestApi } from '../fixtures/appsync/setup.ts';

let ddbLocal: DynamoDbLocal;
let client: DynamoDBClient;
let api: TestApi;
let ds: DataSourceConfig;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ddb = dynamodbHelpers() as any;
const token = () => api.pool.token({ 'cognito:groups': ['Reader'] });

beforeAll(async () => {
  // The run's DynamoDB Local (global setup) when there is one; otherwise this file starts its own.
  const shared = (inject('endpoints') as { dynamodbEndpoint?: string } | undefined)?.dynamodbEndpoint;
  ddbLocal = shared ? { endpoint: shared, stop: async () => {} } : await startDynamoDbLocal();
  client = ddbClient(ddbLocal.endpoint);
  await ensureTable(client, TABLE);
  ds = { kind: 'DYNAMODB', client, tableName: TABLE };
  api = await startTestApi({ ddb: client });
});
afterAll(async () => {
  await api?.close();
  client?.destroy();
  await ddbLocal?.stop();
});

describe('through resolvers', () => {
  it('reports a failed condition as ctx.error DynamoDB:ConditionalCheckFailedException', async () => {
    const put = 'mutation P($id: ID!, $name: String) { putItem(id: $id, name: $name) { id name } }';
    const id = `c-${Date.now()}`; // unique, in case DYNAMODB_ENDPOINT names a persistent instance
    expect((await gql(api.url, put, { id, name: 'one' }, { token: token() })).body).toEqual({ data: { putItem: { id, name: 'one' } } });
    const again = await gql(api.url, put, { id, name: 'two' }, { token: token() });
    expect(again.body.data).toEqual({ putItem: null });
    expect(again.body.errors?.[0]).toMatchObject({
      path: ['putItem'], errorType: 'DynamoDB:ConditionalCheckFailedException', errorInfo: { failedType: 'DynamoDB:ConditionalCheckFailedException' },
    });
    expect(String(again.body.errors?.[0].message)).toMatch(/^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: /);
    // AppSync: when the stored item already equals what was asked for, a failed condition counts as success.
    expect((await gql(api.url, put, { id, name: 'one' }, { token: token() })).body).toEqual({ data: { putItem: { id, name: 'one' } } });
  });

  it('pages a Query with limit and an opaque nextToken', async () => {
    expect((await gql(api.url, 'mutation { seed(count: 12) }', {}, { token: token() })).body).toEqual({ data: { seed: 12 } });
    const list = 'query L($limit: Int, $next: String) { listItems(limit: $limit, nextToken: $next) { items { id count } nextToken scannedCount } }';
    const ids: string[] = [];
    let next: string | null = null;
    let pages = 0;
    // One caller throughout (token() makes a new user each time): a nextToken continues its own caller's listing only.
    const reader = token();
    do {
      const r = await gql(api.url, list, { limit: 5, next }, { token: reader });
      expect(r.body.errors).toBeUndefined();
      const page = r.body.data!.listItems as { items: Array<{ id: string }>; nextToken: string | null; scannedCount: number };
      ids.push(...page.items.map((i) => i.id));
      expect(page.scannedCount).toBe(page.items.length);
      next = page.nextToken;
      if (next) expect(() => JSON.parse(next!)).toThrow(); // opaque, not the raw key
      pages++;
    } while (next && pages < 10);
    expect(pages).toBe(3);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => `I${String(i).padStart(3, '0')}`));
    // Refused as AppSync refuses a token it cannot decrypt (the resolver here passes ctx.error on as it is).
    const bad = await gql(api.url, list, { limit: 5, next: 'garbage!' }, { token: reader });
    expect(bad.body.errors?.[0]).toMatchObject({
      errorType: 'DynamoDB:UserIllegalArgumentException',
      message: 'com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.',
    });
    // A token is bound to the caller: another user's token is refused alike.
    const first = await gql(api.url, list, { limit: 5, next: null }, { token: reader });
    const theirs = (first.body.data!.listItems as { nextToken: string }).nextToken;
    expect((await gql(api.url, list, { limit: 5, next: theirs }, { token: token() })).body.errors?.[0]).toMatchObject({ errorType: 'DynamoDB:UserIllegalArgumentException' });
  });
});

describe('request objects', () => {
  it('GetItem, UpdateItem with operations, DeleteItem', async () => {
    const key = { pk: 'U#1', sk: 'META' };
    await invokeDataSource(ds, ddb.put({ key, item: { name: 'u', n: 1, list: ['a'], nested: { x: 1, y: 2 } } }));
    const up = await invokeDataSource(ds, ddb.update({
      key,
      update: {
        n: ddb.operations.increment(4), list: ddb.operations.append(['b']), name: ddb.operations.remove(),
        nested: { y: 20 }, tags: ddb.operations.add(['t1']), added: 'new',
      },
      condition: { n: { eq: 1 } },
    }));
    expect(up.error).toBeUndefined();
    expect(up.result).toEqual({ pk: 'U#1', sk: 'META', n: 5, list: ['a', 'b'], nested: { x: 1, y: 20 }, tags: ['t1'], added: 'new' });
    const got = await invokeDataSource(ds, ddb.get({ key, projection: ['n', 'nested.x'] }));
    expect(got.result).toEqual({ n: 5, nested: { x: 1 } });
    const failed = await invokeDataSource(ds, ddb.update({ key, update: { n: 0 }, condition: { n: { eq: 1 } } }));
    expect(failed.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect((await invokeDataSource(ds, ddb.remove({ key }))).result).toMatchObject({ pk: 'U#1', n: 5 });
    expect((await invokeDataSource(ds, ddb.get({ key }))).result).toBeNull();
  });

  it('Query with index-free filter and scanIndexForward, Scan', async () => {
    for (const [sk, n] of [['A', 1], ['B', 2], ['C', 3]] as const) await invokeDataSource(ds, ddb.put({ key: { pk: 'Q', sk }, item: { n } }));
    const q = await invokeDataSource(ds, ddb.query({ query: { pk: { eq: 'Q' }, sk: { between: ['A', 'C'] } }, filter: { n: { ge: 2 } }, scanIndexForward: false }));
    expect(q.result).toEqual({ items: [{ pk: 'Q', sk: 'C', n: 3 }, { pk: 'Q', sk: 'B', n: 2 }], nextToken: null, scannedCount: 3 });
    const s = await invokeDataSource(ds, ddb.scan({ filter: { pk: { eq: 'Q' }, sk: { beginsWith: 'A' } } }));
    expect((s.result as { items: unknown[] }).items).toEqual([{ pk: 'Q', sk: 'A', n: 1 }]);
  });

  it('BatchGetItem keeps key order with null for missing; TransactWriteItems reports cancellation reasons', async () => {
    const bg = await invokeDataSource(ds, ddb.batchGet({ tables: { [TABLE]: { keys: [{ pk: 'Q', sk: 'C' }, { pk: 'Q', sk: 'nope' }, { pk: 'Q', sk: 'A' }] } } }));
    expect(bg.result).toEqual({ data: { [TABLE]: [{ pk: 'Q', sk: 'C', n: 3 }, null, { pk: 'Q', sk: 'A', n: 1 }] }, unprocessedKeys: { [TABLE]: [] } });
    const tw = await invokeDataSource(ds, ddb.transactWrite({ items: [
      { putItem: { table: TABLE, key: { pk: 'T', sk: '1' }, item: { v: 1 } } },
      { conditionCheck: { table: TABLE, key: { pk: 'Q', sk: 'A' }, condition: { n: { eq: 99 } } } },
    ] }));
    expect(tw.error?.type).toBe('DynamoDB:TransactionCanceledException');
    expect(tw.result).toEqual({
      keys: null,
      cancellationReasons: [{ type: 'None', message: null }, { type: 'ConditionalCheckFailed', message: expect.stringMatching(/^The conditional request failed/) }],
    });
    const ok = await invokeDataSource(ds, ddb.transactWrite({ items: [{ putItem: { table: TABLE, key: { pk: 'T', sk: '1' }, item: { v: 1 } } }] }));
    expect(ok.result).toEqual({ keys: [{ pk: 'T', sk: '1' }], cancellationReasons: null });
    const tg = await invokeDataSource(ds, ddb.transactGet({ items: [{ table: TABLE, key: { pk: 'T', sk: '1' } }, { table: TABLE, key: { pk: 'T', sk: '2' } }] }));
    expect(tg.result).toEqual({ items: [{ pk: 'T', sk: '1', v: 1 }, null], cancellationReasons: null });
  });

  it('Lambda and NONE data sources', async () => {
    const lambda: DataSourceConfig = { kind: 'LAMBDA', invoke: async (p) => { if ((p as { fail?: boolean }).fail) throw new Error('kaput'); return { echoed: p }; } };
    expect(await invokeDataSource(lambda, { operation: 'Invoke', payload: { a: 1 } })).toEqual({ result: { echoed: { a: 1 } } });
    expect(await invokeDataSource(lambda, { operation: 'Invoke', payload: { fail: true } })).toEqual({ result: null, error: { message: 'kaput', type: 'Lambda:Unhandled' } });
    expect(await invokeDataSource({ kind: 'NONE' }, { payload: [1, 2] })).toEqual({ result: [1, 2] });
  });
});
