// Fires a drill schedule at a chosen time through the local Scheduler (POST /__local/scheduler/fire),
// as EventBridge Scheduler would at that scheduled time; answers the firing's run.
import { expect } from 'vitest';
import { DRILL_SCHEDULES } from '../../infra/api.ts';
import type { Endpoints } from '../../infra/local/stack.ts';

export async function fireSchedule(ep: Pick<Endpoints, 'awsEndpoint'>, stage: string, scheduleId: string, scheduledTime: string) {
  const r = await fetch(`${ep.awsEndpoint}/__local/scheduler/fire`, {
    method: 'POST',
    body: JSON.stringify({ name: `drill-${scheduleId}`, groupName: DRILL_SCHEDULES.groupName(stage), scheduledTime }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { result: Record<string, unknown> }).result;
}
