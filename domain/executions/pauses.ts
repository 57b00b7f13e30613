// When an execution stood paused. Kept so that drill history can leave out the orchestrator's time
// before a wave when a pause (requested, or a pauseBeforeWave gate) held it: a person's wait is no
// orchestration time. Internal, like resumedWaves: not part of Execution.
import type { Pause, StoredExecution } from './model.ts';

/** Written with the move to PAUSED (the orchestrator's tick). */
export const pausedFields = (now: string) => ({ pausedAt: now });

/** Written with the move back to IN_PROGRESS: the pause that ends now. One paused before this was recorded counts from the start. */
export const resumedFields = (e: Pick<StoredExecution, 'pauses' | 'pausedAt' | 'startTime'>, now: string) => ({
  pauses: [...(e.pauses ?? []), { from: e.pausedAt ?? e.startTime, to: now }],
});

/** Whether any of these pauses overlaps the span [fromMs, toMs]. */
export const pausedWithin = (pauses: readonly Pause[] | undefined, fromMs: number, toMs: number) =>
  (pauses ?? []).some((p) => Date.parse(p.from) < toMs && Date.parse(p.to) > fromMs);
