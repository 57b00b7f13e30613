// DRS's limits and a lost StartRecovery answer, on a stack of its own (the limits are stack settings,
// so the shared stack cannot change them): readiness warns of each limit a plan passes, and the
// orchestrator counts its own running jobs, reads DRS's list when near a limit, waits for room rather
// than failing — whether its own jobs or someone else's hold it — and never starts a server twice
// when a tick dies right after StartRecovery.
import { DescribeJobsCommand, DrsClient, StartRecoveryCommand } from '@aws-sdk/client-drs';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/local/stack.ts';
import { gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';

const REGION = 'us-east-2';
let stack: Stack;
let admin: string;
let drs: DrsClient;
let sfn: SFNClient;

beforeAll(async () => {
  // One server per job, one job at a time, two servers in active jobs (never the binding one for the
  // drills below, which run one job at a time): what a busy account near its quotas looks like.
  Object.assign(process.env, { DRS_MAX_SERVERS_PER_JOB: '1', DRS_MAX_CONCURRENT_JOBS: '1', DRS_MAX_SERVERS_IN_ACTIVE_JOBS: '2', DRS_LAUNCH_SECONDS: '3600' });
  stack = await startStack({ port: 0, awsPort: 0, stage: 'limits', endpointsFile: null, simSpeed: 1000 });
  admin = await login(stack.endpoints, 'admin');
  const ep = stack.endpoints;
  drs = new DrsClient({ region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials });
  sfn = new SFNClient({ region: ep.region, endpoint: ep.awsEndpoint, credentials: ep.credentials });
}, 120_000);
afterAll(async () => {
  drs?.destroy();
  sfn?.destroy();
  await stack?.stop();
});

async function drill(name: string, servers: number, before: (ids: string[]) => void = () => {}) {
  const ep = stack.endpoints;
  const ids = stack.emulator.seedSourceServers({ region: REGION, count: servers, tags: { Fleet: name }, hostnamePrefix: name });
  const g = await createGroup(ep, admin, { name, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: name }] });
  before(ids);
  const plan = await createPlan(ep, admin, { name, waves: [{ waveNumber: 1, name: 'Only', protectionGroupId: g.id }] });
  const id = ok(await gql<{ startExecution: { id: string } }>(ep, admin, 'mutation S($i: StartExecutionInput!) { startExecution(input: $i) { id } }', {
    i: { recoveryPlanId: plan.id, executionType: 'DRILL' },
  })).startExecution.id;
  const arn = `arn:aws:states:${ep.region}:111111111111:execution:drs-orchestrator-limits:${id}`;
  await stack.sfn.waitFor(arn, 60_000);
  const e = ok(await gql<{ getExecution: { status: string; waves: Array<{ jobIds: string[]; servers: Array<{ launchStatus: string }> }> } }>(ep, admin,
    'query G($id: ID!) { getExecution(id: $id) { status waves { jobIds servers { launchStatus } } } }', { id })).getExecution;
  const history = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }))).events ?? [];
  return { ids, e, history, stats: stack.sfn.stats(arn)! };
}

const jobsOf = async (ids: string[]) => {
  const items = (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: ids } }))).items ?? [];
  return ids.map((id) => items.find((j) => j.jobID === id)!).map((j) => ({ created: Date.parse(j.creationDateTime!), ended: Date.parse(j.endDateTime!) }));
};

describe('DRS limits', () => {
  it('are what readiness warns of before a start: a wave over the servers per job, its jobs over the concurrent jobs, its servers over those in active jobs', async () => {
    const ep = stack.endpoints;
    const name = `ready-${Date.now()}`;
    stack.emulator.seedSourceServers({ region: REGION, count: 3, tags: { Fleet: name }, hostnamePrefix: name });
    const g = await createGroup(ep, admin, { name, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: name }] });
    const plan = await createPlan(ep, admin, { name, waves: [{ waveNumber: 1, name: 'Only', protectionGroupId: g.id }] });
    type R = { checkPlanReadiness: { ready: boolean; findings: Array<{ severity: string; code: string; waveNumber: number | null; details: string }> } };
    const r = ok(await gql<R>(ep, admin, 'query R($id: ID!) { checkPlanReadiness(planId: $id) { ready findings { severity code waveNumber details } } }', { id: plan.id })).checkPlanReadiness;
    const limits = r.findings.filter((f) => f.code.endsWith('_LIMIT_EXCEEDED')).map((f) => [f.severity, f.code, f.waveNumber]).sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    // Warnings, not refusals: the orchestrator splits the wave and waits for room (the tests below).
    expect(limits).toEqual([
      ['WARNING', 'CONCURRENT_JOBS_LIMIT_EXCEEDED', null],
      ['WARNING', 'SERVERS_IN_JOBS_LIMIT_EXCEEDED', null],
      ['WARNING', 'WAVE_SIZE_LIMIT_EXCEEDED', 1],
    ]);
    expect(r.ready).toBe(true);
    const concurrent = JSON.parse(r.findings.find((f) => f.code === 'CONCURRENT_JOBS_LIMIT_EXCEEDED')!.details);
    expect(concurrent).toMatchObject({ limit: 1 });
  });

  it('warn SERVERS_IN_JOBS_LIMIT_EXCEEDED for waves that may run at once, or beside running jobs, over the servers DRS allows in active jobs; gone with dependsOn, and once the jobs end', async () => {
    const ep = stack.endpoints;
    const name = `busy-${Date.now()}`;
    const group = async (suffix: string, count: number) => {
      stack.emulator.seedSourceServers({ region: REGION, count, tags: { Fleet: `${name}-${suffix}` }, hostnamePrefix: `${name}-${suffix}` });
      return (await createGroup(ep, admin, { name: `${name}-${suffix}`, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: `${name}-${suffix}` }] })).id;
    };
    const [a, b] = [await group('a', 2), await group('b', 1)];
    const waves = (dependsOn: number[]) => [
      { waveNumber: 1, name: 'A', protectionGroupId: a },
      { waveNumber: 2, name: 'B', protectionGroupId: b, dependsOn },
    ];
    const plan = await createPlan(ep, admin, { name, waves: waves([]) });
    type F = { severity: string; code: string; waveNumber: number | null; details: string };
    const serversInJobs = async () => {
      const r = ok(await gql<{ checkPlanReadiness: { ready: boolean; findings: F[] } }>(ep, admin, 'query R($id: ID!) { checkPlanReadiness(planId: $id) { ready findings { severity code waveNumber details } } }', { id: plan.id }))
        .checkPlanReadiness;
      expect(r.ready).toBe(true);
      return r.findings.filter((f) => f.code === 'SERVERS_IN_JOBS_LIMIT_EXCEEDED').map((f) => ({ severity: f.severity, waveNumber: f.waveNumber, ...JSON.parse(f.details) }));
    };
    // Waves 1 and 2 may run at once: 3 servers, over the 2 DRS allows in active jobs.
    expect(await serversInJobs()).toEqual([{ severity: 'WARNING', waveNumber: null, region: REGION, accountId: null, waves: [1, 2], neededServers: 3, serversInActiveJobs: 0, limit: 2 }]);

    // The fix the finding names: wave 2 after wave 1, so at most wave 1's 2 servers at once.
    ok(await gql(ep, admin, 'mutation U($id: ID!, $input: UpdateRecoveryPlanInput!) { updateRecoveryPlan(id: $id, input: $input) { id } }', {
      id: plan.id,
      input: { version: plan.version, waves: waves([1]) },
    }));
    expect(await serversInJobs()).toEqual([]);

    // Someone else's job holds a server: 2 more would pass the limit until it ends. The job lasts 8 s
    // (8,000 simulated), far longer than a check even on a loaded machine; the check below says if not.
    const [outsider] = stack.emulator.seedSourceServers({ region: REGION, count: 1, tags: { Fleet: `${name}-x` }, hostnamePrefix: `${name}-x` });
    stack.emulator.setDrsJobSeconds(8000);
    const theirs = (await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: outsider }], isDrill: true })).finally(() => stack.emulator.setDrsJobSeconds(undefined))).job!;
    const status = async () => ((await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [theirs.jobID!] } }))).items ?? [])[0]?.status;
    const during = await serversInJobs();
    expect(await status(), 'the job was still running when readiness looked').not.toBe('COMPLETED');
    expect(during).toEqual([{ severity: 'WARNING', waveNumber: null, region: REGION, accountId: null, waves: [1], neededServers: 2, serversInActiveJobs: 1, limit: 2 }]);
    for (const deadline = Date.now() + 60_000; (await status()) !== 'COMPLETED'; ) {
      if (Date.now() > deadline) throw new Error(`job ${theirs.jobID} still ${await status()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await serversInJobs()).toEqual([]);
  });

  it('runs a wave larger than the limits allow as one job after another, each started once the one before ended', async () => {
    stack.emulator.resetDrsStats();
    const { e, history } = await drill(`seq-${Date.now()}`, 3);
    expect(e.status).toBe('COMPLETED');
    expect(e.waves[0].servers.map((s) => s.launchStatus)).toEqual(['LAUNCHED', 'LAUNCHED', 'LAUNCHED']);
    expect(e.waves[0].jobIds).toHaveLength(3);
    const jobs = (await jobsOf(e.waves[0].jobIds)).sort((a, b) => a.created - b.created);
    for (let i = 1; i < jobs.length; i++) expect(jobs[i].created).toBeGreaterThanOrEqual(jobs[i - 1].ended);
    // Never more than DRS allows: no start was refused for its quota, none started twice.
    const stats = stack.emulator.drsStats();
    expect(stats.calls.StartRecovery).toBe(3);
    expect(Object.values(stats.startedServers ?? {}).every((n) => n === 1)).toBe(true);
    expect(history.some((h) => h.type === 'ExecutionSucceeded')).toBe(true);
  });

  it('waits while someone else’s job holds DRS’s room, then launches', async () => {
    const [outsider] = stack.emulator.seedSourceServers({ region: REGION, count: 1, tags: { Fleet: 'outsider' }, hostnamePrefix: 'outsider' });
    const theirs = (await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: outsider }], isDrill: true }))).job!;
    const { e } = await drill(`wait-${Date.now()}`, 1);
    expect(e.status).toBe('COMPLETED');
    const [other] = await jobsOf([theirs.jobID!]);
    const [ours] = await jobsOf(e.waves[0].jobIds);
    expect(ours.created).toBeGreaterThanOrEqual(other.ended);
  });
});

describe('a tick that dies right after StartRecovery', () => {
  it('is retried, and the retry adopts the job DRS created (found by its tags) instead of starting the servers again', async () => {
    stack.emulator.resetDrsStats();
    // DRS creates the first server's job, then the orchestrator never hears of it (the call fails).
    const { ids, e, history, stats } = await drill(`lost-${Date.now()}`, 2, (servers) => stack.emulator.setDrsFaults({ loseStartAnswer: [servers[0]] }));
    expect(e.status).toBe('COMPLETED');
    expect(e.waves[0].servers.map((s) => s.launchStatus)).toEqual(['LAUNCHED', 'LAUNCHED']);
    const drsStats = stack.emulator.drsStats();
    expect(ids.map((id) => drsStats.startedServers[id])).toEqual([1, 1]);
    expect(drsStats.calls.StartRecovery).toBe(2);
    // The failed tick is in the history, and Step Functions retried it.
    expect(history.filter((h) => h.type === 'TaskFailed' && h.taskFailedEventDetails?.error === 'AccessDeniedException')).toHaveLength(1);
    expect(stats.retries).toBe(1);
    expect(e.waves[0].jobIds).toHaveLength(2);
  });
});
