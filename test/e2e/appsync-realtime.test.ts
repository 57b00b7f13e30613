// Local AppSync real-time endpoint: AppSync's graphql-ws protocol, connection and start authorization
// (Cognito and IAM), publication from @aws_subscribe mutations, argument and enhanced filters, ordering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, iamAuthHeader, RealtimeClient } from '../fixtures/appsync/helpers.ts';
import { startTestApi, type TestApi } from '../fixtures/appsync/setup.ts';

let api: TestApi;
let host: string;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  api = await startTestApi({ keepAliveMs: 150 });
  host = new URL(api.url).host;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await api?.close();
});

async function connect(token: string, mode: 'query' | 'subprotocol' = 'query') {
  const c = await RealtimeClient.connect(api.realtimeUrl, { host, Authorization: token }, mode);
  clients.push(c);
  return c;
}

const cognitoAuth = (token: string) => ({ host, Authorization: token });
const reader = () => api.pool.token({ 'cognito:groups': ['Reader'] });
const admin = () => api.pool.token({ 'cognito:groups': ['Admin'] });

async function publish(vars: Record<string, unknown>, selection = 'id name status count tags') {
  const r = await gql(api.url, `mutation P($id: ID!, $name: String, $status: String, $count: Int, $tags: [String]) {
    publishItem(id: $id, name: $name, status: $status, count: $count, tags: $tags) { ${selection} }
  }`, vars, { iam: true });
  expect(r.body.errors).toBeUndefined();
  return r;
}

const ON_ITEM = 'subscription S($id: ID, $status: String) { onItem(id: $id, status: $status) { id name status } }';

describe('connection', () => {
  it('acknowledges connection_init with connectionTimeoutMs and sends periodic ka', async () => {
    const c = await connect(reader());
    expect(c.ws.protocol).toBe('graphql-ws');
    expect(await c.init()).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
    await c.next((m) => m.type === 'ka');
    await c.next((m) => m.type === 'ka');
    await c.next((m) => m.type === 'ka', 1000);
  });

  it('accepts the auth header as a header-<base64url> subprotocol', async () => {
    const c = await connect(reader(), 'subprotocol');
    expect(c.ws.protocol).toBe('graphql-ws');
    expect((await c.init()).type).toBe('connection_ack');
  });

  it('answers connection_error (401) and closes for a bad token', async () => {
    const c = await connect(api.pool.token({}, { expiresIn: -10 }));
    expect(await c.init()).toEqual({
      type: 'connection_error',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
    });
    await c.closed;
  });

  it('accepts IAM-signed connections and starts as AppSync clients sign them', async () => {
    const c = await RealtimeClient.connect(api.realtimeUrl, await iamAuthHeader(api.url, '/connect', '{}'));
    clients.push(c);
    expect((await c.init()).type).toBe('connection_ack');
    const data = JSON.stringify({ query: ON_ITEM, variables: { id: 'iam-1' } });
    c.send({ id: 'i1', type: 'start', payload: { data, extensions: { authorization: await iamAuthHeader(api.url, '', data) } } });
    expect(await c.next((m) => m.id === 'i1')).toEqual({ type: 'start_ack', id: 'i1' });
    // A start whose signature does not cover its data is refused.
    const other = JSON.stringify({ query: ON_ITEM, variables: { id: 'iam-2' } });
    c.send({ id: 'i2', type: 'start', payload: { data: other, extensions: { authorization: await iamAuthHeader(api.url, '', data) } } });
    const err = await c.next((m) => m.id === 'i2');
    expect(err).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'InvalidSignatureException' }] } });
    await publish({ id: 'iam-1', name: 'via iam' });
    expect(await c.next((m) => m.type === 'data')).toEqual({ type: 'data', id: 'i1', payload: { data: { onItem: { id: 'iam-1', name: 'via iam', status: null } } } });
  });
});

describe('subscriptions', () => {
  it('starts, publishes to matching subscribers only, and completes on stop', async () => {
    const c = await connect(reader());
    await c.init();
    expect(await c.start('a', ON_ITEM, { id: 'item-a' }, cognitoAuth(reader()))).toEqual({ type: 'start_ack', id: 'a' });
    expect((await c.start('b', ON_ITEM, { id: 'item-b' }, cognitoAuth(reader()))).type).toBe('start_ack');
    expect((await c.start('open', ON_ITEM, { status: 'OPEN' }, cognitoAuth(reader()))).type).toBe('start_ack');

    await publish({ id: 'item-a', name: 'first', status: 'CLOSED' });
    await publish({ id: 'item-b', name: 'second', status: 'OPEN' });
    const d1 = await c.next((m) => m.type === 'data');
    const d2 = await c.next((m) => m.type === 'data');
    const d3 = await c.next((m) => m.type === 'data');
    expect([d1, d2, d3]).toEqual([
      { type: 'data', id: 'a', payload: { data: { onItem: { id: 'item-a', name: 'first', status: 'CLOSED' } } } },
      { type: 'data', id: 'b', payload: { data: { onItem: { id: 'item-b', name: 'second', status: 'OPEN' } } } },
      { type: 'data', id: 'open', payload: { data: { onItem: { id: 'item-b', name: 'second', status: 'OPEN' } } } },
    ]);

    c.send({ type: 'stop', id: 'a' });
    expect(await c.next((m) => m.id === 'a')).toEqual({ type: 'complete', id: 'a' });
    await publish({ id: 'item-a', name: 'after stop' });
    await publish({ id: 'item-b', name: 'marker' });
    const next = await c.next((m) => m.type === 'data');
    expect(next).toMatchObject({ id: 'b', payload: { data: { onItem: { name: 'marker' } } } });
  });

  it('gives a subscriber only its selection, null for fields the mutation did not select', async () => {
    const c = await connect(admin());
    await c.init();
    const q = 'subscription { item: onItem(id: "shape-1") { id count tags secret } }';
    expect((await c.start('s', q, {}, cognitoAuth(admin()))).type).toBe('start_ack');
    await publish({ id: 'shape-1', name: 'x', count: 3, tags: ['t'] }, 'id name count');
    expect(await c.next((m) => m.type === 'data')).toEqual({ type: 'data', id: 's', payload: { data: { item: { id: 'shape-1', count: 3, tags: null, secret: null } } } });
  });

  it('applies type and field directives to what a subscriber receives', async () => {
    const c = await connect(reader());
    await c.init();
    expect((await c.start('r', 'subscription { onItem(id: "sec-1") { id secret } }', {}, cognitoAuth(reader()))).type).toBe('start_ack');
    await publish({ id: 'sec-1' }, 'id');
    const d = await c.next((m) => m.type === 'data');
    expect(d.payload).toEqual({
      data: { onItem: { id: 'sec-1', secret: null } },
      errors: [expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access secret on type Item', path: ['onItem', 'secret'] })],
    });
  });

  it('refuses a subscription to callers outside its groups', async () => {
    const c = await connect(api.pool.token({}));
    await c.init();
    expect(await c.start('x', ON_ITEM, {}, cognitoAuth(api.pool.token({})))).toEqual({
      type: 'error', id: 'x', payload: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onItem on type Subscription' }] },
    });
    expect((await c.start('y', 'subscription { onAdminOnly { id } }', {}, cognitoAuth(reader()))).type).toBe('error');
    expect((await c.start('z', 'subscription { onAdminOnly { id } }', {}, cognitoAuth(admin()))).type).toBe('start_ack');
    // The start's own token is what counts, and a bad one is refused.
    expect(await c.start('w', ON_ITEM, {}, cognitoAuth('garbage'))).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Unable to parse JWT token.' }] } });
  });

  it('refuses queries and invalid documents on the real-time channel', async () => {
    const c = await connect(reader());
    await c.init();
    expect(await c.start('q', '{ getItem(id: "1") { id } }', {}, cognitoAuth(reader()))).toMatchObject({
      type: 'error', payload: { errors: [{ errorType: 'UnsupportedOperation', message: 'query not supported through the realtime channel' }] },
    });
    expect((await c.start('v', 'subscription { onItem { nope } }', {}, cognitoAuth(reader()))).type).toBe('error');
  });

  it('runs the subscription resolver: enhanced filters from setSubscriptionFilter, util.error rejects', async () => {
    const c = await connect(reader());
    await c.init();
    const q = 'subscription F($min: Int!) { onFiltered(minCount: $min) { id count status tags } }';
    expect(await c.start('bad', q, { min: -1 }, cognitoAuth(reader()))).toEqual({
      type: 'error', id: 'bad', payload: { errors: [{ errorType: 'BadFilter', message: 'minCount must not be negative' }] },
    });
    expect((await c.start('f', q, { min: 5 }, cognitoAuth(reader()))).type).toBe('start_ack');
    // count >= 5 AND (status = OPEN OR tags contains urgent)
    await publish({ id: 'f1', count: 3, status: 'OPEN' });
    await publish({ id: 'f2', count: 7, status: 'CLOSED', tags: ['normal'] });
    await publish({ id: 'f3', count: 7, status: 'OPEN' });
    await publish({ id: 'f4', count: 9, status: 'CLOSED', tags: ['x', 'urgent'] });
    const got = [await c.next((m) => m.type === 'data'), await c.next((m) => m.type === 'data')];
    expect(got.map((m) => (m.payload as { data: { onFiltered: { id: string } } }).data.onFiltered.id)).toEqual(['f3', 'f4']);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.messages.filter((m) => m.type === 'data')).toHaveLength(2);
  });

  it('ends subscriptions whose invalidation filter matches extensions.invalidateSubscriptions', async () => {
    const c = await connect(admin());
    await c.init();
    // Subscription arguments are matched against result fields, so `keep` (no topic) is the one that still receives data.
    expect((await c.start('keep', 'subscription { onAdminOnly { id } }', {}, cognitoAuth(admin()))).type).toBe('start_ack');
    expect((await c.start('other', 'subscription { onAdminOnly(topic: "other") { id } }', {}, cognitoAuth(admin()))).type).toBe('start_ack');
    expect((await c.start('kill', 'subscription { onAdminOnly(topic: "maintenance") { id } }', {}, cognitoAuth(admin()))).type).toBe('start_ack');
    expect((await gql(api.url, 'mutation { closeAdminFeeds(reason: "maintenance") }', {}, { iam: true })).body).toEqual({ data: { closeAdminFeeds: true } });
    expect(await c.next((m) => m.id === 'kill' || m.id === 'other')).toEqual({ type: 'complete', id: 'kill' });
    await publish({ id: 'after-invalidation' }, 'id');
    expect(await c.next((m) => m.type === 'data')).toEqual({ type: 'data', id: 'keep', payload: { data: { onAdminOnly: { id: 'after-invalidation' } } } });
  });

  it('delivers 50 rapid publications in mutation order', async () => {
    const c = await connect(reader());
    await c.init();
    expect((await c.start('o', ON_ITEM, { status: 'SEQ' }, cognitoAuth(reader()))).type).toBe('start_ack');
    const started = Date.now();
    for (let i = 0; i < 50; i++) await publish({ id: `seq-${i}`, status: 'SEQ' }, 'id status');
    const received: string[] = [];
    for (let i = 0; i < 50; i++) {
      const m = await c.next((x) => x.type === 'data');
      received.push((m.payload as { data: { onItem: { id: string } } }).data.onItem.id);
    }
    expect(received).toEqual(Array.from({ length: 50 }, (_, i) => `seq-${i}`));
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
