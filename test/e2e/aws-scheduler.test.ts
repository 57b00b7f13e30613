// EventBridge Scheduler on the local AWS endpoint, with a fake invokeFunction (no stack): the unmodified
// SDK client over SigV4-signed HTTP — schedule groups, Create/Get/Update/Delete/ListSchedules, AWS's
// errors and status codes — and a firing through POST /__local/scheduler/fire with the context
// attributes substituted.
import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AwsEmulator, createAwsEmulator } from '../../infra/local/aws/index.ts';

const REGION = 'us-east-1';
let emu: AwsEmulator;
let url: string;
let client: SchedulerClient;
const calls: Array<{ name: string; payload: unknown }> = [];

beforeAll(async () => {
  emu = createAwsEmulator({
    log: () => {},
    invokeFunction: async (name, payload) => {
      calls.push({ name, payload });
      return { fired: payload };
    },
  });
  url = (await emu.listen(0)).url;
  client = new SchedulerClient({ region: REGION, endpoint: url, credentials: emu.credentials });
  await client.send(new CreateScheduleGroupCommand({ Name: 'drills' }));
});
afterAll(async () => {
  client?.destroy();
  await emu?.close();
});

const FN = 'arn:aws:lambda:us-east-1:111111111111:function:target-fn';
const input = (name: string, over: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
  Name: name,
  GroupName: 'drills',
  ScheduleExpression: 'cron(0 2 ? * SAT *)',
  ScheduleExpressionTimezone: 'Europe/Berlin',
  FlexibleTimeWindow: { Mode: 'OFF' },
  State: 'ENABLED',
  Target: { Arn: FN, RoleArn: 'arn:aws:iam::111111111111:role/invoke', Input: JSON.stringify({ id: name, at: '<aws.scheduler.scheduled-time>', arn: '<aws.scheduler.schedule-arn>' }) },
  ...over,
});

describe('EventBridge Scheduler (local)', () => {
  it('creates, reads, updates, lists and deletes a schedule in a group', async () => {
    const created = await client.send(new CreateScheduleCommand(input('s1')));
    expect(created.ScheduleArn).toBe('arn:aws:scheduler:us-east-1:111111111111:schedule/drills/s1');
    const got = await client.send(new GetScheduleCommand({ Name: 's1', GroupName: 'drills' }));
    expect(got).toMatchObject({
      Name: 's1',
      GroupName: 'drills',
      Arn: created.ScheduleArn,
      ScheduleExpression: 'cron(0 2 ? * SAT *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'NONE',
      Target: { Arn: FN, RoleArn: 'arn:aws:iam::111111111111:role/invoke' },
    });
    expect(got.CreationDate).toBeInstanceOf(Date);
    await client.send(new UpdateScheduleCommand({ ...input('s1'), ScheduleExpression: 'rate(7 days)', State: 'DISABLED' }));
    expect(await client.send(new GetScheduleCommand({ Name: 's1', GroupName: 'drills' }))).toMatchObject({ ScheduleExpression: 'rate(7 days)', State: 'DISABLED' });
    const listed = await client.send(new ListSchedulesCommand({ GroupName: 'drills' }));
    expect(listed.Schedules?.map((s) => [s.Name, s.State])).toEqual([['s1', 'DISABLED']]);
    await client.send(new DeleteScheduleCommand({ Name: 's1', GroupName: 'drills' }));
    await expect(client.send(new GetScheduleCommand({ Name: 's1', GroupName: 'drills' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("answers AWS's errors: ConflictException (409), ResourceNotFoundException (404), ValidationException (400)", async () => {
    await client.send(new CreateScheduleCommand(input('dup')));
    const conflict = await client.send(new CreateScheduleCommand(input('dup'))).catch((e) => e);
    expect(conflict).toBeInstanceOf(ConflictException);
    expect(conflict.$metadata.httpStatusCode).toBe(409);
    const missing = await client.send(new DeleteScheduleCommand({ Name: 'nope', GroupName: 'drills' })).catch((e) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.$metadata.httpStatusCode).toBe(404);
    const noGroup = await client.send(new CreateScheduleCommand(input('x', { GroupName: 'no-such-group' }))).catch((e) => e);
    expect(noGroup).toBeInstanceOf(ResourceNotFoundException);
    for (const bad of [
      input('bad1', { ScheduleExpression: 'cron(0 2 * * SAT *)' }),
      input('bad2', { ScheduleExpression: 'rate(1 hours)' }),
      input('bad3', { ScheduleExpressionTimezone: 'Mars/Olympus_Mons' }),
      input('bad4', { FlexibleTimeWindow: { Mode: 'FLEXIBLE' } }),
      input('bad5', { Target: { Arn: FN, RoleArn: 'not-a-role' } }),
    ]) {
      const e = await client.send(new CreateScheduleCommand(bad)).catch((x) => x);
      expect(e, bad.Name).toBeInstanceOf(ValidationException);
      expect(e.$metadata.httpStatusCode).toBe(400);
    }
    const badName = await client.send(new GetScheduleCommand({ Name: 'has space', GroupName: 'drills' })).catch((e) => e);
    expect(badName).toBeInstanceOf(ValidationException);
  });

  it('fires a schedule as of a scheduled time through the local control, the context attributes substituted', async () => {
    await client.send(new CreateScheduleCommand(input('fire-me')));
    calls.length = 0;
    const r = await fetch(`${url}/__local/scheduler/fire`, { method: 'POST', body: JSON.stringify({ name: 'fire-me', groupName: 'drills', scheduledTime: '2026-12-05T01:00:00Z' }) });
    expect(r.status).toBe(200);
    const payload = { id: 'fire-me', at: '2026-12-05T01:00:00Z', arn: 'arn:aws:scheduler:us-east-1:111111111111:schedule/drills/fire-me' };
    expect(await r.json()).toMatchObject({ name: 'fire-me', groupName: 'drills', scheduledTime: '2026-12-05T01:00:00Z', target: FN, input: payload, result: { fired: payload } });
    expect(calls).toEqual([{ name: FN, payload }]);
    expect(emu.scheduler.firings().at(-1)).toMatchObject({ name: 'fire-me', input: payload });
    const unknown = await fetch(`${url}/__local/scheduler/fire`, { method: 'POST', body: JSON.stringify({ name: 'nope', groupName: 'drills', scheduledTime: '2026-12-05T01:00:00Z' }) });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${url}/__local/scheduler/fire`, { method: 'POST', body: JSON.stringify({ name: 'fire-me' }) });
    expect(bad.status).toBe(400);
  });

  it('fires an ENABLED schedule on its clock in its time zone, and a DISABLED one not at all (fake timers)', async () => {
    // In-process (no sockets), so the fake clock drives the emulator's timers and nothing else.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-12-05T00:30:00Z') });
    const inProcess = new SchedulerClient({ region: REGION, credentials: emu.credentials, requestHandler: emu.requestHandler });
    try {
      calls.length = 0;
      // Saturdays 02:00 in Berlin = 01:00 UTC in December.
      await inProcess.send(new CreateScheduleCommand(input('clock', { ScheduleExpression: 'cron(0 2 ? * SAT *)' })));
      await inProcess.send(new CreateScheduleCommand(input('clock-off', { ScheduleExpression: 'cron(0 2 ? * SAT *)', State: 'DISABLED' })));
      await vi.advanceTimersByTimeAsync(29 * 60_000);
      expect(calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(2 * 60_000);
      expect(calls.map((c) => c.payload)).toEqual([{ id: 'clock', at: '2026-12-05T01:00:00Z', arn: 'arn:aws:scheduler:us-east-1:111111111111:schedule/drills/clock' }]);
      await inProcess.send(new DeleteScheduleCommand({ Name: 'clock', GroupName: 'drills' }));
      await vi.advanceTimersByTimeAsync(8 * 24 * 3600_000);
      expect(calls).toHaveLength(1);
    } finally {
      inProcess.destroy();
      vi.useRealTimers();
    }
  });
});
