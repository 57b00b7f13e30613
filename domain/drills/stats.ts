// The arithmetic of drill history, with no I/O: nearest-rank percentiles, the samples of a wave and of
// the RTO across past executions, and the predicted timeline over a plan's dependency graph.
import type { PredictedTimeline, WaveTimeline } from '../../platform/generated/graphql.ts';
import type { StoredExecution } from '../executions/model.ts';
import { prerequisitesOf } from '../executions/progress.ts';

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

type Measured = Pick<StoredExecution, 'status' | 'rtoSeconds' | 'waves'>;

/** A wave's measured durations in these executions: only where that wave number COMPLETED with a measure. */
export const waveSamples = (executions: readonly Measured[], waveNumber: number): number[] =>
  executions.flatMap((e) => e.waves.filter((w) => w.waveNumber === waveNumber && w.status === 'COMPLETED' && w.durationSeconds != null).map((w) => w.durationSeconds!));

/** The measured RTOs of the COMPLETED ones (a failed or cancelled execution recovered nothing whole). */
export const rtoSamples = (executions: readonly Measured[]): number[] =>
  executions.filter((e) => e.status === 'COMPLETED' && e.rtoSeconds != null).map((e) => e.rtoSeconds!);

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
 * none; the expected RTO is the latest end, the dependency graph's longest path. Pause gates are not
 * counted (a pause lasts as long as someone takes to resume).
 */
export function timelineOf(waves: readonly TimelineWave[], history: readonly Measured[], typicalSeconds: number): PredictedTimeline {
  const byNumber = new Map(waves.map((w) => [w.waveNumber, w]));
  const ends = new Map<number, number>();
  const out = new Map<number, WaveTimeline>();
  const visiting = new Set<number>();
  // Depth first over the prerequisites; a cycle (which plan validation refuses) counts as no prerequisite.
  const endOf = (n: number): number => {
    const w = byNumber.get(n);
    if (!w || visiting.has(n)) return 0;
    if (ends.has(n)) return ends.get(n)!;
    visiting.add(n);
    const start = Math.max(0, ...prerequisitesOf(w).map(endOf));
    visiting.delete(n);
    const samples = waveSamples(history, n);
    const duration = percentile(samples, 50) ?? typicalSeconds;
    out.set(n, {
      waveNumber: n,
      name: w.name,
      expectedStartSeconds: start,
      expectedDurationSeconds: duration,
      expectedEndSeconds: start + duration,
      basis: samples.length ? 'HISTORY' : 'DRS_TYPICAL',
      samples: samples.length,
    });
    ends.set(n, start + duration);
    return start + duration;
  };
  waves.forEach((w) => endOf(w.waveNumber));
  const timeline = waves.map((w) => out.get(w.waveNumber)!);
  return { expectedRtoSeconds: Math.max(0, ...ends.values()), basis: basisOf(timeline, history.length, typicalSeconds), waves: timeline };
}

function basisOf(waves: readonly WaveTimeline[], executions: number, typicalSeconds: number): string {
  const measured = waves.filter((w) => w.basis === 'HISTORY').map((w) => w.waveNumber);
  const typical = waves.filter((w) => w.basis === 'DRS_TYPICAL').map((w) => w.waveNumber);
  const parts: string[] = [];
  if (measured.length) {
    parts.push(`p50 of the measured durations in the last ${executions} completed execution${executions === 1 ? '' : 's'} for wave${measured.length > 1 ? 's' : ''} ${waveRanges(measured)}`);
  }
  if (typical.length) {
    parts.push(`DRS typical launch time (${round(typicalSeconds)} s) for wave${typical.length > 1 ? 's' : ''} ${waveRanges(typical)} (never completed in a past execution)`);
  }
  parts.push('waves start when the waves they depend on end; pause gates (pauseBeforeWave) are not counted');
  return parts.join('; ');
}

const round = (s: number) => Math.round(s * 1000) / 1000;
