// Executions API: start a plan's run, steer it (cancel, pause, resume), clean up after it.
import { NOTE_LIMITS, checkJson } from '../../platform/json-input.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import {
  DescribeJobLogItemsCommand,
  DescribeRecoveryInstancesCommand,
  TerminateRecoveryInstancesCommand,
} from '@aws-sdk/client-drs';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, drsLimits, sfn, tableName } from '../../platform/aws.ts';
import { drs } from '../../domain/target-accounts/clients.ts';
import { queryAllListed } from '../../platform/query.ts';
import { AppError } from '../../platform/errors.ts';
import { EXEC_LIST, execKey } from '../../domain/executions/keys.ts';
import { actor, isIam, type Identity } from '../../platform/resolver-event.ts';
import type {
  DeleteExecutionsResult,
  Execution,
  ExecutionJobLogs,
  ExecutionStatus,
  JobLogEvent,
  StartExecutionInput,
  TerminationResult,
  TerminationStatus,
} from '../../platform/generated/graphql.ts';
import { getGroup } from '../../domain/protection-groups/store.ts';
import { drsError, groupServers } from '../../domain/protection-groups/inventory.ts';
import { getPlan, recordLastExecution } from '../../domain/recovery-plans/store.ts';
import {
  ACTIVE,
  TERMINAL,
  finish,
  insertExecution,
  isTerminal,
  mustGetExecution,
  publicExecution,
  transition,
  type StoredExecution,
  type StoredWave,
} from '../../domain/executions/store.ts';
import { wake } from '../../domain/executions/wake.ts';

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

export async function cancelExecution(id: string): Promise<Execution> {
  const e = await mustGetExecution(id);
  const from: ExecutionStatus[] = ACTIVE.filter((s) => s !== 'CANCELLING');
  const moved = from.includes(e.status) ? await transition(id, from, 'CANCELLING') : null;
  if (!moved) {
    const now = await mustGetExecution(id);
    throw new AppError('EXECUTION_NOT_CANCELLABLE', `Execution cannot be cancelled - status is ${now.status}`, { status: now.status });
  }
  // The orchestrator cancels what has not started yet, now rather than at its next fallback poll.
  await wake(id);
  return publicExecution(moved);
}

export async function pauseExecution(id: string): Promise<Execution> {
  const e = await mustGetExecution(id);
  if (e.status !== 'IN_PROGRESS') throw new AppError('EXECUTION_NOT_PAUSABLE', `Execution cannot be paused - status is ${e.status}`, { status: e.status });
  if (e.totalWaves < 2) throw new AppError('SINGLE_WAVE_NOT_PAUSABLE', 'Cannot pause single-wave execution');
  if (!e.waves.some((w) => ['PENDING', 'WAITING', 'PAUSED'].includes(w.status) && w.servers.every((s) => !s.jobId))) {
    throw new AppError('NO_PENDING_WAVES', 'Cannot pause - no pending waves remaining');
  }
  const moved = await transition(id, ['IN_PROGRESS'], 'PAUSE_PENDING');
  if (!moved) {
    const now = await mustGetExecution(id);
    throw new AppError('EXECUTION_NOT_PAUSABLE', `Execution cannot be paused - status is ${now.status}`, { status: now.status });
  }
  // With nothing running the pause takes effect at once; otherwise when the running waves end.
  await wake(id);
  return publicExecution(moved);
}

export async function resumeExecution(id: string): Promise<Execution> {
  const e = await mustGetExecution(id);
  const paused = e.waves.filter((w) => w.status === 'PAUSED').map((w) => w.waveNumber);
  const resumedWaves = [...new Set([...(e.resumedWaves ?? []), ...paused])];
  const moved = e.status === 'PAUSED' ? await transition(id, ['PAUSED'], 'IN_PROGRESS', { resumedWaves }) : null;
  if (!moved) {
    const now = await mustGetExecution(id);
    throw new AppError('EXECUTION_NOT_RESUMABLE', `Execution cannot be resumed - status is ${now.status}`, { status: now.status });
  }
  await wake(id);
  return publicExecution(moved);
}

type Instance = { instanceId: string; sourceServerId: string };

/** Recovery instances by the DRS they live in: one (region, account) per entry. */
function instancesByScope(e: StoredExecution): Map<string, { region: string; accountId: string | null; instances: Instance[] }> {
  const out = new Map<string, { region: string; accountId: string | null; instances: Instance[] }>();
  for (const w of e.waves) {
    const key = `${w.region}|${w.accountId ?? ''}`;
    for (const s of w.servers) {
      if (!s.recoveryInstanceId) continue;
      const scope = out.get(key) ?? { region: w.region, accountId: w.accountId ?? null, instances: [] };
      scope.instances.push({ instanceId: s.recoveryInstanceId, sourceServerId: s.sourceServerId });
      out.set(key, scope);
    }
  }
  return out;
}

export async function terminateInstances(id: string): Promise<TerminationResult> {
  const e = await mustGetExecution(id);
  if (!isTerminal(e.status)) {
    throw new AppError('EXECUTION_ACTIVE', `Recovery instances can be terminated once the execution has ended (status is ${e.status})`, { status: e.status });
  }
  const byScope = instancesByScope(e);
  if (!byScope.size) throw new AppError('NO_RECOVERY_INSTANCES', 'This execution launched no recovery instances');
  const jobs: NonNullable<StoredExecution['terminationJobs']> = [];
  const terminatedInstances = [];
  for (const { region, accountId, instances } of byScope.values()) {
    for (let i = 0; i < instances.length; i += 200) {
      const chunk = instances.slice(i, i + 200);
      const r = await drs(region, accountId)
        .send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: chunk.map((x) => x.instanceId) }))
        .catch((err) => drsError(region, err));
      jobs.push({ region, accountId, jobId: r.job!.jobID!, instanceIds: chunk.map((x) => x.instanceId) });
      terminatedInstances.push(...chunk.map((x) => ({ ...x, status: 'terminating' })));
    }
  }
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: execKey(id),
      UpdateExpression: 'SET terminationJobs = list_append(if_not_exists(terminationJobs, :empty), :jobs)',
      ExpressionAttributeValues: { ':jobs': jobs, ':empty': [] },
    }),
  );
  return { executionId: id, terminatedInstances, jobIds: jobs.map((j) => j.jobId) };
}

export async function terminationStatus(id: string): Promise<TerminationStatus> {
  const e = await mustGetExecution(id);
  const scopes = [...instancesByScope(e).values()];
  const all = scopes.flatMap((x) => x.instances);
  const jobs = e.terminationJobs ?? [];
  if (!jobs.length) return { executionId: id, status: 'NOT_STARTED', total: all.length, terminated: 0, instances: all.map((x) => ({ ...x, status: 'running' })) };
  const remaining = new Set<string>();
  for (const { region, accountId, instances } of scopes) {
    const ids = instances.map((x) => x.instanceId);
    for (let i = 0; i < ids.length; i += 200) {
      let nextToken: string | undefined;
      do {
        const r = await drs(region, accountId).send(new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: ids.slice(i, i + 200) }, nextToken }));
        for (const ri of r.items ?? []) remaining.add(ri.recoveryInstanceID!);
        nextToken = r.nextToken;
      } while (nextToken);
    }
  }
  const asked = new Set(jobs.flatMap((j) => j.instanceIds));
  const instances = all.map((x) => ({
    ...x,
    status: !remaining.has(x.instanceId) ? 'terminated' : asked.has(x.instanceId) ? 'terminating' : 'running',
  }));
  const terminated = instances.filter((x) => x.status === 'terminated').length;
  return { executionId: id, status: terminated === instances.length ? 'COMPLETED' : 'IN_PROGRESS', total: instances.length, terminated, instances };
}

export async function jobLogs(id: string): Promise<ExecutionJobLogs> {
  const e = await mustGetExecution(id);
  const events: JobLogEvent[] = [];
  for (const w of e.waves) {
    for (const jobId of w.jobIds) {
      let nextToken: string | undefined;
      do {
        const r = await drs(w.region, w.accountId).send(new DescribeJobLogItemsCommand({ jobID: jobId, nextToken }));
        for (const item of r.items ?? []) {
          events.push({
            jobId,
            waveNumber: w.waveNumber,
            event: item.event ?? 'UNKNOWN',
            eventTime: item.logDateTime ?? e.startTime,
            sourceServerId: item.eventData?.sourceServerID ?? null,
            conversionServerId: item.eventData?.conversionServerID ?? null,
            targetInstanceId: item.eventData?.targetInstanceID ?? null,
            rawError: item.eventData?.rawError ?? null,
          });
        }
        nextToken = r.nextToken;
      } while (nextToken);
    }
  }
  return { executionId: id, events };
}

/** Deletes finished executions; active ones are refused (history of a running execution is kept). */
export async function deleteExecutions(ids: readonly string[]): Promise<DeleteExecutionsResult> {
  const result: DeleteExecutionsResult = { deleted: [], refused: [], notFound: [] };
  for (const id of new Set(ids)) {
    try {
      await ddb().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: execKey(id),
          ConditionExpression: 'attribute_exists(pk) AND #status IN (:a, :b, :c)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':a': TERMINAL[0], ':b': TERMINAL[1], ':c': TERMINAL[2] },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      result.deleted.push(id);
    } catch (err) {
      const e = err as Error & { Item?: Record<string, unknown> };
      if (e.name !== 'ConditionalCheckFailedException') throw err;
      (e.Item ? result.refused : result.notFound).push(id);
    }
  }
  return result;
}

export async function deleteFinished(): Promise<DeleteExecutionsResult> {
  const finished = await queryAllListed(EXEC_LIST, {
    FilterExpression: '#status IN (:a, :b, :c)',
    ExpressionAttributeNames: { '#status': 'status' },
    ProjectionExpression: 'id',
    values: { ':a': TERMINAL[0], ':b': TERMINAL[1], ':c': TERMINAL[2] },
  });
  return deleteExecutions(finished.map((i) => i.id as string));
}
