// The orchestrator's decisions for one poll cycle ("tick"), with no I/O: what DRS's job answers mean
// for servers and waves, which waves a failure skips, which waves start next, how a wave's servers are
// split into DRS jobs within DRS's limits, and how the execution ends. functions/orchestrator/engine.ts
// does the I/O (DescribeJobs, StartRecovery, the store, publishing) around them:
//
//   advance(execution, waves, DescribeJobs answers) → the waves to start
//   planJobs / recordJob                           ← around each StartRecovery
//   conclude(execution, waves, plan, snapshot)     → pause? final status? what changed?
//
// Waves are changed in place (the engine works on a copy of the stored waves).
import type { ExecutionStatus, WaveStatus } from '../../platform/generated/graphql.ts';
import type { StoredExecution, StoredServer, StoredWave } from './model.ts';

/** The DRS tags the orchestrator puts on the jobs it starts. */
export const EXECUTION_TAG = 'drs-orchestrator:execution';
export const WAVE_TAG = 'drs-orchestrator:wave';

export const RUNNING_WAVE: readonly WaveStatus[] = ['WAITING', 'STARTED', 'IN_PROGRESS'];
export const DONE_WAVE: readonly WaveStatus[] = ['COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED'];
/** Server launch statuses after which DRS has nothing more to say about the server. */
export const FINAL_SERVER: readonly string[] = ['LAUNCHED', 'FAILED', 'TERMINATED', 'CANCELLED'];

/** Timestamps of the decisions; the engine uses the wall clock, tests a fixed one. */
export type Clock = () => string;
const wallClock: Clock = () => new Date().toISOString();

/** What the decisions read of a DRS job (the SDK's `Job` has these fields). */
export interface DrsJobAnswer {
  jobID?: string;
  status?: string;
  tags?: Record<string, string>;
  participatingServers?: Array<{ sourceServerID?: string; launchStatus?: string; recoveryInstanceID?: string }>;
}

/** DRS's limits the orchestrator waits for (platform/aws.ts drsLimits() reads them at run time). */
export interface JobLimits {
  maxServersPerJob: number;
  maxConcurrentJobs: number;
  maxServersInActiveJobs: number;
}

/** DRS is per region and account: waves are polled and started per (region, account). */
export const scopeOf = (w: Pick<StoredWave, 'region' | 'accountId'>) => `${w.region}|${w.accountId ?? ''}`;

const isRunning = (w: StoredWave) => RUNNING_WAVE.includes(w.status);
/** A server the orchestrator has not put in a DRS job yet (and has not given up on, nor cancelled). */
export const unstarted = (s: StoredServer) => !s.jobId && s.launchStatus !== 'FAILED' && s.launchStatus !== 'CANCELLED';

/** The waves as they were, to tell afterwards which ones a tick changed. */
export const snapshot = (waves: readonly StoredWave[]) => waves.map((w) => JSON.stringify(w));

// ─── Reading DRS ────────────────────────────────────────────────────────────────────────────────

/** A launched server whose recovery instance DRS has not named to us yet (an event does not carry it). */
const lacksInstance = (s: StoredServer) => s.launchStatus === 'LAUNCHED' && !s.recoveryInstanceId;

/**
 * The jobs to ask DRS about, per scope: every job with a server not yet final in a running wave, and
 * every job with a launched server whose recovery instance is not known yet.
 */
export function jobsToPoll(waves: readonly StoredWave[]): Map<string, Set<string>> {
  const byScope = new Map<string, Set<string>>();
  for (const w of waves) {
    for (const s of w.servers) {
      if (s.jobId && ((isRunning(w) && !FINAL_SERVER.includes(s.launchStatus)) || lacksInstance(s))) {
        byScope.set(scopeOf(w), (byScope.get(scopeOf(w)) ?? new Set()).add(s.jobId));
      }
    }
  }
  return byScope;
}

/**
 * One scope's DescribeJobs answer (jobs by id) applied to the servers of that scope's waves: launch
 * status and recovery instance as DRS reports them; a COMPLETED job decides every server it still
 * lists as pending (FAILED). A server whose job is not in the answer keeps its state, and a server
 * already final (e.g. by a launch event) keeps its status.
 */
export function applyJobAnswers(waves: readonly StoredWave[], jobs: ReadonlyMap<string, DrsJobAnswer>, now: Clock = wallClock): void {
  for (const w of waves) {
    for (const s of w.servers) {
      const job = s.jobId ? jobs.get(s.jobId) : undefined;
      const p = job?.participatingServers?.find((x) => x.sourceServerID === s.sourceServerId);
      // A launch an event already decided keeps its status; DRS adds the recovery instance.
      if (lacksInstance(s) && p?.recoveryInstanceID) s.recoveryInstanceId = p.recoveryInstanceID;
      if (!job || FINAL_SERVER.includes(s.launchStatus)) continue;
      if (p?.launchStatus) s.launchStatus = p.launchStatus;
      if (p?.recoveryInstanceID) s.recoveryInstanceId = p.recoveryInstanceID;
      if (job.status === 'COMPLETED' && !FINAL_SERVER.includes(s.launchStatus)) s.launchStatus = 'FAILED';
      if (FINAL_SERVER.includes(s.launchStatus)) s.endTime = now();
    }
  }
}

// ─── Waves ──────────────────────────────────────────────────────────────────────────────────────

/**
 * A running wave's status from its servers: nothing while some server still waits for a job;
 * IN_PROGRESS once one is launching or launched; COMPLETED when every server LAUNCHED, FAILED (with
 * the failed servers named) when every server is final and one did not launch; CANCELLED when a cancel
 * stopped servers that were still waiting for a job.
 */
export function settleWave(w: StoredWave, now: Clock = wallClock): void {
  // A server is measured as soon as it is final (by a DRS answer or an event), its wave once it settles.
  w.servers.forEach(measureServer);
  if (!isRunning(w) || w.servers.some(unstarted)) return;
  if (w.servers.some((s) => s.launchStatus === 'IN_PROGRESS' || s.launchStatus === 'LAUNCHED')) w.status = 'IN_PROGRESS';
  if (!w.servers.every((s) => FINAL_SERVER.includes(s.launchStatus))) return;
  w.startTime ??= now();
  const failed = w.servers.filter((s) => s.launchStatus !== 'LAUNCHED' && s.launchStatus !== 'CANCELLED');
  w.status = failed.length ? 'FAILED' : w.servers.some((s) => s.launchStatus === 'CANCELLED') ? 'CANCELLED' : 'COMPLETED';
  w.endTime = now();
  measureWave(w);
  if (failed.length) {
    w.errorMessage = `${failed.length} server(s) failed to launch in wave ${w.waveNumber}: ${failed.map((s) => s.sourceServerId).join(', ')}`;
  }
}

// ─── Measured durations ─────────────────────────────────────────────────────────────────────────
// From the times the orchestrator records (its clock; a server's end is the time DRS's event or
// answer reported it), in seconds with millisecond precision. Never negative: an event's time has
// whole seconds only, so it can fall before the start the Lambda recorded for a short launch.

const seconds = (from: string, to: string) => Math.max(0, Math.round(Date.parse(to) - Date.parse(from))) / 1000;
const measured = (s: StoredServer) => (s.launchStatus === 'LAUNCHED' || s.launchStatus === 'FAILED') && !!s.startTime && !!s.endTime;

/** A server's launch: from its launch request (StartRecovery) to DRS reporting it LAUNCHED or FAILED. */
export function measureServer(s: StoredServer): void {
  if (measured(s)) s.launchDurationSeconds = seconds(s.startTime!, s.endTime!);
}

/** When a wave's last measured server settled (null when none was launched). Event times lack milliseconds: compared as times, not text. */
function lastServerEnd(w: StoredWave): string | null {
  const ends = w.servers.filter(measured).map((s) => Date.parse(s.endTime!));
  return ends.length ? new Date(Math.max(...ends)).toISOString() : null;
}

/** A settled wave: from its start (its first StartRecovery) to its last server settling. */
export function measureWave(w: StoredWave): void {
  const end = lastServerEnd(w);
  if (w.startTime && end) w.durationSeconds = Math.max(seconds(w.startTime, end), ...w.servers.map((s) => s.launchDurationSeconds ?? 0));
}

/** When a measured wave settled, as the RTO counts it: its start plus its duration (epoch ms); null if unmeasured. */
export const measuredEnd = (w: Pick<StoredWave, 'startTime' | 'durationSeconds'>): number | null =>
  w.startTime && w.durationSeconds != null ? Date.parse(w.startTime) + w.durationSeconds * 1000 : null;

/** The execution's RTO: from its start to the last measured wave settling; null when no wave was. */
export function measureRto(startTime: string, waves: readonly StoredWave[]): number | null {
  const ends = waves.map(measuredEnd).filter((x): x is number => x != null);
  if (!ends.length) return null;
  return Math.max(seconds(startTime, new Date(Math.max(...ends)).toISOString()), ...waves.map((w) => w.durationSeconds ?? 0));
}

/** A failed wave stops every wave that depends on it, directly or not; independent waves go on. */
export function skipDependents(waves: StoredWave[], now: Clock = wallClock): void {
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

/**
 * CANCELLING: waves not started yet are cancelled; waves with DRS jobs run to their end (jobs cannot be
 * recalled), but their servers still waiting for a job are cancelled, so those waves can end.
 */
export function cancelUnstarted(waves: StoredWave[], now: Clock = wallClock): void {
  for (const w of waves) {
    const untouched = w.servers.every((s) => !s.jobId);
    if (['PENDING', 'PAUSED'].includes(w.status) || (w.status === 'WAITING' && untouched)) {
      w.status = 'CANCELLED';
      w.endTime = now();
    } else if (isRunning(w)) {
      for (const s of w.servers.filter(unstarted)) {
        s.launchStatus = 'CANCELLED';
        s.endTime = now();
      }
    }
  }
}

/**
 * The waves a wave waits for: the orchestrator starts a wave once every wave it dependsOn COMPLETED,
 * whatever its number (waves with no dependsOn start together). The predicted timeline
 * (domain/drills/timeline.ts) follows the same rule.
 */
export const prerequisitesOf = (w: { dependsOn?: readonly number[] | null }): readonly number[] => w.dependsOn ?? [];

/**
 * The waves whose dependencies all COMPLETED (PENDING, or PAUSED before them). While IN_PROGRESS they
 * become WAITING (to be started), except those with pauseBeforeWave that no resume released yet: those
 * are answered as `gated`. PAUSE_PENDING starts no new wave.
 */
export function admitReady(e: Pick<StoredExecution, 'status' | 'resumedWaves'>, waves: StoredWave[]): StoredWave[] {
  const done = (n: number) => waves.find((w) => w.waveNumber === n)?.status === 'COMPLETED';
  const resumed = new Set(e.resumedWaves ?? []);
  const ready = waves.filter((w) => ['PENDING', 'PAUSED'].includes(w.status) && prerequisitesOf(w).every(done));
  const gated = ready.filter((w) => w.pauseBeforeWave && !resumed.has(w.waveNumber));
  if (e.status === 'IN_PROGRESS') for (const w of ready.filter((x) => !gated.includes(x))) w.status = 'WAITING';
  return gated;
}

/** Running waves with servers not in a DRS job yet. */
export const startableWaves = (waves: readonly StoredWave[]) => waves.filter((w) => isRunning(w) && w.servers.some(unstarted));

// ─── DRS jobs ───────────────────────────────────────────────────────────────────────────────────

/** What DRS counts against its limits: the active jobs and the servers in them. */
export function activeLoad(active: readonly DrsJobAnswer[]): { jobs: number; servers: number } {
  return { jobs: active.length, servers: active.reduce((n, j) => n + (j.participatingServers?.length ?? 0), 0) };
}

export interface JobChunk {
  wave: StoredWave;
  servers: StoredServer[];
}

/**
 * The StartRecovery calls to make, in wave order, for the unstarted servers of `waves` (one scope):
 * at most maxServersPerJob per job, while the scope has fewer than maxConcurrentJobs active jobs and
 * fewer than maxServersInActiveJobs servers in them (counting the ones planned here). What does not
 * fit waits for a later tick.
 */
export function planJobs(waves: readonly StoredWave[], load: { jobs: number; servers: number }, limits: JobLimits): JobChunk[] {
  const out: JobChunk[] = [];
  let { jobs, servers } = load;
  for (const wave of waves) {
    let pending = wave.servers.filter(unstarted);
    while (pending.length && jobs < limits.maxConcurrentJobs && servers < limits.maxServersInActiveJobs) {
      const chunk = pending.slice(0, Math.min(limits.maxServersPerJob, limits.maxServersInActiveJobs - servers));
      out.push({ wave, servers: chunk });
      jobs += 1;
      servers += chunk.length;
      pending = pending.slice(chunk.length);
    }
  }
  return out;
}

/**
 * The outcome of one StartRecovery (`jobOf`: source server → the job it is in): those servers are
 * PENDING in their job; a server in no job of ours is FAILED (another job holds it).
 */
export function recordJob(w: StoredWave, chunk: readonly StoredServer[], jobOf: ReadonlyMap<string, string>, now: Clock = wallClock): void {
  for (const s of chunk) {
    const jobId = jobOf.get(s.sourceServerId);
    if (jobId) {
      Object.assign(s, { jobId, launchStatus: 'PENDING', startTime: now() });
    } else {
      Object.assign(s, { launchStatus: 'FAILED', endTime: now() });
      w.errorMessage = `Server ${s.sourceServerId} is in another active DRS job`;
    }
  }
  for (const id of new Set(jobOf.values())) if (!w.jobIds.includes(id)) w.jobIds.push(id);
  if (!w.startTime) w.startTime = now();
  if (w.status === 'WAITING') w.status = 'STARTED';
}

/**
 * After DRS refused a StartRecovery because a server is already in an active job (a retried cycle
 * that started it before it could record it): the servers in jobs this execution started are adopted
 * (`owned`); those in no active job at all may be started again (`free`); the rest are someone else's.
 */
export function adoptAfterConflict(
  ids: readonly string[],
  active: readonly DrsJobAnswer[],
  executionId: string,
): { owned: Map<string, string>; free: string[] } {
  const owned = new Map<string, string>();
  for (const j of active.filter((x) => x.tags?.[EXECUTION_TAG] === executionId)) {
    for (const p of j.participatingServers ?? []) if (ids.includes(p.sourceServerID!)) owned.set(p.sourceServerID!, j.jobID!);
  }
  const rest = ids.filter((id) => !owned.has(id));
  const busy = new Set(active.flatMap((j) => (j.participatingServers ?? []).map((p) => p.sourceServerID!)));
  return { owned, free: rest.filter((id) => !busy.has(id)) };
}

/**
 * A retried or duplicated tick, before StartRecovery: the servers (→ their wave) this execution had
 * already meant to start are matched to the jobs DRS shows tagged with this execution and that wave
 * (the earlier attempt started them but its answer was never stored). Answers server → job to adopt.
 */
export function adoptEarlier(wanted: ReadonlyMap<string, number>, jobs: readonly DrsJobAnswer[], executionId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const j of jobs.filter((x) => x.tags?.[EXECUTION_TAG] === executionId)) {
    for (const p of j.participatingServers ?? []) {
      const wave = wanted.get(p.sourceServerID!);
      if (wave !== undefined && j.tags?.[WAVE_TAG] === String(wave) && !out.has(p.sourceServerID!)) out.set(p.sourceServerID!, j.jobID!);
    }
  }
  return out;
}

// ─── The tick ───────────────────────────────────────────────────────────────────────────────────

export interface TickPlan {
  /** Ready waves held by pauseBeforeWave. */
  gated: StoredWave[];
  /** Running waves with servers to put in DRS jobs (planJobs, StartRecovery, recordJob). */
  startable: StoredWave[];
}

/**
 * The first half of a tick, once DRS answered (`answers`: per scope, the jobs DescribeJobs returned):
 * servers and waves settle, failures skip their dependents; CANCELLING cancels what has not started;
 * IN_PROGRESS admits the ready waves. Answers the waves to start.
 */
export function advance(
  e: Pick<StoredExecution, 'status' | 'resumedWaves'>,
  waves: StoredWave[],
  answers: ReadonlyMap<string, ReadonlyMap<string, DrsJobAnswer>>,
  now: Clock = wallClock,
): TickPlan {
  for (const [scope, jobs] of answers) applyJobAnswers(waves.filter((w) => scopeOf(w) === scope), jobs, now);
  // Cancel first, so a wave whose waiting servers are cancelled settles in this tick.
  if (e.status === 'CANCELLING') cancelUnstarted(waves, now);
  waves.forEach((w) => settleWave(w, now));
  skipDependents(waves, now);
  if (e.status === 'CANCELLING') return { gated: [], startable: [] };
  if (e.status !== 'IN_PROGRESS' && e.status !== 'PAUSE_PENDING') return { gated: [], startable: [] };
  // A requested pause lets running waves finish (including their remaining jobs) but starts no new wave.
  const gated = admitReady(e, waves);
  return { gated, startable: startableWaves(waves) };
}

export interface TickOutcome {
  /** The execution pauses now (its gated waves are PAUSED). */
  pause: boolean;
  /** The highest wave that has begun (PAUSED included), else the execution's previous value. */
  currentWave: number | null;
  /** The waves that differ from the snapshot: to save and publish. */
  changed: StoredWave[];
  /** Every wave is done and no pause: the execution's final status and message. */
  final: { status: ExecutionStatus; errorMessage: string | null } | null;
}

/**
 * The second half of a tick, after the jobs were started: waves settle again; with nothing running,
 * a requested pause (or a gated wave) pauses the execution; every wave done ends it.
 */
export function conclude(
  e: Pick<StoredExecution, 'status' | 'currentWave'>,
  waves: StoredWave[],
  plan: TickPlan,
  before: readonly string[],
  now: Clock = wallClock,
): TickOutcome {
  let pause = false;
  if (e.status === 'IN_PROGRESS' || e.status === 'PAUSE_PENDING') {
    waves.forEach((w) => settleWave(w, now));
    const running = waves.some(isRunning);
    // A pause needs something left to run: with every wave done, the execution ends instead.
    const left = waves.some((w) => !DONE_WAVE.includes(w.status));
    if (!running && left && (e.status === 'PAUSE_PENDING' || plan.gated.length)) {
      pause = true;
      for (const w of plan.gated) w.status = 'PAUSED';
    }
  }
  const currentWave = currentWaveOf(waves, e.currentWave ?? null);
  const changed = waves.filter((w, i) => JSON.stringify(w) !== before[i]);
  return { pause, currentWave, changed, final: pause ? null : finalStatus(e.status, waves) };
}

export function currentWaveOf(waves: readonly StoredWave[], previous: number | null): number | null {
  const started = waves.filter((w) => w.status !== 'PENDING' && w.status !== 'SKIPPED' && w.status !== 'CANCELLED');
  return started.length ? Math.max(...started.map((w) => w.waveNumber)) : previous;
}

/**
 * Null while a wave is not done. Then: CANCELLED if cancelling; FAILED (with the first failed wave's
 * message) if a wave failed or was skipped; else COMPLETED.
 */
export function finalStatus(status: ExecutionStatus, waves: readonly StoredWave[]): TickOutcome['final'] {
  if (!waves.every((w) => DONE_WAVE.includes(w.status))) return null;
  const failed = waves.find((w) => w.status === 'FAILED');
  const final: ExecutionStatus = status === 'CANCELLING' ? 'CANCELLED' : waves.some((w) => w.status === 'FAILED' || w.status === 'SKIPPED') ? 'FAILED' : 'COMPLETED';
  return { status: final, errorMessage: final === 'FAILED' ? (failed?.errorMessage ?? 'A wave did not complete') : null };
}

// ─── Sleeping between ticks ─────────────────────────────────────────────────────────────────────

export interface PollSettings {
  /** The fallback interval once the running jobs are past their expected end (POLL_SECONDS). */
  pollSeconds: number;
  /** How long a DRS launch job is expected to take (DRS_LAUNCH_SECONDS). */
  launchSeconds: number;
}

/**
 * How long the execution may sleep when no event wakes it: until a quarter interval after the earliest
 * running job's expected end (its start plus launchSeconds; the quarter lets an on-time event win),
 * and once that is past, pollSeconds. DRS's events end most waits long before; this only bounds what
 * a lost event can cost.
 */
export function fallbackSeconds(waves: readonly StoredWave[], nowMs: number, settings: PollSettings): number {
  const starts = waves
    .filter(isRunning)
    .flatMap((w) => w.servers)
    .filter((s) => s.jobId && s.startTime && !FINAL_SERVER.includes(s.launchStatus))
    .map((s) => Date.parse(s.startTime!));
  const grace = Math.ceil(settings.pollSeconds / 4);
  const due = starts.length ? Math.min(...starts) + (settings.launchSeconds + grace) * 1000 : 0;
  const seconds = Math.ceil((due - nowMs) / 1000);
  return seconds >= 1 ? seconds : Math.max(1, Math.round(settings.pollSeconds));
}
