// What crosses between APPSYNC_JS handlers is JSON, as in AppSync: the executor passes plain answers on without
// copying them, and copies whatever a copy would change (undefined, Dates, NaN, a shared object, an object
// other handlers reach through ctx.stash, ctx.args or ctx.identity). And DynamoDB items read as resolvers
// always saw them (@aws-sdk/util-dynamodb's unmarshall, sets as lists, binary as base64).
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { invokeDataSource, type DataSourceConfig } from '../../infra/local/appsync/datasources.ts';
import { loadResolverCode } from '../../infra/local/appsync/runtime/loader.ts';
import { ResolverExecutor, newInvocation, type CompiledResolver, type ResolverCall } from '../../infra/local/appsync/runtime/executor.ts';
import { bundle } from '../fixtures/appsync/helpers.ts';

const call = (args: Record<string, unknown> = {}): ResolverCall => ({
  args, source: null, identity: { sub: 'u1', claims: { sub: 'u1', groups: ['Admin'] } }, authMode: 'AMAZON_COGNITO_USER_POOLS', headers: {},
  info: { fieldName: 'f', parentTypeName: 'Query', variables: {}, selectionSetList: [], selectionSetGraphQL: '' },
});
const mod = async (source: string) => loadResolverCode(await bundle(source), 'f.js');
const unit = async (source: string, dataSource = 'NONE'): Promise<CompiledResolver> => ({ typeName: 'Query', fieldName: 'f', module: await mod(source), dataSource });
const pipeline = async (source: string, functions: string[]): Promise<CompiledResolver> => ({
  typeName: 'Query', fieldName: 'f', module: await mod(source),
  functions: await Promise.all(functions.map(async (f, i) => ({ name: `fn${i}`, module: await mod(f), dataSource: 'NONE' }))),
});
const run = (r: CompiledResolver, c = call(), dataSources = new Map<string, DataSourceConfig>()) =>
  new ResolverExecutor(dataSources, () => {}).run(r, c, newInvocation(c));
const NONE_PAYLOAD = 'export function request(ctx) { return { payload: ctx.prev.result }; }';

describe('values between handlers', () => {
  it('reach GraphQL as JSON carries them: undefined dropped, Dates as ISO text, NaN as null', async () => {
    const r = await unit(`
      export function request() { return { payload: 1 }; }
      export function response() {
        return { a: undefined, d: new Date(0), n: NaN, f: () => 1, nested: { x: undefined, y: [undefined, 1] } };
      }`);
    const out = (await run(r)) as Record<string, unknown>;
    expect(out).toStrictEqual({ d: '1970-01-01T00:00:00.000Z', n: null, nested: { y: [null, 1] } });
    expect(Object.keys(out)).toEqual(['d', 'n', 'nested']);
  });

  it('reach the next pipeline function as JSON too', async () => {
    const r = await pipeline('export function request() { return {}; }\nexport function response(ctx) { return ctx.prev.result; }', [
      `${NONE_PAYLOAD}\nexport function response() { return { keep: 1, drop: undefined, when: new Date(0) }; }`,
      `${NONE_PAYLOAD}\nexport function response(ctx) { return { keys: Object.keys(ctx.prev.result), when: typeof ctx.prev.result.when }; }`,
    ]);
    expect(await run(r)).toEqual({ keys: ['keep', 'when'], when: 'string' });
  });

  it('never share an object with ctx.stash, ctx.args or ctx.identity: changing one leaves the other', async () => {
    const r = await pipeline(`
      export function request(ctx) { ctx.stash.shared = { n: 1 }; return ctx.stash.shared; }
      export function response(ctx) {
        ctx.prev.result.n = 5;
        return { prev: ctx.prev.result.n, stash: ctx.stash.shared.n, args: ctx.args.input.n, claims: ctx.identity.claims.groups };
      }`, [
      // The before handler's answer is the stash's object: the first function gets a copy.
      `${NONE_PAYLOAD}\nexport function response(ctx) { ctx.prev.result.n = 2; return ctx.args.input; }`,
      // The answer is ctx.args.input itself: the next function gets a copy.
      `${NONE_PAYLOAD}\nexport function response(ctx) { ctx.prev.result.n = 3; return ctx.identity.claims.groups; }`,
      `${NONE_PAYLOAD}\nexport function response(ctx) { ctx.prev.result.push('Changed'); return ctx.stash.shared; }`,
    ]);
    const c = call({ input: { n: 0 } });
    expect(await run(r, c)).toEqual({ prev: 5, stash: 1, args: 0, claims: ['Admin'] });
    expect(c.args).toEqual({ input: { n: 0 } });
    expect(c.identity).toEqual({ sub: 'u1', claims: { sub: 'u1', groups: ['Admin'] } });
  });

  it('copy an object reached twice into two, as JSON does', async () => {
    const r = await pipeline('export function request() { return {}; }\nexport function response(ctx) { return ctx.prev.result; }', [
      `${NONE_PAYLOAD}\nexport function response() { const o = { n: 1 }; return { a: o, b: o }; }`,
      `${NONE_PAYLOAD}\nexport function response(ctx) { ctx.prev.result.a.n = 2; return ctx.prev.result; }`,
    ]);
    expect(await run(r)).toEqual({ a: { n: 2 }, b: { n: 1 } });
  });

  it('fail the field as a JSON copy always did for a cycle or a bigint', async () => {
    await expect(run(await unit('export function request() { return { payload: 1 }; }\nexport function response() { const o = {}; o.self = o; return o; }')))
      .rejects.toThrow(/circular/i);
    await expect(run(await unit('export function request() { return { payload: 1 }; }\nexport function response() { return { n: 10n }; }')))
      .rejects.toThrow(/BigInt/);
  });

  it('give the response handler the data source answer to change as it likes', async () => {
    const r = await unit(`
      export function request(ctx) { return { payload: { items: [{ id: 'a' }, { id: 'b' }] } }; }
      export function response(ctx) { ctx.result.items.forEach((i) => { i.seen = true; }); return ctx.result; }`);
    expect(await run(r)).toEqual({ items: [{ id: 'a', seen: true }, { id: 'b', seen: true }] });
  });
});

/** The SDK path of the data source (a client without a custom endpoint), answering what `answer` gives. */
const fakeDynamoDB = (answer: () => unknown): DataSourceConfig => ({
  kind: 'DYNAMODB', tableName: 't', client: { send: async () => answer() } as unknown as DynamoDBClient,
});

/** What the data source gave resolvers before it read items in one pass: unmarshall, then sets and bytes. */
function reference(v: unknown): unknown {
  if (v instanceof Set) return [...v].map(reference);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(reference);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reference(x)]));
  return v;
}

describe('DynamoDB items', () => {
  const item = {
    s: { S: 'x' }, n: { N: '12.5' }, neg: { N: '-3' }, b: { B: new Uint8Array([1, 2, 3]) }, t: { BOOL: true }, nul: { NULL: true },
    l: { L: [{ S: 'a' }, { N: '1' }, { M: { z: { S: 'q' }, 1: { N: '2' } } }] }, m: { M: { inner: { L: [] }, e: { M: {} } } },
    ss: { SS: ['a', 'b', 'a'] }, ns: { NS: ['1', '2', '1.0'] }, bs: { BS: [new Uint8Array([9]), new Uint8Array([8])] },
  };

  it('read as unmarshall and the set and binary conversion read them', async () => {
    const out = await invokeDataSource(fakeDynamoDB(() => ({ Item: structuredClone(item) })), { operation: 'GetItem', key: { pk: { S: 'a' } } });
    expect(out.result).toStrictEqual(reference(unmarshall(structuredClone(item))));
    expect(out.result).toStrictEqual({
      s: 'x', n: 12.5, neg: -3, b: 'AQID', t: true, nul: null, l: ['a', 1, { 1: 2, z: 'q' }], m: { inner: [], e: {} },
      ss: ['a', 'b'], ns: [1, 2], bs: ['CQ==', 'CA=='],
    });
  });

  it('refuse what unmarshall refuses, with its words', async () => {
    for (const bad of [{ X: 1 }, {}]) {
      let expected = '';
      try {
        unmarshall({ a: bad } as never);
      } catch (e) {
        expected = (e as Error).message;
      }
      const out = await invokeDataSource(fakeDynamoDB(() => ({ Item: { a: bad } })), { operation: 'GetItem', key: { pk: { S: 'a' } } });
      expect(out.error?.message.startsWith(`${expected} (Service: DynamoDb`)).toBe(true);
    }
  });

  it('hand a number beyond the safe integers to the field as a bigint, which fails it as before', async () => {
    const ds = fakeDynamoDB(() => ({ Item: { big: { N: '123456789012345678901' } } }));
    expect((await invokeDataSource(ds, { operation: 'GetItem', key: { pk: { S: 'a' } } })).result).toEqual({ big: 123456789012345678901n });
    const r = await unit('export function request() { return { operation: "GetItem", key: { pk: { S: "a" } } }; }\nexport function response(ctx) { return ctx.result; }', 'table');
    await expect(run(r, call(), new Map([['table', ds]]))).rejects.toThrow(/serialize a BigInt/);
  });
});
