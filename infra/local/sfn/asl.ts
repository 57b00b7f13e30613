// What the local runner needs to know about an ASL definition beyond what aws-local-stepfunctions
// does with it: every state by name (names are unique across the whole machine, branches included),
// the runtime copy of the definition it actually runs, reference paths and CDK-style substitutions.
import type { StateMachineDefinition } from 'aws-local-stepfunctions';

/** A state as written in the definition (only the fields the local runner reads itself). */
export interface RawState {
  Type: string;
  Resource?: string;
  Parameters?: unknown;
  Retry?: Array<{ ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string }>;
  Catch?: unknown[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  [field: string]: unknown;
}

interface RawMachine {
  StartAt: string;
  States: Record<string, RawState>;
  [field: string]: unknown;
}

/** Resource the runtime copy gives Wait states: the local service runs them itself (scaled time). */
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';
/** setTimeout's ceiling (2^31-1 ms) in whole seconds: the "no timeout" of a Task, as real Step Functions has none by default. */
export const MAX_TIMEOUT_SECONDS = 2_147_483;

export class DefinitionError extends Error {}

export interface PreparedDefinition {
  /** Every state of the machine, nested ones included, as written. */
  states: Map<string, RawState>;
  /** The copy handed to aws-local-stepfunctions. */
  runtime: StateMachineDefinition;
  /** Names of the runtime Task states (real Tasks and the rewritten Waits): each gets a local handler. */
  taskStates: string[];
  /** The Retry of the runtime copy where it differs from the state's (token tasks: timeoutRetry). */
  runtimeRetry: Map<string, RawState['Retry']>;
}

// JSONata and variables are not implemented by aws-local-stepfunctions 3: refuse them up front
// instead of running them wrongly.
const UNSUPPORTED_FIELDS = ['Assign', 'Arguments', 'Output', 'Items', 'QueryLanguage'];

/**
 * Walks the definition and builds the runtime copy:
 * - Wait states become Task states with LOCAL_WAIT_RESOURCE (same InputPath/OutputPath/Next/End), so
 *   the service can evaluate Seconds/SecondsPath/Timestamp/TimestampPath against the state's input and
 *   divide the duration by the wait scale (the library's own override is a fixed per-name number);
 * - Task states without TimeoutSeconds(Path) get MAX_TIMEOUT_SECONDS, because the library otherwise
 *   times every Task out after 60 s (a waitForTaskToken pause can last much longer);
 * - `.waitForTaskToken` Tasks get MAX_TIMEOUT_SECONDS too: the service enforces their TimeoutSeconds(Path)
 *   itself, divided by the wait scale, because such a task waits for the outside world (a DRS launch, a
 *   person), which runs on the simulated clock like Wait states do.
 */
export function prepareDefinition(definition: unknown): PreparedDefinition {
  const states = new Map<string, RawState>();
  const taskStates: string[] = [];
  const runtimeRetry = new Map<string, RawState['Retry']>();

  const rewriteMachine = (machine: RawMachine, where: string): RawMachine => {
    if (!machine || typeof machine !== 'object' || typeof machine.States !== 'object' || machine.States === null) {
      throw new DefinitionError(`${where}: 'States' must be an object`);
    }
    if (machine.QueryLanguage !== undefined && machine.QueryLanguage !== 'JSONPath') {
      throw new DefinitionError(`${where}: QueryLanguage '${String(machine.QueryLanguage)}' is not supported by the local runner (JSONPath only)`);
    }
    const out: Record<string, RawState> = {};
    for (const [name, state] of Object.entries(machine.States)) {
      if (states.has(name)) throw new DefinitionError(`State name '${name}' is used more than once`);
      states.set(name, state);
      for (const field of UNSUPPORTED_FIELDS) {
        if (field in state && !(field === 'QueryLanguage' && state.QueryLanguage === 'JSONPath')) {
          throw new DefinitionError(`State '${name}': field '${field}' (JSONata/variables) is not supported by the local runner`);
        }
      }
      out[name] = rewriteState(name, state);
    }
    return { ...machine, States: out };
  };

  const rewriteState = (name: string, state: RawState): RawState => {
    switch (state.Type) {
      case 'Wait': {
        const task: RawState = { Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, TimeoutSeconds: MAX_TIMEOUT_SECONDS };
        for (const key of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) if (key in state) task[key] = state[key];
        taskStates.push(name);
        return task;
      }
      case 'Task': {
        taskStates.push(name);
        if (isTokenTask(state)) {
          const { TimeoutSecondsPath: _path, ...rest } = state;
          const copy: RawState = { ...rest, TimeoutSeconds: MAX_TIMEOUT_SECONDS };
          if (state.Retry) copy.Retry = timeoutRetry(state.Retry);
          if (state.Catch) copy.Catch = timeoutCatch(state.Catch as Catcher[]);
          runtimeRetry.set(name, copy.Retry);
          return copy;
        }
        if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) return { ...state, TimeoutSeconds: MAX_TIMEOUT_SECONDS };
        return { ...state };
      }
      case 'Parallel': {
        const branches = (state.Branches as RawMachine[] | undefined) ?? [];
        return { ...state, Branches: branches.map((b, i) => rewriteMachine(b, `${name}.Branches[${i}]`)) };
      }
      case 'Map': {
        const copy: RawState = { ...state };
        if (state.ItemProcessor) copy.ItemProcessor = rewriteMachine(state.ItemProcessor as RawMachine, `${name}.ItemProcessor`);
        if (state.Iterator) copy.Iterator = rewriteMachine(state.Iterator as RawMachine, `${name}.Iterator`);
        return copy;
      }
      default:
        return { ...state };
    }
  };

  const runtime = rewriteMachine(definition as RawMachine, 'definition') as unknown as StateMachineDefinition;
  return { states, runtime, taskStates, runtimeRetry };
}

type Retrier = NonNullable<RawState['Retry']>[number];

/**
 * A token task's Retry as the library must see it. The service raises such a task's timeout itself,
 * and the library only exempts its own timeout error from the States.TaskFailed wildcard; so a
 * States.Timeout retrier goes first, with the settings of the retrier that would match it in Step
 * Functions (an explicit States.Timeout or States.ALL), or none (MaxAttempts 0: caught, not retried).
 */
export function timeoutRetry(retry: NonNullable<RawState['Retry']>): NonNullable<RawState['Retry']> {
  const match = retry.find((r) => catchesTimeout(r.ErrorEquals));
  const first: Retrier = match ? { ...match, ErrorEquals: ['States.Timeout'] } : { ErrorEquals: ['States.Timeout'], MaxAttempts: 0 };
  return [first, ...retry];
}

type Catcher = { ErrorEquals: string[]; Next: string; ResultPath?: string | null };
const catchesTimeout = (errors: string[]) => errors.includes('States.Timeout') || errors.includes('States.ALL');

/** The same for Catch: the catcher Step Functions would pick for States.Timeout goes first. */
export function timeoutCatch(catchers: Catcher[]): Catcher[] {
  const match = catchers.find((c) => catchesTimeout(c.ErrorEquals));
  return match ? [{ ...match, ErrorEquals: ['States.Timeout'] }, ...catchers] : catchers;
}

/** Whether Step Functions would retry or catch a token task's States.Timeout at all. */
export const handlesTimeout = (state: RawState) =>
  [...(state.Retry ?? []), ...((state.Catch as Catcher[] | undefined) ?? [])].some((r) => catchesTimeout(r.ErrorEquals));

/** A Task that waits for SendTaskSuccess/Failure (its timeout runs on the simulated clock). */
export const isTokenTask = (state: RawState) => state.Type === 'Task' && typeof state.Resource === 'string' && state.Resource.endsWith('.waitForTaskToken');

/** CDK `definitionSubstitutions`: replaces each `${Key}` by its value. */
export function substituteDefinition(text: string, substitutions: Record<string, string>): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, key: string) => (key in substitutions ? substitutions[key] : whole));
}

/** The function name in a Lambda function name, partial ARN or full ARN (qualifier dropped). */
export function lambdaFunctionName(nameOrArn: string): string {
  const parts = nameOrArn.split(':');
  if (parts[0] === 'arn') return parts[6] ?? nameOrArn; // arn:aws:lambda:region:account:function:name[:qualifier]
  const fn = parts.indexOf('function');
  if (fn >= 0) return parts[fn + 1] ?? nameOrArn; // account:function:name[:qualifier]
  return parts[0]; // name[:qualifier]
}

export class PathError extends Error {}

const SEGMENT = /\.([^.[]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;

/**
 * Evaluates an ASL reference path (`$`, `$.a.b`, `$['a'][0]`, `$$.Execution.Id`) as Step Functions
 * does for SecondsPath, TimestampPath, TimeoutSecondsPath and HeartbeatSecondsPath.
 */
export function readReferencePath(path: string, input: unknown, context: unknown): unknown {
  let value: unknown;
  let rest: string;
  if (path.startsWith('$$')) {
    value = context;
    rest = path.slice(2);
  } else if (path.startsWith('$')) {
    value = input;
    rest = path.slice(1);
  } else {
    throw new PathError(`'${path}' is not a reference path`);
  }
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < rest.length) {
    const m = SEGMENT.exec(rest);
    if (!m) throw new PathError(`'${path}' is not a reference path`);
    const key: string | number = m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4]);
    if (value === null || typeof value !== 'object' || !(key in (value as object))) {
      throw new PathError(`The JSONPath '${path}' could not be found in the input`);
    }
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
