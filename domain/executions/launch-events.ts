// DRS's `DRS Source Server Launch Result` events and what they mean for an execution, with no I/O.
// functions/drs-events records them (launch-results.ts) and wakes the execution when `wakeFor` says
// the orchestrator has work; the tick applies them with `applyLaunchResults`.
import type { StoredExecution, StoredWave } from './model.ts';
import { FINAL_SERVER, RUNNING_WAVE, settleWave } from './progress.ts';
import type { LaunchResult } from './launch-results.ts';

export const DRS_SOURCE = 'aws.drs';
export const LAUNCH_RESULT = 'DRS Source Server Launch Result';

/** The EventBridge envelope of a DRS event, as delivered to a Lambda target. */
export interface DrsEvent {
  'detail-type'?: string;
  source?: string;
  account?: string;
  region?: string;
  time?: string;
  resources?: string[];
  detail?: { state?: string; 'job-id'?: string; 'is-drill'?: string };
}

export interface LaunchEvent extends LaunchResult {
  region: string;
  account: string;
}

const STATES: Record<string, LaunchResult['launchStatus']> = { RECOVERY_LAUNCH_SUCCEEDED: 'LAUNCHED', RECOVERY_LAUNCH_FAILED: 'FAILED' };
const SERVER_ARN = /^arn:aws[a-z-]*:drs:([a-z0-9-]+):(\d{12}):source-server\/(s-[0-9a-zA-Z]{17})$/;

/** The launch result an event reports, or null for anything else (another detail-type, a malformed event). */
export function parseLaunchEvent(event: DrsEvent): LaunchEvent | null {
  if (event.source !== DRS_SOURCE || event['detail-type'] !== LAUNCH_RESULT) return null;
  const launchStatus = STATES[event.detail?.state ?? ''];
  const jobId = event.detail?.['job-id'];
  const arn = (event.resources ?? []).map((r) => SERVER_ARN.exec(r)).find(Boolean);
  if (!launchStatus || !jobId || !arn || !event.account) return null;
  return { region: arn[1], account: event.account, sourceServerId: arn[3], jobId, launchStatus, time: event.time ?? new Date().toISOString() };
}

/**
 * Recorded results applied to the servers they are about: a server not yet final in the job the result
 * names takes its status and end time. With `adopt`, a server with no job recorded yet takes the
 * result's job (the event raced the tick that started it: only for deciding whether to wake).
 */
export function applyLaunchResults(waves: readonly StoredWave[], results: readonly LaunchResult[], adopt = false): void {
  const byServer = new Map<string, LaunchResult[]>();
  for (const r of results) byServer.set(r.sourceServerId, [...(byServer.get(r.sourceServerId) ?? []), r]);
  for (const w of waves) {
    for (const s of w.servers) {
      if (FINAL_SERVER.includes(s.launchStatus)) continue;
      const r = byServer.get(s.sourceServerId)?.find((x) => x.jobId === s.jobId || (adopt && !s.jobId));
      if (!r) continue;
      Object.assign(s, { jobId: s.jobId ?? r.jobId, launchStatus: r.launchStatus, endTime: r.time });
    }
  }
}

/**
 * Whether the results give the orchestrator work, as the key that wakes it once: `wave#<n>` when the
 * event's wave settles, `job#<id>` when the event's job ended while servers wait for room in DRS's
 * limits. Null while the wave still runs (or the execution is over).
 */
export function wakeFor(e: Pick<StoredExecution, 'status' | 'waves'>, results: readonly LaunchResult[], event: Pick<LaunchResult, 'sourceServerId' | 'jobId'>): string | null {
  if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status)) return null;
  const waves: StoredWave[] = structuredClone(e.waves);
  applyLaunchResults(waves, results, true);
  const wave = waves.find((w) => w.servers.some((s) => s.sourceServerId === event.sourceServerId));
  if (!wave || !RUNNING_WAVE.includes(wave.status)) return null;
  settleWave(wave);
  if (!RUNNING_WAVE.includes(wave.status)) return `wave#${wave.waveNumber}`;
  const inJob = waves.flatMap((w) => w.servers).filter((s) => s.jobId === event.jobId);
  const waiting = waves.some((w) => RUNNING_WAVE.includes(w.status) && w.servers.some((s) => !s.jobId && !FINAL_SERVER.includes(s.launchStatus)));
  return waiting && inJob.every((s) => FINAL_SERVER.includes(s.launchStatus)) ? `job#${event.jobId}` : null;
}
