// Lambda data source for recovery plans (reads too: their answers join groups, locks and DRS).
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { checkExistingInstances, createPlan, deletePlan, getPlanView, listPlans, updatePlan } from '../../domain/recovery-plans/service.ts';
import { getPlanDrift } from '../../domain/drift/drift.ts';

export const handler = resolverHandler<ServedBy<'recovery-plans'>>('recovery-plans', {
  'Query.getRecoveryPlan': (a) => getPlanView(a.id),
  'Query.listRecoveryPlans': (a, e) => listPlans(a.filter, a.limit, a.nextToken, e.identity),
  'Query.checkExistingInstances': (a) => checkExistingInstances(a.recoveryPlanId),
  'Mutation.createRecoveryPlan': (a, e) => createPlan(a.input, e.identity),
  'Mutation.updateRecoveryPlan': (a, e) => updatePlan(a.id, a.input, e.identity),
  'Mutation.deleteRecoveryPlan': (a, e) => deletePlan(a.id, e.identity),
  'Query.getPlanDrift': (a) => getPlanDrift(a.planId),
});
