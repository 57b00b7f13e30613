// Recovery plans on the local stack: waves, dependency checks, names, references to groups.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorOf, gql, login, ok } from '../support/client.ts';
import { PLAN_FIELDS, createGroup, createPlan, freeServers } from '../support/fixtures.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;

let admin: string, operator: string, readonly: string;
const groups: Array<{ id: string; name: string }> = [];
const plans: string[] = [];

const UPDATE = `mutation U($id: ID!, $input: UpdateRecoveryPlanInput!) { updateRecoveryPlan(id: $id, input: $input) { ${PLAN_FIELDS} } }`;
const DELETE = `mutation D($id: ID!) { deleteRecoveryPlan(id: $id) { id } }`;
const GET = `query G($id: ID!) { getRecoveryPlan(id: $id) { ${PLAN_FIELDS} } }`;
const LIST = `query L($filter: RecoveryPlanFilter, $limit: Int, $nextToken: String) {
  listRecoveryPlans(filter: $filter, limit: $limit, nextToken: $nextToken) { items { id name waveCount hasServerConflict } nextToken } }`;
const CREATE = `mutation C($input: CreateRecoveryPlanInput!) { createRecoveryPlan(input: $input) { id } }`;

const wave = (n: number, g: number, extra: Record<string, unknown> = {}) => ({ waveNumber: n, name: `Wave ${n}`, protectionGroupId: groups[g].id, ...extra });

beforeAll(async () => {
  [admin, operator, readonly] = await Promise.all(['admin', 'operator', 'readonly'].map((u) => login(ep, u)));
  const free = await freeServers(ep, admin, 'us-west-2');
  for (let i = 0; i < 3; i++) {
    groups.push(await createGroup(ep, admin, { name: uniq(`PlanGroup-${i}`), region: 'us-west-2', sourceServerIds: [free[i].sourceServerId] }));
  }
  // A tag-selected group, for the tag filter.
  groups.push(await createGroup(ep, admin, { name: uniq('PlanGroup-tags'), region: 'us-west-2', serverSelectionTags: [{ key: 'PlanTest', value: run }] }));
});

afterAll(async () => {
  for (const id of plans) await gql(ep, admin, DELETE, { id });
  for (const g of groups) await gql(ep, admin, `mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id } }`, { id: g.id });
});

describe('recovery plans', () => {
  it('creates a plan whose waves answer their group names, and reads it back', async () => {
    const p = await createPlan(ep, admin, {
      name: uniq('HRP-Full-Recovery'),
      description: 'DB then App',
      waves: [wave(1, 0), wave(2, 1, { pauseBeforeWave: true, dependsOn: [1] })],
    });
    plans.push(p.id);
    const got = ok(await gql<{ getRecoveryPlan: { waves: unknown[] } }>(ep, readonly, GET, { id: p.id })).getRecoveryPlan;
    expect(got).toMatchObject({ version: 1, waveCount: 2, hasServerConflict: false, lastExecution: null });
    expect(got.waves).toEqual([
      { waveNumber: 1, name: 'Wave 1', protectionGroupId: groups[0].id, protectionGroupName: groups[0].name, pauseBeforeWave: false, dependsOn: [] },
      { waveNumber: 2, name: 'Wave 2', protectionGroupId: groups[1].id, protectionGroupName: groups[1].name, pauseBeforeWave: true, dependsOn: [1] },
    ]);
    // The group is now in use.
    const inUse = errorOf(await gql(ep, admin, `mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id } }`, { id: groups[0].id }));
    expect(inUse.errorType).toBe('PG_IN_USE');
    expect(inUse.errorInfo).toMatchObject({ recoveryPlanIds: [p.id] });
  });

  it('answers the documented codes for bad plans, and writes nothing', async () => {
    const code = async (input: Record<string, unknown>) => errorOf(await gql(ep, admin, CREATE, { input })).errorType;
    expect(await code({ name: uniq('empty'), waves: [] })).toBe('PLAN_HAS_NO_WAVES');
    expect(await code({ name: uniq('loop'), waves: [wave(1, 0, { dependsOn: [3] }), wave(2, 1, { dependsOn: [1] }), wave(3, 2, { dependsOn: [2] })] })).toBe('CIRCULAR_DEPENDENCY');
    expect(await code({ name: uniq('self'), waves: [wave(1, 0, { dependsOn: [1] })] })).toBe('CIRCULAR_DEPENDENCY');
    expect(await code({ name: uniq('dangling'), waves: [wave(1, 0, { dependsOn: [7] })] })).toBe('INVALID_WAVE_DATA');
    expect(await code({ name: uniq('twice'), waves: [wave(1, 0), wave(1, 1)] })).toBe('INVALID_WAVE_DATA');
    expect(await code({ name: uniq('nogroup'), waves: [{ waveNumber: 1, name: 'W', protectionGroupId: 'no-such-group' }] })).toBe('PROTECTION_GROUP_NOT_FOUND');
    expect(await code({ name: ' ', waves: [wave(1, 0)] })).toBe('INVALID_NAME');
    const loop = errorOf(await gql(ep, admin, CREATE, { input: { name: uniq('loop2'), waves: [wave(1, 0, { dependsOn: [2] }), wave(2, 1, { dependsOn: [1] })] } }));
    expect(loop.errorInfo).toMatchObject({ cycle: [1, 2, 1] });
    // The failed create referencing a missing group left no reference on the real group behind.
    const p = await createPlan(ep, admin, { name: uniq('after-errors'), waves: [wave(1, 2)] });
    expect(ok(await gql<{ deleteRecoveryPlan: { id: string } }>(ep, admin, DELETE, { id: p.id })).deleteRecoveryPlan.id).toBe(p.id);
  });

  it('keeps names unique ignoring case, with optimistic locking on update', async () => {
    const a = await createPlan(ep, admin, { name: uniq('Unique-A'), waves: [wave(1, 0)] });
    plans.push(a.id);
    expect(errorOf(await gql(ep, admin, CREATE, { input: { name: uniq('unique-a').toUpperCase(), waves: [wave(1, 1)] } })).errorType).toBe('RP_NAME_EXISTS');
    const u = ok(await gql<{ updateRecoveryPlan: Record<string, unknown> }>(ep, operator, UPDATE, { id: a.id, input: { version: 1, name: uniq('Unique-B'), waves: [wave(1, 1), wave(2, 2, { dependsOn: [1] })] } })).updateRecoveryPlan;
    expect(u).toMatchObject({ version: 2, name: uniq('Unique-B'), waveCount: 2 });
    expect(errorOf(await gql(ep, admin, UPDATE, { id: a.id, input: { version: 1, description: 'stale' } })).errorType).toBe('VERSION_CONFLICT');
    expect(errorOf(await gql(ep, admin, UPDATE, { id: 'nope', input: { version: 1 } })).errorType).toBe('RECOVERY_PLAN_NOT_FOUND');
    // Group 0 was released by the update; group 1 and 2 are now referenced.
    const other = await createPlan(ep, admin, { name: uniq('Unique-A'), waves: [wave(1, 0)] });
    plans.push(other.id);
    expect(errorOf(await gql(ep, readonly, DELETE, { id: other.id })).errorType).toBe('Unauthorized');
  });

  it('lists with name, substring and tag filters and pages with nextToken', async () => {
    const tagged = await createPlan(ep, admin, { name: uniq('List-Tagged'), waves: [wave(1, 3)] });
    plans.push(tagged.id);
    type L = { listRecoveryPlans: { items: Array<{ id: string; name: string }>; nextToken: string | null } };
    const byTag = ok(await gql<L>(ep, readonly, LIST, { filter: { tag: `PlanTest=${run}` } })).listRecoveryPlans.items;
    expect(byTag.map((p) => p.id)).toEqual([tagged.id]);
    const contains = ok(await gql<L>(ep, readonly, LIST, { filter: { nameContains: run.toUpperCase() } })).listRecoveryPlans.items;
    expect(contains.length).toBeGreaterThanOrEqual(3);
    const exact = ok(await gql<L>(ep, readonly, LIST, { filter: { name: uniq('list-tagged') } })).listRecoveryPlans.items;
    expect(exact.map((p) => p.id)).toEqual([tagged.id]);
    const seen: string[] = [];
    let nextToken: string | null = null;
    do {
      const page: L['listRecoveryPlans'] = ok(await gql<L>(ep, readonly, LIST, { filter: { nameContains: run }, limit: 1, nextToken })).listRecoveryPlans;
      seen.push(...page.items.map((p) => p.id));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(contains.map((p) => p.id));
    expect(errorOf(await gql(ep, readonly, LIST, { filter: { tag: 'no-equals-sign' } })).errorType).toBe('INVALID_TAGS');
  });
});
