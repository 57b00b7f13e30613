// One poll cycle of an execution ("tick"): read DRS once for the active jobs, settle servers and waves,
// start the waves whose dependencies completed (within DRS's limits), then record and publish what
// changed. The state machine calls it as Wait → Tick → Route, so a cycle costs three transitions.
// The decisions are domain/executions/progress.ts; this file does their I/O.
import { DescribeJobsCommand, StartRecoveryCommand, type Job } from '@aws-sdk/client-drs';
import { drsLimits } from '../../platform/aws.ts';
import { drs } from '../../domain/target-accounts/clients.ts';
import { activeDrsJobs } from '../../domain/executions/drs-jobs.ts';
import type { ExecutionServer } from '../../platform/generated/graphql.ts';
import { recordLastExecution } from '../../domain/recovery-plans/store.ts';
import { publishExecution, publishWave } from '../../domain/executions/publish.ts';
import {
  EXECUTION_TAG,
  WAVE_TAG,
  activeLoad,
  adoptAfterConflict,
  advance,
  conclude,
  jobsToPoll,
  planJobs,
  recordJob,
  scopeOf,
  snapshot,
} from '../../domain/executions/progress.ts';
import {
  finish,
  getExecution,
  isTerminal,
  mustGetExecution,
  saveProgress,
  transition,
  type StoredExecution,
  type StoredWave,
} from '../../domain/executions/store.ts';

export { EXECUTION_TAG } from '../../domain/executions/progress.ts';

export interface TickResult {
  executionId: string;
  status: 'RUNNING' | 'PAUSED' | 'DONE';
  waitSeconds: number;
}

const pollSeconds = () => Number(process.env.POLL_SECONDS ?? 15);

export async function init(id: string): Promise<TickResult> {
  const moved = await transition(id, ['PENDING'], 'IN_PROGRESS');
  if (moved) await publishExecution(moved);
  return tick(id);
}

/** One DescribeJobs per region and account (100 job ids a request) for every job of the execution still running. */
async function describeJobs(waves: StoredWave[]): Promise<Map<string, Map<string, Job>>> {
  const answers = new Map<string, Map<string, Job>>();
  for (const [scope, ids] of jobsToPoll(waves)) {
    const { region, accountId } = waves.find((w) => scopeOf(w) === scope)!;
    const jobs = new Map<string, Job>();
    const all = [...ids];
    for (let i = 0; i < all.length; i += 100) {
      let nextToken: string | undefined;
      do {
        const r = await drs(region, accountId).send(new DescribeJobsCommand({ filters: { jobIDs: all.slice(i, i + 100) }, nextToken }));
        for (const j of r.items ?? []) jobs.set(j.jobID!, j);
        nextToken = r.nextToken;
      } while (nextToken);
    }
    answers.set(scope, jobs);
  }
  return answers;
}

/** Starts the unstarted servers of `waves`, in wave order, as far as DRS's limits allow. */
async function startJobs(e: StoredExecution, waves: StoredWave[]): Promise<void> {
  const limits = drsLimits();
  for (const scope of [...new Set(waves.map(scopeOf))]) {
    const { region, accountId } = waves.find((w) => scopeOf(w) === scope)!;
    const recent = await activeDrsJobs(region, accountId);
    for (const { wave, servers } of planJobs(waves.filter((x) => scopeOf(x) === scope), activeLoad(recent), limits)) {
      recordJob(wave, servers, await startOrAdopt(e, wave, servers, recent));
    }
  }
}

/**
 * StartRecovery for a chunk; when DRS says a server is already in an active job (a retried cycle that
 * started it before it could record it), adopt that job if this execution started it.
 */
async function startOrAdopt(e: StoredExecution, w: StoredWave, chunk: ExecutionServer[], recent: Job[], retries = 2): Promise<Map<string, string>> {
  const ids = chunk.map((s) => s.sourceServerId);
  try {
    const r = await drs(w.region, w.accountId).send(
      new StartRecoveryCommand({
        sourceServers: ids.map((sourceServerID) => ({ sourceServerID })),
        isDrill: e.executionType === 'DRILL',
        tags: { [EXECUTION_TAG]: e.id, [WAVE_TAG]: String(w.waveNumber) },
      }),
    );
    return new Map(ids.map((id) => [id, r.job!.jobID!]));
  } catch (err) {
    if ((err as Error).name !== 'ConflictException') throw err;
    const fresh = [...recent, ...(await activeDrsJobs(w.region, w.accountId))];
    const { owned, free } = adoptAfterConflict(ids, fresh, e.id);
    // DRS may keep refusing servers that are in no job we can see: give up on them after a few tries
    // (recordJob fails the servers left without a job) rather than retry until the Lambda times out.
    if (free.length && retries > 0) {
      const retry = await startOrAdopt(e, w, chunk.filter((s) => free.includes(s.sourceServerId)), fresh, retries - 1);
      for (const [k, v] of retry) owned.set(k, v);
    }
    return owned;
  }
}

export async function tick(id: string): Promise<TickResult> {
  const e = await mustGetExecution(id);
  if (isTerminal(e.status)) return { executionId: id, status: 'DONE', waitSeconds: 0 };
  // Paused: wait for the resume (or cancel) that sends the task token back.
  if (e.status === 'PAUSED') return { executionId: id, status: 'PAUSED', waitSeconds: 0 };
  const waves: StoredWave[] = structuredClone(e.waves);
  const before = snapshot(waves);

  const plan = advance(e, waves, await describeJobs(waves));
  if (plan.startable.length) await startJobs(e, plan.startable);
  const { pause, currentWave, changed, final } = conclude(e, waves, plan, before);

  if (changed.length || currentWave !== e.currentWave) await saveProgress(id, waves, currentWave);
  for (const w of changed) await publishWave(id, w);

  if (final) {
    await finish({ ...e, waves }, final.status, final.errorMessage);
    await announceEnd(id);
    return { executionId: id, status: 'DONE', waitSeconds: 0 };
  }
  if (pause) {
    const moved = await transition(id, ['IN_PROGRESS', 'PAUSE_PENDING'], 'PAUSED');
    if (moved) {
      await publishExecution(moved);
      return { executionId: id, status: 'PAUSED', waitSeconds: 0 };
    }
  } else if (changed.length || currentWave !== e.currentWave) {
    const now = await getExecution(id);
    if (now) await publishExecution(now);
  }
  return { executionId: id, status: 'RUNNING', waitSeconds: pollSeconds() };
}

/** After the final transition: the plan's last execution, and the last publication. */
export async function announceEnd(id: string): Promise<void> {
  const e = await getExecution(id);
  if (!e) return;
  await recordLastExecution(e.recoveryPlanId, { id: e.id, status: e.status, executionType: e.executionType, startTime: e.startTime, endTime: e.endTime ?? null });
  await publishExecution(e);
}
