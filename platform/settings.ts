// The orchestrator's settings, read from the environment at run time (infra/api.ts SETTINGS puts them
// there: from the environment locally, from CDK context in AWS), with these defaults. No SDK client:
// importing this loads none.

export const SETTING_DEFAULTS = {
  /** Fallback poll interval (s) once the running DRS jobs are past their expected end. */
  POLL_SECONDS: 120,
  /** How long a DRS launch job is expected to take (s). */
  DRS_LAUNCH_SECONDS: 600,
  DRS_MAX_SERVERS_PER_JOB: 100,
  DRS_MAX_CONCURRENT_JOBS: 20,
  DRS_MAX_SERVERS_IN_ACTIVE_JOBS: 500,
  DRS_MAX_REPLICATING_SERVERS: 300,
  /** Readiness: replication lag (s) above which a server gets a REPLICATION_LAG_HIGH warning. */
  READINESS_MAX_LAG_SECONDS: 900,
  /** Readiness: age (s) of the newest recovery snapshot above which a server gets RECOVERY_SNAPSHOT_STALE. */
  READINESS_MAX_SNAPSHOT_AGE_SECONDS: 3600,
} as const;

const setting = (name: keyof typeof SETTING_DEFAULTS) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : SETTING_DEFAULTS[name];
};

/** DRS limits (they are per account and can be raised). */
export function drsLimits() {
  return {
    maxServersPerJob: setting('DRS_MAX_SERVERS_PER_JOB'),
    maxConcurrentJobs: setting('DRS_MAX_CONCURRENT_JOBS'),
    maxServersInActiveJobs: setting('DRS_MAX_SERVERS_IN_ACTIVE_JOBS'),
    maxReplicatingServers: setting('DRS_MAX_REPLICATING_SERVERS'),
  };
}

/** The fallback poll: every POLL_SECONDS once the running jobs are past DRS_LAUNCH_SECONDS. */
export const pollSettings = () => ({ pollSeconds: setting('POLL_SECONDS'), launchSeconds: setting('DRS_LAUNCH_SECONDS') });

/**
 * DRS's typical launch time (s), the predicted timeline's figure for a wave with no measured history:
 * DRS_LAUNCH_SECONDS (600 s by default). The local stack sets DRS_TYPICAL_LAUNCH_SECONDS to it divided
 * by SIM_SPEED, since the emulator's launches are that much shorter, so local predictions match local drills.
 */
export function typicalLaunchSeconds(): number {
  const v = Number(process.env.DRS_TYPICAL_LAUNCH_SECONDS);
  return Number.isFinite(v) && v > 0 ? v : setting('DRS_LAUNCH_SECONDS');
}

/** Readiness thresholds (domain/readiness). */
export const readinessSettings = () => ({ maxLagSeconds: setting('READINESS_MAX_LAG_SECONDS'), maxSnapshotAgeSeconds: setting('READINESS_MAX_SNAPSHOT_AGE_SECONDS') });
