// One poll cycle of an execution ("tick"): read DRS once for the active jobs, settle servers and waves,
// start the waves whose dependencies completed (within DRS's limits), then record and publish what
// changed. The state machine calls it as Wait → Tick → Route, so a cycle costs three transitions.
import { DescribeJobsCommand, StartRecoveryCommand, type Job } from '@aws-sdk/client-drs';
import { drsLimits } from '../../platform/aws.ts';
import { drs } from '../../domain/target-accounts/clients.ts';
import { activeDrsJobs } from '../../domain/executions/drs-jobs.ts';
import type { ExecutionServer, ExecutionStatus, WaveStatus } from '../../platform/generated/graphql.ts';
import { recordLastExecution } from '../../domain/recovery-plans/store.ts';
import { publishExecution, publishWave } from '../../domain/executions/publish.ts';
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

export interface TickResult {
  executionId: string;
  status: 'RUNNING' | 'PAUSED' | 'DONE';
  waitSeconds: number;
}

export const EXECUTION_TAG = 'drs-orchestrator:execution';
const pollSeconds = () => Number(process.env.POLL_SECONDS ?? 15);
const RUNNING_WAVE: WaveStatus[] = ['WAITING', 'STARTED', 'IN_PROGRESS'];
const DONE_WAVE: WaveStatus[] = ['COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED'];
const FINAL_SERVER = ['LAUNCHED', 'FAILED', 'TERMINATED', 'CANCELLED'];

const now = () => new Date().toISOString();

export async function init(id: string): Promise<TickResult> {
  const moved = await transition(id, ['PENDING'], 'IN_PROGRESS');
  if (moved) await publishExecution(moved);
  return tick(id);
}

/** DRS is per region and account: waves are polled and started per (region, account). */
const scopeOf = (w: StoredWave) => `${w.region}|${w.accountId ?? ''}`;

/** One DescribeJobs per region and account for every job of the execution still running. */
async function poll(waves: StoredWave[]): Promise<void> {
  const byScope = new Map<string, Set<string>>();
  for (const w of waves.filter((x) => RUNNING_WAVE.includes(x.status))) {
    for (const s of w.servers) {
      if (s.jobId && !FINAL_SERVER.includes(s.launchStatus)) {
        byScope.set(scopeOf(w), (byScope.get(scopeOf(w)) ?? new Set()).add(s.jobId));
      }
    }
  }
  for (const [scope, ids] of byScope) {
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
    for (const w of waves.filter((x) => scopeOf(x) === scope)) {
      for (const s of w.servers) {
        const job = s.jobId ? jobs.get(s.jobId) : undefined;
        if (!job || FINAL_SERVER.includes(s.launchStatus)) continue;
        const p = job.participatingServers?.find((x) => x.sourceServerID === s.sourceServerId);
        if (p?.launchStatus) s.launchStatus = p.launchStatus;
        if (p?.recoveryInstanceID) s.recoveryInstanceId = p.recoveryInstanceID;
        // A finished job decides every server it still lists as pending.
        if (job.status === 'COMPLETED' && !FINAL_SERVER.includes(s.launchStatus)) s.launchStatus = 'FAILED';
        if (FINAL_SERVER.includes(s.launchStatus)) s.endTime = now();
      }
    }
  }
}

function settle(w: StoredWave): void {
  if (!RUNNING_WAVE.includes(w.status) || w.servers.some((s) => !s.jobId && s.launchStatus !== 'FAILED')) return;
  if (w.servers.some((s) => s.launchStatus === 'IN_PROGRESS' || s.launchStatus === 'LAUNCHED')) w.status = 'IN_PROGRESS';
  if (!w.servers.every((s) => FINAL_SERVER.includes(s.launchStatus))) return;
  w.startTime ??= now();
  const failed = w.servers.filter((s) => s.launchStatus !== 'LAUNCHED');
  w.status = failed.length ? 'FAILED' : 'COMPLETED';
  w.endTime = now();
  if (failed.length) {
    w.errorMessage = `${failed.length} server(s) failed to launch in wave ${w.waveNumber}: ${failed.map((s) => s.sourceServerId).join(', ')}`;
  }
}

/** A failed wave stops every wave that depends on it, directly or not. */
function skipDependents(waves: StoredWave[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const w of waves.filter((x) => x.status === 'PENDING' || x.status === 'PAUSED')) {
      const bad = w.dependsOn.find((d) => ['FAILED', 'SKIPPED'].includes(waves.find((x) => x.waveNumber === d)?.status ?? ''));
      if (bad !== undefined) {
        w.status = 'SKIPPED';
        w.errorMessage = `Skipped: wave ${bad} it depends on did not complete`;
        w.endTime = now();
        changed = true;
      }
    }
  }
}

/** Starts the unstarted servers of `waves`, in wave order, as far as DRS's limits allow. */
async function startJobs(e: StoredExecution, waves: StoredWave[]): Promise<void> {
  const limits = drsLimits();
  for (const scope of [...new Set(waves.map(scopeOf))]) {
    const { region, accountId } = waves.find((w) => scopeOf(w) === scope)!;
    const recent = await activeDrsJobs(region, accountId);
    let jobs = recent.length;
    let servers = recent.reduce((n, j) => n + (j.participatingServers?.length ?? 0), 0);
    for (const w of waves.filter((x) => scopeOf(x) === scope)) {
      let pending = w.servers.filter((s) => !s.jobId && s.launchStatus !== 'FAILED');
      while (pending.length && jobs < limits.maxConcurrentJobs && servers < limits.maxServersInActiveJobs) {
        const chunk = pending.slice(0, Math.min(limits.maxServersPerJob, limits.maxServersInActiveJobs - servers));
        const job = await startOrAdopt(e, w, chunk, recent);
        for (const s of chunk) {
          const jobId = job.get(s.sourceServerId);
          if (jobId) {
            Object.assign(s, { jobId, launchStatus: 'PENDING', startTime: now() });
          } else {
            Object.assign(s, { launchStatus: 'FAILED', endTime: now() });
            w.errorMessage = `Server ${s.sourceServerId} is in another active DRS job`;
          }
        }
        for (const id of new Set(job.values())) if (!w.jobIds.includes(id)) w.jobIds.push(id);
        jobs += 1;
        servers += chunk.length;
        if (!w.startTime) w.startTime = now();
        if (w.status === 'WAITING') w.status = 'STARTED';
        pending = pending.slice(chunk.length);
      }
    }
  }
}

/**
 * StartRecovery for a chunk; when DRS says a server is already in an active job (a retried cycle that
 * started it before it could record it), adopt that job if this execution started it.
 */
async function startOrAdopt(e: StoredExecution, w: StoredWave, chunk: ExecutionServer[], recent: Job[]): Promise<Map<string, string>> {
  const ids = chunk.map((s) => s.sourceServerId);
  try {
    const r = await drs(w.region, w.accountId).send(
      new StartRecoveryCommand({
        sourceServers: ids.map((sourceServerID) => ({ sourceServerID })),
        isDrill: e.executionType === 'DRILL',
        tags: { [EXECUTION_TAG]: e.id, 'drs-orchestrator:wave': String(w.waveNumber) },
      }),
    );
    return new Map(ids.map((id) => [id, r.job!.jobID!]));
  } catch (err) {
    if ((err as Error).name !== 'ConflictException') throw err;
    const fresh = [...recent, ...(await activeDrsJobs(w.region, w.accountId))];
    const owned = new Map<string, string>();
    for (const j of fresh.filter((x) => x.tags?.[EXECUTION_TAG] === e.id)) {
      for (const p of j.participatingServers ?? []) if (ids.includes(p.sourceServerID!)) owned.set(p.sourceServerID!, j.jobID!);
    }
    const rest = ids.filter((id) => !owned.has(id));
    const busy = new Set(fresh.flatMap((j) => (j.participatingServers ?? []).map((p) => p.sourceServerID!)));
    const free = rest.filter((id) => !busy.has(id));
    if (free.length) {
      const retry = await startOrAdopt(e, w, chunk.filter((s) => free.includes(s.sourceServerId)), fresh);
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
  const before = waves.map((w) => JSON.stringify(w));
  const done = (n: number) => waves.find((w) => w.waveNumber === n)?.status === 'COMPLETED';

  await poll(waves);
  waves.forEach(settle);
  skipDependents(waves);

  let pause = false;
  if (e.status === 'CANCELLING') {
    for (const w of waves) {
      const untouched = w.servers.every((s) => !s.jobId);
      if (['PENDING', 'PAUSED'].includes(w.status) || (w.status === 'WAITING' && untouched)) {
        w.status = 'CANCELLED';
        w.endTime = now();
      }
    }
  } else if (e.status === 'IN_PROGRESS' || e.status === 'PAUSE_PENDING') {
    const resumed = new Set(e.resumedWaves ?? []);
    const ready = waves.filter((w) => ['PENDING', 'PAUSED'].includes(w.status) && w.dependsOn.every(done));
    // A requested pause lets running waves finish (including their remaining jobs) but starts no new wave.
    const mayStartNew = e.status === 'IN_PROGRESS';
    const gated = ready.filter((w) => w.pauseBeforeWave && !resumed.has(w.waveNumber));
    if (mayStartNew) for (const w of ready.filter((x) => !gated.includes(x))) w.status = 'WAITING';
    const startable = waves.filter((w) => RUNNING_WAVE.includes(w.status) && w.servers.some((s) => !s.jobId && s.launchStatus !== 'FAILED'));
    if (startable.length) await startJobs(e, startable);
    waves.forEach(settle);
    const running = waves.some((w) => RUNNING_WAVE.includes(w.status));
    if (!running && (e.status === 'PAUSE_PENDING' || gated.length)) {
      pause = true;
      for (const w of gated) w.status = 'PAUSED';
    }
  }

  const started = waves.filter((w) => w.status !== 'PENDING' && w.status !== 'SKIPPED' && w.status !== 'CANCELLED');
  const currentWave = started.length ? Math.max(...started.map((w) => w.waveNumber)) : e.currentWave ?? null;
  const changed = waves.filter((w, i) => JSON.stringify(w) !== before[i]);
  if (changed.length || currentWave !== e.currentWave) await saveProgress(id, waves, currentWave);
  for (const w of changed) await publishWave(id, w);

  if (waves.every((w) => DONE_WAVE.includes(w.status)) && !pause) {
    const failed = waves.find((w) => w.status === 'FAILED');
    const final: ExecutionStatus = e.status === 'CANCELLING' ? 'CANCELLED' : waves.some((w) => w.status === 'FAILED' || w.status === 'SKIPPED') ? 'FAILED' : 'COMPLETED';
    await finish({ ...e, waves }, final, final === 'FAILED' ? failed?.errorMessage ?? 'A wave did not complete' : null);
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
