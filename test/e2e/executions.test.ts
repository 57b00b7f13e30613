// Executions end to end: the state machine (aws-local-stepfunctions) runs the orchestrator Lambda
// against the DRS emulator's job lifecycle, and subscribers watch it live. Every group here selects
// servers the test seeds into us-east-2 with its own tags, so no other test file touches them.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { errorOf, gql, login, ok, subscribe } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import type { Execution, ExecutionWave } from '../../platform/generated/graphql.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;
const REGION = 'us-east-2';

let admin: string, operator: string, readonly: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the emulator's control answers are plain JSON
const local = async (path: string, body?: unknown): Promise<any> => {
  const r = await fetch(`${ep.awsEndpoint}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};
/** Seeds `count` replicating servers tagged `Fleet=<fleet>` and answers their ids. */
const seed = async (fleet: string, count: number): Promise<string[]> =>
  (await local('/__local/drs/source-servers', { region: REGION, count, tags: { Fleet: uniq(fleet) }, hostnamePrefix: fleet })).ids;

/** A tag-selected group over a seeded fleet. */
async function fleetGroup(fleet: string, count: number) {
  const ids = await seed(fleet, count);
  const g = await createGroup(ep, admin, { name: uniq(`G-${fleet}`), region: REGION, serverSelectionTags: [{ key: 'Fleet', value: uniq(fleet) }] });
  return { ...g, ids };
}

const WAVE = `waveNumber name status pauseBeforeWave dependsOn startTime endTime jobIds errorMessage
  servers { sourceServerId hostname launchStatus recoveryInstanceId jobId startTime endTime }`;
const EXEC = `id recoveryPlanId recoveryPlanName executionType status currentWave totalWaves initiatedBy startedBy invocationSource
  claimedInitiatedBy claimedInvocationSource startTime endTime errorMessage waves { ${WAVE} }`;
const START = `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { ${EXEC} } }`;
const GET = `query G($id: ID!) { getExecution(id: $id) { ${EXEC} } }`;
const act = (name: string) => `mutation A($id: ID!) { ${name}(id: $id) { id status } }`;

type Exec = Execution & { waves: ExecutionWave[] };
type Msg = Record<string, unknown>;
/** The `data` payloads a subscription received so far, for one field. */
const received = <T>(messages: Msg[], field: string): T[] =>
  messages.filter((m) => m.type === 'data').map((m) => (m.payload as { data: Record<string, T> }).data[field]);

async function start(planId: string, executionType = 'DRILL', token = admin): Promise<Exec> {
  return ok(await gql<{ startExecution: Exec }>(ep, token, START, { input: { recoveryPlanId: planId, executionType, initiatedBy: 'e2e', invocationSource: 'TEST' } })).startExecution;
}
async function get(id: string): Promise<Exec> {
  return ok(await gql<{ getExecution: Exec }>(ep, readonly, GET, { id })).getExecution;
}
async function until(id: string, done: (e: Exec) => boolean, ms = 60_000): Promise<Exec> {
  const deadline = Date.now() + ms;
  for (;;) {
    const e = await get(id);
    if (done(e)) return e;
    if (Date.now() > deadline) throw new Error(`execution ${id} stuck at ${e.status}: ${JSON.stringify(e.waves.map((w) => [w.waveNumber, w.status]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const ended = (e: Exec) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status);
const wave = (n: number, groupId: string, extra: Record<string, unknown> = {}) => ({ waveNumber: n, name: `Wave ${n}`, protectionGroupId: groupId, ...extra });

beforeAll(async () => {
  [admin, operator, readonly] = await Promise.all(['admin', 'operator', 'readonly'].map((u) => login(ep, u)));
});
beforeEach(async () => {
  await local('/__local/drs/faults', {});
});
afterAll(async () => {
  await local('/__local/drs/faults', {});
});

describe('executions', () => {
  it('runs database → application → web, pausing before web, while a subscriber records every change', async () => {
    const db = await fleetGroup('db', 3);
    const app = await fleetGroup('app', 4);
    const web = await fleetGroup('web', 2);
    const plan = await createPlan(ep, admin, {
      name: uniq('Three-Tier'),
      waves: [wave(1, db.id), wave(2, app.id, { dependsOn: [1] }), wave(3, web.id, { dependsOn: [2], pauseBeforeWave: true })],
    });
    const feed = await subscribe(ep, readonly, `subscription S($planId: ID) { onExecutionsChanged(planId: $planId) { ${EXEC} } }`, { planId: plan.id });
    const started = await start(plan.id);
    // Audit is the verified caller; what it said is kept beside it.
    expect(started).toMatchObject({
      status: 'PENDING',
      totalWaves: 3,
      recoveryPlanName: plan.name,
      initiatedBy: 'admin',
      startedBy: 'admin',
      invocationSource: 'AMAZON_COGNITO_USER_POOLS',
      claimedInitiatedBy: 'e2e',
      claimedInvocationSource: 'TEST',
    });
    expect(started.waves.map((w) => w.servers.length)).toEqual([3, 4, 2]);

    const paused = await until(started.id, (e) => e.status === 'PAUSED' || ended(e));
    expect(paused.status).toBe('PAUSED');
    expect(paused.waves.map((w) => w.status)).toEqual(['COMPLETED', 'COMPLETED', 'PAUSED']);
    // Wave 2 started only after wave 1 ended.
    expect(Date.parse(paused.waves[1].startTime!)).toBeGreaterThanOrEqual(Date.parse(paused.waves[0].endTime!));

    const waves = await subscribe(ep, readonly, `subscription W($id: ID!) { onWaveUpdated(executionId: $id) { executionId waveNumber wave { ${WAVE} } } }`, { id: started.id });
    const one = await subscribe(ep, readonly, `subscription O($id: ID!) { onExecutionUpdated(executionId: $id) { id status } }`, { id: started.id });
    ok(await gql(ep, operator, act('resumeExecution'), { id: started.id }));
    const done = await until(started.id, ended);
    expect(done.status).toBe('COMPLETED');
    expect(done.endTime).toBeTruthy();
    for (const w of done.waves) {
      expect(w.status).toBe('COMPLETED');
      expect(w.jobIds.length).toBe(1);
      for (const s of w.servers) {
        expect(s).toMatchObject({ launchStatus: 'LAUNCHED', jobId: w.jobIds[0] });
        expect(s.recoveryInstanceId).toMatch(/^i-/);
      }
    }

    // The dashboard feed: statuses in order, nothing missing, and the last message is the final state.
    // Publications follow the writes through the table's stream: wait for each feed's final one.
    await feed.waitFor(1, 15_000, (d) => (d.onExecutionsChanged as Exec).status === 'COMPLETED');
    await waves.waitFor(1, 15_000, (d) => {
      const u = d.onWaveUpdated as { waveNumber: number; wave: ExecutionWave };
      return u.waveNumber === 3 && u.wave.status === 'COMPLETED' && u.wave.servers.every((x) => !!x.recoveryInstanceId);
    });
    await one.waitFor(1, 15_000, (d) => (d.onExecutionUpdated as { status: string }).status === 'COMPLETED');
    const all = received<Exec>(feed.messages, 'onExecutionsChanged');
    const statuses = all.map((e) => e.status).filter((s, i, a) => i === 0 || a[i - 1] !== s);
    expect(statuses).toEqual(['PENDING', 'IN_PROGRESS', 'PAUSED', 'IN_PROGRESS', 'COMPLETED']);
    expect(all[all.length - 1]).toEqual(done);
    // Every server's launch status only ever moves forward.
    const order = ['NOT_STARTED', 'PENDING', 'IN_PROGRESS', 'LAUNCHED'];
    for (const s of done.waves.flatMap((w) => w.servers)) {
      const seen = all.map((e) => e.waves.flatMap((w) => w.servers).find((x) => x.sourceServerId === s.sourceServerId)!.launchStatus);
      const idx = seen.map((x) => order.indexOf(x));
      expect(idx).toEqual([...idx].sort((a, b) => a - b));
      expect(seen[seen.length - 1]).toBe('LAUNCHED');
    }
    const last3 = received<{ waveNumber: number; wave: ExecutionWave }>(waves.messages, 'onWaveUpdated').filter((u) => u.waveNumber === 3);
    expect(last3[last3.length - 1].wave).toEqual(done.waves[2]);
    const oneMsgs = received<{ status: string }>(one.messages, 'onExecutionUpdated').map((x) => x.status);
    expect(oneMsgs[oneMsgs.length - 1]).toBe('COMPLETED');
    await Promise.all([feed.close(), waves.close(), one.close()]);

    // The plan remembers its last execution; finished history cannot be steered.
    const p = ok(await gql<{ getRecoveryPlan: { lastExecution: { id: string; status: string } } }>(ep, readonly, `query { getRecoveryPlan(id: "${plan.id}") { lastExecution { id status } } }`));
    expect(p.getRecoveryPlan.lastExecution).toEqual({ id: started.id, status: 'COMPLETED' });
    expect(errorOf(await gql(ep, admin, act('cancelExecution'), { id: started.id })).errorType).toBe('EXECUTION_NOT_CANCELLABLE');
    expect(errorOf(await gql(ep, admin, act('pauseExecution'), { id: started.id })).errorType).toBe('EXECUTION_NOT_PAUSABLE');
  });

  it('records who really started it: an operator claiming to be admin over IAM is recorded as itself, its claim beside it', async () => {
    const g = await fleetGroup('forge', 1);
    const plan = await createPlan(ep, admin, { name: uniq('Forged'), waves: [wave(1, g.id)] });
    const claim = { initiatedBy: 'admin', invocationSource: 'AWS_IAM' };
    const started = ok(await gql<{ startExecution: Exec }>(ep, operator, START, { input: { recoveryPlanId: plan.id, executionType: 'DRILL', ...claim } })).startExecution;
    const recorded = {
      initiatedBy: 'operator',
      startedBy: 'operator',
      invocationSource: 'AMAZON_COGNITO_USER_POOLS',
      claimedInitiatedBy: 'admin',
      claimedInvocationSource: 'AWS_IAM',
    };
    expect(started).toMatchObject(recorded);
    const done = await until(started.id, ended);
    expect(done).toMatchObject({ status: 'COMPLETED', ...recorded });
    // Nothing claimed: the claimed fields stay empty, the audit is the same.
    const quiet = await createPlan(ep, admin, { name: uniq('Unclaimed'), waves: [wave(1, (await fleetGroup('unclaimed', 1)).id)] });
    const plain = ok(await gql<{ startExecution: Exec }>(ep, operator, START, { input: { recoveryPlanId: quiet.id, executionType: 'DRILL' } })).startExecution;
    expect(plain).toMatchObject({ ...recorded, claimedInitiatedBy: null, claimedInvocationSource: null });
    expect((await until(plain.id, ended)).status).toBe('COMPLETED');
  });

  it('pauses at the end of the running wave, resumes, and cancels the rest', async () => {
    await local('/__local/drs/faults', { simSpeed: 100 });
    const a = await fleetGroup('pa', 2);
    const b = await fleetGroup('pb', 2);
    const c = await fleetGroup('pc', 2);
    const plan = await createPlan(ep, admin, { name: uniq('Pause-Cancel'), waves: [wave(1, a.id), wave(2, b.id, { dependsOn: [1] }), wave(3, c.id, { dependsOn: [2] })] });
    const e = await start(plan.id);
    await until(e.id, (x) => x.status === 'IN_PROGRESS' && x.waves[0].servers.some((s) => s.jobId));
    const pausing = ok(await gql<{ pauseExecution: { status: string } }>(ep, operator, act('pauseExecution'), { id: e.id })).pauseExecution;
    expect(pausing.status).toBe('PAUSE_PENDING');
    const paused = await until(e.id, (x) => x.status === 'PAUSED' || ended(x));
    expect(paused.waves.map((w) => w.status)).toEqual(['COMPLETED', 'PENDING', 'PENDING']);
    expect(errorOf(await gql(ep, admin, act('pauseExecution'), { id: e.id })).errorType).toBe('EXECUTION_NOT_PAUSABLE');
    ok(await gql(ep, admin, act('resumeExecution'), { id: e.id }));
    await until(e.id, (x) => x.waves[1].servers.some((s) => s.jobId));
    const cancelling = ok(await gql<{ cancelExecution: { status: string } }>(ep, operator, act('cancelExecution'), { id: e.id })).cancelExecution;
    expect(cancelling.status).toBe('CANCELLING');
    const done = await until(e.id, ended);
    expect(done.status).toBe('CANCELLED');
    // The running wave finished (DRS jobs cannot be recalled); the one after it never started.
    expect(done.waves.map((w) => w.status)).toEqual(['COMPLETED', 'COMPLETED', 'CANCELLED']);
    expect(done.waves[2].jobIds).toEqual([]);
  });

  it('runs two independent waves in parallel and refuses to pause a single-wave plan', async () => {
    const a = await fleetGroup('para', 2);
    const b = await fleetGroup('parb', 2);
    const plan = await createPlan(ep, admin, { name: uniq('Parallel'), waves: [wave(1, a.id), wave(2, b.id)] });
    const e = await start(plan.id);
    const done = await until(e.id, ended);
    expect(done.status).toBe('COMPLETED');
    const [w1, w2] = done.waves;
    // Both started before either ended.
    expect(Date.parse(w2.startTime!)).toBeLessThan(Date.parse(w1.endTime!));
    expect(Date.parse(w1.startTime!)).toBeLessThan(Date.parse(w2.endTime!));

    const single = await createPlan(ep, admin, { name: uniq('Single'), waves: [wave(1, (await fleetGroup('single', 1)).id)] });
    const s = await start(single.id);
    await until(s.id, (x) => x.status === 'IN_PROGRESS' || ended(x));
    const refused = errorOf(await gql(ep, admin, act('pauseExecution'), { id: s.id }));
    expect(['SINGLE_WAVE_NOT_PAUSABLE', 'EXECUTION_NOT_PAUSABLE']).toContain(refused.errorType);
    await until(s.id, ended);
  });

  it('splits a 250-server wave into three DRS jobs of at most 100 servers', async () => {
    const big = await fleetGroup('big', 250);
    const plan = await createPlan(ep, admin, { name: uniq('Big-Wave'), waves: [wave(1, big.id)] });
    const e = await start(plan.id);
    const done = await until(e.id, ended, 120_000);
    expect(done.status).toBe('COMPLETED');
    const w = done.waves[0];
    expect(w.servers).toHaveLength(250);
    expect(w.jobIds).toHaveLength(3);
    const perJob = w.jobIds.map((j) => w.servers.filter((s) => s.jobId === j).length).sort((x, y) => y - x);
    expect(perJob).toEqual([100, 100, 50]);
    expect(w.servers.every((s) => s.launchStatus === 'LAUNCHED')).toBe(true);
  });

  it('fails the wave of a server that fails to launch, skips what depends on it, and fails the execution', async () => {
    const a = await fleetGroup('fa', 3);
    const b = await fleetGroup('fb', 1);
    const c = await fleetGroup('fc', 1);
    await local('/__local/drs/faults', { failLaunch: [a.ids[1]] });
    const plan = await createPlan(ep, admin, { name: uniq('Failing'), waves: [wave(1, a.id), wave(2, b.id, { dependsOn: [1] }), wave(3, c.id)] });
    const e = await start(plan.id);
    const done = await until(e.id, ended);
    expect(done.status).toBe('FAILED');
    expect(done.waves.map((w) => w.status)).toEqual(['FAILED', 'SKIPPED', 'COMPLETED']);
    expect(done.errorMessage).toContain(a.ids[1]);
    expect(done.waves[0].servers.find((s) => s.sourceServerId === a.ids[1])!.launchStatus).toBe('FAILED');
    expect(done.waves[1].jobIds).toEqual([]);
    const logs = ok(await gql<{ getExecutionJobLogs: { events: Array<{ event: string; sourceServerId: string | null }> } }>(ep, readonly,
      `query L($id: ID!) { getExecutionJobLogs(executionId: $id) { events { jobId waveNumber event eventTime sourceServerId } } }`, { id: e.id })).getExecutionJobLogs.events;
    expect(logs.some((l) => l.event === 'LAUNCH_FAILED' && l.sourceServerId === a.ids[1])).toBe(true);
    expect(logs.some((l) => l.event === 'JOB_START')).toBe(true);
  });

  it('completes with 20% of DRS calls throttled, starting every server exactly once', async () => {
    const a = await fleetGroup('ta', 5);
    const b = await fleetGroup('tb', 5);
    const plan = await createPlan(ep, admin, { name: uniq('Throttled'), waves: [wave(1, a.id), wave(2, b.id, { dependsOn: [1] })] });
    // Stats are shared with every test file running now: compare before and after, never reset.
    const before = await local('/__local/drs/stats');
    await local('/__local/drs/faults', { throttleRate: 0.2 });
    const e = await start(plan.id);
    const done = await until(e.id, ended, 120_000);
    const stats = await local('/__local/drs/stats');
    await local('/__local/drs/faults', {});
    expect(done.status).toBe('COMPLETED');
    expect(stats.throttled).toBeGreaterThan(before.throttled);
    // Fresh servers of this test only: each was started exactly once, throttling notwithstanding.
    for (const id of [...a.ids, ...b.ids]) expect(stats.startedServers[id]).toBe(1);
  });

  it('leaves exactly one execution when 20 starts of one plan race, and refuses a second plan on the same servers', async () => {
    // Slow DRS down so the winner is still running while the rest of the test looks at it.
    await local('/__local/drs/faults', { simSpeed: 200 });
    const g = await fleetGroup('race', 2);
    const plan = await createPlan(ep, admin, { name: uniq('Race'), waves: [wave(1, g.id)] });
    const twin = await createPlan(ep, admin, { name: uniq('Race-twin'), waves: [wave(1, g.id)] });
    const results = await Promise.all(Array.from({ length: 20 }, () => gql<{ startExecution: Exec }>(ep, admin, START, { input: { recoveryPlanId: plan.id, executionType: 'DRILL' } })));
    const wins = results.filter((r) => r.data?.startExecution);
    expect(wins).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.errorType === 'PLAN_ALREADY_EXECUTING')).toHaveLength(19);
    const conflict = errorOf(await gql(ep, admin, START, { input: { recoveryPlanId: twin.id, executionType: 'RECOVERY' } }));
    expect(conflict.errorType).toBe('SERVER_CONFLICT');
    // While it runs, the plan cannot change and its group cannot be edited.
    const edit = errorOf(await gql(ep, admin, `mutation U($id: ID!) { updateRecoveryPlan(id: $id, input: {version: 1, description: "x"}) { id } }`, { id: plan.id }));
    expect(edit.errorType).toBe('PLAN_HAS_ACTIVE_EXECUTION');
    const list = ok(await gql<{ listExecutions: { items: Exec[] } }>(ep, readonly,
      `query L($f: ExecutionFilter) { listExecutions(filter: $f) { items { id status } } }`, { f: { recoveryPlanId: plan.id } })).listExecutions.items;
    expect(list).toHaveLength(1);
    await until(wins[0].data!.startExecution.id, ended);
    expect(errorOf(await gql(ep, admin, START, { input: { recoveryPlanId: 'nope', executionType: 'DRILL' } })).errorType).toBe('RECOVERY_PLAN_NOT_FOUND');
  });

  it('terminates the recovery instances of a finished execution, and deletes only finished executions', async () => {
    const g = await fleetGroup('term', 2);
    const plan = await createPlan(ep, admin, { name: uniq('Terminate'), waves: [wave(1, g.id)] });
    const e = await start(plan.id);
    const done = await until(e.id, ended);
    const ids = done.waves[0].servers.map((s) => s.recoveryInstanceId).sort();
    const t = ok(await gql<{ terminateRecoveryInstances: { terminatedInstances: Array<{ instanceId: string }>; jobIds: string[] } }>(ep, admin,
      `mutation T($id: ID!) { terminateRecoveryInstances(executionId: $id) { executionId jobIds terminatedInstances { instanceId sourceServerId status } } }`, { id: e.id })).terminateRecoveryInstances;
    expect(t.terminatedInstances.map((x) => x.instanceId).sort()).toEqual(ids);
    expect(errorOf(await gql(ep, operator, `mutation T($id: ID!) { terminateRecoveryInstances(executionId: $id) { executionId } }`, { id: e.id })).errorType).toBe('Unauthorized');
    const status = async () => ok(await gql<{ getTerminationStatus: { status: string; terminated: number; total: number } }>(ep, readonly,
      `query S($id: ID!) { getTerminationStatus(executionId: $id) { status total terminated instances { instanceId status } } }`, { id: e.id })).getTerminationStatus;
    const deadline = Date.now() + 30_000;
    let s = await status();
    while (s.status !== 'COMPLETED' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      s = await status();
    }
    expect(s).toMatchObject({ status: 'COMPLETED', total: 2, terminated: 2 });
    const del = ok(await gql<{ deleteExecutions: { deleted: string[]; refused: string[]; notFound: string[] } }>(ep, admin,
      `mutation D($ids: [ID!]!) { deleteExecutions(ids: $ids) { deleted refused notFound } }`, { ids: [e.id, 'missing'] })).deleteExecutions;
    expect(del).toEqual({ deleted: [e.id], refused: [], notFound: ['missing'] });
    expect(ok(await gql<{ getExecution: Exec | null }>(ep, readonly, GET, { id: e.id })).getExecution).toBeNull();
  });

  it('refuses with DRS_QUOTA_EXCEEDED a plan with more servers in one region than DRS may replicate there (300)', async () => {
    const big = await fleetGroup('quota', 301);
    const plan = await createPlan(ep, admin, { name: uniq('P-quota'), waves: [wave(1, big.id)] });
    const err = errorOf(await gql(ep, admin, START, { input: { recoveryPlanId: plan.id, executionType: 'DRILL' } }));
    expect(err).toMatchObject({ errorType: 'DRS_QUOTA_EXCEEDED', errorInfo: { servers: 301, limit: 300 } });
    const listed = ok(await gql<{ listExecutions: { items: Exec[] } }>(ep, admin,
      `query L($f: ExecutionFilter) { listExecutions(filter: $f) { items { id } } }`, { f: { recoveryPlanId: plan.id } })).listExecutions;
    expect(listed.items).toEqual([]);
  });

  it('refuses invocationDetails that are too deep or carry a prototype key (INVALID_JSON), starting nothing', async () => {
    const g = await fleetGroup('json', 1);
    const plan = await createPlan(ep, admin, { name: uniq('P-json'), waves: [wave(1, g.id)] });
    let deep = '"leaf"';
    for (let i = 0; i < 40; i++) deep = `{"a":${deep}}`;
    for (const details of ['{"note":{"__proto__":{"isAdmin":true}}}', deep]) {
      const err = errorOf(await gql(ep, admin, START, { input: { recoveryPlanId: plan.id, executionType: 'DRILL', invocationDetails: details } }));
      expect(err).toMatchObject({ errorType: 'INVALID_JSON', errorInfo: { field: 'invocationDetails' } });
      expect(err.message).not.toMatch(/DynamoDB|marshall|stack size/i);
    }
    const listed = ok(await gql<{ listExecutions: { items: Exec[] } }>(ep, admin,
      `query L($f: ExecutionFilter) { listExecutions(filter: $f) { items { id } } }`, { f: { recoveryPlanId: plan.id } })).listExecutions;
    expect(listed.items).toEqual([]);
  });

  it('releases the pause when resume or cancel arrives the moment the execution is PAUSED', async () => {
    // The pause step stores its task token just after the status turns PAUSED; a resume (or cancel)
    // in between must still release the state machine. Several runs, steered as fast as possible.
    const runs = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const [a, b] = await Promise.all([fleetGroup(`race${i}a`, 1), fleetGroup(`race${i}b`, 1)]);
        return createPlan(ep, admin, { name: uniq(`P-race${i}`), waves: [wave(1, a.id), wave(2, b.id, { dependsOn: [1], pauseBeforeWave: true })] });
      }),
    );
    const steered = await Promise.all(
      runs.map(async (plan, i) => {
        const e = await start(plan.id);
        for (let seen = e; seen.status !== 'PAUSED'; seen = await get(e.id)) {
          if (ended(seen)) throw new Error(`ended ${seen.status} before pausing`);
        }
        const action = i % 2 ? 'cancelExecution' : 'resumeExecution';
        ok(await gql(ep, admin, act(action), { id: e.id }));
        return { id: e.id, want: i % 2 ? 'CANCELLED' : 'COMPLETED' };
      }),
    );
    for (const { id, want } of steered) expect((await until(id, ended, 20_000)).status).toBe(want);
  });
});
