// DRS's `DRS Source Server Launch Result` events on the local EventBridge: one per server of a LAUNCH
// job at the simulated moment its launch ends, in DRS's shape, on the default bus of the account that
// ran the job, with the job record already showing the launch; the DRS_EVENT_DROP_RATE and
// DRS_JOB_SECONDS switches (in-process, from the environment and over HTTP).
import { DescribeJobsCommand, DrsClient, type Job, StartRecoveryCommand } from '@aws-sdk/client-drs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advanceDrs } from '../../infra/local/aws/drs-jobs.ts';
import { eventTime } from '../../infra/local/aws/event-delivery.ts';
import { type AwsEmulator, type EventEnvelope, createAwsEmulator } from '../../infra/local/aws/index.ts';

const REGION = 'us-east-1';
const LOCAL = '111111111111';
const TARGET = '222222222222';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LAUNCH_PATTERN = JSON.stringify({ source: ['aws.drs'], 'detail-type': ['DRS Source Server Launch Result'] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** What the launch-result function saw: the event, and the server's status in DescribeJobs as it ran. */
const seen: Array<{ event: EventEnvelope; statusInJob?: string; receivedAt: number }> = [];
const clients = new Map<string, DrsClient>();

let emu: AwsEmulator;
let url: string;
let targetCredentials: Credentials;

async function onLaunchResult(_name: string, payload: unknown): Promise<null> {
  const event = payload as EventEnvelope;
  const receivedAt = Date.now();
  const { items } = await clients.get(event.account)!.send(new DescribeJobsCommand({ filters: { jobIDs: [String(event.detail['job-id'])] } }));
  const serverId = event.resources[0].split('/').at(-1);
  seen.push({ event, receivedAt, statusInJob: items?.[0]?.participatingServers?.find((p) => p.sourceServerID === serverId)?.launchStatus });
  return null;
}

async function routeLaunchResults(credentials: Credentials, account: string): Promise<void> {
  const events = new EventBridgeClient({ region: REGION, endpoint: url, credentials });
  await events.send(new PutRuleCommand({ Name: 'drs-launch-results', EventPattern: LAUNCH_PATTERN }));
  await events.send(new PutTargetsCommand({ Rule: 'drs-launch-results', Targets: [{ Id: 'fn', Arn: `arn:aws:lambda:${REGION}:${account}:function:on-launch-result` }] }));
  events.destroy();
}

beforeAll(async () => {
  emu = createAwsEmulator({ simSpeed: 1000, invokeFunction: onLaunchResult });
  ({ url } = await emu.listen(0, '127.0.0.1'));
  clients.set(LOCAL, new DrsClient({ region: REGION, endpoint: url, credentials: emu.credentials }));
  const { Credentials: c } = await new STSClient({ region: REGION, endpoint: url, credentials: emu.credentials }).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TARGET}:role/DRSOrchestrationRole`, RoleSessionName: 'drs-events', ExternalId: 'drs-local-external-id' }),
  );
  targetCredentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
  clients.set(TARGET, new DrsClient({ region: REGION, endpoint: url, credentials: targetCredentials }));
  await routeLaunchResults(emu.credentials, LOCAL);
  await routeLaunchResults(targetCredentials, TARGET);
});
afterAll(async () => {
  for (const c of clients.values()) c.destroy();
  await emu.close();
});
afterEach(() => {
  emu.setDrsFaults({});
});

const servers = (e: AwsEmulator, account: string, n: number, from = 0) => e.state.accounts[account].drs[REGION].servers.slice(from, from + n).map((s) => s.sourceServerID!);
const recordOf = (e: AwsEmulator, account: string, job: Job) => e.state.accounts[account].drs[REGION].jobs.find((j) => j.job.jobID === job.jobID)!;
const launchedAt = (e: AwsEmulator, account: string, job: Job, serverId: string) => recordOf(e, account, job).steps.find((s) => s.kind === 'LAUNCHED' && s.sourceServerID === serverId)!.at;

/** Waits for `n` launch results of `jobId` without reading DRS (so only the timers can move the job). */
async function resultsOf(jobId: string, n: number): Promise<typeof seen> {
  const deadline = Date.now() + 10_000;
  const mine = () => seen.filter((s) => s.event.detail['job-id'] === jobId);
  while (mine().length < n && Date.now() < deadline) await sleep(10);
  await emu.events.idle();
  return mine();
}

describe('DRS Source Server Launch Result', () => {
  it("is emitted for every server when its launch ends, in DRS's shape, with the job already showing it", async () => {
    const ids = servers(emu, LOCAL, 3);
    emu.setDrsFaults({ failLaunch: [ids[2]] });
    const { job } = await clients.get(LOCAL)!.send(new StartRecoveryCommand({ sourceServers: ids.map((sourceServerID) => ({ sourceServerID })), isDrill: true }));
    const results = await resultsOf(job!.jobID!, 3);
    expect(results.map((r) => r.event.resources[0]).sort()).toEqual(ids.map((id) => `arn:aws:drs:${REGION}:${LOCAL}:source-server/${id}`).sort());
    for (const { event, statusInJob, receivedAt } of results) {
      const id = event.resources[0].split('/').at(-1)!;
      const failed = id === ids[2];
      expect(event).toEqual({
        version: '0',
        id: expect.stringMatching(UUID),
        'detail-type': 'DRS Source Server Launch Result',
        source: 'aws.drs',
        account: LOCAL,
        time: eventTime(launchedAt(emu, LOCAL, job!, id)),
        region: REGION,
        resources: [`arn:aws:drs:${REGION}:${LOCAL}:source-server/${id}`],
        detail: { state: failed ? 'RECOVERY_LAUNCH_FAILED' : 'RECOVERY_LAUNCH_SUCCEEDED', 'job-id': job!.jobID, 'is-drill': 'TRUE' },
      });
      expect(Object.keys(event)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
      expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      // Not before the launch ended on the simulated clock, and the job record already says so.
      // (Step times are fractional milliseconds; the wall clock counts whole ones.)
      expect(receivedAt).toBeGreaterThanOrEqual(Math.floor(launchedAt(emu, LOCAL, job!, id)));
      expect(statusInJob).toBe(failed ? 'FAILED' : 'LAUNCHED');
    }
    expect(emu.drsStats().events).toMatchObject({ emitted: expect.any(Number), dropped: 0 });
  });

  it('says is-drill FALSE for a recovery, and comes from the account that ran the job (a target account through AssumeRole)', async () => {
    const ids = servers(emu, TARGET, 2);
    const { job } = await clients.get(TARGET)!.send(new StartRecoveryCommand({ sourceServers: ids.map((sourceServerID) => ({ sourceServerID })) }));
    const results = await resultsOf(job!.jobID!, 2);
    expect(results).toHaveLength(2);
    for (const { event, statusInJob } of results) {
      expect(event).toMatchObject({ account: TARGET, detail: { 'is-drill': 'FALSE', state: 'RECOVERY_LAUNCH_SUCCEEDED' } });
      expect(event.resources[0]).toMatch(new RegExp(`^arn:aws:drs:${REGION}:${TARGET}:source-server/s-`));
      expect(statusInJob).toBe('LAUNCHED');
    }
    expect(emu.events.history({ source: 'aws.drs', bus: `arn:aws:events:${REGION}:${TARGET}:event-bus/default` }).map((h) => h.event.detail['job-id'])).toContain(job!.jobID);
  });

  it('is emitted by whatever applies the launch end first: a read of the job, or the timer', async () => {
    const [id] = servers(emu, LOCAL, 1, 3);
    const { job } = await clients.get(LOCAL)!.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: id }], isDrill: true }));
    // Polling DescribeJobs applies the step before its timer does; the event still comes once.
    let status = job!.status;
    while (status !== 'COMPLETED') {
      await sleep(5);
      status = (await clients.get(LOCAL)!.send(new DescribeJobsCommand({ filters: { jobIDs: [job!.jobID!] } }))).items![0].status;
    }
    await sleep(20);
    expect(await resultsOf(job!.jobID!, 1)).toHaveLength(1);
  });
});

describe('DRS_EVENT_DROP_RATE', () => {
  /** A job of every us-east-1 server on a manual clock, advanced to its end; answers the ids whose events came. */
  async function run(opts: { rate?: number; setRate?: number; faultSeed?: number }): Promise<{ emitted: string[]; stats: { emitted: number; dropped: number } | undefined }> {
    const e = createAwsEmulator({ simSpeed: 1, drsEventDropRate: opts.rate, faultSeed: opts.faultSeed });
    if (opts.setRate !== undefined) e.setDrsEventDropRate(opts.setRate);
    const drs = new DrsClient({ region: REGION, credentials: e.credentials, requestHandler: e.requestHandler });
    const ids = servers(e, LOCAL, 21);
    const { job } = await drs.send(new StartRecoveryCommand({ sourceServers: ids.map((sourceServerID) => ({ sourceServerID })), isDrill: true }));
    advanceDrs(e.state, recordOf(e, LOCAL, job!).steps.at(-1)!.at);
    await e.events.idle();
    const emitted = e.events.history({ source: 'aws.drs' }).map((h) => h.event.resources[0].split('/').at(-1)!);
    const stats = e.drsStats().events;
    drs.destroy();
    await e.close();
    return { emitted, stats };
  }

  it('0 emits every event, 1 none, 0.5 about half: the same ones for the same seed', async () => {
    const all = await run({});
    expect(all.emitted).toHaveLength(21);
    expect(all.stats).toEqual({ emitted: 21, dropped: 0 });
    expect(await run({ rate: 1 })).toEqual({ emitted: [], stats: { emitted: 0, dropped: 21 } });
    const half = await run({ setRate: 0.5 });
    expect(half.stats!.emitted + half.stats!.dropped).toBe(21);
    expect(half.emitted.length).toBeGreaterThanOrEqual(4);
    expect(half.emitted.length).toBeLessThanOrEqual(17);
    expect((await run({ rate: 0.5 })).emitted).toEqual(half.emitted);
    expect((await run({ rate: 0.5, faultSeed: 7 })).emitted).not.toEqual(half.emitted);
  });

  it('is read from the environment when the emulator is created, and refused when it is not a rate', async () => {
    const prior = process.env.DRS_EVENT_DROP_RATE;
    try {
      process.env.DRS_EVENT_DROP_RATE = '1';
      const e = createAwsEmulator({ simSpeed: 1 });
      expect(e.drsFaults.eventDropRate).toBe(1);
      e.setDrsEventDropRate(0.25);
      expect(e.drsFaults.eventDropRate).toBe(0.25);
      // `{}` returns to the start value.
      e.setDrsFaults({});
      expect(e.drsFaults.eventDropRate).toBe(1);
      expect(() => e.setDrsEventDropRate(2)).toThrow('eventDropRate must be a number from 0 to 1');
      await e.close();
      process.env.DRS_EVENT_DROP_RATE = 'lots';
      expect(() => createAwsEmulator({ simSpeed: 1 })).toThrow("DRS_EVENT_DROP_RATE must be a number, not 'lots'");
    } finally {
      if (prior === undefined) delete process.env.DRS_EVENT_DROP_RATE;
      else process.env.DRS_EVENT_DROP_RATE = prior;
    }
  });
});

describe('DRS_JOB_SECONDS', () => {
  it('fixes every LAUNCH job: each server launches at creation + N - job end, the job ends at N, no jitter, divided by SIM_SPEED', async () => {
    const prior = process.env.DRS_JOB_SECONDS;
    process.env.DRS_JOB_SECONDS = '600';
    let e: AwsEmulator;
    try {
      e = createAwsEmulator({ simSpeed: 20 });
    } finally {
      if (prior === undefined) delete process.env.DRS_JOB_SECONDS;
      else process.env.DRS_JOB_SECONDS = prior;
    }
    expect(e.drsFaults.jobSeconds).toBe(600);
    const drs = new DrsClient({ region: REGION, credentials: e.credentials, requestHandler: e.requestHandler });
    const start = async (ids: string[]) => {
      const { job } = await drs.send(new StartRecoveryCommand({ sourceServers: ids.map((sourceServerID) => ({ sourceServerID })), isDrill: true }));
      const record = recordOf(e, LOCAL, job!);
      const created = Date.parse(job!.creationDateTime!);
      return { job: job!, record, offsets: record.steps.map((s) => [s.kind, s.sourceServerID, s.at - created] as const) };
    };
    const fixed = await start(servers(e, LOCAL, 3));
    // 600 simulated seconds at SIM_SPEED 20: 30 s; the launches end 2 simulated seconds (100 ms) earlier.
    const launched = fixed.offsets.filter(([kind]) => kind === 'LAUNCHED').map(([, , ms]) => ms);
    expect(launched).toHaveLength(3);
    for (const ms of launched) expect(ms).toBeCloseTo(29_900, 6);
    expect(fixed.offsets.at(-1)).toEqual(['JOB_END', undefined, expect.closeTo(30_000, 6)]);
    // Every server on the same timeline.
    const perServer = (id: string) => fixed.offsets.filter(([, s]) => s === id).map(([kind, , ms]) => [kind, Math.round(ms)]);
    const [a, b, c] = servers(e, LOCAL, 3);
    expect(perServer(b)).toEqual(perServer(a));
    expect(perServer(c)).toEqual(perServer(a));

    // Its events carry the fixed launch time.
    advanceDrs(e.state, fixed.record.steps.at(-1)!.at);
    await e.events.idle();
    const times = e.events.history({ source: 'aws.drs' }).map((h) => h.event.time);
    expect(times).toEqual(Array(3).fill(eventTime(Date.parse(fixed.job.creationDateTime!) + 29_900)));

    // Unset at run time: DRS's own, jittered durations again.
    e.setDrsJobSeconds(undefined);
    const jittered = await start(servers(e, LOCAL, 2, 3));
    const ends = jittered.offsets.filter(([kind]) => kind === 'LAUNCHED').map(([, , ms]) => ms);
    expect(ends[0]).not.toBeCloseTo(ends[1], 0);
    advanceDrs(e.state, jittered.record.steps.at(-1)!.at);
    // Set at run time, for jobs created afterwards.
    e.setDrsJobSeconds(60);
    const short = await start(servers(e, LOCAL, 1, 5));
    expect(short.offsets.at(-1)![2]).toBeCloseTo(3_000, 6);
    expect(() => e.setDrsJobSeconds(0)).toThrow('jobSeconds must be a positive number of seconds');
    drs.destroy();
    await e.close();
  });

  it('is served over HTTP with the other DRS switches; {} resets both', async () => {
    const faults = async (body?: unknown) => {
      const res = await fetch(`${url}/__local/drs/faults`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    expect((await faults()).json).toMatchObject({ eventDropRate: 0, jobSeconds: null });
    expect((await faults({ eventDropRate: 0.5, jobSeconds: 600 })).json).toMatchObject({ eventDropRate: 0.5, jobSeconds: 600 });
    expect(emu.drsFaults).toMatchObject({ eventDropRate: 0.5, jobSeconds: 600 });
    expect((await faults({ jobSeconds: null })).json).toMatchObject({ jobSeconds: null });
    expect((await faults({ eventDropRate: -1 })).status).toBe(400);
    expect((await faults({ jobSeconds: 'long' })).status).toBe(400);
    expect((await faults({})).json).toMatchObject({ eventDropRate: 0, jobSeconds: null });
  });
});

describe('closing the emulator', () => {
  it('clears the launch timers: nothing is emitted afterwards', async () => {
    const e = createAwsEmulator({ simSpeed: 1000, drsJobSeconds: 50 });
    await e.listen(0, '127.0.0.1');
    const drs = new DrsClient({ region: REGION, credentials: e.credentials, requestHandler: e.requestHandler });
    const { job } = await drs.send(new StartRecoveryCommand({ sourceServers: servers(e, LOCAL, 1).map((sourceServerID) => ({ sourceServerID })), isDrill: true }));
    drs.destroy();
    await e.close();
    // The launch ends 48 ms after creation; well past it, nothing has moved or been emitted.
    await sleep(200);
    expect(recordOf(e, LOCAL, job!).applied).toBe(0);
    expect(e.events.history()).toEqual([]);
  });
});
