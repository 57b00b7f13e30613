// DRS_QUOTA_CONTENTION's counting (domain/drill-schedules/contention.ts): what is ahead of a firing in
// one account and region — DRS's active jobs, what other plans' running executions may still launch,
// schedules created earlier firing in the same minute — each counted once.
import { describe, expect, it } from 'vitest';
import { contention, firingDetails, sortOut, stillToLaunch, type Demand, type Firing, type Running } from '../../domain/drill-schedules/contention.ts';
import { EXECUTION_TAG, scopeOf, type DrsJobAnswer } from '../../domain/executions/progress.ts';
import type { StoredWave } from '../../domain/executions/model.ts';

const AT = new Date('2026-12-07T03:00:00.000Z');
const HERE = 'us-east-2|';
const LIMITS = { maxServersPerJob: 100, maxServersInActiveJobs: 3, maxConcurrentJobs: 20 };

type Server = { jobId?: string; launchStatus?: string };
const wave = (waveNumber: number, status: StoredWave['status'], servers: Server[], region = 'us-east-2', accountId: string | null = null) =>
  ({
    waveNumber, name: `W${waveNumber}`, protectionGroupId: `g${waveNumber}`, protectionGroupName: `g${waveNumber}`, status, pauseBeforeWave: false, dependsOn: [],
    startTime: null, endTime: null, jobIds: [], errorMessage: null, region, accountId,
    servers: servers.map((s, i) => ({ sourceServerId: `s-${waveNumber}-${i}`, hostname: null, launchStatus: s.launchStatus ?? 'NOT_STARTED', recoveryInstanceId: null, jobId: s.jobId ?? null, startTime: null, endTime: null })),
  }) as StoredWave;
const exec = (id: string, planId: string, waves: StoredWave[], more: Partial<Running> = {}): Running =>
  ({ id, recoveryPlanId: planId, status: 'IN_PROGRESS', scheduleId: null, invocationDetails: null, waves, ...more }) as Running;
const schedule = (id: string, planId: string, createdAt: string): Firing => ({ id, recoveryPlanId: planId, createdAt });
const job = (jobID: string, servers: number, executionId?: string): DrsJobAnswer => ({
  jobID,
  status: 'STARTED',
  tags: executionId ? { [EXECUTION_TAG]: executionId } : {},
  participatingServers: Array.from({ length: servers }, (_, i) => ({ sourceServerID: `${jobID}-${i}` })),
});
const demand = (servers: number, scope = HERE): Demand => new Map([[scope, { servers, jobs: Math.ceil(servers / LIMITS.maxServersPerJob) }]]);
const n = (count: number): Server[] => Array.from({ length: count }, () => ({}));

const ME = schedule('s-me', 'p-me', '2026-01-02T00:00:00.000Z');

/** The firing of ME at AT: sortOut, then the count (what quota.ts does with what it read). */
function fire(o: { sameMinute?: Firing[]; active?: Running[]; jobs?: DrsJobAnswer[]; demands?: Record<string, Demand>; limits?: typeof LIMITS; me?: Firing }) {
  const me = o.me ?? ME;
  const sorted = sortOut(me, AT, o.sameMinute ?? [], o.active ?? []);
  if (!sorted) return null;
  const demands = new Map(Object.entries({ [me.recoveryPlanId]: demand(2), ...o.demands }));
  return contention({ at: AT, limits: o.limits ?? LIMITS, planId: me.recoveryPlanId, sorted, demands, jobs: new Map([[HERE, o.jobs ?? []]]), scope: scopeOf });
}

describe('what a running execution may still launch', () => {
  it('counts servers in no DRS job yet in waves that may still run, not ended waves nor servers already in a job', () => {
    const e = exec('x', 'p-x', [
      wave(1, 'COMPLETED', [{ jobId: 'j0', launchStatus: 'LAUNCHED' }, { jobId: 'j0', launchStatus: 'LAUNCHED' }]),
      wave(2, 'STARTED', [{ jobId: 'j1', launchStatus: 'IN_PROGRESS' }, {}, { launchStatus: 'FAILED' }]),
      wave(3, 'PENDING', n(2)),
      wave(4, 'SKIPPED', n(5)),
      wave(5, 'PENDING', n(1), 'us-east-1'),
    ]);
    expect(stillToLaunch(e, 100, scopeOf)).toEqual(new Map([[HERE, { servers: 3, jobs: 2 }], ['us-east-1|', { servers: 1, jobs: 1 }]]));
    // One job per maxServersPerJob of each wave, as the orchestrator splits them.
    expect(stillToLaunch(e, 1, scopeOf).get(HERE)).toEqual({ servers: 3, jobs: 3 });
  });

  it('counts nothing more for a CANCELLING execution (its running jobs are DRS’s to count)', () => {
    expect(stillToLaunch(exec('x', 'p-x', [wave(1, 'PENDING', n(4))], { status: 'CANCELLING' }), 100, scopeOf).size).toBe(0);
  });
});

describe('a firing yields to', () => {
  it('a paused drill’s waves still to launch, naming the execution, the counts and the limit', () => {
    const paused = exec('x-paused', 'p-x', [wave(1, 'COMPLETED', [{ jobId: 'j0', launchStatus: 'LAUNCHED' }]), wave(2, 'PAUSED', n(2))], { status: 'PAUSED' });
    const reason = fire({ active: [paused] });
    expect(reason).toBe(
      "At 2026-12-07T03:00:00.000Z this plan's drill needs 2 servers in us-east-2 of this account, where 2 are ahead of it: " +
        "4 would pass DRS's limit of 3 servers in active jobs. Ahead: execution x-paused: 2 still to launch",
    );
    // One server fewer for this plan: 1 + 2 = 3 fits.
    expect(fire({ active: [paused], demands: { 'p-me': demand(1) } })).toBeNull();
  });

  it('a running drill’s active DRS job once: through DRS’s list, not again as a wave still to launch', () => {
    const running = exec('x-run', 'p-x', [wave(1, 'STARTED', [{ jobId: 'j1', launchStatus: 'IN_PROGRESS' }, { jobId: 'j1', launchStatus: 'LAUNCHED' }])]);
    const jobs = [job('j1', 2, 'x-run')];
    expect(fire({ active: [running], jobs, demands: { 'p-me': demand(1) } })).toBeNull();
    expect(fire({ active: [running], jobs })).toContain('Ahead: execution x-run: 2 in active DRS jobs');
  });

  it('DRS jobs no running execution of ours holds (started in DRS by hand, or by an execution that just ended)', () => {
    const reason = fire({ jobs: [job('drsjob-hand', 1), job('drsjob-old', 1, 'x-ended')] });
    expect(reason).toContain('where 2 are ahead of it');
    expect(reason).toContain('DRS job drsjob-hand: 1 in active DRS jobs; DRS job drsjob-old of execution x-ended: 1 in active DRS jobs');
  });

  it('the concurrent-jobs limit too, counting a split wave as one job per maxServersPerJob', () => {
    const limits = { maxServersPerJob: 1, maxServersInActiveJobs: 500, maxConcurrentJobs: 3 };
    const running = exec('x-run', 'p-x', [wave(1, 'STARTED', [{ jobId: 'j1', launchStatus: 'IN_PROGRESS' }, {}])]);
    const reason = fire({ active: [running], jobs: [job('j1', 1, 'x-run')], limits, demands: { 'p-me': new Map([[HERE, { servers: 2, jobs: 2 }]]) } });
    expect(reason).toContain("needs 2 DRS jobs in us-east-2 of this account, where 2 are ahead of it: 4 would pass DRS's limit of 3 concurrent jobs");
    expect(reason).toContain('execution x-run: 1 in active DRS jobs, 1 still to launch');
  });

  it('a schedule created earlier firing in the same minute whose drill has not started: its plan’s servers', () => {
    const earlier = schedule('s-early', 'p-early', '2026-01-01T00:00:00.000Z');
    const reason = fire({ sameMinute: [earlier], demands: { 'p-early': demand(2) } });
    expect(reason).toContain('Ahead: schedule s-early (created earlier, same minute): 2 still to launch');
  });
});

describe('a firing does not yield to', () => {
  it('a schedule created later in the same minute, nor the drill it started first, nor that drill’s DRS job', () => {
    const later = schedule('s-late', 'p-late', '2026-02-01T00:00:00.000Z');
    const started = exec('x-late', 'p-late', [wave(1, 'STARTED', [{ jobId: 'j1', launchStatus: 'IN_PROGRESS' }, { jobId: 'j1', launchStatus: 'IN_PROGRESS' }, {}])], {
      scheduleId: 's-late',
      invocationDetails: firingDetails('s-late', AT.toISOString()),
    });
    const jobs = [job('j1', 2, 'x-late')];
    expect(fire({ sameMinute: [later], demands: { 'p-late': demand(2) } })).toBeNull();
    expect(fire({ sameMinute: [later], active: [started], jobs })).toBeNull();
    // The same schedule's drill from an earlier firing is still running: that one counts.
    const before = { ...started, invocationDetails: firingDetails('s-late', '2026-12-07T02:00:00.000Z') };
    expect(fire({ sameMinute: [later], active: [before], jobs })).toContain('execution x-late: 2 in active DRS jobs, 1 still to launch');
  });

  it('an earlier schedule’s plan twice once its drill runs: the drill is counted, not also the plan’s servers', () => {
    const earlier = schedule('s-early', 'p-early', '2026-01-01T00:00:00.000Z');
    const started = exec('x-early', 'p-early', [wave(1, 'STARTED', [{ jobId: 'j1', launchStatus: 'IN_PROGRESS' }])], { scheduleId: 's-early', invocationDetails: firingDetails('s-early', AT.toISOString()) });
    const args = { sameMinute: [earlier], active: [started], jobs: [job('j1', 1, 'x-early')], demands: { 'p-early': demand(2) } };
    expect(fire(args)).toBeNull();
    expect(fire({ ...args, demands: { ...args.demands, 'p-me': demand(3) } })).toMatch(/where 1 are ahead of it: .*Ahead: execution x-early: 1 in active DRS jobs$/);
  });

  it('load in another region or account', () => {
    const elsewhere = exec('x-east1', 'p-x', [wave(1, 'PENDING', n(3), 'us-east-1'), wave(2, 'PENDING', n(3), 'us-east-2', '222233334444')]);
    expect(fire({ active: [elsewhere] })).toBeNull();
  });

  it('anything when its own plan is running (startExecution answers PLAN_ALREADY_EXECUTING), nor when nothing is ahead of a plan over the limit alone', () => {
    expect(fire({ active: [exec('x-mine', 'p-me', [wave(1, 'PENDING', n(9))])], jobs: [job('j9', 9)] })).toBeNull();
    expect(fire({ demands: { 'p-me': demand(7) } })).toBeNull();
  });
});

it('lists at most 10 of what is ahead and says how many more', () => {
  const jobs = Array.from({ length: 12 }, (_, i) => job(`drsjob-${i}`, 1));
  const reason = fire({ jobs, limits: { ...LIMITS, maxServersInActiveJobs: 12 } })!;
  expect(reason.match(/DRS job drsjob-/g)).toHaveLength(10);
  expect(reason).toMatch(/; and 2 more$/);
});
