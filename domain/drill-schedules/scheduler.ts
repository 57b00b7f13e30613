// The EventBridge Scheduler schedule behind each drill schedule: one per schedule, in the stage's
// schedule group, invoking the drill-scheduler function with the schedule id, the version it was
// written at and Scheduler's own scheduled time. Its SDK errors stay in the log.
import { Logger } from '@aws-lambda-powertools/logger';
import { CreateScheduleCommand, DeleteScheduleCommand, UpdateScheduleCommand, type CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { scheduler } from '../../platform/aws/scheduler.ts';
import { AppError } from '../../platform/errors.ts';
import type { StoredSchedule } from './store.ts';

const logger = new Logger({ serviceName: 'drill-schedules' });

/** Scheduler's schedule name for a drill schedule (≤ 64 characters). */
export const schedulerName = (id: string) => `drill-${id}`;

/** What the firing carries: Scheduler substitutes its context attribute on every delivery. */
export interface FiringInput {
  scheduleId: string;
  version: number;
  scheduledTime: string;
}

function env(name: 'DRILL_SCHEDULE_GROUP' | 'DRILL_SCHEDULER_TARGET_ARN' | 'DRILL_SCHEDULER_ROLE_ARN'): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

/** Where a drill schedule's Scheduler schedule lives and what it invokes (the function's environment). */
export interface SchedulerNames {
  group: string;
  targetArn: string;
  roleArn: string;
}
const envNames = (): SchedulerNames => ({ group: env('DRILL_SCHEDULE_GROUP'), targetArn: env('DRILL_SCHEDULER_TARGET_ARN'), roleArn: env('DRILL_SCHEDULER_ROLE_ARN') });

/** The CreateSchedule/UpdateSchedule request of a drill schedule (the local stack restores from it too). */
export function schedulerRequest(s: Pick<StoredSchedule, 'id' | 'version' | 'expression' | 'timezone' | 'enabled' | 'recoveryPlanId'>, names: SchedulerNames = envNames()): CreateScheduleCommandInput {
  const input = JSON.stringify({ scheduleId: s.id, version: s.version, scheduledTime: '<aws.scheduler.scheduled-time>' });
  return {
    Name: schedulerName(s.id),
    GroupName: names.group,
    ScheduleExpression: s.expression,
    ScheduleExpressionTimezone: s.timezone,
    FlexibleTimeWindow: { Mode: 'OFF' },
    State: s.enabled ? 'ENABLED' : 'DISABLED',
    Description: `Drill of recovery plan ${s.recoveryPlanId}`,
    Target: { Arn: names.targetArn, RoleArn: names.roleArn, Input: input, RetryPolicy: { MaximumRetryAttempts: 3 } },
  };
}

const unavailable = (what: string, id: string, e: unknown) => {
  logger.error(`Scheduler ${what} failed`, { error: e as Error, scheduleId: id });
  return new AppError('SCHEDULER_UNAVAILABLE', `EventBridge Scheduler did not accept the change; nothing was changed. Try again.`, { id });
};

export async function createSchedulerSchedule(s: StoredSchedule): Promise<void> {
  await scheduler().send(new CreateScheduleCommand(schedulerRequest(s))).catch((e) => Promise.reject(unavailable('CreateSchedule', s.id, e)));
}

export async function updateSchedulerSchedule(s: StoredSchedule): Promise<void> {
  await scheduler().send(new UpdateScheduleCommand(schedulerRequest(s))).catch((e) => Promise.reject(unavailable('UpdateSchedule', s.id, e)));
}

/** Gone already counts as deleted. */
export async function deleteSchedulerSchedule(id: string): Promise<void> {
  await scheduler()
    .send(new DeleteScheduleCommand({ Name: schedulerName(id), GroupName: env('DRILL_SCHEDULE_GROUP') }))
    .catch((e) => ((e as Error).name === 'ResourceNotFoundException' ? undefined : Promise.reject(unavailable('DeleteSchedule', id, e))));
}
