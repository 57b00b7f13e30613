// Amazon EventBridge Scheduler (restJson1, signing name `scheduler`) as one of the AWS emulator's
// services: schedules (POST/GET/PUT/DELETE /schedules/{Name}?groupName=, GET /schedules) in schedule
// groups (POST/GET/DELETE /schedule-groups/{Name}; `default` always exists), validated as AWS does
// (cron()/rate() grammar, IANA time zones, required members), and fired on the real clock: each ENABLED
// cron/rate schedule arms a timer for its next firing (croner, in its time zone) and invokes its Lambda
// target with Target.Input, Scheduler's context attributes substituted. `fire` runs one firing "as of"
// a scheduled time at once (the emulator's POST /__local/scheduler/fire).
import { randomUUID } from 'node:crypto';
import { ExpressionError, nextRun, parseExpression, validTimezone, type Expression } from '../../../domain/drill-schedules/expression.ts';
import { type AwsRequest, type AwsResponse, type AwsService, type CallContext, ServiceError, jsonAuthError, jsonResponse, parseJsonBody, restJsonError } from './protocol.ts';

interface Schedule {
  account: string;
  region: string;
  Name: string;
  GroupName: string;
  Arn: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  State: 'ENABLED' | 'DISABLED';
  Description?: string;
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  Target: { Arn: string; RoleArn: string; Input?: string; [k: string]: unknown };
  ActionAfterCompletion: string;
  StartDate?: number;
  EndDate?: number;
  CreationDate: number;
  LastModificationDate: number;
  /** rate() periods count from here (creation or the last expression change). */
  anchor: Date;
  parsed: Expression | { kind: 'at'; at: Date };
  timer?: NodeJS.Timeout;
}

export interface Firing {
  name: string;
  groupName: string;
  scheduledTime: string;
  target: string;
  input: unknown;
  result?: unknown;
  error?: string;
}

export interface LocalScheduler {
  service: AwsService;
  /** Fires a schedule as of `scheduledTime` now (its state aside), and answers what the target answered. */
  fire(o: { name: string; groupName?: string; scheduledTime: string; account?: string; region?: string }): Promise<Firing>;
  /** Every firing so far, oldest first (timers and `fire`). */
  firings(): Firing[];
  close(): void;
}

const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const MAX_TIMER_MS = 2 ** 31 - 1;

const validation = (message: string) => new ServiceError('ValidationException', message, 400);
const notFound = (message: string) => new ServiceError('ResourceNotFoundException', message, 404);
const conflict = (message: string) => new ServiceError('ConflictException', message, 409);

/** Scheduler's time format in its context attributes: ISO 8601 to the second, UTC. */
const schedulerTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function parse(expression: string): Schedule['parsed'] {
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (at) return { kind: 'at', at: new Date(`${at[1]}Z`) };
  try {
    return parseExpression(expression);
  } catch (e) {
    if (e instanceof ExpressionError) throw validation(`Invalid Schedule Expression ${expression}.`);
    throw e;
  }
}

export function createSchedulerService(opts: { invokeFunction?: (nameOrArn: string, payload: unknown) => Promise<unknown>; log: (line: string) => void }): LocalScheduler {
  const groups = new Map<string, { Name: string; Arn: string; CreationDate: number; LastModificationDate: number; State: 'ACTIVE' }>();
  const schedules = new Map<string, Schedule>();
  const fired: Firing[] = [];
  let closed = false;
  const groupKey = (account: string, region: string, group: string) => `${account}/${region}/${group}`;
  const key = (account: string, region: string, group: string, name: string) => `${groupKey(account, region, group)}/${name}`;

  function ensureDefault(account: string, region: string) {
    const k = groupKey(account, region, 'default');
    if (!groups.has(k)) {
      const now = Date.now() / 1000;
      groups.set(k, { Name: 'default', Arn: `arn:aws:scheduler:${region}:${account}:schedule-group/default`, CreationDate: now, LastModificationDate: now, State: 'ACTIVE' });
    }
  }

  async function deliver(s: Schedule, at: Date): Promise<Firing> {
    const scheduledTime = schedulerTime(at);
    const text = (s.Target.Input ?? '{}')
      .replaceAll('<aws.scheduler.scheduled-time>', scheduledTime)
      .replaceAll('<aws.scheduler.schedule-arn>', s.Arn)
      .replaceAll('<aws.scheduler.execution-id>', randomUUID())
      .replaceAll('<aws.scheduler.attempt-number>', '1');
    let input: unknown = text;
    try {
      input = JSON.parse(text);
    } catch {
      // A non-JSON Input is delivered as the string it is.
    }
    const firing: Firing = { name: s.Name, groupName: s.GroupName, scheduledTime, target: s.Target.Arn, input };
    fired.push(firing);
    if (!/^arn:aws[a-z-]*:lambda:/.test(s.Target.Arn) || !opts.invokeFunction) {
      firing.error = 'The local Scheduler invokes Lambda targets only';
      opts.log(`scheduler: ${s.Name}: ${firing.error} (${s.Target.Arn})`);
      return firing;
    }
    try {
      firing.result = await opts.invokeFunction(s.Target.Arn, input);
    } catch (e) {
      firing.error = e instanceof Error ? e.message : String(e);
      opts.log(`scheduler: ${s.Name} → ${s.Target.Arn} failed: ${firing.error}`);
    }
    return firing;
  }

  /** The timer of an ENABLED schedule's next firing (after `after`), on the real clock. */
  function arm(s: Schedule, after = new Date()) {
    clearTimeout(s.timer);
    s.timer = undefined;
    if (closed || s.State !== 'ENABLED') return;
    const next = s.parsed.kind === 'at' ? (s.parsed.at > after ? s.parsed.at : null) : nextRun(s.parsed, s.ScheduleExpressionTimezone, after, s.anchor);
    if (!next || (s.EndDate && next.getTime() > s.EndDate * 1000)) return;
    const wait = next.getTime() - Date.now();
    s.timer = setTimeout(() => {
      if (wait > MAX_TIMER_MS) return arm(s);
      void deliver(s, next).finally(() => arm(s, next));
    }, Math.min(Math.max(wait, 0), MAX_TIMER_MS));
    s.timer.unref();
  }

  function read(body: Record<string, unknown>, existing?: Schedule): Omit<Schedule, 'account' | 'region' | 'Name' | 'GroupName' | 'Arn' | 'CreationDate' | 'LastModificationDate' | 'anchor' | 'timer'> {
    const expr = body.ScheduleExpression;
    const window = body.FlexibleTimeWindow as Schedule['FlexibleTimeWindow'] | undefined;
    const target = body.Target as Schedule['Target'] | undefined;
    const missing = [!expr && 'scheduleExpression', !window && 'flexibleTimeWindow', !target && 'target'].filter(Boolean);
    if (missing.length) throw validation(`${missing.length} validation error${missing.length > 1 ? 's' : ''} detected: ${missing.map((m) => `Value null at '${m}' failed to satisfy constraint: Member must not be null`).join('; ')}`);
    if (typeof expr !== 'string' || expr.length > 256) throw validation(`Invalid Schedule Expression ${String(expr)}.`);
    const tz = (body.ScheduleExpressionTimezone as string | undefined) ?? 'UTC';
    if (typeof tz !== 'string' || !validTimezone(tz)) throw validation(`Invalid timezone ${String(tz)}.`);
    if (!['OFF', 'FLEXIBLE'].includes(window!.Mode)) throw validation(`1 validation error detected: Value '${window!.Mode}' at 'flexibleTimeWindow.mode' failed to satisfy constraint: Member must satisfy enum value set: [OFF, FLEXIBLE]`);
    if (window!.Mode === 'FLEXIBLE' && !window!.MaximumWindowInMinutes) throw validation('MaximumWindowInMinutes must be provided when FlexibleTimeWindow Mode is FLEXIBLE.');
    if (!target!.Arn || !target!.RoleArn) throw validation(`1 validation error detected: Value null at 'target.${target!.Arn ? 'roleArn' : 'arn'}' failed to satisfy constraint: Member must not be null`);
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(target!.RoleArn)) throw validation(`Invalid RoleArn ${target!.RoleArn}.`);
    const state = (body.State as string | undefined) ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') throw validation(`1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`);
    return {
      ScheduleExpression: expr,
      ScheduleExpressionTimezone: tz,
      State: state,
      Description: body.Description as string | undefined,
      FlexibleTimeWindow: window!,
      Target: target!,
      ActionAfterCompletion: (body.ActionAfterCompletion as string | undefined) ?? existing?.ActionAfterCompletion ?? 'NONE',
      StartDate: body.StartDate as number | undefined,
      EndDate: body.EndDate as number | undefined,
      parsed: parse(expr),
    };
  }

  const view = (s: Schedule) => {
    const { account: _a, region: _r, anchor: _n, parsed: _p, timer: _t, ...out } = s;
    return out;
  };

  function handle(req: AwsRequest, ctx: CallContext): AwsResponse {
    const account = ctx.principal.accountId;
    ensureDefault(account, ctx.region);
    const q = (name: string) => {
      const v = req.query[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const ok = (body: unknown) => jsonResponse(200, body, ctx.requestId);
    const path = req.path.split('/').map((p) => decodeURIComponent(p));
    const route = `${req.method} /${path[1] ?? ''}${path.length > 2 ? '/{Name}' : ''}`;
    const name = path[2] ?? '';
    if (path.length > 2 && !NAME.test(name)) throw validation(`1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-zA-Z-_.]+`);

    if (route.endsWith('/schedule-groups/{Name}')) {
      const k = groupKey(account, ctx.region, name);
      if (req.method === 'POST') {
        if (groups.has(k)) throw conflict(`Schedule group ${name} already exists.`);
        const now = Date.now() / 1000;
        const arn = `arn:aws:scheduler:${ctx.region}:${account}:schedule-group/${name}`;
        groups.set(k, { Name: name, Arn: arn, CreationDate: now, LastModificationDate: now, State: 'ACTIVE' });
        return ok({ ScheduleGroupArn: arn });
      }
      const g = groups.get(k);
      if (!g) throw notFound(`Schedule group ${name} does not exist.`);
      if (req.method === 'GET') return ok(g);
      if (req.method === 'DELETE') {
        if (name === 'default') throw validation('Cannot delete the default schedule group.');
        for (const [sk, s] of schedules) {
          if (!sk.startsWith(`${k}/`)) continue;
          clearTimeout(s.timer);
          schedules.delete(sk);
        }
        groups.delete(k);
        return ok({});
      }
    }
    if (route === 'GET /schedules') {
      const group = q('ScheduleGroup');
      const prefix = q('NamePrefix') ?? '';
      const state = q('State');
      const list = [...schedules.values()].filter(
        (s) => s.account === account && s.region === ctx.region && (!group || s.GroupName === group) && s.Name.startsWith(prefix) && (!state || s.State === state),
      );
      return ok({
        Schedules: list.map((s) => ({ Arn: s.Arn, Name: s.Name, GroupName: s.GroupName, State: s.State, CreationDate: s.CreationDate, LastModificationDate: s.LastModificationDate, Target: { Arn: s.Target.Arn } })),
      });
    }
    if (!route.endsWith('/schedules/{Name}')) throw new ServiceError('UnknownOperationException', `No operation at ${req.method} ${req.path}`, 404);
    const body = req.method === 'POST' || req.method === 'PUT' ? parseJsonBody(req) : {};
    const group = (req.method === 'POST' || req.method === 'PUT' ? (body.GroupName as string | undefined) : q('groupName')) ?? 'default';
    if (!groups.has(groupKey(account, ctx.region, group))) throw notFound(`Schedule group ${group} does not exist.`);
    const k = key(account, ctx.region, group, name);
    const existing = schedules.get(k);
    const now = Date.now() / 1000;
    if (req.method === 'POST') {
      if (existing) throw conflict(`Schedule ${name} already exists.`);
      const arn = `arn:aws:scheduler:${ctx.region}:${account}:schedule/${group}/${name}`;
      const s: Schedule = { account, region: ctx.region, Name: name, GroupName: group, Arn: arn, CreationDate: now, LastModificationDate: now, anchor: new Date(), ...read(body) };
      schedules.set(k, s);
      arm(s);
      return ok({ ScheduleArn: arn });
    }
    if (!existing) throw notFound(`Schedule ${name} does not exist.`);
    if (req.method === 'GET') return ok(view(existing));
    if (req.method === 'PUT') {
      const next = read(body, existing);
      const anchor = next.ScheduleExpression === existing.ScheduleExpression ? existing.anchor : new Date();
      Object.assign(existing, next, { LastModificationDate: now, anchor });
      arm(existing);
      return ok({ ScheduleArn: existing.Arn });
    }
    if (req.method === 'DELETE') {
      clearTimeout(existing.timer);
      schedules.delete(k);
      return ok({});
    }
    throw new ServiceError('UnknownOperationException', `No operation at ${req.method} ${req.path}`, 404);
  }

  return {
    service: {
      handle,
      authFailure: (failure, requestId) => restJsonError(jsonAuthError(failure), requestId),
      error: (err, requestId) => restJsonError(err, requestId),
    },
    async fire({ name, groupName = 'default', scheduledTime, account, region }) {
      const at = new Date(scheduledTime);
      if (Number.isNaN(at.getTime())) throw new Error('scheduledTime must be an ISO 8601 time');
      const s = [...schedules.values()].find((x) => x.Name === name && x.GroupName === groupName && (!account || x.account === account) && (!region || x.region === region));
      if (!s) throw Object.assign(new Error(`Schedule ${name} does not exist in group ${groupName}.`), { status: 404 });
      return deliver(s, at);
    },
    firings: () => fired.map((f) => ({ ...f })),
    close() {
      closed = true;
      for (const s of schedules.values()) clearTimeout(s.timer);
    },
  };
}
