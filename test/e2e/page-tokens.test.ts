// Opaque page tokens on the local stack (issue 11): an APPSYNC_JS list (listProtectionGroups, whose token
// the local AppSync's DynamoDB data source seals) and a Lambda list (listRecoveryPlans, platform/page-token.ts)
// page with real tokens, every item exactly once; junk, altered, foreign, other users' and old-format tokens
// answer INVALID_NEXT_TOKEN naming nextToken, with no internal text, over GraphQL and the REST façade.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gql, gqlIam, login, ok, type GqlResult } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import { idToken, leaks, restHttp } from '../support/rest.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;

const GROUPS = `query L($filter: ProtectionGroupFilter, $limit: Int, $nextToken: String) {
  listProtectionGroups(filter: $filter, limit: $limit, nextToken: $nextToken) { items { id name } nextToken } }`;
const PLANS = `query L($filter: RecoveryPlanFilter, $limit: Int, $nextToken: String) {
  listRecoveryPlans(filter: $filter, limit: $limit, nextToken: $nextToken) { items { id name } nextToken } }`;
type Page = { items: Array<{ id: string; name: string }>; nextToken: string | null };

const GROUP_COUNT = 5;
const PLAN_COUNT = 5;
let admin: string, readonly: string;
const groups: Array<{ id: string; name: string }> = [];
const plans: string[] = [];

const lists = {
  groups: { field: 'listProtectionGroups', doc: GROUPS },
  plans: { field: 'listRecoveryPlans', doc: PLANS },
} as const;
type List = keyof typeof lists;

async function page(list: List, token: string, vars: Record<string, unknown>): Promise<GqlResult<Record<string, Page>>> {
  return gql<Record<string, Page>>(ep, token, lists[list].doc, vars);
}

/** Every page of a list for this run's items (nameContains: run), `limit` at a time. */
async function all(list: List, token: string, limit: number): Promise<{ ids: string[]; tokens: string[] }> {
  const ids: string[] = [];
  const tokens: string[] = [];
  let nextToken: string | null = null;
  for (let n = 0; n < 500; n++) {
    const p: Page = ok(await page(list, token, { filter: { nameContains: run }, limit, nextToken }))[lists[list].field];
    ids.push(...p.items.map((i) => i.id));
    if (!p.nextToken) return { ids, tokens };
    tokens.push(p.nextToken);
    nextToken = p.nextToken;
  }
  throw new Error(`${list}: more than 500 pages`);
}

/** The first token a list answers for these items (limit 1 leaves more behind). */
async function firstToken(list: List, token: string, filter: Record<string, unknown> = { nameContains: run }): Promise<string> {
  const p: Page = ok(await page(list, token, { filter, limit: 1 }))[lists[list].field];
  if (!p.nextToken) throw new Error(`${list}: no nextToken`);
  return p.nextToken;
}

function expectRefused(r: GqlResult, what: string) {
  expect(r.errors?.length, `${what}: ${JSON.stringify(r)}`).toBe(1);
  const e = r.errors![0];
  expect(e.errorType, what).toBe('INVALID_NEXT_TOKEN');
  expect(e.errorInfo, what).toMatchObject({ field: 'nextToken' });
  expect(leaks(e.message), `${what}: ${e.message}`).toEqual([]);
  expect(e.message, what).not.toMatch(/deepdish|Validation|InternalFailure|pk|gsi1/i);
}

const flip = (token: string, at: number) => {
  const raw = Buffer.from(token, 'base64url');
  const i = at < 0 ? raw.length + at : at;
  raw[i] ^= 0x20;
  return raw.toString('base64url');
};

beforeAll(async () => {
  [admin, readonly] = await Promise.all(['admin', 'readonly'].map((u) => login(ep, u)));
  // Tag-selected groups take no server from the shared estate; each its own tag, so none conflict.
  for (let i = 0; i < GROUP_COUNT; i++) {
    groups.push(await createGroup(ep, admin, { name: uniq(`PageGroup-${i}`), region: 'us-west-2', serverSelectionTags: [{ key: 'PageTokenTest', value: `${run}-${i}` }] }));
  }
  for (let i = 0; i < PLAN_COUNT; i++) {
    plans.push((await createPlan(ep, admin, { name: uniq(`PagePlan-${i}`), waves: [{ waveNumber: 1, name: 'W', protectionGroupId: groups[i % GROUP_COUNT].id }] })).id);
  }
});

afterAll(async () => {
  for (const id of plans) await gql(ep, admin, `mutation D($id: ID!) { deleteRecoveryPlan(id: $id) { id } }`, { id });
  for (const g of groups) await gql(ep, admin, `mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id } }`, { id: g.id });
});

describe.each(['groups', 'plans'] as const)('%s: paging with opaque tokens', (list) => {
  const mine = () => (list === 'groups' ? groups.map((g) => g.id) : plans);

  it('answers every item exactly once, page by page, with tokens that are not the raw key', async () => {
    for (const limit of [1, 2, 3]) {
      const { ids, tokens } = await all(list, readonly, limit);
      expect(ids.length, `limit ${limit}`).toBe(new Set(ids).size);
      expect([...ids].sort(), `limit ${limit}`).toEqual([...mine()].sort());
      for (const t of tokens) {
        expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
        const text = Buffer.from(t, 'base64').toString('latin1');
        expect(text).not.toContain(run);
        expect(text).not.toMatch(/gsi1|"pk"|PageGroup|pageplan/i);
      }
    }
  });

  it('refuses junk, altered, foreign, other users\' and old-format tokens as INVALID_NEXT_TOKEN', async () => {
    const good = await firstToken(list, readonly);
    const other: List = list === 'groups' ? 'plans' : 'groups';
    const rawKey = list === 'groups'
      ? { pk: { S: `PG#${groups[0].id}` }, sk: { S: 'META' }, gsi1pk: { S: 'PG' }, gsi1sk: { S: `${groups[0].name.toLowerCase()}#${groups[0].id}` } }
      : `${uniq('PagePlan-0').toLowerCase()}#${plans[0]}`;
    const cases: Array<[string, string, string?]> = [
      ['a junk string', 'not-a-token'],
      ['junk with characters outside base64', '!!*&^%$#'],
      ['a flipped byte at the start', flip(good, 0)],
      ['a flipped byte in the middle', flip(good, Math.floor(Buffer.from(good, 'base64url').length / 2))],
      ['a flipped byte at the end', flip(good, -1)],
      ['a truncated token', good.slice(0, -4)],
      ['a token from the other list', await firstToken(other, readonly)],
      ['a token of the same list for another filter', await firstToken(list, readonly, { nameContains: `${run.slice(0, 5)}` })],
      ['a token the same list gave another user', good, admin],
      ['the old format: base64 of the raw key', Buffer.from(JSON.stringify(rawKey)).toString('base64')],
      ['the old format, base64url', Buffer.from(typeof rawKey === 'string' ? rawKey : JSON.stringify(rawKey)).toString('base64url')],
    ];
    for (const [what, nextToken, as] of cases) {
      expectRefused(await page(list, as ?? readonly, { filter: { nameContains: run }, limit: 1, nextToken }), what);
    }
    // An IAM caller with a Cognito user's token: another caller too.
    expectRefused(await gqlIam<Record<string, Page>>(ep, lists[list].doc, { filter: { nameContains: run }, limit: 1, nextToken: good }), 'IAM with a user\'s token');
    // The token itself still works for its own caller and query.
    expect(ok(await page(list, readonly, { filter: { nameContains: run }, limit: 1, nextToken: good }))[lists[list].field].items.length).toBeLessThanOrEqual(1);
  });
});

describe('REST façade', () => {
  it.each([
    ['/protection-groups', 'groups'],
    ['/recovery-plans', 'plans'],
  ] as const)('%s pages with the new tokens and answers 400 INVALID_NEXT_TOKEN for a bad one', async (path, key) => {
    const auth = `Bearer ${await idToken(ep, 'readonly')}`;
    const ids: string[] = [];
    let nextToken: string | null = null;
    for (let n = 0; n < 500; n++) {
      const query: Record<string, string> = { limit: '2', ...(nextToken ? { nextToken } : {}) };
      const r = await restHttp(ep, { method: 'GET', path, query, authorization: auth });
      expect(r.status, r.text).toBe(200);
      ids.push(...(r.body[key] as Array<{ id: string }>).map((x) => x.id));
      nextToken = r.body.nextToken;
      if (!nextToken) break;
    }
    const mine = key === 'groups' ? groups.map((g) => g.id) : plans;
    expect(ids.filter((id) => mine.includes(id)).sort()).toEqual([...mine].sort());
    expect(ids.length).toBe(new Set(ids).size);
    const bad = await restHttp(ep, { method: 'GET', path, query: { limit: '2', nextToken: 'not-a-token' }, authorization: auth });
    expect(bad.status, bad.text).toBe(400);
    expect(bad.body).toMatchObject({ error: 'INVALID_NEXT_TOKEN', field: 'nextToken' });
    expect(leaks(bad.text)).toEqual([]);
  });
});
