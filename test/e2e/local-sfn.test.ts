// The local Step Functions service (infra/local/sfn) behind a tiny HTTP server, driven by the
// unmodified SFNClient: small definitions and the real orchestrator state machine.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { createLocalSfn, lambdaFunctionName, substituteDefinition, type LocalSfn, type LocalSfnOptions } from '../../infra/local/sfn/index.ts';

const REGION = 'us-east-1';
const ACCOUNT = '111111111111';
const FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:drs-orchestrator-test`;
const ASL_TEXT = readFileSync(new URL('../../infra/orchestrator/state-machine.asl.json', import.meta.url), 'utf8');
const REAL_ASL = substituteDefinition(ASL_TEXT, { OrchestratorFunctionArn: FN_ARN });

type Invoke = LocalSfnOptions['invokeFunction'];
/** What the fake functions receive (JSON objects). */
type Payload = Record<string, unknown>;
/** A Payload, as the fakes and assertions read it. */
const p = (payload: unknown) => payload as Payload;

/** A function error as the local Lambda runtime reports it (name = errorType). */
function lambdaFailure(errorType: string, message: string): Error {
  const e = new Error(message);
  e.name = errorType;
  return e;
}

interface Harness {
  sfn: LocalSfn;
  client: SFNClient;
  calls: Array<{ fn: string; payload: Payload }>;
  setInvoke(fn: Invoke): void;
  close(): Promise<void>;
}

async function harness(opts: Partial<LocalSfnOptions> = {}): Promise<Harness> {
  let invoke: Invoke = async () => ({});
  const calls: Harness['calls'] = [];
  const sfn = createLocalSfn({
    region: REGION,
    accountId: ACCOUNT,
    waitScale: 1000,
    invokeFunction: (fn, payload) => {
      calls.push({ fn, payload: p(payload) });
      return invoke(fn, payload);
    },
    ...opts,
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
      void sfn.handle(op, Buffer.concat(chunks)).then((answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new SFNClient({
    region: REGION,
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' },
    maxAttempts: 1,
  });
  return {
    sfn,
    client,
    calls,
    setInvoke: (fn) => (invoke = fn),
    async close() {
      client.destroy();
      await sfn.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
}

async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected a rejection');
}

// ------------------------------------------------------------------ small definitions

describe('local Step Functions: API over small definitions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  const PASS_CHOICE = JSON.stringify({
    StartAt: 'Shape',
    States: {
      Shape: { Type: 'Pass', Parameters: { 'n.$': '$.n', 'exec.$': '$$.Execution.Name' }, Next: 'Big?' },
      'Big?': { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }], Default: 'Small' },
      Big: { Type: 'Pass', Result: 'big', ResultPath: '$.size', End: true },
      Small: { Type: 'Pass', Result: 'small', ResultPath: '$.size', Next: 'Ok' },
      Ok: { Type: 'Succeed' },
    },
  });

  it('creates, describes, starts, describes, lists and rejects like the real service', async () => {
    const created = await h.client.send(new CreateStateMachineCommand({ name: 'pass-choice', definition: PASS_CHOICE, roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn` }));
    expect(created.stateMachineArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:pass-choice`);
    expect(created.creationDate).toBeInstanceOf(Date);
    const described = await h.client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(described).toMatchObject({ name: 'pass-choice', status: 'ACTIVE', type: 'STANDARD', definition: PASS_CHOICE });

    const started = await h.client.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, name: 'run-1', input: '{"n":3}' }));
    expect(started.executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:pass-choice:run-1`);
    expect(started.startDate).toBeInstanceOf(Date);
    const outcome = await h.sfn.waitFor(started.executionArn!, 2000);
    expect(outcome.status).toBe('SUCCEEDED');
    const d = await h.client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(d).toMatchObject({ status: 'SUCCEEDED', name: 'run-1', input: '{"n":3}', stateMachineArn: created.stateMachineArn });
    expect(JSON.parse(d.output!)).toEqual({ n: 3, exec: 'run-1', size: 'small' });
    expect(d.stopDate).toBeInstanceOf(Date);
    expect(h.sfn.stats(started.executionArn!)).toEqual({ transitions: 4, byState: { Shape: 1, 'Big?': 1, Small: 1, Ok: 1 }, retries: 0 });

    const types = (await history(h.client, started.executionArn!)).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'PassStateEntered', 'PassStateExited',
      'ChoiceStateEntered', 'ChoiceStateExited',
      'PassStateEntered', 'PassStateExited',
      'SucceedStateEntered', 'SucceedStateExited',
      'ExecutionSucceeded',
    ]);

    // A name is unique per state machine: another input is a conflict.
    const dup = await rejection(h.client.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, name: 'run-1', input: '{"n":4}' })));
    expect(dup).toMatchObject({ name: 'ExecutionAlreadyExists', status: 400 });

    // Unnamed executions get a UUID.
    const anon = await h.client.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, input: '{"n":30}' }));
    expect(anon.executionArn).toMatch(/:execution:pass-choice:[0-9a-f-]{36}$/);
    await h.sfn.waitFor(anon.executionArn!, 2000);
    const listed = await h.client.send(new ListExecutionsCommand({ stateMachineArn: created.stateMachineArn, statusFilter: 'SUCCEEDED' }));
    expect(listed.executions?.map((e) => e.executionArn)).toEqual([anon.executionArn, started.executionArn]);
    expect((await h.client.send(new ListExecutionsCommand({ stateMachineArn: created.stateMachineArn, statusFilter: 'RUNNING' }))).executions).toEqual([]);
    const paged = await h.client.send(new ListExecutionsCommand({ stateMachineArn: created.stateMachineArn, maxResults: 1 }));
    expect(paged.executions).toHaveLength(1);
    const rest = await h.client.send(new ListExecutionsCommand({ stateMachineArn: created.stateMachineArn, maxResults: 1, nextToken: paged.nextToken }));
    expect(rest.executions?.[0].executionArn).toBe(started.executionArn);
    expect(rest.nextToken).toBeUndefined();

    expect(await rejection(h.client.send(new StartExecutionCommand({ stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:nope` })))).toMatchObject({ name: 'StateMachineDoesNotExist' });
    expect(await rejection(h.client.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })))).toMatchObject({ name: 'InvalidArn' });
    expect(await rejection(h.client.send(new DescribeExecutionCommand({ executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:pass-choice:nope` })))).toMatchObject({ name: 'ExecutionDoesNotExist' });
    expect(await rejection(h.client.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, input: '{oops' })))).toMatchObject({ name: 'InvalidExecutionInput' });
    expect(await rejection(h.client.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, name: 'has space' })))).toMatchObject({ name: 'InvalidName' });
    expect(await rejection(h.client.send(new CreateStateMachineCommand({ name: 'broken', definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}', roleArn: 'arn:aws:iam::1:role/x' })))).toMatchObject({ name: 'InvalidDefinition' });
    expect(await rejection(h.client.send(new CreateStateMachineCommand({ name: 'jsonata', definition: '{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}', roleArn: 'arn:aws:iam::1:role/x' })))).toMatchObject({ name: 'InvalidDefinition' });
  });

  it('answers what lambda:invoke answers (ResultSelector $.Payload.x) and runs bare Lambda ARNs', async () => {
    h.setInvoke(async (fn, payload) => (lambdaFunctionName(fn) === 'adder' ? { x: Number(p(payload).a) + Number(p(payload).b) } : { raw: p(payload).v }));
    const arn = h.sfn.register(
      'invoke-shapes',
      JSON.stringify({
        StartAt: 'Add',
        States: {
          Add: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:adder`, Payload: { 'a.$': '$.a', b: 2 } },
            ResultSelector: { 'x.$': '$.Payload.x', 'code.$': '$.StatusCode', 'version.$': '$.ExecutedVersion' },
            ResultPath: '$.sum',
            Next: 'Legacy',
          },
          Legacy: { Type: 'Task', Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:legacy`, Parameters: { 'v.$': '$.sum.x' }, ResultPath: '$.legacy', End: true },
        },
      }),
    );
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"a":40}' }));
    const outcome = await h.sfn.waitFor(executionArn!, 2000);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(JSON.parse(outcome.output!)).toEqual({ a: 40, sum: { x: 42, code: 200, version: '$LATEST' }, legacy: { raw: 42 } });
    expect(h.calls.slice(-2).map((c) => c.payload)).toEqual([{ a: 40, b: 2 }, { v: 42 }]);
    const events = await history(h.client, executionArn!);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited',
      'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const scheduled = events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    expect(scheduled).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: REGION });
    expect(JSON.parse(scheduled.parameters!)).toEqual({ FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:adder`, Payload: { a: 40, b: 2 } });
    const succeeded = JSON.parse(events.find((e) => e.type === 'TaskSucceeded')!.taskSucceededEventDetails!.output!);
    expect(succeeded).toMatchObject({ ExecutedVersion: '$LATEST', Payload: { x: 42 }, StatusCode: 200, SdkHttpMetadata: { HttpStatusCode: 200 } });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });

  it('names function errors by errorType, retries and catches them (Catch gets Error + Cause)', async () => {
    let n = 0;
    h.setInvoke(async () => {
      n++;
      throw lambdaFailure('DrsThrottled', 'slow down');
    });
    const arn = h.sfn.register(
      'retry-catch',
      JSON.stringify({
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'f', Payload: {} },
            Retry: [
              { ErrorEquals: ['Other'], MaxAttempts: 5 },
              { ErrorEquals: ['DrsThrottled'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 },
            ],
            Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.caught', Next: 'Handled' }],
            End: true,
          },
          Handled: { Type: 'Pass', End: true },
        },
      }),
    );
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"k":1}' }));
    const outcome = await h.sfn.waitFor(executionArn!, 2000);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(n).toBe(3);
    const out = JSON.parse(outcome.output!);
    expect(out.k).toBe(1);
    expect(out.caught.Error).toBe('DrsThrottled');
    expect(JSON.parse(out.caught.Cause)).toEqual({ errorType: 'DrsThrottled', errorMessage: 'slow down' });
    expect(h.sfn.stats(executionArn!)).toEqual({ transitions: 4, byState: { Call: 1, Handled: 1 }, retries: 2 });
    const failed = (await history(h.client, executionArn!)).filter((e) => e.type === 'TaskFailed');
    expect(failed).toHaveLength(3);
    expect(failed[0].taskFailedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: 'DrsThrottled' });
  });

  it('scales Wait states (Seconds, SecondsPath, Timestamp) by waitScale', async () => {
    const arn = h.sfn.register(
      'waits',
      JSON.stringify({
        StartAt: 'Fixed',
        States: {
          Fixed: { Type: 'Wait', Seconds: 20, Next: 'FromPath' },
          FromPath: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Until' },
          Until: { Type: 'Wait', TimestampPath: '$.until', End: true },
        },
      }),
    );
    const t0 = Date.now();
    const input = JSON.stringify({ wait: 30, until: new Date(Date.now() + 40_000).toISOString() });
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, input }));
    const outcome = await h.sfn.waitFor(executionArn!, 5000);
    const elapsed = Date.now() - t0;
    expect(outcome.status).toBe('SUCCEEDED');
    expect(JSON.parse(outcome.output!)).toEqual(JSON.parse(input));
    // 20 s + 30 s + ~40 s at 1000x: about 90 ms, not 90 s.
    expect(elapsed).toBeGreaterThanOrEqual(80);
    expect(elapsed).toBeLessThan(1500);
    const types = (await history(h.client, executionArn!)).map((e) => e.type);
    expect(types.filter((t) => t?.startsWith('Wait'))).toEqual(['WaitStateEntered', 'WaitStateExited', 'WaitStateEntered', 'WaitStateExited', 'WaitStateEntered', 'WaitStateExited']);

    const bad = h.sfn.register('bad-wait', JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.missing', End: true } } }));
    const failed = await h.client.send(new StartExecutionCommand({ stateMachineArn: bad }));
    expect(await h.sfn.waitFor(failed.executionArn!, 2000)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('task tokens: SendTaskFailure is caught, heartbeats keep a task alive, a missed one times it out', async () => {
    const tokens: string[] = [];
    h.setInvoke(async (_fn, payload) => {
      tokens.push(String(p(payload).token));
      return { accepted: true };
    });
    const arn = h.sfn.register(
      'callbacks',
      JSON.stringify({
        StartAt: 'Approve',
        States: {
          Approve: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'approver', Payload: { 'token.$': '$$.Task.Token', 'id.$': '$$.Execution.Id' } },
            HeartbeatSeconds: 1,
            ResultPath: '$.approval',
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Rejected' }],
            End: true,
          },
          Rejected: { Type: 'Pass', End: true },
        },
      }),
    );
    // Failure → Catch.
    const first = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    const token1 = await until(() => tokens[0]);
    expect(token1).toMatch(/^AQ[A-Za-z0-9_-]+$/);
    expect(h.calls.at(-1)!.payload.id).toBe(first.executionArn);
    await h.client.send(new SendTaskFailureCommand({ taskToken: token1, error: 'Denied', cause: 'not today' }));
    const o1 = await h.sfn.waitFor(first.executionArn!, 2000);
    expect(JSON.parse(o1.output!)).toEqual({ failure: { Error: 'Denied', Cause: 'not today' } });
    expect(await rejection(h.client.send(new SendTaskSuccessCommand({ taskToken: token1, output: '{}' })))).toMatchObject({ name: 'TaskTimedOut' });

    // Heartbeats every 400 ms for 1.2 s keep it open; then success.
    const second = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    const token2 = await until(() => tokens[1]);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 400));
      await h.client.send(new SendTaskHeartbeatCommand({ taskToken: token2 }));
    }
    expect(await rejection(h.client.send(new SendTaskSuccessCommand({ taskToken: token2, output: '{not json' })))).toMatchObject({ name: 'InvalidOutput' });
    await h.client.send(new SendTaskSuccessCommand({ taskToken: token2, output: '{"ok":true}' }));
    expect(JSON.parse((await h.sfn.waitFor(second.executionArn!, 2000)).output!)).toEqual({ approval: { ok: true } });

    // No heartbeat within 1 s → States.HeartbeatTimeout, caught.
    const third = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    const o3 = await h.sfn.waitFor(third.executionArn!, 3000);
    expect(JSON.parse(o3.output!).failure.Error).toBe('States.HeartbeatTimeout');
    expect((await history(h.client, third.executionArn!)).map((e) => e.type)).toContain('TaskTimedOut');

    expect(await rejection(h.client.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' })))).toMatchObject({ name: 'InvalidToken' });
    expect(await rejection(h.client.send(new SendTaskHeartbeatCommand({ taskToken: `AQ${'A'.repeat(128)}` })))).toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('TimeoutSeconds: States.Timeout (not matched by States.TaskFailed), TaskTimedOut in place, token closed', async () => {
    const tokens: string[] = [];
    h.setInvoke(async (_fn, payload) => {
      tokens.push(String(p(payload).token));
      return {};
    });
    const arn = h.sfn.register(
      'timeouts',
      JSON.stringify({
        StartAt: 'Slow',
        States: {
          Slow: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'slow', Payload: { 'token.$': '$$.Task.Token' } },
            TimeoutSeconds: 1,
            Catch: [
              { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.wrong', Next: 'Done' },
              { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Done' },
            ],
            End: true,
          },
          Done: { Type: 'Pass', End: true },
        },
      }),
    );
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    const outcome = await h.sfn.waitFor(executionArn!, 3000);
    expect(Object.keys(JSON.parse(outcome.output!))).toEqual(['timeout']);
    expect(JSON.parse(outcome.output!).timeout.Error).toBe('States.Timeout');
    const types = (await history(h.client, executionArn!)).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut', 'TaskStateExited',
      'PassStateEntered', 'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(await rejection(h.client.send(new SendTaskSuccessCommand({ taskToken: tokens[0], output: '{}' })))).toMatchObject({ name: 'TaskTimedOut' });
  });

  it('close() aborts running executions', async () => {
    const local = await harness();
    const arn = local.sfn.register('long', JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 99999999, End: true } } }));
    const { executionArn } = await local.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    const t0 = Date.now();
    await local.close();
    expect(Date.now() - t0).toBeLessThan(500);
    expect((await local.sfn.waitFor(executionArn!)).status).toBe('ABORTED');
  });
});

// ------------------------------------------------------------------ the orchestrator state machine

/**
 * A fake orchestrator function: init answers `initStatus`, each tick follows `script` (a status per
 * tick or an error to throw), await records the task token (the test wakes it or lets it time out),
 * fail records the error. RUNNING sleeps 30 s at most (the fallback poll), PAUSED an hour.
 */
function orchestrator(script: Array<string | Error>, initStatus = 'RUNNING') {
  const state = { ticks: 0, tokens: [] as string[], failures: [] as unknown[], actions: [] as string[] };
  const answer = (executionId: unknown, status: string) => ({ executionId, status, waitSeconds: status === 'PAUSED' ? 3600 : status === 'DONE' ? 0 : 30 });
  const invoke: Invoke = async (fn, input) => {
    const payload = p(input);
    expect(fn).toBe(FN_ARN);
    state.actions.push(String(payload.action));
    switch (payload.action) {
      case 'init':
        return answer(payload.executionId, initStatus);
      case 'tick': {
        const step = script[Math.min(state.ticks++, script.length - 1)];
        if (step instanceof Error) throw step;
        return answer(payload.executionId, step);
      }
      case 'await':
        state.tokens.push(String(payload.taskToken));
        return {};
      case 'fail':
        state.failures.push(payload.error);
        return { recorded: true };
      default:
        throw lambdaFailure('UnknownAction', String(payload.action));
    }
  };
  return { state, invoke };
}

describe('local Step Functions: the orchestrator state machine (infra/orchestrator/state-machine.asl.json)', () => {
  let h: Harness;
  let machineArn: string;
  beforeAll(async () => {
    h = await harness({ waitScale: 1000 });
    machineArn = h.sfn.register('drs-orchestrator-test', REAL_ASL, `arn:aws:iam::${ACCOUNT}:role/orchestrator`);
  });
  afterAll(() => h.close());
  afterEach(() => h.setInvoke(async () => ({})));

  it('sleeps in Await until woken (SendTaskSuccess) or its fallback poll times out, then ticks: 3 transitions per cycle', async () => {
    const o = orchestrator(['RUNNING', 'PAUSED', 'DONE']);
    h.setInvoke(o.invoke);
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'exec-happy', input: '{"executionId":"e-1"}' }));
    // Woken at once (a DRS event settled a wave).
    const first = await until(() => o.state.tokens[0]);
    expect((await h.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await h.client.send(new SendTaskSuccessCommand({ taskToken: first, output: '{}' }));
    // Nobody wakes the second Await: its 30 s timeout (30 ms at 1000x) is the fallback poll.
    await until(() => o.state.tokens[2]);
    expect(o.state.actions).toEqual(['init', 'await', 'tick', 'await', 'tick', 'await']);
    // PAUSED sleeps an hour; resume wakes it.
    await new Promise((r) => setTimeout(r, 100));
    expect(o.state.actions).toHaveLength(6);
    await h.client.send(new SendTaskSuccessCommand({ taskToken: o.state.tokens[2], output: '{}' }));
    const outcome = await h.sfn.waitFor(executionArn!, 5000);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(JSON.parse(outcome.output!)).toEqual({ executionId: 'e-1', status: 'DONE', waitSeconds: 0 });
    expect(o.state.actions).toEqual(['init', 'await', 'tick', 'await', 'tick', 'await', 'tick']);

    // Init, Route | Await Tick Route ×3 | Done
    const stats = h.sfn.stats(executionArn!)!;
    expect(stats).toEqual({ transitions: 12, byState: { Init: 1, Route: 4, Await: 3, Tick: 3, Done: 1 }, retries: 0 });
    const events = await history(h.client, executionArn!);
    expect(events.filter((e) => e.type?.endsWith('StateEntered'))).toHaveLength(12);
    const timedOut = events.filter((e) => e.type === 'TaskTimedOut');
    expect(timedOut.map((e) => e.taskTimedOutEventDetails)).toEqual([{ resourceType: 'lambda', resource: 'invoke.waitForTaskToken', error: 'States.Timeout', cause: 'No answer within 30 s.' }]);
    const scheduled = events.filter((e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resource === 'invoke.waitForTaskToken');
    expect(scheduled.map((e) => e.taskScheduledEventDetails?.timeoutInSeconds)).toEqual([30, 30, 3600]);
    expect(events.at(-1)!.type).toBe('ExecutionSucceeded');
  });

  it('a function error is retried (States.TaskFailed retrier) then caught into RecordFailure → FAILED', async () => {
    const o = orchestrator([lambdaFailure('DrsApiError', 'DRS said no')]);
    h.setInvoke(o.invoke);
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: '{"executionId":"e-2"}' }));
    const outcome = await h.sfn.waitFor(executionArn!, 5000);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'ExecutionFailed' });
    expect(outcome.cause).toMatch(/orchestrator failed/);
    expect(o.state.actions).toEqual(['init', 'await', 'tick', 'tick', 'tick', 'tick', 'fail']);
    expect(o.state.failures).toHaveLength(1);
    const failure = o.state.failures[0] as { Error: string; Cause: string };
    expect(failure.Error).toBe('DrsApiError');
    expect(JSON.parse(failure.Cause)).toMatchObject({ errorType: 'DrsApiError', errorMessage: 'DRS said no' });
    const last = h.calls.at(-1)!.payload;
    expect(last).toEqual({ action: 'fail', executionId: 'e-2', error: failure });
    expect(h.sfn.stats(executionArn!)).toEqual({ transitions: 9, byState: { Init: 1, Route: 1, Await: 1, Tick: 1, RecordFailure: 1, Failed: 1 }, retries: 3 });
    const d = await h.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(d).toMatchObject({ status: 'FAILED', error: 'ExecutionFailed' });
    expect(d.output).toBeUndefined();
  });

  it('Lambda.ServiceException uses the first retrier (6 retries) before the Catch', async () => {
    const o = orchestrator(['RUNNING']);
    let initCalls = 0;
    h.setInvoke(async (fn, payload) => {
      if (p(payload).action === 'init' && initCalls++ < 7) throw lambdaFailure('Lambda.ServiceException', 'Lambda is having a bad day');
      return o.invoke(fn, payload);
    });
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: '{"executionId":"e-3"}' }));
    const outcome = await h.sfn.waitFor(executionArn!, 5000);
    expect(outcome.status).toBe('FAILED');
    expect(initCalls).toBe(7);
    expect(o.state.failures).toEqual([{ Error: 'Lambda.ServiceException', Cause: 'Lambda is having a bad day' }]);
    expect(h.sfn.stats(executionArn!)!.retries).toBe(6);
  });

  it('StopExecution aborts an execution sleeping while paused; its task token is refused afterwards', async () => {
    const o = orchestrator([], 'PAUSED');
    h.setInvoke(o.invoke);
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: '{"executionId":"e-4"}' }));
    const token = await until(() => o.state.tokens[0]);
    const stopped = await h.client.send(new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: 'cancelExecution by ops' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const d = await h.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(d).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'cancelExecution by ops' });
    expect(d.stopDate).toBeInstanceOf(Date);
    expect(await rejection(h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toMatchObject({ name: 'TaskTimedOut', status: 400 });
    expect(await rejection(h.client.send(new SendTaskFailureCommand({ taskToken: token, error: 'x' })))).toMatchObject({ name: 'TaskTimedOut' });
    expect((await h.sfn.waitFor(executionArn!, 2000)).status).toBe('ABORTED');
    await new Promise((r) => setTimeout(r, 50));
    expect(o.state.actions).toEqual(['init', 'await']);
    const types = (await history(h.client, executionArn!)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['TaskStateAborted', 'ExecutionAborted']);
    const aborted = (await history(h.client, executionArn!)).at(-1)!;
    expect(aborted.executionAbortedEventDetails).toEqual({ error: 'Cancelled', cause: 'cancelExecution by ops' });
    const listed = await h.client.send(new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: 'ABORTED' }));
    expect(listed.executions?.map((e) => e.executionArn)).toEqual([executionArn]);
    // Stopping again is harmless.
    await h.client.send(new StopExecutionCommand({ executionArn }));
  });

  it('StopExecution while Await waits for its fallback poll (real time) ends it at once; no further Tick', async () => {
    const o = orchestrator(['RUNNING']);
    h.setInvoke(o.invoke);
    const slow = await harness({ waitScale: 1 });
    slow.setInvoke(o.invoke);
    try {
      const arn = slow.sfn.register('drs-orchestrator-slow', REAL_ASL);
      const { executionArn } = await slow.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"executionId":"e-5"}' }));
      await until(() => o.state.tokens[0]);
      await slow.client.send(new StopExecutionCommand({ executionArn }));
      expect((await slow.sfn.waitFor(executionArn!, 1000)).status).toBe('ABORTED');
      expect(o.state.actions).toEqual(['init', 'await']);
      const types = (await history(slow.client, executionArn!)).map((e) => e.type);
      expect(types.slice(-2)).toEqual(['TaskStateAborted', 'ExecutionAborted']);
    } finally {
      await slow.close();
    }
  });
});
