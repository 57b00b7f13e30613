// DRS's launch results, delivered by EventBridge (the rule on this account's default bus, and the one
// on the orchestrator's bus that target accounts forward to): find the execution launching the
// server, keep the result, and wake the execution when its wave settled or a job ended while servers
// wait for room; otherwise show the server's launch on the execution at once. Anything else (another event, a server of no execution) is logged and left.
// Delivery is best effort: the orchestrator's fallback poll settles whatever never arrives.
import { Logger } from '@aws-lambda-powertools/logger';
import { currentAccountId } from '../../platform/aws.ts';
import { instrument } from '../../platform/observability.ts';
import { parseLaunchEvent, wakeFor, type DrsEvent } from '../../domain/executions/launch-events.ts';
import { readWithResults, recordResult, serverRun } from '../../domain/executions/launch-results.ts';
import { wake } from '../../domain/executions/wake.ts';
import { markServer, type StoredExecution } from '../../domain/executions/store.ts';
import { measureServer } from '../../domain/executions/progress.ts';

const logger = new Logger({ serviceName: 'drs-events' });

export interface Outcome {
  outcome: 'ignored' | 'no-execution' | 'recorded' | 'duplicate';
  executionId?: string;
  /** What woke the execution (`wave#<n>`, `job#<id>`), if this event did. */
  woke?: string;
  /** The server's status was written onto the execution at once (its wave still runs). */
  marked?: boolean;
}

/** The server's launch duration with this result applied (progress.ts measures it the same way). */
function measuredLaunch(e: StoredExecution, at: { wave: number; server: number }, r: { launchStatus: string; time: string }): number | null {
  const s = { ...e.waves[at.wave].servers[at.server], launchStatus: r.launchStatus, endTime: r.time };
  measureServer(s);
  return s.launchDurationSeconds ?? null;
}

/** Where a server sits in the execution's waves (the positions markServer writes to). */
function serverAt(e: StoredExecution, sourceServerId: string): { wave: number; server: number } | null {
  for (const [wave, w] of e.waves.entries()) {
    const server = w.servers.findIndex((s) => s.sourceServerId === sourceServerId);
    if (server >= 0) return { wave, server };
  }
  return null;
}

export const handler = instrument('drs-events', async (event: DrsEvent): Promise<Outcome> => {
  const launch = parseLaunchEvent(event);
  if (!launch) {
    logger.info('not a launch result', { detailType: event['detail-type'], source: event.source });
    return { outcome: 'ignored' };
  }
  logger.appendKeys({ sourceServerId: launch.sourceServerId, jobId: launch.jobId, account: launch.account });
  const run = await serverRun(launch.region, launch.sourceServerId);
  // The server's DRS lives in the account its wave launches in (this one when the wave names none).
  if (!run || launch.account !== (run.accountId ?? (await currentAccountId()))) {
    logger.info('launch result for a server no execution is launching');
    return { outcome: 'no-execution' };
  }
  const fresh = await recordResult(run.executionId, launch);
  const { execution, results } = await readWithResults(run.executionId);
  const key = execution ? wakeFor(execution, results, launch) : null;
  // The first wake for a key counts; a duplicate event (or a retried delivery) wakes nothing again.
  const woke = key && (await wake(run.executionId, key)) ? key : undefined;
  // Nothing for the orchestrator to do yet (its wave still runs): the server shows its launch now.
  const at = !key && fresh && execution ? serverAt(execution, launch.sourceServerId) : null;
  const marked = at ? await markServer(run.executionId, at, { ...launch, launchDurationSeconds: measuredLaunch(execution!, at, launch) }) : false;
  logger.info('launch result recorded', { executionId: run.executionId, launchStatus: launch.launchStatus, duplicate: !fresh, woke, marked });
  return { outcome: fresh ? 'recorded' : 'duplicate', executionId: run.executionId, ...(woke ? { woke } : {}), ...(marked ? { marked } : {}) };
});
