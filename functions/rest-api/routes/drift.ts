// Drift since the last good drill: Query.getPlanDrift in the guide's REST conventions (camelCase,
// lowercase statuses, epoch-second startTime/endTime; before/after as JSON values, not JSON text).
import type { PlanDrift } from '../../../platform/generated/graphql.ts';
import type { Route } from '../route.ts';
import { epoch } from '../shapes.ts';

const DRIFT = `recoveryPlanId checkedAt neverDrilled changed comparedKinds
  baseline { id status executionType startTime endTime }
  changes { kind waveNumber protectionGroupId sourceServerId field before after changedAt changedBy }`;

const parsed = (v: string | null | undefined) => (v == null ? null : JSON.parse(v));

export function driftOut(d: PlanDrift) {
  const b = d.baseline;
  return {
    recoveryPlanId: d.recoveryPlanId,
    checkedAt: d.checkedAt,
    neverDrilled: d.neverDrilled,
    changed: d.changed,
    baseline: b
      ? { id: b.id, executionId: b.id, status: b.status.toLowerCase(), executionType: b.executionType, startTime: epoch(b.startTime), endTime: epoch(b.endTime) }
      : null,
    changes: d.changes.map((c) => ({ ...c, before: parsed(c.before), after: parsed(c.after) })),
    count: d.changes.length,
    comparedKinds: d.comparedKinds,
  };
}

export const driftRoutes: Route[] = [
  {
    method: 'GET',
    path: '/recovery-plans/{id}/drift',
    tag: 'Recovery plans',
    summary: 'What changed since the plan\'s last COMPLETED drill: servers joined/left, launch configuration, selection, waves, dependencies — each with when and who — and which kinds were compared (comparedKinds)',
    operations: ['Query.getPlanDrift'],
    run: async (c) =>
      driftOut(await c.api.call<PlanDrift>('getPlanDrift', `query D($id: ID!) { getPlanDrift(planId: $id) { ${DRIFT} } }`, { id: c.params.id })),
  },
];
