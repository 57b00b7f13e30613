// The drill report: an execution's measured RTO per wave and server, beside the plan's previous
// finished executions (drills and recoveries alike: DRS launches both the same way). A running
// execution answers its partial figures: null where nothing is measured yet.
import { AppError } from '../../platform/errors.ts';
import type { DrillHistoryEntry, DrillReport, WaveReport } from '../../platform/generated/graphql.ts';
import { isTerminal } from '../executions/model.ts';
import { mustGetExecution, publicExecution, type StoredExecution } from '../executions/store.ts';
import { HISTORY_DEFAULT, HISTORY_MAX, planExecutions } from './history.ts';
import { percentile, rtoSamples, waveSamples } from './stats.ts';

const byNumber = <T extends { waveNumber: number }>(waves: readonly T[]) => [...waves].sort((a, b) => a.waveNumber - b.waveNumber);

export function historyEntry(e: StoredExecution): DrillHistoryEntry {
  return {
    executionId: e.id,
    executionType: e.executionType,
    status: e.status,
    startTime: e.startTime,
    endTime: e.endTime ?? null,
    rtoSeconds: e.rtoSeconds ?? null,
    waveDurations: byNumber(e.waves).map((w) => w.durationSeconds ?? null),
  };
}

/**
 * `previous`: the plan's finished executions that started before this one, newest first, at most
 * `last`. Percentiles (nearest rank, stats.ts) over the last `last` finished executions up to this
 * one, this one included once it is finished: a wave's from the executions where that wave number
 * COMPLETED, the RTO's from the COMPLETED executions.
 */
export async function drillReport(executionId: string, last?: number | null): Promise<DrillReport> {
  const n = last ?? HISTORY_DEFAULT;
  if (!Number.isInteger(n) || n < 1 || n > HISTORY_MAX) {
    throw new AppError('INVALID_INPUT', `last must be an integer from 1 to ${HISTORY_MAX}`, { field: 'last', max: HISTORY_MAX });
  }
  const e = await mustGetExecution(executionId);
  const previous = await planExecutions(e.recoveryPlanId, { limit: n, before: e });
  const window = (isTerminal(e.status) ? [e, ...previous] : previous).slice(0, n);
  const prior = previous[0];
  const view = publicExecution(e);
  const rtos = rtoSamples(window);
  const waves: WaveReport[] = byNumber(view.waves).map((w) => {
    const samples = waveSamples(window, w.waveNumber);
    return {
      waveNumber: w.waveNumber,
      name: w.name,
      status: w.status,
      durationSeconds: w.durationSeconds ?? null,
      previousDurationSeconds: prior?.waves.find((x) => x.waveNumber === w.waveNumber)?.durationSeconds ?? null,
      p50Seconds: percentile(samples, 50),
      p90Seconds: percentile(samples, 90),
      samples: samples.length,
      servers: w.servers,
    };
  });
  return {
    execution: view,
    rtoSeconds: e.rtoSeconds ?? null,
    previousRtoSeconds: prior?.rtoSeconds ?? null,
    rtoP50Seconds: percentile(rtos, 50),
    rtoP90Seconds: percentile(rtos, 90),
    waves,
    previous: previous.map(historyEntry),
  };
}
