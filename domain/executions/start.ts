// Starting an execution: the plan's waves with their servers resolved now, the locks, the state machine.
// The executions API and the drill scheduler start executions through here.
import { NOTE_LIMITS, checkJson } from '../../platform/json-input.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, sfn, tableName } from '../../platform/aws.ts';
import { AppError } from '../../platform/errors.ts';
import { execKey } from './keys.ts';
import { actor, isIam, type Identity } from '../../platform/resolver-event.ts';
import type { Execution, StartExecutionInput } from '../../platform/generated/graphql.ts';
import { getGroup } from '../protection-groups/store.ts';
import { groupServers } from '../protection-groups/inventory.ts';
import { getPlan, recordLastExecution } from '../recovery-plans/store.ts';
import { gateStart } from '../readiness/check.ts';
import { effectiveTtl } from './ttl-rules.ts';
import { finish, insertExecution, publicExecution, type StoredExecution, type StoredWave } from './store.ts';
import { executionBaseline } from '../drift/baseline.ts';
import type { StoredGroup } from '../protection-groups/store.ts';

const logger = new Logger({ serviceName: 'executions' });
const EXECUTION_TYPES = ['DRILL', 'RECOVERY'];

/** How the caller authenticated, in AppSync's own names (`ctx.identity` comes from one of these). */
export function authType(who: Identity): 'AWS_IAM' | 'AMAZON_COGNITO_USER_POOLS' | 'NONE' {
  if (isIam(who)) return 'AWS_IAM';
  return who ? 'AMAZON_COGNITO_USER_POOLS' : 'NONE';
}

/** Set by callers other than the API: the drill scheduler (domain/drill-schedules/fire.ts). */
export interface StartOptions {
  /** The drill schedule that starts it: recorded as the execution's scheduleId. */
  scheduleId?: string;
}

export async function startExecution(input: StartExecutionInput, who: Identity, options: StartOptions = {}): Promise<Execution> {
  if (!EXECUTION_TYPES.includes(input.executionType)) {
    throw new AppError('INVALID_EXECUTION_TYPE', 'ExecutionType must be DRILL or RECOVERY', { field: 'executionType' });
  }
  const plan = await getPlan(input.recoveryPlanId);
  if (!plan) throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${input.recoveryPlanId} not found`, { id: input.recoveryPlanId });
  // Drill TTL (ttl-rules.ts): the execution's own, else the plan's, for a drill; a RECOVERY never has one.
  const drillTtlMinutes = effectiveTtl(input.executionType, input.drillTtlMinutes, plan.drillTtlMinutes);
  if (!plan.waves.length) throw new AppError('PLAN_HAS_NO_WAVES', 'Recovery Plan has no waves configured');

  // ---- Readiness (domain/readiness): refuse on a BLOCKING finding before anything is written, unless
  // force: then the overridden findings are recorded. DRS_QUOTA_EXCEEDED (more servers than DRS may
  // replicate) is one of them; the orchestrator waits for job capacity rather than refusing.
  const force = input.force === true;
  const overridden = await gateStart(plan, force);
  const readiness = force && overridden.length ? { forced: true, readinessOverride: overridden } : {};
  // ---- end of readiness

  // Tag selections are resolved now; the execution records exactly which servers it launches.
  const waves: StoredWave[] = [];
  const groupsRun: StoredGroup[] = [];
  for (const w of plan.waves) {
    const g = await getGroup(w.protectionGroupId);
    if (!g) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${w.protectionGroupId} not found`, { protectionGroupId: w.protectionGroupId });
    groupsRun.push(g);
    const servers = await groupServers(g);
    waves.push({
      waveNumber: w.waveNumber,
      name: w.name,
      protectionGroupId: g.id,
      protectionGroupName: g.name,
      status: 'PENDING',
      pauseBeforeWave: w.pauseBeforeWave,
      dependsOn: w.dependsOn,
      startTime: null,
      endTime: null,
      jobIds: [],
      errorMessage: null,
      region: g.region,
      accountId: g.accountId ?? null,
      servers: servers.map((s) => ({
        sourceServerId: s.sourceServerId,
        hostname: s.hostname ?? null,
        launchStatus: 'NOT_STARTED',
        recoveryInstanceId: null,
        jobId: null,
        startTime: null,
        endTime: null,
      })),
    });
  }
  const e: StoredExecution = {
    id: randomUUID(),
    recoveryPlanId: plan.id,
    recoveryPlanName: plan.name,
    executionType: input.executionType,
    status: 'PENDING',
    currentWave: null,
    totalWaves: waves.length,
    // Audit comes from the verified identity; what the caller said is kept beside it, never instead of it.
    initiatedBy: actor(who),
    startedBy: actor(who),
    invocationSource: authType(who),
    claimedInitiatedBy: input.initiatedBy ?? null,
    claimedInvocationSource: input.invocationSource ?? null,
    invocationDetails: checkJson(input.invocationDetails ?? null, 'invocationDetails', NOTE_LIMITS),
    startTime: new Date().toISOString(),
    endTime: null,
    errorMessage: null,
    waves,
    groupIds: [...new Set(plan.waves.map((w) => w.protectionGroupId))],
    ...readiness,
    // Drift (domain/drift): what this execution ran — plan version, waves, each group's configuration.
    // Internal: not in publicExecution, so it publishes nothing.
    baseline: executionBaseline(plan, groupsRun),
    ...(options.scheduleId ? { scheduleId: options.scheduleId } : {}),
    ...(drillTtlMinutes !== null ? { drillTtlMinutes } : {}),
  };
  await insertExecution(e);
  await recordLastExecution(plan.id, { id: e.id, status: e.status, executionType: e.executionType, startTime: e.startTime, endTime: null });
  try {
    const r = await sfn().send(
      new StartExecutionCommand({ stateMachineArn: process.env.STATE_MACHINE_ARN, name: e.id, input: JSON.stringify({ executionId: e.id }) }),
    );
    await ddb().send(
      new UpdateCommand({ TableName: tableName(), Key: execKey(e.id), UpdateExpression: 'SET sfnExecutionArn = :a', ExpressionAttributeValues: { ':a': r.executionArn } }),
    );
  } catch (err) {
    // The SDK's text stays in the log; the execution and the caller get a plain reason.
    logger.error('could not start the orchestrator', { error: err as Error, executionId: e.id });
    const message = 'Could not start the orchestrator';
    await finish(e, 'FAILED', message);
    const failed = { ...e, status: 'FAILED' as const, errorMessage: message, endTime: new Date().toISOString() };
    await recordLastExecution(plan.id, { id: e.id, status: 'FAILED', executionType: e.executionType, startTime: e.startTime, endTime: failed.endTime });
    throw new AppError('INTERNAL_ERROR', message, { executionId: e.id });
  }
  return publicExecution(e);
}

