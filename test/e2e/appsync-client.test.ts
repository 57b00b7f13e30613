// AWS's own AppSync client (aws-appsync-auth-link + aws-appsync-subscription-link on Apollo Client)
// against the local stack, unchanged: queries over HTTP and subscriptions over the real-time endpoint,
// with a Cognito user-pool token and with IAM (SigV4-signed handshake and start).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createRequire } from 'node:module';
import type * as AuthLink from 'aws-appsync-auth-link';
import type * as SubscriptionLink from 'aws-appsync-subscription-link';
import { errorOf, gql, login, ok } from '../support/client.ts';

// The CommonJS builds, as Node apps load them: the ESM build of aws-appsync-auth-link reads `Sha256`
// off a namespace import of a CommonJS module, which only bundlers resolve. One module system keeps
// Apollo's link classes one set.
const require = createRequire(import.meta.url);
type Apollo = typeof import('@apollo/client', { with: { 'resolution-mode': 'require' } });
const { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql: tag } = require('@apollo/client') as Apollo;
const { AUTH_TYPE, createAuthLink } = require('aws-appsync-auth-link') as typeof AuthLink;
const { createSubscriptionHandshakeLink } = require('aws-appsync-subscription-link') as typeof SubscriptionLink;
type AuthOptions = AuthLink.AuthOptions;
type ApolloClient = InstanceType<Apollo['ApolloClient']>;

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);

// The link expects a browser-style WebSocket global (Node 20 has none).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

function client(auth: AuthOptions) {
  const config = { url: ep.graphql, region: ep.region, auth };
  return new ApolloClient({
    link: ApolloLink.from([
      createAuthLink(config),
      // The auth link signs the body it expects; Apollo 4's default client-awareness `extensions` would
      // change the body after signing (real AppSync refuses that too).
      createSubscriptionHandshakeLink(config, new HttpLink({ uri: ep.graphql, enhancedClientAwareness: { transport: false } })),
    ]),
    cache: new InMemoryCache(),
  });
}

const CHANGES = tag`subscription { onProtectionGroupChanged { id action name version group { id name sourceServerIds } } }`;

let admin: string;
const clients: ApolloClient[] = [];
beforeAll(async () => {
  admin = await login(ep, 'admin');
});
afterAll(() => clients.forEach((c) => c.stop()));

/** Subscribes with the AWS client and resolves with the first change for `name`. */
function watch(c: ApolloClient, name: string) {
  let sub: { unsubscribe(): void } | undefined;
  const received = new Promise<Record<string, unknown>>((resolve, reject) => {
    sub = c.subscribe({ query: CHANGES }).subscribe({
      next: (r) => {
        const change = (r.data as { onProtectionGroupChanged?: Record<string, unknown> } | undefined)?.onProtectionGroupChanged;
        if (change?.name === name) resolve(change);
      },
      error: reject,
    });
  });
  return { received, stop: () => sub?.unsubscribe() };
}

async function freeServer(): Promise<string> {
  const r = ok(await gql<{ listSourceServers: { items: Array<{ sourceServerId: string; assignedProtectionGroupId: string | null }> } }>(ep, admin,
    'query { listSourceServers(region: "us-west-2") { items { sourceServerId assignedProtectionGroupId } } }'));
  return r.listSourceServers.items.filter((s) => !s.assignedProtectionGroupId).slice(-1)[0].sourceServerId;
}

describe("AWS's AppSync client libraries", () => {
  it('query and subscribe with a Cognito user-pool token', async () => {
    const c = client({ type: AUTH_TYPE.AMAZON_COGNITO_USER_POOLS, jwtToken: admin });
    clients.push(c);
    const listed = await c.query({ query: tag`query { listProtectionGroups(limit: 5) { items { id name } nextToken } }` });
    expect((listed.data as { listProtectionGroups: { items: unknown[] } }).listProtectionGroups.items.length).toBeLessThanOrEqual(5);

    const name = `client-cognito-${run}`;
    const w = watch(c, name);
    // The handshake and start are asynchronous: retry the change until the subscriber is live.
    await new Promise((r) => setTimeout(r, 500));
    const g = ok(await gql<{ createProtectionGroup: { id: string } }>(ep, admin,
      'mutation C($i: CreateProtectionGroupInput!) { createProtectionGroup(input: $i) { id } }',
      { i: { name, region: 'us-west-2', serverSelectionTags: [{ key: 'ClientTest', value: `${run}-cognito` }] } })).createProtectionGroup;
    const change = await w.received;
    w.stop();
    expect(change).toMatchObject({ id: g.id, action: 'CREATED', name, version: 1, group: { id: g.id, name, sourceServerIds: [] } });
    ok(await gql(ep, admin, 'mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id } }', { id: g.id }));
  });

  it('query and subscribe with IAM: the client signs the HTTP call, the handshake and the start', async () => {
    const c = client({ type: AUTH_TYPE.AWS_IAM, credentials: ep.credentials });
    clients.push(c);
    const listed = await c.query({ query: tag`query { listProtectionGroups(limit: 1) { items { id } } }` });
    expect((listed.data as { listProtectionGroups: { items: unknown[] } }).listProtectionGroups).toBeDefined();

    const name = `client-iam-${run}`;
    const w = watch(c, name);
    await new Promise((r) => setTimeout(r, 500));
    const g = ok(await gql<{ createProtectionGroup: { id: string } }>(ep, admin,
      'mutation C($i: CreateProtectionGroupInput!) { createProtectionGroup(input: $i) { id } }',
      { i: { name, region: 'us-west-2', sourceServerIds: [await freeServer()] } })).createProtectionGroup;
    const change = await w.received;
    w.stop();
    expect(change).toMatchObject({ id: g.id, action: 'CREATED', name });
    ok(await gql(ep, admin, 'mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id } }', { id: g.id }));
  });

  it('is refused with wrong IAM credentials', async () => {
    const c = client({ type: AUTH_TYPE.AWS_IAM, credentials: { accessKeyId: ep.credentials.accessKeyId, secretAccessKey: 'wrong' } });
    clients.push(c);
    await expect(c.query({ query: tag`query { listProtectionGroups(limit: 1) { items { id } } }` })).rejects.toThrow();
    expect(errorOf(await gql(ep, 'not-a-token', 'query { me { username } }')).errorType).toBeTruthy();
  });
});
