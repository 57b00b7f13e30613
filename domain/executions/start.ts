// Starting an execution: the plan's waves with their servers resolved now, the locks, the state machine.
// The executions API and the drill scheduler start executions through here.
import { NOTE_LIMITS, checkJson } from '../../platform/json-input.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, drsLimits, sfn, tableName } from '../../platform/aws.ts';
import { AppError } from '../../platform/errors.ts';
import { execKey } from './keys.ts';
import { actor, isIam, type Identity } from '../../platform/resolver-event.ts';
import type { Execution, StartExecutionInput } from '../../platform/generated/graphql.ts';
import { getGroup } from '../protection-groups/store.ts';
import { groupServers } from '../protection-groups/inventory.ts';
import { getPlan, recordLastExecution } from '../recovery-plans/store.ts';
import { effectiveTtl } from './ttl-rules.ts';
import { finish, insertExecution, publicExecution, type StoredExecution, type StoredWave } from './store.ts';

const logger = new Logger({ serviceName: 'executions' });
const EXECUTION_TYPES = ['DRILL', 'RECOVERY'];

/** How the caller authenticated, in AppSync's own names (`ctx.identity` comes from one of these). */
export function authType(who: Identity): 'AWS_IAM' | 'AMAZON_COGNITO_USER_POOLS' | 'NONE' {
  if (isIam(who)) return 'AWS_IAM';
  return who ? 'AMAZON_COGNITO_USER_POOLS' : 'NONE';
}

export async function startExecution(input: StartExecutionInput, who: Identity): Promise<Execution> {
  if (!EXECUTION_TYPES.includes(input.executionType)) {
    throw new AppError('INVALID_EXECUTION_TYPE', 'ExecutionType must be DRILL or RECOVERY', { field: 'executionType' });
  }
  const plan = await getPlan(input.recoveryPlanId);
  if (!plan) throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${input.recoveryPlanId} not found`, { id: input.recoveryPlanId });
  // Drill TTL (ttl-rules.ts): the execution's own, else the plan's, for a drill; a RECOVERY never has one.
  const drillTtlMinutes = effectiveTtl(input.executionType, input.drillTtlMinutes, plan.drillTtlMinutes);
  if (!plan.waves.length) throw new AppError('PLAN_HAS_NO_WAVES', 'Recovery Plan has no waves configured');

  // Tag selections are resolved now; the execution records exactly which servers it launches.
  const waves: StoredWave[] = [];
  for (const w of plan.waves) {
    const g = await getGroup(w.protectionGroupId);
    if (!g) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${w.protectionGroupId} not found`, { protectionGroupId: w.protectionGroupId });
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
  // The orchestrator waits for DRS capacity (jobs, servers in jobs) rather than refusing; only a plan
  // that can never fit — more servers than the account may replicate — is refused here.
  const perRegion = new Map<string, Set<string>>();
  for (const w of waves) {
    const key = `${w.accountId ?? 'this account'} ${w.region}`;
    const ids = perRegion.get(key) ?? new Set<string>();
    for (const s of w.servers) ids.add(s.sourceServerId);
    perRegion.set(key, ids);
  }
  const { maxReplicatingServers } = drsLimits();
  for (const [where, ids] of perRegion) {
    if (ids.size > maxReplicatingServers) {
      throw new AppError('DRS_QUOTA_EXCEEDED', `The plan recovers ${ids.size} servers in ${where}; DRS replicates at most ${maxReplicatingServers} there`, {
        servers: ids.size,
        limit: maxReplicatingServers,
      });
    }
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

