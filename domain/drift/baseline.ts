// The baseline drift compares with: what the plan's last COMPLETED drill ran. Each execution records it
// at its start (domain/executions/start.ts); executions older than that fall back to their waves.
import { planExecutions } from '../drills/history.ts';
import type { StoredExecution } from '../executions/store.ts';
import { groupSnapshot, waveSnapshot, type ExecutionBaseline, type GroupSnapshot, type WaveSnapshot } from './model.ts';

/** What an execution of `plan` runs, given its groups as read at the start. */
export function executionBaseline(
  plan: { version: number; waves: WaveSnapshot[] },
  groups: readonly GroupSnapshot[],
): ExecutionBaseline {
  return { planVersion: plan.version, waves: plan.waves.map(waveSnapshot), groups: groups.map(groupSnapshot) };
}

/** The plan's newest COMPLETED drill, or null. */
export async function lastCompletedDrill(planId: string): Promise<StoredExecution | null> {
  const [e] = await planExecutions(planId, { limit: 1, statuses: ['COMPLETED'], executionType: 'DRILL' });
  return e ?? null;
}

/**
 * The waves an execution ran: its recorded baseline, or (executions written before baselines were
 * recorded) what its stored waves say — no group configurations then (`groups` is empty).
 */
export function baselineOf(e: StoredExecution): ExecutionBaseline & { recorded: boolean } {
  if (e.baseline) return { ...e.baseline, recorded: true };
  return {
    recorded: false,
    planVersion: 0,
    waves: e.waves.map((w) =>
      waveSnapshot({
        waveNumber: w.waveNumber,
        name: w.name,
        protectionGroupId: w.protectionGroupId ?? '',
        dependsOn: w.dependsOn ?? [],
        pauseBeforeWave: !!w.pauseBeforeWave,
      }),
    ),
    groups: [],
  };
}
