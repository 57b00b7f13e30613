// The dashboard's view of one execution, kept current from subscription messages and reads: what a
// message changes (for the timeline) and how a message that arrives late (a read answered after a newer
// publication) is kept from moving a wave or a server backwards.
import type { ExecutionFieldsFragment, WaveFieldsFragment } from '../../operations/generated/graphql.ts';

export type Execution = ExecutionFieldsFragment;
export type Wave = WaveFieldsFragment;
export type Server = Wave['servers'][number];

export interface TimelineEntry {
  at: Date;
  text: string;
  status: string;
}

const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const WAVE_ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']);
const SERVER_ENDED = new Set(['LAUNCHED', 'FAILED', 'TERMINATED']);

export const executionEnded = (e: Pick<Execution, 'status'>) => ENDED.has(e.status);

function mergeServer(was: Server | undefined, now: Server): Server {
  return was && SERVER_ENDED.has(was.launchStatus) && !SERVER_ENDED.has(now.launchStatus) ? was : now;
}

/** A wave as it is now: `now`, unless `was` had already ended and `now` had not (an older read). */
export function mergeWave(was: Wave | undefined, now: Wave): Wave {
  if (!was) return now;
  if (WAVE_ENDED.has(was.status) && !WAVE_ENDED.has(now.status)) return was;
  return { ...now, servers: now.servers.map((s) => mergeServer(was.servers.find((x) => x.sourceServerId === s.sourceServerId), s)) };
}

/** The execution as it is now, from what we had and a newer whole execution (a message or a read). */
export function mergeExecution(was: Execution | undefined, now: Execution): Execution {
  if (!was || was.id !== now.id) return now;
  if (executionEnded(was) && !executionEnded(now)) return was;
  return { ...now, waves: now.waves.map((w) => mergeWave(was.waves.find((x) => x.waveNumber === w.waveNumber), w)) };
}

/** The execution with one wave replaced (an onWaveUpdated message). */
export function withWave(e: Execution, wave: Wave): Execution {
  const waves = e.waves.some((w) => w.waveNumber === wave.waveNumber)
    ? e.waves.map((w) => (w.waveNumber === wave.waveNumber ? mergeWave(w, wave) : w))
    : [...e.waves, wave].sort((a, b) => a.waveNumber - b.waveNumber);
  return { ...e, waves };
}

/** What changed between two views of an execution, as timeline entries. */
export function changes(was: Execution | undefined, now: Execution, at = new Date()): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  if (!was || was.id !== now.id) {
    out.push({ at, status: now.status, text: `${now.executionType === 'DRILL' ? 'Drill' : 'Recovery'} of ${now.recoveryPlanName}: ${now.status}` });
  } else if (was.status !== now.status) {
    out.push({ at, status: now.status, text: `Execution ${now.status}${now.errorMessage ? ` — ${now.errorMessage}` : ''}` });
  }
  for (const w of now.waves) {
    const before = was?.id === now.id ? was.waves.find((x) => x.waveNumber === w.waveNumber) : undefined;
    if (before && before.status !== w.status) out.push({ at, status: w.status, text: `Wave ${w.waveNumber} (${w.name}) ${w.status}` });
    for (const s of w.servers) {
      const prev = before?.servers.find((x) => x.sourceServerId === s.sourceServerId);
      if (prev && prev.launchStatus !== s.launchStatus) {
        const instance = s.recoveryInstanceId ? ` → ${s.recoveryInstanceId}` : '';
        out.push({ at, status: s.launchStatus, text: `${s.hostname ?? s.sourceServerId} ${s.launchStatus}${instance}` });
      }
    }
  }
  return out;
}

/** Share of a wave's servers whose launch has ended (1 for an ended wave). */
export function waveProgress(w: Wave): number {
  if (w.status === 'COMPLETED') return 1;
  if (!w.servers.length) return 0;
  return w.servers.filter((s) => SERVER_ENDED.has(s.launchStatus)).length / w.servers.length;
}
