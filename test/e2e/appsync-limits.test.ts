// Cost limits of the local AppSync (issue 11, part 3): query depth measured once per fragment, fragment
// cycles refused, the resolver-count limit (refused before running when the document alone exceeds it,
// counted per invocation otherwise), the request body size limit and introspection by stage.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { QUERY_DEPTH_LIMIT, RESOLVER_COUNT_LIMIT } from '../../infra/api.ts';
import { MAX_REQUEST_BYTES } from '../../infra/local/appsync/http.ts';
import { createLocalAppSync, type LocalAppSync } from '../../infra/local/appsync/index.ts';
import { bundle, CLIENT_ID, gql as rawGql, lookup, POOL_ID, REGION, startUserPool, type UserPool } from '../fixtures/appsync/helpers.ts';
import { gql, login } from '../support/client.ts';

const ep = inject('endpoints');
let admin: string;

beforeAll(async () => {
  admin = await login(ep, 'admin');
});

/** Each fragment spreads the previous one twice: a 1 kB document whose expansion doubles per level. */
function nestedSpreads(levels: number, field: string) {
  let doc = `query Q { ...F${levels} }\nfragment F0 on Query { ${field} }\n`;
  for (let i = 1; i <= levels; i++) doc += `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }\n`;
  return doc;
}

/** Nested spreads that also nest fields: `levels` deep once expanded (deeper than any limit), about 1 kB. */
function deepNestedSpreads(levels: number) {
  let doc = `query Q { ...F${levels} }\nfragment F0 on Query { health { status } }\n`;
  for (let i = 1; i <= levels; i++) doc += `fragment F${i} on Query { n { ...F${i - 1} ...F${i - 1} } }\n`;
  return doc;
}

describe('query depth (QUERY_DEPTH_LIMIT), measured once per fragment', () => {
  it('refuses a 1 kB document of nested fragment spreads that is too deep, with a validation error and no data', async () => {
    const doc = deepNestedSpreads(22);
    expect(doc.length).toBeLessThan(1100);
    const r = await gql(ep, admin, doc);
    expect(r.status).toBe(200);
    expect(r.data).toBeNull();
    expect(r.errors).toEqual([
      expect.objectContaining({ errorType: 'ValidationError', message: `Query depth limit of ${QUERY_DEPTH_LIMIT} exceeded: the operation is 24 levels deep.` }),
    ]);
  });

  it('answers a 1 kB document of nested spreads that stays shallow (each fragment selected once, as graphql-js does)', async () => {
    const doc = nestedSpreads(24, 'health { status }');
    expect(doc.length).toBeLessThan(1100);
    const r = await gql<{ health: { status: string } }>(ep, admin, doc);
    expect(r.errors).toBeUndefined();
    expect(r.data?.health.status).toEqual(expect.any(String));
  });

  it('refuses fragment cycles as graphql-js NoFragmentCycles does', async () => {
    const r = await gql(ep, admin, 'query Q { ...A }\nfragment A on Query { health { status } ...B }\nfragment B on Query { ...A }');
    expect(r.data).toBeNull();
    expect(r.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: 'Cannot spread fragment "A" within itself via "B".' });
    const self = await gql(ep, admin, 'query Q { ...A }\nfragment A on Query { ...A }');
    expect(self.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: 'Cannot spread fragment "A" within itself.' });
  });
});

describe('resolver count (RESOLVER_COUNT_LIMIT)', () => {
  it('refuses 1,000 aliases of one field before running any, with AppSync\'s ResolverExecutionLimitReached', async () => {
    const doc = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: health { status }`).join(' ')} }`;
    const r = await gql(ep, admin, doc);
    expect(r.status).toBe(200);
    expect(r.data).toBeNull();
    expect(r.errors).toEqual([expect.objectContaining({ errorType: 'ResolverExecutionLimitReached', message: `Resolver invocation limit of ${RESOLVER_COUNT_LIMIT} reached.` })]);
  });

  it('runs a document at the limit', async () => {
    const doc = `{ ${Array.from({ length: RESOLVER_COUNT_LIMIT }, (_, i) => `a${i}: me { username }`).join(' ')} }`;
    const r = await gql<Record<string, { username: string }>>(ep, admin, doc);
    expect(r.errors).toBeUndefined();
    expect(Object.keys(r.data ?? {})).toHaveLength(RESOLVER_COUNT_LIMIT);
  });

  it('refuses a document whose fragments expand to too many fields, before running it', async () => {
    // Four aliases per level, each spreading the level below: 4^8 fields once expanded, in under 800 bytes.
    let doc = 'query Q { ...W8 }\nfragment W0 on Query { __typename }\n';
    for (let i = 1; i <= 8; i++) doc += `fragment W${i} on Query { ${[0, 1, 2, 3].map((k) => `a${k}: n { ...W${i - 1} }`).join(' ')} }\n`;
    expect(doc.length).toBeLessThan(800);
    const r = await gql(ep, admin, doc);
    expect(r.data).toBeNull();
    expect(r.errors).toEqual([expect.objectContaining({ errorType: 'ValidationError', message: expect.stringMatching(/^Query selects \d+ fields, more than the limit of 10000\.$/) })]);
    // Plain aliases count too.
    const wide = `query Q { ${Array.from({ length: 10_001 }, (_, k) => `t${k}: __typename`).join(' ')} }`;
    const w = await gql(ep, admin, wide);
    expect(w.data).toBeNull();
    expect(w.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: 'Query selects 10001 fields, more than the limit of 10000.' });
  });
});

describe('request body size', () => {
  it(`answers a body over ${MAX_REQUEST_BYTES} bytes 413 with a request-level error, and one just under it normally`, async () => {
    const big = JSON.stringify({ query: '{ health { status } }', variables: { pad: 'x'.repeat(MAX_REQUEST_BYTES) } });
    const res = await fetch(ep.graphql, { method: 'POST', headers: { 'content-type': 'application/json', authorization: admin }, body: big });
    expect(res.status).toBe(413);
    expect(res.headers.get('x-amzn-errortype')).toBe('PayloadTooLargeException');
    expect(await res.json()).toEqual({ errors: [{ errorType: 'PayloadTooLargeException', message: `Request payload size exceeds the limit of ${MAX_REQUEST_BYTES} bytes.` }] });
    const fits = JSON.stringify({ query: '{ health { status } }', variables: { pad: 'x'.repeat(MAX_REQUEST_BYTES - 100) } });
    const ok = await fetch(ep.graphql, { method: 'POST', headers: { 'content-type': 'application/json', authorization: admin }, body: fits });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { errors?: unknown }).errors).toBeUndefined();
  });
});

describe('introspection', () => {
  it('is on in the local default stage', async () => {
    expect(ep.stage).not.toBe('prod');
    const r = await gql<{ __schema: { queryType: { name: string } } }>(ep, admin, '{ __schema { queryType { name } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('a local AppSync of its own: per-invocation counting and the prod stage', () => {
  const SCHEMA = /* GraphQL */ `
    type Item { id: ID! detail: String }
    type Query { items: [Item] one: String }
  `;
  let pool: UserPool;
  let api: LocalAppSync;
  let url: string;
  let prodApi: LocalAppSync;
  let prodUrl: string;

  beforeAll(async () => {
    pool = await startUserPool();
    const resolvers = [
      { typeName: 'Query', fieldName: 'items', dataSource: 'none', code: await bundle(`export function request() { return { payload: [1, 2, 3, 4, 5].map((i) => ({ id: String(i) })) }; }\nexport function response(ctx) { return ctx.result; }`) },
      { typeName: 'Item', fieldName: 'detail', dataSource: 'none', code: await bundle(`export function request(ctx) { return { payload: 'd' + ctx.source.id }; }\nexport function response(ctx) { return ctx.result; }`) },
      { typeName: 'Query', fieldName: 'one', dataSource: 'none', code: await bundle(`export function request() { return { payload: '1' }; }\nexport function response(ctx) { return ctx.result; }`) },
    ];
    const base = {
      schemaSdl: SCHEMA, resolvers, dataSources: { none: { kind: 'NONE' as const } },
      auth: { cognito: { issuer: pool.issuer, jwksUri: pool.jwksUri, clientId: CLIENT_ID, userPoolId: POOL_ID }, iam: { region: REGION, lookup } },
    };
    api = createLocalAppSync({ ...base, resolverCountLimit: 4, stage: 'dev' });
    url = (await api.listen(0)).url;
    prodApi = createLocalAppSync({ ...base, stage: 'prod' });
    prodUrl = (await prodApi.listen(0)).url;
  });
  afterAll(async () => {
    await api?.close();
    await prodApi?.close();
    await pool?.close();
  });

  it('counts each field with a resolver per list item, as AppSync does: invocations past the limit answer null with its error', async () => {
    const r = await rawGql(url, '{ items { id detail } }', {}, { token: pool.token() });
    expect(r.status).toBe(200);
    // items (1) + detail for items 1–3 (2, 3, 4); items 4 and 5 are past the limit of 4.
    expect(r.body.data).toEqual({ items: [{ id: '1', detail: 'd1' }, { id: '2', detail: 'd2' }, { id: '3', detail: 'd3' }, { id: '4', detail: null }, { id: '5', detail: null }] });
    expect(r.body.errors).toEqual([3, 4].map((i) => expect.objectContaining({ path: ['items', i, 'detail'], errorType: 'ResolverExecutionLimitReached', message: 'Resolver invocation limit of 4 reached.' })));
    expect((await rawGql(url, '{ items { id } }', {}, { token: pool.token() })).body.errors).toBeUndefined();
  });

  it('refuses introspection in a stage named prod (AppSync introspectionConfig DISABLED), keeps __typename', async () => {
    const r = await rawGql(prodUrl, '{ __schema { types { name } } }', {}, { token: pool.token() });
    expect(r.body.data).toBeNull();
    expect(r.body.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: "Validation error of type FieldUndefined: Field '__schema' in type 'Query' is undefined @ '__schema'" });
    const type = await rawGql(prodUrl, '{ __type(name: "Item") { name } }', {}, { token: pool.token() });
    expect(type.body.errors?.[0]).toMatchObject({ errorType: 'ValidationError' });
    expect((await rawGql(prodUrl, '{ __typename one }', {}, { token: pool.token() })).body).toEqual({ data: { __typename: 'Query', one: '1' } });
    expect((await rawGql(url, '{ __schema { queryType { name } } }', {}, { token: pool.token() })).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
