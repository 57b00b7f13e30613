// Local AppSync over HTTP: request authentication, directive-based field authorization, the APPSYNC_JS
// runtime (util.error / appendError / pipelines / context) and AppSync's response shapes.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, signedHeaders } from '../fixtures/appsync/helpers.ts';
import { startTestApi, type TestApi } from '../fixtures/appsync/setup.ts';

let api: TestApi;
const admin = () => api.pool.token({ 'cognito:groups': ['Admin'] });
const reader = () => api.pool.token({ 'cognito:groups': ['Reader'] });
const nobody = () => api.pool.token({});

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

describe('request authentication', () => {
  it('accepts a valid Cognito access token and an ID token', async () => {
    expect((await gql(api.url, '{ getItem(id: "1") { id } }', {}, { token: nobody() })).body).toEqual({ data: { getItem: { id: '1' } } });
    const id = api.pool.token({}, { tokenUse: 'id' });
    expect((await gql(api.url, '{ getItem(id: "1") { id } }', {}, { token: id })).status).toBe(200);
  });

  it('refuses a missing Authorization header with 401', async () => {
    const r = await gql(api.url, '{ getItem(id: "1") { id } }');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] });
  });

  it('refuses a forged token (signed by another key) with 401', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = api.pool.token({ 'cognito:groups': ['Admin'] }, { key: privateKey });
    const r = await gql(api.url, '{ adminOnly }', {}, { token: forged });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] });
  });

  it('refuses an expired token with 401', async () => {
    const r = await gql(api.url, '{ getItem(id: "1") { id } }', {}, { token: api.pool.token({}, { expiresIn: -60 }) });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] });
  });

  it('refuses a token for another client, garbage and "Bearer <jwt>" (AppSync takes the raw token)', async () => {
    const other = await gql(api.url, '{ getItem(id: "1") { id } }', {}, { token: api.pool.token({ client_id: 'someone-else' }) });
    expect(other.status).toBe(401);
    const garbage = await gql(api.url, '{ getItem(id: "1") { id } }', {}, { token: 'not-a-jwt' });
    expect(garbage.body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'Unable to parse JWT token.' }] });
    const bearer = await gql(api.url, '{ getItem(id: "1") { id } }', {}, { token: `Bearer ${nobody()}` });
    expect(bearer.status).toBe(401);
  });
});

describe('IAM (additional mode)', () => {
  const publish = 'mutation { publishItem(id: "p1", name: "n") { id name } }';

  it('lets a correctly signed request call an IAM-only mutation', async () => {
    const r = await gql(api.url, publish, {}, { iam: true });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ data: { publishItem: { id: 'p1', name: 'n' } } });
  });

  it('refuses a bad signature with 403 InvalidSignatureException', async () => {
    const body = JSON.stringify({ query: publish, variables: {} });
    const headers = await signedHeaders(api.url, body);
    const r = await fetch(api.url, { method: 'POST', headers, body: body.replace('p1', 'p2') });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { errors: Array<{ errorType: string }> }).errors[0].errorType).toBe('InvalidSignatureException');
  });

  it('refuses an unknown access key with 403 UnrecognizedClientException', async () => {
    const body = JSON.stringify({ query: publish });
    const headers = await signedHeaders(api.url, body, { principal: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x', accountId: '1', arn: 'a', userId: 'u' } });
    const r = await fetch(api.url, { method: 'POST', headers, body });
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ errors: [{ errorType: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }] });
  });

  it('refuses a signature scoped to another service', async () => {
    const body = JSON.stringify({ query: publish });
    const r = await fetch(api.url, { method: 'POST', headers: await signedHeaders(api.url, body, { service: 'lambda' }), body });
    expect(r.status).toBe(403);
  });

  it('answers Unauthorized for the IAM-only mutation called with a Cognito token', async () => {
    const r = await gql(api.url, publish, {}, { token: admin() });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ publishItem: null });
    expect(r.body.errors).toEqual([{
      path: ['publishItem'], data: null, errorType: 'Unauthorized', errorInfo: null,
      locations: [{ line: 1, column: 12, sourceName: null }], message: 'Not Authorized to access publishItem on type Mutation',
    }]);
  });

  it('gives IAM callers the IAM identity and no access to default-only fields', async () => {
    const r = await gql(api.url, '{ whoami getItem(id: "1") { id } }', {}, { iam: true });
    const who = JSON.parse(r.body.data!.whoami as string);
    expect(who.authType).toBe('IAM Authorization');
    expect(who.identity).toMatchObject({ accountId: '111111111111', userArn: 'arn:aws:iam::111111111111:user/orchestrator', username: 'AIDALOCALTEST0001', cognitoIdentityPoolId: null });
    expect(r.body.data!.getItem).toBeNull();
    expect(r.body.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access getItem on type Query' });
  });
});

describe('field authorization by directives', () => {
  it('restricts group-limited fields to members of the groups', async () => {
    expect((await gql(api.url, '{ adminOnly }', {}, { token: admin() })).body).toEqual({ data: { adminOnly: 'admin' } });
    const denied = await gql(api.url, '{ adminOnly }', {}, { token: reader() });
    expect(denied.body.data).toEqual({ adminOnly: null });
    expect(denied.body.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access adminOnly on type Query', path: ['adminOnly'] });
    expect((await gql(api.url, '{ readers }', {}, { token: reader() })).body).toEqual({ data: { readers: 'read' } });
    expect((await gql(api.url, '{ readers }', {}, { token: nobody() })).body.data).toEqual({ readers: null });
    expect((await gql(api.url, '{ readers }', {}, { iam: true })).body).toEqual({ data: { readers: 'read' } });
  });

  it('applies field directives over type directives, and type directives to nested objects', async () => {
    const q = '{ getItem(id: "7") { id name secret owner { name } } }';
    expect((await gql(api.url, q, {}, { token: admin() })).body).toEqual({
      data: { getItem: { id: '7', name: 'widget', secret: 'hush', owner: { name: 'olga' } } },
    });
    const r = await gql(api.url, q, {}, { token: reader() });
    expect(r.body.data).toEqual({ getItem: { id: '7', name: 'widget', secret: null, owner: { name: null } } });
    expect(r.body.errors?.map((e) => [e.path, e.message])).toEqual([
      [['getItem', 'secret'], 'Not Authorized to access secret on type Item'],
      [['getItem', 'owner', 'name'], 'Not Authorized to access name on type Owner'],
    ]);
  });

  it('lets only the default mode read a field without directives', async () => {
    expect((await gql(api.url, '{ iamOnly }', {}, { token: admin() })).body.data).toEqual({ iamOnly: null });
    expect((await gql(api.url, '{ iamOnly }', {}, { iam: true })).body).toEqual({ data: { iamOnly: 'iam' } });
  });
});

describe('APPSYNC_JS runtime', () => {
  it('reports util.error with its errorType, selection-filtered data and whole errorInfo', async () => {
    const r = await gql(api.url, 'query Q {\n  boom { id name }\n}', {}, { token: nobody() });
    expect(r.body).toEqual({
      data: { boom: null },
      errors: [{
        path: ['boom'], data: { id: 'x1', name: 'n1' }, errorType: 'BoomError', errorInfo: { hint: 'kept whole', n: 1 },
        locations: [{ line: 2, column: 3, sourceName: null }], message: 'Boom happened',
      }],
    });
  });

  it('keeps the data with util.appendError', async () => {
    const r = await gql(api.url, '{ appended { id name } }', {}, { token: nobody() });
    expect(r.body.data).toEqual({ appended: { id: 'a1', name: 'still here' } });
    expect(r.body.errors).toEqual([{
      path: ['appended'], data: null, errorType: 'PartialWarning', errorInfo: { reason: 'demo' },
      locations: [{ line: 1, column: 3, sourceName: null }], message: 'Partial answer',
    }]);
  });

  it('runs pipeline functions in order with stash, prev.result and earlyReturn', async () => {
    // before: stash.bonus = 1; f1: value+1 via NONE; f2: earlyReturn(prev*10); after: prev + bonus.
    const r = await gql(api.url, 'mutation { pipeline(value: 4) }', {}, { token: nobody() });
    expect(r.body).toEqual({ data: { pipeline: 51 } });
  });

  it('gives resolvers the Cognito identity, headers and selection info', async () => {
    const token = api.pool.token({ 'cognito:groups': ['Reader'], sub: 'sub-123' });
    const r = await gql(api.url, '{ whoami }', {}, { token, headers: { 'x-custom': 'hello' } });
    const who = JSON.parse(r.body.data!.whoami as string);
    expect(who.authType).toBe('User Pool Authorization');
    expect(who.identity).toMatchObject({ sub: 'sub-123', username: 'alice', groups: ['Reader'], defaultAuthStrategy: 'ALLOW', issuer: api.pool.issuer });
    expect(who.identity.claims['cognito:groups']).toEqual(['Reader']);
    expect(who.info).toMatchObject({ fieldName: 'whoami', parentTypeName: 'Query', selectionSetList: [] });
    expect(who.header).toBe('hello');
  });

  it('enforces the query depth limit', async () => {
    const ok = await gql(api.url, '{ deep { owner { name } } }', {}, { token: admin() });
    expect(ok.body.errors).toBeUndefined();
    const limited = await startTestApiWithDepth(1);
    try {
      const r = await gql(limited.url, '{ deep { owner { name } } }', {}, { token: limited.pool.token({ 'cognito:groups': ['Admin'] }) });
      expect(r.body.data).toBeNull();
      expect(String(r.body.errors?.[0].message)).toMatch(/depth/);
    } finally {
      await limited.close();
    }
  });

  it('answers validation errors without executing', async () => {
    const r = await gql(api.url, '{ nope }', {}, { token: nobody() });
    expect(r.status).toBe(200);
    expect(r.body.data).toBeNull();
    expect(r.body.errors?.[0]).toMatchObject({ path: null, errorType: 'ValidationError', locations: [{ line: 1, column: 3, sourceName: null }] });
  });
});

async function startTestApiWithDepth(depth: number) {
  return startTestApi({ queryDepthLimit: depth });
}
