// The predicted timeline of a plan: per wave, expected start and end from past executions' measured
// durations (DRS's typical launch time without history), and the expected RTO over the dependency graph.
import type { PredictedTimeline } from '../../platform/generated/graphql.ts';
import { typicalLaunchSeconds } from '../../platform/settings.ts';
import type { StoredPlan } from '../recovery-plans/store.ts';
import { HISTORY_DEFAULT, planExecutions } from './history.ts';
import { timelineOf } from './stats.ts';

/** From the plan's last HISTORY_DEFAULT (10) COMPLETED executions; the arithmetic is stats.ts timelineOf. */
export async function predictTimeline(plan: StoredPlan): Promise<PredictedTimeline> {
  const history = await planExecutions(plan.id, { limit: HISTORY_DEFAULT, statuses: ['COMPLETED'] });
  return timelineOf(plan.waves, history, typicalLaunchSeconds());
}
