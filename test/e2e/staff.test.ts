// Seed 001's staff, login, password-reset and tenant paths with the seed's example bodies, through the
// REST façade (HTTP door with ID tokens) and GraphQL: login, staff registration (201, 409, 400s), the
// profile, enable/disable with a disabled user's token refused on REST, on a Lambda-served GraphQL field
// and on a table-served one (the status check first in its pipeline), the reset flow end to end through the local SES mailbox, tenants (201, 409, ten concurrent
// registrations of one name leave one) and seed 001's role table.
import { describe, expect, inject, it, beforeAll } from 'vitest';
import { gql, gqlIam, ok } from '../support/client.ts';
import { type RestAnswer, idToken, leaks, restHttp } from '../support/rest.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = 'StrongPassword123!';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are plain JSON, checked field by field
type Json = any;

let admin: string;

const post = (path: string, body: unknown, token?: string) =>
  restHttp(ep, { method: 'POST', path, body, authorization: token ? `Bearer ${token}` : undefined });
const me = (token: string) => restHttp(ep, { method: 'GET', path: '/staff/me', authorization: `Bearer ${token}` });

function expectSuccess(r: RestAnswer, status: number): Json {
  expect(r.status, r.text).toBe(status);
  expect(r.body.success).toBe(true);
  expect(Number.isNaN(Date.parse(r.body.timestamp))).toBe(false);
  return r.body.data;
}
function expectError(r: RestAnswer, status: number, code: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.body.error.code, r.text).toBe(code);
  expect(typeof r.body.error.message).toBe('string');
  expect(typeof r.body.error.correlationId).toBe('string');
  expect(leaks(r.text), r.text).toEqual([]);
}

async function login(email: string, password: string): Promise<Json> {
  return expectSuccess(await post('/auth/login', { email, password }), 200);
}
async function register(email: string, roles: string[] = ['staff'], password = PASSWORD): Promise<Json> {
  return expectSuccess(await post('/staff/register', { email, password, roles }, admin), 201);
}

/** Polls until `probe` answers the status (the per-container status cache holds a few seconds). */
async function eventually(probe: () => Promise<RestAnswer | { status: number }>, status: number, ms = 12_000): Promise<void> {
  const until = Date.now() + ms;
  let last = -1;
  while (Date.now() < until) {
    last = (await probe()).status;
    if (last === status) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  expect(last).toBe(status);
}

async function mailbox(to: string): Promise<Array<{ from: string; subject: string; text: string }>> {
  const r = await fetch(`${ep.awsEndpoint}/__local/ses/messages?to=${encodeURIComponent(to)}`);
  return (await r.json()) as Array<{ from: string; subject: string; text: string }>;
}

beforeAll(async () => {
  const seeded = ep.users.find((u) => u.username === 'admin')!;
  admin = (await login(seeded.email, seeded.password)).token;
});

describe('POST /auth/login', () => {
  it('answers the ID token, the access and refresh tokens and the staff profile of a seeded user', async () => {
    const seeded = ep.users.find((u) => u.username === 'recovery-manager')!;
    const d = await login(seeded.email.toUpperCase(), seeded.password);
    expect(Object.keys(d).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'staff', 'token']);
    expect(d.token.split('.')).toHaveLength(3);
    expect(d.staff).toEqual({ staff_id: expect.stringMatching(/^[0-9a-f-]{36}$/), email: seeded.email, roles: ['manager'], enabled: true });
  });

  it('401 alike for an unknown email and a wrong password; 400 for a bad email or missing fields', async () => {
    const unknown = await post('/auth/login', { email: `nobody-${run}@example.com`, password: 'Password123!' });
    const wrong = await post('/auth/login', { email: 'admin@drs.local', password: 'Password123!' });
    expectError(unknown, 401, 'Unauthorized');
    expectError(wrong, 401, 'Unauthorized');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expectError(await post('/auth/login', { email: 'not-an-email', password: 'x' }), 400, 'ValidationError');
    expectError(await post('/auth/login', { email: 'admin@drs.local' }), 400, 'ValidationError');
    expectError(await post('/auth/login', {}), 400, 'ValidationError');
  });
});

describe('staff registration and profile', () => {
  it('registers with the seed’s body (201), lower-cases the email, logs in and reads /staff/me', async () => {
    const email = `NewStaff-${run}@Example.com`;
    const d = await register(email);
    expect(d).toMatchObject({ email: email.toLowerCase(), roles: ['staff'], enabled: true });
    expect(d.staff_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(d.created_at))).toBe(false);
    const session = await login(email.toLowerCase(), PASSWORD);
    expect(session.staff).toEqual({ staff_id: d.staff_id, email: email.toLowerCase(), roles: ['staff'], enabled: true });
    const profile = expectSuccess(await me(session.token), 200);
    expect(profile).toEqual({ staff_id: d.staff_id, email: email.toLowerCase(), roles: ['staff'], enabled: true, created_at: d.created_at, updated_at: d.created_at });
    // GraphQL: the same profile.
    const g = ok(await gql<{ staffMe: Json }>(ep, session.access_token, 'query { staffMe { staffId email roles enabled } }'));
    expect(g.staffMe).toEqual({ staffId: d.staff_id, email: email.toLowerCase(), roles: ['staff'], enabled: true });
  });

  it('409 Conflict on an existing email (in any case), also for the seeded users', async () => {
    const email = `dup-${run}@example.com`;
    await register(email);
    expectError(await post('/staff/register', { email: email.toUpperCase(), password: PASSWORD, roles: ['staff'] }, admin), 409, 'Conflict');
    expectError(await post('/staff/register', { email: 'readonly@drs.local', password: PASSWORD, roles: ['staff'] }, admin), 409, 'Conflict');
  });

  it('400 ValidationError for a bad email, a weak or missing password, and bad roles', async () => {
    const e = `bad-${run}@example.com`;
    const bad: unknown[] = [
      { email: 'not-an-email', password: PASSWORD, roles: ['staff'] },
      { email: e, password: 'weak', roles: ['staff'] },
      { email: e, password: 'nouppercase123!', roles: ['staff'] },
      { email: e, password: `Aa1!${'a'.repeat(125)}`, roles: ['staff'] },
      { email: e, roles: ['staff'] },
      { email: e, password: PASSWORD, roles: [] },
      { email: e, password: PASSWORD, roles: ['superuser'] },
      { email: e, password: PASSWORD },
    ];
    for (const body of bad) expectError(await post('/staff/register', body, admin), 400, 'ValidationError');
    // None of them left a user behind: the address is still free.
    await register(e);
  });

  it('multi-role registration puts the user in each role’s group', async () => {
    const email = `multi-${run}@example.com`;
    await register(email, ['manager', 'staff']);
    const s = await login(email, PASSWORD);
    expect(s.staff.roles).toEqual(['manager', 'staff']);
    const u = ok(await gql<{ me: { groups: string[] } }>(ep, s.access_token, 'query { me { groups } }'));
    expect(u.me.groups.sort()).toEqual(['DRSReadOnly', 'DRSRecoveryManager']);
  });

  it('401 without a token on /staff/me', async () => {
    expectError(await restHttp(ep, { method: 'GET', path: '/staff/me' }), 401, 'Unauthorized');
  });
});

describe('enable and disable', () => {
  it('400 for a staff_id that is not a UUID v4, 404 for an unknown one', async () => {
    expectError(await post('/staff/disable', { staff_id: 'not-a-uuid' }, admin), 400, 'ValidationError');
    expectError(await post('/staff/enable', { staff_id: '550e8400-e29b-11d4-a716-446655440002' }, admin), 400, 'ValidationError');
    expectError(await post('/staff/enable', { staff_id: '550e8400-e29b-41d4-a716-446655440002' }, admin), 404, 'NotFound');
    expectError(await post('/staff/disable', {}, admin), 400, 'ValidationError');
  });

  it('a disabled user cannot log in and their tokens stop working (REST, a Lambda-served and a table-served field); enabled again, a fresh login works', async () => {
    const email = `disable-${run}@example.com`;
    const { staff_id } = await register(email, ['manager']);
    const s = await login(email, PASSWORD);
    expectSuccess(await me(s.token), 200);
    const tenantProbe = (token: string) =>
      gql(ep, token, 'mutation T($i: RegisterTenantInput!) { registerTenant(input: $i) { id } }', { i: { name: '', email: 'x@example.com' } });
    // Admitted (the empty name is refused by the rules, not by RBAC).
    expect((await tenantProbe(s.access_token)).errors?.[0]?.errorType).toBe('INVALID_TENANT');
    // A table-served field (an APPSYNC_JS resolver reading DynamoDB directly, no Lambda in the way).
    const groupsProbe = (token: string) => gql<Json>(ep, token, 'query { listProtectionGroups(limit: 1) { items { id } } }');
    const listed = await groupsProbe(s.token);
    expect(listed.errors, JSON.stringify(listed.errors)).toBeUndefined();
    expect(Array.isArray(listed.data?.listProtectionGroups?.items)).toBe(true);

    expect(expectSuccess(await post('/staff/disable', { staff_id }, admin), 200)).toEqual({ message: 'Staff account disabled successfully', staff_id });
    expectError(await post('/auth/login', { email, password: PASSWORD }), 401, 'Unauthorized');
    await eventually(() => me(s.token), 403);
    expectError(await me(s.token), 403, 'Forbidden');
    // A path whose GraphQL field is a table resolver: refused by the façade itself, before forwarding.
    await eventually(() => restHttp(ep, { method: 'GET', path: '/protection-groups', authorization: `Bearer ${s.token}` }), 403);
    expectError(await post('/tenant/register', { name: `t-${run}-x`, email: `t-${run}-x@example.com` }, s.token), 403, 'Forbidden');
    const refused = async () => ({ status: (await tenantProbe(s.access_token)).errors?.[0]?.errorType === 'ACCOUNT_DISABLED' ? 403 : 200 });
    await eventually(refused, 403);
    // GraphQL staffMe with the ID token: the same refusal.
    expect((await gql(ep, s.token, 'query { staffMe { staffId } }')).errors?.[0]?.errorType).toBe('ACCOUNT_DISABLED');
    // The table-served field too, with either token, at once (its status read is not cached), and no data.
    for (const token of [s.token, s.access_token]) {
      const refusedRead = await groupsProbe(token);
      expect(refusedRead.errors?.[0]?.errorType, JSON.stringify(refusedRead)).toBe('ACCOUNT_DISABLED');
      expect(refusedRead.data?.listProtectionGroups ?? null).toBeNull();
    }
    // IAM callers (AWS services, the façade invoked directly) have no status to check.
    expect((await gqlIam(ep, 'query { listProtectionGroups(limit: 1) { items { id } } }')).errors).toBeUndefined();

    expect(expectSuccess(await post('/staff/enable', { staff_id }, admin), 200)).toEqual({ message: 'Staff account enabled successfully', staff_id });
    // The old session stays signed out; a fresh login works.
    await eventually(() => me(s.token), 401);
    expect((await groupsProbe(s.token)).errors?.[0]?.errorType).toBe('Unauthorized');
    // Tokens are refused up to the end of the second of the disable (iat is in whole seconds).
    await new Promise((r) => setTimeout(r, 1100));
    const again = await login(email, PASSWORD);
    expect(again.staff.enabled).toBe(true);
    expectSuccess(await me(again.token), 200);
    expect((await tenantProbe(again.access_token)).errors?.[0]?.errorType).toBe('INVALID_TENANT');
    const relisted = await groupsProbe(again.token);
    expect(relisted.errors, JSON.stringify(relisted.errors)).toBeUndefined();
    expect(Array.isArray(relisted.data?.listProtectionGroups?.items)).toBe(true);
  });
});

describe('password reset through the local mailbox', () => {
  it('request → mail → confirm → log in with the new password; the token works once; the old password no longer', async () => {
    const email = `reset-${run}@example.com`;
    await register(email);
    const asked = expectSuccess(await post('/auth/password-reset/request', { email: email.toUpperCase() }), 200);
    expect(asked).toEqual({ message: 'Password reset email sent if account exists' });
    const mails = await mailbox(email);
    expect(mails).toHaveLength(1);
    expect(mails[0].from).toBe('no-reply@drs.local');
    const token = /Reset token: ([A-Za-z0-9_-]{43,})/.exec(mails[0].text)?.[1];
    expect(token, mails[0].text).toBeDefined();
    // Throttled: a second request within the minute answers alike and sends nothing.
    expectSuccess(await post('/auth/password-reset/request', { email }), 200);
    expect(await mailbox(email)).toHaveLength(1);

    expectError(await post('/auth/password-reset/confirm', { token, new_password: 'weak' }), 400, 'ValidationError');
    const NEW = 'NewPassword123!';
    expect(expectSuccess(await post('/auth/password-reset/confirm', { token, new_password: NEW }), 200)).toEqual({ message: 'Password updated successfully' });
    await login(email, NEW);
    expectError(await post('/auth/login', { email, password: PASSWORD }), 401, 'Unauthorized');
    expectError(await post('/auth/password-reset/confirm', { token, new_password: 'Another123!x' }), 401, 'Unauthorized');
    expectError(await post('/auth/password-reset/confirm', { token: 'reset-token-from-email', new_password: NEW }), 401, 'Unauthorized');
    expectError(await post('/auth/password-reset/confirm', { new_password: NEW }), 400, 'ValidationError');
  });

  it('an unknown email gets the same answer and no mail; a bad email 400', async () => {
    const email = `nobody-${run}@example.com`;
    expect(expectSuccess(await post('/auth/password-reset/request', { email }), 200)).toEqual({ message: 'Password reset email sent if account exists' });
    expect(await mailbox(email)).toEqual([]);
    expectError(await post('/auth/password-reset/request', { email: 'nope' }), 400, 'ValidationError');
  });

  it('the mutations are IAM only: a signed-in user cannot call them', async () => {
    const r = await gql(ep, admin, 'mutation { requestPasswordReset(email: "a@example.com") { message } }');
    expect(r.errors?.[0]?.errorType).toBe('Unauthorized');
  });
});

describe('tenants', () => {
  const ACME = { name: 'Acme Corporation', email: 'contact@acme.com', contact_info: { phone: '+1-555-123-4567', address: '123 Main St, City, State', company: 'Acme Corp' } };

  it('registers with the seed’s body (201, pending), reads it back through GraphQL; 409 on the same name in another case or the same email', async () => {
    const body = { ...ACME, name: `${ACME.name} ${run}`, email: `contact-${run}@Acme.com` };
    const d = expectSuccess(await post('/tenant/register', body, admin), 201);
    expect(d).toEqual({ tenant_id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: body.name, email: body.email.toLowerCase(), contact_info: ACME.contact_info, status: 'pending', created_at: expect.any(String) });
    const g = ok(await gqlIam<{ getTenant: Json }>(ep, 'query G($id: ID!) { getTenant(id: $id) { id name email status contactInfo { company } } }', { id: d.tenant_id }));
    expect(g.getTenant).toEqual({ id: d.tenant_id, name: body.name, email: body.email.toLowerCase(), status: 'pending', contactInfo: { company: 'Acme Corp' } });
    expectError(await post('/tenant/register', { ...body, name: body.name.toUpperCase(), email: `other-${run}@acme.com` }, admin), 409, 'Conflict');
    expectError(await post('/tenant/register', { ...body, name: `${body.name} two` }, admin), 409, 'Conflict');
  });

  it('400 for a missing or over-long name, a bad email, bad contact info', async () => {
    for (const body of [{ email: 'a@example.com' }, { name: 'x'.repeat(256), email: 'a@example.com' }, { name: `n-${run}`, email: 'nope' }, { name: `n-${run}`, email: 'a@example.com', contact_info: { phone: 5 } }]) {
      expectError(await post('/tenant/register', body, admin), 400, 'ValidationError');
    }
  });

  it('ten concurrent registrations of one name leave exactly one', async () => {
    const name = `Concurrent Tenant ${run}`;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post('/tenant/register', { name, email: `c${i}-${run}@example.com` }, admin)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const list = ok(await gqlIam<{ listTenants: { items: Array<{ name: string }> } }>(ep, 'query { listTenants(limit: 100) { items { name } } }'));
    expect(list.listTenants.items.filter((t) => t.name.toLowerCase() === name.toLowerCase())).toHaveLength(1);
  });
});

describe('seed 001’s role table', () => {
  it('a manager registers tenants but not staff; a staff-role user neither; both read their profile', async () => {
    const manager = await idToken(ep, 'recovery-manager');
    const staffOnly = await idToken(ep, 'readonly');
    expectSuccess(await post('/tenant/register', { name: `Managed ${run}`, email: `managed-${run}@example.com` }, manager), 201);
    expectError(await post('/staff/register', { email: `m-${run}@example.com`, password: PASSWORD, roles: ['staff'] }, manager), 403, 'Forbidden');
    expectError(await post('/tenant/register', { name: `Staffed ${run}`, email: `staffed-${run}@example.com` }, staffOnly), 403, 'Forbidden');
    expectError(await post('/staff/register', { email: `s-${run}@example.com`, password: PASSWORD, roles: ['staff'] }, staffOnly), 403, 'Forbidden');
    expectError(await post('/staff/disable', { staff_id: '550e8400-e29b-41d4-a716-446655440002' }, staffOnly), 403, 'Forbidden');
    expect(expectSuccess(await me(manager), 200).roles).toEqual(['manager']);
    expect(expectSuccess(await me(staffOnly), 200).roles).toEqual(['staff']);
  });

  it('an admin lists staff through GraphQL; a manager may not', async () => {
    const l = ok(await gql<{ listStaff: { items: Array<{ email: string }> } }>(ep, admin, 'query { listStaff(limit: 100) { items { email roles } } }'));
    expect(l.listStaff.items.map((s) => s.email)).toContain('admin@drs.local');
    const manager = await idToken(ep, 'recovery-manager');
    expect((await gql(ep, manager, 'query { listStaff { items { email } } }')).errors?.[0]?.errorType).toBe('Unauthorized');
  });
});
