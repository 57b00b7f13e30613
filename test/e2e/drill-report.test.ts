// Measured RTO, the drill report, the predicted timeline (with the orchestrator's own time, pauses left out) and listExecutions' filters (issue 13). On a
// stack of its own, because its DRS jobs have a fixed length (DRS_JOB_SECONDS) and the emulator's
// switches act on every test file of a stack: every launch ends JOB_SECONDS simulated seconds
// (JOB_SECONDS / SIM_SPEED of wall time) after its job was created, so drills are measurable and a
// prediction can be held against them. Plan: wave 1 → {wave 2, wave 3} (fan-out).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/local/stack.ts';
import { errorOf, gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import { rest } from '../support/rest.ts';
import type { DrillReport, Execution, ExecutionWave, PredictedTimeline } from '../../platform/generated/graphql.ts';

const REGION = 'us-east-2';
const STAGE = 'drillreport';
const SIM_SPEED = 1000;
/** Simulated seconds of every DRS launch job: 3 s of wall time. */
const JOB_SECONDS = 3000;
/** DRS_LAUNCH_SECONDS on this stack; the local stack divides it by SIM_SPEED for the timeline's typical launch time. */
const LAUNCH_SECONDS = 3600;

let stack: Stack;
let admin: string, readonly: string;
let planId: string;
const drills: Exec[] = [];

type Exec = Execution & { waves: ExecutionWave[] };
const EXEC = `id recoveryPlanId executionType status startTime endTime rtoSeconds
  waves { waveNumber status dependsOn startTime endTime durationSeconds servers { sourceServerId launchStatus startTime endTime launchDurationSeconds } }`;
const REPORT = `query R($id: ID!, $last: Int) { getDrillReport(executionId: $id, last: $last) {
  execution { ${EXEC} } rtoSeconds previousRtoSeconds rtoP50Seconds rtoP90Seconds
  waves { waveNumber name status durationSeconds previousDurationSeconds p50Seconds p90Seconds samples servers { sourceServerId launchDurationSeconds } }
  previous { executionId executionType status startTime endTime rtoSeconds waveDurations } } }`;
const LIST = `query L($filter: ExecutionFilter) { listExecutions(filter: $filter, limit: 100) { items { id executionType status startTime } } }`;

const ep = () => stack.endpoints;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function get(id: string): Promise<Exec> {
  return ok(await gql<{ getExecution: Exec }>(ep(), readonly, `query G($id: ID!) { getExecution(id: $id) { ${EXEC} } }`, { id })).getExecution;
}
async function start(executionType = 'DRILL'): Promise<Exec> {
  const input = { recoveryPlanId: planId, executionType, initiatedBy: 'e2e' };
  return ok(await gql<{ startExecution: Exec }>(ep(), admin, `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { ${EXEC} } }`, { input })).startExecution;
}
async function ended(id: string, ms = 60_000): Promise<Exec> {
  const deadline = Date.now() + ms;
  for (;;) {
    const e = await get(id);
    if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status)) return e;
    if (Date.now() > deadline) throw new Error(`execution ${id} stuck at ${e.status}`);
    await sleep(100);
  }
}
async function drill(executionType = 'DRILL'): Promise<Exec> {
  const e = await ended((await start(executionType)).id);
  expect(e.status).toBe('COMPLETED');
  return e;
}
const report = async (id: string, last?: number) => ok(await gql<{ getDrillReport: DrillReport }>(ep(), readonly, REPORT, { id, last })).getDrillReport;
const list = async (filter: Record<string, unknown>) => ok(await gql<{ listExecutions: { items: Exec[] } }>(ep(), readonly, LIST, { filter })).listExecutions.items;
const ids = (items: Array<{ id: string }>) => items.map((x) => x.id).sort();
const ms = (iso: string | null | undefined) => Date.parse(iso!);

/** The timeline, from the domain function readiness calls, in this process against the stack's DynamoDB. */
async function timeline(): Promise<PredictedTimeline> {
  const { getPlan } = await import('../../domain/recovery-plans/store.ts');
  const { predictTimeline } = await import('../../domain/drills/timeline.ts');
  return predictTimeline((await getPlan(planId))!);
}

beforeAll(async () => {
  Object.assign(process.env, { DRS_LAUNCH_SECONDS: String(LAUNCH_SECONDS), DRS_JOB_SECONDS: String(JOB_SECONDS) });
  stack = await startStack({ port: 0, awsPort: 0, stage: STAGE, endpointsFile: null, simSpeed: SIM_SPEED, dataDir: null });
  // The domain code this process calls (timeline()) reads the stack's table, as the functions do.
  Object.assign(process.env, {
    TABLE_NAME: ep().tableName,
    AWS_ENDPOINT_URL_DYNAMODB: ep().dynamodbEndpoint,
    AWS_REGION: ep().region,
    AWS_ACCESS_KEY_ID: ep().credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ep().credentials.secretAccessKey,
    DRS_TYPICAL_LAUNCH_SECONDS: String(LAUNCH_SECONDS / SIM_SPEED),
  });
  [admin, readonly] = await Promise.all(['admin', 'readonly'].map((u) => login(ep(), u)));
  const run = Date.now().toString(36);
  const groups = [];
  for (const [n, count] of [[1, 2], [2, 1], [3, 2]]) {
    const fleet = `dr-${run}-${n}`;
    stack.emulator.seedSourceServers({ region: REGION, count, tags: { Fleet: fleet }, hostnamePrefix: fleet });
    groups.push(await createGroup(ep(), admin, { name: fleet, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: fleet }] }));
  }
  planId = (
    await createPlan(ep(), admin, {
      name: `dr-${run}`,
      waves: groups.map((g, i) => ({ waveNumber: i + 1, name: `Wave ${i + 1}`, protectionGroupId: g.id, dependsOn: i ? [1] : [] })),
    })
  ).id;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

describe('measured RTO and the drill report', () => {
  it('without history, the timeline takes DRS’s typical launch time (divided by SIM_SPEED locally) over the dependency graph', async () => {
    const t = await timeline();
    const typical = LAUNCH_SECONDS / SIM_SPEED;
    expect(t.waves.map((w) => [w.waveNumber, w.basis, w.samples, w.expectedStartSeconds, w.expectedEndSeconds])).toEqual([
      [1, 'DRS_TYPICAL', 0, 0, typical],
      [2, 'DRS_TYPICAL', 0, typical, 2 * typical],
      [3, 'DRS_TYPICAL', 0, typical, 2 * typical],
    ]);
    expect(t.expectedRtoSeconds).toBe(2 * typical);
    expect(t.basis).toContain(`DRS typical launch time (${typical} s) for waves 1–3`);
    // No execution measured the orchestrator's own time yet: not invented, and said so.
    expect(t.waves.map((w) => w.orchestrationSeconds)).toEqual([null, null, null]);
    expect(t.basis).toContain("the orchestrator's own time is not included for waves 1–3 (no past execution measured it)");
  });

  it('a drill measures each server, wave and the RTO, consistently (server ≤ wave ≤ RTO, from the recorded times)', async () => {
    const e = await drill();
    drills.push(e);
    const job = JOB_SECONDS / SIM_SPEED;
    for (const w of e.waves) {
      expect(w.durationSeconds).toBeGreaterThan(0);
      for (const s of w.servers) {
        // From the launch request to DRS's report; DRS's event times have whole seconds only.
        expect(s.launchDurationSeconds).toBe(Math.max(0, ms(s.endTime) - ms(s.startTime)) / 1000);
        expect(s.launchDurationSeconds!).toBeLessThanOrEqual(w.durationSeconds!);
        expect(s.launchDurationSeconds!).toBeGreaterThan(job - 1.5);
      }
      // The wave's start to its last server's end.
      const last = Math.max(...w.servers.map((s) => ms(s.endTime)));
      expect(w.durationSeconds).toBeCloseTo(Math.max((last - ms(w.startTime)) / 1000, ...w.servers.map((s) => s.launchDurationSeconds!)), 3);
      expect(w.durationSeconds!).toBeLessThanOrEqual(e.rtoSeconds!);
    }
    // Waves 2 and 3 waited for wave 1 only: the RTO covers wave 1 and the longer of the two.
    const ends = e.waves.map((w) => ms(w.startTime) + w.durationSeconds! * 1000);
    expect(e.rtoSeconds).toBeCloseTo((Math.max(...ends) - ms(e.startTime)) / 1000, 3);
    expect(e.rtoSeconds!).toBeGreaterThanOrEqual(e.waves[0].durationSeconds! + Math.max(e.waves[1].durationSeconds!, e.waves[2].durationSeconds!) - 0.01);
    const t0 = ms(e.startTime);
    const rel = (iso: string | null | undefined) => (ms(iso) - t0) / 1000;
    console.log(`drill-report: measured ${JSON.stringify({ rto: e.rtoSeconds, waves: e.waves.map((w) => w.durationSeconds), servers: e.waves.map((w) => w.servers.map((s) => s.launchDurationSeconds)) })}`);
    console.log(`drill-report: seconds after start ${JSON.stringify(e.waves.map((w) => ({ start: rel(w.startTime), serverStarts: w.servers.map((s) => rel(s.startTime)), serverEnds: w.servers.map((s) => rel(s.endTime)), end: rel(w.endTime) })))}`);
  });

  it('the first drill’s report: its own figures, no previous drill, percentiles of one sample', async () => {
    const r = await report(drills[0].id);
    expect(r.execution.id).toBe(drills[0].id);
    expect(r.rtoSeconds).toBe(drills[0].rtoSeconds);
    expect([r.previousRtoSeconds, r.previous]).toEqual([null, []]);
    expect([r.rtoP50Seconds, r.rtoP90Seconds]).toEqual([drills[0].rtoSeconds, drills[0].rtoSeconds]);
    expect(r.waves.map((w) => [w.durationSeconds, w.previousDurationSeconds, w.p50Seconds, w.p90Seconds, w.samples])).toEqual(
      drills[0].waves.map((w) => [w.durationSeconds, null, w.durationSeconds, w.durationSeconds, 1]),
    );
  });

  it('a second drill’s report sets it beside the first: previous figures, and p50/p90 by nearest rank over both', async () => {
    drills.push(await drill());
    const [first, second] = drills;
    const r = await report(second.id);
    expect(r.rtoSeconds).toBe(second.rtoSeconds);
    expect(r.previousRtoSeconds).toBe(first.rtoSeconds);
    // Nearest rank over two samples: p50 is the smaller (rank ⌈1⌉), p90 the larger (rank ⌈1.8⌉ = 2).
    expect(r.rtoP50Seconds).toBe(Math.min(first.rtoSeconds!, second.rtoSeconds!));
    expect(r.rtoP90Seconds).toBe(Math.max(first.rtoSeconds!, second.rtoSeconds!));
    expect(r.waves.map((w) => [w.waveNumber, w.status, w.durationSeconds, w.previousDurationSeconds, w.p50Seconds, w.p90Seconds, w.samples])).toEqual(
      second.waves.map((w, i) => {
        const pair = [first.waves[i].durationSeconds!, w.durationSeconds!];
        return [w.waveNumber, 'COMPLETED', w.durationSeconds, first.waves[i].durationSeconds, Math.min(...pair), Math.max(...pair), 2];
      }),
    );
    expect(r.waves[0].servers.map((s) => s.launchDurationSeconds)).toEqual(second.waves[0].servers.map((s) => s.launchDurationSeconds));
    expect(r.previous).toEqual([
      {
        executionId: first.id,
        executionType: 'DRILL',
        status: 'COMPLETED',
        startTime: first.startTime,
        endTime: first.endTime,
        rtoSeconds: first.rtoSeconds,
        waveDurations: first.waves.map((w) => w.durationSeconds),
      },
    ]);
    // last: 1 keeps one previous drill, and percentiles over this drill alone.
    const one = await report(second.id, 1);
    expect(one.previous.map((p) => p.executionId)).toEqual([first.id]);
    expect([one.rtoP50Seconds, one.rtoP90Seconds, one.waves[0].samples]).toEqual([second.rtoSeconds, second.rtoSeconds, 1]);
  });

  it('the prediction against the measured drills: p50 per wave of duration and orchestration time, and the RTO within a stated tolerance', async () => {
    const t = await timeline();
    const [first, second] = drills;
    const p50 = (i: number) => Math.min(first.waves[i].durationSeconds!, second.waves[i].durationSeconds!);
    expect(t.waves.map((w) => [w.basis, w.samples, w.expectedDurationSeconds])).toEqual([0, 1, 2].map((i) => ['HISTORY', 2, p50(i)]));
    // The orchestrator's time before each wave, from the drills' recorded times: wave 1 from the
    // execution's start, waves 2 and 3 from wave 1's measured end (start + duration), as the RTO counts it.
    const gap = (e: Exec, i: number) => {
      const from = i ? ms(e.waves[0].startTime) + e.waves[0].durationSeconds! * 1000 : ms(e.startTime);
      return (ms(e.waves[i].startTime) - from) / 1000;
    };
    const gap50 = (i: number) => Math.min(gap(first, i), gap(second, i));
    t.waves.forEach((w, i) => expect(w.orchestrationSeconds).toBeCloseTo(gap50(i), 3));
    expect(t.waves[0].expectedStartSeconds).toBeCloseTo(gap50(0), 3);
    expect(t.waves[1].expectedStartSeconds).toBeCloseTo(gap50(0) + p50(0) + gap50(1), 3);
    const predicted = gap50(0) + p50(0) + Math.max(gap50(1) + p50(1), gap50(2) + p50(2));
    expect(t.expectedRtoSeconds).toBeCloseTo(predicted, 3);
    expect(t.basis).toContain('p50 of the measured durations in the last 2 completed executions for waves 1–3');
    expect(t.basis).toContain("plus the orchestrator's own time until the wave's first launch request (p50 over the same executions) for waves 1–3");
    // Each wave is one DRS job of JOB_SECONDS whose launches end at its creation + JOB_SECONDS − 2
    // simulated seconds. A server's measured end is DRS's event time (whole seconds: up to 1 s early)
    // or, when DRS's job answer told the orchestrator first, that tick's time (later by its latency).
    // Stated tolerance per wave: 1.05 s below the job, 2 s above it.
    const job = JOB_SECONDS / SIM_SPEED;
    for (const w of t.waves) {
      expect(w.expectedDurationSeconds).toBeGreaterThan(job - 1.05);
      expect(w.expectedDurationSeconds).toBeLessThan(job + 2);
    }
    // Against the measured RTOs, the stated tolerance: the prediction takes each figure's p50 on its
    // own (the lower of two), so a drill's RTO may exceed it by what that p50 leaves out on the path —
    // the spread between the two drills of each wave's orchestration time and duration (a second of it
    // is DRS's whole-second event time, which moves from a wave's duration into the next wave's
    // orchestration time) — and never falls below it. Leaving the orchestration time out, as the
    // prediction did before, misses that tolerance by the orchestration time itself.
    const spread = (f: (e: Exec, i: number) => number, i: number) => Math.abs(f(first, i) - f(second, i));
    const duration = (e: Exec, i: number) => e.waves[i].durationSeconds!;
    // Over the path: wave 1, then the branch (2 or 3) whose figures spread most.
    const leftOut = (i: number) => spread(gap, i) + spread(duration, i);
    const tolerance = leftOut(0) + Math.max(leftOut(1), leftOut(2));
    for (const e of [first, second]) {
      expect(e.rtoSeconds!).toBeGreaterThanOrEqual(t.expectedRtoSeconds - 0.002);
      expect(e.rtoSeconds! - t.expectedRtoSeconds).toBeLessThanOrEqual(tolerance + 0.002);
    }
    const without = p50(0) + Math.max(p50(1), p50(2));
    const worst = Math.max(first.rtoSeconds!, second.rtoSeconds!);
    console.log(
      `drill-report: predicted RTO ${t.expectedRtoSeconds} s (orchestration ${t.waves.map((w) => w.orchestrationSeconds).join(', ')} s per wave); ` +
        `measured ${first.rtoSeconds} s and ${second.rtoSeconds} s; tolerance ${tolerance.toFixed(3)} s; ` +
        `worst error ${(worst - t.expectedRtoSeconds).toFixed(3)} s, ${(worst - without).toFixed(3)} s without the orchestration time`,
    );
  });

  it('a running execution answers its partial figures; a recovery joins the plan’s history', async () => {
    const running = await start('RECOVERY');
    const r = await report(running.id);
    expect(['PENDING', 'IN_PROGRESS']).toContain(r.execution.status);
    expect(r.rtoSeconds).toBeNull();
    // Waves 2 and 3 wait for wave 1 (one 3 s job at least): unmeasured, like any wave not settled yet.
    expect(r.waves.slice(1).map((w) => w.durationSeconds)).toEqual([null, null]);
    for (const w of r.waves) if (w.status !== 'COMPLETED') expect(w.durationSeconds).toBeNull();
    // Percentiles over the finished ones only.
    expect(r.previous.map((p) => p.executionId)).toEqual([drills[1].id, drills[0].id]);
    expect(r.waves[0].samples).toBe(2);
    const done = await ended(running.id);
    expect(done.status).toBe('COMPLETED');
    drills.push(done);
    const after = await report(done.id);
    expect(after.rtoSeconds).toBe(done.rtoSeconds);
    expect(after.waves[0].samples).toBe(3);
    expect(after.previousRtoSeconds).toBe(drills[1].rtoSeconds);
  });

  it('an unknown execution or a bad `last` answers the documented errors', async () => {
    expect(errorOf(await gql(ep(), readonly, REPORT, { id: 'no-such-execution' })).errorType).toBe('EXECUTION_NOT_FOUND');
    for (const last of [0, 51]) expect(errorOf(await gql(ep(), readonly, REPORT, { id: drills[0].id, last })).errorType).toBe('INVALID_INPUT');
  });

  it('REST GET /executions/{id}/report answers the same figures in the guide’s conventions', async () => {
    const [first, second] = drills;
    const r = await rest(ep(), 'http', { method: 'GET', path: `/executions/${second.id}/report`, query: { last: '5' }, authorization: `Bearer ${readonly}` });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      executionId: second.id,
      ExecutionId: second.id,
      status: 'completed',
      startTime: Math.floor(ms(second.startTime) / 1000),
      rtoSeconds: second.rtoSeconds,
      previousRtoSeconds: first.rtoSeconds,
      previous: [{ executionId: first.id, status: 'completed', rtoSeconds: first.rtoSeconds }],
    });
    expect(r.body.waves.map((w: { durationSeconds: number; status: string }) => [w.durationSeconds, w.status])).toEqual(second.waves.map((w) => [w.durationSeconds, 'completed']));
    // GET /executions/{id} carries the measures too.
    const one = await rest(ep(), 'invoke', { method: 'GET', path: `/executions/${second.id}` });
    expect(one.body.rtoSeconds).toBe(second.rtoSeconds);
    expect(one.body.waves.map((w: { durationSeconds: number; servers: Array<{ launchDurationSeconds: number }> }) => [w.durationSeconds, w.servers.map((s) => s.launchDurationSeconds)])).toEqual(
      second.waves.map((w) => [w.durationSeconds, w.servers.map((s) => s.launchDurationSeconds)]),
    );
    const missing = await rest(ep(), 'invoke', { method: 'GET', path: '/executions/no-such-execution/report' });
    expect([missing.status, missing.body.error]).toEqual([404, 'EXECUTION_NOT_FOUND']);
    const bad = await rest(ep(), 'invoke', { method: 'GET', path: `/executions/${second.id}/report`, query: { last: '0' } });
    expect([bad.status, bad.body.error, bad.body.field]).toEqual([400, 'INVALID_REQUEST', 'last']);
  });
});

describe('listExecutions filters: plan, type, status, time range', () => {
  it('GraphQL: type and status together, and a time window whatever the bounds’ form', async () => {
    const [first, second, recovery] = drills;
    expect(ids(await list({ recoveryPlanId: planId }))).toEqual(ids(drills));
    expect(ids(await list({ recoveryPlanId: planId, executionType: 'DRILL' }))).toEqual(ids([first, second]));
    expect(ids(await list({ recoveryPlanId: planId, executionType: 'RECOVERY', status: 'COMPLETED' }))).toEqual([recovery.id]);
    expect(await list({ recoveryPlanId: planId, executionType: 'RECOVERY', status: 'FAILED' })).toEqual([]);
    // Across plans (gsi1): the type still holds.
    const recoveries = await list({ executionType: 'RECOVERY', startedAfter: first.startTime });
    expect(recoveries.map((x) => x.id)).toContain(recovery.id);
    expect(recoveries.every((x) => x.executionType === 'RECOVERY')).toBe(true);
    // Inclusive bounds; an offset or a bound without milliseconds means the same instant.
    expect(ids(await list({ recoveryPlanId: planId, startedAfter: second.startTime }))).toEqual(ids([second, recovery]));
    expect(ids(await list({ recoveryPlanId: planId, startedBefore: second.startTime, executionType: 'DRILL' }))).toEqual(ids([first, second]));
    const at = new Date(ms(second.startTime));
    const plus2 = new Date(at.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    expect(ids(await list({ recoveryPlanId: planId, startedAfter: plus2 }))).toEqual(ids([second, recovery]));
    const wholeSecond = `${second.startTime.slice(0, 19)}Z`;
    expect(ids(await list({ recoveryPlanId: planId, startedAfter: wholeSecond, startedBefore: second.startTime }))).toEqual([second.id]);
    expect(errorOf(await gql(ep(), readonly, LIST, { filter: { startedAfter: second.startTime, startedBefore: first.startTime } })).errorType).toBe('INVALID_INPUT');
    expect(errorOf(await gql(ep(), readonly, LIST, { filter: { executionType: 'REHEARSAL' } })).message).toMatch(/ExecutionType|REHEARSAL/);
  });

  it('REST: the same filters as query parameters, in either spelling, with the documented errors', async () => {
    const [first, second, recovery] = drills;
    const get = (query: Record<string, string>) => rest(ep(), 'invoke', { method: 'GET', path: '/executions', query });
    const items = async (query: Record<string, string>) => {
      const r = await get(query);
      expect(r.status).toBe(200);
      return (r.body.items as Array<{ executionId: string }>).map((x) => x.executionId).sort();
    };
    expect(await items({ planId, ExecutionType: 'drill', status: 'completed' })).toEqual(ids([first, second]));
    expect(await items({ recoveryPlanId: planId, executionType: 'RECOVERY' })).toEqual([recovery.id]);
    expect(await items({ recoveryPlanId: planId, startedAfter: second.startTime })).toEqual(ids([second, recovery]));
    // Epoch seconds, as REST answers times: the second drill started within that second.
    expect(await items({ recoveryPlanId: planId, startedAfter: String(Math.floor(ms(second.startTime) / 1000)), executionType: 'DRILL' })).toEqual([second.id]);
    const badType = await get({ executionType: 'rehearsal' });
    expect([badType.status, badType.body.error]).toEqual([400, 'INVALID_EXECUTION_TYPE']);
    const badTime = await get({ startedAfter: 'yesterday' });
    expect([badTime.status, badTime.body.error, badTime.body.field]).toEqual([400, 'INVALID_REQUEST', 'startedAfter']);
    const badStatus = await get({ status: 'done' });
    expect([badStatus.status, badStatus.body.error]).toEqual([400, 'INVALID_REQUEST']);
    const reversed = await get({ startedAfter: second.startTime, startedBefore: first.startTime });
    expect([reversed.status, reversed.body.error]).toEqual([400, 'INVALID_INPUT']);
  });
});

describe('a pause is not the orchestrator’s time', () => {
  it('a drill paused after wave 1 records the pause, and the waves it held give no orchestration sample', async () => {
    const { getExecution } = await import('../../domain/executions/store.ts');
    const { gapOf } = await import('../../domain/drills/stats.ts');
    const steer = async (field: 'pauseExecution' | 'resumeExecution', id: string) =>
      ok(await gql<Record<string, Exec>>(ep(), admin, `mutation M($id: ID!) { ${field}(id: $id) { id status } }`, { id }))[field];
    const reached = async (id: string, status: string) => {
      const deadline = Date.now() + 30_000;
      while ((await get(id)).status !== status) {
        if (Date.now() > deadline) throw new Error(`execution ${id} never ${status}`);
        await sleep(50);
      }
    };
    const e = await start();
    await reached(e.id, 'IN_PROGRESS');
    // Wave 1 runs for a 3 s job: the pause takes effect when it ends, before waves 2 and 3 start.
    expect((await steer('pauseExecution', e.id)).status).toMatch(/^PAUSE/);
    await reached(e.id, 'PAUSED');
    await steer('resumeExecution', e.id);
    const done = await ended(e.id);
    expect(done.status).toBe('COMPLETED');
    const stored = (await getExecution(e.id))!;
    expect(stored.pausedAt).toBeUndefined();
    expect(stored.pauses).toHaveLength(1);
    const [pause] = stored.pauses!;
    const wave1End = ms(done.waves[0].startTime) + done.waves[0].durationSeconds! * 1000;
    expect(ms(pause.from)).toBeGreaterThanOrEqual(wave1End);
    expect(ms(pause.to)).toBeGreaterThan(ms(pause.from));
    expect(ms(pause.to)).toBeLessThanOrEqual(Math.min(ms(done.waves[1].startTime), ms(done.waves[2].startTime)));
    // Wave 1 is a sample as usual; waves 2 and 3 waited through the pause: none.
    expect(gapOf(stored, 1)).toBeCloseTo((ms(done.waves[0].startTime) - ms(done.startTime)) / 1000, 3);
    expect([gapOf(stored, 2), gapOf(stored, 3)]).toEqual([null, null]);
  });
});
