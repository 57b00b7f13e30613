// The orchestrator's figures from a real three-wave drill on the local stack (database → application
// → web, 20 servers): Step Functions transitions per execution and per poll cycle, DRS calls per poll,
// and the simulated delay from a wave's last launch to the next wave's StartRecovery.
import { DescribeJobsCommand, DrsClient } from '@aws-sdk/client-drs';
import type { Stack } from '../infra/local/stack.ts';
import { gql, login, ok } from '../test/support/client.ts';

export async function orchestratorBench(stack: Stack, simSpeed: number) {
  const ep = stack.endpoints;
  const token = await login(ep, 'admin');
  const tag = `bench-${Date.now()}`;
  const groups: string[] = [];
  for (const [tier, count] of [['db', 4], ['app', 10], ['web', 6]] as const) {
    stack.emulator.seedSourceServers({ region: 'us-east-2', count, tags: { Fleet: `${tag}-${tier}` }, hostnamePrefix: tier });
    groups.push(ok(await gql<{ createProtectionGroup: { id: string } }>(ep, token,
      'mutation C($i: CreateProtectionGroupInput!) { createProtectionGroup(input: $i) { id } }',
      { i: { name: `${tag}-${tier}`, region: 'us-east-2', serverSelectionTags: [{ key: 'Fleet', value: `${tag}-${tier}` }] } })).createProtectionGroup.id);
  }
  const plan = ok(await gql<{ createRecoveryPlan: { id: string } }>(ep, token,
    'mutation C($i: CreateRecoveryPlanInput!) { createRecoveryPlan(input: $i) { id } }',
    { i: { name: tag, waves: groups.map((g, i) => ({ waveNumber: i + 1, name: `Wave ${i + 1}`, protectionGroupId: g, dependsOn: i ? [i] : [] })) } })).createRecoveryPlan;

  stack.emulator.resetDrsStats();
  const t0 = performance.now();
  const exec = ok(await gql<{ startExecution: { id: string } }>(ep, token,
    'mutation S($i: StartExecutionInput!) { startExecution(input: $i) { id } }', { i: { recoveryPlanId: plan.id, executionType: 'DRILL' } })).startExecution;
  type W = { waveNumber: number; jobIds: string[]; status: string };
  let e: { status: string; waves: W[] };
  for (;;) {
    e = ok(await gql<{ getExecution: { status: string; waves: W[] } }>(ep, token,
      'query G($id: ID!) { getExecution(id: $id) { status waves { waveNumber status jobIds } } }', { id: exec.id })).getExecution;
    if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const wallMs = performance.now() - t0;
  const drsStats = stack.emulator.drsStats();
  const arn = `arn:aws:states:${ep.region}:111111111111:execution:drs-orchestrator-bench:${exec.id}`;
  const sfnStats = stack.sfn.stats(arn);
  if (!sfnStats) throw new Error(`no Step Functions stats for ${arn}`);
  const ticks = sfnStats.byState.Tick ?? 0;
  const cycle = (sfnStats.byState.Wait ?? 0) + ticks + (sfnStats.byState.Route ?? 0) - (sfnStats.byState.Route ?? 0 ? 1 : 0);

  // Launch → next wave: each wave's last job end against the next wave's first job creation.
  const drs = new DrsClient({ region: 'us-east-2', endpoint: ep.awsEndpoint, credentials: ep.credentials });
  const jobs = new Map<string, { created: number; ended: number }>();
  const all = e.waves.flatMap((w) => w.jobIds);
  const r = await drs.send(new DescribeJobsCommand({ filters: { jobIDs: all } }));
  for (const j of r.items ?? []) jobs.set(j.jobID!, { created: Date.parse(j.creationDateTime!), ended: Date.parse(j.endDateTime!) });
  const gaps = e.waves.slice(1).map((w, i) => {
    const prevEnd = Math.max(...e.waves[i].jobIds.map((id) => jobs.get(id)!.ended));
    const nextStart = Math.min(...w.jobIds.map((id) => jobs.get(id)!.created));
    return ((nextStart - prevEnd) * simSpeed) / 1000;
  });
  drs.destroy();
  const describeCalls = drsStats.calls.DescribeJobs ?? 0;
  return {
    execution: { status: e.status, waves: e.waves.length, servers: 20, wallMs: Math.round(wallMs), simSpeed },
    transitionsPerExecution: sfnStats.transitions,
    pollCycles: ticks,
    transitionsPerPollCycle: ticks ? +(cycle / ticks).toFixed(2) : 0,
    drsCalls: drsStats.calls,
    drsDescribeJobsPerPoll: ticks ? +(describeCalls / (ticks + 1)).toFixed(2) : 0,
    drsCallsPerPoll: ticks ? +(Object.values(drsStats.calls).reduce((a, b) => a + b, 0) / (ticks + 1)).toFixed(2) : 0,
    launchToNextWaveSeconds: gaps.map((g) => +g.toFixed(1)),
  };
}
