// Amazon EventBridge rules (awsJson 1.1, X-Amz-Target `AWSEvents.<Operation>`) as one of the AWS
// emulator's services: PutRule (a validated `rate(...)`/`cron(...)` schedule or an event pattern),
// DescribeRule, EnableRule, DisableRule, DeleteRule, PutTargets, RemoveTargets and ListTargetsByRule on
// each account and region's `default` event bus (the only bus served). Nothing fires yet: the rules
// are kept as a typed model (`EventRule`, with the schedule parsed) that a scheduler reads through
// `rules()`. Shapes follow the service model (botocore events/2015-10-07); messages follow AWS's
// recorded answers (LocalStack's AWS-validated tests/aws/services/events snapshots).
import { type AwsService, type CallContext, ServiceError, awsJsonError, jsonAuthError, jsonResponse, paginate, parseJsonBody } from './protocol.ts';
import { headerValue } from './sigv4.ts';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
export const EVENTS_TARGET_PREFIX = 'AWSEvents.';
const DEFAULT_BUS = 'default';
const STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] as const;
const MAX_TARGETS_PER_RULE = 5;
const NAME_PATTERN = String.raw`[\.\-_A-Za-z0-9]+`;

export type RuleState = (typeof STATES)[number];
export type RateUnit = 'minute' | 'hour' | 'day';

/** A rule's schedule, parsed: a fixed rate, or AWS's six-field cron (minutes … year, in UTC). */
export type Schedule =
  | { kind: 'rate'; value: number; unit: RateUnit; periodMs: number }
  | { kind: 'cron'; minutes: string; hours: string; dayOfMonth: string; month: string; dayOfWeek: string; year: string };

export interface EventTarget {
  id: string;
  arn: string;
  roleArn?: string;
  /** Constant JSON text sent instead of the event. */
  input?: string;
  inputPath?: string;
  inputTransformer?: { inputPathsMap?: Record<string, string>; inputTemplate: string };
  /** The target as PutTargets sent it (ListTargetsByRule answers it back). */
  wire: Record<string, unknown>;
}

export interface EventRule {
  accountId: string;
  region: string;
  eventBusName: string;
  name: string;
  arn: string;
  state: RuleState;
  description?: string;
  roleArn?: string;
  scheduleExpression?: string;
  schedule?: Schedule;
  /** The event pattern as JSON text, as given. */
  eventPattern?: string;
  tags: Record<string, string>;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  targets: EventTarget[];
}

export interface RuleFilter {
  accountId?: string;
  region?: string;
  /** true: only rules with a schedule; false: only event-pattern rules. */
  scheduled?: boolean;
  state?: RuleState;
}

export interface EventsService extends AwsService {
  /** Copies of the stored rules (each with its targets), in creation order. */
  rules(filter?: RuleFilter): EventRule[];
}

const validation = (message: string) => new ServiceError('ValidationException', message);

function memberError(value: unknown, member: string, constraint: string): ServiceError {
  return validation(`1 validation error detected: Value ${value === undefined ? 'null' : `'${String(value)}'`} at '${member}' failed to satisfy constraint: ${constraint}`);
}

// ---------------------------------------------------------------- schedules

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS: Record<RateUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  min: number;
  max: number;
  names?: string[];
}

/** One cron field in the general syntax: `*`, or a list of `v`, `a-b`, with an optional `/step`. */
function validField(field: string, spec: FieldSpec): boolean {
  const value = (text: string): number | undefined => {
    const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    const n = named >= 0 ? named + spec.min : /^\d+$/.test(text) ? Number(text) : undefined;
    return n !== undefined && n >= spec.min && n <= spec.max ? n : undefined;
  };
  return field.split(',').every((part) => {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0))) return false;
    if (range === '*') return true;
    const [from, to, more] = range.split('-');
    if (more !== undefined || value(from) === undefined) return false;
    return to === undefined || value(to) !== undefined;
  });
}

function validDayOfMonth(field: string): boolean {
  return field === 'L' || field === 'LW' || /^([1-9]|[12]\d|3[01])W$/.test(field) || validField(field, { min: 1, max: 31 });
}

function validDayOfWeek(field: string): boolean {
  const day = String.raw`([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)`;
  if (new RegExp(`^${day}#[1-5]$`, 'i').test(field) || new RegExp(`^${day}?L$`, 'i').test(field)) return true;
  return validField(field, { min: 1, max: 7, names: DAYS });
}

/** Parses a ScheduleExpression as EventBridge accepts it; undefined when it is not valid. */
export function parseSchedule(expression: string): Schedule | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const plural = rate[2].endsWith('s');
    // One unit is singular (`rate(1 hour)`), more are plural (`rate(5 hours)`).
    if (value < 1 || plural !== value > 1) return undefined;
    const unit = (plural ? rate[2].slice(0, -1) : rate[2]) as RateUnit;
    return { kind: 'rate', value, unit, periodMs: value * UNIT_MS[unit] };
  }
  const cron = /^cron\(([^()]*)\)$/.exec(expression);
  if (!cron) return undefined;
  const fields = cron[1].split(' ');
  if (fields.length !== 6) return undefined;
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  // Exactly one of day-of-month and day-of-week is `?`.
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) return undefined;
  const valid =
    validField(minutes, { min: 0, max: 59 }) &&
    validField(hours, { min: 0, max: 23 }) &&
    (dayOfMonth === '?' || validDayOfMonth(dayOfMonth)) &&
    validField(month, { min: 1, max: 12, names: MONTHS }) &&
    (dayOfWeek === '?' || validDayOfWeek(dayOfWeek)) &&
    validField(year, { min: 1970, max: 2199 });
  return valid ? { kind: 'cron', minutes, hours, dayOfMonth, month, dayOfWeek, year } : undefined;
}

// ---------------------------------------------------------------- event patterns

const MATCH_TYPES = new Set(['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'cidr', 'equals-ignore-case', 'wildcard']);

/** Checks an event pattern's structure as EventBridge does; answers the reason it is not valid. */
function patternProblem(text: string): string | undefined {
  const at = (column: number) => `\n at [Source: (String)"${text}"; line: 1, column: ${column}]`;
  let pattern: unknown;
  try {
    pattern = JSON.parse(text);
  } catch {
    const token = /^\s*([^\s{}[\]",:]+)/.exec(text)?.[1] ?? text.trim().slice(0, 1);
    return `Unrecognized token '${token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')${at(token.length + 1)}`;
  }
  if (!pattern || typeof pattern !== 'object' || Array.isArray(pattern)) return `Filter is not an object${at(2)}`;
  const walk = (node: Record<string, unknown>): string | undefined => {
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const inner = walk(value as Record<string, unknown>);
        if (inner) return inner;
        continue;
      }
      if (!Array.isArray(value)) return `"${key}" must be an object or an array${at(text.length)}`;
      if (value.length === 0) return `Empty arrays are not allowed${at(text.length)}`;
      for (const item of value) {
        if (item === null || typeof item !== 'object') continue;
        if (Array.isArray(item)) return `Match value must be String, number, true, false, or null${at(text.length)}`;
        const [type, operand] = Object.entries(item as Record<string, unknown>)[0] ?? [''];
        if (!MATCH_TYPES.has(type)) return `Unrecognized match type ${type}${at(text.length)}`;
        if (type === 'numeric' && !Array.isArray(operand)) return `Value of numeric must be an array.${at(text.length)}`;
        if (type === 'exists' && typeof operand !== 'boolean') return `exists match pattern must be either true or false.${at(text.length)}`;
        if ((type === 'wildcard' || type === 'equals-ignore-case') && typeof operand !== 'string') return `${type} match pattern must be a string${at(text.length)}`;
        if ((type === 'prefix' || type === 'suffix') && typeof operand !== 'string' && !(operand && typeof operand === 'object' && !Array.isArray(operand))) {
          return `${type} match pattern must be a string${at(text.length)}`;
        }
      }
    }
    return undefined;
  };
  return walk(pattern as Record<string, unknown>);
}

// ---------------------------------------------------------------- the service

function copyRule(rule: EventRule): EventRule {
  return structuredClone(rule);
}

export function createEventsService(): EventsService {
  // Rules by `<account>:<region>`, then by name, on the default bus.
  const buses = new Map<string, Map<string, EventRule>>();

  function bus(ctx: CallContext, given: unknown): Map<string, EventRule> {
    let name = DEFAULT_BUS;
    if (given !== undefined) {
      if (typeof given !== 'string' || !new RegExp(String.raw`^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+$`).test(given)) {
        throw memberError(given, 'eventBusName', String.raw`Member must satisfy regular expression pattern: (arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+`);
      }
      const arn = /^arn:[^:]+:events:([^:]+):(\d{12}):event-bus\/(.+)$/.exec(given);
      name = arn ? arn[3] : given;
      if (arn && (arn[1] !== ctx.region || arn[2] !== ctx.principal.accountId)) throw new ServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    }
    if (name !== DEFAULT_BUS) throw new ServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    const scope = `${ctx.principal.accountId}:${ctx.region}`;
    let rules = buses.get(scope);
    if (!rules) buses.set(scope, (rules = new Map()));
    return rules;
  }

  function ruleName(body: Record<string, unknown>, field: 'Name' | 'Rule'): string {
    const name = body[field];
    const member = field === 'Name' ? 'name' : 'rule';
    if (typeof name !== 'string') throw memberError(undefined, member, 'Member must not be null');
    if (name.length > 64) throw memberError(name, member, 'Member must have length less than or equal to 64');
    if (!new RegExp(`^${NAME_PATTERN}$`).test(name)) throw memberError(name, member, `Member must satisfy regular expression pattern: ${NAME_PATTERN}`);
    return name;
  }

  function existingRule(rules: Map<string, EventRule>, name: string): EventRule {
    const rule = rules.get(name);
    if (!rule) throw new ServiceError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${DEFAULT_BUS}.`);
    return rule;
  }

  function putRule(body: Record<string, unknown>, ctx: CallContext) {
    const name = ruleName(body, 'Name');
    const rules = bus(ctx, body.EventBusName);
    const scheduleExpression = body.ScheduleExpression;
    const eventPattern = body.EventPattern;
    if (scheduleExpression !== undefined && typeof scheduleExpression !== 'string') throw validation('Parameter ScheduleExpression is not valid.');
    if (eventPattern !== undefined && typeof eventPattern !== 'string') throw new ServiceError('InvalidEventPatternException', 'Event pattern is not valid. Reason: Filter is not an object');
    if (!scheduleExpression && !eventPattern) throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    let schedule: Schedule | undefined;
    if (scheduleExpression) {
      schedule = parseSchedule(scheduleExpression);
      if (!schedule) throw validation('Parameter ScheduleExpression is not valid.');
    }
    if (eventPattern) {
      const problem = patternProblem(eventPattern);
      if (problem) throw new ServiceError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${problem}`);
    }
    const state = body.State ?? 'ENABLED';
    if (!STATES.includes(state as RuleState)) throw memberError(state, 'state', `Member must satisfy enum value set: [${STATES.join(', ')}]`);
    const description = body.Description;
    if (description !== undefined && (typeof description !== 'string' || description.length > 512)) throw memberError(description, 'description', 'Member must have length less than or equal to 512');
    const tags: Record<string, string> = {};
    for (const tag of Array.isArray(body.Tags) ? (body.Tags as Array<Record<string, unknown>>) : []) tags[String(tag.Key)] = String(tag.Value);
    const prior = rules.get(name);
    // PutRule replaces the rule: what this call leaves out is not kept, except targets and tags.
    const rule: EventRule = {
      accountId: ctx.principal.accountId,
      region: ctx.region,
      eventBusName: DEFAULT_BUS,
      name,
      arn: `arn:aws:events:${ctx.region}:${ctx.principal.accountId}:rule/${name}`,
      state: state as RuleState,
      ...(typeof description === 'string' ? { description } : {}),
      ...(typeof body.RoleArn === 'string' ? { roleArn: body.RoleArn } : {}),
      ...(scheduleExpression ? { scheduleExpression, schedule } : {}),
      ...(eventPattern ? { eventPattern } : {}),
      tags: { ...prior?.tags, ...tags },
      createdBy: ctx.principal.accountId,
      createdAt: prior?.createdAt ?? ctx.now,
      updatedAt: ctx.now,
      targets: prior?.targets ?? [],
    };
    rules.set(name, rule);
    return { RuleArn: rule.arn };
  }

  function describeRule(body: Record<string, unknown>, ctx: CallContext) {
    const rule = existingRule(bus(ctx, body.EventBusName), ruleName(body, 'Name'));
    return {
      Name: rule.name,
      Arn: rule.arn,
      EventPattern: rule.eventPattern,
      ScheduleExpression: rule.scheduleExpression,
      State: rule.state,
      Description: rule.description,
      RoleArn: rule.roleArn,
      EventBusName: rule.eventBusName,
      CreatedBy: rule.createdBy,
    };
  }

  const setState = (state: RuleState) => (body: Record<string, unknown>, ctx: CallContext) => {
    const rule = existingRule(bus(ctx, body.EventBusName), ruleName(body, 'Name'));
    rule.state = state;
    rule.updatedAt = ctx.now;
    return {};
  };

  function deleteRule(body: Record<string, unknown>, ctx: CallContext) {
    const rules = bus(ctx, body.EventBusName);
    const name = ruleName(body, 'Name');
    const rule = rules.get(name);
    // Deleting a rule that does not exist succeeds.
    if (!rule) return {};
    if (rule.targets.length > 0 && body.Force !== true) throw validation("Rule can't be deleted since it has targets.");
    rules.delete(name);
    return {};
  }

  function putTargets(body: Record<string, unknown>, ctx: CallContext) {
    const rules = bus(ctx, body.EventBusName);
    const rule = existingRule(rules, ruleName(body, 'Rule'));
    const targets = body.Targets;
    if (!Array.isArray(targets) || targets.length === 0) throw memberError(undefined, 'targets', 'Member must not be null');
    if (targets.length > 10) throw validation(`1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length less than or equal to 10`);
    const failed: Array<{ TargetId: string; ErrorCode: string; ErrorMessage: string }> = [];
    const accepted: EventTarget[] = [];
    targets.forEach((raw: unknown, index) => {
      const wire = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const member = `targets.${index + 1}.member`;
      const id = wire.Id;
      if (typeof id !== 'string') throw memberError(undefined, `${member}.id`, 'Member must not be null');
      if (id.length > 64) throw memberError(id, `${member}.id`, 'Member must have length less than or equal to 64');
      if (!new RegExp(`^${NAME_PATTERN}$`).test(id)) throw memberError(id, `${member}.id`, `Member must satisfy regular expression pattern: ${NAME_PATTERN}`);
      const arn = wire.Arn;
      if (typeof arn !== 'string') throw memberError(undefined, `${member}.arn`, 'Member must not be null');
      if (!/^arn:[\w:\-/]*/.test(arn)) {
        failed.push({ TargetId: id, ErrorCode: 'ValidationException', ErrorMessage: `Parameter ${arn} is not valid. Reason: Provided Arn is not in correct format.` });
        return;
      }
      if (typeof wire.Input === 'string') {
        try {
          JSON.parse(wire.Input);
        } catch {
          failed.push({ TargetId: id, ErrorCode: 'ValidationException', ErrorMessage: `Parameter Input is not valid. Reason: Input must be valid JSON text.` });
          return;
        }
      }
      const transformer = wire.InputTransformer as { InputPathsMap?: Record<string, string>; InputTemplate?: string } | undefined;
      accepted.push({
        id,
        arn,
        ...(typeof wire.RoleArn === 'string' ? { roleArn: wire.RoleArn } : {}),
        ...(typeof wire.Input === 'string' ? { input: wire.Input } : {}),
        ...(typeof wire.InputPath === 'string' ? { inputPath: wire.InputPath } : {}),
        ...(transformer && typeof transformer.InputTemplate === 'string'
          ? { inputTransformer: { ...(transformer.InputPathsMap ? { inputPathsMap: { ...transformer.InputPathsMap } } : {}), inputTemplate: transformer.InputTemplate } }
          : {}),
        wire: structuredClone(wire),
      });
    });
    const ids = new Set([...rule.targets.map((t) => t.id), ...accepted.map((t) => t.id)]);
    if (ids.size > MAX_TARGETS_PER_RULE) throw new ServiceError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
    for (const target of accepted) {
      const at = rule.targets.findIndex((t) => t.id === target.id);
      if (at >= 0) rule.targets[at] = target;
      else rule.targets.push(target);
    }
    rule.updatedAt = ctx.now;
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  function removeTargets(body: Record<string, unknown>, ctx: CallContext) {
    const rules = bus(ctx, body.EventBusName);
    const rule = existingRule(rules, ruleName(body, 'Rule'));
    const ids = body.Ids;
    if (!Array.isArray(ids) || ids.length === 0) throw memberError(undefined, 'ids', 'Member must not be null');
    const failed: Array<{ TargetId: string; ErrorCode: string; ErrorMessage: string }> = [];
    for (const id of ids.map(String)) {
      const at = rule.targets.findIndex((t) => t.id === id);
      if (at < 0) failed.push({ TargetId: id, ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Rule '${rule.name}' does not have a target with the Id '${id}'.` });
      else rule.targets.splice(at, 1);
    }
    rule.updatedAt = ctx.now;
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  function listTargetsByRule(body: Record<string, unknown>, ctx: CallContext) {
    const rules = bus(ctx, body.EventBusName);
    const rule = existingRule(rules, ruleName(body, 'Rule'));
    const limit = body.Limit ?? 100;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw memberError(limit, 'limit', limit !== undefined && Number(limit) < 1 ? 'Member must have value greater than or equal to 1' : 'Member must have value less than or equal to 100');
    }
    const token = typeof body.NextToken === 'string' ? body.NextToken : undefined;
    const { page, next } = paginate(rule.targets, limit, token, `events:${rule.arn}`, () => validation('The NextToken provided is not valid.'));
    return { Targets: page.map((t) => structuredClone(t.wire)), ...(next ? { NextToken: next } : {}) };
  }

  const operations: Record<string, (body: Record<string, unknown>, ctx: CallContext) => unknown> = {
    PutRule: putRule,
    DescribeRule: describeRule,
    EnableRule: setState('ENABLED'),
    DisableRule: setState('DISABLED'),
    DeleteRule: deleteRule,
    PutTargets: putTargets,
    RemoveTargets: removeTargets,
    ListTargetsByRule: listTargetsByRule,
  };

  const error = (err: ServiceError, requestId: string) => awsJsonError(err.status >= 500 ? new ServiceError('InternalException', err.message, err.status) : err, requestId, CONTENT_TYPE);

  return {
    handle(req, ctx) {
      const target = headerValue(req.headers, 'x-amz-target') ?? '';
      const operation = target.startsWith(EVENTS_TARGET_PREFIX) ? operations[target.slice(EVENTS_TARGET_PREFIX.length)] : undefined;
      if (!operation) throw new ServiceError('UnknownOperationException', `The local EventBridge emulator serves ${Object.keys(operations).join(', ')}; not '${target}'.`);
      return jsonResponse(200, operation(parseJsonBody(req), ctx), ctx.requestId, CONTENT_TYPE);
    },
    authFailure: (failure, requestId) => error(jsonAuthError(failure), requestId),
    error,
    rules(filter = {}) {
      const all = [...buses.values()].flatMap((rules) => [...rules.values()]);
      return all
        .filter(
          (r) =>
            (filter.accountId === undefined || r.accountId === filter.accountId) &&
            (filter.region === undefined || r.region === filter.region) &&
            (filter.scheduled === undefined || (r.schedule !== undefined) === filter.scheduled) &&
            (filter.state === undefined || r.state === filter.state),
        )
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map(copyRule);
    },
  };
}
