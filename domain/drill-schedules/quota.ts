// What a firing reads for DRS_QUOTA_CONTENTION (contention.ts counts it): the schedules firing in the
// same minute, the active executions (their lock listing, then one batch read), the plans' servers,
// and DRS's active jobs in each account and region the plan uses (one DescribeJobs listing each).
import { drsLimits } from '../../platform/settings.ts';
import { currentAccountId } from '../../platform/aws/sts.ts';
import { activeExecutions } from '../executions/active.ts';
import { activeDrsJobs } from '../executions/drs-jobs.ts';
import { scopeOf } from '../executions/progress.ts';
import { getGroup } from '../protection-groups/store.ts';
import { groupServers } from '../protection-groups/inventory.ts';
import { getPlan } from '../recovery-plans/store.ts';
import { coveringWindow } from './blackout.ts';
import { add, contention, sortOut, type Demand } from './contention.ts';
import { firesInMinute, parseExpression } from './expression.ts';
import { allSchedules, type StoredSchedule } from './store.ts';

type Local = (accountId: string | null | undefined) => string | null;

/** Servers and DRS jobs a plan's drill may hold at once, per scope: all its waves at once (the bound). */
async function demandOf(planId: string, local: Local): Promise<Demand> {
  const out: Demand = new Map();
  const plan = await getPlan(planId);
  if (!plan) return out;
  const { maxServersPerJob } = drsLimits();
  for (const w of plan.waves) {
    const g = await getGroup(w.protectionGroupId);
    if (!g) continue;
    const n = (await groupServers(g)).length;
    if (n) add(out, scopeOf({ region: g.region, accountId: local(g.accountId) }), { servers: n, jobs: Math.ceil(n / maxServersPerJob) });
  }
  return out;
}

/** The reason schedule `s` firing at `at` yields to what is ahead of it, or null. */
export async function quotaContention(s: StoredSchedule, at: Date): Promise<string | null> {
  const [schedules, active, self] = await Promise.all([allSchedules(), activeExecutions(), currentAccountId()]);
  // This account is '' in a scope however a group or wave names it.
  const local: Local = (a) => (a && a !== self ? a : null);
  const sameMinute = schedules.filter(
    (o) => o.id !== s.id && o.enabled && firesInMinute(parseExpression(o.expression), o.timezone, at, new Date(o.expressionSince)) && !coveringWindow(o.blackoutWindows, at, o.timezone),
  );
  const sorted = sortOut(s, at, sameMinute, active);
  if (!sorted) return null;
  const plans = [s.recoveryPlanId, ...sorted.earlier.map((o) => o.recoveryPlanId)];
  const demands = new Map(await Promise.all(plans.map(async (p) => [p, await demandOf(p, local)] as const)));
  const jobs = new Map(
    await Promise.all(
      [...(demands.get(s.recoveryPlanId) ?? new Map()).keys()].map(async (k) => {
        const [region, account] = k.split('|');
        return [k, await activeDrsJobs(region, account || null)] as const;
      }),
    ),
  );
  const scope = (w: { region: string; accountId: string | null }) => scopeOf({ region: w.region, accountId: local(w.accountId) });
  return contention({ at, limits: drsLimits(), planId: s.recoveryPlanId, sorted, demands, jobs, scope });
}
