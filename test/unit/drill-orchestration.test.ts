// The orchestrator's own time in the predicted timeline (domain/drills/stats.ts gapOf, timelineOf): from
// a wave's prerequisites ending (the execution's start without any) to its first launch request, its
// p50 over past executions added before each wave, pauses left out, and nothing invented without history.
import { describe, expect, it } from 'vitest';
import { gapOf, gapSamples, timelineOf } from '../../domain/drills/stats.ts';
import type { StoredExecution } from '../../domain/executions/model.ts';
import { measureRto } from '../../domain/executions/progress.ts';
import { execution, wave } from './support/executions.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

interface Spec {
  /** Seconds after the execution's start of the wave's first launch request. */
  start: number;
  duration: number;
  dependsOn?: number[];
  pauseBeforeWave?: boolean;
}
/** A COMPLETED execution started at T0, its wave n as specs[n-1] says, its RTO measured as finish measures it. */
function timed(specs: Spec[], over: Partial<StoredExecution> = {}): StoredExecution {
  const waves = specs.map((x, i) =>
    wave(i + 1, 'COMPLETED', { startTime: at(x.start), durationSeconds: x.duration, dependsOn: x.dependsOn ?? [], pauseBeforeWave: !!x.pauseBeforeWave }),
  );
  return execution(waves, { status: 'COMPLETED', startTime: at(0), rtoSeconds: measureRto(at(0), waves), ...over });
}
const plan = (deps: Record<number, number[]>) => Object.entries(deps).map(([n, dependsOn]) => ({ waveNumber: Number(n), name: `Wave ${n}`, dependsOn }));
const starts = (t: ReturnType<typeof timelineOf>) => t.waves.map((w) => [w.waveNumber, w.orchestrationSeconds, w.expectedStartSeconds, w.expectedEndSeconds]);

describe('the orchestrator’s time before a wave, measured', () => {
  it('from the execution’s start for a wave without dependsOn; from the latest end of its prerequisites otherwise', () => {
    // 1 and 2 start with the execution; 3 waits for both (2 ends last, at 1.5 + 20).
    const e = timed([{ start: 0.25, duration: 10 }, { start: 1.5, duration: 20 }, { start: 24, duration: 5, dependsOn: [1, 2] }]);
    expect([1, 2, 3].map((n) => gapOf(e, n))).toEqual([0.25, 1.5, 2.5]);
  });

  it('gives no sample for a wave that did not complete, an unmeasured prerequisite, or a pauseBeforeWave gate', () => {
    const e = timed([{ start: 1, duration: 10 }, { start: 13, duration: 5, dependsOn: [1] }, { start: 30, duration: 5, dependsOn: [2], pauseBeforeWave: true }]);
    expect(gapSamples([e], 2)).toEqual([2]);
    expect(gapOf(e, 3)).toBeNull();
    e.waves[1].status = 'FAILED';
    expect(gapOf(e, 2)).toBeNull();
    const unmeasured = timed([{ start: 1, duration: 10 }, { start: 13, duration: 5, dependsOn: [1] }]);
    unmeasured.waves[0].durationSeconds = undefined;
    expect([gapOf(unmeasured, 1), gapOf(unmeasured, 2)]).toEqual([1, null]);
    expect(gapOf(unmeasured, 9)).toBeNull();
  });

  it('leaves out a wave a requested pause held (a pause overlapping its wait), and keeps the ones before or after it', () => {
    const specs = [{ start: 1, duration: 10 }, { start: 70, duration: 5, dependsOn: [1] }, { start: 77, duration: 5, dependsOn: [2] }];
    const paused = timed(specs, { pauses: [{ from: at(11.5), to: at(69) }] });
    expect([1, 2, 3].map((n) => gapOf(paused, n))).toEqual([1, null, 2]);
    // The same execution without a recorded pause would count the 59 s as the orchestrator's.
    expect(gapOf(timed(specs), 2)).toBe(59);
  });
});

describe('the predicted timeline with the orchestrator’s time', () => {
  it('adds each wave’s p50 before it, so one execution’s history predicts exactly its measured RTO', () => {
    // 1 → {2, 3} → 4; 3 is the slow branch.
    const e = timed([
      { start: 0.5, duration: 10 },
      { start: 11.3, duration: 20, dependsOn: [1] },
      { start: 11.4, duration: 40, dependsOn: [1] },
      { start: 52.1, duration: 5, dependsOn: [2, 3] },
    ]);
    const t = timelineOf(plan({ 1: [], 2: [1], 3: [1], 4: [2, 3] }), [e], 600);
    const close = (xs: Array<Array<number | null | undefined>>) => xs.map((row) => row.map((x) => (x == null ? x : Math.round(x * 1000) / 1000)));
    expect(close(starts(t))).toEqual([
      [1, 0.5, 0.5, 10.5],
      [2, 0.8, 11.3, 31.3],
      [3, 0.9, 11.4, 51.4],
      [4, 0.7, 52.1, 57.1],
    ]);
    expect(e.rtoSeconds).toBe(57.1);
    expect(t.expectedRtoSeconds).toBeCloseTo(e.rtoSeconds!, 9);
    expect(t.basis).toContain("plus the orchestrator's own time until the wave's first launch request (p50 over the same executions) for waves 1–4");
  });

  it('takes the p50 per wave by nearest rank, like the durations', () => {
    const history = [0.4, 0.2, 0.3].map((g) => timed([{ start: 1, duration: 10 }, { start: 11 + g, duration: 10, dependsOn: [1] }]));
    const t = timelineOf(plan({ 1: [], 2: [1] }), history, 600);
    expect(starts(t)).toEqual([
      [1, 1, 1, 11],
      [2, 0.3, 11.3, 21.3],
    ]);
  });

  it('a wave with no sample of its own (new, or held by a pause gate) takes its kind’s p50: starting with the execution, or after other waves', () => {
    const history = [
      timed([{ start: 0.5, duration: 10 }, { start: 12, duration: 10, dependsOn: [1], pauseBeforeWave: true }, { start: 23, duration: 10, dependsOn: [2] }]),
      timed([{ start: 0.7, duration: 10 }, { start: 12, duration: 10, dependsOn: [1], pauseBeforeWave: true }, { start: 24, duration: 10, dependsOn: [2] }]),
    ];
    // Waves 2 (gated in both) and 4 (new, after 3) take the waves-after-others p50 (wave 3's: 1 and 2 → 1); 5 (new, no dependsOn) wave 1's (0.5).
    const t = timelineOf(plan({ 1: [], 2: [1], 3: [2], 4: [3], 5: [] }), history, 600);
    expect(t.waves.map((w) => [w.waveNumber, w.orchestrationSeconds])).toEqual([
      [1, 0.5],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 0.5],
    ]);
    expect(t.basis).toContain("for waves 2, 4–5, not measured themselves, the p50 over the plan's other waves of their kind");
  });

  it('without history invents nothing: no orchestration figure, and the basis says it is not included', () => {
    const t = timelineOf(plan({ 1: [], 2: [1] }), [], 600);
    expect(starts(t)).toEqual([
      [1, null, 0, 600],
      [2, null, 600, 1200],
    ]);
    expect(t.basis).toContain("the orchestrator's own time is not included for waves 1–2 (no past execution measured it)");
  });
});
