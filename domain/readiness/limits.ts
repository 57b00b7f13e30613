// Pure arithmetic of a plan against DRS's limits: which waves may run at once (no dependsOn path
// between them), how many jobs each needs (the orchestrator splits a wave into jobs of at most the
// per-job limit), and the peak of jobs and servers in jobs over those sets.

export interface WaveSize {
  waveNumber: number;
  dependsOn: readonly number[];
  /** Servers of the wave in one (account, region): the limits are per account and region. */
  servers: number;
}

/** waveNumber → every wave it depends on, directly or not. */
export function ancestors(waves: readonly Pick<WaveSize, 'waveNumber' | 'dependsOn'>[]): Map<number, Set<number>> {
  const direct = new Map(waves.map((w) => [w.waveNumber, w.dependsOn]));
  const out = new Map<number, Set<number>>();
  const visit = (n: number, seen: Set<number>): Set<number> => {
    const done = out.get(n);
    if (done) return done;
    const acc = new Set<number>();
    for (const d of direct.get(n) ?? []) {
      if (seen.has(d)) continue; // plans are validated acyclic; stay safe anyway
      acc.add(d);
      for (const x of visit(d, new Set([...seen, d]))) acc.add(x);
    }
    out.set(n, acc);
    return acc;
  };
  for (const w of waves) visit(w.waveNumber, new Set([w.waveNumber]));
  return out;
}

/** Whether two waves may run at the same time: neither depends (transitively) on the other. */
export function concurrent(anc: Map<number, Set<number>>, a: number, b: number): boolean {
  return a !== b && !anc.get(a)?.has(b) && !anc.get(b)?.has(a);
}

/**
 * The heaviest set of waves that may all run at once (an antichain of the dependency order), by
 * `weight`. Plans have at most a few dozen waves: exhaustive over cliques of the "may run at once"
 * graph with pruning, bounded so a pathological plan still answers (then greedy).
 */
export function heaviestConcurrentSet(waves: readonly WaveSize[], weight: (w: WaveSize) => number): { waves: number[]; weight: number } {
  const anc = ancestors(waves);
  const list = [...waves].sort((a, b) => weight(b) - weight(a));
  let best = { waves: [] as number[], weight: 0 };
  let budget = 100_000;
  const grow = (chosen: WaveSize[], from: number, sum: number) => {
    if (sum > best.weight) best = { waves: chosen.map((w) => w.waveNumber).sort((a, b) => a - b), weight: sum };
    let rest = 0;
    for (let i = from; i < list.length; i++) rest += weight(list[i]);
    if (sum + rest <= best.weight || budget-- <= 0) return;
    for (let i = from; i < list.length; i++) {
      const w = list[i];
      if (chosen.every((c) => concurrent(anc, c.waveNumber, w.waveNumber))) grow([...chosen, w], i + 1, sum + weight(w));
    }
  };
  grow([], 0, 0);
  return best;
}

export interface DrsLimitValues {
  maxServersPerJob: number;
  maxConcurrentJobs: number;
  maxServersInActiveJobs: number;
}

export const jobsFor = (servers: number, perJob: number) => Math.ceil(servers / perJob);

export interface Headroom {
  largestWave: { waveNumber: number; servers: number; jobs: number } | null;
  /** The waves that may run at once needing the most jobs, and how many. */
  peakJobs: { waves: number[]; jobs: number };
  peakServers: { waves: number[]; servers: number };
}

/** The plan's need in one (account, region), before the account's running jobs are added. */
export function headroom(waves: readonly WaveSize[], limits: DrsLimitValues): Headroom {
  const sized = waves.filter((w) => w.servers > 0);
  const largest = sized.reduce<WaveSize | null>((m, w) => (!m || w.servers > m.servers ? w : m), null);
  const jobs = heaviestConcurrentSet(sized, (w) => jobsFor(w.servers, limits.maxServersPerJob));
  const servers = heaviestConcurrentSet(sized, (w) => w.servers);
  return {
    largestWave: largest ? { waveNumber: largest.waveNumber, servers: largest.servers, jobs: jobsFor(largest.servers, limits.maxServersPerJob) } : null,
    peakJobs: { waves: jobs.waves, jobs: jobs.weight },
    peakServers: { waves: servers.waves, servers: servers.weight },
  };
}

/** ISO 8601 duration (DRS's lagDuration, e.g. PT6H40M, P1DT2H) in seconds; null when absent or not one. */
export function durationSeconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return null;
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return d * 86400 + h * 3600 + min * 60 + s;
}
