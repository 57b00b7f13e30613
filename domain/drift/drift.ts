// What changed in a plan since its last COMPLETED drill: group membership, launch configurations,
// waves and dependencies, each with when and who.
import { AppError } from '../../platform/errors.ts';
import type { PlanDrift } from '../../platform/generated/graphql.ts';
import type { StoredPlan } from '../recovery-plans/store.ts';

// Issue 13, part 4: built by the drift work; readiness (domain/readiness) calls it.
export async function planDrift(plan: StoredPlan): Promise<PlanDrift> {
  throw new AppError('NOT_IMPLEMENTED', `Drift of plan ${plan.id} is not built yet`);
}
