// The stored shape of an execution and its status sets. Types and constants only: the store
// (store.ts), the orchestrator's decisions (progress.ts) and the API's use cases read them from here.
import type { Execution, ExecutionServer, ExecutionStatus, ExecutionWave } from '../../platform/generated/graphql.ts';
import type { ExecutionBaseline } from '../drift/model.ts';

export const ACTIVE: ExecutionStatus[] = ['PENDING', 'IN_PROGRESS', 'PAUSE_PENDING', 'PAUSED', 'CANCELLING'];
export const TERMINAL: ExecutionStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];
export const isTerminal = (s: ExecutionStatus) => TERMINAL.includes(s);

/** Fields written later in an execution's life (measured, cleanup, readiness): absent on older items. */
type Later<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type LaterExecution = 'rtoSeconds' | 'forced' | 'readinessOverride' | 'drillTtlMinutes' | 'expiresAt' | 'cleanup' | 'scheduleId';

/** A span the execution stood PAUSED (pauses.ts). */
export interface Pause {
  from: string;
  to: string;
}

export type StoredServer = Later<ExecutionServer, 'launchDurationSeconds'>;

export interface StoredWave extends Later<Omit<ExecutionWave, 'servers'>, 'durationSeconds'> {
  servers: StoredServer[];
  region: string;
  accountId: string | null;
}

export interface StoredExecution extends Later<Omit<Execution, 'waves'>, LaterExecution> {
  waves: StoredWave[];
  /** Groups locked for the execution's life (their servers are in no other active execution). */
  groupIds: string[];
  /** Waves with pauseBeforeWave that a resume has released. */
  resumedWaves?: number[];
  /** Since when it stands PAUSED (set with PAUSED, moved into `pauses` by the resume). */
  pausedAt?: string;
  /** Its past pauses (pauses.ts): drill history leaves waves they held out of the orchestration samples. */
  pauses?: Pause[];
  /** The sleeping state machine's task token (wake.ts). */
  taskToken?: string | null;
  /** A wake is pending: the next Await returns at once. */
  wake?: string;
  /** What already woke the execution once (`wave#<n>`, `job#<id>`): a duplicate event wakes nothing. */
  wokenFor?: Set<string>;
  sfnExecutionArn?: string | null;
  /** Bumped by every write of `waves` (store.ts saveProgress, markServer): the orchestrator's write is conditioned on it. */
  progressVersion?: number;
  terminationJobs?: Array<{ region: string; accountId?: string | null; jobId: string; instanceIds: string[] }>;
  /** What the execution ran (plan version, waves, group configurations) for drift; absent on older executions. */
  baseline?: ExecutionBaseline;
}
