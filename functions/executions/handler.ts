// Lambda data source for executions: readiness, starting and steering runs, and the drill report (plain
// reads are APPSYNC_JS resolvers; the report draws percentiles from the plan's history).
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import {
  cancelExecution,
  deleteExecutions,
  deleteFinished,
  jobLogs,
  pauseExecution,
  resumeExecution,
  terminationStatus,
} from './use-cases.ts';
import { startExecution } from '../../domain/executions/start.ts';
import { terminateInstances } from '../../domain/executions/termination.ts';
import { drillReport } from '../../domain/drills/report.ts';
import { checkPlanReadiness } from '../../domain/readiness/check.ts';
import { setDrillTtl } from '../../domain/executions/drill-ttl.ts';

export const handler = resolverHandler<ServedBy<'executions'>>('executions', {
  'Mutation.startExecution': (a, e) => startExecution(a.input, e.identity),
  'Mutation.cancelExecution': (a) => cancelExecution(a.id),
  'Mutation.pauseExecution': (a) => pauseExecution(a.id),
  'Mutation.resumeExecution': (a) => resumeExecution(a.id),
  'Mutation.terminateRecoveryInstances': (a) => terminateInstances(a.executionId),
  'Mutation.deleteExecutions': (a) => deleteExecutions(a.ids),
  'Mutation.deleteFinishedExecutions': () => deleteFinished(),
  'Query.getTerminationStatus': (a) => terminationStatus(a.executionId),
  'Query.getExecutionJobLogs': (a) => jobLogs(a.executionId),
  'Query.getDrillReport': (a) => drillReport(a.executionId, a.last),
  'Query.checkPlanReadiness': (a) => checkPlanReadiness(a.planId),
  'Mutation.setDrillTtl': (a) => setDrillTtl(a.executionId, a.minutes),
});
