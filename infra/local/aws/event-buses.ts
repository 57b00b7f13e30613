// EventBridge event buses: each account and region's `default` bus (always there) and custom ones
// (CreateEventBus), each holding its rules and an optional resource policy (PutPermission). The
// policy decides who may put events on a bus from another account: PutEvents with a bus ARN, and
// rules whose target is that bus. Operations: CreateEventBus, DescribeEventBus, DeleteEventBus,
// ListEventBuses, PutPermission, RemovePermission. Answers follow AWS's recorded ones (LocalStack's
// AWS-validated snapshots of tests/aws/services/events).
import type { EventRule } from './events.ts';
import { type CallContext, ServiceError, paginate } from './protocol.ts';

export const DEFAULT_BUS = 'default';
/** The AWS Organization every emulated account belongs to (the value `aws:PrincipalOrgID` conditions see). */
export const LOCAL_ORGANIZATION_ID = 'o-drslocal01';
const BUS_NAME_PATTERN = String.raw`[/\.\-_A-Za-z0-9]+`;
const BUS_REF_PATTERN = String.raw`(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+`;
const BUS_ARN = /^arn:aws[\w-]*:events:([^:]+):(\d{12}):event-bus\/(.+)$/;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
export interface BusPolicy {
  Version: string;
  Statement: PolicyStatement[];
}

export interface EventBus {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  description?: string;
  policy?: BusPolicy;
  tags: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  /** Rules by name (events.ts keeps them). */
  rules: Map<string, EventRule>;
}

export const validation = (message: string) => new ServiceError('ValidationException', message);

export function memberError(value: unknown, member: string, constraint: string): ServiceError {
  return validation(`1 validation error detected: Value ${value === undefined ? 'null' : `'${String(value)}'`} at '${member}' failed to satisfy constraint: ${constraint}`);
}

export const busArn = (region: string, accountId: string, name: string) => `arn:aws:events:${region}:${accountId}:event-bus/${name}`;

const notFound = (name: string) => new ServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`);

/** A bus named by name or ARN (EventBusName / Name members); answers where it is. */
export function busRef(given: unknown, ctx: CallContext, member = 'eventBusName'): { accountId: string; region: string; name: string } {
  if (given === undefined || given === null) return { accountId: ctx.principal.accountId, region: ctx.region, name: DEFAULT_BUS };
  if (typeof given !== 'string' || given.length > 1600 || !new RegExp(`^${BUS_REF_PATTERN}$`).test(given)) {
    throw memberError(given, member, `Member must satisfy regular expression pattern: ${BUS_REF_PATTERN}`);
  }
  const arn = BUS_ARN.exec(given);
  return arn ? { region: arn[1], accountId: arn[2], name: arn[3] } : { accountId: ctx.principal.accountId, region: ctx.region, name: given };
}

export interface BusRegistry {
  /** The bus, if it exists; a `default` bus always does. */
  get(accountId: string, region: string, name: string): EventBus | undefined;
  byArn(arn: string): EventBus | undefined;
  /** Every bus created so far (default buses once touched), oldest first. */
  all(): EventBus[];
}

export function createBusRegistry(): BusRegistry & { add(bus: EventBus): void; remove(bus: EventBus): void; list(accountId: string, region: string): EventBus[] } {
  // By ARN.
  const buses = new Map<string, EventBus>();
  const registry = {
    get(accountId: string, region: string, name: string) {
      const arn = busArn(region, accountId, name);
      let bus = buses.get(arn);
      if (!bus && name === DEFAULT_BUS) {
        const now = new Date();
        bus = { accountId, region, name, arn, tags: {}, createdAt: now, updatedAt: now, rules: new Map() };
        buses.set(arn, bus);
      }
      return bus;
    },
    byArn(arn: string) {
      const m = BUS_ARN.exec(arn);
      return m ? registry.get(m[2], m[1], m[3]) : undefined;
    },
    all: () => [...buses.values()],
    add(bus: EventBus) {
      buses.set(bus.arn, bus);
    },
    remove(bus: EventBus) {
      buses.delete(bus.arn);
    },
    list(accountId: string, region: string) {
      registry.get(accountId, region, DEFAULT_BUS);
      return [...buses.values()].filter((b) => b.accountId === accountId && b.region === region).sort((a, b) => a.name.localeCompare(b.name));
    },
  };
  return registry;
}

// ---------------------------------------------------------------- resource policies

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** IAM's StringLike: `*` any run, `?` one character. */
function like(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

function principalMatches(principal: unknown, account: string): boolean {
  if (principal === '*') return true;
  if (!principal || typeof principal !== 'object') return false;
  return list((principal as { AWS?: unknown }).AWS).some(
    (p) => p === '*' || p === account || (typeof p === 'string' && (p === `arn:aws:iam::${account}:root` || p.startsWith(`arn:aws:iam::${account}:`))),
  );
}

/** Condition keys the emulator knows; a statement with any other key does not apply. */
function conditionHolds(condition: PolicyStatement['Condition'], account: string): boolean {
  if (!condition) return true;
  const context: Record<string, string> = { 'aws:principalorgid': LOCAL_ORGANIZATION_ID, 'aws:principalaccount': account, 'aws:sourceaccount': account };
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys ?? {}).every(([key, expected]) => {
      const actual = context[key.toLowerCase()];
      if (actual === undefined) return false;
      const values = list(expected).map(String);
      if (operator === 'StringEquals') return values.includes(actual);
      if (operator === 'StringEqualsIgnoreCase') return values.some((v) => v.toLowerCase() === actual.toLowerCase());
      if (operator === 'StringLike') return values.some((v) => like(v, actual));
      if (operator === 'StringNotEquals') return !values.includes(actual);
      return false;
    }),
  );
}

/**
 * Whether principals of `account` may put events on `bus`: always in the bus's own account; from
 * another account only when an Allow statement of the bus policy names it (or `*`, with conditions
 * that hold) and no Deny statement does.
 */
export function allowsPutEvents(bus: EventBus, account: string): boolean {
  if (account === bus.accountId) return true;
  const applies = (s: PolicyStatement) =>
    principalMatches(s.Principal, account) &&
    list(s.Action).some((a) => typeof a === 'string' && like(a.toLowerCase(), 'events:putevents')) &&
    (s.Resource === undefined || list(s.Resource).some((r) => typeof r === 'string' && like(r, bus.arn))) &&
    conditionHolds(s.Condition, account);
  const statements = bus.policy?.Statement ?? [];
  if (statements.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s));
}

// ---------------------------------------------------------------- operations

type Operation = (body: Record<string, unknown>, ctx: CallContext) => unknown;
const epoch = (d: Date) => d.getTime() / 1000;

function describe(bus: EventBus) {
  return {
    Name: bus.name,
    Arn: bus.arn,
    ...(bus.description ? { Description: bus.description } : {}),
    ...(bus.policy ? { Policy: JSON.stringify(bus.policy) } : {}),
    CreationTime: epoch(bus.createdAt),
    LastModifiedTime: epoch(bus.updatedAt),
  };
}

function parsePolicy(text: string): BusPolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const doc = parsed as { Version?: unknown; Statement?: unknown } | undefined;
  const statements = list(doc?.Statement);
  // The emulator's own wording: EventBridge's message for a malformed policy is not recorded.
  if (!doc || typeof doc !== 'object' || statements.length === 0 || !statements.every((s) => s && typeof s === 'object' && ['Allow', 'Deny'].includes((s as PolicyStatement).Effect))) {
    throw validation('Policy must be a JSON policy document with at least one statement whose Effect is Allow or Deny.');
  }
  return { Version: typeof doc.Version === 'string' ? doc.Version : '2012-10-17', Statement: statements as PolicyStatement[] };
}

export function busOperations(registry: ReturnType<typeof createBusRegistry>): Record<string, Operation> {
  /** A bus of the caller's account (by name, or by ARN in that account and region). */
  function ownBus(given: unknown, ctx: CallContext, member = 'eventBusName'): EventBus {
    const ref = busRef(given, ctx, member);
    const bus = ref.accountId === ctx.principal.accountId && ref.region === ctx.region ? registry.get(ref.accountId, ref.region, ref.name) : undefined;
    if (!bus) throw notFound(ref.name);
    return bus;
  }

  function name(body: Record<string, unknown>): string {
    const value = body.Name;
    if (typeof value !== 'string') throw memberError(undefined, 'name', 'Member must not be null');
    if (value.length > 256) throw memberError(value, 'name', 'Member must have length less than or equal to 256');
    if (!new RegExp(`^${BUS_NAME_PATTERN}$`).test(value)) throw memberError(value, 'name', `Member must satisfy regular expression pattern: ${BUS_NAME_PATTERN}`);
    return value;
  }

  return {
    CreateEventBus(body, ctx) {
      const busName = name(body);
      const { accountId } = ctx.principal;
      if (registry.get(accountId, ctx.region, busName)) throw new ServiceError('ResourceAlreadyExistsException', `Event bus ${busName} already exists.`);
      const description = body.Description;
      if (description !== undefined && (typeof description !== 'string' || description.length > 512)) throw memberError(description, 'description', 'Member must have length less than or equal to 512');
      const tags: Record<string, string> = {};
      for (const tag of list(body.Tags) as Array<Record<string, unknown>>) tags[String(tag.Key)] = String(tag.Value);
      const bus: EventBus = {
        accountId,
        region: ctx.region,
        name: busName,
        arn: busArn(ctx.region, accountId, busName),
        ...(typeof description === 'string' ? { description } : {}),
        tags,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        rules: new Map(),
      };
      registry.add(bus);
      return { EventBusArn: bus.arn, ...(bus.description ? { Description: bus.description } : {}) };
    },
    DescribeEventBus: (body, ctx) => describe(ownBus(body.Name, ctx, 'name')),
    DeleteEventBus(body, ctx) {
      const busName = name(body);
      if (busName === DEFAULT_BUS) throw validation('Cannot delete event bus default.');
      const bus = registry.get(ctx.principal.accountId, ctx.region, busName);
      // Deleting a bus that does not exist succeeds; a bus goes with its rules.
      if (bus) registry.remove(bus);
      return {};
    },
    ListEventBuses(body, ctx) {
      const prefix = typeof body.NamePrefix === 'string' ? body.NamePrefix : '';
      const limit = body.Limit ?? 100;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw memberError(limit, 'limit', Number(limit) < 1 ? 'Member must have value greater than or equal to 1' : 'Member must have value less than or equal to 100');
      }
      const all = registry.list(ctx.principal.accountId, ctx.region).filter((b) => b.name.startsWith(prefix));
      const token = typeof body.NextToken === 'string' ? body.NextToken : undefined;
      const scope = `events:buses:${ctx.principal.accountId}:${ctx.region}:${prefix}`;
      const { page, next } = paginate(all, limit, token, scope, () => validation('The NextToken provided is not valid.'));
      return { EventBuses: page.map(describe), ...(next ? { NextToken: next } : {}) };
    },
    PutPermission(body, ctx) {
      const bus = ownBus(body.EventBusName, ctx);
      if (typeof body.Policy === 'string') {
        bus.policy = parsePolicy(body.Policy);
        bus.updatedAt = ctx.now;
        return {};
      }
      const { Action: action, Principal: principal, StatementId: sid, Condition: condition } = body;
      if (typeof action !== 'string') throw memberError(undefined, 'action', 'Member must not be null');
      if (!/^events:[a-zA-Z]+$/.test(action)) throw memberError(action, 'action', 'Member must satisfy regular expression pattern: events:[a-zA-Z]+');
      if (typeof principal !== 'string') throw memberError(undefined, 'principal', 'Member must not be null');
      if (!/^(\d{12}|\*)$/.test(principal)) throw memberError(principal, 'principal', String.raw`Member must satisfy regular expression pattern: (\d{12}|\*)`);
      if (typeof sid !== 'string') throw memberError(undefined, 'statementId', 'Member must not be null');
      if (!/^[a-zA-Z0-9-_]{1,64}$/.test(sid)) throw memberError(sid, 'statementId', 'Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+');
      let rendered: PolicyStatement['Condition'];
      if (condition !== undefined) {
        const c = condition as Record<string, unknown>;
        if (!c || typeof c !== 'object' || typeof c.Type !== 'string' || typeof c.Key !== 'string' || typeof c.Value !== 'string') {
          throw memberError(undefined, 'condition.type', 'Member must not be null');
        }
        rendered = { [c.Type]: { [c.Key]: c.Value } };
      }
      const statement: PolicyStatement = {
        Sid: sid,
        Effect: 'Allow',
        Principal: principal === '*' ? '*' : { AWS: `arn:aws:iam::${principal}:root` },
        Action: action,
        Resource: bus.arn,
        ...(rendered ? { Condition: rendered } : {}),
      };
      const policy = (bus.policy ??= { Version: '2012-10-17', Statement: [] });
      // The same statement id replaces its statement.
      const at = policy.Statement.findIndex((s) => s.Sid === sid);
      if (at >= 0) policy.Statement[at] = statement;
      else policy.Statement.push(statement);
      bus.updatedAt = ctx.now;
      return {};
    },
    RemovePermission(body, ctx) {
      const bus = ownBus(body.EventBusName, ctx);
      if (body.RemoveAllPermissions === true) {
        delete bus.policy;
      } else {
        const sid = body.StatementId;
        if (typeof sid !== 'string') throw validation('Parameter StatementId is required.');
        const statements = bus.policy?.Statement ?? [];
        if (!statements.some((s) => s.Sid === sid)) throw new ServiceError('ResourceNotFoundException', 'Statement with the provided id does not exist.');
        const kept = statements.filter((s) => s.Sid !== sid);
        if (kept.length > 0 && bus.policy) bus.policy.Statement = kept;
        else delete bus.policy;
      }
      bus.updatedAt = ctx.now;
      return {};
    },
  };
}
