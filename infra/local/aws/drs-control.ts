// DRS's fault and timing switches and its call statistics (a DrsControl): what index.ts exposes to
// tests in-process (emu.drsFaults, setDrsFaults, setDrsEventDropRate, setDrsJobSeconds) and over HTTP
// (/__local/drs/faults, /__local/drs/stats). drs.ts reads them on every call.
//
// Two switches shape DRS's EventBridge events and job timing; each starts from the environment when
// the emulator is created (or from its options) and `{}` resets it to that start value:
//   DRS_EVENT_DROP_RATE  0..1 (default 0): that share of `DRS Source Server Launch Result` events is
//                        never emitted, as when EventBridge's best-effort delivery loses one. Which
//                        ones is decided by a hash of the fault seed, the job's ordinal and the server,
//                        so a run with the same seed and calls drops the same events; 1 drops them all.
//   DRS_JOB_SECONDS      a positive number of simulated seconds (default unset): every LAUNCH job
//                        created afterwards takes exactly that long, with no jitter: each of its
//                        servers' launches ends at creation + N - JOB_END seconds, the job at
//                        creation + N. Divided by SIM_SPEED like every other DRS duration.
import type { EmulatorState } from './fixtures.ts';
import { ServiceError } from './protocol.ts';

/** DRS service quotas, per account and region. */
export interface DrsLimits {
  /** Source servers in one StartRecovery (above it: ValidationException). */
  maxServersPerJob: number;
  /** Jobs PENDING or STARTED at once (above it: ServiceQuotaExceededException). */
  maxConcurrentJobs: number;
  /** Source servers in all PENDING or STARTED jobs (above it: ServiceQuotaExceededException). */
  maxServersInActiveJobs: number;
}
export const DEFAULT_DRS_LIMITS: Readonly<DrsLimits> = { maxServersPerJob: 100, maxConcurrentJobs: 20, maxServersInActiveJobs: 500 };

/** The live switches (`emu.drsFaults`): change them in place or through `setFaults`. */
export interface DrsFaults {
  /** Share (0..1) of DRS calls answered ThrottlingException (429) before anything is done. */
  throttleRate: number;
  /** Share (0..1) of DRS calls answered InternalServerException (500) before anything is done. */
  errorRate: number;
  /** Source servers whose launches end FAILED with LAUNCH_FAILED (read when a job is created). */
  failLaunch: Set<string>;
  /**
   * Source servers whose next StartRecovery creates its job and then fails the call with a
   * non-retryable error, once each: the caller never learns the job (as if it had crashed right after).
   */
  loseStartAnswer: Set<string>;
  limits: DrsLimits;
  /** Seeds which calls fail and the jobs' duration jitter: the same seed and calls give the same run. */
  faultSeed: number;
  /** Share (0..1) of DRS launch-result events not emitted (DRS_EVENT_DROP_RATE). */
  eventDropRate: number;
  /** Simulated seconds every LAUNCH job created afterwards takes, with no jitter (DRS_JOB_SECONDS); undefined: DRS's own durations. */
  jobSeconds: number | undefined;
}

/** The switches as JSON (POST /__local/drs/faults takes a part of this; `{}` resets them all). */
export interface DrsFaultsJson {
  throttleRate?: number;
  errorRate?: number;
  failLaunch?: string[];
  loseStartAnswer?: string[];
  limits?: Partial<DrsLimits>;
  faultSeed?: number;
  /** The emulator's simSpeed (state.simSpeed): jobs created afterwards run at this speed. */
  simSpeed?: number;
  eventDropRate?: number;
  /** null: DRS's own (jittered) durations. */
  jobSeconds?: number | null;
}

/** Where the timing and event switches start (and return to on `{}`). */
export interface DrsSwitchDefaults {
  eventDropRate?: number;
  jobSeconds?: number;
}

export interface DrsStats {
  /** Requests received per operation, throttled and failed ones included. */
  calls: Record<string, number>;
  throttled: number;
  /** DRS answers with a 5xx status (injected or not). */
  failed5xx: number;
  /** How many jobs each source server was launched in. */
  startedServers: Record<string, number>;
  /** Jobs created (LAUNCH and TERMINATE). */
  jobs: number;
  jobsByType: Record<string, number>;
  /**
   * Requests per account the caller's credentials belong to (an assumed role's session counts for the
   * role's account), then per operation. Created with the first call after a reset.
   */
  callsByAccount?: Record<string, Record<string, number>>;
  /** The distinct principal ARNs that called, per account (e.g. arn:aws:sts::<account>:assumed-role/…). */
  callersByAccount?: Record<string, string[]>;
  /** Launch-result events emitted and left out by DRS_EVENT_DROP_RATE. Created with the first launch end after a reset. */
  events?: { emitted: number; dropped: number };
}

export interface DrsControl {
  readonly faults: DrsFaults;
  readonly stats: DrsStats;
  /** Merges `patch` into the switches; an empty object resets every switch to its default. */
  setFaults(patch: DrsFaultsJson): DrsFaults;
  faultsJson(): Required<DrsFaultsJson>;
  resetStats(): void;
  /** The fault to answer this call with, if any (one draw per enabled switch). */
  injectFault(): ServiceError | undefined;
  /** Jobs created so far: with the seed, what a new job's jitter is derived from. */
  jobsCreated: number;
}

/** mulberry32: a small seeded PRNG, so fault runs are reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function emptyStats(): DrsStats {
  return { calls: {}, throttled: 0, failed5xx: 0, startedServers: {}, jobs: 0, jobsByType: {} };
}

function rate(value: unknown, name: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error(`${name} must be a number from 0 to 1`);
  return value;
}

function jobSeconds(value: unknown, name: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new Error(`${name} must be a positive number of seconds`);
  return value;
}

/** The switches' start values from DRS_EVENT_DROP_RATE and DRS_JOB_SECONDS (an invalid value is an error, not ignored). */
export function drsSwitchesFromEnv(env: Record<string, string | undefined> = process.env): DrsSwitchDefaults {
  const number = (name: string) => {
    const text = env[name]?.trim();
    if (!text) return undefined;
    const value = Number(text);
    if (Number.isNaN(value)) throw new Error(`${name} must be a number, not '${text}'`);
    return value;
  };
  const dropRate = number('DRS_EVENT_DROP_RATE');
  const seconds = number('DRS_JOB_SECONDS');
  return {
    ...(dropRate === undefined ? {} : { eventDropRate: rate(dropRate, 'DRS_EVENT_DROP_RATE') }),
    ...(seconds === undefined ? {} : { jobSeconds: jobSeconds(seconds, 'DRS_JOB_SECONDS') }),
  };
}

export function createDrsControl(state: EmulatorState, defaultSeed = 1, switches: DrsSwitchDefaults = {}): DrsControl {
  const defaultSimSpeed = state.simSpeed;
  const initial = (): DrsFaults => ({
    throttleRate: 0,
    errorRate: 0,
    failLaunch: new Set(),
    loseStartAnswer: new Set(),
    limits: { ...DEFAULT_DRS_LIMITS },
    faultSeed: defaultSeed,
    eventDropRate: rate(switches.eventDropRate ?? 0, 'eventDropRate'),
    jobSeconds: jobSeconds(switches.jobSeconds, 'jobSeconds'),
  });
  const faults: DrsFaults = initial();
  let stats = emptyStats();
  let seeded = faults.faultSeed;
  let random = seededRandom(seeded);
  // Reseeds when the seed changes, however it was changed (in place or through setFaults).
  const draw = () => {
    if (faults.faultSeed !== seeded) {
      seeded = faults.faultSeed;
      random = seededRandom(seeded);
    }
    return random();
  };
  const control: DrsControl = {
    faults,
    get stats() {
      return stats;
    },
    setFaults(patch) {
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new Error('The faults must be a JSON object');
      const known = ['throttleRate', 'errorRate', 'failLaunch', 'loseStartAnswer', 'limits', 'faultSeed', 'simSpeed', 'eventDropRate', 'jobSeconds'];
      const unknown = Object.keys(patch).filter((k) => !known.includes(k));
      if (unknown.length) throw new Error(`Unknown fault switches: ${unknown.join(', ')} (known: ${known.join(', ')})`);
      if (Object.keys(patch).length === 0) {
        Object.assign(faults, initial());
        seeded = Number.NaN;
        state.simSpeed = defaultSimSpeed;
        return faults;
      }
      // Validate everything before changing anything.
      const next: Partial<DrsFaults> = {};
      if (patch.throttleRate !== undefined) next.throttleRate = rate(patch.throttleRate, 'throttleRate');
      if (patch.errorRate !== undefined) next.errorRate = rate(patch.errorRate, 'errorRate');
      if (patch.failLaunch !== undefined) {
        if (!Array.isArray(patch.failLaunch) || !patch.failLaunch.every((id) => typeof id === 'string')) throw new Error('failLaunch must be a list of source server ids');
        next.failLaunch = new Set(patch.failLaunch);
      }
      if (patch.loseStartAnswer !== undefined) {
        if (!Array.isArray(patch.loseStartAnswer) || !patch.loseStartAnswer.every((id) => typeof id === 'string')) throw new Error('loseStartAnswer must be a list of source server ids');
        next.loseStartAnswer = new Set(patch.loseStartAnswer);
      }
      if (patch.limits !== undefined) {
        const limits = { ...faults.limits };
        for (const [key, value] of Object.entries(patch.limits ?? {})) {
          if (!(key in DEFAULT_DRS_LIMITS)) throw new Error(`Unknown limit ${key} (known: ${Object.keys(DEFAULT_DRS_LIMITS).join(', ')})`);
          if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`limits.${key} must be a positive integer`);
          limits[key as keyof DrsLimits] = value;
        }
        next.limits = limits;
      }
      if (patch.faultSeed !== undefined) {
        if (typeof patch.faultSeed !== 'number' || !Number.isInteger(patch.faultSeed)) throw new Error('faultSeed must be an integer');
        next.faultSeed = patch.faultSeed;
        seeded = Number.NaN; // setting the seed restarts its sequence, even when it is the same seed
      }
      if (patch.eventDropRate !== undefined) next.eventDropRate = rate(patch.eventDropRate, 'eventDropRate');
      if (patch.jobSeconds !== undefined) next.jobSeconds = jobSeconds(patch.jobSeconds, 'jobSeconds');
      if (patch.simSpeed !== undefined) {
        if (typeof patch.simSpeed !== 'number' || !(patch.simSpeed > 0) || !Number.isFinite(patch.simSpeed)) throw new Error('simSpeed must be a positive number');
        state.simSpeed = patch.simSpeed;
      }
      return Object.assign(faults, next);
    },
    faultsJson() {
      return {
        throttleRate: faults.throttleRate,
        errorRate: faults.errorRate,
        failLaunch: [...faults.failLaunch],
        loseStartAnswer: [...faults.loseStartAnswer],
        limits: { ...faults.limits },
        faultSeed: faults.faultSeed,
        simSpeed: state.simSpeed,
        eventDropRate: faults.eventDropRate,
        jobSeconds: faults.jobSeconds ?? null,
      };
    },
    resetStats() {
      stats = emptyStats();
    },
    injectFault() {
      if (faults.throttleRate > 0 && draw() < faults.throttleRate) {
        stats.throttled++;
        return new ServiceError('ThrottlingException', 'Rate exceeded', 429);
      }
      if (faults.errorRate > 0 && draw() < faults.errorRate) {
        return new ServiceError('InternalServerException', 'Internal server error', 500);
      }
      return undefined;
    },
    jobsCreated: 0,
  };
  return control;
}

