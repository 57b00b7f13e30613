// The arithmetic of drill history, with no I/O: nearest-rank percentiles, the samples of a wave and of
// the RTO across past executions, and the predicted timeline over a plan's dependency graph.
import type { PredictedTimeline, WaveTimeline } from '../../platform/generated/graphql.ts';
import type { StoredExecution } from '../executions/model.ts';
import { pausedWithin } from '../executions/pauses.ts';
import { measuredEnd, prerequisitesOf } from '../executions/progress.ts';

/**
 * The p-th percentile (0 < p ≤ 100) by nearest rank: the smallest sample with at least p% of the
 * samples at or below it, i.e. the ⌈p/100 × n⌉-th of the n samples in ascending order. Always one of
 * the samples (no interpolation); null without samples.
 */
export function percentile(samples: readonly number[], p: number): number | null {
  if (!samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

type Measured = Pick<StoredExecution, 'status' | 'rtoSeconds' | 'waves' | 'startTime' | 'pauses'>;

/** A wave's measured durations in these executions: only where that wave number COMPLETED with a measure. */
export const waveSamples = (executions: readonly Measured[], waveNumber: number): number[] =>
  executions.flatMap((e) => e.waves.filter((w) => w.waveNumber === waveNumber && w.status === 'COMPLETED' && w.durationSeconds != null).map((w) => w.durationSeconds!));

/** The measured RTOs of the COMPLETED ones (a failed or cancelled execution recovered nothing whole). */
export const rtoSamples = (executions: readonly Measured[]): number[] =>
  executions.filter((e) => e.status === 'COMPLETED' && e.rtoSeconds != null).map((e) => e.rtoSeconds!);

/**
 * The orchestrator's own time before wave n in one execution: from the latest measured end of the waves
 * it waited for (the execution's start without any) to its first launch request — the Step Functions
 * start, event delivery, wake-up and tick. None where the wave did not COMPLETE, a prerequisite is
 * unmeasured, or a pause held it (a pauseBeforeWave gate, or a pause spanning that time).
 */
export function gapOf(e: Measured, n: number): number | null {
  const w = e.waves.find((x) => x.waveNumber === n);
  if (!w || w.status !== 'COMPLETED' || !w.startTime || w.pauseBeforeWave) return null;
  const ends = prerequisitesOf(w).map((p) => {
    const pre = e.waves.find((x) => x.waveNumber === p);
    return pre ? measuredEnd(pre) : null;
  });
  if (ends.some((x) => x == null)) return null;
  const from = Math.max(Date.parse(e.startTime), ...(ends as number[]));
  const to = Date.parse(w.startTime);
  if (pausedWithin(e.pauses, from, to)) return null;
  return Math.max(0, Math.round(to - from)) / 1000;
}

/** Wave n's orchestration samples over these executions (gapOf). */
export const gapSamples = (executions: readonly Measured[], n: number): number[] =>
  executions.flatMap((e) => gapOf(e, n) ?? []);

/** "1–2, 4" for [1, 2, 4]. */
export function waveRanges(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export interface TimelineWave {
  waveNumber: number;
  name: string;
  dependsOn?: readonly number[] | null;
}

/**
 * The predicted timeline: each wave's expected duration is the p50 of its measured durations in
 * `history` (the plan's last COMPLETED executions), else `typicalSeconds`; it starts when every wave it
 * waits for (progress.ts prerequisitesOf: its dependsOn, as the orchestrator does) has ended, at 0 if
 * none, plus the orchestrator's own time before it (the p50 of gapSamples; for a wave without samples
 * of its own, the p50 of the waves of the same kind — starting with the execution, or after others —
 * since that time is the orchestrator's, not the wave's; nothing without any sample). The expected RTO
 * is the latest end, the dependency graph's longest path. Pause gates are not counted (a pause lasts
 * as long as someone takes to resume).
 */
export function timelineOf(waves: readonly TimelineWave[], history: readonly Measured[], typicalSeconds: number): PredictedTimeline {
  const byNumber = new Map(waves.map((w) => [w.waveNumber, w]));
  const gaps = gapsByKind(history);
  const ends = new Map<number, number>();
  const out = new Map<number, WaveTimeline>();
  const gapBasis = new Map<number, GapBasis>();
  const visiting = new Set<number>();
  // Depth first over the prerequisites; a cycle (which plan validation refuses) counts as no prerequisite.
  const endOf = (n: number): number => {
    const w = byNumber.get(n);
    if (!w || visiting.has(n)) return 0;
    if (ends.has(n)) return ends.get(n)!;
    visiting.add(n);
    const ready = Math.max(0, ...prerequisitesOf(w).map(endOf));
    visiting.delete(n);
    const samples = waveSamples(history, n);
    const duration = percentile(samples, 50) ?? typicalSeconds;
    const own = percentile(gapSamples(history, n), 50);
    const gap = own ?? percentile(gaps[prerequisitesOf(w).length ? 'after' : 'first'], 50);
    gapBasis.set(n, own != null ? 'OWN' : gap != null ? 'KIND' : 'NONE');
    const start = ready + (gap ?? 0);
    out.set(n, {
      waveNumber: n,
      name: w.name,
      expectedStartSeconds: start,
      expectedDurationSeconds: duration,
      expectedEndSeconds: start + duration,
      basis: samples.length ? 'HISTORY' : 'DRS_TYPICAL',
      samples: samples.length,
      orchestrationSeconds: gap,
    });
    ends.set(n, start + duration);
    return start + duration;
  };
  waves.forEach((w) => endOf(w.waveNumber));
  const timeline = waves.map((w) => out.get(w.waveNumber)!);
  return { expectedRtoSeconds: Math.max(0, ...ends.values()), basis: basisOf(timeline, gapBasis, history.length, typicalSeconds), waves: timeline };
}

/** Where a wave's orchestration figure came from: its own samples, its kind's, or none. */
type GapBasis = 'OWN' | 'KIND' | 'NONE';

/** Every orchestration sample in the history, by kind: waves that start with the execution, and waves that wait for others. */
function gapsByKind(history: readonly Measured[]): Record<'first' | 'after', number[]> {
  const out = { first: [] as number[], after: [] as number[] };
  for (const e of history) {
    for (const w of e.waves) {
      const gap = gapOf(e, w.waveNumber);
      if (gap != null) out[prerequisitesOf(w).length ? 'after' : 'first'].push(gap);
    }
  }
  return out;
}

const plural = (n: number) => (n > 1 ? 's' : '');

function basisOf(waves: readonly WaveTimeline[], gapBasis: ReadonlyMap<number, GapBasis>, executions: number, typicalSeconds: number): string {
  const measured = waves.filter((w) => w.basis === 'HISTORY').map((w) => w.waveNumber);
  const typical = waves.filter((w) => w.basis === 'DRS_TYPICAL').map((w) => w.waveNumber);
  const gapped = (b: GapBasis) => waves.map((w) => w.waveNumber).filter((n) => gapBasis.get(n) === b);
  const [own, kind, none] = [gapped('OWN'), gapped('KIND'), gapped('NONE')];
  const parts: string[] = [];
  if (measured.length) {
    parts.push(`p50 of the measured durations in the last ${executions} completed execution${executions === 1 ? '' : 's'} for wave${plural(measured.length)} ${waveRanges(measured)}`);
  }
  if (typical.length) {
    parts.push(`DRS typical launch time (${round(typicalSeconds)} s) for wave${plural(typical.length)} ${waveRanges(typical)} (never completed in a past execution)`);
  }
  parts.push('waves start when the waves they depend on end (the first ones at the execution\'s start)');
  if (own.length) parts.push(`plus the orchestrator's own time until the wave's first launch request (p50 over the same executions) for wave${plural(own.length)} ${waveRanges(own)}`);
  if (kind.length) {
    const [them, their] = kind.length > 1 ? ['themselves', 'their'] : ['itself', 'its'];
    parts.push(`for wave${plural(kind.length)} ${waveRanges(kind)}, not measured ${them}, the p50 over the plan's other waves of ${their} kind (starting with the execution, or after other waves)`);
  }
  if (none.length) parts.push(`the orchestrator's own time is not included for wave${plural(none.length)} ${waveRanges(none)} (no past execution measured it)`);
  parts.push('pause gates (pauseBeforeWave) are not counted, and a wave a pause held gives no orchestration sample');
  return parts.join('; ');
}

const round = (s: number) => Math.round(s * 1000) / 1000;
