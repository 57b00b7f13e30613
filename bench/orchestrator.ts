// The orchestrator's cost and reaction on the local stack, on the reference drill of issue 10: 3
// chained waves × 2 servers, every DRS launch job exactly 600 simulated seconds (the emulator's
// DRS_JOB_SECONDS switch), once with DRS's launch events delivered and once with every event dropped
// (fallback poll only); then how cost grows with chained waves and with servers in one wave.
// Per run: states entered, history events, Lambda invocations, DRS calls by operation, and the lag
// from a wave's last launch to the next wave's StartRecovery. The lag is measured on the wall clock:
// DRS durations and the fallback timeout are divided by SIM_SPEED, processing is not, so the real gap
// is what an AWS deployment would see (EventBridge's own delivery latency aside); × SIM_SPEED gives it
// on the simulated clock, where a fallback wait belongs.
import { DescribeJobsCommand, DrsClient } from '@aws-sdk/client-drs';
import type { Stack } from '../infra/local/stack.ts';
import { gql, login, ok } from '../test/support/client.ts';

const REGION = 'us-east-2';
const JOB_SECONDS = 600;
/** The emulator launches every server of a fixed-duration job this long before the job ends. */
const LAUNCH_BEFORE_END = 2;

/** The systems it replaces, on the same drill (issue 10's measurements). */
export const PEERS = {
  'seed system': { states: 244, historyEvents: 673, lambdaInvocations: 61, lagMeanS: 14.5, lagWorstS: 29 },
  'drs-plan-automation': { states: 186, historyEvents: 560, lambdaInvocations: 62, lagMeanS: 14.5, lagWorstS: 29 },
};

interface RunFigures {
  status: string;
  wallMs: number;
  states: number;
  byState: Record<string, number>;
  historyEvents: number;
  fallbackPolls: number;
  lambdaInvocations: { total: number; byFunction: Record<string, number> };
  drsCalls: Record<string, number>;
  /** Per wave boundary: real ms and simulated s from the wave's last launch to the next StartRecovery. */
  lag: Array<{ realMs: number; simulatedS: number }>;
  lagMeanRealMs: number | null;
  lagWorstRealMs: number | null;
  lagMeanSimulatedS: number | null;
  lagWorstSimulatedS: number | null;
}

const round = (n: number, d = 1) => +n.toFixed(d);
const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => (v as number) > 0)) as Record<string, number>;

export async function orchestratorBench(stack: Stack, simSpeed: number) {
  const ep = stack.endpoints;
  const token = await login(ep, 'admin');
  const tag = `bench-${Date.now()}`;
  const drs = new DrsClient({ region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials });
  let runs = 0;

  async function drill(waves: number, perWave: number, dropRate: number): Promise<RunFigures> {
    const name = `${tag}-${++runs}`;
    const groups: string[] = [];
    for (let n = 1; n <= waves; n++) {
      const fleet = `${name}-w${n}`;
      stack.emulator.seedSourceServers({ region: REGION, count: perWave, tags: { Fleet: fleet }, hostnamePrefix: `w${n}` });
      groups.push(ok(await gql<{ createProtectionGroup: { id: string } }>(ep, token,
        'mutation C($i: CreateProtectionGroupInput!) { createProtectionGroup(input: $i) { id } }',
        { i: { name: fleet, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: fleet }] } })).createProtectionGroup.id);
    }
    const plan = ok(await gql<{ createRecoveryPlan: { id: string } }>(ep, token,
      'mutation C($i: CreateRecoveryPlanInput!) { createRecoveryPlan(input: $i) { id } }',
      { i: { name, waves: groups.map((g, i) => ({ waveNumber: i + 1, name: `Wave ${i + 1}`, protectionGroupId: g, dependsOn: i ? [i] : [] })) } })).createRecoveryPlan;

    stack.emulator.setDrsJobSeconds(JOB_SECONDS);
    stack.emulator.setDrsEventDropRate(dropRate);
    stack.emulator.resetDrsStats();
    const invocationsBefore = stack.invocations();
    const t0 = performance.now();
    const exec = ok(await gql<{ startExecution: { id: string } }>(ep, token,
      'mutation S($i: StartExecutionInput!) { startExecution(input: $i) { id } }', { i: { recoveryPlanId: plan.id, executionType: 'DRILL' } })).startExecution;
    type W = { waveNumber: number; jobIds: string[] };
    let e: { status: string; waves: W[] };
    for (;;) {
      e = ok(await gql<{ getExecution: { status: string; waves: W[] } }>(ep, token,
        'query G($id: ID!) { getExecution(id: $id) { status waves { waveNumber jobIds } } }', { id: exec.id })).getExecution;
      if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const wallMs = performance.now() - t0;
    const arn = `arn:aws:states:${ep.region}:111111111111:execution:drs-orchestrator-${ep.stage}:${exec.id}`;
    await stack.sfn.waitFor(arn, 60_000);
    const drsCalls = { ...stack.emulator.drsStats().calls };
    const byFunction = diff(stack.invocations(), invocationsBefore);

    const stats = stack.sfn.stats(arn);
    if (!stats) throw new Error(`no Step Functions stats for ${arn}`);
    let historyEvents = 0;
    let fallbackPolls = 0;
    let nextToken: string | undefined;
    do {
      const page = (await stack.sfn.handle('GetExecutionHistory', { executionArn: arn, maxResults: 1000, nextToken })).body as { events: Array<{ type: string }>; nextToken?: string };
      historyEvents += page.events.length;
      fallbackPolls += page.events.filter((x) => x.type === 'TaskTimedOut').length;
      nextToken = page.nextToken;
    } while (nextToken);

    // Every server of a fixed-duration job launches at its creation + (JOB_SECONDS − 2) simulated s.
    const created = new Map<string, number>();
    const ids = e.waves.flatMap((w) => w.jobIds);
    for (let i = 0; i < ids.length; i += 100) {
      const r = await drs.send(new DescribeJobsCommand({ filters: { jobIDs: ids.slice(i, i + 100) } }));
      for (const j of r.items ?? []) created.set(j.jobID!, Date.parse(j.creationDateTime!));
    }
    const launchMs = ((JOB_SECONDS - LAUNCH_BEFORE_END) * 1000) / simSpeed;
    const lag = e.waves.slice(1).map((w, i) => {
      const lastLaunch = Math.max(...e.waves[i].jobIds.map((id) => created.get(id)! + launchMs));
      const realMs = Math.min(...w.jobIds.map((id) => created.get(id)!)) - lastLaunch;
      return { realMs: round(realMs), simulatedS: round((realMs * simSpeed) / 1000) };
    });
    const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
    const worst = (xs: number[]) => (xs.length ? round(Math.max(...xs)) : null);
    return {
      status: e.status,
      wallMs: Math.round(wallMs),
      states: Object.values(stats.byState).reduce((a, b) => a + b, 0),
      byState: stats.byState,
      historyEvents,
      fallbackPolls,
      lambdaInvocations: { total: Object.values(byFunction).reduce((a, b) => a + b, 0), byFunction },
      drsCalls,
      lag,
      lagMeanRealMs: mean(lag.map((l) => l.realMs)),
      lagWorstRealMs: worst(lag.map((l) => l.realMs)),
      lagMeanSimulatedS: mean(lag.map((l) => l.simulatedS)),
      lagWorstSimulatedS: worst(lag.map((l) => l.simulatedS)),
    };
  }

  try {
    const reference = await drill(3, 2, 0);
    const allDropped = await drill(3, 2, 1);
    const growth = {
      waves: { 1: await drill(1, 2, 0), 3: reference, 10: await drill(10, 2, 0) },
      serversInOneWave: { 2: await drill(1, 2, 0), 100: await drill(1, 100, 0), 250: await drill(1, 250, 0) },
    };
    return { simSpeed, jobSeconds: JOB_SECONDS, reference, allDropped, growth, peers: PEERS };
  } finally {
    stack.emulator.setDrsJobSeconds(undefined);
    stack.emulator.setDrsEventDropRate(0);
    drs.destroy();
  }
}

/** The bench's tables for the orchestrator. */
export function printOrchestrator(o: Awaited<ReturnType<typeof orchestratorBench>>, pollSeconds: number): void {
  const row = (r: RunFigures) => ({
    status: r.status,
    states: r.states,
    'history events': r.historyEvents,
    'Lambda invocations': r.lambdaInvocations.total,
    'fallback polls': r.fallbackPolls,
    'DRS calls': Object.entries(r.drsCalls).map(([k, v]) => `${k} ${v}`).join(', '),
    'lag mean / worst (real ms)': `${r.lagMeanRealMs ?? '-'} / ${r.lagWorstRealMs ?? '-'}`,
    'lag mean / worst (simulated s)': `${r.lagMeanSimulatedS ?? '-'} / ${r.lagWorstSimulatedS ?? '-'}`,
  });
  const peer = (p: (typeof PEERS)[keyof typeof PEERS]) => ({
    status: '(their figures)',
    states: p.states,
    'history events': p.historyEvents,
    'Lambda invocations': p.lambdaInvocations,
    'fallback polls': '-',
    'DRS calls': '-',
    'lag mean / worst (real ms)': `${p.lagMeanS * 1000} / ${p.lagWorstS * 1000}`,
    'lag mean / worst (simulated s)': `${p.lagMeanS} / ${p.lagWorstS}`,
  });
  console.log(`\nReference drill: 3 chained waves × 2 servers, every DRS job ${o.jobSeconds} s (SIM_SPEED ${o.simSpeed}; fallback interval POLL_SECONDS=${pollSeconds})`);
  console.table({
    'drs-orchestrator, events': row(o.reference),
    'drs-orchestrator, 100% events dropped': row(o.allDropped),
    'seed system': peer(PEERS['seed system']),
    'drs-plan-automation': peer(PEERS['drs-plan-automation']),
  });
  console.log('Cost growth');
  console.table({
    ...Object.fromEntries(Object.entries(o.growth.waves).map(([n, r]) => [`${n} chained wave(s) × 2 servers`, row(r)])),
    ...Object.fromEntries(Object.entries(o.growth.serversInOneWave).map(([n, r]) => [`1 wave × ${n} servers`, row(r)])),
  });
}
