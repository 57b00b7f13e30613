// EventBridge Scheduler (the function's own region and credentials).
import { SchedulerClient } from '@aws-sdk/client-scheduler';

let schedulerClient: SchedulerClient | undefined;
export function scheduler(): SchedulerClient {
  schedulerClient ??= new SchedulerClient({});
  return schedulerClient;
}
