// Drill schedules (issue 13): a plan's recurring drills, GraphQL's schedule operations in REST shapes.
// Bodies in PascalCase (Expression, Timezone, BlackoutWindows, Enabled, DrillTtlMinutes) or camelCase.
import type { DrillSchedule, DrillScheduleConnection } from '../../../platform/generated/graphql.ts';
import { AppError } from '../../../platform/errors.ts';
import { pick } from '../../../platform/guide-format.ts';
import type { Context, Route } from '../route.ts';
import { pages } from './groups.ts';

const TAG = 'Drill schedules';
export const SCHEDULE = `id version recoveryPlanId expression timezone enabled drillTtlMinutes nextRunTime createdBy createdAt updatedAt
  blackoutWindows { daysOfWeek startTime endTime from to reason }
  recentRuns { scheduledTime outcome executionId reasonCode reason }`;

type Obj = Record<string, unknown>;
const bad = (field: string, message: string) => new AppError('INVALID_REQUEST', message, { field });

function str(body: Obj, field: string, ...keys: string[]): string | undefined {
  const v = pick(body, ...keys);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(field, `${field} must be a string`);
  return v;
}

function windows(body: Obj): Obj[] | undefined {
  const v = pick(body, 'BlackoutWindows', 'blackoutWindows');
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((w) => w && typeof w === 'object' && !Array.isArray(w))) throw bad('blackoutWindows', 'blackoutWindows must be a list of objects');
  return v.map((w: Obj) => {
    const days = pick(w, 'DaysOfWeek', 'daysOfWeek');
    if (days !== undefined && !(Array.isArray(days) && days.every((d) => typeof d === 'string'))) throw bad('blackoutWindows', 'daysOfWeek must be a list of MON…SUN');
    const out: Obj = {
      daysOfWeek: days,
      startTime: str(w, 'startTime', 'StartTime'),
      endTime: str(w, 'endTime', 'EndTime'),
      from: str(w, 'from', 'From'),
      to: str(w, 'to', 'To'),
      reason: str(w, 'reason', 'Reason'),
    };
    return Object.fromEntries(Object.entries(out).filter(([, x]) => x !== undefined));
  });
}

/** The fields a create or update may set, from either casing. */
function scheduleFields(c: Context): Obj {
  const body = c.body();
  const enabled = pick(body, 'Enabled', 'enabled');
  if (enabled !== undefined && typeof enabled !== 'boolean') throw bad('enabled', 'enabled must be true or false');
  const ttl = pick(body, 'DrillTtlMinutes', 'drillTtlMinutes');
  if (ttl !== undefined && !Number.isInteger(ttl)) throw bad('drillTtlMinutes', 'drillTtlMinutes must be an integer');
  const out: Obj = {
    expression: str(body, 'expression', 'Expression', 'expression', 'ScheduleExpression'),
    timezone: str(body, 'timezone', 'Timezone', 'timezone', 'TimeZone'),
    enabled,
    blackoutWindows: windows(body),
    drillTtlMinutes: ttl,
  };
  return Object.fromEntries(Object.entries(out).filter(([, x]) => x !== undefined));
}

const LIST = `query L($planId: ID, $limit: Int, $nextToken: String) { listDrillSchedules(recoveryPlanId: $planId, limit: $limit, nextToken: $nextToken) { items { ${SCHEDULE} } nextToken } }`;

async function list(c: Context, planId: string | null) {
  const r = await pages(c, (limit, nextToken) => c.api.call<DrillScheduleConnection>('listDrillSchedules', LIST, { planId, limit, nextToken }));
  return { schedules: r.items, count: r.items.length, nextToken: r.nextToken };
}

const LIST_QUERY = [
  { name: 'limit', description: 'One page of at most this many (1–100); without it every page', type: 'integer' as const },
  { name: 'nextToken', description: 'The nextToken of the previous page' },
];
const BODY = 'Expression/expression (cron(min hour day-of-month month day-of-week year) or rate(N unit), at least an hour apart), Timezone (IANA, default UTC), Enabled, DrillTtlMinutes, BlackoutWindows: [{daysOfWeek: [MON…SUN], startTime, endTime (HH:MM, may cross midnight) | from, to (ISO 8601), reason}]';

export const scheduleRoutes: Route[] = [
  {
    method: 'GET',
    path: '/recovery-plans/{id}/schedules',
    tag: TAG,
    summary: "The plan's drill schedules",
    operations: ['Query.listDrillSchedules'],
    query: LIST_QUERY,
    run: (c) => list(c, c.params.id),
  },
  {
    method: 'POST',
    path: '/recovery-plans/{id}/schedules',
    tag: TAG,
    summary: 'Schedule recurring drills of the plan (EventBridge Scheduler)',
    operations: ['Mutation.createDrillSchedule'],
    created: true,
    body: {
      description: BODY,
      example: { Expression: 'cron(0 2 ? * SAT *)', Timezone: 'Europe/Berlin', BlackoutWindows: [{ daysOfWeek: ['FRI'], startTime: '22:00', endTime: '02:00', reason: 'release night' }], DrillTtlMinutes: 120 },
    },
    run: async (c) =>
      c.api.call<DrillSchedule>('createDrillSchedule', `mutation C($input: CreateDrillScheduleInput!) { createDrillSchedule(input: $input) { ${SCHEDULE} } }`, {
        input: { ...scheduleFields(c), recoveryPlanId: c.params.id },
      }),
  },
  {
    method: 'GET',
    path: '/schedules',
    tag: TAG,
    summary: 'Every drill schedule',
    operations: ['Query.listDrillSchedules'],
    query: LIST_QUERY,
    run: (c) => list(c, null),
  },
  {
    method: 'GET',
    path: '/schedules/{id}',
    tag: TAG,
    summary: 'A drill schedule with its next run and its last 20 runs (started or skipped, with the reason)',
    operations: ['Query.getDrillSchedule'],
    run: async (c) => {
      const s = await c.api.call<DrillSchedule | null>('getDrillSchedule', `query G($id: ID!) { getDrillSchedule(id: $id) { ${SCHEDULE} } }`, { id: c.params.id });
      if (!s) throw new AppError('SCHEDULE_NOT_FOUND', `Drill schedule with ID ${c.params.id} not found`, { id: c.params.id });
      return s;
    },
  },
  {
    method: 'PUT',
    path: '/schedules/{id}',
    tag: TAG,
    summary: 'Update a drill schedule (optimistic locking: send the version you read)',
    operations: ['Mutation.updateDrillSchedule'],
    body: { description: `version (required), ${BODY}`, example: { version: 1, Enabled: false } },
    run: async (c) => {
      const version = c.body().version ?? c.body().Version;
      if (version == null) throw new AppError('MISSING_FIELD', 'version is required (the version you read)', { field: 'version' });
      if (typeof version !== 'number' || !Number.isInteger(version)) throw bad('version', 'version must be an integer');
      return c.api.call<DrillSchedule>('updateDrillSchedule', `mutation U($id: ID!, $input: UpdateDrillScheduleInput!) { updateDrillSchedule(id: $id, input: $input) { ${SCHEDULE} } }`, {
        id: c.params.id,
        input: { ...scheduleFields(c), version },
      });
    },
  },
  {
    method: 'DELETE',
    path: '/schedules/{id}',
    tag: TAG,
    summary: 'Delete a drill schedule (and its EventBridge Scheduler schedule)',
    operations: ['Mutation.deleteDrillSchedule'],
    run: async (c) => {
      const s = await c.api.call<DrillSchedule>('deleteDrillSchedule', `mutation D($id: ID!) { deleteDrillSchedule(id: $id) { id recoveryPlanId } }`, { id: c.params.id });
      return { message: 'Drill schedule deleted', id: s.id, recoveryPlanId: s.recoveryPlanId };
    },
  },
];
