// Executions (guide §3): start, watch, steer, clean up — GraphQL's execution operations.
import type {
  DeleteExecutionsResult,
  DrillReport,
  Execution,
  ExecutionConnection,
  ExecutionJobLogs,
  TerminationResult,
  TerminationStatus,
} from '../../../platform/generated/graphql.ts';
import { AppError } from '../../../platform/errors.ts';
import { pick } from '../../../platform/guide-format.ts';
import { DELETED, EXECUTION, FINDING } from '../operations.ts';
import { integer, text, type Context, type Route } from '../route.ts';
import { epoch, executionOut, findingOut } from '../shapes.ts';

const TAG = 'Executions';
const STATUSES = ['PENDING', 'IN_PROGRESS', 'PAUSE_PENDING', 'PAUSED', 'CANCELLING', 'CANCELLED', 'COMPLETED', 'FAILED'];

const TYPES = ['DRILL', 'RECOVERY'];

/** A time in the query string: ISO 8601 (as GraphQL takes it) or epoch seconds (as REST answers times). */
function instant(c: Context, name: string): string | undefined {
  const v = text(c, name);
  if (v === undefined) return undefined;
  const ms = /^\d{1,12}$/.test(v) ? Number(v) * 1000 : /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new AppError('INVALID_REQUEST', `${name} must be an ISO 8601 time or epoch seconds`, { field: name });
  return new Date(ms).toISOString();
}

const optionalText = (v: unknown, field: string): string | undefined => {
  if (v == null) return undefined;
  if (typeof v !== 'string') throw new AppError('INVALID_REQUEST', `${field} must be a string`, { field });
  return v;
};

const optionalFlag = (v: unknown, field: string): boolean | undefined => {
  if (v == null) return undefined;
  if (typeof v !== 'boolean') throw new AppError('INVALID_REQUEST', `${field} must be true or false`, { field });
  return v;
};
/** A TTL in minutes from a body (the range is the API's rule: 1–10080, INVALID_INPUT); undefined when absent. */
export function ttlMinutes(body: Record<string, unknown>, ...keys: string[]): number | undefined {
  const v = pick(body, ...keys);
  if (v == null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new AppError('INVALID_REQUEST', `${keys[0]} must be a whole number of minutes`, { field: keys[0] });
  return v;
}

/** POST /executions and POST /recovery-plans/{id}/execute. */
export async function startExecution(c: Context, planId?: string) {
  const body = c.body();
  const recoveryPlanId = planId ?? pick(body, 'recoveryPlanId', 'RecoveryPlanId', 'planId', 'PlanId');
  if (recoveryPlanId == null || recoveryPlanId === '') throw new AppError('MISSING_FIELD', 'recoveryPlanId is required', { field: 'recoveryPlanId' });
  if (typeof recoveryPlanId !== 'string') throw new AppError('INVALID_REQUEST', 'recoveryPlanId must be a string', { field: 'recoveryPlanId' });
  const type = pick(body, 'executionType', 'ExecutionType');
  if (type == null) throw new AppError('MISSING_FIELD', 'executionType is required (DRILL or RECOVERY)', { field: 'executionType' });
  const executionType = typeof type === 'string' ? type.toUpperCase() : type;
  if (executionType !== 'DRILL' && executionType !== 'RECOVERY') {
    throw new AppError('INVALID_EXECUTION_TYPE', 'ExecutionType must be DRILL or RECOVERY', { field: 'executionType' });
  }
  const details = pick(body, 'invocationDetails', 'InvocationDetails');
  const input = {
    recoveryPlanId,
    executionType,
    initiatedBy: optionalText(pick(body, 'initiatedBy', 'InitiatedBy'), 'initiatedBy'),
    // The caller's own words only: they become claimedInvocationSource; invocationSource is how it authenticated.
    invocationSource: optionalText(pick(body, 'invocationSource', 'InvocationSource'), 'invocationSource'),
    invocationDetails: details == null ? undefined : JSON.stringify(details),
    // Start despite blocking readiness findings (recorded in the execution as readinessOverride).
    force: optionalFlag(pick(body, 'force', 'Force'), 'force'),
    drillTtlMinutes: ttlMinutes(body, 'drillTtlMinutes', 'DrillTtlMinutes'),
  };
  const e = await c.api.call<Execution>(
    'startExecution',
    `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { ${EXECUTION} forced readinessOverride { ${FINDING} } } }`,
    { input },
  );
  return { ...executionOut(e), forced: e.forced ?? false, readinessOverride: (e.readinessOverride ?? []).map(findingOut) };
}

export async function getExecution(c: Context, id: string): Promise<Execution> {
  const e = await c.api.call<Execution | null>('getExecution', `query G($id: ID!) { getExecution(id: $id) { ${EXECUTION} } }`, { id });
  if (!e) throw new AppError('EXECUTION_NOT_FOUND', `Execution with ID ${id} not found`, { id });
  return e;
}

const MESSAGES: Record<string, Record<string, string>> = {
  cancelExecution: { CANCELLING: 'Cancellation requested: running DRS jobs finish, later waves are cancelled', CANCELLED: 'Execution cancelled' },
  pauseExecution: { PAUSE_PENDING: 'Pause requested: the execution pauses when the running wave ends', PAUSED: 'Execution paused' },
  resumeExecution: { IN_PROGRESS: 'Execution resumed', PENDING: 'Execution resumed' },
};

function steer(action: 'cancel' | 'pause' | 'resume', summary: string): Route {
  const field = `${action}Execution` as const;
  return {
    method: 'POST',
    path: `/executions/{executionId}/${action}`,
    tag: TAG,
    summary,
    operations: [`Mutation.${field}`],
    run: async (c) => {
      const e = await c.api.call<Execution>(field, `mutation A($id: ID!) { ${field}(id: $id) { ${EXECUTION} } }`, { id: c.params.executionId });
      return { ...executionOut(e), message: MESSAGES[field][e.status] ?? `Execution is ${e.status.toLowerCase()}` };
    },
  };
}

const LIST = `query L($filter: ExecutionFilter, $limit: Int, $nextToken: String) {
  listExecutions(filter: $filter, limit: $limit, nextToken: $nextToken) { items { ${EXECUTION} } nextToken } }`;

const REPORT = `query R($id: ID!, $last: Int) { getDrillReport(executionId: $id, last: $last) {
  execution { ${EXECUTION} } rtoSeconds previousRtoSeconds rtoP50Seconds rtoP90Seconds
  waves { waveNumber name status durationSeconds previousDurationSeconds p50Seconds p90Seconds samples
    servers { sourceServerId hostname launchStatus recoveryInstanceId startTime endTime launchDurationSeconds } }
  previous { executionId executionType status startTime endTime rtoSeconds waveDurations } } }`;

/** The report in the guide's conventions: lowercase statuses, epoch-second times, the execution's id at the top. */
const reportOut = (r: DrillReport) => ({
  ExecutionId: r.execution.id,
  executionId: r.execution.id,
  recoveryPlanId: r.execution.recoveryPlanId,
  recoveryPlanName: r.execution.recoveryPlanName,
  executionType: r.execution.executionType,
  status: r.execution.status.toLowerCase(),
  startTime: epoch(r.execution.startTime),
  endTime: epoch(r.execution.endTime),
  rtoSeconds: r.rtoSeconds ?? null,
  previousRtoSeconds: r.previousRtoSeconds ?? null,
  rtoP50Seconds: r.rtoP50Seconds ?? null,
  rtoP90Seconds: r.rtoP90Seconds ?? null,
  waves: r.waves.map((w) => ({
    ...w,
    status: w.status.toLowerCase(),
    servers: w.servers.map((s) => ({ ...s, startTime: epoch(s.startTime), endTime: epoch(s.endTime) })),
  })),
  previous: r.previous.map((p) => ({ ...p, status: p.status.toLowerCase(), startTime: epoch(p.startTime), endTime: epoch(p.endTime) })),
  execution: executionOut(r.execution),
});

const deletedOut = (r: DeleteExecutionsResult) => ({
  ...r,
  deletedCount: r.deleted.length,
  message: `Deleted ${r.deleted.length} execution(s)${r.refused.length ? `; ${r.refused.length} still active (cancel them first)` : ''}`,
});

export const executionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/executions',
    tag: TAG,
    summary: 'List executions, newest first (one page; follow nextToken)',
    operations: ['Query.listExecutions'],
    query: [
      { name: 'limit', description: 'Page size, 1–100 (default 50)', type: 'integer' },
      { name: 'nextToken', description: 'The nextToken of the previous page' },
      { name: 'status', description: 'Only executions in this status', enum: STATUSES.map((s) => s.toLowerCase()) },
      { name: 'executionType', description: 'Only DRILL or RECOVERY executions (also ExecutionType)', enum: TYPES },
      { name: 'recoveryPlanId', description: "Only this plan's executions (also planId)" },
      { name: 'startedAfter', description: 'Only executions started at or after this time: ISO 8601 or epoch seconds' },
      { name: 'startedBefore', description: 'Only executions started at or before this time: ISO 8601 or epoch seconds' },
    ],
    run: async (c) => {
      const status = text(c, 'status')?.toUpperCase();
      if (status && !STATUSES.includes(status)) throw new AppError('INVALID_REQUEST', `status must be one of ${STATUSES.map((s) => s.toLowerCase()).join(', ')}`, { field: 'status' });
      const executionType = (text(c, 'executionType') ?? text(c, 'ExecutionType'))?.toUpperCase();
      if (executionType && !TYPES.includes(executionType)) throw new AppError('INVALID_EXECUTION_TYPE', 'ExecutionType must be DRILL or RECOVERY', { field: 'executionType' });
      const filter = {
        status,
        executionType,
        recoveryPlanId: text(c, 'recoveryPlanId') ?? text(c, 'planId'),
        startedAfter: instant(c, 'startedAfter'),
        startedBefore: instant(c, 'startedBefore'),
      };
      const page = await c.api.call<ExecutionConnection>('listExecutions', LIST, { filter, limit: integer(c, 'limit', 1, 100), nextToken: text(c, 'nextToken') });
      return { items: page.items.map(executionOut), count: page.items.length, nextToken: page.nextToken ?? null };
    },
  },
  {
    method: 'POST',
    path: '/executions',
    tag: TAG,
    summary: 'Start an execution of a recovery plan',
    operations: ['Mutation.startExecution'],
    created: true,
    body: {
      description:
        'recoveryPlanId and executionType (DRILL or RECOVERY) required; initiatedBy, invocationSource, invocationDetails optional; ' +
        "drillTtlMinutes (DRILL only, 1–10080; default the plan's): terminate the drill's recovery instances that long after it ends. " +
        'initiatedBy and invocationSource are kept as the unverified claimedInitiatedBy/claimedInvocationSource; the answer\'s ' +
        'initiatedBy is the authenticated caller and invocationSource how it authenticated (AMAZON_COGNITO_USER_POOLS or AWS_IAM)',
      example: { recoveryPlanId: '<plan-id>', executionType: 'DRILL', initiatedBy: 'api-automation', invocationSource: 'CLI' },
    },
    run: (c) => startExecution(c),
  },
  {
    method: 'DELETE',
    path: '/executions',
    tag: TAG,
    summary: 'Delete every finished execution (active ones stay)',
    operations: ['Mutation.deleteFinishedExecutions'],
    run: async (c) => deletedOut(await c.api.call<DeleteExecutionsResult>('deleteFinishedExecutions', `mutation D { deleteFinishedExecutions { ${DELETED} } }`)),
  },
  {
    method: 'POST',
    path: '/executions/delete',
    tag: TAG,
    summary: 'Delete finished executions by id',
    operations: ['Mutation.deleteExecutions'],
    body: { description: 'executionIds: [id, …]', example: { executionIds: ['<execution-id>'] } },
    run: async (c) => {
      const ids = pick(c.body(), 'executionIds', 'ExecutionIds', 'ids');
      if (ids == null) throw new AppError('MISSING_FIELD', 'executionIds is required', { field: 'executionIds' });
      if (!Array.isArray(ids) || !ids.length || ids.some((x) => typeof x !== 'string')) {
        throw new AppError('INVALID_REQUEST', 'executionIds must be a non-empty list of execution ids', { field: 'executionIds' });
      }
      return deletedOut(await c.api.call<DeleteExecutionsResult>('deleteExecutions', `mutation D($ids: [ID!]!) { deleteExecutions(ids: $ids) { ${DELETED} } }`, { ids }));
    },
  },
  {
    method: 'GET',
    path: '/executions/{executionId}',
    tag: TAG,
    summary: 'Get an execution: status, waves, servers (statuses in lowercase)',
    operations: ['Query.getExecution'],
    run: async (c) => executionOut(await getExecution(c, c.params.executionId)),
  },
  steer('cancel', 'Cancel a running or paused execution'),
  steer('pause', 'Pause before the next wave'),
  steer('resume', 'Resume a paused execution'),
  {
    method: 'POST',
    path: '/executions/{executionId}/terminate-instances',
    tag: TAG,
    summary: "Terminate the execution's recovery instances",
    operations: ['Mutation.terminateRecoveryInstances'],
    run: async (c) => {
      const r = await c.api.call<TerminationResult>(
        'terminateRecoveryInstances',
        `mutation T($id: ID!) { terminateRecoveryInstances(executionId: $id) { executionId terminatedInstances { instanceId sourceServerId status } jobIds } }`,
        { id: c.params.executionId },
      );
      return { ExecutionId: r.executionId, executionId: r.executionId, terminatedInstances: r.terminatedInstances, jobIds: r.jobIds };
    },
  },
  {
    method: 'PUT',
    path: '/executions/{executionId}/ttl',
    tag: TAG,
    summary: "Set (or with minutes null, remove) a drill's TTL: its recovery instances are terminated that long after it ends",
    operations: ['Mutation.setDrillTtl'],
    body: { description: 'minutes: 1–10080, or null to keep the instances (DRILL executions only)', example: { minutes: 60 } },
    run: async (c) => {
      const body = c.body();
      const given = ['minutes', 'Minutes', 'drillTtlMinutes', 'DrillTtlMinutes'].some((k) => k in body);
      if (!given) throw new AppError('MISSING_FIELD', 'minutes is required (null removes the TTL)', { field: 'minutes' });
      const minutes = ttlMinutes(body, 'minutes', 'Minutes', 'drillTtlMinutes', 'DrillTtlMinutes') ?? null;
      const e = await c.api.call<Execution>('setDrillTtl', `mutation T($id: ID!, $minutes: Int) { setDrillTtl(executionId: $id, minutes: $minutes) { ${EXECUTION} } }`, {
        id: c.params.executionId,
        minutes,
      });
      return executionOut(e);
    },
  },
  {
    method: 'GET',
    path: '/executions/{executionId}/report',
    tag: TAG,
    summary: "Drill report: measured RTO per wave and server beside the plan's previous drills (p50/p90 over the last N)",
    operations: ['Query.getDrillReport'],
    query: [{ name: 'last', description: 'How many previous finished executions of the plan, 1–50 (default 10)', type: 'integer' }],
    run: async (c) => {
      const r = await c.api.call<DrillReport>('getDrillReport', REPORT, { id: c.params.executionId, last: integer(c, 'last', 1, 50) });
      return reportOut(r);
    },
  },
  {
    method: 'GET',
    path: '/executions/{executionId}/job-logs',
    tag: TAG,
    summary: "The DRS job log of the execution's jobs",
    operations: ['Query.getExecutionJobLogs'],
    run: async (c) => {
      const r = await c.api.call<ExecutionJobLogs>(
        'getExecutionJobLogs',
        `query J($id: ID!) { getExecutionJobLogs(executionId: $id) { executionId events { jobId waveNumber event eventTime sourceServerId conversionServerId targetInstanceId rawError } } }`,
        { id: c.params.executionId },
      );
      return { ExecutionId: r.executionId, executionId: r.executionId, events: r.events.map((e) => ({ ...e, eventTimestamp: epoch(e.eventTime) })) };
    },
  },
  {
    method: 'GET',
    path: '/executions/{executionId}/termination-status',
    tag: TAG,
    summary: 'Progress of terminating the recovery instances',
    operations: ['Query.getTerminationStatus'],
    run: async (c) => {
      const r = await c.api.call<TerminationStatus>(
        'getTerminationStatus',
        `query T($id: ID!) { getTerminationStatus(executionId: $id) { executionId status total terminated instances { instanceId sourceServerId status } } }`,
        { id: c.params.executionId },
      );
      return { ExecutionId: r.executionId, ...r };
    },
  },
];
