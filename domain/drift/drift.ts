// What changed in a plan since its last COMPLETED drill: group membership, launch configurations,
// waves and dependencies, each with when and who. The comparison is compare.ts (pure); this file reads
// the baseline, the plan and groups now, the servers DRS resolves them to, and the audit records.
import { AppError } from '../../platform/errors.ts';
import type { PlanDrift } from '../../platform/generated/graphql.ts';
import { getPlan, type StoredPlan } from '../recovery-plans/store.ts';
import { planKey } from '../recovery-plans/keys.ts';
import { getGroup, type StoredGroup } from '../protection-groups/store.ts';
import { pgKey } from '../protection-groups/keys.ts';
import { listServers, matchesTags, type Server } from '../protection-groups/inventory.ts';
import { changesSince } from './audit.ts';
import { baselineOf, lastCompletedDrill } from './baseline.ts';
import { compareDrift, comparedKinds, type ServerRef } from './compare.ts';
import { groupSnapshot, waveSnapshot, type GroupSnapshot } from './model.ts';
import { firstSeen, observationKey, type Observation } from './observations.ts';

export async function planDrift(plan: StoredPlan): Promise<PlanDrift> {
  const checkedAt = new Date().toISOString();
  const e = await lastCompletedDrill(plan.id);
  if (!e) return { recoveryPlanId: plan.id, checkedAt, neverDrilled: true, baseline: null, changed: false, changes: [], comparedKinds: [] };
  const base = baselineOf(e);

  const groupIds = [...new Set(plan.waves.map((w) => w.protectionGroupId))];
  const found = (await Promise.all(groupIds.map((id) => getGroup(id)))).filter((g): g is StoredGroup => !!g);
  const groups = new Map<string, GroupSnapshot>(found.map((g) => [g.id, groupSnapshot(g)]));
  // What each group resolves to now (as groupServers does), one DRS listing per region and account for tag groups.
  const listings = new Map<string, Promise<Server[]>>();
  const servers = new Map<string, ServerRef[]>();
  for (const g of found) {
    let resolved: Server[];
    if (g.sourceServerIds.length) resolved = await listServers(g.region, [...g.sourceServerIds], g.accountId);
    else {
      const scope = `${g.region}|${g.accountId ?? ''}`;
      if (!listings.has(scope)) listings.set(scope, listServers(g.region, undefined, g.accountId));
      resolved = (await listings.get(scope)!).filter((s) => matchesTags(s, g.serverSelectionTags));
    }
    servers.set(g.id, resolved.map((s) => ({ sourceServerId: s.sourceServerId, hostname: s.hostname ?? null })));
  }
  const [planAudits, ...perGroup] = await Promise.all([
    changesSince(planKey(plan.id).pk, e.startTime),
    ...groupIds.map((id) => changesSince(pgKey(id).pk, e.startTime)),
  ]);
  const changes = compareDrift({
    base,
    baseServers: new Map(e.waves.map((w) => [w.waveNumber, w.servers.map((s) => ({ sourceServerId: s.sourceServerId, hostname: s.hostname ?? null }))])),
    now: { waves: plan.waves.map(waveSnapshot), groups, servers },
    planAudits,
    groupAudits: new Map(groupIds.map((id, i) => [id, perGroup[i]])),
  });

  // Membership changes no edit explains happened in DRS (tags): when they were first seen, by nobody.
  const observed = changes.filter((c) => (c.kind === 'SERVER_JOINED' || c.kind === 'SERVER_LEFT') && !c.changedAt);
  const obs = (c: (typeof changes)[number]): Observation => ({
    groupId: c.protectionGroupId!,
    kind: c.kind as Observation['kind'],
    sourceServerId: c.sourceServerId!,
  });
  const seen = await firstSeen(plan.id, e.id, observed.map(obs), checkedAt);
  for (const c of observed) c.changedAt = seen.get(observationKey(plan.id, e.id, obs(c))) ?? checkedAt;

  return {
    recoveryPlanId: plan.id,
    checkedAt,
    neverDrilled: false,
    baseline: { id: e.id, status: e.status, executionType: e.executionType, startTime: e.startTime, endTime: e.endTime ?? null },
    changed: changes.length > 0,
    changes,
    comparedKinds: comparedKinds(base),
  };
}

/** Query.getPlanDrift. */
export async function getPlanDrift(planId: string): Promise<PlanDrift> {
  const plan = await getPlan(planId);
  if (!plan) throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${planId} not found`, { id: planId });
  return planDrift(plan);
}
