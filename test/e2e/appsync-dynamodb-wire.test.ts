// The local AppSync's DynamoDB data source answers the same over DynamoDB's wire protocol (its default, for a
// client with an endpoint) as through the SDK client: every request object kind, successes and failures,
// against the run's DynamoDB Local. Each path works on keys of its own; answers are compared with those keys
// and request ids put aside.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ddbClient, ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { invokeDataSource, type DataSourceConfig } from '../../infra/local/appsync/datasources.ts';
import { dynamodbHelpers } from '../../infra/local/appsync/runtime/dynamodb-helpers.ts';
import { DynamoDBWire, wireFor } from '../../infra/local/appsync/dynamodb-wire.ts';

const TABLE = 'appsync-wire-test';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ddb = dynamodbHelpers() as any;
let ddbLocal: DynamoDbLocal;
let client: DynamoDBClient;
let wire: DataSourceConfig;
let sdk: DataSourceConfig;

beforeAll(async () => {
  const shared = (inject('endpoints') as { dynamodbEndpoint?: string } | undefined)?.dynamodbEndpoint;
  ddbLocal = shared ? { endpoint: shared, stop: async () => {} } : await startDynamoDbLocal();
  client = ddbClient(ddbLocal.endpoint);
  await ensureTable(client, TABLE);
  wire = { kind: 'DYNAMODB', client, tableName: TABLE };
  // The same client seen without its endpoint configuration: the data source sends through client.send.
  sdk = { kind: 'DYNAMODB', client: { send: client.send.bind(client) } as unknown as DynamoDBClient, tableName: TABLE };
});
afterAll(async () => {
  client?.destroy();
  await ddbLocal?.stop();
});

/** The requests of one path, on keys under `p`. */
function requests(p: string): Array<[string, unknown, string?]> {
  const bin = Buffer.from(`bytes-${p}`).toString('base64');
  return [
    ['put', ddb.put({ key: { pk: `${p}#A`, sk: '1' }, item: { n: 1, s: 'x', l: [1, 'a', { m: true }], big: 9007199254740991, neg: -0.5, nul: null } })],
    ['put binary and sets', { operation: 'PutItem', key: { pk: { S: `${p}#B` }, sk: { S: '1' } },
      attributeValues: { b: { B: bin }, bs: { BS: [bin] }, ss: { SS: ['q', 'r'] }, ns: { NS: ['1', '2.5'] } } }],
    ['get binary and sets', ddb.get({ key: { pk: `${p}#B`, sk: '1' }, consistentRead: true })],
    ['put again, same item (condition fails, same item: success)', ddb.put({ key: { pk: `${p}#A`, sk: '1' }, item: { n: 1, s: 'x', l: [1, 'a', { m: true }], big: 9007199254740991, neg: -0.5, nul: null }, condition: { pk: { attributeExists: false } } })],
    ['put again, other item (condition fails)', ddb.put({ key: { pk: `${p}#A`, sk: '1' }, item: { n: 2 }, condition: { pk: { attributeExists: false } } })],
    ['get', ddb.get({ key: { pk: `${p}#A`, sk: '1' }, consistentRead: true })],
    ['get missing', ddb.get({ key: { pk: `${p}#none`, sk: '1' } })],
    ['get projected', ddb.get({ key: { pk: `${p}#A`, sk: '1' }, projection: ['s', 'l'] })],
    ['update', ddb.update({ key: { pk: `${p}#A`, sk: '1' }, update: { n: ddb.operations.increment(5), t: 'added' } })],
    ['update refused', ddb.update({ key: { pk: `${p}#A`, sk: '1' }, update: { n: 0 }, condition: { n: { eq: -1 } } })],
    ['seed', ddb.batchPut({ tables: { [TABLE]: [1, 2, 3, 4, 5].map((i) => ({ pk: `${p}#L`, sk: `S${i}`, i })) } })],
    ['query page 1', ddb.query({ query: { pk: { eq: `${p}#L` } }, limit: 2 })],
    ['query filtered backwards', ddb.query({ query: { pk: { eq: `${p}#L` }, sk: { beginsWith: 'S' } }, filter: { i: { gt: 2 } }, scanIndexForward: false })],
    ['query bad token', ddb.query({ query: { pk: { eq: `${p}#L` } }, nextToken: 'not-a-token' })],
    ['batch get', ddb.batchGet({ tables: { [TABLE]: { keys: [{ pk: `${p}#L`, sk: 'S3' }, { pk: `${p}#L`, sk: 'nope' }, { pk: `${p}#L`, sk: 'S1' }] } } })],
    ['transact get', ddb.transactGet({ items: [{ table: TABLE, key: { pk: `${p}#L`, sk: 'S2' } }, { table: TABLE, key: { pk: `${p}#L`, sk: 'S9' } }] })],
    ['transact write cancelled', ddb.transactWrite({ items: [
      { putItem: { table: TABLE, key: { pk: `${p}#T`, sk: '1' }, item: { v: 1 } } },
      { conditionCheck: { table: TABLE, key: { pk: `${p}#L`, sk: 'S1' }, condition: { i: { eq: 99 } } } },
    ] })],
    ['transact write', ddb.transactWrite({ items: [{ putItem: { table: TABLE, key: { pk: `${p}#T`, sk: '1' }, item: { v: 1 } } }, { deleteItem: { table: TABLE, key: { pk: `${p}#L`, sk: 'S5' } } }] })],
    ['batch delete', ddb.batchDelete({ tables: { [TABLE]: [{ pk: `${p}#L`, sk: 'S4' }] } })],
    ['delete', ddb.remove({ key: { pk: `${p}#A`, sk: '1' } })],
    ['delete gone (condition fails, nothing there: success)', ddb.remove({ key: { pk: `${p}#A`, sk: '1' }, condition: { pk: { attributeExists: true } } })],
    ['unknown table', ddb.get({ key: { pk: `${p}#A`, sk: '1' } }), 'no-such-table'],
    ['invalid expression', { operation: 'Query', query: { expression: 'pk = = :v', expressionValues: { ':v': { S: 'x' } } } }],
  ];
}

/** Keys with the path's prefix as P, request ids, the path's bytes and nextTokens (sealed, with a fresh IV each) put aside. */
const normalize = (v: unknown, p: string) => JSON.parse(JSON.stringify(v ?? null, (k, x) =>
  (k === 'nextToken' && typeof x === 'string' ? 'TOKEN' : x))
  .replaceAll(p, 'P')
  .replaceAll(Buffer.from(`bytes-${p}`).toString('base64'), 'BIN')
  .replace(/Request ID: [A-Za-z0-9-]+/g, 'Request ID: X'));

describe('wire and SDK', () => {
  it('the wire serves a client with an endpoint, the SDK one without', async () => {
    expect(await wireFor(client)).toBeInstanceOf(DynamoDBWire);
    expect(await wireFor((sdk as { client: DynamoDBClient }).client)).toBeUndefined();
  });

  it('answer every request kind alike', async () => {
    const run = Math.random().toString(36).slice(2, 8);
    const [pw, ps] = [`wire-${run}`, `sdk-${run}`];
    const w = requests(pw);
    const s = requests(ps);
    for (let i = 0; i < w.length; i++) {
      const table = w[i][2] ?? TABLE;
      const viaWire = await invokeDataSource({ ...wire, tableName: table } as DataSourceConfig, w[i][1]);
      const viaSdk = await invokeDataSource({ ...sdk, tableName: table } as DataSourceConfig, s[i][1]);
      expect(normalize(viaWire, pw), w[i][0]).toEqual(normalize(viaSdk, ps));
    }
  });

  it('pages with tokens either path reads', async () => {
    const run = Math.random().toString(36).slice(2, 8);
    await invokeDataSource(wire, ddb.batchPut({ tables: { [TABLE]: [1, 2, 3].map((i) => ({ pk: `page-${run}`, sk: `S${i}` })) } }));
    const first = await invokeDataSource(wire, ddb.query({ query: { pk: { eq: `page-${run}` } }, limit: 2 }));
    const token = (first.result as { nextToken: string }).nextToken;
    const [byWire, bySdk] = await Promise.all([wire, sdk].map((d) => invokeDataSource(d, ddb.query({ query: { pk: { eq: `page-${run}` } }, limit: 2, nextToken: token }))));
    expect(byWire.result).toEqual(bySdk.result);
    expect((byWire.result as { items: Array<{ sk: string }> }).items.map((x) => x.sk)).toEqual(['S3']);
  });
});
