// Drills that clean up after themselves: a plan's TTL and a drill's own, expiry when the drill ends,
// the sweeper (fired "as of" later times through POST /__local/drills/sweep) terminating exactly that
// drill's recovery instances through DRS once, the cleanup on the execution and to a subscriber, and
// the refusals (range, RECOVERY, cleanup started) over GraphQL and REST. Servers are seeded into
// us-east-2 with this file's own tags; the scheduled sweeps of the running stack sweep "now", long
// before these drills expire (TTLs of an hour and more).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DescribeJobsCommand, DescribeRecoveryInstancesCommand, DrsClient, type Job } from '@aws-sdk/client-drs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { errorOf, gql, login, ok, subscribe, type Subscription } from '../support/client.ts';
import { createGroup } from '../support/fixtures.ts';
import { rest } from '../support/rest.ts';
import type { Execution, RecoveryPlan } from '../../platform/generated/graphql.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;
const REGION = 'us-east-2';
const MINUTE = 60_000;

let admin: string, operator: string;
const drs = new DrsClient({ region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the local controls answer plain JSON
const post = async (url: string, body: unknown): Promise<any> => {
  const r = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r.json();
};
type Entry = { executionId: string; expiresAt: string; outcome: string; terminatedInstanceIds?: string[] };
/** One sweep as of `at`; its entries for `id` only (other drills of the stack may be swept too). */
const sweepAt = async (at: number, id?: string): Promise<Entry[]> => {
  const r = (await post(`${ep.rest}/__local/drills/sweep`, { time: new Date(at).toISOString() })) as { entries: Entry[] };
  return id ? r.entries.filter((e) => e.executionId === id) : r.entries;
};

async function fleetGroup(fleet: string, count: number) {
  await post(`${ep.awsEndpoint}/__local/drs/source-servers`, { region: REGION, count, tags: { TtlFleet: uniq(fleet) }, hostnamePrefix: `ttl-${fleet}` });
  return createGroup(ep, admin, { name: uniq(`TTL-${fleet}`), region: REGION, serverSelectionTags: [{ key: 'TtlFleet', value: uniq(fleet) }] });
}

const CLEANUP = 'cleanup { status requestedAt completedAt terminatedInstanceIds jobIds errorMessage }';
const EXEC = `id executionType status startTime endTime drillTtlMinutes expiresAt ${CLEANUP}
  waves { servers { sourceServerId recoveryInstanceId } }`;
type Exec = Execution;
const PLAN_OUT = 'id version name drillTtlMinutes';
type Plan = Pick<RecoveryPlan, 'id' | 'version' | 'name' | 'drillTtlMinutes'>;

async function plan(name: string, groupId: string, drillTtlMinutes?: number): Promise<Plan> {
  return ok(
    await gql<{ createRecoveryPlan: Plan }>(ep, admin, `mutation C($input: CreateRecoveryPlanInput!) { createRecoveryPlan(input: $input) { ${PLAN_OUT} } }`, {
      input: { name: uniq(name), waves: [{ waveNumber: 1, name: 'Only', protectionGroupId: groupId }], drillTtlMinutes },
    }),
  ).createRecoveryPlan;
}
const START = `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { ${EXEC} } }`;
async function start(recoveryPlanId: string, executionType: 'DRILL' | 'RECOVERY', drillTtlMinutes?: number): Promise<Exec> {
  return ok(await gql<{ startExecution: Exec }>(ep, admin, START, { input: { recoveryPlanId, executionType, drillTtlMinutes } })).startExecution;
}
async function get(id: string): Promise<Exec> {
  return ok(await gql<{ getExecution: Exec }>(ep, admin, `query G($id: ID!) { getExecution(id: $id) { ${EXEC} } }`, { id })).getExecution;
}
async function until(id: string, done: (e: Exec) => boolean, what: string, ms = 60_000): Promise<Exec> {
  const deadline = Date.now() + ms;
  for (;;) {
    const e = await get(id);
    if (done(e)) return e;
    if (Date.now() > deadline) throw new Error(`execution ${id}: no ${what} (status ${e.status}, cleanup ${JSON.stringify(e.cleanup)})`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
const ended = (e: Exec) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status);
const SET_TTL = `mutation T($id: ID!, $minutes: Int) { setDrillTtl(executionId: $id, minutes: $minutes) { ${EXEC} } }`;
const setTtl = (id: string, minutes: number | null, token = admin) => gql<{ setDrillTtl: Exec }>(ep, token, SET_TTL, { id, minutes });
const instanceIds = (e: Exec) => e.waves.flatMap((w) => w.servers.map((s) => s.recoveryInstanceId)).filter((x): x is string => !!x);
/** Which of `ids` DRS still holds. */
async function held(ids: string[]): Promise<string[]> {
  const r = await drs.send(new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: ids } }));
  return (r.items ?? []).map((i) => i.recoveryInstanceID!).sort();
}
const plus = (iso: string | null | undefined, minutes: number) => Date.parse(iso!) + minutes * MINUTE;
/** DRS's TERMINATE jobs that name any of `e`'s source servers (this file's servers are its own). */
async function terminateJobs(e: Exec): Promise<Job[]> {
  const servers = new Set(e.waves.flatMap((w) => w.servers.map((s) => s.sourceServerId)));
  const jobs: Job[] = [];
  let nextToken: string | undefined;
  do {
    const r = await drs.send(new DescribeJobsCommand({ filters: {}, nextToken }));
    jobs.push(...(r.items ?? []));
    nextToken = r.nextToken;
  } while (nextToken);
  return jobs.filter((j) => j.type === 'TERMINATE' && (j.participatingServers ?? []).some((p) => servers.has(p.sourceServerID!)));
}

let drillA: Exec, drillB: Exec, recovery: Exec;
let planA: Plan;
let sub: Subscription;

beforeAll(async () => {
  [admin, operator] = await Promise.all([login(ep, 'admin'), login(ep, 'operator')]);
  const [gA, gB, gR] = await Promise.all([fleetGroup('a', 2), fleetGroup('b', 1), fleetGroup('r', 1)]);
  planA = await plan('TTL-A', gA.id, 60);
  const planB = await plan('TTL-B', gB.id);
  const planR = await plan('TTL-R', gR.id, 30);
  // A: the plan's TTL; B: its own (the plan has none); R: a recovery of a plan with a TTL gets none.
  const [a, b, r] = await Promise.all([start(planA.id, 'DRILL'), start(planB.id, 'DRILL', 600), start(planR.id, 'RECOVERY')]);
  expect([a.drillTtlMinutes, b.drillTtlMinutes, r.drillTtlMinutes]).toEqual([60, 600, null]);
  sub = await subscribe(ep, admin, `subscription O($id: ID!) { onExecutionUpdated(executionId: $id) { id status expiresAt ${CLEANUP} } }`, { id: a.id });
  [drillA, drillB, recovery] = await Promise.all([a, b, r].map((e) => until(e.id, ended, 'end')));
}, 120_000);

afterAll(async () => {
  await sub?.close();
  drs.destroy();
});

describe('drill TTL', () => {
  it('sets expiresAt = endTime + TTL when a drill ends; a recovery has none', () => {
    expect(drillA.status).toBe('COMPLETED');
    expect(Date.parse(drillA.expiresAt!)).toBe(plus(drillA.endTime, 60));
    expect(Date.parse(drillB.expiresAt!)).toBe(plus(drillB.endTime, 600));
    expect(recovery).toMatchObject({ status: 'COMPLETED', drillTtlMinutes: null, expiresAt: null, cleanup: null });
    for (const e of [drillA, drillB, recovery]) expect(instanceIds(e).length).toBe(e.waves[0].servers.length);
  });

  it('sweeps nothing before expiry, then terminates exactly the expired drill’s instances, once, and tells a subscriber', async () => {
    const mine = instanceIds(drillA);
    const others = [...instanceIds(drillB), ...instanceIds(recovery)];
    expect(await sweepAt(plus(drillA.expiresAt, -1), drillA.id)).toEqual([]);
    expect((await get(drillA.id)).cleanup).toBeNull();
    expect(await held(mine)).toEqual([...mine].sort());

    // Two sweeps at once, as of after expiry: one claims and asks DRS, the other sees the claim.
    const at = plus(drillA.expiresAt, 1);
    const both = (await Promise.all([sweepAt(at, drillA.id), sweepAt(at, drillA.id)])).flat();
    const terminating = both.filter((x) => x.outcome === 'terminating');
    expect(terminating).toHaveLength(1);
    expect([...terminating[0].terminatedInstanceIds!].sort()).toEqual([...mine].sort());
    expect(both.filter((x) => x !== terminating[0]).map((x) => x.outcome)).toEqual([expect.stringMatching(/^(claimed-elsewhere|waiting|COMPLETED)$/)]);
    // DRS was asked once: one TERMINATE job for the drill's servers.
    expect((await terminateJobs(drillA)).map((j) => j.jobID)).toHaveLength(1);
    const pending = await get(drillA.id);
    expect(pending.cleanup).toMatchObject({ status: 'PENDING', completedAt: null, errorMessage: null });
    expect(pending.cleanup!.jobIds).toHaveLength(1);

    // Later sweeps see DRS's termination job through.
    const deadline = Date.now() + 60_000;
    while ((await get(drillA.id)).cleanup?.status === 'PENDING' && Date.now() < deadline) {
      await sweepAt(at + MINUTE, drillA.id);
      await new Promise((r) => setTimeout(r, 200));
    }
    const done = await get(drillA.id);
    expect(done.cleanup).toMatchObject({ status: 'COMPLETED', jobIds: pending.cleanup!.jobIds, errorMessage: null });
    expect((await terminateJobs(drillA)).map((j) => j.jobID)).toEqual(done.cleanup!.jobIds);
    expect([...done.cleanup!.terminatedInstanceIds].sort()).toEqual([...mine].sort());
    expect(await held(mine)).toEqual([]);
    expect(await held(others)).toEqual([...others].sort());
    // Done: the drill is out of the sweep index.
    expect(await sweepAt(at + 2 * MINUTE, drillA.id)).toEqual([]);

    const seen = await sub.waitFor(1, 15_000, (d) => (d.onExecutionUpdated as Exec).cleanup?.status === 'COMPLETED');
    expect((seen[0].onExecutionUpdated as Exec).cleanup).toMatchObject({ status: 'COMPLETED', jobIds: done.cleanup!.jobIds });
    expect(((seen[0].onExecutionUpdated as Exec).cleanup!.terminatedInstanceIds as string[]).sort()).toEqual([...mine].sort());

    // Its TTL is settled once cleanup started.
    expect(errorOf(await setTtl(drillA.id, 30)).errorType).toBe('DRILL_CLEANUP_STARTED');
  }, 120_000);

  it('retimes an ended drill with setDrillTtl; instances the user already terminated are nothing to do', async () => {
    const moved = ok(await setTtl(drillB.id, 30)).setDrillTtl;
    expect(moved.drillTtlMinutes).toBe(30);
    expect(Date.parse(moved.expiresAt!)).toBe(plus(drillB.endTime, 30));
    // The old expiry no longer sweeps it; the new one would.
    const removed = ok(await setTtl(drillB.id, null)).setDrillTtl;
    expect(removed).toMatchObject({ drillTtlMinutes: null, expiresAt: null });
    expect(await sweepAt(plus(drillB.endTime, 700), drillB.id)).toEqual([]);
    const again = ok(await setTtl(drillB.id, 45)).setDrillTtl;
    expect(Date.parse(again.expiresAt!)).toBe(plus(drillB.endTime, 45));

    // The user terminates the drill's instances before it expires.
    const mine = instanceIds(drillB);
    ok(await gql(ep, admin, `mutation T($id: ID!) { terminateRecoveryInstances(executionId: $id) { jobIds } }`, { id: drillB.id }));
    const deadline = Date.now() + 60_000;
    while ((await held(mine)).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await held(mine)).toEqual([]);
    const swept = await sweepAt(plus(drillB.endTime, 46), drillB.id);
    expect(swept.map((x) => x.outcome)).toEqual(['NOTHING_TO_DO']);
    expect((await get(drillB.id)).cleanup).toMatchObject({ status: 'NOTHING_TO_DO', terminatedInstanceIds: [], jobIds: [] });
    // The recovery's instances are still there.
    expect(await held(instanceIds(recovery))).toEqual(instanceIds(recovery).sort());
  }, 90_000);

  it('gives a running drill its TTL when it ends, whichever came first', async () => {
    const g = await fleetGroup('c', 1);
    const p = await plan('TTL-C', g.id);
    const e = await start(p.id, 'DRILL');
    expect(e.drillTtlMinutes).toBeNull();
    expect(ok(await setTtl(e.id, 90)).setDrillTtl.drillTtlMinutes).toBe(90);
    const end = await until(e.id, ended, 'end');
    expect(Date.parse(end.expiresAt!)).toBe(plus(end.endTime, 90));
    expect(end.drillTtlMinutes).toBe(90);

    // Another sweep's claim, as if it died before asking DRS anything: left alone while fresh,
    // taken over once stale (15 minutes), and then the drill is cleaned up as usual. (A sweep is "as
    // of" the Scheduled Event's time, which EventBridge gives to the second.)
    const claimedAt = new Date(plus(end.expiresAt, 0)).toISOString();
    const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: ep.region, endpoint: ep.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    await ddb.send(
      new UpdateCommand({
        TableName: ep.tableName,
        Key: { pk: `EXEC#${e.id}`, sk: 'EXEC' },
        UpdateExpression: 'SET cleanup = :c',
        ExpressionAttributeValues: { ':c': { status: 'PENDING', requestedAt: claimedAt, completedAt: null, terminatedInstanceIds: [], jobIds: [], errorMessage: null } },
      }),
    );
    ddb.destroy();
    expect((await sweepAt(plus(end.expiresAt, 10), e.id)).map((x) => x.outcome)).toEqual(['claimed-elsewhere']);
    expect(await terminateJobs(end)).toEqual([]);
    expect((await sweepAt(plus(end.expiresAt, 16), e.id)).map((x) => x.outcome)).toEqual(['terminating']);
    expect(await terminateJobs(end)).toHaveLength(1);
    const taken = await get(e.id);
    expect(taken.cleanup).toMatchObject({ status: 'PENDING', requestedAt: new Date(Math.floor(plus(end.expiresAt, 16) / 1000) * 1000).toISOString(), terminatedInstanceIds: instanceIds(end) });
  }, 90_000);

  it('refuses TTLs out of range and on a recovery, over GraphQL', async () => {
    const g = await fleetGroup('v', 1);
    for (const bad of [0, 10081, -5]) {
      const r = await gql(ep, admin, `mutation C($input: CreateRecoveryPlanInput!) { createRecoveryPlan(input: $input) { id } }`, {
        input: { name: uniq(`TTL-bad-${bad}`), waves: [{ waveNumber: 1, name: 'W', protectionGroupId: g.id }], drillTtlMinutes: bad },
      });
      expect(errorOf(r).errorType).toBe('INVALID_INPUT');
    }
    const p = await plan('TTL-V', g.id, 10080);
    expect(p.drillTtlMinutes).toBe(10080);
    const UPDATE = `mutation U($id: ID!, $input: UpdateRecoveryPlanInput!) { updateRecoveryPlan(id: $id, input: $input) { ${PLAN_OUT} } }`;
    expect(errorOf(await gql(ep, admin, UPDATE, { id: p.id, input: { version: p.version, drillTtlMinutes: 5, clearDrillTtl: true } })).errorType).toBe('INVALID_INPUT');
    const set = ok(await gql<{ updateRecoveryPlan: Plan }>(ep, admin, UPDATE, { id: p.id, input: { version: p.version, drillTtlMinutes: 15 } })).updateRecoveryPlan;
    expect(set.drillTtlMinutes).toBe(15);
    const kept = ok(await gql<{ updateRecoveryPlan: Plan }>(ep, admin, UPDATE, { id: p.id, input: { version: set.version, description: 'x' } })).updateRecoveryPlan;
    expect(kept.drillTtlMinutes).toBe(15);
    const cleared = ok(await gql<{ updateRecoveryPlan: Plan }>(ep, admin, UPDATE, { id: p.id, input: { version: kept.version, clearDrillTtl: true } })).updateRecoveryPlan;
    expect(cleared.drillTtlMinutes).toBeNull();

    expect(errorOf(await gql(ep, admin, START, { input: { recoveryPlanId: p.id, executionType: 'RECOVERY', drillTtlMinutes: 10 } })).errorType).toBe('DRILL_TTL_NOT_ALLOWED');
    expect(errorOf(await gql(ep, admin, START, { input: { recoveryPlanId: p.id, executionType: 'DRILL', drillTtlMinutes: 10081 } })).errorType).toBe('INVALID_INPUT');
    expect(errorOf(await setTtl(recovery.id, 10)).errorType).toBe('DRILL_TTL_NOT_ALLOWED');
    expect(errorOf(await setTtl(recovery.id, null)).errorType).toBe('DRILL_TTL_NOT_ALLOWED');
    expect(errorOf(await setTtl(drillB.id, 0)).errorType).toBe('INVALID_INPUT');
    expect(errorOf(await setTtl('00000000-0000-0000-0000-000000000000', 10)).errorType).toBe('EXECUTION_NOT_FOUND');
    // The TTL decides when instances go: an operator may not set it.
    expect(errorOf(await setTtl(drillB.id, 10, operator)).errorType).toMatch(/Unauthorized|FORBIDDEN/);
  });

  it("exports a plan's TTL and imports it back", async () => {
    const doc = JSON.parse(ok(await gql<{ exportConfiguration: string }>(ep, admin, 'query { exportConfiguration }')).exportConfiguration);
    const exported = doc.recoveryPlans.find((p: { name: string }) => p.name === planA.name);
    expect(exported.drillTtlMinutes).toBe(60);
    const IMPORT = 'mutation I($input: AWSJSON!) { importConfiguration(input: $input) }';
    const copy = (name: string, drillTtlMinutes: unknown) => JSON.stringify({ ...doc, protectionGroups: [], recoveryPlans: [{ ...exported, name, drillTtlMinutes }] });
    const result = JSON.parse(ok(await gql<{ importConfiguration: string }>(ep, admin, IMPORT, { input: copy(uniq('TTL-A-copy'), 45) })).importConfiguration);
    const created = result.results?.recoveryPlans?.[0] ?? result.recoveryPlans?.[0];
    expect(created).toMatchObject({ status: 'created' });
    const got = ok(await gql<{ getRecoveryPlan: Plan }>(ep, admin, `query G($id: ID!) { getRecoveryPlan(id: $id) { ${PLAN_OUT} } }`, { id: created.id })).getRecoveryPlan;
    expect(got.drillTtlMinutes).toBe(45);
    const refused = JSON.parse(ok(await gql<{ importConfiguration: string }>(ep, admin, IMPORT, { input: copy(uniq('TTL-A-bad'), 0) })).importConfiguration);
    expect(JSON.stringify(refused)).toContain('INVALID_INPUT');
  });

  it('takes and refuses TTLs over REST the same way', async () => {
    const auth = `Bearer ${admin}`;
    const g = await fleetGroup('rest', 1);
    const created = await rest(ep, 'http', {
      method: 'POST',
      path: '/recovery-plans',
      authorization: auth,
      body: { PlanName: uniq('TTL-REST'), Waves: [{ waveNumber: 1, name: 'W', protectionGroupId: g.id }], DrillTtlMinutes: 120 },
    });
    expect(created.status).toBe(201);
    expect(created.body.drillTtlMinutes).toBe(120);
    const bad = await rest(ep, 'http', {
      method: 'POST',
      path: '/recovery-plans',
      authorization: auth,
      body: { PlanName: uniq('TTL-REST-bad'), Waves: [{ waveNumber: 1, name: 'W', protectionGroupId: g.id }], drillTtlMinutes: 0 },
    });
    expect([bad.status, bad.body.error, bad.body.field]).toEqual([400, 'INVALID_INPUT', 'drillTtlMinutes']);
    const updated = await rest(ep, 'http', { method: 'PUT', path: `/recovery-plans/${created.body.id}`, authorization: auth, body: { version: 1, ClearDrillTtl: true } });
    expect([updated.status, updated.body.drillTtlMinutes]).toEqual([200, null]);

    const recoveryTtl = await rest(ep, 'http', { method: 'POST', path: '/executions', authorization: auth, body: { recoveryPlanId: created.body.id, executionType: 'RECOVERY', DrillTtlMinutes: 30 } });
    expect([recoveryTtl.status, recoveryTtl.body.error]).toEqual([400, 'DRILL_TTL_NOT_ALLOWED']);
    const onRecovery = await rest(ep, 'http', { method: 'PUT', path: `/executions/${recovery.id}/ttl`, authorization: auth, body: { minutes: 30 } });
    expect([onRecovery.status, onRecovery.body.error]).toEqual([400, 'DRILL_TTL_NOT_ALLOWED']);
    const missing = await rest(ep, 'http', { method: 'PUT', path: `/executions/${drillB.id}/ttl`, authorization: auth, body: {} });
    expect([missing.status, missing.body.error]).toEqual([400, 'MISSING_FIELD']);
    const notNumber = await rest(ep, 'http', { method: 'PUT', path: `/executions/${drillB.id}/ttl`, authorization: auth, body: { minutes: '30' } });
    expect([notNumber.status, notNumber.body.error]).toEqual([400, 'INVALID_REQUEST']);
    const outOfRange = await rest(ep, 'http', { method: 'PUT', path: `/executions/${drillB.id}/ttl`, authorization: auth, body: { Minutes: 10081 } });
    expect([outOfRange.status, outOfRange.body.error]).toEqual([400, 'INVALID_INPUT']);
    const cleaned = await rest(ep, 'http', { method: 'PUT', path: `/executions/${drillA.id}/ttl`, authorization: auth, body: { minutes: 30 } });
    expect([cleaned.status, cleaned.body.error]).toEqual([409, 'DRILL_CLEANUP_STARTED']);
    const unknown = await rest(ep, 'http', { method: 'PUT', path: '/executions/00000000-0000-0000-0000-000000000000/ttl', authorization: auth, body: { minutes: 30 } });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'EXECUTION_NOT_FOUND']);

    // The execution answer carries the TTL, the expiry (epoch seconds) and the cleanup.
    const a = await rest(ep, 'http', { method: 'GET', path: `/executions/${drillA.id}`, authorization: auth });
    expect(a.body).toMatchObject({ drillTtlMinutes: 60, expiresAt: Math.floor(Date.parse(drillA.expiresAt!) / 1000), cleanup: { status: 'COMPLETED' } });
    expect(typeof a.body.cleanup.completedAt).toBe('number');
  });
});
