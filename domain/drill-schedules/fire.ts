// A firing of a drill schedule (EventBridge Scheduler → the drill-scheduler function): claimed once per
// scheduled time, then either a DRILL started through startExecution or SKIPPED with a reason, recorded
// on the schedule (recentRuns) either way.
import { Logger } from '@aws-lambda-powertools/logger';
import { currentAccountId } from '../../platform/aws/sts.ts';
import { AppError } from '../../platform/errors.ts';
import type { IamIdentity } from '../../platform/resolver-event.ts';
import type { ScheduleRun } from '../../platform/generated/graphql.ts';
import { startExecution } from '../executions/start.ts';
import { coveringWindow, describeWindow } from './blackout.ts';
import { firingDetails } from './contention.ts';
import { quotaContention } from './quota.ts';
import type { FiringInput } from './scheduler.ts';
import { upcoming } from './service.ts';
import { claimRun, getSchedule, recordRun, type StoredSchedule } from './store.ts';

const logger = new Logger({ serviceName: 'drill-scheduler' });

/** startExecution refusals that are their own skip reason; any other refusal is a blocking readiness finding. */
const OWN_REASONS = ['PLAN_ALREADY_EXECUTING', 'SERVER_CONFLICT', 'PLAN_HAS_ACTIVE_EXECUTION', 'RECOVERY_PLAN_NOT_FOUND', 'PLAN_HAS_NO_WAVES', 'PROTECTION_GROUP_NOT_FOUND'];

export type FireResult = ScheduleRun | { duplicate: true; scheduledTime: string } | { outcome: 'IGNORED'; reasonCode: 'SCHEDULE_NOT_FOUND' };

/** Who starts scheduled drills: the function itself, as an IAM principal (initiatedBy is its ARN). */
export async function schedulerIdentity(): Promise<IamIdentity> {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'drill-scheduler';
  const accountId = await currentAccountId();
  return { accountId, userArn: `arn:aws:lambda:${region}:${accountId}:function:${name}`, username: name };
}

/** Scheduler's scheduled time in one ISO form (UTC, ms): one claim per firing, as redeliveries carry the same time. */
function normalTime(value: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new AppError('INVALID_REQUEST', `scheduledTime ${JSON.stringify(value)} is not an ISO 8601 time`, { field: 'scheduledTime' });
  return new Date(t).toISOString();
}

export async function fireSchedule(input: FiringInput, who: IamIdentity): Promise<FireResult> {
  const scheduledTime = normalTime(input.scheduledTime);
  const s = await getSchedule(input.scheduleId);
  // A Scheduler schedule whose item is gone (deleted while its Scheduler delete failed): nothing to record on.
  if (!s) {
    logger.warn('firing of a schedule that no longer exists', { scheduleId: input.scheduleId, scheduledTime });
    return { outcome: 'IGNORED', reasonCode: 'SCHEDULE_NOT_FOUND' };
  }
  if (!(await claimRun(s.id, scheduledTime))) return { duplicate: true, scheduledTime };
  const run = await decide(s, input, scheduledTime, who);
  await recordRun(s.id, run, (now) => upcoming(now));
  return run;
}

async function decide(s: StoredSchedule, input: FiringInput, scheduledTime: string, who: IamIdentity): Promise<ScheduleRun> {
  const skip = (reasonCode: string, reason: string): ScheduleRun => ({ scheduledTime, outcome: 'SKIPPED', executionId: null, reasonCode, reason });
  if (!s.enabled) return skip('SCHEDULE_DISABLED', 'The schedule is disabled');
  if (input.version != null && input.version !== s.version) {
    return skip('SCHEDULE_OUT_OF_DATE', `Fired for version ${input.version} of the schedule, which is now at version ${s.version}`);
  }
  const at = new Date(scheduledTime);
  const window = coveringWindow(s.blackoutWindows, at, s.timezone);
  if (window) return skip('BLACKOUT_WINDOW', `${describeWindow(window, s.timezone)} covers ${scheduledTime}`);
  // The run is claimed already: a failure here is recorded, not thrown (a redelivery would be a duplicate).
  const failed = (e: unknown, what: string) => {
    logger.error(what, { error: e as Error, scheduleId: s.id, scheduledTime });
    return skip('START_FAILED', 'The drill could not be started; the function log has the details');
  };
  let contention: string | null;
  try {
    contention = await quotaContention(s, at);
  } catch (e) {
    return failed(e, 'could not count what DRS holds');
  }
  if (contention) return skip('DRS_QUOTA_CONTENTION', contention);
  try {
    const e = await startExecution(
      { recoveryPlanId: s.recoveryPlanId, executionType: 'DRILL', ...(s.drillTtlMinutes != null ? { drillTtlMinutes: s.drillTtlMinutes } : {}), invocationSource: 'SCHEDULE', invocationDetails: firingDetails(s.id, scheduledTime) },
      who,
      { scheduleId: s.id },
    );
    return { scheduledTime, outcome: 'STARTED', executionId: e.id, reasonCode: null, reason: null };
  } catch (e) {
    if (e instanceof AppError) {
      if (OWN_REASONS.includes(e.code)) return skip(e.code, e.message);
      return skip('READINESS_BLOCKED', `${e.code}: ${e.message}`);
    }
    return failed(e, 'could not start a scheduled drill');
  }
}
