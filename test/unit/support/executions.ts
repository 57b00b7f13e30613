// Small hand-built executions for the orchestrator's decisions (domain/executions/progress.ts):
// waves with servers, DRS DescribeJobs answers, and a fixed clock.
import type { WaveStatus } from '../../../platform/generated/graphql.ts';
import type { StoredServer } from '../../../domain/executions/model.ts';
import type { StoredExecution, StoredWave } from '../../../domain/executions/model.ts';
import { EXECUTION_TAG, type Clock, type DrsJobAnswer } from '../../../domain/executions/progress.ts';

export const NOW = '2025-06-01T12:00:00.000Z';
export const EARLIER = '2025-06-01T11:00:00.000Z';
/** Every decision stamps this time. */
export const clock: Clock = () => NOW;

export const REGION = 'us-east-1';
export const sid = (wave: number, i: number) => `s-w${wave}-${i}`;

export function server(id: string, over: Partial<StoredServer> = {}): StoredServer {
  return { sourceServerId: id, hostname: `${id}.example`, launchStatus: 'NOT_STARTED', jobId: null, recoveryInstanceId: null, startTime: null, endTime: null, ...over };
}

/** Servers of wave `n`: a count (fresh, no job) or explicit servers. */
type Servers = number | StoredServer[];

export function wave(n: number, status: WaveStatus = 'PENDING', over: Partial<Omit<StoredWave, 'servers'>> & { servers?: Servers } = {}): StoredWave {
  const { servers = 2, ...rest } = over;
  return {
    waveNumber: n,
    name: `Wave ${n}`,
    protectionGroupId: `pg-${n}`,
    protectionGroupName: `Group ${n}`,
    status,
    pauseBeforeWave: false,
    dependsOn: [],
    startTime: null,
    endTime: null,
    jobIds: [],
    errorMessage: null,
    region: REGION,
    accountId: null,
    servers: typeof servers === 'number' ? Array.from({ length: servers }, (_, i) => server(sid(n, i + 1))) : servers,
    ...rest,
  };
}

/** A wave whose servers are all in DRS job `jobId` (PENDING there), as the tick left it after StartRecovery. */
export function startedWave(n: number, jobId: string, over: Partial<Omit<StoredWave, 'servers'>> & { count?: number } = {}): StoredWave {
  const { count = 2, ...rest } = over;
  const servers = Array.from({ length: count }, (_, i) => server(sid(n, i + 1), { jobId, launchStatus: 'PENDING', startTime: EARLIER }));
  return wave(n, 'STARTED', { jobIds: [jobId], startTime: EARLIER, servers, ...rest });
}

export function execution(waves: StoredWave[], over: Partial<StoredExecution> = {}): StoredExecution {
  return {
    id: 'exec-1',
    recoveryPlanId: 'plan-1',
    recoveryPlanName: 'Three-Tier',
    executionType: 'DRILL',
    status: 'IN_PROGRESS',
    currentWave: null,
    totalWaves: waves.length,
    startTime: EARLIER,
    endTime: null,
    errorMessage: null,
    initiatedBy: 'unit',
    startedBy: 'unit',
    invocationSource: 'AMAZON_COGNITO_USER_POOLS',
    claimedInitiatedBy: null,
    claimedInvocationSource: null,
    invocationDetails: null,
    waves,
    groupIds: waves.map((w) => w.protectionGroupId!),
    ...over,
  };
}

/** A DRS job as DescribeJobs answers it: participating servers with their launch status (and instance once launched). */
export function job(
  jobID: string,
  status: 'PENDING' | 'STARTED' | 'COMPLETED',
  servers: Record<string, string>,
  executionId: string | null = 'exec-1',
): DrsJobAnswer {
  return {
    jobID,
    status,
    tags: executionId ? { [EXECUTION_TAG]: executionId } : {},
    participatingServers: Object.entries(servers).map(([sourceServerID, launchStatus]) => ({
      sourceServerID,
      launchStatus,
      ...(launchStatus === 'LAUNCHED' ? { recoveryInstanceID: `i-${sourceServerID}` } : {}),
    })),
  };
}

/** One DescribeJobs answer per scope, as advance() takes them (all jobs here are in REGION, this account). */
export const answers = (...jobs: DrsJobAnswer[]) => new Map([[`${REGION}|`, new Map(jobs.map((j) => [j.jobID!, j]))]]);

export const statuses = (waves: readonly StoredWave[]) => waves.map((w) => w.status);
