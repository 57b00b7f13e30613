// Executions API: steer a run (cancel, pause, resume), its termination status, job logs and deletion.
import { DescribeJobLogItemsCommand } from '@aws-sdk/client-drs';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws.ts';
import { drs } from '../../domain/target-accounts/clients.ts';
import { queryAllListed } from '../../platform/query.ts';
import { AppError } from '../../platform/errors.ts';
import { EXEC_LIST, execKey } from '../../domain/executions/keys.ts';
import type { DeleteExecutionsResult, Execution, ExecutionJobLogs, ExecutionStatus, JobLogEvent, TerminationStatus } from '../../platform/generated/graphql.ts';
import { ACTIVE, TERMINAL, mustGetExecution, publicExecution, transition } from '../../domain/executions/store.ts';
import { wake } from '../../domain/executions/wake.ts';
import { resumedFields } from '../../domain/executions/pauses.ts';
import { instancesByScope, remainingInstances } from '../../domain/executions/termination.ts';

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
  const set = { resumedWaves, ...resumedFields(e, new Date().toISOString()) };
  const moved = e.status === 'PAUSED' ? await transition(id, ['PAUSED'], 'IN_PROGRESS', set, ['pausedAt']) : null;
  if (!moved) {
    const now = await mustGetExecution(id);
    throw new AppError('EXECUTION_NOT_RESUMABLE', `Execution cannot be resumed - status is ${now.status}`, { status: now.status });
  }
  await wake(id);
  return publicExecution(moved);
}


export async function terminationStatus(id: string): Promise<TerminationStatus> {
  const e = await mustGetExecution(id);
  const scopes = [...instancesByScope(e).values()];
  const all = scopes.flatMap((x) => x.instances);
  const jobs = e.terminationJobs ?? [];
  if (!jobs.length) return { executionId: id, status: 'NOT_STARTED', total: all.length, terminated: 0, instances: all.map((x) => ({ ...x, status: 'running' })) };
  const remaining = await remainingInstances(scopes);
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
