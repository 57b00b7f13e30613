// Drill schedules across a restart with DATA_DIR: the items stay in DynamoDB Local, and their EventBridge
// Scheduler schedules are created again in the emulator (which starts empty), so what is listed still fires.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, describe, expect, it } from 'vitest';
import { DRILL_SCHEDULES } from '../../infra/api.ts';
import { startStack, type Stack } from '../../infra/local/stack.ts';
import { gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';

const STAGE = 'schedrestart';
const dir = mkdtempSync(join(tmpdir(), 'drill-schedules-'));
const stacks: Stack[] = [];
const start = async () => {
  const s = await startStack({ port: 0, awsPort: 0, stage: STAGE, endpointsFile: null, simSpeed: 1000, tlsDir: null, dataDir: dir });
  stacks.push(s);
  return s;
};
afterAll(async () => {
  for (const s of stacks.splice(0)) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('drill schedules with DATA_DIR', () => {
  it('are in the local Scheduler again after a restart, and fire', async () => {
    let stack = await start();
    let admin = await login(stack.endpoints, 'admin');
    stack.emulator.seedSourceServers({ region: 'us-east-2', count: 1, tags: { Fleet: 'restart' }, hostnamePrefix: 'restart' });
    const g = await createGroup(stack.endpoints, admin, { name: 'restart', region: 'us-east-2', serverSelectionTags: [{ key: 'Fleet', value: 'restart' }] });
    const p = await createPlan(stack.endpoints, admin, { name: 'restart', waves: [{ waveNumber: 1, name: 'Only', protectionGroupId: g.id }] });
    const s = ok(await gql<{ createDrillSchedule: { id: string } }>(stack.endpoints, admin, 'mutation C($i: CreateDrillScheduleInput!) { createDrillSchedule(input: $i) { id } }', {
      i: { recoveryPlanId: p.id, expression: 'cron(0 4 ? * SUN *)', timezone: 'America/New_York', blackoutWindows: [{ daysOfWeek: ['SUN'], startTime: '03:00', endTime: '05:00' }] },
    })).createDrillSchedule;
    await stacks.pop()!.stop();

    stack = await start();
    admin = await login(stack.endpoints, 'admin');
    const client = new SchedulerClient({ region: stack.endpoints.region, endpoint: stack.endpoints.awsEndpoint, credentials: stack.endpoints.credentials });
    const got = await client.send(new GetScheduleCommand({ Name: `drill-${s.id}`, GroupName: DRILL_SCHEDULES.groupName(STAGE) }));
    client.destroy();
    expect(got).toMatchObject({ ScheduleExpression: 'cron(0 4 ? * SUN *)', ScheduleExpressionTimezone: 'America/New_York', State: 'ENABLED' });
    const fired = await stack.emulator.scheduler.fire({ name: `drill-${s.id}`, groupName: DRILL_SCHEDULES.groupName(STAGE), scheduledTime: '2026-12-06T09:00:00Z' });
    expect(fired.result).toMatchObject({ outcome: 'SKIPPED', reasonCode: 'BLACKOUT_WINDOW' });
  }, 180_000);
});
