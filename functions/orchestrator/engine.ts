// One cycle of an execution ("tick"): apply the launch results DRS's events reported, read DRS once
// for the jobs still open, settle servers and waves, start the waves whose dependencies completed
// (within DRS's limits), record what changed (subscribers get it from the table's stream:
// domain/publishing), and answer how long the state machine may sleep before its fallback poll.
// Events, resume and cancel wake it earlier (domain/executions/wake.ts).
// The decisions are domain/executions/progress.ts; this file does their I/O.
import { DescribeJobsCommand, StartRecoveryCommand, type Job } from '@aws-sdk/client-drs';
import { drsLimits, pollSettings } from '../../platform/settings.ts';
import { AppError } from '../../platform/errors.ts';
import { drs } from '../../domain/target-accounts/clients.ts';
import { activeDrsJobs, drsJobsSince } from '../../domain/executions/drs-jobs.ts';
import { addOwnJobs, ownJobs, removeOwnJobs } from '../../domain/executions/drs-load.ts';
import { readWithResults, recordServerRuns, serverRuns } from '../../domain/executions/launch-results.ts';
import { applyLaunchResults } from '../../domain/executions/launch-events.ts';
import { clearWake } from '../../domain/executions/wake.ts';
import { pausedFields } from '../../domain/executions/pauses.ts';
import type { StoredServer } from '../../domain/executions/model.ts';
import { recordLastExecution } from '../../domain/recovery-plans/store.ts';
import {
  EXECUTION_TAG,
  FINAL_SERVER,
  WAVE_TAG,
  activeLoad,
  adoptAfterConflict,
  adoptEarlier,
  advance,
  conclude,
  fallbackSeconds,
  jobsToPoll,
  planJobs,
  recordJob,
  scopeOf,
  snapshot,
  type JobChunk,
  type JobLimits,
} from '../../domain/executions/progress.ts';
import {
  finish,
  getExecution,
  isTerminal,
  saveProgress,
  transition,
  type StoredExecution,
  type StoredWave,
} from '../../domain/executions/store.ts';

export interface TickResult {
  executionId: string;
  status: 'RUNNING' | 'PAUSED' | 'DONE';
  waitSeconds: number;
}

/** A paused execution waits for resume or cancel, which wake it; this only bounds a lost wake. */
const PAUSED_SECONDS = 3600;
/** DRS closes a job seconds after its last launch: how soon to look again when only that holds the room. */
const ROOM_SECONDS = 10;
/** Above this share of a DRS limit (by the orchestrator's own count), DRS's own list is read. */
const NEAR_LIMIT = 0.8;

export async function init(id: string): Promise<TickResult> {
  await transition(id, ['PENDING'], 'IN_PROGRESS');
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

/** Whether a plan leaves servers waiting or comes near a limit: then DRS's own count is worth reading. */
function nearLimit(load: { jobs: number; servers: number }, plan: JobChunk[], waves: StoredWave[], limits: JobLimits): boolean {
  const planned = plan.reduce((n, c) => n + c.servers.length, 0);
  const unstarted = waves.flatMap((w) => w.servers).filter((s) => !s.jobId && !FINAL_SERVER.includes(s.launchStatus)).length;
  return (
    planned < unstarted ||
    load.jobs + plan.length > NEAR_LIMIT * limits.maxConcurrentJobs ||
    load.servers + planned > NEAR_LIMIT * limits.maxServersInActiveJobs
  );
}

/**
 * Starts the unstarted servers of `waves`, in wave order, as far as DRS's limits allow: counted from
 * the orchestrator's own running jobs, or from DRS's list when near a limit (which also forgets own
 * jobs DRS no longer runs). A quota refusal stops this scope's starts until a later tick. Answers
 * `ending` when servers wait only for a job of ours (`done`: its servers all ended) that DRS has not
 * closed yet: then the next look comes in ROOM_SECONDS, not a whole fallback interval.
 */
async function startJobs(e: StoredExecution, waves: StoredWave[], done: ReadonlySet<string>): Promise<{ ending: boolean }> {
  const limits = drsLimits();
  let ending = false;
  for (const scope of [...new Set(waves.map(scopeOf))]) {
    const { region, accountId } = waves.find((w) => scopeOf(w) === scope)!;
    const mine = waves.filter((x) => scopeOf(x) === scope);
    const own = await ownJobs(region, accountId);
    let load = { jobs: own.length, servers: own.reduce((n, j) => n + j.servers, 0) };
    let plan = planJobs(mine, load, limits);
    if (nearLimit(load, plan, mine, limits)) {
      const active = await activeDrsJobs(region, accountId);
      const gone = own.filter((j) => !active.some((a) => a.jobID === j.jobId)).map((j) => j.jobId);
      if (gone.length) await removeOwnJobs(region, accountId, gone);
      load = activeLoad(active);
      plan = planJobs(mine, load, limits);
      // A job of ours whose servers all launched still counts until DRS ends it, seconds later.
      if (!plan.length && active.some((j) => done.has(j.jobID!))) ending = true;
    }
    if (!plan.length) continue;
    const earlier = await earlierStarts(e, region, accountId, plan);
    await recordServerRuns(
      plan.flatMap(({ wave, servers }) => servers.map((s) => ({ sourceServerId: s.sourceServerId, executionId: e.id, waveNumber: wave.waveNumber, region, accountId }))),
    );
    for (const { wave, servers } of plan) {
      const known = servers.filter((s) => earlier.has(s.sourceServerId));
      if (known.length) recordJob(wave, known, earlier);
      const rest = servers.filter((s) => !earlier.has(s.sourceServerId));
      if (!rest.length) continue;
      let jobOf: Map<string, string>;
      try {
        jobOf = await startOrAdopt(e, wave, rest);
      } catch (err) {
        if ((err as Error).name !== 'ServiceQuotaExceededException') throw err;
        break;
      }
      recordJob(wave, rest, jobOf);
      const jobs = [...new Set(jobOf.values())].map((jobId) => ({ jobId, servers: [...jobOf.values()].filter((j) => j === jobId).length }));
      await addOwnJobs(region, accountId, jobs, e.id);
    }
  }
  return { ending };
}

/**
 * The servers of `plan` an earlier attempt of this execution already put in a DRS job (their intent is
 * recorded, the job is not): found by the job's tags, since the recorded intent. Usually none, at the
 * cost of one batch read.
 */
async function earlierStarts(e: StoredExecution, region: string, accountId: string | null, plan: JobChunk[]): Promise<Map<string, string>> {
  const wanted = new Map(plan.flatMap(({ wave, servers }) => servers.map((s) => [s.sourceServerId, wave.waveNumber] as const)));
  const runs = [...(await serverRuns(region, [...wanted.keys()])).values()].filter((r) => r.executionId === e.id && r.intentAt);
  if (!runs.length) return new Map();
  const since = runs.map((r) => r.intentAt!).sort()[0];
  return adoptEarlier(wanted, await drsJobsSince(region, accountId, since), e.id);
}

/**
 * StartRecovery for a chunk; when DRS says a server is already in an active job (a retried cycle that
 * started it before it could record it), adopt that job if this execution started it.
 */
async function startOrAdopt(e: StoredExecution, w: StoredWave, chunk: StoredServer[], retries = 2): Promise<Map<string, string>> {
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
    const { owned, free } = adoptAfterConflict(ids, await activeDrsJobs(w.region, w.accountId), e.id);
    // DRS may keep refusing servers that are in no job we can see: give up on them after a few tries
    // (recordJob fails the servers left without a job) rather than retry until the Lambda times out.
    if (free.length && retries > 0) {
      const retry = await startOrAdopt(e, w, chunk.filter((s) => free.includes(s.sourceServerId)), retries - 1);
      for (const [k, v] of retry) owned.set(k, v);
    }
    return owned;
  }
}

/** This execution's jobs whose every server ended. */
const doneJobs = (waves: readonly StoredWave[]) => {
  const open = openJobs(waves);
  return new Set(waves.flatMap((w) => w.jobIds).filter((id) => !open.has(id)));
};

/** Jobs with a server not yet final: the ones that may end in this tick. */
const openJobs = (waves: readonly StoredWave[]) =>
  new Map(waves.flatMap((w) => w.servers.filter((s) => s.jobId && !FINAL_SERVER.includes(s.launchStatus)).map((s) => [s.jobId!, w] as const)));

/** Own jobs whose every server is now final no longer count against DRS's limits. */
async function forgetEndedJobs(open: Map<string, StoredWave>, waves: readonly StoredWave[]): Promise<void> {
  const still = openJobs(waves);
  const ended = [...open].filter(([jobId]) => !still.has(jobId));
  for (const scope of new Set(ended.map(([, w]) => scopeOf(w)))) {
    const inScope = ended.filter(([, w]) => scopeOf(w) === scope);
    await removeOwnJobs(inScope[0][1].region, inScope[0][1].accountId, inScope.map(([jobId]) => jobId));
  }
}

export async function tick(id: string): Promise<TickResult> {
  // First, so that anything happening from now on wakes the next Await at once.
  await clearWake(id);
  const { execution: e, results } = await readWithResults(id);
  if (!e) throw new AppError('EXECUTION_NOT_FOUND', `Execution with ID ${id} not found`, { id });
  if (isTerminal(e.status)) return { executionId: id, status: 'DONE', waitSeconds: 0 };
  // Paused: sleep until resume or cancel wakes it.
  if (e.status === 'PAUSED') return { executionId: id, status: 'PAUSED', waitSeconds: PAUSED_SECONDS };
  const waves: StoredWave[] = structuredClone(e.waves);
  const before = snapshot(waves);
  const open = openJobs(waves);

  applyLaunchResults(waves, results);
  const plan = advance(e, waves, await describeJobs(waves));
  // Before starting anything: the jobs that just ended give their room back.
  await forgetEndedJobs(open, waves);
  const { ending } = plan.startable.length ? await startJobs(e, plan.startable, doneJobs(waves)) : { ending: false };
  // Servers adopted from an earlier attempt may have launched already: their events were kept.
  applyLaunchResults(waves, results);
  const { pause, currentWave, changed, final } = conclude(e, waves, plan, before);

  if (changed.length || currentWave !== e.currentWave) await saveProgress(id, waves, currentWave, e.progressVersion);

  if (final) {
    await finish({ ...e, waves }, final.status, final.errorMessage);
    await announceEnd(id);
    return { executionId: id, status: 'DONE', waitSeconds: 0 };
  }
  if (pause && (await transition(id, ['IN_PROGRESS', 'PAUSE_PENDING'], 'PAUSED', pausedFields(new Date().toISOString())))) {
    return { executionId: id, status: 'PAUSED', waitSeconds: PAUSED_SECONDS };
  }
  const sleep = fallbackSeconds(waves, Date.now(), pollSettings());
  return { executionId: id, status: 'RUNNING', waitSeconds: ending ? Math.min(ROOM_SECONDS, sleep) : sleep };
}

/** After the final transition: the plan's last execution (the final state reaches subscribers through the stream). */
export async function announceEnd(id: string): Promise<void> {
  const e = await getExecution(id);
  if (!e) return;
  await recordLastExecution(e.recoveryPlanId, { id: e.id, status: e.status, executionType: e.executionType, startTime: e.startTime, endTime: e.endTime ?? null });
}
