// Restarts (DATA_DIR), on stacks of their own: a drill stopped in the middle of its first wave's DRS
// job continues when a new stack starts on the same data directory — the same job finishes, the
// second wave launches, every server is started exactly once — and without DATA_DIR nothing is kept.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrsClient, StartRecoveryCommand } from '@aws-sdk/client-drs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_MACHINE } from '../../infra/api.ts';
import { type AwsEmulator, createAwsEmulator } from '../../infra/local/aws/index.ts';
import { loadEmulatorSnapshot, saveEmulatorSnapshot } from '../../infra/local/persist.ts';
import { startStack, type Stack } from '../../infra/local/stack.ts';
import { gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';

const REGION = 'us-east-2';
const STAGE = 'restart';
const stacks: Stack[] = [];
const emulators: AwsEmulator[] = [];
const dirs: string[] = [];
const savedDataDir = process.env.DATA_DIR;
/** What the stacks logged. */
const logged: string[] = [];

/** A stack of this file's own, on 127.0.0.1 and free ports; stopped in afterAll if the test did not. */
async function stack(dataDir: string | undefined, simSpeed = 50): Promise<Stack> {
  const s = await startStack({ port: 0, awsPort: 0, stage: STAGE, endpointsFile: null, simSpeed, log: (line) => logged.push(line), ...(dataDir ? { dataDir } : {}) });
  stacks.push(s);
  return s;
}
async function stop(s: Stack): Promise<void> {
  stacks.splice(stacks.indexOf(s), 1);
  await s.stop();
}

beforeAll(() => {
  // "Without DATA_DIR" means without it in the environment too.
  delete process.env.DATA_DIR;
});
afterAll(async () => {
  for (const s of stacks.splice(0)) await s.stop();
  for (const e of emulators.splice(0)) await e.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (savedDataDir !== undefined) process.env.DATA_DIR = savedDataDir;
});

type Wave = { waveNumber: number; status: string; jobIds: string[]; servers: Array<{ sourceServerId: string; launchStatus: string }> };
type Exec = { id: string; status: string; waves: Wave[] };
const GET = `query G($id: ID!) { getExecution(id: $id) { id status waves { waveNumber status jobIds servers { sourceServerId launchStatus } } } }`;
const get = async (s: Stack, token: string, id: string) => ok(await gql<{ getExecution: Exec }>(s.endpoints, token, GET, { id })).getExecution;

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await read();
    if (done(v)) return v;
    if (i > 1200) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('restart with DATA_DIR', () => {
  it('continues a drill stopped during wave 1’s DRS job: it completes, every server started once, the group and plan kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drs-restart-'));
    dirs.push(dir);

    // Before: a 2-wave drill at SIM_SPEED 50 (a DRS job takes several seconds), stopped while wave 1's job runs.
    const first = await stack(dir);
    expect(first.dataDir).toBe(dir);
    expect(first.reattached).toEqual([]);
    let admin = await login(first.endpoints, 'admin');
    const tag = `restart-${Date.now()}`;
    const w1 = first.emulator.seedSourceServers({ region: REGION, count: 2, tags: { Fleet: `${tag}-1` }, hostnamePrefix: `${tag}-1` });
    const w2 = first.emulator.seedSourceServers({ region: REGION, count: 2, tags: { Fleet: `${tag}-2` }, hostnamePrefix: `${tag}-2` });
    const g1 = await createGroup(first.endpoints, admin, { name: `${tag}-G1`, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: `${tag}-1` }] });
    const g2 = await createGroup(first.endpoints, admin, { name: `${tag}-G2`, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: `${tag}-2` }] });
    const plan = await createPlan(first.endpoints, admin, {
      name: `${tag}-P`,
      waves: [
        { waveNumber: 1, name: 'First', protectionGroupId: g1.id },
        { waveNumber: 2, name: 'Second', protectionGroupId: g2.id, dependsOn: [1] },
      ],
    });
    const id = ok(await gql<{ startExecution: { id: string } }>(first.endpoints, admin, 'mutation S($i: StartExecutionInput!) { startExecution(input: $i) { id } }', {
      i: { recoveryPlanId: plan.id, executionType: 'DRILL' },
    })).startExecution.id;
    const before = await until('wave 1 started', () => get(first, admin, id), (e) => e.waves[0].jobIds.length > 0);
    const [jobId] = before.waves[0].jobIds;
    const job = first.emulator.state.accounts['111111111111'].drs[REGION].jobs.find((j) => j.job.jobID === jobId)!;
    // In the middle: the job is still running, no server of either wave has launched yet.
    expect(['PENDING', 'STARTED']).toContain(job.job.status);
    expect(before.waves.flatMap((w) => w.servers).every((s) => s.launchStatus !== 'LAUNCHED')).toBe(true);
    const startedBefore = first.emulator.drsStats().startedServers;
    await stop(first);
    expect(existsSync(join(dir, 'dynamodb'))).toBe(true);
    expect(existsSync(join(dir, 'aws-emulator.v8'))).toBe(true);

    // After: a new stack on the same directory re-attaches the drill, which completes.
    const second = await stack(dir);
    expect(second.reattached).toEqual([id]);
    expect(logged.filter((l) => l.includes('re-attached execution'))).toEqual([expect.stringContaining(`re-attached execution ${id} (IN_PROGRESS)`)]);
    expect(second.emulator.restored?.jobs).toBeGreaterThanOrEqual(1);
    admin = await login(second.endpoints, 'admin');
    const arn = `arn:aws:states:${second.endpoints.region}:111111111111:execution:${STATE_MACHINE.name(STAGE)}:${id}`;
    const outcome = await second.sfn.waitFor(arn, 180_000);
    expect(outcome.status).toBe('SUCCEEDED');
    const after = await get(second, admin, id);
    expect(after.status).toBe('COMPLETED');
    expect(after.waves.map((w) => w.status)).toEqual(['COMPLETED', 'COMPLETED']);
    // Wave 1 finished the job it had before the restart; wave 2 ran after it.
    expect(after.waves[0].jobIds).toEqual([jobId]);
    expect(after.waves.flatMap((w) => w.servers.map((s) => [s.sourceServerId, s.launchStatus]))).toEqual([...w1, ...w2].map((s) => [s, 'LAUNCHED']));

    // Started exactly once across both stacks: wave 1 before the restart, wave 2 after it.
    const startedAfter = second.emulator.drsStats().startedServers;
    const starts = Object.fromEntries([...w1, ...w2].map((s) => [s, (startedBefore[s] ?? 0) + (startedAfter[s] ?? 0)]));
    console.log(`restart: starts per server, before+after the restart: ${JSON.stringify(Object.fromEntries([...w1, ...w2].map((s) => [s, `${startedBefore[s] ?? 0}+${startedAfter[s] ?? 0}`])))}`);
    expect(Object.values(starts)).toEqual([1, 1, 1, 1]);
    expect(w1.map((s) => startedBefore[s])).toEqual([1, 1]);
    expect(w2.map((s) => startedAfter[s])).toEqual([1, 1]);

    // The same group and plan are still there.
    const kept = ok(await gql<{ getProtectionGroup: { id: string; name: string } | null; getRecoveryPlan: { id: string; name: string; waveCount: number } | null }>(
      second.endpoints,
      admin,
      'query Q($g: ID!, $p: ID!) { getProtectionGroup(id: $g) { id name } getRecoveryPlan(id: $p) { id name waveCount } }',
      { g: g1.id, p: plan.id },
    ));
    expect(kept.getProtectionGroup).toEqual({ id: g1.id, name: g1.name });
    expect(kept.getRecoveryPlan).toEqual({ id: plan.id, name: plan.name, waveCount: 2 });
    await stop(second);
  }, 300_000);
});

describe('restart without DATA_DIR', () => {
  it('keeps nothing: a new stack has neither the group nor the seeded servers nor the DRS job', async () => {
    const first = await stack(undefined, 1000);
    expect(first.dataDir).toBeUndefined();
    let admin = await login(first.endpoints, 'admin');
    const tag = `volatile-${Date.now()}`;
    const [server] = first.emulator.seedSourceServers({ region: REGION, count: 1, tags: { Fleet: tag }, hostnamePrefix: tag });
    const g = await createGroup(first.endpoints, admin, { name: `${tag}-G`, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: tag }] });
    await stop(first);

    const second = await stack(undefined, 1000);
    expect(second.reattached).toEqual([]);
    expect(second.emulator.restored).toBeUndefined();
    admin = await login(second.endpoints, 'admin');
    const r = ok(await gql<{ getProtectionGroup: unknown; listProtectionGroups: { items: Array<{ id: string }> } }>(
      second.endpoints,
      admin,
      'query Q($g: ID!) { getProtectionGroup(id: $g) { id } listProtectionGroups { items { id } } }',
      { g: g.id },
    ));
    expect(r.getProtectionGroup).toBeNull();
    expect(r.listProtectionGroups.items).toEqual([]);
    expect((second.emulator.state.accounts['111111111111'].drs[REGION]?.servers ?? []).some((s) => s.sourceServerID === server)).toBe(false);
    await stop(second);
  }, 180_000);
});

describe('the AWS emulator restored from DATA_DIR', () => {
  it('applies at once the DRS steps that passed while it was down, and arms the timers of the rest', async () => {
    const LOCAL = '111111111111';
    const before = createAwsEmulator({ simSpeed: 1000 });
    emulators.push(before);
    const { url } = await before.listen(0, '127.0.0.1');
    const drs = new DrsClient({ region: 'us-east-1', endpoint: url, credentials: before.credentials });
    const servers = before.state.accounts[LOCAL].drs['us-east-1'].servers.slice(0, 2).map((s) => s.sourceServerID!);
    const { job } = await drs.send(new StartRecoveryCommand({ sourceServers: servers.map((sourceServerID) => ({ sourceServerID })), isDrill: true }));
    drs.destroy();
    const snapshot = before.snapshot();
    await before.close();

    // As if the stack had been down until just after the first server's launch ended: the steps up to
    // it lie in the past, the rest ahead (far enough that the new emulator is built before they are due).
    const saved = snapshot.accounts[LOCAL].drs['us-east-1'].jobs.find((j) => j.job.jobID === job!.jobID)!;
    expect(saved.applied).toBeLessThan(saved.steps.length);
    const k = saved.steps.findIndex((st) => st.kind === 'LAUNCHED');
    const now = Date.now();
    saved.steps.forEach((st, i) => (st.at = i <= k ? now - 1000 - (k - i) : now + 5000 + i));
    const dir = mkdtempSync(join(tmpdir(), 'drs-restart-emu-'));
    dirs.push(dir);
    saveEmulatorSnapshot(dir, snapshot);

    const after = createAwsEmulator({ simSpeed: 1000, restore: loadEmulatorSnapshot(dir) });
    emulators.push(after);
    expect(after.restored).toEqual({ jobs: 1, running: 1 });
    const record = after.state.accounts[LOCAL].drs['us-east-1'].jobs[0];
    expect(record.job.jobID).toBe(job!.jobID);
    expect(record.applied).toBe(k + 1);
    const launched = record.steps[k].sourceServerID;
    expect(record.job.participatingServers!.find((p) => p.sourceServerID === launched)!.launchStatus).toBe('LAUNCHED');
    expect(record.job.status).toBe('STARTED');
    // Dates come back as Dates.
    const instance = after.state.accounts[LOCAL].ec2['us-east-1'].instances.find((r) => r.instance.InstanceId === record.plan[launched!].instanceID)!;
    expect(instance.instance.LaunchTime).toBeInstanceOf(Date);
    // Nothing reads DRS from here on: only a re-armed timer can end the other server's launch (a job's
    // end itself is applied by the next read, as always).
    await until('the restored job', async () => record.job.participatingServers!.map((p) => p.launchStatus), (st) => st.every((x) => x === 'LAUNCHED'));
    const results = after.events.history({ source: 'aws.drs' }).map((h) => h.event.resources[0].split('/').at(-1));
    expect(results.sort()).toEqual([...servers].sort());
  }, 60_000);
});
