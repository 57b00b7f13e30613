// Drill schedules: recurring drills of a plan. Two systems hold one: the table (the item, what the
// firing reads) and EventBridge Scheduler (what fires). Writes go item first, Scheduler second, and a
// Scheduler refusal undoes the item write (conditionally), so neither exists without the other; the
// firing tolerates the one window left (a Scheduler schedule whose item is gone or at another version).
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { AppError } from '../../platform/errors.ts';
import { actor, type Identity } from '../../platform/resolver-event.ts';
import { invalidNextToken, nextTokenAfter, positionFrom } from '../../platform/page-token.ts';
import type { CreateDrillScheduleInput, DrillSchedule, DrillScheduleConnection, UpdateDrillScheduleInput } from '../../platform/generated/graphql.ts';
import { validWindows } from './blackout.ts';
import { ExpressionError, MIN_INTERVAL_MINUTES, nextRun, parseExpression, shortestIntervalMinutes, validTimezone } from './expression.ts';
import { createSchedulerSchedule, deleteSchedulerSchedule, updateSchedulerSchedule } from './scheduler.ts';
import { getSchedule, insertSchedule, notFound, conflict, pageSchedules, removeSchedule, writeSchedule, type StoredSchedule } from './store.ts';
import { validTtl } from '../executions/ttl-rules.ts';

const logger = new Logger({ serviceName: 'drill-schedules' });
export const DEFAULT_TIMEZONE = 'UTC';
export function validExpression(expression: string, timezone: string): void {
  let parsed;
  try {
    parsed = parseExpression(expression);
  } catch (e) {
    if (e instanceof ExpressionError) throw new AppError('INVALID_SCHEDULE_EXPRESSION', e.message, { field: 'expression' });
    throw e;
  }
  const shortest = shortestIntervalMinutes(parsed, timezone, new Date());
  if (shortest !== null && shortest < MIN_INTERVAL_MINUTES) {
    throw new AppError('INVALID_SCHEDULE_EXPRESSION', `Drills may be scheduled at most once every ${MIN_INTERVAL_MINUTES} minutes; ${expression} fires ${shortest} minutes apart`, {
      field: 'expression',
      minIntervalMinutes: MIN_INTERVAL_MINUTES,
    });
  }
}

function validZone(tz: string): string {
  if (!validTimezone(tz)) throw new AppError('INVALID_TIMEZONE', `"${tz}" is not an IANA time zone name (e.g. Europe/Berlin, America/New_York, UTC)`, { field: 'timezone' });
  return tz;
}

/** The next firing from now, as Scheduler would fire it (null when the expression has no future firing). */
export function upcoming(s: Pick<StoredSchedule, 'expression' | 'timezone' | 'enabled' | 'expressionSince'>, after = new Date()): string | null {
  if (!s.enabled) return null;
  return nextRun(parseExpression(s.expression), s.timezone, after, new Date(s.expressionSince))?.toISOString() ?? null;
}

export function view(s: StoredSchedule): DrillSchedule {
  return {
    id: s.id,
    version: s.version,
    recoveryPlanId: s.recoveryPlanId,
    expression: s.expression,
    timezone: s.timezone,
    enabled: s.enabled,
    blackoutWindows: s.blackoutWindows,
    drillTtlMinutes: s.drillTtlMinutes ?? null,
    nextRunTime: upcoming(s),
    recentRuns: s.recentRuns ?? [],
    createdBy: s.createdBy ?? null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export async function getScheduleView(id: string): Promise<DrillSchedule | null> {
  const s = await getSchedule(id);
  return s ? view(s) : null;
}

export async function createSchedule(input: CreateDrillScheduleInput, who: Identity): Promise<DrillSchedule> {
  const timezone = validZone(input.timezone ?? DEFAULT_TIMEZONE);
  const expression = input.expression.trim();
  validExpression(expression, timezone);
  const now = new Date().toISOString();
  const s: StoredSchedule = {
    id: randomUUID(),
    version: 1,
    recoveryPlanId: input.recoveryPlanId,
    expression,
    timezone,
    enabled: input.enabled ?? true,
    blackoutWindows: validWindows(input.blackoutWindows),
    drillTtlMinutes: validTtl(input.drillTtlMinutes, 'drillTtlMinutes'),
    nextRunTime: null,
    recentRuns: [],
    expressionSince: now,
    createdBy: actor(who),
    createdAt: now,
    updatedAt: now,
    updatedBy: actor(who),
    runsRevision: 0,
  };
  s.nextRunTime = upcoming(s);
  await insertSchedule(s);
  try {
    await createSchedulerSchedule(s);
  } catch (e) {
    await removeSchedule(s).catch((undo) => logger.error('could not undo a schedule item', { error: undo as Error, scheduleId: s.id }));
    throw e;
  }
  return view(s);
}

export async function updateSchedule(id: string, input: UpdateDrillScheduleInput, who: Identity): Promise<DrillSchedule> {
  if (input.version == null) throw new AppError('MISSING_FIELD', 'version is required', { field: 'version' });
  const before = await getSchedule(id);
  if (!before) throw notFound(id);
  if (before.version !== input.version) throw conflict(id);
  const timezone = input.timezone != null ? validZone(input.timezone) : before.timezone;
  const expression = input.expression != null ? input.expression.trim() : before.expression;
  if (input.expression != null || input.timezone != null) validExpression(expression, timezone);
  const now = new Date().toISOString();
  const after: StoredSchedule = {
    ...before,
    expression,
    timezone,
    enabled: input.enabled ?? before.enabled,
    blackoutWindows: input.blackoutWindows != null ? validWindows(input.blackoutWindows) : before.blackoutWindows,
    drillTtlMinutes: input.drillTtlMinutes !== undefined ? validTtl(input.drillTtlMinutes, 'drillTtlMinutes') : before.drillTtlMinutes,
    expressionSince: expression !== before.expression ? now : before.expressionSince,
    version: before.version + 1,
    updatedAt: now,
    updatedBy: actor(who),
  };
  after.nextRunTime = upcoming(after);
  await writeSchedule(after, before.version);
  try {
    await updateSchedulerSchedule(after);
  } catch (e) {
    // Back to what it was, unless someone wrote it meanwhile (their write then stands, and theirs updates Scheduler).
    await writeSchedule({ ...before, updatedAt: before.updatedAt }, after.version).catch((undo) => logger.error('could not undo a schedule update', { error: undo as Error, scheduleId: id }));
    throw e;
  }
  return view(after);
}

export async function deleteSchedule(id: string): Promise<DrillSchedule> {
  const s = await getSchedule(id);
  if (!s) throw notFound(id);
  await removeSchedule(s);
  try {
    await deleteSchedulerSchedule(id);
  } catch (e) {
    // Still firing: the item comes back so what fires is still listed (and deletable again).
    await insertSchedule(s).catch((undo) => logger.error('could not restore a schedule item', { error: undo as Error, scheduleId: id }));
    throw e;
  }
  return view(s);
}

const MAX_LIMIT = 100;
const LIST = 'Query.listDrillSchedules';

export async function listSchedules(
  recoveryPlanId: string | null | undefined,
  limit: number | null | undefined,
  nextToken: string | null | undefined,
  who: Identity,
): Promise<DrillScheduleConnection> {
  const size = limit ?? 50;
  if (size < 1 || size > MAX_LIMIT) throw new AppError('INVALID_LIMIT', `limit must be between 1 and ${MAX_LIMIT}`, { field: 'limit' });
  const query = { recoveryPlanId: recoveryPlanId ?? null };
  // Opaque (platform/page-token.ts): it continues this listing for this caller only.
  const after = nextToken ? await positionFrom(LIST, query, who, nextToken) : null;
  if (after !== null && typeof after !== 'string') throw invalidNextToken();
  const page = await pageSchedules(recoveryPlanId ?? null, size, after);
  return { items: page.items.map(view), nextToken: page.more && page.last ? await nextTokenAfter(LIST, query, who, page.last) : null };
}
