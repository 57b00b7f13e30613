// The drill TTL sweeper, on a schedule (EventBridge in AWS, the local scheduler on the local stack):
// cleans up the drills expired as of the scheduled event's `time` (domain/executions/cleanup.ts).
import { instrument } from '../../platform/observability.ts';
import { sweep, type SweepResult } from '../../domain/executions/cleanup.ts';

/** EventBridge's Scheduled Event (only `time` matters: the sweep is "as of" it). */
export interface ScheduledEvent {
  time?: string;
  'detail-type'?: string;
}

export const handler = instrument('drill-sweeper', async (event: ScheduledEvent): Promise<SweepResult> => {
  const at = event?.time ? new Date(event.time) : new Date();
  return sweep(Number.isNaN(at.getTime()) ? new Date() : at);
});
