// DRS recovery jobs on the local AWS endpoint, through the unmodified DRS and EC2 clients: the job
// lifecycle on the simulated clock, recovery instances in DRS and EC2, conflicts and limits, the
// fault switches (in-process and over the /__local HTTP controls) and termination.
import {
  ConflictException,
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeSourceServersCommand,
  DrsClient,
  InternalServerException,
  type Job,
  UninitializedAccountException,
  type JobLog,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
  UpdateLaunchConfigurationCommand,
  ValidationException,
} from '@aws-sdk/client-drs';
import { DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advanceDrs } from '../../infra/local/aws/drs-jobs.ts';
import { type AwsEmulator, type DrsStats, createAwsEmulator } from '../../infra/local/aws/index.ts';

let emu: AwsEmulator;
let url: string;
let drs: DrsClient;
let ec2: EC2Client;

beforeAll(async () => {
  emu = createAwsEmulator({ simSpeed: 1000 });
  ({ url } = await emu.listen(0, '127.0.0.1'));
  const config = { region: 'us-east-1', credentials: emu.credentials, endpoint: url };
  drs = new DrsClient(config);
  ec2 = new EC2Client(config);
});
afterAll(async () => {
  drs.destroy();
  ec2.destroy();
  await emu.close();
});
// Every test starts without faults.
afterEach(() => {
  emu.setDrsFaults({});
});

/** Source servers of us-east-1, handed out so no two tests launch the same server. */
let nextServer = 0;
function takeServers(n: number): string[] {
  const servers = emu.state.accounts[emu.accountId].drs['us-east-1'].servers.slice(nextServer, nextServer + n);
  nextServer += n;
  expect(servers).toHaveLength(n);
  return servers.map((s) => s.sourceServerID!);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls DescribeJobs until the job completes; answers every state seen, the first one included. */
async function watchJob(first: Job): Promise<Job[]> {
  const seen = [first];
  const deadline = Date.now() + 10_000;
  while (seen[seen.length - 1].status !== 'COMPLETED') {
    if (Date.now() > deadline) throw new Error(`job ${first.jobID} did not complete`);
    await sleep(10);
    const { items } = await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [first.jobID!] } }));
    expect(items).toHaveLength(1);
    seen.push(items![0]);
  }
  return seen;
}

/** The distinct values in order (consecutive repeats collapsed). */
function transitions<T>(values: T[]): T[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}

function serverStatuses(seen: Job[], sourceServerID: string): Array<string | undefined> {
  return transitions(seen.map((j) => j.participatingServers?.find((p) => p.sourceServerID === sourceServerID)?.launchStatus));
}

async function jobLog(jobID: string, maxResults?: number): Promise<JobLog[]> {
  const items: JobLog[] = [];
  let nextToken: string | undefined;
  do {
    const page = await drs.send(new DescribeJobLogItemsCommand({ jobID, maxResults, nextToken }));
    items.push(...(page.items ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

async function instance(id: string): Promise<Instance> {
  const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return Reservations![0].Instances![0];
}

async function localControl(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const LAUNCH_EVENTS = ['SNAPSHOT_START', 'SNAPSHOT_END', 'CONVERSION_START', 'CONVERSION_END', 'LAUNCH_START'];

describe('DRS recovery jobs', () => {
  it('runs a drill of 3 servers PENDING -> STARTED -> COMPLETED and leaves recovery instances in DRS and EC2', async () => {
    const ids = takeServers(3);
    const started = Date.now();
    const answer = await drs.send(new StartRecoveryCommand({ sourceServers: ids.map((sourceServerID) => ({ sourceServerID })), isDrill: true, tags: { Purpose: 'drill' } }));
    expect(answer.$metadata.httpStatusCode).toBe(202);
    const job = answer.job!;
    expect(job).toMatchObject({
      jobID: expect.stringMatching(/^drsjob-[0-9a-f]{17}$/),
      arn: `arn:aws:drs:us-east-1:${emu.accountId}:job/${job.jobID}`,
      type: 'LAUNCH',
      initiatedBy: 'START_DRILL',
      status: 'PENDING',
      tags: { Purpose: 'drill' },
      participatingServers: ids.map((sourceServerID) => ({ sourceServerID, launchStatus: 'PENDING' })),
    });
    expect(job.endDateTime).toBeUndefined();

    const seen = await watchJob(job);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(3000);
    expect(transitions(seen.map((j) => j.status))).toEqual(['PENDING', 'STARTED', 'COMPLETED']);
    for (const id of ids) expect(serverStatuses(seen, id)).toEqual(['PENDING', 'IN_PROGRESS', 'LAUNCHED']);
    const done = seen[seen.length - 1];
    expect(Date.parse(done.endDateTime!)).toBeGreaterThan(Date.parse(done.creationDateTime!));

    // The log, paged 4 items at a time: JOB_START, each server's phases in order, JOB_END.
    const log = await jobLog(job.jobID!, 4);
    expect(log).toHaveLength(2 + ids.length * LAUNCH_EVENTS.length);
    expect(log[0].event).toBe('JOB_START');
    expect(log[log.length - 1].event).toBe('JOB_END');
    const times = log.map((l) => Date.parse(l.logDateTime!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const id of ids) {
      const own = log.filter((l) => l.eventData?.sourceServerID === id);
      expect(own.map((l) => l.event)).toEqual(LAUNCH_EVENTS);
      expect(own[2].eventData?.conversionServerID).toMatch(/^i-[0-9a-f]{17}$/);
      const recoveryInstanceID = done.participatingServers!.find((p) => p.sourceServerID === id)!.recoveryInstanceID;
      expect(own[4].eventData?.targetInstanceID).toBe(recoveryInstanceID);
    }

    const { items } = await drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: ids } }));
    expect(items?.map((r) => r.sourceServerID).sort()).toEqual([...ids].sort());
    const servers = (await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: ids } }))).items!;
    for (const ri of items!) {
      const server = servers.find((s) => s.sourceServerID === ri.sourceServerID)!;
      expect(ri).toMatchObject({
        recoveryInstanceID: expect.stringMatching(/^i-[0-9a-f]{17}$/),
        ec2InstanceID: ri.recoveryInstanceID,
        ec2InstanceState: 'RUNNING',
        jobID: job.jobID,
        isDrill: true,
        arn: `arn:aws:drs:us-east-1:${emu.accountId}:recovery-instance/${ri.recoveryInstanceID}`,
        tags: server.tags,
      });
      expect(Date.parse(ri.pointInTimeSnapshotDateTime!)).toBeGreaterThanOrEqual(Date.parse(job.creationDateTime!));
      expect(server.lastLaunchResult).toBe('SUCCEEDED');
      expect(server.lifeCycle?.lastLaunch).toEqual({ initiated: { apiCallDateTime: expect.any(String), jobID: job.jobID, type: 'DRILL' }, status: 'LAUNCHED' });

      // The same instance in EC2, running, with the source server's tags (copyTags) and DRS's own.
      const ec2Instance = await instance(ri.ec2InstanceID!);
      expect(ec2Instance.State).toEqual({ Code: 16, Name: 'running' });
      const tags = Object.fromEntries((ec2Instance.Tags ?? []).map((t) => [t.Key, t.Value]));
      expect(tags).toEqual({ ...server.tags, AWSElasticDisasterRecoveryManaged: 'drs.amazonaws.com' });
      expect(ec2Instance.SubnetId).toMatch(/^subnet-/);
      expect(ec2Instance.PrivateIpAddress).toMatch(/^10\.20\./);
    }
    const one = await drs.send(new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: [items![0].recoveryInstanceID!] } }));
    expect(one.items).toEqual([items![0]]);

    // DescribeJobs date filters.
    const created = Date.parse(job.creationDateTime!);
    const around = await drs.send(new DescribeJobsCommand({ filters: { fromDate: new Date(created - 1000).toISOString(), toDate: new Date(created + 1000).toISOString() } }));
    expect(around.items?.map((j) => j.jobID)).toContain(job.jobID);
    const before = await drs.send(new DescribeJobsCommand({ filters: { toDate: new Date(created - 1000).toISOString() } }));
    expect(before.items?.map((j) => j.jobID)).not.toContain(job.jobID);
  });

  it('refuses a server already in an active job with ConflictException and starts nothing', async () => {
    const [busy, free] = takeServers(2);
    const first = await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: busy }], isDrill: true }));
    const before = emu.drsStats();
    const err = await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: free }, { sourceServerID: busy }], isDrill: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect(err).toMatchObject({ $metadata: { httpStatusCode: 409 }, resourceId: busy, resourceType: 'SOURCE_SERVER' });
    const after = emu.drsStats();
    expect(after.jobs).toBe(before.jobs);
    expect(after.startedServers[free]).toBeUndefined();
    const jobs = (await drs.send(new DescribeJobsCommand({}))).items ?? [];
    expect(jobs.some((j) => j.participatingServers?.some((p) => p.sourceServerID === free))).toBe(false);

    // Once the first job is over, the server can be launched again.
    await watchJob(first.job!);
    const again = await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: busy }], isDrill: true }));
    await watchJob(again.job!);
  });

  it('refuses more servers than a job may hold with ValidationException', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ sourceServerID: `s-${i.toString(16).padStart(17, '0')}` }));
    const err = await drs.send(new StartRecoveryCommand({ sourceServers: many })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err).toMatchObject({ $metadata: { httpStatusCode: 400 }, fieldList: [{ name: 'sourceServers' }] });

    // The limit is a runtime value.
    emu.setDrsFaults({ limits: { maxServersPerJob: 2 } });
    const three = takeServers(3).map((sourceServerID) => ({ sourceServerID }));
    await expect(drs.send(new StartRecoveryCommand({ sourceServers: three }))).rejects.toBeInstanceOf(ValidationException);
    expect(emu.drsStats().startedServers[three[0].sourceServerID]).toBeUndefined();

    // A region where DRS was never initialized.
    const ireland = new DrsClient({ region: 'eu-west-1', credentials: emu.credentials, endpoint: url });
    await expect(ireland.send(new StartRecoveryCommand({ sourceServers: [three[0]] }))).rejects.toBeInstanceOf(UninitializedAccountException);
    ireland.destroy();
  });

  it('fails the launch of a failLaunch server with LAUNCH_FAILED while the others launch (one kept stopped)', async () => {
    const [failing, stopped, normal] = takeServers(3);
    emu.drsFaults.failLaunch.add(failing);
    await drs.send(new UpdateLaunchConfigurationCommand({ sourceServerID: stopped, launchDisposition: 'STOPPED' }));
    const { job } = await drs.send(new StartRecoveryCommand({ sourceServers: [failing, stopped, normal].map((sourceServerID) => ({ sourceServerID })) }));
    expect(job).toMatchObject({ initiatedBy: 'START_RECOVERY', type: 'LAUNCH' });
    const seen = await watchJob(job!);
    expect(serverStatuses(seen, failing)).toEqual(['PENDING', 'IN_PROGRESS', 'FAILED']);
    expect(serverStatuses(seen, stopped)).toEqual(['PENDING', 'IN_PROGRESS', 'LAUNCHED']);
    expect(serverStatuses(seen, normal)).toEqual(['PENDING', 'IN_PROGRESS', 'LAUNCHED']);
    expect(seen[seen.length - 1].participatingServers?.find((p) => p.sourceServerID === failing)?.recoveryInstanceID).toBeUndefined();

    const log = await jobLog(job!.jobID!);
    const failed = log.filter((l) => l.event === 'LAUNCH_FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0].eventData).toMatchObject({ sourceServerID: failing, rawError: expect.any(String) });
    expect(log.filter((l) => l.eventData?.sourceServerID === failing).map((l) => l.event)).toEqual([...LAUNCH_EVENTS, 'LAUNCH_FAILED']);
    expect(log[log.length - 1].event).toBe('JOB_END');
    // The instance DRS had started for it is gone.
    expect((await instance(failed[0].eventData!.targetInstanceID!)).State?.Name).toBe('terminated');

    const { items } = await drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: [failing, stopped, normal] } }));
    expect(items?.map((r) => r.sourceServerID).sort()).toEqual([stopped, normal].sort());
    expect(items?.find((r) => r.sourceServerID === stopped)?.ec2InstanceState).toBe('STOPPED');
    expect(items?.find((r) => r.sourceServerID === normal)?.isDrill).toBe(false);
    expect((await instance(items!.find((r) => r.sourceServerID === stopped)!.ec2InstanceID!)).State).toEqual({ Code: 80, Name: 'stopped' });

    const servers = (await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [failing, normal] } }))).items!;
    expect(servers.find((s) => s.sourceServerID === failing)).toMatchObject({ lastLaunchResult: 'FAILED', lifeCycle: { lastLaunch: { status: 'FAILED' } } });
    expect(servers.find((s) => s.sourceServerID === normal)).toMatchObject({ lastLaunchResult: 'SUCCEEDED', lifeCycle: { lastLaunch: { initiated: { type: 'RECOVERY' } } } });
  });

  it('survives throttleRate 0.5 with the SDK default retries: throttled > 0, every server started once', async () => {
    expect((await localControl('POST', '/__local/drs/stats/reset')).status).toBe(200);
    // Seed 8: the StartRecovery call itself is throttled before it goes through (see the report of the seed choice).
    const set = await localControl('POST', '/__local/drs/faults', { throttleRate: 0.5, faultSeed: 8 });
    expect(set).toMatchObject({ status: 200, json: { throttleRate: 0.5, errorRate: 0, faultSeed: 8 } });

    const ids = takeServers(3);
    const { job, $metadata } = await drs.send(new StartRecoveryCommand({ sourceServers: ids.map((sourceServerID) => ({ sourceServerID })), isDrill: true }));
    expect($metadata.attempts).toBeGreaterThan(1);
    // No polling here (its count would depend on timing): the job is over well within a second at 1000x.
    await sleep(1000);
    const { items } = await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job!.jobID!] } }));
    expect(items?.[0]).toMatchObject({ status: 'COMPLETED', participatingServers: ids.map(() => ({ launchStatus: 'LAUNCHED' })) });
    const instances = await drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: ids } }));
    expect(instances.items).toHaveLength(3);
    expect(await jobLog(job!.jobID!)).toHaveLength(2 + 3 * LAUNCH_EVENTS.length);

    const stats = (await localControl('GET', '/__local/drs/stats')).json as unknown as DrsStats;
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.failed5xx).toBe(0);
    expect(stats.jobs).toBe(1);
    expect(stats.startedServers).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    expect(stats.calls.StartRecovery).toBe($metadata.attempts);
    const answered = stats.calls.StartRecovery + stats.calls.DescribeJobs + stats.calls.DescribeRecoveryInstances + stats.calls.DescribeJobLogItems;
    expect(answered - stats.throttled).toBe(4);
  });

  it('answers InternalServerException for errorRate before doing anything', async () => {
    emu.setDrsFaults({ errorRate: 1 });
    const before = emu.drsStats();
    const [id] = takeServers(1);
    const noRetry = new DrsClient({ region: 'us-east-1', credentials: emu.credentials, endpoint: url, maxAttempts: 1 });
    const err = await noRetry.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: id }] })).catch((e: unknown) => e);
    noRetry.destroy();
    expect(err).toBeInstanceOf(InternalServerException);
    expect(err).toMatchObject({ $metadata: { httpStatusCode: 500 } });
    const after = emu.drsStats();
    expect(after.failed5xx).toBe(before.failed5xx + 1);
    expect(after.jobs).toBe(before.jobs);
    expect(after.startedServers[id]).toBeUndefined();
  });

  it('terminates recovery instances with a TERMINATE job and removes them', async () => {
    const ids = takeServers(2);
    const launch = await drs.send(new StartRecoveryCommand({ sourceServers: ids.map((sourceServerID) => ({ sourceServerID })), isDrill: true }));
    await watchJob(launch.job!);
    const instances = (await drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: ids } }))).items!;
    const riIds = instances.map((r) => r.recoveryInstanceID!);
    expect(riIds).toHaveLength(2);

    const { job } = await drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: riIds }));
    expect(job).toMatchObject({
      type: 'TERMINATE',
      initiatedBy: 'TERMINATE_RECOVERY_INSTANCES',
      status: 'PENDING',
      participatingServers: instances.map((r) => ({ sourceServerID: r.sourceServerID, recoveryInstanceID: r.recoveryInstanceID, launchStatus: 'PENDING' })),
    });
    // At 1000x the cleanup lasts tens of milliseconds: the intermediate states are checked on the manual clock below.
    const seen = await watchJob(job!);
    expect(seen[seen.length - 1].status).toBe('COMPLETED');
    for (const id of ids) expect(serverStatuses(seen, id).at(-1)).toBe('TERMINATED');
    const log = await jobLog(job!.jobID!);
    expect(log.map((l) => l.event)).toEqual(['JOB_START', ...log.slice(1, -1).map((l) => l.event), 'JOB_END']);
    for (const ri of instances) {
      expect(log.filter((l) => l.eventData?.sourceServerID === ri.sourceServerID).map((l) => [l.event, l.eventData?.targetInstanceID])).toEqual([
        ['CLEANUP_START', ri.recoveryInstanceID],
        ['CLEANUP_END', ri.recoveryInstanceID],
      ]);
    }

    expect((await drs.send(new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: riIds } }))).items).toEqual([]);
    for (const id of riIds) expect((await instance(id)).State).toEqual({ Code: 48, Name: 'terminated' });
    const servers = (await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: ids } }))).items!;
    for (const s of servers) expect(s.lifeCycle?.lastLaunch?.status).toBe('TERMINATED');
    await expect(drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: [riIds[0]] }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('serves the fault and stats controls over HTTP', async () => {
    const initial = await localControl('GET', '/__local/drs/faults');
    expect(initial).toEqual({
      status: 200,
      json: { throttleRate: 0, errorRate: 0, failLaunch: [], loseStartAnswer: [], limits: { maxServersPerJob: 100, maxConcurrentJobs: 20, maxServersInActiveJobs: 500 }, faultSeed: 1, simSpeed: 1000, eventDropRate: 0, jobSeconds: null },
    });
    const merged = await localControl('POST', '/__local/drs/faults', { failLaunch: ['s-00000000000000001'], limits: { maxConcurrentJobs: 3 } });
    expect(merged.json).toMatchObject({ failLaunch: ['s-00000000000000001'], limits: { maxServersPerJob: 100, maxConcurrentJobs: 3 } });
    expect(emu.drsFaults.failLaunch.has('s-00000000000000001')).toBe(true);
    const more = await localControl('POST', '/__local/drs/faults', { errorRate: 0.25 });
    expect(more.json).toMatchObject({ errorRate: 0.25, failLaunch: ['s-00000000000000001'], limits: { maxConcurrentJobs: 3 } });

    expect((await localControl('POST', '/__local/drs/faults', { throttleRate: 2 })).status).toBe(400);
    expect((await localControl('POST', '/__local/drs/faults', { noSuchSwitch: true })).status).toBe(400);
    expect(emu.drsFaults.throttleRate).toBe(0);

    expect((await localControl('POST', '/__local/drs/faults', {})).json).toEqual(initial.json);

    await drs.send(new DescribeJobsCommand({}));
    const stats = await localControl('GET', '/__local/drs/stats');
    expect(stats.status).toBe(200);
    expect(stats.json).toMatchObject({ calls: { DescribeJobs: expect.any(Number) }, throttled: expect.any(Number), failed5xx: expect.any(Number), startedServers: expect.any(Object), jobs: expect.any(Number) });
    const reset = await localControl('POST', '/__local/drs/stats/reset');
    expect(reset.json).toEqual({ calls: {}, throttled: 0, failed5xx: 0, startedServers: {}, jobs: 0, jobsByType: {} });
    expect((await localControl('GET', '/__local/drs/nothing')).status).toBe(404);
  });

  it('changes simSpeed at run time for the jobs created afterwards, and {} restores it', async () => {
    expect((await localControl('POST', '/__local/drs/faults', { simSpeed: 10 })).json).toMatchObject({ simSpeed: 10 });
    expect(emu.state.simSpeed).toBe(10);
    expect((await localControl('POST', '/__local/drs/faults', { simSpeed: 0 })).status).toBe(400);
    const [id] = takeServers(1);
    const { job } = await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: id }], isDrill: true }));
    const record = emu.state.accounts[emu.accountId].drs['us-east-1'].jobs.find((j) => j.job.jobID === job!.jobID)!;
    // At 10x, conversion alone takes 18 s or more.
    const step = (kind: string) => record.steps.find((s) => s.kind === kind)!.at;
    expect(step('CONVERSION_END') - step('CONVERSION_START')).toBeGreaterThanOrEqual(18_000);
    expect((await localControl('POST', '/__local/drs/faults', {})).json).toMatchObject({ simSpeed: 1000 });
    // Finish it by hand so it does not hold its server.
    advanceDrs(emu.state, step('JOB_END'));
  });

  it('seeds replicating source servers into a region without fixtures, and launches them', async () => {
    const seeded = await localControl('POST', '/__local/drs/source-servers', { region: 'us-east-2', count: 3, tags: { Fleet: 'blue' }, hostnamePrefix: 'blue' });
    expect(seeded.status).toBe(200);
    const ids = seeded.json.ids as string[];
    expect(ids).toHaveLength(3);
    const ohio = new DrsClient({ region: 'us-east-2', credentials: emu.credentials, endpoint: url });
    const ohioEc2 = new EC2Client({ region: 'us-east-2', credentials: emu.credentials, endpoint: url });
    const servers = (await ohio.send(new DescribeSourceServersCommand({}))).items!;
    expect(servers.map((s) => s.sourceServerID)).toEqual(ids);
    for (const s of servers) {
      expect(s.sourceServerID).toMatch(/^s-[0-9a-f]{17}$/);
      expect(s.tags).toEqual({ Name: s.sourceProperties?.identificationHints?.hostname, Fleet: 'blue' });
      expect(s.dataReplicationInfo?.dataReplicationState).toBe('CONTINUOUS');
    }
    expect(servers.map((s) => s.sourceProperties?.identificationHints?.hostname)).toEqual(['blue-001', 'blue-002', 'blue-003']);

    // The same prefix again: new hostnames, new ids.
    const more = (await localControl('POST', '/__local/drs/source-servers', { region: 'us-east-2', count: 2, tags: { Fleet: 'blue' }, hostnamePrefix: 'blue' })).json.ids as string[];
    expect(more.filter((id) => ids.includes(id))).toEqual([]);
    expect(emu.seedSourceServers({ region: 'us-east-2', count: 1, tags: { Fleet: 'green' } })).toHaveLength(1);
    expect((await ohio.send(new DescribeSourceServersCommand({}))).items).toHaveLength(6);
    expect((await localControl('POST', '/__local/drs/source-servers', { region: 'eu-west-1', count: 1 })).status).toBe(400);
    expect((await localControl('POST', '/__local/drs/source-servers', { region: 'us-east-2', count: 0 })).status).toBe(400);

    const { job } = await ohio.send(new StartRecoveryCommand({ sourceServers: ids.map((sourceServerID) => ({ sourceServerID })), isDrill: true }));
    const deadline = Date.now() + 10_000;
    let status = job!.status;
    while (status !== 'COMPLETED' && Date.now() < deadline) {
      await sleep(20);
      status = (await ohio.send(new DescribeJobsCommand({ filters: { jobIDs: [job!.jobID!] } }))).items![0].status;
    }
    const done = (await ohio.send(new DescribeJobsCommand({ filters: { jobIDs: [job!.jobID!] } }))).items![0];
    expect(done.participatingServers?.map((p) => p.launchStatus)).toEqual(['LAUNCHED', 'LAUNCHED', 'LAUNCHED']);
    const instances = (await ohio.send(new DescribeRecoveryInstancesCommand({}))).items!;
    expect(instances).toHaveLength(3);
    const ec2Instance = (await ohioEc2.send(new DescribeInstancesCommand({ InstanceIds: [instances[0].ec2InstanceID!] }))).Reservations![0].Instances![0];
    expect(ec2Instance).toMatchObject({ State: { Name: 'running' }, Placement: { AvailabilityZone: expect.stringMatching(/^us-east-2[ab]$/) } });
    ohio.destroy();
    ohioEc2.destroy();
  });
});

describe('DRS jobs on a manual clock', () => {
  // simSpeed 1: real time never moves a job within the test; the clock is advanced by hand.
  const slow = createAwsEmulator({ simSpeed: 1 });
  const client = new DrsClient({ region: 'us-east-1', credentials: slow.credentials, requestHandler: slow.requestHandler });
  const ec2Client = new EC2Client({ region: 'us-east-1', credentials: slow.credentials, requestHandler: slow.requestHandler });
  const region = () => slow.state.accounts[slow.accountId].drs['us-east-1'];
  const ec2State = async (id: string) => (await ec2Client.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0].State?.Name;

  it('takes realistic minutes at simSpeed 1; the EC2 instance goes pending -> running -> shutting-down -> terminated', async () => {
    const id = region().servers[0].sourceServerID!;
    const { job } = await client.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: id }], isDrill: true }));
    const record = region().jobs.find((j) => j.job.jobID === job!.jobID)!;
    const at = (kind: string) => record.steps.find((s) => s.kind === kind)!.at;
    const created = Date.parse(job!.creationDateTime!);
    expect(at('JOB_START') - created).toBeGreaterThanOrEqual(3_000);
    expect(at('SNAPSHOT_END') - at('SNAPSHOT_START')).toBeGreaterThanOrEqual(60_000);
    expect(at('CONVERSION_END') - at('CONVERSION_START')).toBeGreaterThanOrEqual(180_000);
    expect(at('LAUNCHED') - at('LAUNCH_START')).toBeGreaterThanOrEqual(60_000);
    expect(at('JOB_END') - created).toBeLessThan(15 * 60_000);

    advanceDrs(slow.state, at('LAUNCH_START'));
    const instanceId = record.plan[id].instanceID;
    expect(await ec2State(instanceId)).toBe('pending');
    expect((await client.send(new DescribeJobsCommand({}))).items?.[0].status).toBe('STARTED');
    advanceDrs(slow.state, at('JOB_END'));
    expect(await ec2State(instanceId)).toBe('running');

    const terminate = await client.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: [instanceId] }));
    const cleanup = region().jobs.find((j) => j.job.jobID === terminate.job!.jobID)!;
    const step = (kind: string) => cleanup.steps.find((s) => s.kind === kind)!.at;
    // Terminating it again, or launching its server, while the job is active is a conflict.
    await expect(client.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: [instanceId] }))).rejects.toBeInstanceOf(ConflictException);
    await expect(client.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: id }] }))).rejects.toBeInstanceOf(ConflictException);
    advanceDrs(slow.state, step('CLEANUP_START'));
    expect(await ec2State(instanceId)).toBe('shutting-down');
    expect((await client.send(new DescribeRecoveryInstancesCommand({}))).items?.[0].ec2InstanceState).toBe('SHUTTING-DOWN');
    const during = (await client.send(new DescribeJobsCommand({ filters: { jobIDs: [terminate.job!.jobID!] } }))).items![0];
    expect(during).toMatchObject({ status: 'STARTED', participatingServers: [{ launchStatus: 'IN_PROGRESS' }] });
    advanceDrs(slow.state, step('JOB_END'));
    expect(await ec2State(instanceId)).toBe('terminated');
    expect((await client.send(new DescribeRecoveryInstancesCommand({}))).items).toEqual([]);
  });

  it('draws the same durations from the same seed, and others from another', async () => {
    const durations = async (emulator: AwsEmulator) => {
      const c = new DrsClient({ region: 'us-west-2', credentials: emulator.credentials, requestHandler: emulator.requestHandler });
      const ids = emulator.state.accounts[emulator.accountId].drs['us-west-2'].servers.slice(0, 2).map((s) => ({ sourceServerID: s.sourceServerID! }));
      const { job } = await c.send(new StartRecoveryCommand({ sourceServers: ids }));
      const record = emulator.state.accounts[emulator.accountId].drs['us-west-2'].jobs.find((j) => j.job.jobID === job!.jobID)!;
      const created = Date.parse(job!.creationDateTime!);
      return record.steps.map((s) => [s.kind, s.sourceServerID, Math.round(s.at - created)]);
    };
    const first = await durations(createAwsEmulator({ simSpeed: 1 }));
    expect(await durations(createAwsEmulator({ simSpeed: 1 }))).toEqual(first);
    expect(await durations(createAwsEmulator({ simSpeed: 1, faultSeed: 2 }))).not.toEqual(first);
  });
});
