// Scheduled drills (issue 13 part 6) on a stack of its own: DRS's servers-in-active-jobs limit is lowered
// to 3 (a stack setting), so two 2-server plans firing together contend. Schedules are created through
// GraphQL and REST, seen in the emulator's EventBridge Scheduler, and fired "as of" a scheduled time
// through POST /__local/scheduler/fire.
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRILL_SCHEDULES } from '../../infra/api.ts';
import { startStack, type Stack } from '../../infra/local/stack.ts';
import { errorOf, gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import { fireSchedule } from '../support/scheduler.ts';
import { idToken, restHttp } from '../support/rest.ts';
import type { DrillSchedule, ScheduleRun } from '../../platform/generated/graphql.ts';

const REGION = 'us-east-2';
const STAGE = 'sched';
let stack: Stack;
let admin: string;
let adminId: string;
let scheduler: SchedulerClient;

const SCHEDULE = `id version recoveryPlanId expression timezone enabled drillTtlMinutes nextRunTime createdBy
  blackoutWindows { daysOfWeek startTime endTime from to reason } recentRuns { scheduledTime outcome executionId reasonCode reason }`;
type Schedule = Pick<DrillSchedule, 'id' | 'version' | 'recoveryPlanId' | 'expression' | 'timezone' | 'enabled' | 'nextRunTime'> & {
  recentRuns: Array<Omit<ScheduleRun, '__typename'>>;
};

beforeAll(async () => {
  Object.assign(process.env, { DRS_MAX_SERVERS_IN_ACTIVE_JOBS: '3' });
  stack = await startStack({ port: 0, awsPort: 0, stage: STAGE, endpointsFile: null, simSpeed: 1000, tlsDir: null });
  [admin, adminId] = await Promise.all([login(stack.endpoints, 'admin'), idToken(stack.endpoints, 'admin')]);
  scheduler = new SchedulerClient({ region: stack.endpoints.region, endpoint: stack.endpoints.awsEndpoint, credentials: stack.endpoints.credentials });
}, 120_000);
afterAll(async () => {
  scheduler?.destroy();
  await stack?.stop();
});

/** A plan of one wave over `servers` fresh servers of their own. */
async function plan(name: string, servers: number) {
  const ep = stack.endpoints;
  stack.emulator.seedSourceServers({ region: REGION, count: servers, tags: { Fleet: name }, hostnamePrefix: name });
  const g = await createGroup(ep, admin, { name, region: REGION, serverSelectionTags: [{ key: 'Fleet', value: name }] });
  return createPlan(ep, admin, { name, waves: [{ waveNumber: 1, name: 'Only', protectionGroupId: g.id }] });
}

const create = (input: Record<string, unknown>) =>
  gql<{ createDrillSchedule: Schedule }>(stack.endpoints, admin, `mutation C($i: CreateDrillScheduleInput!) { createDrillSchedule(input: $i) { ${SCHEDULE} } }`, { i: input });
const update = (id: string, input: Record<string, unknown>) =>
  gql<{ updateDrillSchedule: Schedule }>(stack.endpoints, admin, `mutation U($id: ID!, $i: UpdateDrillScheduleInput!) { updateDrillSchedule(id: $id, input: $i) { ${SCHEDULE} } }`, { id, i: input });
const get = async (id: string) =>
  ok(await gql<{ getDrillSchedule: Schedule | null }>(stack.endpoints, admin, `query G($id: ID!) { getDrillSchedule(id: $id) { ${SCHEDULE} } }`, { id })).getDrillSchedule;

const fire = (id: string, scheduledTime: string) => fireSchedule(stack.endpoints, STAGE, id, scheduledTime);

async function execution(id: string) {
  return ok(await gql<{ getExecution: { id: string; status: string; scheduleId: string | null; executionType: string; initiatedBy: string } }>(
    stack.endpoints, admin, 'query G($id: ID!) { getExecution(id: $id) { id status scheduleId executionType initiatedBy } }', { id })).getExecution;
}
const finished = (id: string) => stack.sfn.waitFor(`arn:aws:states:${stack.endpoints.region}:111111111111:execution:drs-orchestrator-${STAGE}:${id}`, 60_000);

describe('drill schedules', () => {
  it('skips a firing inside a blackout window, starts a drill outside it, and ignores a duplicate delivery', async () => {
    const p = await plan(`blackout-${Date.now()}`, 1);
    const s = ok(await create({
      recoveryPlanId: p.id,
      expression: 'cron(0 2 ? * SAT,SUN *)',
      timezone: 'Europe/Berlin',
      // Friday 22:00 to Saturday 04:00, Berlin time: covers Saturday's 02:00 firing, not Sunday's.
      blackoutWindows: [{ daysOfWeek: ['FRI'], startTime: '22:00', endTime: '04:00', reason: 'release night' }],
      drillTtlMinutes: 60,
    })).createDrillSchedule;
    expect(s).toMatchObject({ version: 1, enabled: true, timezone: 'Europe/Berlin', recentRuns: [] });
    expect(s.nextRunTime).not.toBeNull();

    const seen = await scheduler.send(new GetScheduleCommand({ Name: `drill-${s.id}`, GroupName: DRILL_SCHEDULES.groupName(STAGE) }));
    expect(seen).toMatchObject({ ScheduleExpression: 'cron(0 2 ? * SAT,SUN *)', ScheduleExpressionTimezone: 'Europe/Berlin', State: 'ENABLED', FlexibleTimeWindow: { Mode: 'OFF' } });
    expect(seen.Target?.Arn).toContain(`function:drs-orchestrator-drill-scheduler-${STAGE}`);
    expect(JSON.parse(seen.Target!.Input!)).toEqual({ scheduleId: s.id, version: 1, scheduledTime: '<aws.scheduler.scheduled-time>' });

    // Saturday 5 December 2026, 02:00 in Berlin (01:00 UTC).
    const inside = await fire(s.id, '2026-12-05T01:00:00Z');
    expect(inside).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'BLACKOUT_WINDOW', executionId: null });
    expect(inside.reason).toContain('release night');
    const planAfter = ok(await gql<{ getRecoveryPlan: { lastExecution: unknown } }>(stack.endpoints, admin, 'query P($id: ID!) { getRecoveryPlan(id: $id) { lastExecution { id } } }', { id: p.id }));
    expect(planAfter.getRecoveryPlan.lastExecution).toBeNull();

    // Sunday 6 December 2026, 02:00 in Berlin.
    const outside = await fire(s.id, '2026-12-06T01:00:00Z');
    expect(outside).toMatchObject({ outcome: 'STARTED', reasonCode: null });
    const executionId = outside.executionId as string;
    expect(await finished(executionId)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await execution(executionId)).toMatchObject({ status: 'COMPLETED', scheduleId: s.id, executionType: 'DRILL', initiatedBy: expect.stringContaining('drill-scheduler') });

    // Scheduler delivers at least once: the same scheduled time again does nothing.
    expect(await fire(s.id, '2026-12-06T01:00:00Z')).toEqual({ duplicate: true, scheduledTime: '2026-12-06T01:00:00.000Z' });
    const after = (await get(s.id))!;
    expect(after.recentRuns.map((r) => [r.scheduledTime, r.outcome, r.reasonCode])).toEqual([
      ['2026-12-06T01:00:00.000Z', 'STARTED', null],
      ['2026-12-05T01:00:00.000Z', 'SKIPPED', 'BLACKOUT_WINDOW'],
    ]);
    expect(after.recentRuns[0].executionId).toBe(executionId);
  });

  it('lets the earlier-created of two schedules firing together go first when both would pass a DRS limit', async () => {
    const [b, c] = [await plan(`quota-b-${Date.now()}`, 2), await plan(`quota-c-${Date.now()}`, 2)];
    const ep = stack.endpoints;
    // REST, PascalCase: the earlier schedule.
    const rb = await restHttp(ep, { method: 'POST', path: `/recovery-plans/${b.id}/schedules`, body: { Expression: 'cron(0 3 ? * MON *)', Timezone: 'UTC' }, authorization: `Bearer ${adminId}` });
    expect(rb.status).toBe(201);
    expect(rb.body).toMatchObject({ recoveryPlanId: b.id, expression: 'cron(0 3 ? * MON *)', enabled: true, version: 1 });
    const rc = await restHttp(ep, { method: 'POST', path: `/recovery-plans/${c.id}/schedules`, body: { expression: 'cron(0 3 ? * MON *)' }, authorization: `Bearer ${adminId}` });
    expect(rc.status).toBe(201);
    const listed = await restHttp(ep, { method: 'GET', path: `/recovery-plans/${c.id}/schedules`, authorization: `Bearer ${adminId}` });
    expect(listed.body.schedules.map((x: Schedule) => x.id)).toEqual([rc.body.id]);

    // Monday 7 December 2026 03:00 UTC: 2 + 2 servers > 3 in us-east-2. The later one yields.
    const later = await fire(rc.body.id, '2026-12-07T03:00:00Z');
    expect(later).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'DRS_QUOTA_CONTENTION' });
    expect(later.reason).toContain('servers in active jobs');
    const earlier = await fire(rb.body.id, '2026-12-07T03:00:00Z');
    expect(earlier).toMatchObject({ outcome: 'STARTED' });
    await finished(earlier.executionId as string);
    const got = await restHttp(ep, { method: 'GET', path: `/schedules/${rc.body.id}`, authorization: `Bearer ${adminId}` });
    expect(got.body.recentRuns[0]).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'DRS_QUOTA_CONTENTION' });
  });

  it('updates with optimistic locking, disables (in Scheduler too), refuses deleting its plan, and deletes (Scheduler schedule gone)', async () => {
    const p = await plan(`lifecycle-${Date.now()}`, 1);
    const s = ok(await create({ recoveryPlanId: p.id, expression: 'rate(7 days)' })).createDrillSchedule;
    expect(errorOf(await update(s.id, { version: 7, enabled: false })).errorType).toBe('VERSION_CONFLICT');
    const disabled = ok(await update(s.id, { version: 1, enabled: false })).updateDrillSchedule;
    expect(disabled).toMatchObject({ version: 2, enabled: false, nextRunTime: null });
    const name = { Name: `drill-${s.id}`, GroupName: DRILL_SCHEDULES.groupName(STAGE) };
    expect((await scheduler.send(new GetScheduleCommand(name))).State).toBe('DISABLED');
    expect(JSON.parse((await scheduler.send(new GetScheduleCommand(name))).Target!.Input!).version).toBe(2);
    expect(await fire(s.id, '2026-12-08T00:00:00Z')).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'SCHEDULE_DISABLED' });

    const del = await gql(stack.endpoints, admin, 'mutation D($id: ID!) { deleteRecoveryPlan(id: $id) { id } }', { id: p.id });
    expect(errorOf(del).errorType).toBe('PLAN_HAS_SCHEDULES');

    const rest = await restHttp(stack.endpoints, { method: 'DELETE', path: `/schedules/${s.id}`, authorization: `Bearer ${adminId}` });
    expect(rest.status).toBe(200);
    await expect(scheduler.send(new GetScheduleCommand(name))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await get(s.id)).toBeNull();
    expect((await restHttp(stack.endpoints, { method: 'GET', path: `/schedules/${s.id}`, authorization: `Bearer ${adminId}` })).status).toBe(404);
    // Without schedules the plan goes.
    ok(await gql(stack.endpoints, admin, 'mutation D($id: ID!) { deleteRecoveryPlan(id: $id) { id } }', { id: p.id }));
  });

  it('refuses bad expressions, time zones and windows with their documented codes', async () => {
    const p = await plan(`invalid-${Date.now()}`, 1);
    const code = async (input: Record<string, unknown>) => errorOf(await create({ recoveryPlanId: p.id, expression: 'rate(1 day)', ...input })).errorType;
    expect(await code({ expression: 'cron(0 2 * * SAT *)' })).toBe('INVALID_SCHEDULE_EXPRESSION');
    expect(await code({ expression: 'rate(5 minutes)' })).toBe('INVALID_SCHEDULE_EXPRESSION');
    expect(await code({ expression: 'cron(0/10 * ? * MON-FRI *)' })).toBe('INVALID_SCHEDULE_EXPRESSION');
    expect(await code({ timezone: 'Mars/Olympus_Mons' })).toBe('INVALID_TIMEZONE');
    expect(await code({ blackoutWindows: [{ daysOfWeek: ['FRI'], startTime: '25:00', endTime: '02:00' }] })).toBe('INVALID_BLACKOUT_WINDOW');
    expect(await code({ blackoutWindows: [{ daysOfWeek: ['FRIDAY'], startTime: '22:00', endTime: '02:00' }] })).toBe('INVALID_BLACKOUT_WINDOW');
    expect(await code({ blackoutWindows: [{ from: '2026-12-24T00:00:00Z', to: '2026-12-20T00:00:00Z' }] })).toBe('INVALID_BLACKOUT_WINDOW');
    expect(await code({ recoveryPlanId: '00000000-0000-0000-0000-000000000000' })).toBe('RECOVERY_PLAN_NOT_FOUND');
    const r = await restHttp(stack.endpoints, { method: 'POST', path: `/recovery-plans/${p.id}/schedules`, body: { Expression: 'every day' }, authorization: `Bearer ${adminId}` });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'INVALID_SCHEDULE_EXPRESSION', field: 'expression' });
    // Nothing half-written: no schedule item, no Scheduler schedule.
    expect(ok(await gql<{ listDrillSchedules: { items: unknown[] } }>(stack.endpoints, admin, 'query L($p: ID) { listDrillSchedules(recoveryPlanId: $p) { items { id } } }', { p: p.id })).listDrillSchedules.items).toEqual([]);
  });

  it('lists every schedule page by page', async () => {
    const first = ok(await gql<{ listDrillSchedules: { items: Array<{ id: string }>; nextToken: string | null } }>(stack.endpoints, admin,
      'query L { listDrillSchedules(limit: 1) { items { id } nextToken } }')).listDrillSchedules;
    expect(first.items).toHaveLength(1);
    expect(first.nextToken).toBeTruthy();
    const second = ok(await gql<{ listDrillSchedules: { items: Array<{ id: string }> } }>(stack.endpoints, admin,
      'query L($t: String) { listDrillSchedules(limit: 1, nextToken: $t) { items { id } } }', { t: first.nextToken })).listDrillSchedules;
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });
});
