// EventBridge delivery: an event put on a bus (PutEvents, an emulated service's `emit`, or a rule
// forwarding it) goes to every enabled event-pattern rule of that bus whose pattern matches, then to
// each of the rule's targets. Never inside the request that put it: each bus has a FIFO queue drained
// on the next turn of the event loop, so targets are started in the order events were put.
// Targets: a Lambda function (invoked asynchronously with Lambda's async retries: two more attempts,
// then the event is dropped and logged), a state machine (StartExecution with the event as input) and
// an event bus, of this account or another whose policy allows the rule's account (the event is put
// there unchanged: its `account` stays the one that sent it). `Input`, `InputPath` and
// `InputTransformer` shape what Lambda and Step Functions targets receive.
import { randomUUID } from 'node:crypto';
import { type BusRegistry, DEFAULT_BUS, type EventBus, allowsPutEvents } from './event-buses.ts';
import { type EventPattern, matchesPattern, parsePattern } from './event-patterns.ts';
import type { EventRule, EventTarget } from './events.ts';
import { FUNCTION_NOT_FOUND } from './lambda.ts';

/** An event as EventBridge delivers it. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601 without milliseconds, as EventBridge writes it. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** What an emulated service emits: it lands on the default bus of its account and region. */
export interface EmitInput {
  account: string;
  region: string;
  source: string;
  detailType: string;
  resources?: string[];
  detail: Record<string, unknown>;
  /** When it happened (default: now). */
  time?: Date | number | string;
}

/** One target's outcome for one event. */
export interface Delivery {
  eventId: string;
  event: EventEnvelope;
  /** The bus the matching rule is on, the rule and the target (ARNs). */
  bus: string;
  rule: string;
  targetId: string;
  target: string;
  /** What the target was given (after Input/InputPath/InputTransformer). */
  input?: unknown;
  status: 'delivered' | 'dropped';
  attempts: number;
  error?: string;
  at: string;
}

export interface EventStats {
  /** Events accepted onto a bus (PutEvents entries, emitted, forwarded). */
  put: number;
  /** (event, rule) pairs that matched. */
  matched: number;
  /** Target deliveries that succeeded (a Lambda ran, an execution started, a bus took the event). */
  delivered: number;
  /** Failed attempts (each failed Lambda invocation, retried or not). */
  failed: number;
  /** Deliveries given up: retries exhausted, target missing, not authorized, a forwarding loop. */
  dropped: number;
}

export interface HistoryEntry {
  bus: string;
  event: EventEnvelope;
}

export interface DeliveryOptions {
  buses: BusRegistry;
  invokeFunction?: (nameOrArn: string, payload: unknown) => Promise<unknown>;
  /** The local Step Functions: StartExecution through its JSON API. */
  states?: { handle(op: string, body: unknown): Promise<{ status: number; body: unknown }> };
  /** Waits before Lambda's second and third attempts, in real ms (read at each failure). */
  retryDelaysMs: () => readonly number[];
  log: (line: string) => void;
}

export interface EventDelivery {
  /** Queues `event` on `bus`; `via` lists the buses it already went through (forwarding). */
  put(bus: EventBus, event: EventEnvelope, via?: string[]): void;
  /** Puts an emulated service's event on its account's default bus; answers the event id. */
  emit(input: EmitInput): string;
  stats(): EventStats;
  resetStats(): void;
  /** Outcomes so far, oldest first (the last 1000). */
  deliveries(filter?: { source?: string; detailType?: string; target?: string }): Delivery[];
  /** Events put on buses so far, oldest first (the last 1000). */
  history(filter?: { bus?: string; source?: string }): HistoryEntry[];
  clear(): void;
  /** Calls `listener` with each outcome as it happens; answers the unsubscribe. */
  onDelivery(listener: (delivery: Delivery) => void): () => void;
  /** Resolves when nothing is queued, running or waiting for a retry. */
  idle(): Promise<void>;
  close(): void;
}

const KEEP = 1000;
const LAMBDA_ATTEMPTS = 3;
const LAMBDA_ARN = /^arn:aws[\w-]*:lambda:/;
const STATE_MACHINE_ARN = /^arn:aws[\w-]*:states:[^:]+:\d{12}:stateMachine:/;
const BUS_ARN = /^arn:aws[\w-]*:events:[^:]+:\d{12}:event-bus\//;

/** EventBridge's `time`: ISO 8601 to the second. */
export function eventTime(at: Date | number | string = Date.now()): string {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  return new Date(Number.isNaN(ms) ? Date.now() : ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------- input shaping

/** A JSONPath of the simple kind EventBridge takes: `$`, `$.a.b`, `$.a[0]`, `$['a-b']`. */
function readPath(root: unknown, path: string): { found: boolean; value?: unknown } {
  if (!path.startsWith('$')) return { found: false };
  const tokens = [...path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g)].map((m) => m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4])));
  let node: unknown = root;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return { found: false };
    node = (node as Record<string | number, unknown>)[token];
  }
  return { found: true, value: node };
}

/**
 * InputTransformer: `<name>` in the template replaced by the value its path reads. A JSON template
 * gets JSON values (a string unquoted in the template is quoted; inside a string it is escaped); any
 * other template is text, with values written as they are.
 */
function transform(template: string, paths: Record<string, string>, event: EventEnvelope, rule: EventRule): unknown {
  const values: Record<string, unknown> = {
    'aws.events.rule-arn': rule.arn,
    'aws.events.rule-name': rule.name,
    'aws.events.event.ingestion-time': event.time,
    'aws.events.event': event,
    'aws.events.event.json': event,
  };
  for (const [name, path] of Object.entries(paths)) values[name] = readPath(event, path).value ?? null;
  const placeholder = /^<([\w.-]+)>/;
  let json = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const name = template[i] === '<' ? placeholder.exec(template.slice(i))?.[1] : undefined;
    if (name !== undefined && Object.hasOwn(values, name)) {
      const value = values[name];
      const literal = JSON.stringify(value) ?? 'null';
      json += inString ? JSON.stringify(typeof value === 'string' ? value : literal).slice(1, -1) : literal;
      i += name.length + 1;
      continue;
    }
    if (template[i] === '"' && template[i - 1] !== '\\') inString = !inString;
    json += template[i];
  }
  try {
    return JSON.parse(json);
  } catch {
    return template.replace(/<([\w.-]+)>/g, (whole, name: string) => {
      if (!Object.hasOwn(values, name)) return whole;
      const value = values[name];
      return typeof value === 'string' ? value : JSON.stringify(value);
    });
  }
}

/** What a Lambda or state machine target receives; a string answer is why there is nothing to send. */
function targetInput(target: EventTarget, event: EventEnvelope, rule: EventRule): { value: unknown } | string {
  if (target.input !== undefined) return { value: JSON.parse(target.input) };
  if (target.inputPath !== undefined) {
    const read = readPath(event, target.inputPath);
    return read.found ? { value: read.value } : `InputPath ${target.inputPath} matches nothing in the event`;
  }
  if (target.inputTransformer) return { value: transform(target.inputTransformer.inputTemplate, target.inputTransformer.inputPathsMap ?? {}, event, rule) };
  return { value: event };
}

// ---------------------------------------------------------------- the engine

export function createEventDelivery(opts: DeliveryOptions): EventDelivery {
  const queues = new Map<string, Array<{ bus: EventBus; event: EventEnvelope; via: string[] }>>();
  const patterns = new Map<string, EventPattern>();
  let stats: EventStats = { put: 0, matched: 0, delivered: 0, failed: 0, dropped: 0 };
  let log: Delivery[] = [];
  let history: HistoryEntry[] = [];
  const listeners = new Set<(d: Delivery) => void>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  // Queued events plus running deliveries: idle() waits for none.
  let pending = 0;
  let waiters: Array<() => void> = [];
  let closed = false;

  const settle = () => {
    pending--;
    if (pending === 0) for (const resolve of waiters.splice(0)) resolve();
  };

  /** Resolves true after `ms`, false at once if the emulator closes first. */
  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(!closed);
      }, ms);
      timer.unref();
      timers.set(timer, () => resolve(false));
    });

  function record(d: Omit<Delivery, 'at' | 'eventId'>): void {
    const delivery: Delivery = { eventId: d.event.id, ...d, at: new Date().toISOString() };
    if (delivery.status === 'delivered') stats.delivered++;
    else stats.dropped++;
    log.push(delivery);
    if (log.length > KEEP) log = log.slice(-KEEP);
    if (delivery.status === 'dropped') opts.log(`events: dropped ${d.event['detail-type']} (${d.event.id}) for ${d.target} of ${d.rule} after ${d.attempts} attempt(s): ${d.error ?? ''}`);
    for (const listener of listeners) listener(delivery);
  }

  function pattern(rule: EventRule): EventPattern | undefined {
    if (!rule.eventPattern) return undefined;
    let parsed = patterns.get(rule.eventPattern);
    if (!parsed) patterns.set(rule.eventPattern, (parsed = parsePattern(rule.eventPattern)));
    return parsed;
  }

  /** Runs one async delivery, counted in `pending` until it settles. */
  function track(work: () => Promise<void>): void {
    pending++;
    work()
      .catch((err: unknown) => opts.log(`events: delivery failed unexpectedly: ${String(err)}`))
      .finally(settle);
  }

  async function toLambda(base: Omit<Delivery, 'at' | 'eventId' | 'status' | 'attempts'>): Promise<void> {
    const invoke = opts.invokeFunction;
    if (!invoke) return record({ ...base, status: 'dropped', attempts: 0, error: 'No local Lambda runtime to invoke' });
    let error = '';
    for (let attempt = 1; attempt <= LAMBDA_ATTEMPTS; attempt++) {
      try {
        await invoke(base.target, base.input);
        return record({ ...base, status: 'delivered', attempts: attempt });
      } catch (err) {
        stats.failed++;
        error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        // EventBridge could not invoke at all: nothing for Lambda to retry.
        if (err instanceof Error && err.name === FUNCTION_NOT_FOUND) return record({ ...base, status: 'dropped', attempts: attempt, error });
        if (attempt === LAMBDA_ATTEMPTS) break;
        opts.log(`events: ${base.target} failed on attempt ${attempt} for ${base.event.id}: ${error}; retrying`);
        const delays = opts.retryDelaysMs();
        if (!(await sleep(delays[Math.min(attempt - 1, delays.length - 1)] ?? 0))) return;
      }
    }
    record({ ...base, status: 'dropped', attempts: LAMBDA_ATTEMPTS, error });
  }

  async function toStateMachine(base: Omit<Delivery, 'at' | 'eventId' | 'status' | 'attempts'>): Promise<void> {
    if (!opts.states) return record({ ...base, status: 'dropped', attempts: 0, error: 'No local Step Functions to start' });
    const answer = await opts.states.handle('StartExecution', { stateMachineArn: base.target, input: JSON.stringify(base.input ?? null) });
    if (answer.status < 400) return record({ ...base, status: 'delivered', attempts: 1 });
    stats.failed++;
    record({ ...base, status: 'dropped', attempts: 1, error: JSON.stringify(answer.body) });
  }

  function toBus(rule: EventRule, target: EventTarget, event: EventEnvelope, via: string[]): void {
    const base = { event, bus: busArnOf(rule), rule: rule.arn, targetId: target.id, target: target.arn };
    const bus = opts.buses.byArn(target.arn);
    if (!bus) return record({ ...base, status: 'dropped', attempts: 1, error: `Event bus ${target.arn} does not exist` });
    // EventBridge does not send an event back through a bus it already crossed.
    if (via.includes(bus.arn) || bus.arn === base.bus) return record({ ...base, status: 'dropped', attempts: 1, error: `Forwarding loop: the event already went through ${bus.arn}` });
    if (!allowsPutEvents(bus, rule.accountId)) {
      return record({ ...base, status: 'dropped', attempts: 1, error: `Account ${rule.accountId} is not authorized to put events on ${bus.arn}: no statement of its policy allows it` });
    }
    put(bus, event, [...via, base.bus]);
    record({ ...base, status: 'delivered', attempts: 1 });
  }

  const busArnOf = (rule: EventRule) => `arn:aws:events:${rule.region}:${rule.accountId}:event-bus/${rule.eventBusName}`;

  function dispatch(bus: EventBus, event: EventEnvelope, via: string[]): void {
    for (const rule of [...bus.rules.values()]) {
      // A rule without a pattern (schedule only) matches no event.
      if (rule.state === 'DISABLED' || !rule.eventPattern) continue;
      let parsed: EventPattern | undefined;
      try {
        parsed = pattern(rule);
      } catch (err) {
        opts.log(`events: rule ${rule.arn} has a pattern that does not parse: ${String(err)}`);
      }
      if (!parsed || !matchesPattern(parsed, event)) continue;
      stats.matched++;
      for (const target of [...rule.targets]) {
        if (BUS_ARN.test(target.arn)) {
          toBus(rule, target, event, via);
          continue;
        }
        const base = { event, bus: bus.arn, rule: rule.arn, targetId: target.id, target: target.arn };
        const shaped = targetInput(target, event, rule);
        if (typeof shaped === 'string') {
          record({ ...base, status: 'dropped', attempts: 0, error: shaped });
          continue;
        }
        const input = { ...base, input: shaped.value };
        if (LAMBDA_ARN.test(target.arn)) track(() => toLambda(input));
        else if (STATE_MACHINE_ARN.test(target.arn)) track(() => toStateMachine(input));
        else record({ ...input, status: 'dropped', attempts: 0, error: 'The local EventBridge delivers to Lambda functions, state machines and event buses only' });
      }
    }
  }

  function drain(arn: string): void {
    const queue = queues.get(arn) ?? [];
    queues.delete(arn);
    for (const { bus, event, via } of queue) {
      try {
        if (!closed) dispatch(bus, event, via);
      } finally {
        settle();
      }
    }
  }

  function put(bus: EventBus, event: EventEnvelope, via: string[] = []): void {
    if (closed) return;
    stats.put++;
    history.push({ bus: bus.arn, event });
    if (history.length > KEEP) history = history.slice(-KEEP);
    pending++;
    const queue = queues.get(bus.arn);
    if (queue) {
      queue.push({ bus, event, via });
      return;
    }
    queues.set(bus.arn, [{ bus, event, via }]);
    setImmediate(() => drain(bus.arn));
  }

  return {
    put,
    emit(input) {
      const bus = opts.buses.get(input.account, input.region, DEFAULT_BUS);
      const event: EventEnvelope = {
        version: '0',
        id: randomUUID(),
        'detail-type': input.detailType,
        source: input.source,
        account: input.account,
        time: eventTime(input.time),
        region: input.region,
        resources: [...(input.resources ?? [])],
        detail: structuredClone(input.detail),
      };
      if (bus) put(bus, event);
      return event.id;
    },
    stats: () => ({ ...stats }),
    resetStats() {
      stats = { put: 0, matched: 0, delivered: 0, failed: 0, dropped: 0 };
    },
    deliveries(filter = {}) {
      return log.filter(
        (d) =>
          (filter.source === undefined || d.event.source === filter.source) &&
          (filter.detailType === undefined || d.event['detail-type'] === filter.detailType) &&
          (filter.target === undefined || d.target === filter.target),
      );
    },
    history(filter = {}) {
      return history.filter((h) => (filter.bus === undefined || h.bus === filter.bus) && (filter.source === undefined || h.event.source === filter.source));
    },
    clear() {
      log = [];
      history = [];
    },
    onDelivery(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    idle: () => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    close() {
      closed = true;
      for (const [timer, cancel] of timers) {
        clearTimeout(timer);
        cancel();
      }
      timers.clear();
      waiters.splice(0).forEach((resolve) => resolve());
      waiters = [];
    },
  };
}
