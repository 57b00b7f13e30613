// Drill schedules firing: EventBridge Scheduler invokes this with {scheduleId, version, scheduledTime}
// (its Input, the context attribute substituted). The decision — start a DRILL or skip with a reason —
// is domain/drill-schedules/fire.ts. A bad event is answered, not thrown: a retry would not mend it.
import { Logger } from '@aws-lambda-powertools/logger';
import { instrument } from '../../platform/observability.ts';
import { AppError } from '../../platform/errors.ts';
import { fireSchedule, schedulerIdentity, type FireResult } from '../../domain/drill-schedules/fire.ts';

const logger = new Logger({ serviceName: 'drill-scheduler' });

export const handler = instrument('drill-scheduler', async (event: Record<string, unknown>): Promise<FireResult | { error: string; message: string }> => {
  const { scheduleId, version, scheduledTime } = event ?? {};
  if (typeof scheduleId !== 'string' || typeof scheduledTime !== 'string' || (version != null && typeof version !== 'number')) {
    logger.error('not a drill schedule firing', { event });
    return { error: 'INVALID_REQUEST', message: 'Expected {scheduleId, version, scheduledTime}' };
  }
  try {
    const result = await fireSchedule({ scheduleId, version: version as number, scheduledTime }, await schedulerIdentity());
    logger.info('drill schedule fired', { scheduleId, scheduledTime, result });
    return result;
  } catch (e) {
    if (e instanceof AppError) return { error: e.code, message: e.message };
    throw e;
  }
});
