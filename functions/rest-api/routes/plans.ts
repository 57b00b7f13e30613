// Recovery plans (guide §2): GraphQL's plan operations in the guide's REST shapes.
import type { ExistingInstancesCheck, PlanReadiness, ProtectionGroupConnection, RecoveryPlan, RecoveryPlanConnection } from '../../../platform/generated/graphql.ts';
import { AppError } from '../../../platform/errors.ts';
import { guideReader, pick } from '../../../platform/guide-format.ts';
import { FINDING, PLAN } from '../operations.ts';
import { flag, text, type Context, type Route } from '../route.ts';
import { ttlMinutes } from './executions.ts';
import { planOut, readinessOut } from '../shapes.ts';
import { startExecution } from './executions.ts';
import { pages } from './groups.ts';

const reader = guideReader('INVALID_REQUEST');
const TAG = 'Recovery plans';
const STATUSES = ['PENDING', 'IN_PROGRESS', 'PAUSE_PENDING', 'PAUSED', 'CANCELLING', 'CANCELLED', 'COMPLETED', 'FAILED'] as const;

/** A wave may name its group (ProtectionGroupName, as the guide's import files do) instead of its id. */
async function groupIdByName(c: Context, name: string): Promise<string> {
  const found = await c.api.call<ProtectionGroupConnection>(
    'listProtectionGroups',
    `query L($filter: ProtectionGroupFilter) { listProtectionGroups(filter: $filter, limit: 1) { items { id } } }`,
    { filter: { name } },
  );
  const id = found.items[0]?.id;
  if (!id) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group "${name}" not found`, { field: 'protectionGroupName', name });
  return id;
}

async function planInput(c: Context) {
  const body = c.body();
  const read = reader.readPlan(body);
  const waves =
    pick(body, 'Waves', 'waves') == null
      ? undefined
      : await Promise.all(
          read.waves.map(async (w) => ({
            waveNumber: w.waveNumber,
            name: w.name,
            protectionGroupId: w.protectionGroupId ?? (w.protectionGroupName ? await groupIdByName(c, w.protectionGroupName) : undefined),
            pauseBeforeWave: w.pauseBeforeWave,
            dependsOn: w.dependsOn,
          })),
        );
  return { name: read.name, description: read.description, waves, drillTtlMinutes: ttlMinutes(body, 'drillTtlMinutes', 'DrillTtlMinutes') };
}

export async function getPlan(c: Context, id: string): Promise<RecoveryPlan> {
  const p = await c.api.call<RecoveryPlan | null>('getRecoveryPlan', `query G($id: ID!) { getRecoveryPlan(id: $id) { ${PLAN} } }`, { id });
  if (!p) throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${id} not found`, { id });
  return p;
}

const LIST = `query L($filter: RecoveryPlanFilter, $limit: Int, $nextToken: String) {
  listRecoveryPlans(filter: $filter, limit: $limit, nextToken: $nextToken) { items { ${PLAN} } nextToken } }`;

export const planRoutes: Route[] = [
  {
    method: 'GET',
    path: '/recovery-plans',
    tag: TAG,
    summary: 'List recovery plans',
    operations: ['Query.listRecoveryPlans'],
    query: [
      { name: 'name', description: 'Case-insensitive part of the name' },
      { name: 'nameExact', description: 'The exact name, case-insensitive' },
      { name: 'tag', description: "Key=Value of a tag that selects the servers of one of the plan's groups" },
      { name: 'hasConflict', description: 'Only plans whose servers are (true) or are not (false) in an active execution', type: 'boolean' },
      { name: 'status', description: 'Status of the last execution', enum: STATUSES.map((s) => s.toLowerCase()) },
      { name: 'limit', description: 'One page of at most this many (1–100); without it every page', type: 'integer' },
      { name: 'nextToken', description: 'The nextToken of the previous page' },
    ],
    run: async (c) => {
      const status = text(c, 'status')?.toUpperCase();
      if (status && !(STATUSES as readonly string[]).includes(status)) {
        throw new AppError('INVALID_REQUEST', `status must be one of ${STATUSES.map((s) => s.toLowerCase()).join(', ')}`, { field: 'status' });
      }
      const filter = {
        nameContains: text(c, 'name'),
        name: text(c, 'nameExact'),
        tag: text(c, 'tag'),
        hasConflict: flag(c, 'hasConflict'),
        lastExecutionStatus: status,
      };
      const r = await pages(c, (limit, nextToken) => c.api.call<RecoveryPlanConnection>('listRecoveryPlans', LIST, { filter, limit, nextToken }));
      return { plans: r.items.map(planOut), count: r.items.length, nextToken: r.nextToken };
    },
  },
  {
    method: 'POST',
    path: '/recovery-plans',
    tag: TAG,
    summary: 'Create a recovery plan',
    operations: ['Mutation.createRecoveryPlan'],
    created: true,
    body: {
      description:
        'PlanName/name, Description, Waves/waves: [{waveNumber, name/WaveName, protectionGroupId or ProtectionGroupName, pauseBeforeWave, dependsOn or Dependencies: [{DependsOnWaveId}]}]; ' +
        "DrillTtlMinutes/drillTtlMinutes (1–10080): the plan's drills terminate their recovery instances that long after they end",
      example: { PlanName: 'HRP-Full-Recovery', Waves: [{ waveNumber: 1, name: 'Database Tier', protectionGroupId: '<group-id>' }], DrillTtlMinutes: 240 },
    },
    run: async (c) => {
      const input = await planInput(c);
      return planOut(
        await c.api.call<RecoveryPlan>('createRecoveryPlan', `mutation C($input: CreateRecoveryPlanInput!) { createRecoveryPlan(input: $input) { ${PLAN} } }`, {
          input,
        }),
      );
    },
  },
  {
    method: 'GET',
    path: '/recovery-plans/{id}',
    tag: TAG,
    summary: 'Get a recovery plan with its waves',
    operations: ['Query.getRecoveryPlan'],
    run: async (c) => planOut(await getPlan(c, c.params.id)),
  },
  {
    method: 'PUT',
    path: '/recovery-plans/{id}',
    tag: TAG,
    summary: 'Update a recovery plan (optimistic locking: send the version you read)',
    operations: ['Mutation.updateRecoveryPlan'],
    body: {
      description: 'version (required), PlanName, Description, Waves, DrillTtlMinutes (1–10080) or ClearDrillTtl: true (drills keep their instances)',
      example: { version: 1, Description: 'Updated', DrillTtlMinutes: 120 },
    },
    run: async (c) => {
      const version = c.body().version ?? c.body().Version;
      if (version == null) throw new AppError('MISSING_FIELD', 'version is required (the version you read)', { field: 'version' });
      if (typeof version !== 'number' || !Number.isInteger(version)) throw new AppError('INVALID_REQUEST', 'version must be an integer', { field: 'version' });
      const clear = pick(c.body(), 'clearDrillTtl', 'ClearDrillTtl');
      if (clear != null && typeof clear !== 'boolean') throw new AppError('INVALID_REQUEST', 'clearDrillTtl must be true or false', { field: 'clearDrillTtl' });
      const input = { ...(await planInput(c)), version, clearDrillTtl: clear as boolean | undefined };
      return planOut(
        await c.api.call<RecoveryPlan>(
          'updateRecoveryPlan',
          `mutation U($id: ID!, $input: UpdateRecoveryPlanInput!) { updateRecoveryPlan(id: $id, input: $input) { ${PLAN} } }`,
          { id: c.params.id, input },
        ),
      );
    },
  },
  {
    method: 'DELETE',
    path: '/recovery-plans/{id}',
    tag: TAG,
    summary: 'Delete a recovery plan (refused while it executes)',
    operations: ['Mutation.deleteRecoveryPlan'],
    run: async (c) => {
      const p = await c.api.call<RecoveryPlan>('deleteRecoveryPlan', `mutation D($id: ID!) { deleteRecoveryPlan(id: $id) { id name } }`, { id: c.params.id });
      return { message: 'Recovery Plan deleted', id: p.id, name: p.name };
    },
  },
  {
    method: 'POST',
    path: '/recovery-plans/{id}/execute',
    tag: TAG,
    summary: 'Start an execution of the plan (DRILL or RECOVERY)',
    operations: ['Mutation.startExecution'],
    created: true,
    body: { description: 'executionType (DRILL or RECOVERY), initiatedBy, invocationSource, invocationDetails (initiatedBy and invocationSource are kept as the unverified claimedInitiatedBy/claimedInvocationSource), force (start despite blocking readiness findings, recorded as readinessOverride)', example: { executionType: 'DRILL', initiatedBy: 'cli' } },
    run: (c) => startExecution(c, c.params.id),
  },
  {
    method: 'GET',
    path: '/recovery-plans/{id}/readiness',
    tag: TAG,
    summary: 'Readiness of every server and of the plan (findings by severity, with their fix), the predicted timeline and drill history flags',
    operations: ['Query.checkPlanReadiness'],
    run: async (c) =>
      readinessOut(
        await c.api.call<PlanReadiness>(
          'checkPlanReadiness',
          `query R($id: ID!) { checkPlanReadiness(planId: $id) { recoveryPlanId checkedAt ready blocking warnings findings { ${FINDING} }
            neverDrilled lastPassingDrill { id status executionType startTime endTime } changedSinceLastPassingDrill
            timeline { expectedRtoSeconds basis waves { waveNumber name expectedStartSeconds expectedEndSeconds expectedDurationSeconds basis samples orchestrationSeconds } } } }`,
          { id: c.params.id },
        ),
      ),
  },
  {
    method: 'GET',
    path: '/recovery-plans/{id}/check-existing-instances',
    tag: TAG,
    summary: "Recovery instances that already exist for the plan's servers",
    operations: ['Query.checkExistingInstances'],
    run: async (c) =>
      c.api.call<ExistingInstancesCheck>(
        'checkExistingInstances',
        `query X($id: ID!) { checkExistingInstances(recoveryPlanId: $id) { hasConflicts existingInstances { sourceServerId recoveryInstanceId state launchedAt } } }`,
        { id: c.params.id },
      ),
  },
];
