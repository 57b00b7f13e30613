// DRS's EventBridge events: `DRS Source Server Launch Result` for every server of a LAUNCH job (drill
// or recovery) at the simulated moment its launch ends, on the default bus of the job's account and
// region, in DRS's shape:
//   {version, id, detail-type: "DRS Source Server Launch Result", source: "aws.drs", account, time,
//    region, resources: ["arn:aws:drs:<region>:<account>:source-server/<id>"],
//    detail: {state: RECOVERY_LAUNCH_SUCCEEDED | RECOVERY_LAUNCH_FAILED, job-id, is-drill: TRUE | FALSE}}
// The job clock is lazy (drs-jobs.ts), so each LAUNCH job gets real timers, unref'd, at its servers'
// launch ends: the timer advances the clock, and the event is emitted by whatever applies the step
// (the timer, or a read that came first), after the job record shows it. DRS_EVENT_DROP_RATE
// (drs-control.ts) leaves a deterministic share of events out.
import { createHash } from 'node:crypto';
import type { DrsControl } from './drs-control.ts';
import { type LaunchResult, advanceDrs, onLaunchResult } from './drs-jobs.ts';
import type { EmitInput } from './event-delivery.ts';
import type { DrsJobRecord, EmulatorState } from './fixtures.ts';

export const DRS_EVENT_SOURCE = 'aws.drs';
export const LAUNCH_RESULT_DETAIL_TYPE = 'DRS Source Server Launch Result';
// setTimeout's longest wait; a launch further away is re-armed when this one fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface DrsEvents {
  /** Arms the timers of a job just created (TERMINATE jobs have none). */
  watch(record: DrsJobRecord): void;
  /**
   * After a restart (state loaded from DATA_DIR): applies at once every step whose time has passed
   * while the stack was down (their launch ends reported as usual), then arms the timers of every job
   * with steps still ahead. Answers how many jobs are still running.
   */
  resume(): number;
  /** Clears every timer and stops emitting. */
  close(): void;
}

/** Whether the result's event falls in the dropped share: a hash of the job's seed and the server, below the rate. */
function dropped(result: LaunchResult, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  const key = `${result.record.seed ?? result.record.job.jobID}:launch-result-event:${result.sourceServerID}`;
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32 < rate;
}

export function createDrsEvents(opts: { state: EmulatorState; control: DrsControl; emit: (input: EmitInput) => string }): DrsEvents {
  const { state, control } = opts;
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  onLaunchResult(state, (results) => {
    if (closed) return;
    for (const result of results) {
      const counts = (control.stats.events ??= { emitted: 0, dropped: 0 });
      if (dropped(result, control.faults.eventDropRate)) {
        counts.dropped++;
        continue;
      }
      opts.emit({
        account: result.accountId,
        region: result.region,
        source: DRS_EVENT_SOURCE,
        detailType: LAUNCH_RESULT_DETAIL_TYPE,
        resources: [`arn:aws:drs:${result.region}:${result.accountId}:source-server/${result.sourceServerID}`],
        detail: {
          state: result.launchStatus === 'LAUNCHED' ? 'RECOVERY_LAUNCH_SUCCEEDED' : 'RECOVERY_LAUNCH_FAILED',
          'job-id': result.record.job.jobID,
          'is-drill': result.record.isDrill ? 'TRUE' : 'FALSE',
        },
        time: result.at,
      });
      counts.emitted++;
    }
  });

  function arm(at: number): void {
    if (closed) return;
    const wait = Math.max(0, Math.ceil(at - Date.now()));
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (wait > MAX_TIMER_MS) return arm(at);
        // Never before the step's time, even when the timer fires a little early.
        advanceDrs(state, Math.max(Date.now(), at));
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    timers.add(timer);
  }

  function watch(record: DrsJobRecord, after = -Infinity): void {
    if (record.job.type !== 'LAUNCH') return;
    const times = new Set(record.steps.filter((s) => s.kind === 'LAUNCHED' && s.at > after).map((s) => s.at));
    for (const at of times) arm(at);
  }

  return {
    watch: (record) => watch(record),
    resume() {
      const now = Date.now();
      advanceDrs(state, now);
      let running = 0;
      for (const account of Object.values(state.accounts)) {
        for (const drs of Object.values(account.drs)) {
          for (const record of drs.jobs) {
            if (record.applied >= record.steps.length) continue;
            running++;
            watch(record, now);
          }
        }
      }
      return running;
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      onLaunchResult(state, undefined);
    },
  };
}
