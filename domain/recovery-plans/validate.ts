// Wave rules of a recovery plan: numbers unique, every dependency a wave of the plan, no cycles.
import { AppError } from '../../platform/errors.ts';
import type { WaveInput } from '../../platform/generated/graphql.ts';
import { MAX_WAVES } from '../../platform/input-limits.ts';

export interface PlanWave {
  waveNumber: number;
  name: string;
  protectionGroupId: string;
  pauseBeforeWave: boolean;
  dependsOn: number[];
}

const invalid = (msg: string, details: Record<string, unknown> = {}) => new AppError('INVALID_WAVE_DATA', msg, details);

export function validWaves(waves: readonly WaveInput[] | null | undefined): PlanWave[] {
  if (!waves?.length) throw new AppError('PLAN_HAS_NO_WAVES', 'Recovery Plan has no waves configured', { field: 'waves' });
  // What the plan's transactions allow (platform/input-limits.ts MAX_WAVES); imports come this way too.
  if (waves.length > MAX_WAVES) throw invalid(`A plan has ${MAX_WAVES} waves or fewer`, { field: 'waves', maxItems: MAX_WAVES });
  const out: PlanWave[] = [];
  const numbers = new Set<number>();
  const groups = new Map<string, number>();
  for (const w of waves) {
    if (!Number.isInteger(w.waveNumber) || w.waveNumber < 1) throw invalid(`Wave number ${w.waveNumber} must be a positive integer`);
    if (numbers.has(w.waveNumber)) throw invalid(`Wave ${w.waveNumber} appears twice`, { waveNumber: w.waveNumber });
    numbers.add(w.waveNumber);
    const name = w.name?.trim();
    if (!name) throw invalid(`Wave ${w.waveNumber} has no name`, { waveNumber: w.waveNumber });
    if (!w.protectionGroupId?.trim()) {
      throw new AppError('MISSING_FIELD', `Wave ${w.waveNumber} needs a protectionGroupId`, { field: 'protectionGroupId', waveNumber: w.waveNumber });
    }
    const other = groups.get(w.protectionGroupId);
    if (other !== undefined) {
      throw invalid(`Waves ${other} and ${w.waveNumber} use the same protection group: its servers would launch twice`, {
        protectionGroupId: w.protectionGroupId,
      });
    }
    groups.set(w.protectionGroupId, w.waveNumber);
    out.push({
      waveNumber: w.waveNumber,
      name,
      protectionGroupId: w.protectionGroupId,
      pauseBeforeWave: w.pauseBeforeWave ?? false,
      dependsOn: [...new Set(w.dependsOn ?? [])].sort((a, b) => a - b),
    });
  }
  for (const w of out) {
    for (const d of w.dependsOn) {
      if (d === w.waveNumber) throw new AppError('CIRCULAR_DEPENDENCY', `Wave ${d} depends on itself`, { cycle: [d, d] });
      if (!numbers.has(d)) throw invalid(`Wave ${w.waveNumber} depends on wave ${d}, which the plan does not have`, { waveNumber: w.waveNumber });
    }
  }
  const cycle = findCycle(out);
  if (cycle) throw new AppError('CIRCULAR_DEPENDENCY', `Wave dependencies form a loop: ${cycle.join(' → ')}`, { cycle });
  return out.sort((a, b) => a.waveNumber - b.waveNumber);
}

/** A dependency cycle as wave numbers (first repeated at the end), or null. Depth-first, three colours. */
export function findCycle(waves: readonly Pick<PlanWave, 'waveNumber' | 'dependsOn'>[]): number[] | null {
  const deps = new Map(waves.map((w) => [w.waveNumber, w.dependsOn]));
  const state = new Map<number, 'visiting' | 'done'>();
  const path: number[] = [];
  const visit = (n: number): number[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'visiting') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'visiting');
    path.push(n);
    for (const d of deps.get(n) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    path.pop();
    state.set(n, 'done');
    return null;
  };
  for (const w of waves) {
    const c = visit(w.waveNumber);
    if (c) return c;
  }
  return null;
}
