// The plan-wide DRS limit findings of one (account, region), from counts only (pure: unit-tested).
// The orchestrator splits a wave into jobs and waits for room, so only a plan that can never fit —
// more servers than DRS may replicate — blocks; the rest warn that the RTO will grow.
import type { ReadinessFinding } from '../../platform/generated/graphql.ts';
import { finding } from './findings.ts';
import { headroom, jobsFor, type DrsLimitValues, type WaveSize } from './limits.ts';

export function limitFindings(
  where: { region: string; accountId: string | null },
  sizes: readonly WaveSize[],
  counts: { planServers: number; replicatingServers: number },
  active: { jobs: number; servers: number },
  limits: DrsLimitValues & { maxReplicatingServers: number },
): ReadinessFinding[] {
  const out: ReadinessFinding[] = [];
  const place = `${where.accountId ?? 'this account'} ${where.region}`;
  if (counts.planServers > limits.maxReplicatingServers) {
    out.push(
      finding('DRS_QUOTA_EXCEEDED', `The plan recovers ${counts.planServers} servers in ${place}; DRS replicates at most ${limits.maxReplicatingServers} there`, {}, {
        ...where,
        servers: counts.planServers,
        limit: limits.maxReplicatingServers,
        replicatingServers: counts.replicatingServers,
      }),
    );
  }
  const h = headroom(sizes, limits);
  for (const w of sizes.filter((x) => x.servers > limits.maxServersPerJob)) {
    const jobs = jobsFor(w.servers, limits.maxServersPerJob);
    out.push(
      finding('WAVE_SIZE_LIMIT_EXCEEDED', `Wave ${w.waveNumber} has ${w.servers} servers, over the DRS limit of ${limits.maxServersPerJob} servers per job: it runs as ${jobs} jobs`, { waveNumber: w.waveNumber }, {
        ...where,
        servers: w.servers,
        limit: limits.maxServersPerJob,
        jobs,
      }),
    );
  }
  if (h.peakJobs.jobs + active.jobs > limits.maxConcurrentJobs) {
    out.push(
      finding('CONCURRENT_JOBS_LIMIT_EXCEEDED', `Waves ${h.peakJobs.waves.join(', ')} may run at once as ${h.peakJobs.jobs} DRS job(s); with ${active.jobs} already active in ${place} that is over the limit of ${limits.maxConcurrentJobs}`, {}, {
        ...where,
        waves: h.peakJobs.waves,
        neededJobs: h.peakJobs.jobs,
        activeJobs: active.jobs,
        limit: limits.maxConcurrentJobs,
      }),
    );
  }
  if (h.peakServers.servers + active.servers > limits.maxServersInActiveJobs) {
    out.push(
      finding('SERVERS_IN_JOBS_LIMIT_EXCEEDED', `Waves ${h.peakServers.waves.join(', ')} may run at once with ${h.peakServers.servers} servers; with ${active.servers} already in active jobs in ${place} that is over the limit of ${limits.maxServersInActiveJobs}`, {}, {
        ...where,
        waves: h.peakServers.waves,
        neededServers: h.peakServers.servers,
        serversInActiveJobs: active.servers,
        limit: limits.maxServersInActiveJobs,
      }),
    );
  }
  return out;
}
