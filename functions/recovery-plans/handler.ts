// Lambda data source for recovery plans (reads too: their answers join groups, locks and DRS) and
// their drill schedules.
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { checkExistingInstances, createPlan, deletePlan, getPlanView, listPlans, updatePlan } from '../../domain/recovery-plans/service.ts';
import { getPlanDrift } from '../../domain/drift/drift.ts';
import { createSchedule, deleteSchedule, getScheduleView, listSchedules, updateSchedule } from '../../domain/drill-schedules/service.ts';

export const handler = resolverHandler<ServedBy<'recovery-plans'>>('recovery-plans', {
  'Query.getRecoveryPlan': (a) => getPlanView(a.id),
  'Query.listRecoveryPlans': (a, e) => listPlans(a.filter, a.limit, a.nextToken, e.identity),
  'Query.checkExistingInstances': (a) => checkExistingInstances(a.recoveryPlanId),
  'Mutation.createRecoveryPlan': (a, e) => createPlan(a.input, e.identity),
  'Mutation.updateRecoveryPlan': (a, e) => updatePlan(a.id, a.input, e.identity),
  'Mutation.deleteRecoveryPlan': (a, e) => deletePlan(a.id, e.identity),
  'Query.getPlanDrift': (a) => getPlanDrift(a.planId),
  // A plan's recurring drills (their EventBridge Scheduler schedules too).
  'Query.getDrillSchedule': (a) => getScheduleView(a.id),
  'Query.listDrillSchedules': (a, e) => listSchedules(a.recoveryPlanId, a.limit, a.nextToken, e.identity),
  'Mutation.createDrillSchedule': (a, e) => createSchedule(a.input, e.identity),
  'Mutation.updateDrillSchedule': (a, e) => updateSchedule(a.id, a.input, e.identity),
  'Mutation.deleteDrillSchedule': (a) => deleteSchedule(a.id),
});
