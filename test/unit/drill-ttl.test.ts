// Drill TTL rules: the range, which TTL an execution starts with, expiry arithmetic, the sweep index's
// ordering, what `finish` adds for a drill, and the plain reasons a failed cleanup records.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { effectiveTtl, expiryOf, TTL_MAX_MINUTES, ttlIndexKey, ttlIndexUpTo, validTtl } from '../../domain/executions/ttl-rules.ts';
import { expiryOnFinish } from '../../domain/executions/ttl-finish.ts';
import { plainReason } from '../../domain/executions/cleanup.ts';
import type { StoredExecution } from '../../domain/executions/model.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.TABLE_NAME ??= 'unit';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('expiry arithmetic', () => {
  it('adds the TTL to the end time, in UTC with milliseconds', () => {
    expect(expiryOf('2026-11-30T23:30:00.000Z', 45)).toBe('2026-12-01T00:15:00.000Z');
    expect(expiryOf('2026-11-30T10:00:00.250Z', 1)).toBe('2026-11-30T10:01:00.250Z');
    expect(expiryOf('2026-02-28T12:00:00.000Z', TTL_MAX_MINUTES)).toBe('2026-03-07T12:00:00.000Z');
    // An offset end time is the same instant.
    expect(expiryOf('2026-11-30T12:00:00+02:00', 60)).toBe('2026-11-30T11:00:00.000Z');
    expect(() => expiryOf('yesterday', 5)).toThrow();
  });

  it('orders the sweep index by expiry, and "up to now" takes every drill expired at now', () => {
    const now = '2026-11-30T12:00:00.000Z';
    const keys = [
      ttlIndexKey('2026-11-30T11:59:59.999Z', 'b').sk,
      ttlIndexKey(now, 'ffffffff-ffff-ffff-ffff-ffffffffffff').sk,
      ttlIndexKey('2026-11-30T12:00:00.001Z', '0').sk,
    ];
    expect(keys.map((k) => k <= ttlIndexUpTo(now))).toEqual([true, true, false]);
    expect([...keys].sort()).toEqual(keys);
  });
});

describe('TTL rules', () => {
  it('takes whole minutes from 1 to a week', () => {
    expect(validTtl(1, 'm')).toBe(1);
    expect(validTtl(10080, 'm')).toBe(10080);
    expect(validTtl(null, 'm')).toBeNull();
    expect(validTtl(undefined, 'm')).toBeNull();
    for (const bad of [0, -1, 10081, 1.5, Number.NaN, '60']) expect(codeOf(() => validTtl(bad, 'm'))).toBe('INVALID_INPUT');
  });

  it("starts a drill with its own TTL, else the plan's; a recovery with none, and refuses one it is given", () => {
    expect(effectiveTtl('DRILL', 30, 60)).toBe(30);
    expect(effectiveTtl('DRILL', undefined, 60)).toBe(60);
    expect(effectiveTtl('DRILL', null, null)).toBeNull();
    expect(effectiveTtl('RECOVERY', undefined, 60)).toBeNull();
    expect(codeOf(() => effectiveTtl('RECOVERY', 30, null))).toBe('DRILL_TTL_NOT_ALLOWED');
    expect(codeOf(() => effectiveTtl('DRILL', 0, 60))).toBe('INVALID_INPUT');
  });
});

describe('ending an execution', () => {
  const base = { id: 'e1', executionType: 'DRILL', drillTtlMinutes: 30 } as StoredExecution;
  const end = '2026-11-30T12:00:00.000Z';

  it('writes expiresAt and the index entry for a drill with a TTL, on the condition the TTL is unchanged', () => {
    const x = expiryOnFinish(base, end);
    expect(x.set).toBe(', expiresAt = :expiresAt');
    expect(x.values).toEqual({ ':ttl': 30, ':expiresAt': '2026-11-30T12:30:00.000Z' });
    expect(x.condition).toContain('#ttl = :ttl');
    expect(x.items).toHaveLength(1);
    expect(x.items[0].Put?.Item).toMatchObject({ ...ttlIndexKey('2026-11-30T12:30:00.000Z', 'e1'), executionId: 'e1' });
  });

  it('writes no expiry without a TTL or for a recovery (and conditions on there still being none)', () => {
    for (const e of [{ ...base, drillTtlMinutes: null }, { ...base, drillTtlMinutes: undefined }, { ...base, executionType: 'RECOVERY' as const }]) {
      const x = expiryOnFinish(e, end);
      expect(x.set).toBe('');
      expect(x.items).toEqual([]);
      expect(x.condition).toContain('attribute_not_exists(#ttl)');
    }
  });
});

describe('a failed cleanup', () => {
  it('records a plain reason, never the SDK text', () => {
    const sdk = Object.assign(new Error('User: arn:aws:sts::123:assumed-role/x is not authorized to perform: drs:TerminateRecoveryInstances'), { name: 'AccessDeniedException' });
    expect(plainReason(sdk)).not.toContain('arn:aws');
    expect(plainReason(Object.assign(new Error('Recovery instance i-1 is participating in active job drsjob-1'), { name: 'ConflictException' }))).toMatch(/another active DRS job/);
    expect(plainReason(new Error('socket hang up'))).toBe('DRS could not terminate the recovery instances');
    expect(plainReason(new AppError('DRS_NOT_INITIALIZED', 'DRS is not initialized in region us-east-2.'))).toBe('DRS is not initialized in region us-east-2.');
  });
});
