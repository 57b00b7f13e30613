// No lost change (issue 11, part 5): subscribers get what the table's stream says was committed, through
// the publisher, retried until it gets through. On a stack of its own (the publish path's fault switch
// acts on every publication of the stack): a three-wave drill runs while the publish path fails for
// several seconds; a subscriber still sees every wave's completion and the execution's final status, in
// order, and the publisher's retries are counted. Also: a group's delete names who deleted it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/local/stack.ts';
import { gql, login, ok, subscribe, type Subscription } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import type { Execution, ExecutionWave, ProtectionGroupChange } from '../../platform/generated/graphql.ts';

const REGION = 'us-east-2';
const STAGE = 'pubfaults';
/** Each DRS launch job lasts this many simulated seconds: 2 s of real time at SIM_SPEED 1000. */
const JOB_SECONDS = 2000;
const FAIL_SECONDS = 5;
let stack: Stack;
let admin: string;
let planManager: string;

beforeAll(async () => {
  Object.assign(process.env, { DRS_LAUNCH_SECONDS: '3600', DRS_JOB_SECONDS: String(JOB_SECONDS) });
  stack = await startStack({ port: 0, awsPort: 0, stage: STAGE, endpointsFile: null, simSpeed: 1000 });
  admin = await login(stack.endpoints, 'admin');
  planManager = await login(stack.endpoints, 'plan-manager');
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

type Exec = Execution & { waves: ExecutionWave[] };
const WAVE = 'waveNumber name status startTime endTime jobIds errorMessage servers { sourceServerId hostname launchStatus recoveryInstanceId jobId }';
const EXEC = `id status currentWave totalWaves startTime endTime errorMessage initiatedBy claimedInitiatedBy claimedInvocationSource waves { ${WAVE} }`;
const data = <T>(s: Subscription, field: string) => s.messages.filter((m) => m.type === 'data').map((m) => (m.payload as { data: Record<string, T> }).data[field]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('publishing behind the write', () => {
  it('a subscriber sees every wave complete and the final status, in order, though the publish path failed for seconds mid-drill', async () => {
    const ep = stack.endpoints;
    const run = Date.now().toString(36);
    const groups = [];
    for (let n = 1; n <= 3; n++) {
      const fleet = `pf-${run}-${n}`;
      stack.emulator.seedSourceServers({ region: REGION, count: 2, tags: { Fleet: fleet }, hostnamePrefix: fleet });
      groups.push(await createGroup(ep, admin, { name: fleet, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: fleet }] }));
    }
    const plan = await createPlan(ep, admin, {
      name: `pf-${run}`,
      waves: groups.map((g, i) => ({ waveNumber: i + 1, name: `Wave ${i + 1}`, protectionGroupId: g.id, dependsOn: i ? [i] : [] })),
    });
    const feed = await subscribe(ep, admin, `subscription S($p: ID) { onExecutionsChanged(planId: $p) { ${EXEC} } }`, { p: plan.id });
    const started = ok(await gql<{ startExecution: Exec }>(ep, admin, `mutation S($i: StartExecutionInput!) { startExecution(input: $i) { ${EXEC} } }`, {
      i: { recoveryPlanId: plan.id, executionType: 'DRILL', initiatedBy: 'dashboard-test', invocationSource: 'TEST' },
    })).startExecution;
    const waves = await subscribe(ep, admin, `subscription W($id: ID!) { onWaveUpdated(executionId: $id) { executionId waveNumber wave { ${WAVE} } } }`, { id: started.id });
    // Publishing works; then the publish path fails for FAIL_SECONDS while the waves run (2 s each).
    await until('the PENDING publication', () => data<Exec>(feed, 'onExecutionsChanged')[0], 10_000);
    const before = { ...stack.publishing.stats, discarded: [...stack.publishing.stats.discarded] };
    stack.publishing.setFaults({ failSeconds: FAIL_SECONDS });
    const failedFrom = Date.now();
    // When each wave's completion and the final status first reach the subscriber.
    const seenAt = new Map<string, number>();
    const watch = setInterval(() => {
      for (const u of data<{ waveNumber: number; wave: ExecutionWave }>(waves, 'onWaveUpdated')) {
        if (u.wave.status === 'COMPLETED' && !seenAt.has(`wave ${u.waveNumber}`)) seenAt.set(`wave ${u.waveNumber}`, Date.now());
      }
      if (!seenAt.has('final') && data<Exec>(feed, 'onExecutionsChanged').some((e) => e.status === 'COMPLETED')) seenAt.set('final', Date.now());
    }, 10);

    const arn = `arn:aws:states:${ep.region}:111111111111:execution:drs-orchestrator-${STAGE}:${started.id}`;
    await stack.sfn.waitFor(arn, 60_000);
    const done = ok(await gql<{ getExecution: Exec }>(ep, admin, `query G($id: ID!) { getExecution(id: $id) { ${EXEC} } }`, { id: started.id })).getExecution;
    expect(done.status).toBe('COMPLETED');
    // Some waves ended while nothing could be published (the drill outlasts the fault by at least a wave).
    const endedInFault = done.waves.filter((w) => Date.parse(w.endTime!) < failedFrom + FAIL_SECONDS * 1000).length;
    expect(endedInFault).toBeGreaterThanOrEqual(1);

    // Everything arrives once the path works again, the final state last.
    const final = await until('the final publication', () => data<Exec>(feed, 'onExecutionsChanged').find((e) => e.status === 'COMPLETED'), 30_000);
    await sleep(300);
    clearInterval(watch);
    const all = data<Exec>(feed, 'onExecutionsChanged');
    const statuses = all.map((e) => e.status).filter((s, i, a) => i === 0 || a[i - 1] !== s);
    expect(statuses).toEqual(['PENDING', 'IN_PROGRESS', 'COMPLETED']);
    expect(all[all.length - 1]).toEqual(done);
    expect(final).toEqual(done);
    // The audit fields as stored, the caller's claims beside them.
    expect(final).toMatchObject({ initiatedBy: 'admin', claimedInitiatedBy: 'dashboard-test', claimedInvocationSource: 'TEST' });
    // In order: each server's launch status and the current wave only ever move forward.
    const order = ['NOT_STARTED', 'PENDING', 'IN_PROGRESS', 'LAUNCHED'];
    for (const s of done.waves.flatMap((w) => w.servers)) {
      const seen = all.map((e) => order.indexOf(e.waves.flatMap((w) => w.servers).find((x) => x.sourceServerId === s.sourceServerId)!.launchStatus));
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    }
    const current = all.map((e) => e.currentWave ?? 0);
    expect(current).toEqual([...current].sort((a, b) => a - b));

    // onWaveUpdated: every wave's completion, each wave's updates in order, its last one the final wave.
    const updates = data<{ executionId: string; waveNumber: number; wave: ExecutionWave }>(waves, 'onWaveUpdated');
    const waveOrder = ['PENDING', 'WAITING', 'STARTED', 'IN_PROGRESS', 'COMPLETED'];
    for (const w of done.waves) {
      const mine = updates.filter((u) => u.waveNumber === w.waveNumber);
      expect(mine.some((u) => u.wave.status === 'COMPLETED'), `wave ${w.waveNumber} completion`).toBe(true);
      const idx = mine.map((u) => waveOrder.indexOf(u.wave.status));
      expect(idx).toEqual([...idx].sort((a, b) => a - b));
      expect(mine[mine.length - 1].wave).toEqual(w);
    }
    await Promise.all([feed.close(), waves.close()]);

    const s = stack.publishing.stats;
    const injected = s.refused - before.refused;
    const redeliveries = s.retries - before.retries;
    const reported = s.batchItemFailures - before.batchItemFailures;
    // Each reported record ended an invocation's tries; every other failed call was retried in the function.
    const inFunction = injected - reported;
    const faultEnd = failedFrom + FAIL_SECONDS * 1000;
    const at = (t: number) => `${((t - failedFrom) / 1000).toFixed(2)} s`;
    const timeline = done.waves
      .map((w) => `wave ${w.waveNumber} ended ${at(Date.parse(w.endTime!))}, seen ${at(seenAt.get(`wave ${w.waveNumber}`)!)}`)
      .concat(`final ${at(Date.parse(done.endTime!))}, seen ${at(seenAt.get('final')!)}`);
    const lastInFault = Math.max(...done.waves.filter((w) => Date.parse(w.endTime!) < faultEnd).map((w) => seenAt.get(`wave ${w.waveNumber}`)!));
    console.log(
      `publish path failed for ${FAIL_SECONDS} s mid-drill: ${injected} publish calls failed (injected); retries: ${inFunction} in the publisher ` +
        `(backoff), ${reported} records reported failed (ReportBatchItemFailures) and re-sent ${redeliveries} times by the poller; ` +
        `${s.calls - before.calls} publish calls in all; received ${all.length} onExecutionsChanged and ${updates.length} onWaveUpdated messages; ` +
        `after the fault (from its start): ${timeline.join('; ')}; backlog delivered ${lastInFault - faultEnd} ms after the fault ended; given up: ${s.discarded.length}`,
    );
    expect(injected).toBeGreaterThan(0);
    expect(reported).toBeGreaterThan(0);
    expect(redeliveries).toBeGreaterThan(0);
    expect(inFunction).toBeGreaterThan(0);
    expect(s.functionErrors - before.functionErrors).toBe(0);
    expect(s.discarded).toEqual([]);
  }, 90_000);

  it('publishes a group change made while the path fails, and names who deleted a group', async () => {
    const ep = stack.endpoints;
    const sub = await subscribe(ep, admin, `subscription { onProtectionGroupChanged { id action name version changedBy group { id name version } } }`);
    const [server] = stack.emulator.seedSourceServers({ region: REGION, count: 1, tags: { Fleet: 'pf-group' }, hostnamePrefix: 'pfgroup' });
    stack.publishing.setFaults({ failSeconds: 2 });
    const g = await createGroup(ep, planManager, { name: `pf-group-${Date.now().toString(36)}`, region: REGION, sourceServerIds: [server] });
    ok(await gql(ep, admin, 'mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id } }', { id: g.id }));
    const events = await until(
      'CREATED and DELETED',
      () => {
        const mine = data<ProtectionGroupChange>(sub, 'onProtectionGroupChanged').filter((e) => e.id === g.id);
        return mine.some((e) => e.action === 'DELETED') ? mine : undefined;
      },
      30_000,
    );
    await sub.close();
    // The deletion stamp is bookkeeping: it publishes nothing of its own.
    expect(events.map((e) => [e.action, e.version, e.changedBy])).toEqual([
      ['CREATED', 1, 'plan-manager'],
      ['DELETED', 1, 'admin'],
    ]);
    expect(events[0].group).toMatchObject({ id: g.id, name: g.name, version: 1 });
    expect(events[1].group).toBeNull();
  }, 60_000);
});
