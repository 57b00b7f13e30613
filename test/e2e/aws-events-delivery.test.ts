// The local EventBridge delivering events, through the unmodified EventBridge client on a standalone
// emulator: PutEvents and its per-entry answers, custom buses and their policies, rules selecting
// events by pattern, Lambda targets (input shaping, async retries, order), state machine targets,
// bus targets in the same and in another account (with and without the bus policy), the internal
// emit API and the /__local/events controls.
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  type PutEventsRequestEntry,
  PutEventsCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemovePermissionCommand,
  RemoveTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, type EventEnvelope, LOCAL_ORGANIZATION_ID, createAwsEmulator } from '../../infra/local/aws/index.ts';
import { FUNCTION_NOT_FOUND } from '../../infra/local/aws/lambda.ts';
import { createLocalSfn } from '../../infra/local/sfn/index.ts';

const REGION = 'us-east-1';
const LOCAL = '111111111111';
const TARGET = '222222222222';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Local functions by name: each records what it is given; `behave` decides what it does. */
const calls: Array<{ fn: string; payload: unknown }> = [];
const behave: Record<string, (payload: unknown, attempt: number) => unknown> = {};
const attempts: Record<string, number> = {};
async function invokeFunction(nameOrArn: string, payload: unknown): Promise<unknown> {
  const fn = nameOrArn.split(':').at(-1)!;
  const behaviour = behave[fn];
  if (!behaviour) throw Object.assign(new Error(`Function not found: ${nameOrArn}`), { name: FUNCTION_NOT_FOUND });
  calls.push({ fn, payload });
  attempts[fn] = (attempts[fn] ?? 0) + 1;
  return behaviour(payload, attempts[fn]);
}
const received = (fn: string) => calls.filter((c) => c.fn === fn).map((c) => c.payload as EventEnvelope);
const lambdaArn = (fn: string, account = LOCAL) => `arn:aws:lambda:${REGION}:${account}:function:${fn}`;
const busArn = (name: string, account = LOCAL) => `arn:aws:events:${REGION}:${account}:event-bus/${name}`;

const lines: string[] = [];
const sfn = createLocalSfn({ region: REGION, accountId: LOCAL, invokeFunction });
let emu: AwsEmulator;
let url: string;
let events: EventBridgeClient;
/** EventBridge as the target account's orchestration role. */
let remote: EventBridgeClient;

beforeAll(async () => {
  emu = createAwsEmulator({ simSpeed: 1000, invokeFunction, states: sfn, log: (line) => lines.push(line) });
  ({ url } = await emu.listen(0, '127.0.0.1'));
  const config = { region: REGION, endpoint: url, credentials: emu.credentials, maxAttempts: 1 };
  events = new EventBridgeClient(config);
  const { Credentials: c } = await new STSClient(config).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TARGET}:role/DRSOrchestrationRole`, RoleSessionName: 'events-test', ExternalId: 'drs-local-external-id' }),
  );
  remote = new EventBridgeClient({ ...config, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } });
});
afterAll(async () => {
  events.destroy();
  remote.destroy();
  await emu.close();
  await sfn.close();
});

async function rule(name: string, pattern: unknown, targets: Target[], opts: { bus?: string; client?: EventBridgeClient } = {}): Promise<string> {
  const client = opts.client ?? events;
  const { RuleArn } = await client.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern), EventBusName: opts.bus }));
  const put = await client.send(new PutTargetsCommand({ Rule: name, EventBusName: opts.bus, Targets: targets }));
  expect(put.FailedEntryCount).toBe(0);
  return RuleArn!;
}

const entry = (source: string, detail: Record<string, unknown> = {}, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: source,
  DetailType: 'Test Event',
  Detail: JSON.stringify(detail),
  ...extra,
});

async function put(client: EventBridgeClient, ...entries: PutEventsRequestEntry[]) {
  const answer = await client.send(new PutEventsCommand({ Entries: entries }));
  await emu.events.idle();
  return answer;
}

describe('PutEvents', () => {
  it('answers an EventId per accepted entry and delivers the real envelope, Time and Resources included', async () => {
    behave.shape = () => null;
    await rule('shape', { source: ['test.shape'] }, [{ Id: 'fn', Arn: lambdaArn('shape') }]);
    const time = new Date('2026-03-04T05:06:07.890Z');
    const answer = await put(events, entry('test.shape', { n: 1, nested: { ok: true } }, { Time: time, Resources: ['arn:aws:ec2:us-east-1:111111111111:instance/i-1'] }));
    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries).toEqual([{ EventId: expect.stringMatching(UUID) }]);
    expect(received('shape')).toEqual([
      {
        version: '0',
        id: answer.Entries![0].EventId,
        'detail-type': 'Test Event',
        source: 'test.shape',
        account: LOCAL,
        time: '2026-03-04T05:06:07Z',
        region: REGION,
        resources: ['arn:aws:ec2:us-east-1:111111111111:instance/i-1'],
        detail: { n: 1, nested: { ok: true } },
      },
    ]);
    // Without Time, the time it was put, to the second.
    await put(events, entry('test.shape'));
    expect(received('shape')[1]).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), resources: [] });
  });

  it('refuses bad entries one by one (aws.* sources included) and bad requests as a whole', async () => {
    const answer = await events.send(
      new PutEventsCommand({
        Entries: [
          { DetailType: 'x', Detail: '{}' },
          { Source: 'test.bad', Detail: '{}' },
          { Source: 'test.bad', DetailType: 'x' },
          { Source: 'test.bad', DetailType: 'x', Detail: '{"unclosed"' },
          { Source: 'test.bad', DetailType: 'x', Detail: '[1, 2]' },
          { Source: 'aws.drs', DetailType: 'DRS Source Server Launch Result', Detail: '{}' },
          entry('test.good'),
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(6);
    expect(answer.Entries).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
      { EventId: expect.stringMatching(UUID) },
    ]);
    const eleven = Array.from({ length: 11 }, () => entry('test.bad'));
    await expect(events.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Member must have length less than or equal to 10') });
    await expect(events.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
    const huge = entry('test.bad', { blob: 'x'.repeat(300 * 1024) });
    await expect(events.send(new PutEventsCommand({ Entries: [huge] }))).rejects.toMatchObject({ message: 'Total size of the entries in the request is over the limit.' });
  });

  it('takes an event for a bus that does not exist and does nothing with it, as EventBridge does', async () => {
    const before = emu.events.stats();
    const answer = await put(events, entry('test.nowhere', {}, { EventBusName: 'no-such-bus' }));
    expect(answer).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.stringMatching(UUID) }] });
    expect(emu.events.stats().put).toBe(before.put);
  });
});

describe('rules and patterns', () => {
  it('sends each event to the enabled rules whose pattern matches, and to each of their targets', async () => {
    for (const fn of ['launched', 'failed', 'big', 'notDrill', 'either', 'both']) behave[fn] = () => null;
    await rule('launched', { source: ['test.rules'], detail: { state: [{ suffix: '_SUCCEEDED' }] } }, [{ Id: 'a', Arn: lambdaArn('launched') }]);
    await rule('failed', { source: ['test.rules'], detail: { state: ['RECOVERY_LAUNCH_FAILED'] } }, [{ Id: 'a', Arn: lambdaArn('failed') }]);
    await rule('big', { source: ['test.rules'], detail: { servers: [{ numeric: ['>=', 10] }] } }, [{ Id: 'a', Arn: lambdaArn('big') }]);
    await rule('not-drill', { source: ['test.rules'], detail: { 'is-drill': [{ 'anything-but': 'TRUE' }], reason: [{ exists: false }] } }, [{ Id: 'a', Arn: lambdaArn('notDrill') }]);
    await rule('either', { source: [{ prefix: 'test.r' }], $or: [{ detail: { servers: [1] } }, { 'detail-type': [{ 'equals-ignore-case': 'special' }] }] }, [
      { Id: 'a', Arn: lambdaArn('either') },
      { Id: 'b', Arn: lambdaArn('both') },
    ]);
    await put(
      events,
      entry('test.rules', { state: 'RECOVERY_LAUNCH_SUCCEEDED', 'is-drill': 'TRUE', servers: 1 }),
      entry('test.rules', { state: 'RECOVERY_LAUNCH_FAILED', 'is-drill': 'FALSE', servers: 12 }),
      entry('test.rules', { state: 'RECOVERY_LAUNCH_FAILED', 'is-drill': 'FALSE', servers: 3, reason: 'x' }, { DetailType: 'SPECIAL' }),
    );
    const servers = (fn: string) => received(fn).map((e) => e.detail.servers);
    expect(servers('launched')).toEqual([1]);
    expect(servers('failed')).toEqual([12, 3]);
    expect(servers('big')).toEqual([12]);
    expect(servers('notDrill')).toEqual([12]);
    expect(servers('either')).toEqual([1, 3]);
    expect(servers('both')).toEqual([1, 3]);
  });

  it('skips disabled rules until enabled again, and rules that are gone', async () => {
    behave.toggled = () => null;
    await rule('toggled', { source: ['test.toggle'] }, [{ Id: 'a', Arn: lambdaArn('toggled') }]);
    await events.send(new DisableRuleCommand({ Name: 'toggled' }));
    await put(events, entry('test.toggle', { n: 1 }));
    expect(received('toggled')).toEqual([]);
    await events.send(new EnableRuleCommand({ Name: 'toggled' }));
    await put(events, entry('test.toggle', { n: 2 }));
    expect(received('toggled').map((e) => e.detail.n)).toEqual([2]);
    await events.send(new RemoveTargetsCommand({ Rule: 'toggled', Ids: ['a'] }));
    await events.send(new DeleteRuleCommand({ Name: 'toggled' }));
    await put(events, entry('test.toggle', { n: 3 }));
    expect(received('toggled').map((e) => e.detail.n)).toEqual([2]);
  });
});

describe('Lambda targets', () => {
  it('honours Input, InputPath and InputTransformer', async () => {
    for (const fn of ['constant', 'path', 'template', 'text']) behave[fn] = () => null;
    const ruleArn = await rule('shaped', { source: ['test.input'] }, [
      { Id: 'constant', Arn: lambdaArn('constant'), Input: '{"action":"tick"}' },
      { Id: 'path', Arn: lambdaArn('path'), InputPath: '$.detail.server' },
      {
        Id: 'template',
        Arn: lambdaArn('template'),
        InputTransformer: { InputPathsMap: { id: '$.detail.server.id', n: '$.detail.n', src: '$.source' }, InputTemplate: '{"server": <id>, "count": <n>, "from": "<src>", "rule": "<aws.events.rule-name>"}' },
      },
      { Id: 'text', Arn: lambdaArn('text'), InputTransformer: { InputPathsMap: { id: '$.detail.server.id' }, InputTemplate: '"Server <id> is up"' } },
    ]);
    await put(events, entry('test.input', { server: { id: 's-1', tier: 'db' }, n: 4 }));
    expect(calls.filter((c) => c.fn === 'constant').map((c) => c.payload)).toEqual([{ action: 'tick' }]);
    expect(calls.filter((c) => c.fn === 'path').map((c) => c.payload)).toEqual([{ id: 's-1', tier: 'db' }]);
    // A JSON template takes JSON values: a string variable outside quotes becomes a JSON string.
    expect(calls.filter((c) => c.fn === 'template').map((c) => c.payload)).toEqual([{ server: 's-1', count: 4, from: 'test.input', rule: 'shaped' }]);
    expect(calls.filter((c) => c.fn === 'text').map((c) => c.payload)).toEqual(['Server s-1 is up']);
    expect(ruleArn).toBe(`arn:aws:events:${REGION}:${LOCAL}:rule/shaped`);
  });

  it('retries a failed invocation twice (Lambda async), then drops it and logs why', async () => {
    behave.flaky = (_payload, attempt) => {
      if (attempt < 3) throw new Error(`boom ${attempt}`);
      return 'ok';
    };
    behave.broken = () => {
      throw Object.assign(new Error('always'), { name: 'HandlerError' });
    };
    await rule('retries', { source: ['test.retry'] }, [
      { Id: 'flaky', Arn: lambdaArn('flaky') },
      { Id: 'broken', Arn: lambdaArn('broken') },
      { Id: 'missing', Arn: lambdaArn('no-such-function') },
    ]);
    const before = emu.events.stats();
    await put(events, entry('test.retry'));
    expect(attempts.flaky).toBe(3);
    expect(attempts.broken).toBe(3);
    const outcomes = emu.events.deliveries({ source: 'test.retry' }).map((d) => [d.targetId, d.status, d.attempts]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        ['flaky', 'delivered', 3],
        ['broken', 'dropped', 3],
        ['missing', 'dropped', 1],
      ]),
    );
    const after = emu.events.stats();
    expect(after.failed - before.failed).toBe(2 + 3 + 1);
    expect(after.delivered - before.delivered).toBe(1);
    expect(after.dropped - before.dropped).toBe(2);
    expect(lines.some((l) => l.includes('dropped Test Event') && l.includes('HandlerError: always'))).toBe(true);
  });

  it('delivers in the order events were put, never inside the request that put them', async () => {
    behave.ordered = () => null;
    await rule('ordered', { source: ['test.order'] }, [{ Id: 'a', Arn: lambdaArn('ordered') }]);
    await events.send(new PutEventsCommand({ Entries: [1, 2, 3, 4, 5].map((n) => entry('test.order', { n })) }));
    await events.send(new PutEventsCommand({ Entries: [6, 7].map((n) => entry('test.order', { n })) }));
    const id = emu.events.emit({ account: LOCAL, region: REGION, source: 'test.order', detailType: 'Test Event', detail: { n: 8 } });
    // Emitted, not yet delivered: delivery waits for the next turn of the event loop.
    expect(received('ordered').some((e) => e.id === id)).toBe(false);
    await emu.events.idle();
    expect(received('ordered').map((e) => e.detail.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('state machine targets', () => {
  it('starts an execution with the event as its input', async () => {
    const machine = sfn.register('on-event', JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }));
    await rule('to-sfn', { source: ['test.sfn'] }, [{ Id: 'sm', Arn: machine, RoleArn: `arn:aws:iam::${LOCAL}:role/events-sfn` }]);
    const answer = await put(events, entry('test.sfn', { wave: 2 }));
    const listed = (await sfn.handle('ListExecutions', { stateMachineArn: machine })).body as { executions: Array<{ executionArn: string }> };
    expect(listed.executions).toHaveLength(1);
    const execution = (await sfn.handle('DescribeExecution', { executionArn: listed.executions[0].executionArn })).body as { input: string };
    expect(JSON.parse(execution.input)).toMatchObject({ id: answer.Entries![0].EventId, source: 'test.sfn', detail: { wave: 2 } });
    // A state machine that does not exist: dropped, with Step Functions' answer as the reason.
    await rule('to-missing-sfn', { source: ['test.sfn-missing'] }, [{ Id: 'sm', Arn: `arn:aws:states:${REGION}:${LOCAL}:stateMachine:nope` }]);
    await put(events, entry('test.sfn-missing'));
    expect(emu.events.deliveries({ source: 'test.sfn-missing' })).toEqual([expect.objectContaining({ status: 'dropped', error: expect.stringContaining('StateMachineDoesNotExist') })]);
  });
});

describe('event buses and their policies', () => {
  it('creates, describes, lists and deletes custom buses; the default bus is always there', async () => {
    const created = await events.send(new CreateEventBusCommand({ Name: 'ops-bus', Description: 'operations' }));
    expect(created).toMatchObject({ EventBusArn: busArn('ops-bus'), Description: 'operations' });
    await expect(events.send(new CreateEventBusCommand({ Name: 'ops-bus' }))).rejects.toMatchObject({ name: 'ResourceAlreadyExistsException', message: 'Event bus ops-bus already exists.' });
    await expect(events.send(new CreateEventBusCommand({ Name: 'default' }))).rejects.toMatchObject({ name: 'ResourceAlreadyExistsException' });
    const described = await events.send(new DescribeEventBusCommand({ Name: 'ops-bus' }));
    expect(described).toMatchObject({ Name: 'ops-bus', Arn: busArn('ops-bus'), Description: 'operations', CreationTime: expect.any(Date), LastModifiedTime: expect.any(Date) });
    expect((await events.send(new DescribeEventBusCommand({}))).Arn).toBe(busArn('default'));
    const listed = await events.send(new ListEventBusesCommand({ NamePrefix: 'ops' }));
    expect(listed.EventBuses?.map((b) => b.Name)).toEqual(['ops-bus']);
    expect((await events.send(new ListEventBusesCommand({}))).EventBuses?.map((b) => b.Name)).toContain('default');

    // Rules on a custom bus carry its name in their ARN and are found only there.
    const ruleArn = await rule('on-ops', { source: ['test.ops'] }, [{ Id: 'a', Arn: lambdaArn('ops') }], { bus: 'ops-bus' });
    expect(ruleArn).toBe(`arn:aws:events:${REGION}:${LOCAL}:rule/ops-bus/on-ops`);
    await expect(events.send(new DescribeRuleCommand({ Name: 'on-ops' }))).rejects.toMatchObject({ message: 'Rule on-ops does not exist on EventBus default.' });
    expect((await events.send(new DescribeRuleCommand({ Name: 'on-ops', EventBusName: busArn('ops-bus') }))).EventBusName).toBe('ops-bus');

    await expect(events.send(new DeleteEventBusCommand({ Name: 'default' }))).rejects.toMatchObject({ name: 'ValidationException', message: 'Cannot delete event bus default.' });
    await events.send(new DeleteEventBusCommand({ Name: 'ops-bus' }));
    await events.send(new DeleteEventBusCommand({ Name: 'ops-bus' }));
    await expect(events.send(new DescribeEventBusCommand({ Name: 'ops-bus' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Event bus ops-bus does not exist.' });
    expect(emu.events.rules().map((r) => r.name)).not.toContain('on-ops');
  });

  it('keeps a resource policy built by PutPermission (account, or * with an organization condition) and RemovePermission', async () => {
    await events.send(new CreateEventBusCommand({ Name: 'policy-bus' }));
    await events.send(new PutPermissionCommand({ EventBusName: 'policy-bus', Action: 'events:PutEvents', Principal: TARGET, StatementId: 'target-account' }));
    await events.send(
      new PutPermissionCommand({
        EventBusName: 'policy-bus',
        Action: 'events:PutEvents',
        Principal: '*',
        StatementId: 'whole-org',
        Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: LOCAL_ORGANIZATION_ID },
      }),
    );
    const policy = JSON.parse((await events.send(new DescribeEventBusCommand({ Name: 'policy-bus' }))).Policy!);
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'target-account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TARGET}:root` }, Action: 'events:PutEvents', Resource: busArn('policy-bus') },
        { Sid: 'whole-org', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: busArn('policy-bus'), Condition: { StringEquals: { 'aws:PrincipalOrgID': LOCAL_ORGANIZATION_ID } } },
      ],
    });
    await expect(events.send(new PutPermissionCommand({ EventBusName: 'policy-bus', Action: 'events:PutEvents', Principal: 'someone', StatementId: 'x' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(events.send(new RemovePermissionCommand({ EventBusName: 'policy-bus', StatementId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Statement with the provided id does not exist.',
    });
    await events.send(new RemovePermissionCommand({ EventBusName: 'policy-bus', StatementId: 'target-account' }));
    expect(JSON.parse((await events.send(new DescribeEventBusCommand({ Name: 'policy-bus' }))).Policy!).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['whole-org']);
    await events.send(new RemovePermissionCommand({ EventBusName: 'policy-bus', RemoveAllPermissions: true }));
    expect((await events.send(new DescribeEventBusCommand({ Name: 'policy-bus' }))).Policy).toBeUndefined();
    await events.send(new DeleteEventBusCommand({ Name: 'policy-bus' }));
  });

  it('refuses PutEvents onto another account\'s bus unless its policy allows the sender; the event keeps the sender\'s account', async () => {
    behave.central = () => null;
    await events.send(new CreateEventBusCommand({ Name: 'central' }));
    await rule('central-all', { source: ['test.remote'] }, [{ Id: 'a', Arn: lambdaArn('central') }], { bus: 'central' });
    const toCentral = entry('test.remote', { from: 'target' }, { EventBusName: busArn('central') });
    await expect(remote.send(new PutEventsCommand({ Entries: [toCentral] }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`not authorized to perform: events:PutEvents on resource: ${busArn('central')}`),
    });
    await events.send(new PutPermissionCommand({ EventBusName: 'central', Action: 'events:PutEvents', Principal: TARGET, StatementId: 'target' }));
    const answer = await put(remote, toCentral);
    expect(answer.FailedEntryCount).toBe(0);
    expect(received('central')).toEqual([expect.objectContaining({ id: answer.Entries![0].EventId, account: TARGET, detail: { from: 'target' } })]);
  });
});

describe('event bus targets', () => {
  it('forwards to a bus of the same account unchanged', async () => {
    behave.sameAccount = () => null;
    await events.send(new CreateEventBusCommand({ Name: 'audit' }));
    await rule('audit-in', { source: ['test.same'] }, [{ Id: 'a', Arn: lambdaArn('sameAccount') }], { bus: 'audit' });
    await rule('to-audit', { source: ['test.same'] }, [{ Id: 'bus', Arn: busArn('audit') }]);
    const answer = await put(events, entry('test.same', { k: 'v' }));
    expect(received('sameAccount')).toEqual([expect.objectContaining({ id: answer.Entries![0].EventId, account: LOCAL, detail: { k: 'v' } })]);
  });

  it("forwards to another account's bus only when its policy allows the rule's account; the event is unchanged", async () => {
    behave.forwarded = () => null;
    await events.send(new CreateEventBusCommand({ Name: 'orchestrator' }));
    await rule('from-targets', { source: ['test.forward'] }, [{ Id: 'a', Arn: lambdaArn('forwarded') }], { bus: 'orchestrator' });
    // In the target account: its default bus forwards to the orchestrator's bus.
    await rule('forward-up', { source: ['test.forward'] }, [{ Id: 'up', Arn: busArn('orchestrator') }], { client: remote });

    await put(remote, entry('test.forward', { n: 1 }));
    expect(received('forwarded')).toEqual([]);
    expect(emu.events.deliveries({ source: 'test.forward' })).toEqual([
      expect.objectContaining({ status: 'dropped', rule: `arn:aws:events:${REGION}:${TARGET}:rule/forward-up`, error: expect.stringContaining(`Account ${TARGET} is not authorized`) }),
    ]);

    // An organization condition that does not hold allows nothing.
    const orgWide = (Value: string) =>
      new PutPermissionCommand({ EventBusName: 'orchestrator', Action: 'events:PutEvents', Principal: '*', StatementId: 'org', Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value } });
    await events.send(orgWide('o-someoneelse'));
    await put(remote, entry('test.forward', { n: 2 }));
    expect(received('forwarded')).toEqual([]);

    await events.send(orgWide(LOCAL_ORGANIZATION_ID));
    const answer = await put(remote, entry('test.forward', { n: 3 }));
    expect(received('forwarded')).toEqual([
      expect.objectContaining({ id: answer.Entries![0].EventId, account: TARGET, region: REGION, source: 'test.forward', detail: { n: 3 } }),
    ]);
    // Emitted by a service of the target account (an aws.* source), it travels the same way.
    await rule('forward-drs', { source: ['aws.drs'] }, [{ Id: 'up', Arn: busArn('orchestrator') }], { client: remote });
    await rule('drs-in', { source: ['aws.drs'] }, [{ Id: 'a', Arn: lambdaArn('forwarded') }], { bus: 'orchestrator' });
    const id = emu.events.emit({ account: TARGET, region: REGION, source: 'aws.drs', detailType: 'DRS Source Server Launch Result', detail: { state: 'RECOVERY_LAUNCH_SUCCEEDED' } });
    await emu.events.idle();
    expect(received('forwarded').at(-1)).toMatchObject({ id, account: TARGET, source: 'aws.drs' });
  });

  it('never sends an event back through a bus it already crossed', async () => {
    behave.looped = () => null;
    await events.send(new CreateEventBusCommand({ Name: 'loop' }));
    await rule('loop-out', { source: ['test.loop'] }, [{ Id: 'b', Arn: busArn('default') }, { Id: 'fn', Arn: lambdaArn('looped') }], { bus: 'loop' });
    await rule('loop-in', { source: ['test.loop'] }, [{ Id: 'b', Arn: busArn('loop') }]);
    await put(events, entry('test.loop'));
    expect(received('looped')).toHaveLength(1);
    expect(emu.events.deliveries({ source: 'test.loop' }).filter((d) => d.status === 'dropped')).toEqual([expect.objectContaining({ error: expect.stringContaining('Forwarding loop') })]);
  });
});

describe('the emit API and the /__local/events controls', () => {
  it('emits as a service would, counts, and answers deliveries and history over HTTP', async () => {
    behave.controls = () => null;
    await rule('controls', { source: ['aws.test'] }, [{ Id: 'a', Arn: lambdaArn('controls') }]);
    const local = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> & unknown[] };
    };
    await local('POST', '/__local/events/stats/reset');
    const emitted = await local('POST', '/__local/events/emit', { source: 'aws.test', detailType: 'Thing Happened', detail: { a: 1 }, time: '2026-01-02T03:04:05.678Z' });
    expect(emitted).toEqual({ status: 200, json: { id: expect.stringMatching(UUID) } });
    await emu.events.idle();
    expect(received('controls').at(-1)).toMatchObject({ id: emitted.json.id, account: LOCAL, region: REGION, time: '2026-01-02T03:04:05Z', detail: { a: 1 } });
    expect((await local('GET', '/__local/events/stats')).json).toEqual({ put: 1, matched: 1, delivered: 1, failed: 0, dropped: 0 });
    const deliveries = (await local('GET', '/__local/events/deliveries?source=aws.test')).json;
    expect(deliveries).toEqual([expect.objectContaining({ eventId: emitted.json.id, target: lambdaArn('controls'), status: 'delivered', attempts: 1 })]);
    const history = (await local('GET', '/__local/events/history?source=aws.test')).json;
    expect(history).toEqual([{ bus: busArn('default'), event: expect.objectContaining({ id: emitted.json.id }) }]);
    expect((await local('POST', '/__local/events/emit', { source: 'aws.test', detailType: 'x', detail: [] })).status).toBe(400);
    expect((await local('DELETE', '/__local/events/deliveries')).status).toBe(200);
    expect(emu.events.deliveries()).toEqual([]);
    expect(emu.events.history()).toEqual([]);
  });
});
