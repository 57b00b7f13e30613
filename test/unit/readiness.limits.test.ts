// Readiness arithmetic without a stack: which waves may run at once (dependsOn), the peak of jobs and
// servers over them, the limit findings and their severities, lag durations.
import { describe, expect, it } from 'vitest';
import { ancestors, concurrent, durationSeconds, headroom, heaviestConcurrentSet, jobsFor } from '../../domain/readiness/limits.ts';
import { limitFindings } from '../../domain/readiness/plan-limits.ts';
import { FINDINGS, bySeverity, finding } from '../../domain/readiness/findings.ts';
import { ERROR_STATUS } from '../../platform/errors.ts';

const LIMITS = { maxServersPerJob: 100, maxConcurrentJobs: 20, maxServersInActiveJobs: 500, maxReplicatingServers: 300 };
const wave = (waveNumber: number, servers: number, dependsOn: number[] = []) => ({ waveNumber, servers, dependsOn });
const where = { region: 'us-east-1', accountId: null };
const codes = (fs: Array<{ code: string }>) => fs.map((f) => f.code);

describe('waves that may run at once', () => {
  it('follows dependsOn transitively: a chain never runs two waves at once, siblings do', () => {
    const anc = ancestors([wave(1, 1), wave(2, 1, [1]), wave(3, 1, [2]), wave(4, 1, [1])]);
    expect([...anc.get(3)!].sort()).toEqual([1, 2]);
    expect(concurrent(anc, 1, 3)).toBe(false);
    expect(concurrent(anc, 2, 4)).toBe(true);
    expect(concurrent(anc, 3, 4)).toBe(true);
    expect(concurrent(anc, 2, 2)).toBe(false);
  });

  it('finds the heaviest set of mutually independent waves, not just the largest wave', () => {
    // 1 → {2, 3}; 4 independent of all: {2, 3, 4} run together.
    const waves = [wave(1, 90), wave(2, 60, [1]), wave(3, 50, [1]), wave(4, 10)];
    expect(heaviestConcurrentSet(waves, (w) => w.servers)).toEqual({ waves: [2, 3, 4], weight: 120 });
    const chain = [wave(1, 90), wave(2, 60, [1]), wave(3, 50, [2])];
    expect(heaviestConcurrentSet(chain, (w) => w.servers)).toEqual({ waves: [1], weight: 90 });
  });

  it('counts jobs as the orchestrator splits waves (at most the per-job limit each)', () => {
    expect(jobsFor(100, 100)).toBe(1);
    expect(jobsFor(101, 100)).toBe(2);
    expect(jobsFor(250, 100)).toBe(3);
    const h = headroom([wave(1, 250), wave(2, 30), wave(3, 30, [2])], LIMITS);
    expect(h.largestWave).toEqual({ waveNumber: 1, servers: 250, jobs: 3 });
    expect(h.peakJobs).toEqual({ waves: [1, 2], jobs: 4 });
    expect(h.peakServers).toEqual({ waves: [1, 2], servers: 280 });
  });
});

describe('limit findings', () => {
  it('answers nothing for a plan well inside the limits', () => {
    expect(limitFindings(where, [wave(1, 10), wave(2, 10, [1])], { planServers: 20, replicatingServers: 40 }, { jobs: 0, servers: 0 }, LIMITS)).toEqual([]);
  });

  it('warns of a wave over the per-job limit with the number of jobs it runs as', () => {
    const [f] = limitFindings(where, [wave(1, 250)], { planServers: 250, replicatingServers: 250 }, { jobs: 0, servers: 0 }, LIMITS);
    expect(f).toMatchObject({ code: 'WAVE_SIZE_LIMIT_EXCEEDED', severity: 'WARNING', waveNumber: 1 });
    expect(JSON.parse(f.details!)).toMatchObject({ servers: 250, limit: 100, jobs: 3 });
  });

  it('counts the account’s active jobs and servers beside the waves that may run at once', () => {
    const sizes = [wave(1, 40), wave(2, 40), wave(3, 40, [1, 2])];
    const fs = limitFindings(where, sizes, { planServers: 120, replicatingServers: 120 }, { jobs: 19, servers: 430 }, LIMITS);
    expect(codes(fs)).toEqual(['CONCURRENT_JOBS_LIMIT_EXCEEDED', 'SERVERS_IN_JOBS_LIMIT_EXCEEDED']);
    expect(JSON.parse(fs[0].details!)).toMatchObject({ waves: [1, 2], neededJobs: 2, activeJobs: 19, limit: 20 });
    expect(JSON.parse(fs[1].details!)).toMatchObject({ waves: [1, 2], neededServers: 80, serversInActiveJobs: 430, limit: 500 });
    expect(fs.every((f) => f.severity === 'WARNING')).toBe(true);
    // The same waves in a chain need one job at a time: room enough.
    const chain = [wave(1, 40), wave(2, 40, [1]), wave(3, 40, [2])];
    expect(limitFindings(where, chain, { planServers: 120, replicatingServers: 120 }, { jobs: 19, servers: 430 }, LIMITS)).toEqual([]);
  });

  it('blocks a plan with more servers than DRS may replicate in the account and region', () => {
    const [f] = limitFindings(where, [wave(1, 301, [])], { planServers: 301, replicatingServers: 320 }, { jobs: 0, servers: 0 }, { ...LIMITS, maxServersPerJob: 1000 });
    expect(f).toMatchObject({ code: 'DRS_QUOTA_EXCEEDED', severity: 'BLOCKING' });
    expect(JSON.parse(f.details!)).toMatchObject({ servers: 301, limit: 300, replicatingServers: 320 });
  });
});

describe('the findings catalogue', () => {
  it('gives every blocking code an HTTP status (the refusal answers it) and every code a fix', () => {
    for (const [code, [severity, fix]] of Object.entries(FINDINGS)) {
      expect(fix.length, code).toBeGreaterThan(10);
      if (severity === 'BLOCKING') expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS], code).toBeDefined();
    }
    expect(FINDINGS.UNHEALTHY_SERVER_REPLICATION[0]).toBe('BLOCKING');
    expect(FINDINGS.REPLICATION_LAG_HIGH[0]).toBe('WARNING');
    expect(FINDINGS.RECOVERY_INSTANCES_EXIST[0]).toBe('WARNING');
  });

  it('orders blocking findings first, plan-wide before per-wave', () => {
    const fs = [finding('REPLICATION_LAG_HIGH', 'x', { waveNumber: 1 }), finding('UNHEALTHY_SERVER_REPLICATION', 'y', { waveNumber: 2 }), finding('PLAN_ALREADY_EXECUTING', 'z')];
    expect(codes(fs.sort(bySeverity))).toEqual(['PLAN_ALREADY_EXECUTING', 'UNHEALTHY_SERVER_REPLICATION', 'REPLICATION_LAG_HIGH']);
  });
});

describe('DRS lag durations', () => {
  it('reads ISO 8601 durations in seconds', () => {
    expect(durationSeconds('PT5M')).toBe(300);
    expect(durationSeconds('PT6H40M')).toBe(24000);
    expect(durationSeconds('P1DT2H')).toBe(93600);
    expect(durationSeconds('PT1.5S')).toBe(1.5);
    expect(durationSeconds(null)).toBeNull();
    expect(durationSeconds('P')).toBeNull();
    expect(durationSeconds('5 minutes')).toBeNull();
  });
});
