// A local AWS Step Functions service: the Step Functions JSON 1.0 API (what @aws-sdk/client-sfn sends)
// over executions that aws-local-stepfunctions runs. The library interprets the ASL (paths, Choice,
// Retry/Catch, Parallel/Map); this module adds what it lacks: the Lambda service integrations and
// their real result and error shapes, task tokens ($$.Task.Token, SendTask*, heartbeats), Wait states
// in scaled time, StopExecution, execution history and per-execution transition counts.
import './polyfill.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { DefinitionError, PathError, type PreparedDefinition, type RawState, handlesTimeout, prepareDefinition, readReferencePath } from './asl.ts';

export { lambdaFunctionName, substituteDefinition } from './asl.ts';
export { createStatesService, isStatesTarget, STATES_TARGET_PREFIX } from './service.ts';

export interface LocalSfnOptions {
  region: string;
  accountId: string;
  /** Invokes a local Lambda function by name or ARN; resolves its return value, rejects with an error whose name is the Lambda errorType. */
  invokeFunction(nameOrArn: string, payload: unknown): Promise<unknown>;
  /** Divides Wait states (Seconds/SecondsPath/Timestamp...) — e.g. SIM_SPEED. Default 1. */
  waitScale?: number;
  /** Divides Retry intervals (IntervalSeconds × BackoffRate^n, MaxDelaySeconds). Default: waitScale. */
  retryScale?: number;
  log?: (line: string) => void;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionStats {
  /** States entered plus retries: what Step Functions bills a Standard workflow for. */
  transitions: number;
  /** How many times each state was entered (retries not included). */
  byState: Record<string, number>;
  retries: number;
}

export interface ExecutionOutcome {
  executionArn: string;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
}

export interface SfnAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface LocalSfn {
  /** Registers (or replaces) a state machine (the ASL text after substitutions); answers its ARN. CreateStateMachine over the API does the same. */
  register(name: string, definition: string, roleArn?: string): string;
  /** Handles one JSON 1.0 request already routed to service "states" (X-Amz-Target AWSStepFunctions.<Op>). */
  handle(op: string, body: unknown): Promise<SfnAnswer>;
  /** Per-execution state transition counts (undefined for an unknown execution). */
  stats(executionArn: string): ExecutionStats | undefined;
  /** Resolves when the execution has ended (and its history is complete). */
  waitFor(executionArn: string, timeoutMs?: number): Promise<ExecutionOutcome>;
  /** Aborts running executions and closes open tasks, so a test process can exit. */
  close(): Promise<void>;
}

export const JSON_1_0 = 'application/x-amz-json-1.0';

// ---------------------------------------------------------------- errors

/** An API error answer: `{__type, message}` with its HTTP status. */
export class SfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** What a task handler throws into the library: `name` is what Retry/Catch match, `message` the Cause. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** Neither retried nor caught (the library reads these flags), like States.Runtime. */
class UncatchableError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const abortError = () => new UncatchableError('ExecutionAborted', 'The execution was stopped.');

// ---------------------------------------------------------------- records

interface HistoryEntry {
  timestamp: Date;
  type: string;
  detailsKey?: string;
  details?: Record<string, unknown>;
}

interface Machine {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: string;
  creationDate: Date;
  prepared: PreparedDefinition;
  runner: StateMachine;
  executions: Execution[];
}

interface RetryState {
  attempts: number[];
  /** Scaled pause (ms) per retrier for the retry the library is about to decide; -1 = not overridden. */
  next?: number[];
}

interface Execution {
  arn: string;
  name: string;
  machine: Machine;
  prepared: PreparedDefinition;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEntry[];
  transitions: number;
  retries: number;
  byState: Record<string, number>;
  /** Aborted when the execution ends or is stopped: releases every pending local handler. */
  controller: AbortController;
  abortRun?: () => void;
  /** The library's run has settled (status is final). */
  settled: boolean;
  done: Promise<void>;
  context: Record<string, unknown>;
  /** Token minted by `$$.Task.Token` while the library resolves a Task's Parameters. */
  mintedToken?: string;
  openTokens: Set<string>;
  /** The pending handler run of each Task state. */
  attempts: Map<string, Attempt>;
  /** Each state's input as it entered (before Parameters): what TimeoutSecondsPath reads. */
  entered: Map<string, unknown>;
  retry: Map<string, RetryState>;
  current?: { name: string; type: string };
}

/** One run of a Task state's handler (each retry is a new attempt). */
interface Attempt {
  exec: Execution;
  stateName: string;
  /** A bare Lambda ARN resource (LambdaFunction* history events) rather than lambda:invoke (Task*). */
  legacy: boolean;
  resource: string;
  /** The attempt's outcome has been decided (succeeded, failed or timed out by the library). */
  done: boolean;
  onTimeout?: () => void;
}

type TaskOutcome =
  | { kind: 'success'; output: string }
  | { kind: 'failure'; error: string; cause: string }
  | { kind: 'heartbeat' }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

interface OpenTask {
  token: string;
  exec: Execution;
  attempt: Attempt;
  settle(outcome: TaskOutcome): void;
  outcome: Promise<TaskOutcome>;
  heartbeatMs?: number;
  heartbeatTimer?: NodeJS.Timeout;
  timeoutTimer?: NodeJS.Timeout;
}

// ---------------------------------------------------------------- helpers

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^:]+(:[^:]+)?$/;
const MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:([^:]+):([^:]+)$/;
// Step Functions names: 1-80 chars, none of: whitespace < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : / or control characters.
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const TOKEN = /^AQ[A-Za-z0-9_-]{128}$/;
const STATUSES: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const MAX_PAYLOAD = 262_144;
const ABORTABLE_TYPES = new Set(['Task', 'Wait', 'Map', 'Parallel']);

const epoch = (d: Date) => d.getTime() / 1000;
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));
const jsonClone = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
const mintToken = () => `AQ${randomBytes(96).toString('base64url')}`;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The error a failed Lambda invocation surfaces as, as the real integration names it. */
function lambdaError(e: unknown): TaskError {
  const err = (e ?? {}) as { name?: unknown; message?: unknown; errorType?: unknown; errorMessage?: unknown; trace?: unknown };
  const errorType = typeof err.errorType === 'string' && err.errorType ? err.errorType : typeof err.name === 'string' && err.name ? err.name : 'Error';
  const errorMessage = typeof err.errorMessage === 'string' ? err.errorMessage : typeof err.message === 'string' ? err.message : String(e);
  // Service-side failures (Lambda.ServiceException, Lambda.TooManyRequestsException, ...) carry a plain message.
  if (errorType.startsWith('Lambda.') || errorType.startsWith('States.')) return new TaskError(errorType, errorMessage);
  // A function error: the Cause is the function's error document, as Lambda returns it.
  return new TaskError(errorType, JSON.stringify({ errorType, errorMessage, ...(Array.isArray(err.trace) ? { trace: err.trace } : {}) }));
}

/** What `arn:aws:states:::lambda:invoke` answers: Lambda's Invoke response around the function's result. */
function invokeAnswer(payload: unknown): Record<string, unknown> {
  const requestId = randomUUID();
  const date = new Date().toUTCString();
  const length = String(Buffer.byteLength(JSON.stringify(payload ?? null)));
  const headers: Record<string, string> = {
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-Remapped-Content-Length': '0',
    Connection: 'keep-alive',
    'x-amzn-RequestId': requestId,
    'Content-Length': length,
    Date: date,
    'Content-Type': 'application/json',
  };
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload ?? null,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

function positiveSeconds(state: RawState, field: 'TimeoutSeconds' | 'HeartbeatSeconds', input: unknown, context: unknown): number | undefined {
  const fixed = state[field];
  if (typeof fixed === 'number') return fixed;
  const path = state[`${field}Path`];
  if (typeof path !== 'string') return undefined;
  try {
    const value = readReferencePath(path, input, context);
    return Number.isInteger(value) && (value as number) >= 1 ? (value as number) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- request parsing

type Body = Record<string, unknown>;

function parseBody(raw: unknown): Body {
  let value = raw;
  if (raw === undefined || raw === null) return {};
  if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) value = Buffer.from(raw).toString('utf8');
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      value = JSON.parse(value);
    } catch {
      throw new SfnError('SerializationException', 'Could not parse the request body as JSON.');
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SfnError('SerializationException', 'The request body must be a JSON object.');
  return value as Body;
}

function optString(body: Body, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new SfnError('SerializationException', `Expected a string for '${key}'.`);
  return v;
}

function reqString(body: Body, key: string): string {
  const v = optString(body, key);
  if (v === undefined) throw new SfnError('ValidationException', `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`);
  return v;
}

function pageSize(body: Body, fallback: number): number {
  const v = body.maxResults;
  if (v === undefined || v === null || v === 0) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1000) {
    throw new SfnError('ValidationException', `1 validation error detected: Value '${String(v)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`);
  }
  return v;
}

function pageStart(body: Body, scope: string): number {
  const token = optString(body, 'nextToken');
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { s?: unknown; o?: unknown };
    if (parsed.s === scope && typeof parsed.o === 'number' && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through
  }
  throw new SfnError('InvalidToken', `Invalid Token: '${token}'`);
}

const pageToken = (scope: string, offset: number) => Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64');

function stripData(details: Record<string, unknown>): Record<string, unknown> {
  const out = { ...details };
  for (const key of ['input', 'inputDetails', 'output', 'outputDetails', 'parameters']) delete out[key];
  return out;
}

// asl-validator (run by the library's constructor) builds a new Ajv instance per call: 0.2-0.6 s.
// A definition is validated once per process.
const validated = new Map<string, string | null>();

function validate(text: string, parsed: unknown): void {
  let problem = validated.get(text);
  if (problem === undefined) {
    try {
      new StateMachine(structuredClone(parsed) as never); // validates paths, ARNs, transitions (and annotates its argument)
      problem = null;
    } catch (e) {
      problem = (e as Error).message;
    }
    validated.set(text, problem);
  }
  if (problem !== null) throw new DefinitionError(problem);
}

// ---------------------------------------------------------------- the service

export function createLocalSfn(opts: LocalSfnOptions): LocalSfn {
  const log = opts.log ?? (() => {});
  const waitScale = opts.waitScale !== undefined && opts.waitScale > 0 ? opts.waitScale : 1;
  const retryScale = opts.retryScale !== undefined && opts.retryScale > 0 ? opts.retryScale : waitScale;
  const machines = new Map<string, Machine>();
  const executions = new Map<string, Execution>();
  const tasks = new Map<string, OpenTask>();
  const closedTokens = new Set<string>();
  const machineArn = (name: string) => `arn:aws:states:${opts.region}:${opts.accountId}:stateMachine:${name}`;

  // -------------------------------------------------------------- history

  function record(target: Execution | Attempt, type: string, detailsKey?: string, details?: Record<string, unknown>): void {
    const exec = 'exec' in target ? target.exec : target;
    const entry: HistoryEntry = { timestamp: new Date(), type, detailsKey, details: details && Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) };
    exec.history.push(entry);
  }

  function stateType(exec: Execution, name: string, fallback: string): string {
    return exec.prepared.states.get(name)?.Type ?? fallback;
  }

  interface LibraryEvent {
    type: string;
    state?: { name: string; type: string; input?: unknown; output?: unknown };
    input?: unknown;
    output?: unknown;
    Error?: unknown;
    Cause?: unknown;
    index?: number;
    parentState?: { name: string };
  }

  const text = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

  function onEvent(exec: Execution, ev: LibraryEvent): void {
    switch (ev.type) {
      case 'ExecutionStarted': {
        const input = JSON.stringify(ev.input ?? null);
        record(exec, 'ExecutionStarted', 'executionStartedEventDetails', { input, inputDetails: { truncated: false }, roleArn: exec.machine.roleArn });
        return;
      }
      case 'StateEntered': {
        const name = ev.state!.name;
        const type = stateType(exec, name, ev.state!.type);
        exec.transitions++;
        exec.byState[name] = (exec.byState[name] ?? 0) + 1;
        exec.current = { name, type };
        exec.entered.set(name, ev.state!.input);
        const input = JSON.stringify(ev.state!.input ?? null);
        record(exec, `${type}StateEntered`, 'stateEnteredEventDetails', { name, input, inputDetails: { truncated: false } });
        return;
      }
      case 'StateExited': {
        const name = ev.state!.name;
        const type = stateType(exec, name, ev.state!.type);
        if (exec.current?.name === name) exec.current = undefined;
        const output = JSON.stringify(ev.state!.output ?? null);
        record(exec, `${type}StateExited`, 'stateExitedEventDetails', { name, output, outputDetails: { truncated: false } });
        return;
      }
      case 'StateFailed': {
        // The library enforces TimeoutSeconds(Path) itself (States.Timeout, which States.TaskFailed does
        // not match); this event is the moment it gave up on a handler that is still pending.
        const attempt = ev.Error === 'States.Timeout' ? exec.attempts.get(ev.state!.name) : undefined;
        if (!attempt || attempt.done) return;
        attempt.done = true;
        const details = { error: 'States.Timeout', cause: 'The task exceeded its TimeoutSeconds.' };
        if (attempt.legacy) record(exec, 'LambdaFunctionTimedOut', 'lambdaFunctionTimedOutEventDetails', details);
        else record(exec, 'TaskTimedOut', 'taskTimedOutEventDetails', { resourceType: 'lambda', resource: attempt.resource, ...details });
        attempt.onTimeout?.();
        return;
      }
      case 'StateRetried':
        exec.transitions++;
        exec.retries++;
        return;
      case 'ExecutionSucceeded': {
        const output = JSON.stringify(ev.output ?? null);
        record(exec, 'ExecutionSucceeded', 'executionSucceededEventDetails', { output, outputDetails: { truncated: false } });
        return;
      }
      case 'ExecutionFailed': {
        const { error, cause } = failureOf(ev.Error, ev.Cause);
        record(exec, 'ExecutionFailed', 'executionFailedEventDetails', { error, cause });
        return;
      }
      case 'ExecutionAborted':
        record(exec, 'ExecutionAborted', 'executionAbortedEventDetails', { error: exec.error, cause: exec.cause });
        return;
      case 'ExecutionTimeout':
        record(exec, 'ExecutionTimedOut', 'executionTimedOutEventDetails', { error: 'States.Timeout', cause: 'The execution exceeded its TimeoutSeconds.' });
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `${ev.type[0].toLowerCase()}${ev.type.slice(1)}EventDetails`;
        record(exec, ev.type, key, { name: ev.parentState?.name, index: ev.index });
        return;
      }
      default:
        // StateFailed/StateCaught have no counterpart in the real history (TaskFailed etc. are recorded by
        // the task handlers); parallel-branch events neither.
        return;
    }
  }

  /** The library's error name/message for an execution failure, with its Fail-state defaults removed. */
  function failureOf(name: unknown, message: unknown): { error?: string; cause?: string } {
    const error = text(name);
    const cause = text(message);
    if (error === 'FailStateError') return { cause: cause === 'Execution failed because of a Fail state' ? undefined : cause };
    return { error, cause };
  }

  // -------------------------------------------------------------- tasks and tokens

  function openTask(exec: Execution, attempt: Attempt, token: string): OpenTask {
    const d = deferred<TaskOutcome>();
    const task: OpenTask = { token, exec, attempt, outcome: d.promise, settle: d.resolve };
    tasks.set(token, task);
    exec.openTokens.add(token);
    return task;
  }

  function closeTask(task: OpenTask, outcome: TaskOutcome): void {
    if (!tasks.has(task.token)) return;
    tasks.delete(task.token);
    closedTokens.add(task.token);
    task.exec.openTokens.delete(task.token);
    clearTimeout(task.heartbeatTimer);
    clearTimeout(task.timeoutTimer);
    task.settle(outcome);
  }

  function armHeartbeat(task: OpenTask): void {
    if (task.heartbeatMs === undefined) return;
    clearTimeout(task.heartbeatTimer);
    task.heartbeatTimer = setTimeout(() => closeTask(task, { kind: 'heartbeat' }), task.heartbeatMs);
  }

  function closeExecutionTasks(exec: Execution): void {
    for (const token of [...exec.openTokens]) {
      const task = tasks.get(token);
      if (task) closeTask(task, { kind: 'aborted' });
    }
  }

  /** The open task of a SendTask* request, or the error the real service answers. */
  function taskFor(token: string): OpenTask {
    if (token.length < 1 || token.length > 2048 || !TOKEN.test(token)) throw new SfnError('InvalidToken', 'Invalid Token');
    const task = tasks.get(token);
    if (task) return task;
    if (closedTokens.has(token)) throw new SfnError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    throw new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  // Retry pauses: the library computes IntervalSeconds × BackoffRate^n itself unless overridden; the
  // override is read synchronously right after a handler fails, so the handler computes the scaled pause
  // of the retrier the library will pick (same matching rules) and the override getter answers it.
  function noteFailure(exec: Execution, stateName: string, state: RawState, err: Error): void {
    if (retryScale === 1) return;
    // The retriers the library sees (their indexes are what it asks the override for).
    const retriers = (exec.prepared.runtimeRetry.has(stateName) ? exec.prepared.runtimeRetry.get(stateName) : state.Retry) ?? [];
    const isTask = state.Type === 'Task';
    const wildcard = isTask && err.name !== 'States.Timeout';
    const idx = retriers.findIndex((r) => r.ErrorEquals.some((e) => e === err.name || e === 'States.ALL' || (e === 'States.TaskFailed' && wildcard)));
    const st = exec.retry.get(stateName) ?? { attempts: retriers.map(() => 0) };
    if (idx < 0 || st.attempts[idx] >= (retriers[idx].MaxAttempts ?? 3)) {
      exec.retry.delete(stateName);
      return;
    }
    const r = retriers[idx];
    let seconds = (r.IntervalSeconds ?? 1) * Math.pow(r.BackoffRate ?? 2, st.attempts[idx]);
    if (r.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, r.MaxDelaySeconds);
    let ms = (seconds * 1000) / retryScale;
    if (r.JitterStrategy === 'FULL') ms = Math.random() * ms;
    st.next = retriers.map((_, i) => (i === idx ? ms : -1));
    st.attempts[idx]++;
    exec.retry.set(stateName, st);
  }

  async function runTask(exec: Execution, stateName: string, input: unknown): Promise<unknown> {
    // Synchronous prologue: the library calls this right after resolving Parameters.
    const minted = exec.mintedToken;
    exec.mintedToken = undefined;
    const state = exec.prepared.states.get(stateName)!;
    const retry = exec.retry.get(stateName);
    if (retry) retry.next = undefined;
    if (exec.controller.signal.aborted) throw abortError();
    if (state.Type === 'Wait') return runWait(exec, state, input);

    const attempt: Attempt = { exec, stateName, legacy: LAMBDA_ARN.test(state.Resource ?? ''), resource: resourceName(state), done: false };
    exec.attempts.set(stateName, attempt);
    try {
      const result = await runResource(attempt, state, input, minted);
      attempt.done = true;
      exec.retry.delete(stateName);
      return result;
    } catch (err) {
      if (!attempt.done && !(err instanceof UncatchableError)) noteFailure(exec, stateName, state, err as Error);
      attempt.done = true;
      throw err;
    } finally {
      if (exec.attempts.get(stateName) === attempt) exec.attempts.delete(stateName);
    }
  }

  function resourceName(state: RawState): string {
    return (state.Resource ?? '').replace('arn:aws:states:::lambda:', '');
  }

  async function runResource(attempt: Attempt, state: RawState, input: unknown, minted: string | undefined): Promise<unknown> {
    const { exec, stateName } = attempt;
    const resource = state.Resource ?? '';
    if (resource === LAMBDA_INVOKE || resource === LAMBDA_INVOKE_WAIT) return lambdaIntegration(attempt, state, input, minted, resource === LAMBDA_INVOKE_WAIT);
    if (LAMBDA_ARN.test(resource)) return legacyLambda(attempt, resource, input);
    log(`[sfn] ${exec.name}: state '${stateName}' uses resource '${resource}', which the local service does not run`);
    throw new UncatchableError('States.Runtime', `The local Step Functions service cannot run resource '${resource}' (state '${stateName}').`);
  }

  async function lambdaIntegration(attempt: Attempt, state: RawState, input: unknown, minted: string | undefined, waitForToken: boolean): Promise<unknown> {
    const { exec } = attempt;
    const params = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
    const fn = params.FunctionName;
    if (typeof fn !== 'string' || !fn) throw new UncatchableError('States.Runtime', `State '${attempt.stateName}': Parameters.FunctionName must be a string.`);
    const target = typeof params.Qualifier === 'string' ? `${fn}:${params.Qualifier}` : fn;
    const payload = 'Payload' in params ? params.Payload : {};
    const resourceType = 'lambda';
    const resource = resourceName(state);
    const heartbeat = waitForToken ? positiveSeconds(state, 'HeartbeatSeconds', input, exec.context) : undefined;
    const task = waitForToken ? openTask(exec, attempt, minted ?? mintToken()) : undefined;
    if (task && heartbeat !== undefined) task.heartbeatMs = heartbeat * 1000;
    attempt.onTimeout = () => task && closeTask(task, { kind: 'aborted' });

    await nextMacrotask(); // the library's StateEntered reaches the history first
    if (exec.controller.signal.aborted) {
      if (task) closeTask(task, { kind: 'aborted' });
      throw abortError();
    }
    // TimeoutSecondsPath reads the state's input, not the resolved Parameters.
    const timeout = positiveSeconds(state, 'TimeoutSeconds', exec.entered.get(attempt.stateName) ?? input, exec.context);
    record(attempt, 'TaskScheduled', 'taskScheduledEventDetails', {
      resourceType,
      resource,
      region: opts.region,
      parameters: JSON.stringify(params),
      timeoutInSeconds: timeout,
      heartbeatInSeconds: heartbeat,
    });
    record(attempt, 'TaskStarted', 'taskStartedEventDetails', { resourceType, resource });
    if (task) armHeartbeat(task);
    // A token task's TimeoutSeconds runs on the simulated clock (asl.ts took it from the library).
    if (task && timeout !== undefined) task.timeoutTimer = setTimeout(() => closeTask(task, { kind: 'timeout' }), (timeout * 1000) / waitScale);

    let value: unknown;
    try {
      value = await opts.invokeFunction(target, jsonClone(payload));
    } catch (e) {
      const err = lambdaError(e);
      if (task) closeTask(task, { kind: 'aborted' });
      if (exec.controller.signal.aborted) throw abortError();
      if (!attempt.done) record(attempt, 'TaskFailed', 'taskFailedEventDetails', { resourceType, resource, error: err.name, cause: err.message });
      throw err;
    }
    if (exec.controller.signal.aborted) throw abortError();
    if (attempt.done) throw new UncatchableError('States.Timeout', 'The task timed out.');
    const answer = invokeAnswer(jsonClone(value));
    if (!task) {
      record(attempt, 'TaskSucceeded', 'taskSucceededEventDetails', { resourceType, resource, output: JSON.stringify(answer), outputDetails: { truncated: false } });
      return answer;
    }
    record(attempt, 'TaskSubmitted', 'taskSubmittedEventDetails', { resourceType, resource, output: JSON.stringify(answer), outputDetails: { truncated: false } });

    const outcome = await task.outcome;
    if (exec.controller.signal.aborted) throw abortError();
    switch (outcome.kind) {
      case 'success':
        record(attempt, 'TaskSucceeded', 'taskSucceededEventDetails', { resourceType, resource, output: outcome.output, outputDetails: { truncated: false } });
        return JSON.parse(outcome.output);
      case 'failure':
        record(attempt, 'TaskFailed', 'taskFailedEventDetails', { resourceType, resource, error: outcome.error, cause: outcome.cause });
        throw new TaskError(outcome.error, outcome.cause);
      case 'timeout': {
        const cause = `No answer within ${timeout} s.`;
        record(attempt, 'TaskTimedOut', 'taskTimedOutEventDetails', { resourceType, resource, error: 'States.Timeout', cause });
        // The library would let a States.TaskFailed retrier or catcher take it; Step Functions would not.
        throw handlesTimeout(state) ? new TaskError('States.Timeout', cause) : new UncatchableError('States.Timeout', cause);
      }
      case 'heartbeat': {
        const cause = `No heartbeat within ${heartbeat} s.`;
        record(attempt, 'TaskTimedOut', 'taskTimedOutEventDetails', { resourceType, resource, error: 'States.HeartbeatTimeout', cause });
        throw new TaskError('States.HeartbeatTimeout', cause);
      }
      default:
        // Closed by a timeout the library already acted on, or by the execution's end.
        throw new UncatchableError('States.Timeout', 'The task was closed.');
    }
  }

  async function legacyLambda(attempt: Attempt, resource: string, input: unknown): Promise<unknown> {
    const { exec } = attempt;
    await nextMacrotask();
    if (exec.controller.signal.aborted) throw abortError();
    const state = exec.prepared.states.get(attempt.stateName)!;
    record(attempt, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
      resource,
      input: JSON.stringify(input ?? null),
      inputDetails: { truncated: false },
      timeoutInSeconds: positiveSeconds(state, 'TimeoutSeconds', input, exec.context),
    });
    record(attempt, 'LambdaFunctionStarted');
    let value: unknown;
    try {
      value = await opts.invokeFunction(resource, jsonClone(input));
    } catch (e) {
      const err = lambdaError(e);
      if (exec.controller.signal.aborted) throw abortError();
      if (!attempt.done) record(attempt, 'LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails', { error: err.name, cause: err.message });
      throw err;
    }
    if (exec.controller.signal.aborted) throw abortError();
    if (attempt.done) throw new UncatchableError('States.Timeout', 'The task timed out.');
    const output = jsonClone(value);
    record(attempt, 'LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', { output: JSON.stringify(output), outputDetails: { truncated: false } });
    return output;
  }

  /** A Wait state (run as a Task by the runtime copy): the real duration divided by waitScale. */
  async function runWait(exec: Execution, state: RawState, input: unknown): Promise<unknown> {
    let ms = 0;
    try {
      if (state.Seconds !== undefined) ms = state.Seconds * 1000;
      else if (state.SecondsPath !== undefined) {
        const v = readReferencePath(state.SecondsPath, input, exec.context);
        if (!Number.isInteger(v) || (v as number) < 0) throw new PathError(`The SecondsPath '${state.SecondsPath}' resolved to ${JSON.stringify(v)}: expected a non-negative integer`);
        ms = (v as number) * 1000;
      } else if (state.Timestamp !== undefined) ms = Date.parse(state.Timestamp) - Date.now();
      else if (state.TimestampPath !== undefined) {
        const v = readReferencePath(state.TimestampPath, input, exec.context);
        if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new PathError(`The TimestampPath '${state.TimestampPath}' resolved to ${JSON.stringify(v)}: expected an RFC 3339 timestamp`);
        ms = Date.parse(v) - Date.now();
      }
    } catch (e) {
      if (e instanceof PathError) throw new UncatchableError('States.Runtime', e.message);
      throw e;
    }
    await sleep(Math.max(0, ms / waitScale), exec.controller.signal);
    return input;
  }

  // -------------------------------------------------------------- machines and executions

  function createMachine(name: string, definition: string, roleArn: string | undefined, type = 'STANDARD'): Machine {
    let parsed: unknown;
    try {
      parsed = JSON.parse(definition);
    } catch (e) {
      throw new DefinitionError(`The definition is not valid JSON: ${(e as Error).message}`);
    }
    let prepared: PreparedDefinition;
    try {
      validate(definition, parsed);
      prepared = prepareDefinition(parsed);
    } catch (e) {
      throw new DefinitionError((e as Error).message);
    }
    const runner = new StateMachine(prepared.runtime, { validationOptions: { noValidate: true } });
    return {
      arn: machineArn(name),
      name,
      definition,
      roleArn: roleArn ?? `arn:aws:iam::${opts.accountId}:role/local-states-execution`,
      type,
      creationDate: new Date(),
      prepared,
      runner,
      executions: [],
    };
  }

  function register(name: string, definition: string, roleArn?: string): string {
    if (!NAME.test(name)) throw new Error(`Invalid state machine name '${name}'`);
    const machine = createMachine(name, definition, roleArn);
    const prior = machines.get(machine.arn);
    if (prior) {
      machine.executions = prior.executions;
      machine.creationDate = prior.creationDate;
    }
    machines.set(machine.arn, machine);
    return machine.arn;
  }

  function machineByArn(arn: string): Machine {
    if (!MACHINE_ARN.test(arn)) throw new SfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
    const machine = machines.get(arn);
    if (!machine) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  function executionByArn(arn: string): Execution {
    if (!EXECUTION_ARN.test(arn)) throw new SfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
    const exec = executions.get(arn);
    if (!exec) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return exec;
  }

  function start(machine: Machine, name: string, input: string, value: unknown): Execution {
    const arn = `arn:aws:states:${opts.region}:${opts.accountId}:execution:${machine.name}:${name}`;
    const startDate = new Date();
    const exec: Execution = {
      arn,
      name,
      machine,
      prepared: machine.prepared,
      input,
      status: 'RUNNING',
      startDate,
      history: [],
      transitions: 0,
      retries: 0,
      byState: {},
      controller: new AbortController(),
      settled: false,
      done: Promise.resolve(),
      context: {},
      openTokens: new Set(),
      attempts: new Map(),
      entered: new Map(),
      retry: new Map(),
    };
    const tokenSource = {
      get Token(): string {
        if (exec.mintedToken === undefined) {
          const token = mintToken();
          exec.mintedToken = token;
          // Consumed synchronously by the Task's handler; anything else (a Pass state) leaves it behind.
          queueMicrotask(() => {
            if (exec.mintedToken === token) exec.mintedToken = undefined;
          });
        }
        return exec.mintedToken;
      },
    };
    exec.context = {
      Execution: { Id: arn, Name: name, RoleArn: machine.roleArn, StartTime: startDate.toISOString(), RedriveCount: 0 },
      StateMachine: { Id: machine.arn, Name: machine.name },
      Task: tokenSource,
    };
    executions.set(arn, exec);
    machine.executions.push(exec);

    const handlers = Object.fromEntries(machine.prepared.taskStates.map((stateName) => [stateName, (stateInput: unknown) => runTask(exec, stateName, stateInput)]));
    const retryIntervalOverrides =
      retryScale === 1 ? undefined : (new Proxy({}, { get: (_t, key) => (typeof key === 'string' ? exec.retry.get(key)?.next : undefined) }) as Record<string, number[]>);
    const run = machine.runner.run(value as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides },
      context: exec.context as never,
    });
    exec.abortRun = run.abort;
    const consumer = (async () => {
      for await (const ev of run.eventLogs) onEvent(exec, ev as unknown as LibraryEvent);
    })().catch((e: unknown) => log(`[sfn] ${name}: event log failed: ${(e as Error).message}`));
    const settled = run.result.then(
      (out) => settle(exec, 'SUCCEEDED', { output: JSON.stringify(out ?? null) }),
      (err: unknown) => {
        if (err instanceof ExecutionAbortedError) return settle(exec, 'ABORTED', {});
        if (err instanceof ExecutionTimeoutError) return settle(exec, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution exceeded its TimeoutSeconds.' });
        if (err instanceof ExecutionError) {
          const c = err.cause as Error | undefined;
          return settle(exec, 'FAILED', failureOf(c?.name, c?.message));
        }
        return settle(exec, 'FAILED', { error: 'States.Runtime', cause: (err as Error)?.message ?? String(err) });
      },
    );
    exec.done = Promise.all([settled, consumer]).then(() => undefined);
    log(`[sfn] ${machine.name}/${name} started`);
    return exec;
  }

  function settle(exec: Execution, status: ExecutionStatus, fields: { output?: string; error?: string; cause?: string }): void {
    exec.settled = true;
    exec.controller.abort(); // releases any handler still pending (e.g. after an execution timeout)
    closeExecutionTasks(exec);
    exec.retry.clear();
    if (exec.status !== 'RUNNING') return;
    exec.status = status;
    exec.stopDate = new Date();
    exec.output = fields.output;
    exec.error = fields.error;
    exec.cause = fields.cause;
    log(`[sfn] ${exec.machine.name}/${exec.name} ${status}${fields.error ? ` (${fields.error})` : ''}, ${exec.transitions} transitions`);
  }

  function stop(exec: Execution, error: string | undefined, cause: string | undefined): void {
    exec.status = 'ABORTED';
    exec.stopDate = new Date();
    exec.error = error;
    exec.cause = cause;
    if (exec.current && ABORTABLE_TYPES.has(exec.current.type)) record(exec, `${exec.current.type}StateAborted`);
    exec.controller.abort();
    closeExecutionTasks(exec);
    exec.abortRun?.(); // the library records ExecutionAborted and settles the run
    log(`[sfn] ${exec.machine.name}/${exec.name} ABORTED${error ? ` (${error})` : ''}`);
  }

  function describeExecution(exec: Execution): Record<string, unknown> {
    return {
      executionArn: exec.arn,
      stateMachineArn: exec.machine.arn,
      name: exec.name,
      status: exec.status,
      startDate: epoch(exec.startDate),
      stopDate: exec.stopDate && epoch(exec.stopDate),
      input: exec.input,
      inputDetails: { included: true },
      output: exec.output,
      outputDetails: exec.output === undefined ? undefined : { included: true },
      error: exec.error,
      cause: exec.cause,
    };
  }

  function outcome(exec: Execution): ExecutionOutcome {
    return { executionArn: exec.arn, status: exec.status, output: exec.output, error: exec.error, cause: exec.cause, startDate: exec.startDate, stopDate: exec.stopDate };
  }

  // -------------------------------------------------------------- operations

  const operations: Record<string, (body: Body) => Record<string, unknown> | Promise<Record<string, unknown>>> = {
    CreateStateMachine(body) {
      const name = reqString(body, 'name');
      const definition = reqString(body, 'definition');
      const roleArn = optString(body, 'roleArn');
      const type = optString(body, 'type') ?? 'STANDARD';
      if (!NAME.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
      if (type !== 'STANDARD' && type !== 'EXPRESS') throw new SfnError('ValidationException', `Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
      let machine: Machine;
      try {
        machine = createMachine(name, definition, roleArn, type);
      } catch (e) {
        if (e instanceof DefinitionError) throw new SfnError('InvalidDefinition', `Invalid State Machine Definition: '${e.message}'`);
        throw e;
      }
      const prior = machines.get(machine.arn);
      if (prior) {
        if (prior.definition === definition && prior.roleArn === machine.roleArn && prior.type === type) return { stateMachineArn: prior.arn, creationDate: epoch(prior.creationDate) };
        throw new SfnError('StateMachineAlreadyExists', `State Machine Already Exists: '${machine.arn}'`);
      }
      machines.set(machine.arn, machine);
      return { stateMachineArn: machine.arn, creationDate: epoch(machine.creationDate) };
    },

    DescribeStateMachine(body) {
      const m = machineByArn(reqString(body, 'stateMachineArn'));
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: m.definition,
        roleArn: m.roleArn,
        type: m.type,
        creationDate: epoch(m.creationDate),
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },

    ListStateMachines(body) {
      const all = [...machines.values()].sort((a, b) => a.name.localeCompare(b.name));
      const from = pageStart(body, 'machines');
      const size = pageSize(body, 100);
      const page = all.slice(from, from + size);
      return {
        stateMachines: page.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: epoch(m.creationDate) })),
        nextToken: from + size < all.length ? pageToken('machines', from + size) : undefined,
      };
    },

    StartExecution(body) {
      const machine = machineByArn(reqString(body, 'stateMachineArn'));
      const name = optString(body, 'name') ?? randomUUID();
      if (!NAME.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
      const input = optString(body, 'input') ?? '{}';
      if (Buffer.byteLength(input) > MAX_PAYLOAD) throw new SfnError('InvalidExecutionInput', 'Invalid State Machine Execution Input: the input exceeds 262144 bytes');
      let value: unknown;
      try {
        value = JSON.parse(input);
      } catch (e) {
        throw new SfnError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(e as Error).message}'`);
      }
      const arn = `arn:aws:states:${opts.region}:${opts.accountId}:execution:${machine.name}:${name}`;
      const prior = executions.get(arn);
      if (prior) {
        // Idempotent for a running execution started with the same input; a conflict otherwise.
        if (prior.status === 'RUNNING' && prior.input === input) return { executionArn: prior.arn, startDate: epoch(prior.startDate) };
        throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
      }
      const exec = start(machine, name, input, value);
      return { executionArn: exec.arn, startDate: epoch(exec.startDate) };
    },

    DescribeExecution(body) {
      return describeExecution(executionByArn(reqString(body, 'executionArn')));
    },

    StopExecution(body) {
      const exec = executionByArn(reqString(body, 'executionArn'));
      const error = optString(body, 'error');
      const cause = optString(body, 'cause');
      if (error !== undefined && error.length > 256) throw new SfnError('ValidationException', "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256");
      if (cause !== undefined && cause.length > 32768) throw new SfnError('ValidationException', "1 validation error detected: Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768");
      if (exec.status === 'RUNNING' && !exec.settled) stop(exec, error, cause);
      return { stopDate: epoch(exec.stopDate ?? new Date()) };
    },

    ListExecutions(body) {
      const stateMachineArn = optString(body, 'stateMachineArn');
      if (stateMachineArn === undefined) {
        throw new SfnError('ValidationException', optString(body, 'mapRunArn') ? 'Map Runs are not supported by the local service' : 'Must provide a StateMachine ARN or MapRun ARN');
      }
      const machine = machineByArn(stateMachineArn);
      const statusFilter = optString(body, 'statusFilter');
      if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) {
        throw new SfnError('ValidationException', `1 validation error detected: Value '${statusFilter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`);
      }
      const all = machine.executions.filter((e) => statusFilter === undefined || e.status === statusFilter).sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
      const scope = `executions:${machine.arn}:${statusFilter ?? ''}`;
      const from = pageStart(body, scope);
      const size = pageSize(body, 100);
      return {
        executions: all.slice(from, from + size).map((e) => ({
          executionArn: e.arn,
          stateMachineArn: machine.arn,
          name: e.name,
          status: e.status,
          startDate: epoch(e.startDate),
          stopDate: e.stopDate && epoch(e.stopDate),
        })),
        nextToken: from + size < all.length ? pageToken(scope, from + size) : undefined,
      };
    },

    GetExecutionHistory(body) {
      const exec = executionByArn(reqString(body, 'executionArn'));
      const includeData = body.includeExecutionData !== false;
      let events = exec.history.map((h, i) => {
        const event: Record<string, unknown> = { timestamp: epoch(h.timestamp), type: h.type, id: i + 1, previousEventId: i };
        if (h.detailsKey) event[h.detailsKey] = includeData ? (h.details ?? {}) : stripData(h.details ?? {});
        return event;
      });
      if (body.reverseOrder === true) events = events.reverse();
      const scope = `history:${exec.arn}:${body.reverseOrder === true}`;
      const from = pageStart(body, scope);
      const size = pageSize(body, 1000);
      return { events: events.slice(from, from + size), nextToken: from + size < events.length ? pageToken(scope, from + size) : undefined };
    },

    SendTaskSuccess(body) {
      const task = taskFor(reqString(body, 'taskToken'));
      const output = reqString(body, 'output');
      if (Buffer.byteLength(output) > MAX_PAYLOAD) throw new SfnError('InvalidOutput', 'Invalid Output: the output exceeds 262144 bytes');
      try {
        JSON.parse(output);
      } catch (e) {
        throw new SfnError('InvalidOutput', `Invalid Output: '${(e as Error).message}'`);
      }
      closeTask(task, { kind: 'success', output });
      return {};
    },

    SendTaskFailure(body) {
      const task = taskFor(reqString(body, 'taskToken'));
      const error = optString(body, 'error') ?? '';
      const cause = optString(body, 'cause') ?? '';
      if (error.length > 256) throw new SfnError('ValidationException', "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256");
      if (cause.length > 32768) throw new SfnError('ValidationException', "1 validation error detected: Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768");
      closeTask(task, { kind: 'failure', error, cause });
      return {};
    },

    SendTaskHeartbeat(body) {
      armHeartbeat(taskFor(reqString(body, 'taskToken')));
      return {};
    },
  };

  function answer(status: number, body: unknown, extra: Record<string, string> = {}): SfnAnswer {
    return { status, body, headers: { 'content-type': JSON_1_0, 'x-amzn-requestid': randomUUID(), ...extra } };
  }

  return {
    register,

    async handle(op, rawBody) {
      try {
        const operation = Object.hasOwn(operations, op) ? operations[op] : undefined;
        if (!operation) throw new SfnError('UnknownOperationException', `The operation '${op}' is not supported by the local Step Functions service.`);
        return answer(200, await operation(parseBody(rawBody)));
      } catch (e) {
        const err = e instanceof SfnError ? e : new SfnError('InternalFailure', (e as Error)?.message ?? String(e), 500);
        if (!(e instanceof SfnError)) log(`[sfn] ${op} failed: ${(e as Error)?.stack ?? String(e)}`);
        return answer(err.status, { __type: err.code, message: err.message }, { 'x-amzn-errortype': err.code });
      }
    },

    stats(executionArn) {
      const exec = executions.get(executionArn);
      return exec && { transitions: exec.transitions, byState: { ...exec.byState }, retries: exec.retries };
    },

    async waitFor(executionArn, timeoutMs) {
      const exec = executions.get(executionArn);
      if (!exec) throw new Error(`Execution Does Not Exist: '${executionArn}'`);
      if (timeoutMs === undefined) {
        await exec.done;
        return outcome(exec);
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          exec.done,
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`Execution ${exec.name} still ${exec.status} after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
      return outcome(exec);
    },

    async close() {
      const running = [...executions.values()].filter((e) => e.status === 'RUNNING' && !e.settled);
      for (const exec of running) stop(exec, 'States.Aborted', 'The local Step Functions service was closed.');
      await Promise.all([...executions.values()].map((e) => e.done));
      for (const task of [...tasks.values()]) closeTask(task, { kind: 'aborted' });
    },
  };
}
