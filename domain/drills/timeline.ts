// The predicted timeline of a plan: per wave, expected start and end from past executions' measured
// durations (DRS's typical launch time without history), and the expected RTO over the dependency graph.
import { AppError } from '../../platform/errors.ts';
import type { PredictedTimeline } from '../../platform/generated/graphql.ts';
import type { StoredPlan } from '../recovery-plans/store.ts';

// Issue 13, part 2: built by the drill-report work; readiness (domain/readiness) calls it.
export async function predictTimeline(plan: StoredPlan): Promise<PredictedTimeline> {
  throw new AppError('NOT_IMPLEMENTED', `The predicted timeline of plan ${plan.id} is not built yet`);
}
