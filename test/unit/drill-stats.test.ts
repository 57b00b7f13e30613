// Drill history arithmetic (domain/drills/stats.ts): nearest-rank percentiles, which waves and RTOs
// count as samples, and the predicted timeline over dependency graphs (chains, fan-out, fan-in).
import { describe, expect, it } from 'vitest';
import { percentile, rtoSamples, timelineOf, waveRanges, waveSamples } from '../../domain/drills/stats.ts';
import type { StoredExecution } from '../../domain/executions/model.ts';
import { execution, wave } from './support/executions.ts';

/** A finished execution whose wave n took durations[n-1] seconds (null: not measured). */
const past = (durations: Array<number | null>, over: Partial<StoredExecution> = {}): StoredExecution =>
  execution(
    durations.map((d, i) => wave(i + 1, 'COMPLETED', { durationSeconds: d ?? undefined })),
    { status: 'COMPLETED', rtoSeconds: durations.reduce<number>((n, d) => n + (d ?? 0), 0), ...over },
  );

describe('nearest-rank percentile', () => {
  it('is the ⌈p/100 × n⌉-th smallest sample, never an interpolation', () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile(ten, 100)).toBe(10);
    expect(percentile([3, 1], 50)).toBe(1);
    expect(percentile([3, 1], 90)).toBe(3);
    expect(percentile([42], 50)).toBe(42);
    expect(percentile([42], 90)).toBe(42);
    expect(percentile([4, 1, 3], 50)).toBe(3);
  });

  it('is null without samples, and does not reorder its input', () => {
    expect(percentile([], 50)).toBeNull();
    const input = [3, 1, 2];
    percentile(input, 90);
    expect(input).toEqual([3, 1, 2]);
  });
});

describe('samples', () => {
  it('a wave counts where that wave number COMPLETED with a measure; absent or unmeasured waves are no sample', () => {
    const history = [past([10, 20, 30]), past([11, null]), past([12, 22], { status: 'FAILED' })];
    history[2].waves[1].status = 'FAILED';
    expect(waveSamples(history, 1)).toEqual([10, 11, 12]);
    expect(waveSamples(history, 2)).toEqual([20]);
    expect(waveSamples(history, 3)).toEqual([30]);
    expect(waveSamples(history, 4)).toEqual([]);
  });

  it('the RTO counts for COMPLETED executions with a measured RTO only', () => {
    expect(rtoSamples([past([10]), past([20], { status: 'FAILED' }), past([30], { rtoSeconds: undefined }), past([40], { status: 'CANCELLED' })])).toEqual([10]);
  });

  it('names wave ranges', () => {
    expect(waveRanges([3, 1, 2, 5, 7, 8])).toBe('1–3, 5, 7–8');
    expect(waveRanges([4])).toBe('4');
  });
});

const TYPICAL = 600;
const plan = (deps: Record<number, number[]>) => Object.entries(deps).map(([n, dependsOn]) => ({ waveNumber: Number(n), name: `Wave ${n}`, dependsOn }));
const figures = (t: ReturnType<typeof timelineOf>) => t.waves.map((w) => [w.waveNumber, w.expectedStartSeconds, w.expectedDurationSeconds, w.expectedEndSeconds]);

describe('predicted timeline', () => {
  it('without history: every wave takes DRS’s typical launch time, and a chain adds up', () => {
    const t = timelineOf(plan({ 1: [], 2: [1], 3: [2] }), [], TYPICAL);
    expect(figures(t)).toEqual([
      [1, 0, 600, 600],
      [2, 600, 600, 1200],
      [3, 1200, 600, 1800],
    ]);
    expect(t.expectedRtoSeconds).toBe(1800);
    expect(t.waves.every((w) => w.basis === 'DRS_TYPICAL' && w.samples === 0)).toBe(true);
    expect(t.basis).toContain('DRS typical launch time (600 s) for waves 1–3');
    expect(t.basis).toContain('pause gates (pauseBeforeWave) are not counted');
  });

  it('waves with no dependsOn start together, whatever their numbers (as the orchestrator starts them)', () => {
    const t = timelineOf(plan({ 1: [], 2: [], 3: [] }), [past([100, 300, 200])], TYPICAL);
    expect(figures(t)).toEqual([
      [1, 0, 100, 100],
      [2, 0, 300, 300],
      [3, 0, 200, 200],
    ]);
    expect(t.expectedRtoSeconds).toBe(300);
  });

  it('fan-out then fan-in: the join starts at the latest end of the waves it depends on (the longest path)', () => {
    // 1 → {2, 3} → 4; 3 is the slow branch.
    const history = [past([10, 20, 50, 5]), past([12, 22, 70, 7]), past([14, 24, 60, 9])];
    const t = timelineOf(plan({ 1: [], 2: [1], 3: [1], 4: [2, 3] }), history, TYPICAL);
    expect(figures(t)).toEqual([
      [1, 0, 12, 12],
      [2, 12, 22, 34],
      [3, 12, 60, 72],
      [4, 72, 7, 79],
    ]);
    expect(t.expectedRtoSeconds).toBe(79);
    expect(t.waves.map((w) => [w.basis, w.samples])).toEqual([
      ['HISTORY', 3],
      ['HISTORY', 3],
      ['HISTORY', 3],
      ['HISTORY', 3],
    ]);
  });

  it('mixes history and the typical time for a wave never completed, and says which in words', () => {
    const t = timelineOf(plan({ 1: [], 2: [1], 3: [1] }), [past([30, 40]), past([50, 60])], 45);
    expect(figures(t)).toEqual([
      [1, 0, 30, 30],
      [2, 30, 40, 70],
      [3, 30, 45, 75],
    ]);
    expect(t.waves.map((w) => w.basis)).toEqual(['HISTORY', 'HISTORY', 'DRS_TYPICAL']);
    expect(t.basis).toBe(
      'p50 of the measured durations in the last 2 completed executions for waves 1–2; ' +
        'DRS typical launch time (45 s) for wave 3 (never completed in a past execution); ' +
        "waves start when the waves they depend on end (the first ones at the execution's start); " +
        "the orchestrator's own time is not included for waves 1–3 (no past execution measured it); " +
        'pause gates (pauseBeforeWave) are not counted, and a wave a pause held gives no orchestration sample',
    );
  });

  it('answers the waves in the plan’s order even when a dependency comes later in the list', () => {
    const t = timelineOf(plan({ 2: [1], 1: [] }).reverse(), [], 10);
    expect(figures(t)).toEqual([
      [2, 10, 10, 20],
      [1, 0, 10, 10],
    ]);
  });
});
