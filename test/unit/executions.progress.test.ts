// The orchestrator's decisions (domain/executions/progress.ts) on small hand-built executions: what a
// DRS DescribeJobs answer does to servers and waves, dependency skipping, which waves start next, the
// split of waves into DRS jobs within DRS's limits, and a whole tick's outcome. No DRS, no DynamoDB.
import { describe, expect, it } from 'vitest';
import {
  WAVE_TAG,
  activeLoad,
  adoptAfterConflict,
  adoptEarlier,
  admitReady,
  advance,
  applyJobAnswers,
  cancelUnstarted,
  conclude,
  currentWaveOf,
  finalStatus,
  jobsToPoll,
  planJobs,
  recordJob,
  settleWave,
  skipDependents,
  snapshot,
  startableWaves,
  type JobLimits,
} from '../../domain/executions/progress.ts';
import type { StoredExecution, StoredWave } from '../../domain/executions/model.ts';
import { EARLIER, NOW, answers, clock, execution, job, server, sid, startedWave, statuses, wave } from './support/executions.ts';

/** DRS's default limits, as the guide and DESIGN.md state them. */
const LIMITS: JobLimits = { maxServersPerJob: 100, maxConcurrentJobs: 20, maxServersInActiveJobs: 500 };
const numbers = (waves: readonly StoredWave[]) => waves.map((w) => w.waveNumber);
const launched = (n: number, count = 2) =>
  wave(n, 'COMPLETED', {
    startTime: EARLIER,
    endTime: EARLIER,
    jobIds: [`j-${n}`],
    servers: Array.from({ length: count }, (_, i) => server(sid(n, i + 1), { jobId: `j-${n}`, launchStatus: 'LAUNCHED', recoveryInstanceId: `i-${n}${i}` })),
  });

describe('a DescribeJobs answer applied to servers', () => {
  it('takes each server’s launch status and recovery instance from its job, stamping the end of the final ones', () => {
    const w = startedWave(1, 'j-1', { count: 3 });
    applyJobAnswers([w], new Map([['j-1', job('j-1', 'STARTED', { [sid(1, 1)]: 'LAUNCHED', [sid(1, 2)]: 'IN_PROGRESS', [sid(1, 3)]: 'PENDING' })]]), clock);
    expect(w.servers.map((s) => [s.launchStatus, s.recoveryInstanceId, s.endTime])).toEqual([
      ['LAUNCHED', `i-${sid(1, 1)}`, NOW],
      ['IN_PROGRESS', null, null],
      ['PENDING', null, null],
    ]);
  });

  it('a COMPLETED job fails every server it still lists as pending, or does not list at all', () => {
    const w = startedWave(1, 'j-1', { count: 3 });
    applyJobAnswers([w], new Map([['j-1', job('j-1', 'COMPLETED', { [sid(1, 1)]: 'LAUNCHED', [sid(1, 2)]: 'PENDING' })]]), clock);
    expect(w.servers.map((s) => [s.launchStatus, s.endTime])).toEqual([
      ['LAUNCHED', NOW],
      ['FAILED', NOW],
      ['FAILED', NOW],
    ]);
  });

  it('leaves final servers, and servers whose job DRS did not answer, as they were', () => {
    const w = startedWave(1, 'j-1');
    Object.assign(w.servers[0], { launchStatus: 'LAUNCHED', recoveryInstanceId: 'i-kept', endTime: EARLIER });
    const other = startedWave(2, 'j-2');
    const copy = structuredClone(other);
    applyJobAnswers([w, other], new Map([['j-1', job('j-1', 'COMPLETED', { [sid(1, 1)]: 'FAILED', [sid(1, 2)]: 'LAUNCHED' })]]), clock);
    expect(w.servers[0]).toMatchObject({ launchStatus: 'LAUNCHED', recoveryInstanceId: 'i-kept', endTime: EARLIER });
    expect(w.servers[1]).toMatchObject({ launchStatus: 'LAUNCHED', endTime: NOW });
    expect(other).toEqual(copy);
  });

  it('asks DRS only about the jobs of running waves with servers not final, per region and account', () => {
    const mixed = startedWave(2, 'j-2');
    mixed.status = 'IN_PROGRESS';
    mixed.servers[0].launchStatus = 'LAUNCHED';
    const abroad = startedWave(3, 'j-3', { region: 'eu-west-1', accountId: '111122223333' });
    const allFinal = startedWave(5, 'j-5');
    allFinal.servers.forEach((s, i) => Object.assign(s, { launchStatus: 'LAUNCHED', recoveryInstanceId: `i-5${i}` }));
    const waves = [startedWave(1, 'j-1'), mixed, abroad, launched(4), allFinal, wave(6, 'WAITING')];
    expect(jobsToPoll(waves)).toEqual(
      new Map([
        ['us-east-1|', new Set(['j-1', 'j-2'])],
        ['eu-west-1|111122223333', new Set(['j-3'])],
      ]),
    );
  });

  it('also asks about a job whose server a launch event reported launched, for its recovery instance', () => {
    const byEvent = launched(7);
    byEvent.servers[1].recoveryInstanceId = null;
    expect(jobsToPoll([launched(4), byEvent])).toEqual(new Map([['us-east-1|', new Set(['j-7'])]]));
    // DRS names the instance; what the event decided (status, end) stays, even if DRS still lags.
    byEvent.servers[1].endTime = EARLIER;
    applyJobAnswers([byEvent], new Map([['j-7', job('j-7', 'STARTED', { [sid(7, 1)]: 'LAUNCHED', [sid(7, 2)]: 'LAUNCHED' })]]), clock);
    expect(byEvent.servers.map((s) => [s.launchStatus, s.recoveryInstanceId])).toEqual([
      ['LAUNCHED', 'i-70'],
      ['LAUNCHED', `i-${sid(7, 2)}`],
    ]);
    expect(byEvent.servers[1].endTime).toBe(EARLIER);
  });
});

describe('wave settling', () => {
  const settled = (w: StoredWave) => (settleWave(w, clock), w);
  const withStatuses = (...launch: Array<string | null>) =>
    startedWave(1, 'j-1', { count: launch.length }).servers.map((s, i) =>
      launch[i] === null ? server(s.sourceServerId) : { ...s, launchStatus: launch[i]! },
    );

  it('COMPLETED when every server LAUNCHED, keeping its start and stamping its end', () => {
    expect(settled(wave(1, 'STARTED', { startTime: EARLIER, servers: withStatuses('LAUNCHED', 'LAUNCHED') }))).toMatchObject({
      status: 'COMPLETED',
      startTime: EARLIER,
      endTime: NOW,
      errorMessage: null,
    });
  });

  it('FAILED when every server is final and one did not launch (TERMINATED counts), naming them', () => {
    const w = settled(wave(2, 'IN_PROGRESS', { servers: withStatuses('LAUNCHED', 'FAILED', 'TERMINATED') }));
    expect(w).toMatchObject({ status: 'FAILED', startTime: NOW, endTime: NOW });
    expect(w.errorMessage).toBe(`2 server(s) failed to launch in wave 2: ${sid(1, 2)}, ${sid(1, 3)}`);
  });

  it('IN_PROGRESS once a server is launching or launched while others are still pending', () => {
    expect(settled(wave(1, 'STARTED', { servers: withStatuses('IN_PROGRESS', 'PENDING') })).status).toBe('IN_PROGRESS');
    expect(settled(wave(1, 'WAITING', { servers: withStatuses('LAUNCHED', 'PENDING') })).status).toBe('IN_PROGRESS');
    expect(settled(wave(1, 'STARTED', { servers: withStatuses('PENDING', 'PENDING') })).status).toBe('STARTED');
  });

  it('waits while a server has no DRS job yet, however far the others are', () => {
    const w = settled(wave(1, 'STARTED', { servers: withStatuses('LAUNCHED', null) }));
    expect(w).toMatchObject({ status: 'STARTED', endTime: null });
  });

  it('a server refused a job (FAILED without one) counts as final and failed', () => {
    const servers = [...withStatuses('LAUNCHED'), server('s-busy', { launchStatus: 'FAILED' })];
    expect(settled(wave(1, 'STARTED', { servers })).status).toBe('FAILED');
  });

  it('does not touch waves that are not running', () => {
    for (const status of ['PENDING', 'PAUSED', 'COMPLETED', 'SKIPPED', 'CANCELLED'] as const) {
      expect(settled(wave(1, status, { servers: withStatuses('FAILED', 'LAUNCHED') })).status).toBe(status);
    }
  });
});

describe('dependency skipping', () => {
  it('a failed wave skips the waves depending on it, transitively; independent waves go on', () => {
    // Listed out of order, so skipping wave 3 needs wave 2 skipped first.
    const waves = [
      wave(3, 'PENDING', { dependsOn: [2] }),
      wave(2, 'PAUSED', { dependsOn: [1], pauseBeforeWave: true }),
      wave(1, 'FAILED'),
      wave(4, 'PENDING'),
      wave(5, 'PENDING', { dependsOn: [4] }),
      wave(6, 'PENDING', { dependsOn: [4, 1] }),
    ];
    skipDependents(waves, clock);
    expect(waves.map((w) => [w.waveNumber, w.status, w.errorMessage])).toEqual([
      [3, 'SKIPPED', 'Skipped: wave 2 it depends on did not complete'],
      [2, 'SKIPPED', 'Skipped: wave 1 it depends on did not complete'],
      [1, 'FAILED', null],
      [4, 'PENDING', null],
      [5, 'PENDING', null],
      [6, 'SKIPPED', 'Skipped: wave 1 it depends on did not complete'],
    ]);
    expect(waves[0].endTime).toBe(NOW);
  });

  it('nothing is skipped while dependencies are running or completed', () => {
    const waves = [wave(1, 'IN_PROGRESS'), launched(2), wave(3, 'PENDING', { dependsOn: [1, 2] })];
    skipDependents(waves, clock);
    expect(statuses(waves)).toEqual(['IN_PROGRESS', 'COMPLETED', 'PENDING']);
  });
});

describe('which waves start next', () => {
  const plan = () => [
    launched(1),
    wave(2, 'PENDING', { dependsOn: [1] }),
    wave(3, 'PENDING', { dependsOn: [1, 2] }),
    wave(4, 'PENDING', { dependsOn: [1], pauseBeforeWave: true }),
    wave(5, 'PAUSED', { dependsOn: [1], pauseBeforeWave: true }),
    wave(6, 'PENDING'),
  ];

  it('IN_PROGRESS: waves whose dependencies all completed wait to start, except unreleased pauseBeforeWave ones', () => {
    const waves = plan();
    const gated = admitReady({ status: 'IN_PROGRESS', resumedWaves: [5] }, waves);
    expect(numbers(gated)).toEqual([4]);
    expect(statuses(waves)).toEqual(['COMPLETED', 'WAITING', 'PENDING', 'PENDING', 'WAITING', 'WAITING']);
  });

  it('without a resume, a paused wave stays gated', () => {
    const waves = plan();
    expect(numbers(admitReady({ status: 'IN_PROGRESS' }, waves))).toEqual([4, 5]);
    expect(waves[4].status).toBe('PAUSED');
  });

  it('PAUSE_PENDING starts no new wave', () => {
    const waves = plan();
    expect(numbers(admitReady({ status: 'PAUSE_PENDING', resumedWaves: [5] }, waves))).toEqual([4]);
    expect(statuses(waves)).toEqual(statuses(plan()));
  });

  it('startable: running waves with servers not in a job yet', () => {
    const partial = startedWave(2, 'j-2');
    partial.servers.push(server('s-later'));
    const refused = wave(3, 'STARTED', { servers: [server('s-busy', { launchStatus: 'FAILED' })] });
    expect(numbers(startableWaves([wave(1, 'WAITING'), partial, refused, startedWave(4, 'j-4'), wave(5, 'PENDING')]))).toEqual([1, 2]);
  });

  it('CANCELLING cancels what has not started; waves with DRS jobs run to their end', () => {
    const partial = wave(5, 'WAITING', { servers: [server('s-a', { jobId: 'j-5', launchStatus: 'PENDING' }), server('s-b')] });
    const waves = [startedWave(1, 'j-1'), wave(2, 'PENDING'), wave(3, 'PAUSED'), wave(4, 'WAITING'), partial, launched(6)];
    cancelUnstarted(waves, clock);
    expect(statuses(waves)).toEqual(['STARTED', 'CANCELLED', 'CANCELLED', 'CANCELLED', 'WAITING', 'COMPLETED']);
    expect(waves[1].endTime).toBe(NOW);
  });
});

describe('splitting waves into DRS jobs', () => {
  const sizes = (chunks: ReturnType<typeof planJobs>) => chunks.map((c) => [c.wave.waveNumber, c.servers.length]);

  it('at most 100 servers per job: 250 servers are three jobs of 100, 100 and 50', () => {
    expect(sizes(planJobs([wave(1, 'WAITING', { servers: 250 })], { jobs: 0, servers: 0 }, LIMITS))).toEqual([
      [1, 100],
      [1, 100],
      [1, 50],
    ]);
  });

  it('at most 20 concurrent jobs, counting the active ones', () => {
    expect(sizes(planJobs([wave(1, 'WAITING', { servers: 250 })], { jobs: 19, servers: 0 }, LIMITS))).toEqual([[1, 100]]);
    expect(planJobs([wave(1, 'WAITING', { servers: 250 })], { jobs: 20, servers: 0 }, LIMITS)).toEqual([]);
  });

  it('at most 500 servers in active jobs: the last job is cut to the room left', () => {
    expect(sizes(planJobs([wave(1, 'WAITING', { servers: 250 })], { jobs: 3, servers: 450 }, LIMITS))).toEqual([[1, 50]]);
    expect(planJobs([wave(1, 'WAITING', { servers: 250 })], { jobs: 3, servers: 500 }, LIMITS)).toEqual([]);
  });

  it('earlier waves get the room first; what does not fit waits', () => {
    const waves = [wave(1, 'WAITING', { servers: 150 }), wave(2, 'WAITING', { servers: 80 })];
    expect(sizes(planJobs(waves, { jobs: 1, servers: 300 }, LIMITS))).toEqual([
      [1, 100],
      [1, 50],
      [2, 50],
    ]);
  });

  it('only servers without a job (and not refused) are planned, as the wave’s own server objects', () => {
    const w = wave(1, 'STARTED', {
      servers: [server('s-in-job', { jobId: 'j-1', launchStatus: 'PENDING' }), server('s-refused', { launchStatus: 'FAILED' }), server('s-a'), server('s-b')],
    });
    const [chunk, ...rest] = planJobs([w], { jobs: 0, servers: 0 }, LIMITS);
    expect(rest).toEqual([]);
    expect(chunk.servers.map((s) => s.sourceServerId)).toEqual(['s-a', 's-b']);
    expect(chunk.servers[0]).toBe(w.servers[2]);
  });

  it('follows limits other than the defaults', () => {
    const small: JobLimits = { maxServersPerJob: 2, maxConcurrentJobs: 2, maxServersInActiveJobs: 500 };
    expect(sizes(planJobs([wave(1, 'WAITING', { servers: 5 })], { jobs: 0, servers: 0 }, small))).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('counts what DRS counts: active jobs and the servers in them', () => {
    expect(activeLoad([job('a', 'STARTED', { x: 'PENDING', y: 'PENDING', z: 'PENDING' }), { jobID: 'b', status: 'PENDING' }])).toEqual({ jobs: 2, servers: 3 });
    expect(activeLoad([])).toEqual({ jobs: 0, servers: 0 });
  });

  it('records a StartRecovery: servers PENDING in their job, one held by another job FAILED', () => {
    const w = wave(1, 'WAITING', { servers: 3 });
    recordJob(w, w.servers, new Map([[sid(1, 1), 'j-1'], [sid(1, 2), 'j-1']]), clock);
    expect(w.servers.map((s) => [s.jobId, s.launchStatus, s.startTime, s.endTime])).toEqual([
      ['j-1', 'PENDING', NOW, null],
      ['j-1', 'PENDING', NOW, null],
      [null, 'FAILED', null, NOW],
    ]);
    expect(w).toMatchObject({ status: 'STARTED', jobIds: ['j-1'], startTime: NOW, errorMessage: `Server ${sid(1, 3)} is in another active DRS job` });

    const more = [server('s-x'), server('s-y')];
    w.servers.push(...more);
    recordJob(w, more, new Map([['s-x', 'j-1'], ['s-y', 'j-2']]), () => 'later');
    expect(w).toMatchObject({ status: 'STARTED', jobIds: ['j-1', 'j-2'], startTime: NOW });
  });

  it('after a conflict: adopts the jobs this execution started, frees servers in no job, leaves the rest', () => {
    const active = [
      job('j-mine', 'STARTED', { 's-a': 'PENDING', 's-other': 'PENDING' }, 'exec-1'),
      job('j-theirs', 'STARTED', { 's-b': 'PENDING' }, 'exec-2'),
      { jobID: 'j-untagged', status: 'PENDING', participatingServers: [{ sourceServerID: 's-c' }] },
    ];
    const { owned, free } = adoptAfterConflict(['s-a', 's-b', 's-c', 's-d'], active, 'exec-1');
    expect(owned).toEqual(new Map([['s-a', 'j-mine']]));
    expect(free).toEqual(['s-d']);
  });

  it('before starting again: adopts the jobs an earlier attempt started for this execution and wave, whatever their status', () => {
    const tagged = (id: string, wave: number, servers: Record<string, string>, executionId = 'exec-1') => {
      const j = job(id, 'COMPLETED', servers, executionId);
      return { ...j, tags: { ...j.tags, [WAVE_TAG]: String(wave) } };
    };
    const jobs = [
      tagged('j-done', 2, { 's-a': 'LAUNCHED' }),
      tagged('j-other-wave', 3, { 's-b': 'LAUNCHED' }),
      tagged('j-theirs', 2, { 's-c': 'LAUNCHED' }, 'exec-2'),
      { jobID: 'j-untagged', status: 'STARTED', participatingServers: [{ sourceServerID: 's-d' }] },
    ];
    const wanted = new Map([['s-a', 2], ['s-b', 2], ['s-c', 2], ['s-d', 2], ['s-e', 2]]);
    expect(adoptEarlier(wanted, jobs, 'exec-1')).toEqual(new Map([['s-a', 'j-done']]));
    expect(adoptEarlier(wanted, [], 'exec-1')).toEqual(new Map());
  });
});

describe('how an execution ends', () => {
  it('the current wave is the highest begun (PAUSED included), else the previous one', () => {
    expect(currentWaveOf([launched(1), wave(2, 'PENDING'), wave(3, 'PAUSED')], 1)).toBe(3);
    expect(currentWaveOf([wave(1, 'SKIPPED'), wave(2, 'CANCELLED'), wave(3, 'PENDING')], 2)).toBe(2);
    expect(currentWaveOf([wave(1, 'PENDING')], null)).toBeNull();
  });

  it('final status: none while a wave is not done; COMPLETED; FAILED with the first failed wave’s message; CANCELLED', () => {
    const failed = wave(1, 'FAILED', { errorMessage: 'wave 1 broke' });
    expect(finalStatus('IN_PROGRESS', [launched(1), wave(2, 'IN_PROGRESS')])).toBeNull();
    expect(finalStatus('IN_PROGRESS', [launched(1), wave(2, 'PAUSED')])).toBeNull();
    expect(finalStatus('IN_PROGRESS', [launched(1), launched(2)])).toEqual({ status: 'COMPLETED', errorMessage: null });
    expect(finalStatus('IN_PROGRESS', [failed, wave(2, 'SKIPPED'), launched(3)])).toEqual({ status: 'FAILED', errorMessage: 'wave 1 broke' });
    expect(finalStatus('IN_PROGRESS', [wave(1, 'FAILED')])).toEqual({ status: 'FAILED', errorMessage: 'A wave did not complete' });
    expect(finalStatus('CANCELLING', [failed, wave(2, 'CANCELLED')])).toEqual({ status: 'CANCELLED', errorMessage: null });
  });
});

describe('a tick, given DRS’s answer', () => {
  /** One tick as engine.ts runs it; every StartRecovery answers a new job (j-<wave>-<n>) for its whole chunk. */
  function tick(e: StoredExecution, drs: ReturnType<typeof answers>, load = { jobs: 0, servers: 0 }) {
    const waves = structuredClone(e.waves);
    const before = snapshot(waves);
    const plan = advance(e, waves, drs, clock);
    const started: Array<[number, number]> = [];
    for (const c of planJobs(plan.startable, load, LIMITS)) {
      const id = `j-${c.wave.waveNumber}-${started.length + 1}`;
      recordJob(c.wave, c.servers, new Map(c.servers.map((s) => [s.sourceServerId, id])), clock);
      started.push([c.wave.waveNumber, c.servers.length]);
    }
    return { waves, plan, started, ...conclude(e, waves, plan, before, clock) };
  }
  const threeTier = (first: StoredWave) => [first, wave(2, 'PENDING', { dependsOn: [1] }), wave(3, 'PENDING', { dependsOn: [2], pauseBeforeWave: true })];

  it('a finished job completes its wave and starts the next one in the same tick', () => {
    const e = execution(threeTier(startedWave(1, 'j-1')), { currentWave: 1 });
    const t = tick(e, answers(job('j-1', 'COMPLETED', { [sid(1, 1)]: 'LAUNCHED', [sid(1, 2)]: 'LAUNCHED' })));
    expect(statuses(t.waves)).toEqual(['COMPLETED', 'STARTED', 'PENDING']);
    expect(t.started).toEqual([[2, 2]]);
    expect(t.waves[1]).toMatchObject({ jobIds: ['j-2-1'], startTime: NOW });
    expect(t).toMatchObject({ pause: false, currentWave: 2, final: null });
    expect(numbers(t.changed)).toEqual([1, 2]);
    expect(e.waves[0].status).toBe('STARTED');
  });

  it('no news from DRS: nothing changed, nothing to save or publish', () => {
    const e = execution(threeTier(startedWave(1, 'j-1')), { currentWave: 1 });
    const t = tick(e, answers(job('j-1', 'STARTED', { [sid(1, 1)]: 'PENDING', [sid(1, 2)]: 'PENDING' })));
    expect(t.changed).toEqual([]);
    expect(t).toMatchObject({ pause: false, currentWave: 1, final: null, started: [] });
  });

  it('a wave with pauseBeforeWave pauses the execution once nothing runs, and a resume releases it', () => {
    const e = execution(threeTier(launched(1)), { currentWave: 2 });
    e.waves[1] = startedWave(2, 'j-2', { dependsOn: [1] });
    const t = tick(e, answers(job('j-2', 'COMPLETED', { [sid(2, 1)]: 'LAUNCHED', [sid(2, 2)]: 'LAUNCHED' })));
    expect(numbers(t.plan.gated)).toEqual([3]);
    expect(statuses(t.waves)).toEqual(['COMPLETED', 'COMPLETED', 'PAUSED']);
    expect(t).toMatchObject({ pause: true, currentWave: 3, final: null, started: [] });

    const resumed = execution(t.waves, { status: 'IN_PROGRESS', currentWave: 3, resumedWaves: [3] });
    const next = tick(resumed, answers());
    expect(statuses(next.waves)).toEqual(['COMPLETED', 'COMPLETED', 'STARTED']);
    expect(next.started).toEqual([[3, 2]]);
    expect(next.pause).toBe(false);
  });

  it('a failed server fails its wave, skips what depends on it, lets an independent wave finish, then fails the execution', () => {
    const e = execution([startedWave(1, 'j-1', { count: 3 }), wave(2, 'PENDING', { dependsOn: [1] }), startedWave(3, 'j-3')]);
    const t = tick(
      e,
      answers(
        job('j-1', 'COMPLETED', { [sid(1, 1)]: 'LAUNCHED', [sid(1, 2)]: 'FAILED', [sid(1, 3)]: 'LAUNCHED' }),
        job('j-3', 'STARTED', { [sid(3, 1)]: 'IN_PROGRESS', [sid(3, 2)]: 'PENDING' }),
      ),
    );
    expect(statuses(t.waves)).toEqual(['FAILED', 'SKIPPED', 'IN_PROGRESS']);
    expect(t.waves[0].errorMessage).toBe(`1 server(s) failed to launch in wave 1: ${sid(1, 2)}`);
    expect(t.waves[1].jobIds).toEqual([]);
    expect(t.final).toBeNull();

    const last = tick(execution(t.waves), answers(job('j-3', 'COMPLETED', { [sid(3, 1)]: 'LAUNCHED', [sid(3, 2)]: 'LAUNCHED' })));
    expect(statuses(last.waves)).toEqual(['FAILED', 'SKIPPED', 'COMPLETED']);
    expect(last.final).toEqual({ status: 'FAILED', errorMessage: `1 server(s) failed to launch in wave 1: ${sid(1, 2)}` });
  });

  it('cancelling: the running wave finishes, the rest is cancelled, the execution ends CANCELLED', () => {
    const e = execution([startedWave(1, 'j-1'), wave(2, 'PENDING', { dependsOn: [1] }), wave(3, 'WAITING')], { status: 'CANCELLING' });
    const t = tick(e, answers(job('j-1', 'STARTED', { [sid(1, 1)]: 'IN_PROGRESS', [sid(1, 2)]: 'PENDING' })));
    expect(statuses(t.waves)).toEqual(['IN_PROGRESS', 'CANCELLED', 'CANCELLED']);
    expect(t).toMatchObject({ started: [], final: null, pause: false });

    const last = tick(execution(t.waves, { status: 'CANCELLING' }), answers(job('j-1', 'COMPLETED', { [sid(1, 1)]: 'LAUNCHED', [sid(1, 2)]: 'LAUNCHED' })));
    expect(statuses(last.waves)).toEqual(['COMPLETED', 'CANCELLED', 'CANCELLED']);
    expect(last.final).toEqual({ status: 'CANCELLED', errorMessage: null });
  });

  it('a requested pause lets the running wave finish (its remaining jobs included), then pauses before the next', () => {
    const first = startedWave(1, 'j-1');
    first.servers.push(server('s-waiting-for-room'));
    const e = execution([first, wave(2, 'PENDING', { dependsOn: [1] }), wave(3, 'PENDING', { dependsOn: [2] })], { status: 'PAUSE_PENDING', currentWave: 1 });
    const t = tick(e, answers(job('j-1', 'STARTED', { [sid(1, 1)]: 'PENDING', [sid(1, 2)]: 'PENDING' })));
    expect(t.started).toEqual([[1, 1]]);
    expect(t.pause).toBe(false);

    const done = structuredClone(t.waves);
    done[0].servers.forEach((s) => (s.launchStatus = 'LAUNCHED'));
    done[0].status = 'IN_PROGRESS';
    const last = tick(execution(done, { status: 'PAUSE_PENDING', currentWave: 1 }), answers());
    expect(statuses(last.waves)).toEqual(['COMPLETED', 'PENDING', 'PENDING']);
    expect(last).toMatchObject({ pause: true, final: null, started: [] });
  });

  it('the last wave done completes the execution', () => {
    const e = execution([launched(1), startedWave(2, 'j-2', { dependsOn: [1] })], { currentWave: 2 });
    const t = tick(e, answers(job('j-2', 'COMPLETED', { [sid(2, 1)]: 'LAUNCHED', [sid(2, 2)]: 'LAUNCHED' })));
    expect(t.final).toEqual({ status: 'COMPLETED', errorMessage: null });
    expect(t.waves[1].servers.map((s) => s.recoveryInstanceId)).toEqual([`i-${sid(2, 1)}`, `i-${sid(2, 2)}`]);
  });

  it('DRS full: the admitted wave waits, unstarted, for room', () => {
    const e = execution([launched(1), wave(2, 'PENDING', { dependsOn: [1] })], { currentWave: 1 });
    const t = tick(e, answers(), { jobs: 20, servers: 0 });
    expect(t.started).toEqual([]);
    expect(statuses(t.waves)).toEqual(['COMPLETED', 'WAITING']);
    expect(t).toMatchObject({ pause: false, final: null, currentWave: 2 });
  });

  it('cancelling a wave that is only partly in DRS jobs: its waiting servers are cancelled and the execution ends', () => {
    const first = startedWave(1, 'j-1');
    first.servers.push(server('s-waiting-for-room'));
    const e = execution([first, wave(2, 'PENDING', { dependsOn: [1] })], { status: 'CANCELLING', currentWave: 1 });
    const t = tick(e, answers(job('j-1', 'STARTED', { [sid(1, 1)]: 'IN_PROGRESS', [sid(1, 2)]: 'PENDING' })));
    expect(t.started).toEqual([]);
    expect(t.waves[0].servers[2]).toMatchObject({ launchStatus: 'CANCELLED', endTime: NOW });

    const last = tick(execution(t.waves, { status: 'CANCELLING' }), answers(job('j-1', 'COMPLETED', { [sid(1, 1)]: 'LAUNCHED', [sid(1, 2)]: 'LAUNCHED' })));
    expect(statuses(last.waves)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(last.final).toEqual({ status: 'CANCELLED', errorMessage: null });
  });

  it('a requested pause with nothing left to run ends the execution instead of pausing it', () => {
    const e = execution([startedWave(1, 'j-1'), wave(2, 'PENDING', { dependsOn: [1] })], { status: 'PAUSE_PENDING', currentWave: 1 });
    const t = tick(e, answers(job('j-1', 'COMPLETED', { [sid(1, 1)]: 'LAUNCHED', [sid(1, 2)]: 'FAILED' })));
    expect(statuses(t.waves)).toEqual(['FAILED', 'SKIPPED']);
    expect(t.pause).toBe(false);
    expect(t.final).toEqual({ status: 'FAILED', errorMessage: `1 server(s) failed to launch in wave 1: ${sid(1, 2)}` });
  });
});
