// Measured durations (domain/executions/progress.ts): a server's launch, a wave's duration and the
// execution's RTO, from the times the orchestrator records, as a tick computes them.
import { describe, expect, it } from 'vitest';
import { advance, applyJobAnswers, measureRto, settleWave } from '../../domain/executions/progress.ts';
import { applyLaunchResults } from '../../domain/executions/launch-events.ts';
import { answers, clock, EARLIER, execution, job, server, sid, startedWave, wave } from './support/executions.ts';

const at = (seconds: number) => new Date(Date.parse(EARLIER) + seconds * 1000).toISOString();
const clockAt = (seconds: number) => () => at(seconds);

describe('measured durations', () => {
  it('a server: from its launch request to DRS reporting it LAUNCHED or FAILED; a wave: its start to its last server settling', () => {
    const w = startedWave(1, 'j-1', { count: 3 });
    w.servers[1].startTime = at(2); // a second job of the wave, started later
    applyJobAnswers([w], new Map([['j-1', job('j-1', 'STARTED', { [sid(1, 1)]: 'LAUNCHED', [sid(1, 2)]: 'IN_PROGRESS', [sid(1, 3)]: 'IN_PROGRESS' })]]), clockAt(30));
    settleWave(w, clockAt(30));
    // Measured as soon as final; the wave still runs, so it has no duration yet.
    expect(w.servers.map((s) => s.launchDurationSeconds ?? null)).toEqual([30, null, null]);
    expect(w.durationSeconds ?? null).toBeNull();
    applyJobAnswers([w], new Map([['j-1', job('j-1', 'COMPLETED', { [sid(1, 1)]: 'LAUNCHED', [sid(1, 2)]: 'LAUNCHED', [sid(1, 3)]: 'LAUNCHED' })]]), clockAt(45.5));
    settleWave(w, clockAt(50));
    expect(w.status).toBe('COMPLETED');
    expect(w.servers.map((s) => s.launchDurationSeconds)).toEqual([30, 43.5, 45.5]);
    // The last server's end, not the tick that noticed it (endTime 50).
    expect(w.durationSeconds).toBe(45.5);
  });

  it('a DRS event’s time ends the server; whole-second event times never give a negative duration', () => {
    const w = startedWave(1, 'j-1', { count: 2 });
    w.servers[1].startTime = at(10.4);
    applyLaunchResults([w], [
      { sourceServerId: sid(1, 1), jobId: 'j-1', launchStatus: 'LAUNCHED', time: at(20).replace('.000Z', 'Z') },
      { sourceServerId: sid(1, 2), jobId: 'j-1', launchStatus: 'FAILED', time: at(10) },
    ]);
    settleWave(w, clockAt(21));
    expect(w.status).toBe('FAILED');
    expect(w.servers.map((s) => s.launchDurationSeconds)).toEqual([20, 0]);
    expect(w.durationSeconds).toBe(20);
  });

  it('servers that never launched (cancelled, in another job) and waves that never started have no duration', () => {
    const e = execution([startedWave(1, 'j-1', { count: 1 }), wave(2, 'PENDING', { dependsOn: [1] })], { status: 'CANCELLING' });
    e.waves[0].servers.push(server(sid(1, 2)));
    advance(e, e.waves, answers(job('j-1', 'COMPLETED', { [sid(1, 1)]: 'LAUNCHED' })), clock);
    expect(e.waves.map((w) => w.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(e.waves[0].servers.map((s) => s.launchDurationSeconds ?? null)).toEqual([3600, null]);
    expect(e.waves[0].durationSeconds).toBe(3600);
    expect(e.waves[1].durationSeconds ?? null).toBeNull();
  });

  it('the RTO: the execution’s start to the last measured wave settling, never below a wave it contains', () => {
    const w1 = wave(1, 'COMPLETED', { startTime: at(5), durationSeconds: 40 });
    const w2 = wave(2, 'COMPLETED', { startTime: at(45), durationSeconds: 30 });
    const w3 = wave(3, 'SKIPPED', { endTime: at(200) });
    expect(measureRto(EARLIER, [w1, w2, w3])).toBe(75);
    expect(measureRto(EARLIER, [w3])).toBeNull();
    expect(measureRto(at(50), [wave(1, 'COMPLETED', { startTime: at(49.9), durationSeconds: 10 })])).toBe(10);
  });
});
