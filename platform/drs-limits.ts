// DRS service limits (no SDK client: importing them loads none).
/** DRS limits, read at run time (they are per account and can be raised), with DRS's defaults. */
export function drsLimits() {
  const n = (name: string, fallback: number) => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    maxServersPerJob: n('DRS_MAX_SERVERS_PER_JOB', 100),
    maxConcurrentJobs: n('DRS_MAX_CONCURRENT_JOBS', 20),
    maxServersInActiveJobs: n('DRS_MAX_SERVERS_IN_ACTIVE_JOBS', 500),
    maxReplicatingServers: n('DRS_MAX_REPLICATING_SERVERS', 300),
  };
}
