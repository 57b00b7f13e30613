// Event-driven orchestration end to end: the emulated DRS emits `DRS Source Server Launch Result`,
// the local EventBridge forwards it (region → the orchestrator's bus) to the drs-events function,
// which wakes the execution sleeping in Await. The stack's first fallback poll is 3600 simulated
// seconds out (test/support/global-setup.ts), so a TaskTimedOut in the history means the fallback
// did the work and none means the events did. Servers are seeded into us-west-1, which no other test
// file uses, so switching this region's forwarder off touches nobody else.
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { DisableRuleCommand, EnableRuleCommand, EventBridgeClient, type EventBridgeClientConfig } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorOf, gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import { DRS_EVENTS, functionName } from '../../infra/api.ts';
import { installDrsEventForwarder } from '../../infra/local/drs-events.ts';
import { LOCAL_ACCOUNT_ID } from '../../infra/local/aws/fixtures.ts';
import type { Execution, ExecutionWave } from '../../platform/generated/graphql.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;
const REGION = 'us-west-1';
const TARGET = '222222222222';
const ROLE = `arn:aws:iam::${TARGET}:role/DRSOrchestrationRole`;
const EXTERNAL_ID = 'drs-local-external-id';
const FORWARDER = DRS_EVENTS.ruleName(ep.stage, 'forwarded');

let admin: string;
const ours = { region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials } satisfies EventBridgeClientConfig;
const sfn = new SFNClient({ region: ep.region, endpoint: ep.awsEndpoint, credentials: ep.credentials });
const lambda = new LambdaClient({ region: ep.region, endpoint: ep.awsEndpoint, credentials: ep.credentials });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the emulator's control answers are plain JSON
const local = async (path: string, body?: unknown): Promise<any> => {
  const r = await fetch(`${ep.awsEndpoint}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};

type Exec = Execution & { waves: ExecutionWave[] };
const EXEC = `id status errorMessage waves { waveNumber status jobIds servers { sourceServerId launchStatus recoveryInstanceId jobId launchDurationSeconds } }`;
const get = async (id: string) => ok(await gql<{ getExecution: Exec }>(ep, admin, `query G($id: ID!) { getExecution(id: $id) { ${EXEC} } }`, { id })).getExecution;

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const ended = (id: string) => until(`execution ${id} to end`, async () => {
  const e = await get(id);
  return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status) ? e : undefined;
});

/** A plan of `waves` chained waves of `perWave` fresh servers each (in `accountId`, or ours). */
async function chainedPlan(name: string, waves: number, perWave: number, accountId?: string) {
  const groups: Array<{ id: string; ids: string[] }> = [];
  for (let n = 1; n <= waves; n++) {
    const fleet = uniq(`${name}-${n}`);
    const { ids } = await local('/__local/drs/source-servers', { region: REGION, count: perWave, tags: { Fleet: fleet }, hostnamePrefix: name, ...(accountId ? { accountId } : {}) });
    const g = await createGroup(ep, admin, { name: fleet, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: fleet }], ...(accountId ? { accountId } : {}) });
    groups.push({ id: g.id, ids });
  }
  const plan = await createPlan(ep, admin, {
    name: uniq(name),
    waves: groups.map((g, i) => ({ waveNumber: i + 1, name: `Wave ${i + 1}`, protectionGroupId: g.id, dependsOn: i ? [i] : [] })),
  });
  return { plan, groups };
}

async function start(planId: string): Promise<string> {
  return ok(await gql<{ startExecution: { id: string } }>(ep, admin, 'mutation S($i: StartExecutionInput!) { startExecution(input: $i) { id } }', {
    i: { recoveryPlanId: planId, executionType: 'DRILL' },
  })).startExecution.id;
}

/** The state machine run's whole history, once it has ended (it ends just after the execution's final write). */
async function historyOf(executionId: string): Promise<HistoryEvent[]> {
  const executionArn = `arn:aws:states:${ep.region}:${LOCAL_ACCOUNT_ID}:execution:drs-orchestrator-${ep.stage}:${executionId}`;
  await until('the state machine run to end', async () => ((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING' ? undefined : true));
  const out: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    out.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}
const entered = (h: HistoryEvent[], name: string) => h.filter((e) => e.stateEnteredEventDetails?.name === name).length;
const timeouts = (h: HistoryEvent[]) => h.filter((e) => e.type === 'TaskTimedOut').length;

type DrsEvent = { account: string; region: string; resources: string[]; detail: Record<string, string> };
/** The launch results DRS put on a region's default bus for these servers (the emulator's record). */
async function launchEvents(servers: string[], account = LOCAL_ACCOUNT_ID): Promise<DrsEvent[]> {
  const bus = `arn:aws:events:${REGION}:${account}:event-bus/default`;
  const all: Array<{ event: DrsEvent }> = await local(`/__local/events/history?source=aws.drs&bus=${encodeURIComponent(bus)}`);
  return all.map((h) => h.event).filter((e) => servers.some((s) => e.resources[0].endsWith(`/${s}`)));
}

/** drs-events invoked as EventBridge invokes it; answers what it did. */
async function deliver(event: unknown): Promise<{ outcome: string; executionId?: string; woke?: string }> {
  const r = await lambda.send(new InvokeCommand({ FunctionName: functionName('drs-events', ep.stage), Payload: JSON.stringify(event) }));
  return JSON.parse(new TextDecoder().decode(r.Payload));
}

const forwarder = (state: 'on' | 'off', config: EventBridgeClientConfig = ours) => {
  const events = new EventBridgeClient(config);
  return events.send(state === 'on' ? new EnableRuleCommand({ Name: FORWARDER }) : new DisableRuleCommand({ Name: FORWARDER })).finally(() => events.destroy());
};

beforeAll(async () => {
  admin = await login(ep, 'admin');
});
afterAll(async () => {
  await forwarder('on');
  sfn.destroy();
  lambda.destroy();
});

describe('executions driven by DRS launch events', () => {
  it('run a three-wave chained drill with one wake per wave and no fallback poll', async () => {
    const { plan } = await chainedPlan('evt', 3, 2);
    const e = await ended(await start(plan.id));
    expect(e.status).toBe('COMPLETED');
    expect(e.waves.flatMap((w) => w.servers.map((s) => [s.launchStatus, Boolean(s.recoveryInstanceId)]))).toEqual(Array(6).fill(['LAUNCHED', true]));
    const h = await historyOf(e.id);
    expect(timeouts(h)).toBe(0);
    // Init, Route | Await Tick Route per wave | Done: 12 states, the Awaits ended by SendTaskSuccess.
    expect({ awaits: entered(h, 'Await'), ticks: entered(h, 'Tick'), states: h.filter((x) => x.type?.endsWith('StateEntered')).length }).toEqual({ awaits: 3, ticks: 3, states: 12 });
  });

  it('complete by the fallback poll when every event is lost, and lose nothing', async () => {
    const { plan } = await chainedPlan('lost', 2, 2);
    await forwarder('off');
    try {
      const e = await ended(await start(plan.id));
      expect(e.status).toBe('COMPLETED');
      expect(e.waves.flatMap((w) => w.servers.map((s) => s.launchStatus))).toEqual(Array(4).fill('LAUNCHED'));
      const h = await historyOf(e.id);
      // Each wave waited for its fallback poll.
      expect(timeouts(h)).toBe(2);
      expect(entered(h, 'Tick')).toBe(2);
    } finally {
      await forwarder('on');
    }
  });

  it('show a server’s launch before its wave settles; settle the wave by the fallback when one of its events is lost; a stale, a duplicate and an unknown server’s event change nothing', async () => {
    const { plan, groups } = await chainedPlan('one-lost', 1, 3);
    const [a, b, c] = groups[0].ids;
    await forwarder('off');
    let id: string;
    try {
      id = await start(plan.id);
      const events = await until('the three launch results', async () => {
        const got = await launchEvents([a, b, c]);
        return got.length === 3 ? got : undefined;
      });
      const of = (s: string) => events.find((x) => x.resources[0].endsWith(`/${s}`))!;
      // Out of order: a FAILED result from an older job of server a arrives first; it is kept but not applied.
      const stale = { ...of(a), detail: { ...of(a).detail, state: 'RECOVERY_LAUNCH_FAILED', 'job-id': 'drsjob-0000000000000000a' } };
      expect(await deliver(stale)).toEqual({ outcome: 'recorded', executionId: id });
      // b's result shows on b at once, while its wave still runs (the others have not launched).
      expect(await deliver(of(b))).toEqual({ outcome: 'recorded', executionId: id, marked: true });
      const running = (await get(id)).waves[0];
      expect(running.status).not.toBe('COMPLETED');
      expect(running.servers.map((s) => [s.sourceServerId, s.launchStatus === 'LAUNCHED', s.launchDurationSeconds !== null])).toEqual([[a, false, false], [b, true, true], [c, false, false]]);
      expect(await deliver(of(b))).toEqual({ outcome: 'duplicate', executionId: id });
      const stranger = { ...of(c), resources: [of(c).resources[0].replace(/s-[0-9a-z]+$/, 's-0123456789abcdef0')] };
      expect(await deliver(stranger)).toEqual({ outcome: 'no-execution' });
      expect(await deliver({ ...of(c), 'detail-type': 'DRS Source Server Data Replication Stalled Change', detail: { state: 'STALLED' } })).toEqual({ outcome: 'ignored' });
      // c's and a's real results never arrive: the fallback poll settles the wave.
    } finally {
      await forwarder('on');
    }
    const e = await ended(id);
    expect(e.status).toBe('COMPLETED');
    expect(e.waves[0].servers.map((s) => s.launchStatus)).toEqual(['LAUNCHED', 'LAUNCHED', 'LAUNCHED']);
    const h = await historyOf(id);
    expect(timeouts(h)).toBe(1);
    expect(entered(h, 'Tick')).toBe(1);
  });

  it('wake once for a duplicate of the event that settled the wave', async () => {
    const { plan, groups } = await chainedPlan('dup', 2, 1);
    await forwarder('off');
    let id: string;
    try {
      id = await start(plan.id);
      const [first] = await until('wave 1’s launch result', async () => {
        const got = await launchEvents(groups[0].ids);
        return got.length ? got : undefined;
      });
      const [one, two] = await Promise.all([deliver(first), deliver(first)]);
      // Exactly one of the two deliveries recorded the result and woke the execution for wave 1.
      expect([one.outcome, two.outcome].sort()).toEqual(['duplicate', 'recorded']);
      expect([one.woke, two.woke].filter(Boolean)).toEqual(['wave#1']);
    } finally {
      await forwarder('on');
    }
    const e = await ended(id);
    expect(e.status).toBe('COMPLETED');
    const h = await historyOf(id);
    // Wave 1 by the event, wave 2 by its own (forwarded again) event: two ticks, no fallback.
    expect({ ticks: entered(h, 'Tick'), timeouts: timeouts(h) }).toEqual({ ticks: 2, timeouts: 0 });
  });

  it('hear a target account’s DRS through the forwarder it installs, and fall back where it has none', async () => {
    const r = await gql(ep, admin, 'mutation R($i: RegisterTargetAccountInput!) { registerTargetAccount(input: $i) { id } }', {
      i: { accountId: TARGET, accountName: 'Clinical Systems', crossAccountRoleArn: ROLE, externalId: EXTERNAL_ID },
    });
    if (r.errors) expect(errorOf(r).errorType).toBe('TARGET_ACCOUNT_EXISTS');
    const sts = new STSClient({ region: ep.region, endpoint: ep.awsEndpoint, credentials: ep.credentials });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'events-e2e', ExternalId: EXTERNAL_ID }))).Credentials!;
    sts.destroy();
    const theirs = { region: REGION, endpoint: ep.awsEndpoint, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };

    // No forwarder in the target account yet: the fallback poll.
    const without = await chainedPlan('acct-none', 1, 2, TARGET);
    const e1 = await ended(await start(without.plan.id));
    expect(e1.status).toBe('COMPLETED');
    expect(timeouts(await historyOf(e1.id))).toBe(1);

    // The target account installs the forwarder (what DrsEventForwarderStack deploys).
    const events = new EventBridgeClient(theirs);
    const busArn = `arn:aws:events:${ep.region}:${LOCAL_ACCOUNT_ID}:event-bus/${DRS_EVENTS.busName(ep.stage)}`;
    await installDrsEventForwarder(events, ep.stage, busArn);
    events.destroy();
    try {
      const withIt = await chainedPlan('acct-fwd', 1, 2, TARGET);
      const e2 = await ended(await start(withIt.plan.id));
      expect(e2.status).toBe('COMPLETED');
      const h = await historyOf(e2.id);
      expect({ ticks: entered(h, 'Tick'), timeouts: timeouts(h) }).toEqual({ ticks: 1, timeouts: 0 });
      const delivered = await local(`/__local/events/deliveries?target=${encodeURIComponent(busArn)}`);
      expect(delivered.some((d: { event: DrsEvent; status: string }) => d.event.account === TARGET && d.status === 'delivered')).toBe(true);
    } finally {
      await forwarder('off', theirs);
    }
  });
});
