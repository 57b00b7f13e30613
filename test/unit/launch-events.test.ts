// DRS launch events and what they mean for an execution (domain/executions/launch-events.ts), and how
// long the orchestrator sleeps between ticks (progress.ts fallbackSeconds). No DRS, no DynamoDB.
import { describe, expect, it } from 'vitest';
import { applyLaunchResults, parseLaunchEvent, wakeFor, type DrsEvent } from '../../domain/executions/launch-events.ts';
import type { LaunchResult } from '../../domain/executions/launch-results.ts';
import { fallbackSeconds } from '../../domain/executions/progress.ts';
import { EARLIER, execution, server, sid, startedWave, wave } from './support/executions.ts';

/** DRS's sample event (Elastic Disaster Recovery user guide, "Sample events"), with our ids. */
const sample = (over: Partial<DrsEvent> = {}, detail: DrsEvent['detail'] = {}): DrsEvent => ({
  version: '0',
  id: '9da9af57-9253-4406-87cb-7cc400e43465',
  'detail-type': 'DRS Source Server Launch Result',
  source: 'aws.drs',
  account: '111122223333',
  time: '2016-08-22T20:12:19Z',
  region: 'us-west-2',
  resources: ['arn:aws:drs:us-west-2:111122223333:source-server/s-12345678901234567'],
  detail: { state: 'RECOVERY_LAUNCH_SUCCEEDED', 'job-id': 'drsjob-04ca7d0d3fb6afa3e', 'is-drill': 'FALSE', ...detail },
  ...over,
}) as DrsEvent;

const result = (sourceServerId: string, jobId: string, launchStatus: LaunchResult['launchStatus'] = 'LAUNCHED'): LaunchResult => ({
  sourceServerId,
  jobId,
  launchStatus,
  time: '2025-06-01T11:30:00Z',
});

describe('a DRS launch event', () => {
  it('reads server, job, account, region, status and time from DRS’s own shape', () => {
    expect(parseLaunchEvent(sample())).toEqual({
      region: 'us-west-2',
      account: '111122223333',
      sourceServerId: 's-12345678901234567',
      jobId: 'drsjob-04ca7d0d3fb6afa3e',
      launchStatus: 'LAUNCHED',
      time: '2016-08-22T20:12:19Z',
    });
    expect(parseLaunchEvent(sample({}, { state: 'RECOVERY_LAUNCH_FAILED' }))?.launchStatus).toBe('FAILED');
  });

  it('is nothing when it is another DRS event, another source, or lacks what identifies the launch', () => {
    for (const bad of [
      sample({ 'detail-type': 'DRS Source Server Data Replication Stalled Change' }, { state: 'STALLED' }),
      sample({ source: 'custom.drs' }),
      sample({}, { state: 'SOMETHING_NEW' }),
      sample({}, { 'job-id': undefined }),
      sample({ resources: ['arn:aws:drs:us-west-2:111122223333:recovery-instance/i-12345678901234567'] }),
      sample({ resources: [] }),
      sample({ account: undefined }),
    ]) {
      expect(parseLaunchEvent(bad)).toBeNull();
    }
  });
});

describe('recorded launch results applied to the servers', () => {
  it('decide the servers of the job they name; a result for another job (an earlier run) changes nothing', () => {
    const w = startedWave(1, 'j-1');
    applyLaunchResults([w], [result(sid(1, 1), 'j-1'), result(sid(1, 2), 'j-old', 'FAILED')]);
    expect(w.servers.map((s) => [s.launchStatus, s.endTime])).toEqual([
      ['LAUNCHED', '2025-06-01T11:30:00Z'],
      ['PENDING', null],
    ]);
  });

  it('never undo a final status, and adopt a job only when asked (an event that raced the tick that recorded it)', () => {
    const w = startedWave(1, 'j-1');
    w.servers[0].launchStatus = 'FAILED';
    w.servers.push(server(sid(1, 3)));
    applyLaunchResults([w], [result(sid(1, 1), 'j-1'), result(sid(1, 3), 'j-2')]);
    expect(w.servers.map((s) => s.launchStatus)).toEqual(['FAILED', 'PENDING', 'NOT_STARTED']);
    applyLaunchResults([w], [result(sid(1, 3), 'j-2')], true);
    expect(w.servers[2]).toMatchObject({ jobId: 'j-2', launchStatus: 'LAUNCHED' });
  });
});

describe('whether an event wakes the execution', () => {
  const twoWaves = () => execution([startedWave(1, 'j-1'), wave(2, 'PENDING', { dependsOn: [1] })]);

  it('not while the wave still has a server launching', () => {
    expect(wakeFor(twoWaves(), [result(sid(1, 1), 'j-1')], result(sid(1, 1), 'j-1'))).toBeNull();
  });

  it('once the wave settles, whether it completed or failed — in any order the events came', () => {
    const both = [result(sid(1, 2), 'j-1'), result(sid(1, 1), 'j-1')];
    expect(wakeFor(twoWaves(), both, both[0])).toBe('wave#1');
    expect(wakeFor(twoWaves(), [result(sid(1, 1), 'j-1', 'FAILED'), result(sid(1, 2), 'j-1')], result(sid(1, 1), 'j-1'))).toBe('wave#1');
  });

  it('when an event came before the tick recorded the server’s job', () => {
    const e = twoWaves();
    e.waves[0].servers[1] = server(sid(1, 2));
    expect(wakeFor(e, [result(sid(1, 1), 'j-1'), result(sid(1, 2), 'j-1')], result(sid(1, 2), 'j-1'))).toBe('wave#1');
  });

  it('when a job ends while servers wait for room in DRS’s limits, though the wave goes on', () => {
    const e = execution([startedWave(1, 'j-1', { count: 3 })]);
    e.waves[0].servers[2] = server(sid(1, 3));
    e.waves[0].servers[1].jobId = 'j-2';
    expect(wakeFor(e, [result(sid(1, 1), 'j-1')], result(sid(1, 1), 'j-1'))).toBe('job#j-1');
    // Without servers waiting, a job's end alone is no work.
    const full = execution([startedWave(1, 'j-1', { count: 3 })]);
    full.waves[0].servers[2].jobId = 'j-2';
    expect(wakeFor(full, [result(sid(1, 1), 'j-1'), result(sid(1, 2), 'j-1')], result(sid(1, 1), 'j-1'))).toBeNull();
  });

  it('never for a finished execution, a server it does not launch, or a wave that is not running', () => {
    const both = [result(sid(1, 1), 'j-1'), result(sid(1, 2), 'j-1')];
    expect(wakeFor({ ...twoWaves(), status: 'CANCELLED' }, both, both[0])).toBeNull();
    expect(wakeFor(twoWaves(), both, result('s-nobody', 'j-1'))).toBeNull();
    const done = execution([{ ...startedWave(1, 'j-1'), status: 'COMPLETED' }]);
    expect(wakeFor(done, both, both[0])).toBeNull();
  });
});

describe('the fallback poll', () => {
  const settings = { pollSeconds: 120, launchSeconds: 600 };
  const at = (iso: string, plusSeconds: number) => Date.parse(iso) + plusSeconds * 1000;

  it('comes a quarter interval after the earliest running job is expected to end', () => {
    const waves = [startedWave(1, 'j-1'), startedWave(2, 'j-2', { startTime: EARLIER })];
    waves[1].servers.forEach((s) => (s.startTime = new Date(at(EARLIER, 100)).toISOString()));
    expect(fallbackSeconds(waves, at(EARLIER, 30), settings)).toBe(600 + 30 - 30);
  });

  it('then every pollSeconds; and pollSeconds when nothing runs (servers waiting for room, a pause)', () => {
    expect(fallbackSeconds([startedWave(1, 'j-1')], at(EARLIER, 630), settings)).toBe(120);
    expect(fallbackSeconds([startedWave(1, 'j-1')], at(EARLIER, 3600), settings)).toBe(120);
    expect(fallbackSeconds([wave(1, 'STARTED')], at(EARLIER, 0), settings)).toBe(120);
    // Launched servers no longer count.
    const w = startedWave(1, 'j-1');
    w.servers.forEach((s) => (s.launchStatus = 'LAUNCHED'));
    expect(fallbackSeconds([w], at(EARLIER, 1), settings)).toBe(120);
  });
});
