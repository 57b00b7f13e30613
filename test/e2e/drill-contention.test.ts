// DRS_QUOTA_CONTENTION counts what is still running, on a stack of its own with DRS's servers-in-
// active-jobs limit at 3 (a stack setting): a drill started by hand, paused before its second wave,
// makes a schedule's firing yield until it ends; a drill holding a DRS job is counted once (through
// DRS's list) with what it has still to launch, beside a job started in DRS outside the orchestrator.
// Firings come "as of" a scheduled time through POST /__local/scheduler/fire.
import { DrsClient, StartRecoveryCommand } from '@aws-sdk/client-drs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/local/stack.ts';
import { gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import { fireSchedule } from '../support/scheduler.ts';
import type { Execution, ExecutionWave } from '../../platform/generated/graphql.ts';

const STAGE = 'contend';
let stack: Stack;
let admin: string;

beforeAll(async () => {
  Object.assign(process.env, { DRS_MAX_SERVERS_IN_ACTIVE_JOBS: '3' });
  stack = await startStack({ port: 0, awsPort: 0, stage: STAGE, endpointsFile: null, simSpeed: 1000, tlsDir: null });
  admin = await login(stack.endpoints, 'admin');
}, 120_000);
afterAll(async () => {
  stack?.emulator.setDrsFaults({});
  await stack?.stop();
});

/** A protection group over `count` fresh servers of its own in `region`. */
async function group(name: string, region: string, count: number) {
  const ids = stack.emulator.seedSourceServers({ region, count, tags: { Fleet: name }, hostnamePrefix: name });
  const g = await createGroup(stack.endpoints, admin, { name, region, serverSelectionTags: [{ key: 'Fleet', value: name }] });
  return { ...g, ids };
}
const wave = (waveNumber: number, protectionGroupId: string, more: Record<string, unknown> = {}) => ({ waveNumber, name: `Wave ${waveNumber}`, protectionGroupId, ...more });

type Exec = Pick<Execution, 'id' | 'status'> & { waves: Array<Pick<ExecutionWave, 'status' | 'jobIds'>> };
async function execution(id: string): Promise<Exec> {
  return ok(await gql<{ getExecution: Exec }>(stack.endpoints, admin, 'query G($id: ID!) { getExecution(id: $id) { id status waves { status jobIds } } }', { id })).getExecution;
}
/** Polls the execution until `done` holds (a condition, not a duration). */
async function until(id: string, done: (e: Exec) => boolean, ms = 60_000): Promise<Exec> {
  const deadline = Date.now() + ms;
  for (;;) {
    const e = await execution(id);
    if (done(e)) return e;
    if (Date.now() > deadline) throw new Error(`execution ${id} stuck at ${e.status}: ${JSON.stringify(e.waves)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const startDrill = async (planId: string) =>
  ok(await gql<{ startExecution: { id: string } }>(stack.endpoints, admin, 'mutation S($i: StartExecutionInput!) { startExecution(input: $i) { id } }', {
    i: { recoveryPlanId: planId, executionType: 'DRILL' },
  })).startExecution.id;
const schedule = async (planId: string) =>
  ok(await gql<{ createDrillSchedule: { id: string } }>(stack.endpoints, admin, 'mutation C($i: CreateDrillScheduleInput!) { createDrillSchedule(input: $i) { id } }', {
    i: { recoveryPlanId: planId, expression: 'cron(0 4 ? * * *)' },
  })).createDrillSchedule.id;

const fire = (id: string, scheduledTime: string) => fireSchedule(stack.endpoints, STAGE, id, scheduledTime);
const finished = (id: string) => stack.sfn.waitFor(`arn:aws:states:${stack.endpoints.region}:111111111111:execution:drs-orchestrator-${STAGE}:${id}`, 60_000);

describe('a schedule firing while drills still run', () => {
  it('yields to a drill started by hand (paused, its second wave still to launch), then starts once that drill ended', async () => {
    const name = `paused-${Date.now()}`;
    const [first, second, mine] = [await group(`${name}-1`, 'us-east-2', 1), await group(`${name}-2`, 'us-east-2', 2), await group(`${name}-b`, 'us-east-2', 2)];
    const held = await createPlan(stack.endpoints, admin, { name, waves: [wave(1, first.id), wave(2, second.id, { dependsOn: [1], pauseBeforeWave: true })] });
    const plan = await createPlan(stack.endpoints, admin, { name: `${name}-b`, waves: [wave(1, mine.id)] });
    const s = await schedule(plan.id);

    const running = await startDrill(held.id);
    await until(running, (e) => e.status === 'PAUSED' || ['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status));
    expect((await execution(running)).status).toBe('PAUSED');
    // 2 servers still to launch + this plan's 2 > 3.
    const skipped = await fire(s, '2026-12-08T04:00:00Z');
    expect(skipped).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'DRS_QUOTA_CONTENTION', executionId: null });
    expect(skipped.reason).toBe(
      "At 2026-12-08T04:00:00.000Z this plan's drill needs 2 servers in us-east-2 of this account, where 2 are ahead of it: " +
        `4 would pass DRS's limit of 3 servers in active jobs. Ahead: execution ${running}: 2 still to launch`,
    );

    ok(await gql(stack.endpoints, admin, 'mutation X($id: ID!) { cancelExecution(id: $id) { id } }', { id: running }));
    await finished(running);
    expect((await execution(running)).status).toBe('CANCELLED');
    const started = await fire(s, '2026-12-09T04:00:00Z');
    expect(started).toMatchObject({ outcome: 'STARTED', reasonCode: null });
    expect(await finished(started.executionId as string)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('counts a running drill’s DRS job once, with what it still has to launch, and a job started in DRS by hand', async () => {
    const region = 'us-east-1';
    const name = `held-${Date.now()}`;
    const [outsider, first, second, mine] = [
      await group(`${name}-o`, region, 1),
      await group(`${name}-1`, region, 2),
      await group(`${name}-2`, region, 1),
      await group(`${name}-c`, region, 2),
    ];
    const held = await createPlan(stack.endpoints, admin, { name, waves: [wave(1, first.id), wave(2, second.id, { dependsOn: [1] })] });
    const plan = await createPlan(stack.endpoints, admin, { name: `${name}-c`, waves: [wave(1, mine.id)] });
    const s = await schedule(plan.id);

    // Jobs created now run for a simulated week (10 minutes at SIM_SPEED 1000): they hold DRS's room throughout.
    stack.emulator.setDrsFaults({ jobSeconds: 600_000 });
    const ep = stack.endpoints;
    const drs = new DrsClient({ region, endpoint: ep.awsEndpoint, credentials: ep.credentials });
    const theirs = (await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: outsider.ids[0] }], isDrill: true }))).job!.jobID!;
    drs.destroy();
    const running = await startDrill(held.id);
    const e = await until(running, (x) => x.waves[0].jobIds.length > 0);
    stack.emulator.setDrsFaults({ jobSeconds: null });

    // 1 (theirs) + 2 (the drill's job) + 1 (its second wave) ahead, + this plan's 2 > 3.
    const skipped = await fire(s, '2026-12-08T04:00:00Z');
    expect(skipped).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'DRS_QUOTA_CONTENTION' });
    expect(skipped.reason).toContain(`this plan's drill needs 2 servers in ${region} of this account, where 4 are ahead of it: 6 would pass DRS's limit of 3 servers in active jobs.`);
    expect(skipped.reason).toContain(`execution ${running}: 2 in active DRS jobs, 1 still to launch`);
    expect(skipped.reason).toContain(`DRS job ${theirs}: 1 in active DRS jobs`);
    expect(e.waves[0].jobIds).not.toContain(theirs);
  });
});
