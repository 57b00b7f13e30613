// Drill-schedule items of the single table (infra/table.ts).

export const scheduleKey = (id: string) => ({ pk: `SCHED#${id}`, sk: 'SCHED' });
/** gsi1: every schedule, oldest first. */
export const SCHEDULE_LIST = 'SCHED';
/** gsi2: one plan's schedules, oldest first. */
export const planSchedulesList = (planId: string) => `SCHEDPLAN#${planId}`;
/** A firing claimed for one scheduled time (Scheduler delivers at least once): written before acting. */
export const runKey = (id: string, scheduledTime: string) => ({ pk: `SCHED#${id}`, sk: `RUN#${scheduledTime}` });
/**
 * How many schedules a plan has: schedule create/delete move it in their transaction, and the plan's
 * delete conditions on it being zero (PLAN_HAS_SCHEDULES), so no schedule outlives its plan.
 */
export const planSchedulesCounter = (planId: string) => ({ pk: `PLANSCHEDS#${planId}`, sk: 'COUNT' });
