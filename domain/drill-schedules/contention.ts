// DRS_QUOTA_CONTENTION, the counting (no I/O: quota.ts reads what is counted). A firing yields when its
// plan's drill (all its servers: the bound) with what is ahead of it would pass DRS's servers-in-active-
// jobs or concurrent-jobs limit in one account and region. Ahead of it there:
//  - DRS's active jobs: what DRS itself counts, whoever started them (drills and recoveries of ours,
//    jobs started in DRS by hand or by other tools);
//  - what the other plans' active executions may still launch: their servers in no DRS job yet, in
//    waves that may still run. A running job is counted by DRS's list only, so never twice;
//  - the plans of schedules created earlier that fire in the same minute and are not running yet.
// A later-created schedule firing in the same minute is never ahead: if its drill started first, that
// drill and its DRS jobs are left out, so the earlier-created schedule never yields to a later one.
import { DONE_WAVE, EXECUTION_TAG, unstarted, type DrsJobAnswer, type JobLimits } from '../executions/progress.ts';
import type { StoredExecution } from '../executions/model.ts';
import type { StoredSchedule } from './store.ts';

export interface Load {
  servers: number;
  jobs: number;
}
/** Load per scope (progress.ts scopeOf: `region|accountId`, '' for this account). */
export type Demand = Map<string, Load>;
export type Firing = Pick<StoredSchedule, 'id' | 'recoveryPlanId' | 'createdAt'>;
export type Running = Pick<StoredExecution, 'id' | 'recoveryPlanId' | 'status' | 'scheduleId' | 'invocationDetails' | 'waves'>;

export const add = (d: Demand, scope: string, l: Load) => {
  const was = d.get(scope) ?? { servers: 0, jobs: 0 };
  d.set(scope, { servers: was.servers + l.servers, jobs: was.jobs + l.jobs });
};

/** What a scheduled drill records as its invocationDetails; sortOut reads the firing's time back. */
export const firingDetails = (scheduleId: string, scheduledTime: string) => JSON.stringify({ scheduleId, scheduledTime });

function firedAt(e: Running): string | null {
  try {
    const d = typeof e.invocationDetails === 'string' ? JSON.parse(e.invocationDetails) : e.invocationDetails;
    return typeof d?.scheduledTime === 'string' ? d.scheduledTime : null;
  } catch {
    return null;
  }
}

const rank = (x: Firing) => `${x.createdAt}#${x.id}`;
const minute = (iso: string | null) => iso?.slice(0, 16);

/**
 * Who is ahead of schedule `s` firing at `at`, given the other schedules firing in that minute and the
 * active executions. Null when its own plan runs: startExecution then answers PLAN_ALREADY_EXECUTING.
 */
export function sortOut(s: Firing, at: Date, sameMinute: readonly Firing[], active: readonly Running[]) {
  if (active.some((e) => e.recoveryPlanId === s.recoveryPlanId)) return null;
  const later = new Set(sameMinute.filter((o) => rank(o) > rank(s)).map((o) => o.id));
  const now = minute(at.toISOString());
  const ignored = new Set(active.filter((e) => e.scheduleId && later.has(e.scheduleId) && minute(firedAt(e)) === now).map((e) => e.id));
  const running = active.filter((e) => !ignored.has(e.id));
  const busy = new Set(running.map((e) => e.recoveryPlanId));
  const earlier: Firing[] = [];
  for (const o of [...sameMinute].sort((a, b) => rank(a).localeCompare(rank(b)))) {
    // A running plan is counted by its execution; a plan is counted once however many schedules it has.
    if (rank(o) >= rank(s) || o.recoveryPlanId === s.recoveryPlanId || busy.has(o.recoveryPlanId)) continue;
    busy.add(o.recoveryPlanId);
    earlier.push(o);
  }
  return { running, earlier, ignored };
}

/** What an active execution may still launch: its servers in no DRS job yet, in waves that may still run. */
export function stillToLaunch(e: Running, maxServersPerJob: number, scope: (w: Running['waves'][number]) => string): Demand {
  const out: Demand = new Map();
  // CANCELLING starts nothing more: its running jobs end, the rest is cancelled.
  if (e.status === 'CANCELLING') return out;
  for (const w of e.waves) {
    if (DONE_WAVE.includes(w.status)) continue;
    const n = w.servers.filter(unstarted).length;
    if (n) add(out, scope(w), { servers: n, jobs: Math.ceil(n / maxServersPerJob) });
  }
  return out;
}

export type Sorted = NonNullable<ReturnType<typeof sortOut>>;

export interface Ahead {
  at: Date;
  limits: JobLimits;
  /** This plan's id, and who is ahead of it (sortOut). */
  planId: string;
  sorted: Sorted;
  /** The bound of this plan and of the earlier schedules' plans, by plan id. */
  demands: ReadonlyMap<string, Demand>;
  /** DRS's active jobs in each scope of this plan. */
  jobs: ReadonlyMap<string, readonly DrsJobAnswer[]>;
  /** A wave's scope (its account as the demands name it). */
  scope: (w: Running['waves'][number]) => string;
}

interface Claim {
  what: string;
  held: Load;
  left: Load;
}

const ZERO: Load = { servers: 0, jobs: 0 };
const where = (scope: string) => {
  const [region, account] = scope.split('|');
  return `${region} of ${account ? `account ${account}` : 'this account'}`;
};

function claimsIn(scope: string, a: Ahead): Claim[] {
  const { running, earlier, ignored } = a.sorted;
  const held = new Map<string, Load>();
  const others: Claim[] = [];
  for (const j of a.jobs.get(scope) ?? []) {
    const owner = j.tags?.[EXECUTION_TAG];
    if (owner && ignored.has(owner)) continue;
    const load = { servers: j.participatingServers?.length ?? 0, jobs: 1 };
    if (owner && running.some((r) => r.id === owner)) add(held, owner, load);
    else others.push({ what: `DRS job ${j.jobID}${owner ? ` of execution ${owner}` : ''}`, held: load, left: ZERO });
  }
  const execs = running
    .map((r) => ({ what: `execution ${r.id}`, held: held.get(r.id) ?? ZERO, left: stillToLaunch(r, a.limits.maxServersPerJob, a.scope).get(scope) ?? ZERO }))
    .filter((c) => c.held.servers + c.held.jobs + c.left.servers + c.left.jobs > 0);
  const schedules = earlier
    .map((o) => ({ what: `schedule ${o.id} (created earlier, same minute)`, held: ZERO, left: a.demands.get(o.recoveryPlanId)?.get(scope) ?? ZERO }))
    .filter((c) => c.left.servers > 0);
  return [...execs, ...schedules, ...others];
}

const LISTED = 10;

function line(c: Claim, unit: keyof Load): string {
  const parts = [c.held[unit] ? `${c.held[unit]} in active DRS jobs` : '', c.left[unit] ? `${c.left[unit]} still to launch` : ''].filter(Boolean);
  return `${c.what}: ${parts.join(', ')}`;
}

/** The reason this firing yields, or null. */
export function contention(a: Ahead): string | null {
  const checks = [
    { unit: 'servers' as const, noun: 'servers', limit: a.limits.maxServersInActiveJobs, name: 'servers in active jobs' },
    { unit: 'jobs' as const, noun: 'DRS jobs', limit: a.limits.maxConcurrentJobs, name: 'concurrent jobs' },
  ];
  for (const [scope, mine] of a.demands.get(a.planId) ?? []) {
    const claims = claimsIn(scope, a);
    for (const { unit, noun, limit, name } of checks) {
      const ahead = claims.reduce((n, c) => n + c.held[unit] + c.left[unit], 0);
      // Nothing ahead: a plan larger than the limit alone runs anyway (the orchestrator waits for room).
      if (!ahead || ahead + mine[unit] <= limit) continue;
      const listed = claims.filter((c) => c.held[unit] + c.left[unit] > 0);
      const more = listed.length > LISTED ? `; and ${listed.length - LISTED} more` : '';
      return (
        `At ${a.at.toISOString()} this plan's drill needs ${mine[unit]} ${noun} in ${where(scope)}, where ${ahead} are ahead of it: ` +
        `${mine[unit] + ahead} would pass DRS's limit of ${limit} ${name}. Ahead: ${listed.slice(0, LISTED).map((c) => line(c, unit)).join('; ')}${more}`
      );
    }
  }
  return null;
}
