// Amplify JS v6 (aws-amplify), unchanged, against the started local stack, configured as AWS's docs show
// for an existing user pool and AppSync API (Amplify.configure with Auth.Cognito and API.GraphQL; the
// user-pool endpoint is the one non-AWS setting): its default sign-in (USER_SRP_AUTH → PASSWORD_VERIFIER),
// fetchUserAttributes (GetUser), generateClient().graphql for a query, a mutation and a subscription
// (Amplify always dials wss://: the API port speaks TLS with the local CA, trusted through
// NODE_EXTRA_CA_CERTS set by test/support/global-setup.ts before this worker started), a forced refresh
// (GetTokensFromRefreshToken) and signOut (RevokeToken), after which the session's tokens are refused.
// Node has no WebSocket global before Node 22: the `ws` package stands in; tokens live in memory.
import { Amplify } from 'aws-amplify';
import { AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignIn, fetchAuthSession, fetchUserAttributes, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { CONNECTION_STATE_CHANGE, ConnectionState, generateClient } from 'aws-amplify/api';
import { Hub, sharedInMemoryStorage } from 'aws-amplify/utils';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { gql, ok } from '../support/client.ts';

const ep = inject('endpoints');
const run = Date.now().toString(36);
// The user Amplify signs in as: its own session only (signOut revokes that session, not the user's others).
const USERNAME = 'plan-manager';

/** The Cognito operations Amplify sent (X-Amz-Target), in order. */
const cognitoCalls: string[] = [];
const realFetch = globalThis.fetch;

interface GraphQLAnswer<T> {
  data: T;
  errors?: Array<{ message: string; errorType?: string }>;
}
interface Subscribable<T> {
  subscribe(observer: { next(value: GraphQLAnswer<T>): void; error(e: unknown): void }): { unsubscribe(): void };
}

beforeAll(() => {
  expect(process.env.NODE_EXTRA_CA_CERTS, 'the worker must start trusting the local CA').toBeTruthy();
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  globalThis.fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    const target = headers.get('x-amz-target');
    if (target?.startsWith('AWSCognitoIdentityProviderService.')) cognitoCalls.push(target.split('.')[1]);
    return realFetch(input, init);
  };
  cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);
  Amplify.configure({
    Auth: { Cognito: { userPoolId: ep.userPoolId, userPoolClientId: ep.userPoolClientId, userPoolEndpoint: ep.awsEndpoint } },
    API: { GraphQL: { endpoint: ep.graphqlHttps!, region: ep.region, defaultAuthMode: 'userPool' } },
  });
});

afterAll(() => {
  globalThis.fetch = realFetch;
});

describe('Amplify JS v6 against the local stack', () => {
  it('serves the API over HTTPS with a certificate from the local CA, for loopback names only', async () => {
    expect(ep.graphqlHttps).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(ep.realtimeWss).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/graphql\/realtime$/);
    // The same port answers plain HTTP and TLS.
    expect(new URL(ep.graphqlHttps!).port).toBe(new URL(ep.graphql).port);
    const res = await fetch(ep.graphqlHttps!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ health { status } }"}' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: Array<{ errorType: string }> }).errors[0].errorType).toBe('UnauthorizedException');
    const { X509Certificate } = await import('node:crypto');
    const { connect } = await import('node:tls');
    const cert = await new Promise<InstanceType<typeof X509Certificate>>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: Number(new URL(ep.graphqlHttps!).port), servername: 'localhost' }, () => {
        resolve(new X509Certificate(s.getPeerX509Certificate()!.raw));
        s.end();
      });
      s.on('error', reject);
    });
    expect(cert.subjectAltName?.split(', ').sort()).toEqual(['DNS:localhost', 'IP Address:0:0:0:0:0:0:0:1', 'IP Address:127.0.0.1'].sort());
  });

  it('lets a browser call the user pool from another origin, and answers an operation it lacks as Cognito does', async () => {
    const preflight = await fetch(ep.awsEndpoint, {
      method: 'OPTIONS',
      headers: { origin: 'https://127.0.0.1:4000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'cache-control,content-type,x-amz-target,x-amz-user-agent' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    const unknown = await fetch(ep.awsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
      body: JSON.stringify({ ClientId: ep.userPoolClientId, Username: 'someone', Password: 'Password1!' }),
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ __type: 'UnknownOperationException' });
  });

  it('signs in with SRP, queries, mutates and subscribes over WSS, refreshes, and signs out for good', async () => {
    const user = ep.users.find((u) => u.username === USERNAME)!;
    cognitoCalls.length = 0;
    // Amplify's default sign-in: USER_SRP_AUTH, answered with PASSWORD_VERIFIER.
    const signedIn = await signIn({ username: USERNAME, password: user.password });
    expect(signedIn).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(cognitoCalls.slice(0, 2)).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
    expect((await getCurrentUser()).username).toBe(USERNAME);
    expect(await fetchUserAttributes()).toMatchObject({ email: user.email, email_verified: 'true' });

    const client = generateClient();
    // A query.
    const me = (await client.graphql({ query: 'query Me { me { username groups } }' })) as GraphQLAnswer<{ me: { username: string; groups: string[] } }>;
    expect(me.data.me).toEqual({ username: USERNAME, groups: ['DRSPlanManager'] });

    // A subscription over wss://, connected before the mutation it should see.
    const connected = new Promise<void>((resolve) => {
      const stop = Hub.listen('api', ({ payload }) => {
        if (payload.event === CONNECTION_STATE_CHANGE && (payload.data as { connectionState: string }).connectionState === ConnectionState.Connected) {
          stop();
          resolve();
        }
      });
    });
    const name = `amplify-${run}`;
    type Change = { id: string; action: string; name: string; version: number; changedBy: string };
    let sub: { unsubscribe(): void } | undefined;
    const received = new Promise<Change>((resolve, reject) => {
      const observable = client.graphql({ query: 'subscription Changes { onProtectionGroupChanged { id action name version changedBy } }' }) as unknown as Subscribable<{ onProtectionGroupChanged: Change }>;
      sub = observable.subscribe({
        next: ({ data }) => {
          if (data.onProtectionGroupChanged.name === name) resolve(data.onProtectionGroupChanged);
        },
        error: reject,
      });
    });
    await connected;
    // The start is acknowledged after the connection: give it a moment.
    await new Promise((r) => setTimeout(r, 500));

    // A mutation.
    const created = (await client.graphql({
      query: 'mutation Create($i: CreateProtectionGroupInput!) { createProtectionGroup(input: $i) { id name version } }',
      variables: { i: { name, region: 'us-west-2', serverSelectionTags: [{ key: 'AmplifyTest', value: run }] } },
    })) as GraphQLAnswer<{ createProtectionGroup: { id: string; name: string; version: number } }>;
    expect(created.data.createProtectionGroup).toMatchObject({ name, version: 1 });
    const change = await received;
    expect(change).toEqual({ id: created.data.createProtectionGroup.id, action: 'CREATED', name, version: 1, changedBy: USERNAME });
    sub?.unsubscribe();

    // A forced refresh: GetTokensFromRefreshToken, new tokens of the same session.
    const before = await fetchAuthSession();
    const oldAccess = before.tokens!.accessToken.toString();
    const after = await fetchAuthSession({ forceRefresh: true });
    const newAccess = after.tokens!.accessToken.toString();
    expect(newAccess).not.toBe(oldAccess);
    expect(after.tokens!.accessToken.payload.origin_jti).toBe(before.tokens!.accessToken.payload.origin_jti);
    expect(cognitoCalls).toContain('GetTokensFromRefreshToken');
    const deleted = (await client.graphql({ query: 'mutation Delete($id: ID!) { deleteProtectionGroup(id: $id) { id } }', variables: { id: change.id } })) as GraphQLAnswer<{ deleteProtectionGroup: { id: string } }>;
    expect(deleted.data.deleteProtectionGroup.id).toBe(change.id);

    // Sign-out (RevokeToken): the session's tokens, old and refreshed, are refused by the API.
    expect(ok(await gql(ep, oldAccess, '{ me { username } }'))).toEqual({ me: { username: USERNAME } });
    await signOut();
    expect(cognitoCalls).toContain('RevokeToken');
    for (const token of [oldAccess, newAccess, after.tokens!.idToken!.toString()]) {
      const refused = await gql(ep, token, '{ me { username } }');
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0]?.errorType).toBe('UnauthorizedException');
    }
    await expect(getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
    // What Amplify called, for the record.
    console.log(`Amplify's Cognito calls: ${cognitoCalls.join(', ')}`);
  });

  it('takes a user with a temporary password through NEW_PASSWORD_REQUIRED after SRP (confirmSignIn)', async () => {
    const username = `amplify-new-${run}`;
    const admin = new CognitoIdentityProviderClient({ region: ep.region, endpoint: ep.awsEndpoint, credentials: ep.credentials });
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: ep.userPoolId,
        Username: username,
        TemporaryPassword: 'Temporary1!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    admin.destroy();
    const first = await signIn({ username, password: 'Temporary1!' });
    expect(first).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' } });
    const done = await confirmSignIn({ challengeResponse: 'Permanent1!' });
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await getCurrentUser()).username).toBe(username);
    await signOut();
  });
});
