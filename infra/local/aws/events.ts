// Amazon EventBridge (awsJson 1.1, X-Amz-Target `AWSEvents.<Operation>`) as one of the AWS emulator's
// services: rules (PutRule with a validated `rate(...)`/`cron(...)` schedule or an event pattern,
// DescribeRule, EnableRule, DisableRule, DeleteRule, PutTargets, RemoveTargets, ListTargetsByRule) on
// each account and region's `default` bus and on custom buses, the buses themselves and their
// policies (event-buses.ts), and PutEvents, whose events event-delivery.ts matches against the rules
// (event-patterns.ts) and delivers to their targets. Schedule rules fire nothing here: a scheduler
// reads them through `rules()`. Shapes follow the service model (botocore events/2015-10-07); messages
// follow AWS's recorded answers (LocalStack's AWS-validated tests/aws/services/events snapshots).
import { randomUUID } from 'node:crypto';
import { type AwsService, type CallContext, ServiceError, awsJsonError, jsonAuthError, jsonResponse, paginate, parseJsonBody } from './protocol.ts';
import { headerValue } from './sigv4.ts';
import { DEFAULT_BUS, type EventBus, allowsPutEvents, busOperations, busRef, type createBusRegistry, memberError, validation } from './event-buses.ts';
import { type EventDelivery, type EventEnvelope, eventTime } from './event-delivery.ts';
import { patternProblem } from './event-patterns.ts';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
export const EVENTS_TARGET_PREFIX = 'AWSEvents.';
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

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

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

// ---------------------------------------------------------------- the service

function copyRule(rule: EventRule): EventRule {
  return structuredClone(rule);
}

export function createEventsService(buses: ReturnType<typeof createBusRegistry>, delivery: EventDelivery): EventsService {
  /** A bus of the caller's account and region, for the rule operations. */
  function bus(ctx: CallContext, given: unknown): EventBus {
    const ref = busRef(given, ctx);
    const found = ref.accountId === ctx.principal.accountId && ref.region === ctx.region ? buses.get(ref.accountId, ref.region, ref.name) : undefined;
    if (!found) throw new ServiceError('ResourceNotFoundException', `Event bus ${ref.name} does not exist.`);
    return found;
  }

  function ruleName(body: Record<string, unknown>, field: 'Name' | 'Rule'): string {
    const name = body[field];
    const member = field === 'Name' ? 'name' : 'rule';
    if (typeof name !== 'string') throw memberError(undefined, member, 'Member must not be null');
    if (name.length > 64) throw memberError(name, member, 'Member must have length less than or equal to 64');
    if (!new RegExp(`^${NAME_PATTERN}$`).test(name)) throw memberError(name, member, `Member must satisfy regular expression pattern: ${NAME_PATTERN}`);
    return name;
  }

  function existingRule(on: EventBus, name: string): EventRule {
    const rule = on.rules.get(name);
    if (!rule) throw new ServiceError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${on.name}.`);
    return rule;
  }

  function putRule(body: Record<string, unknown>, ctx: CallContext) {
    const name = ruleName(body, 'Name');
    const on = bus(ctx, body.EventBusName);
    const rules = on.rules;
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
      eventBusName: on.name,
      name,
      // A custom bus's rules carry its name in their ARN.
      arn: `arn:aws:events:${ctx.region}:${ctx.principal.accountId}:rule/${on.name === DEFAULT_BUS ? '' : `${on.name}/`}${name}`,
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
    const rules = bus(ctx, body.EventBusName).rules;
    const name = ruleName(body, 'Name');
    const rule = rules.get(name);
    // Deleting a rule that does not exist succeeds.
    if (!rule) return {};
    if (rule.targets.length > 0 && body.Force !== true) throw validation("Rule can't be deleted since it has targets.");
    rules.delete(name);
    return {};
  }

  function putTargets(body: Record<string, unknown>, ctx: CallContext) {
    const rule = existingRule(bus(ctx, body.EventBusName), ruleName(body, 'Rule'));
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
    const rule = existingRule(bus(ctx, body.EventBusName), ruleName(body, 'Rule'));
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
    const rule = existingRule(bus(ctx, body.EventBusName), ruleName(body, 'Rule'));
    const limit = body.Limit ?? 100;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw memberError(limit, 'limit', limit !== undefined && Number(limit) < 1 ? 'Member must have value greater than or equal to 1' : 'Member must have value less than or equal to 100');
    }
    const token = typeof body.NextToken === 'string' ? body.NextToken : undefined;
    const { page, next } = paginate(rule.targets, limit, token, `events:${rule.arn}`, () => validation('The NextToken provided is not valid.'));
    return { Targets: page.map((t) => structuredClone(t.wire)), ...(next ? { NextToken: next } : {}) };
  }

  /** Why an entry is refused (PutEvents answers it in the entry's place), or its event. */
  function entryEvent(entry: Record<string, unknown>, ctx: CallContext, region: string): EventEnvelope | { ErrorCode: string; ErrorMessage: string } {
    const required = (field: string) => ({ ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` });
    const { Source: source, DetailType: detailType, Detail: detailText, Resources: resources, Time: time } = entry;
    if (typeof source !== 'string' || source === '') return required('Source');
    if (typeof detailType !== 'string' || detailType === '') return required('DetailType');
    if (typeof detailText !== 'string' || detailText === '') return required('Detail');
    let detail: unknown;
    try {
      detail = JSON.parse(detailText);
    } catch {
      detail = undefined;
    }
    if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    if (resources !== undefined && (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string'))) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Resources is not valid. Reason: Resources must be a list of strings.' };
    }
    // Only AWS services may send `aws.*` events.
    if (source.startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
    // JSON 1.1 timestamps are epoch seconds; a string is taken as ISO 8601.
    const at = typeof time === 'number' ? time * 1000 : typeof time === 'string' ? Date.parse(time) : ctx.now.getTime();
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': detailType,
      source,
      account: ctx.principal.accountId,
      time: eventTime(Number.isNaN(at) ? ctx.now : at),
      region,
      resources: (resources as string[] | undefined) ?? [],
      detail: detail as Record<string, unknown>,
    };
  }

  function putEvents(body: Record<string, unknown>, ctx: CallContext) {
    const entries = body.Entries;
    if (!Array.isArray(entries)) throw memberError(undefined, 'entries', 'Member must not be null');
    if (entries.length < 1) throw memberError('[]', 'entries', 'Member must have length greater than or equal to 1');
    if (entries.length > MAX_ENTRIES) throw memberError(`[${entries.length} entries]`, 'entries', `Member must have length less than or equal to ${MAX_ENTRIES}`);
    if (Buffer.byteLength(JSON.stringify(entries)) > MAX_REQUEST_BYTES) throw validation('Total size of the entries in the request is over the limit.');
    const items = entries.map((raw: unknown, index) => {
      const entry = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const ref = busRef(entry.EventBusName, ctx, `entries.${index + 1}.member.eventBusName`);
      return { entry, ref, bus: buses.get(ref.accountId, ref.region, ref.name) };
    });
    // Another account's bus takes events only as its policy allows: IAM refuses the whole call.
    for (const { ref, bus: target } of items) {
      if (ref.accountId === ctx.principal.accountId) continue;
      if (!target || !allowsPutEvents(target, ctx.principal.accountId)) {
        const arn = `arn:aws:events:${ref.region}:${ref.accountId}:event-bus/${ref.name}`;
        throw new ServiceError('AccessDeniedException', `User: ${ctx.principal.arn} is not authorized to perform: events:PutEvents on resource: ${arn} because no resource-based policy allows the events:PutEvents action`);
      }
    }
    const answers = items.map(({ entry, ref, bus: target }) => {
      const event = entryEvent(entry, ctx, ref.region);
      if ('ErrorCode' in event) return event;
      // A bus of the caller's that does not exist takes the event and does nothing with it, as in AWS.
      if (target) delivery.put(target, event);
      return { EventId: event.id };
    });
    return { FailedEntryCount: answers.filter((a) => 'ErrorCode' in a).length, Entries: answers };
  }

  const operations: Record<string, (body: Record<string, unknown>, ctx: CallContext) => unknown> = {
    ...busOperations(buses),
    PutEvents: putEvents,
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
      const all = buses.all().flatMap((b) => [...b.rules.values()]);
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
