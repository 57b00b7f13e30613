// Executions (guide §3): start, watch, steer, clean up — GraphQL's execution operations.
import type {
  DeleteExecutionsResult,
  Execution,
  ExecutionConnection,
  ExecutionJobLogs,
  TerminationResult,
  TerminationStatus,
} from '../../../platform/generated/graphql.ts';
import { AppError } from '../../../platform/errors.ts';
import { pick } from '../../../platform/guide-format.ts';
import { DELETED, EXECUTION } from '../operations.ts';
import { integer, text, type Context, type Route } from '../route.ts';
import { epoch, executionOut } from '../shapes.ts';

const TAG = 'Executions';
const STATUSES = ['PENDING', 'IN_PROGRESS', 'PAUSE_PENDING', 'PAUSED', 'CANCELLING', 'CANCELLED', 'COMPLETED', 'FAILED'];

const optionalText = (v: unknown, field: string): string | undefined => {
  if (v == null) return undefined;
  if (typeof v !== 'string') throw new AppError('INVALID_REQUEST', `${field} must be a string`, { field });
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
    drillTtlMinutes: ttlMinutes(body, 'drillTtlMinutes', 'DrillTtlMinutes'),
  };
  const e = await c.api.call<Execution>('startExecution', `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { ${EXECUTION} } }`, { input });
  return executionOut(e);
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
      { name: 'recoveryPlanId', description: "Only this plan's executions" },
    ],
    run: async (c) => {
      const status = text(c, 'status')?.toUpperCase();
      if (status && !STATUSES.includes(status)) throw new AppError('INVALID_REQUEST', `status must be one of ${STATUSES.map((s) => s.toLowerCase()).join(', ')}`, { field: 'status' });
      const filter = { status, recoveryPlanId: text(c, 'recoveryPlanId') ?? text(c, 'planId') };
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
