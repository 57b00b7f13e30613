// The wave rules of recovery plans (domain/recovery-plans/validate.ts): numbering, names, groups,
// dependencies and cycles, with the guide's codes (PLAN_HAS_NO_WAVES, INVALID_WAVE_DATA,
// MISSING_FIELD, CIRCULAR_DEPENDENCY).
import { describe, expect, it } from 'vitest';
import { findCycle, validWaves } from '../../domain/recovery-plans/validate.ts';
import type { WaveInput } from '../../platform/generated/graphql.ts';
import { refusal } from './support/errors.ts';

const w = (waveNumber: number, over: Partial<WaveInput> = {}): WaveInput => ({ waveNumber, name: `Wave ${waveNumber}`, protectionGroupId: `pg-${waveNumber}`, ...over });

describe('validWaves', () => {
  it('answers the waves in number order, names trimmed, dependencies unique and sorted, pauseBeforeWave false by default', () => {
    expect(validWaves([w(2, { name: '  App  ', dependsOn: [1, 1] }), w(1, { pauseBeforeWave: true }), w(3, { dependsOn: [2, 1] })])).toEqual([
      { waveNumber: 1, name: 'Wave 1', protectionGroupId: 'pg-1', pauseBeforeWave: true, dependsOn: [] },
      { waveNumber: 2, name: 'App', protectionGroupId: 'pg-2', pauseBeforeWave: false, dependsOn: [1] },
      { waveNumber: 3, name: 'Wave 3', protectionGroupId: 'pg-3', pauseBeforeWave: false, dependsOn: [1, 2] },
    ]);
  });

  it('a plan needs waves: PLAN_HAS_NO_WAVES on field waves', () => {
    for (const none of [[], null, undefined]) {
      expect(refusal(() => validWaves(none))).toMatchObject({ code: 'PLAN_HAS_NO_WAVES', field: 'waves', message: 'Recovery Plan has no waves configured' });
    }
  });

  it('wave numbers are positive integers, each once (gaps allowed)', () => {
    expect(refusal(() => validWaves([w(0)])).code).toBe('INVALID_WAVE_DATA');
    expect(refusal(() => validWaves([w(-1)])).code).toBe('INVALID_WAVE_DATA');
    expect(refusal(() => validWaves([w(1.5)])).code).toBe('INVALID_WAVE_DATA');
    expect(refusal(() => validWaves([w(1), w(2, { protectionGroupId: 'pg-x' }), w(2)]))).toMatchObject({
      code: 'INVALID_WAVE_DATA',
      message: 'Wave 2 appears twice',
      details: { waveNumber: 2 },
    });
    expect(validWaves([w(1), w(5)]).map((x) => x.waveNumber)).toEqual([1, 5]);
  });

  it('every wave has a name', () => {
    expect(refusal(() => validWaves([w(1), w(2, { name: '   ' })]))).toMatchObject({ code: 'INVALID_WAVE_DATA', message: 'Wave 2 has no name', details: { waveNumber: 2 } });
  });

  it('every wave names a protection group (MISSING_FIELD on protectionGroupId), each group in one wave only', () => {
    expect(refusal(() => validWaves([w(1, { protectionGroupId: ' ' })]))).toMatchObject({
      code: 'MISSING_FIELD',
      field: 'protectionGroupId',
      details: { field: 'protectionGroupId', waveNumber: 1 },
    });
    expect(refusal(() => validWaves([w(1, { protectionGroupId: 'pg-a' }), w(2, { protectionGroupId: 'pg-a' })]))).toMatchObject({
      code: 'INVALID_WAVE_DATA',
      details: { protectionGroupId: 'pg-a' },
    });
  });

  it('a dependency names a wave of the plan', () => {
    expect(refusal(() => validWaves([w(1), w(2, { dependsOn: [3] })]))).toMatchObject({
      code: 'INVALID_WAVE_DATA',
      message: 'Wave 2 depends on wave 3, which the plan does not have',
      details: { waveNumber: 2 },
    });
  });

  it('CIRCULAR_DEPENDENCY: a wave on itself, and loops through other waves, with the cycle', () => {
    expect(refusal(() => validWaves([w(1, { dependsOn: [1] })]))).toMatchObject({ code: 'CIRCULAR_DEPENDENCY', details: { cycle: [1, 1] } });
    expect(refusal(() => validWaves([w(1, { dependsOn: [3] }), w(2, { dependsOn: [1] }), w(3, { dependsOn: [2] })]))).toMatchObject({
      code: 'CIRCULAR_DEPENDENCY',
      message: 'Wave dependencies form a loop: 1 → 3 → 2 → 1',
      details: { cycle: [1, 3, 2, 1] },
    });
    // A diamond is no loop.
    expect(validWaves([w(1), w(2, { dependsOn: [1] }), w(3, { dependsOn: [1] }), w(4, { dependsOn: [2, 3] })])).toHaveLength(4);
  });
});

describe('findCycle', () => {
  it('answers the loop (first wave repeated at the end), or null', () => {
    expect(findCycle([{ waveNumber: 1, dependsOn: [] }, { waveNumber: 2, dependsOn: [1] }])).toBeNull();
    expect(findCycle([{ waveNumber: 1, dependsOn: [2] }, { waveNumber: 2, dependsOn: [1] }])).toEqual([1, 2, 1]);
    // The loop, not the path into it.
    expect(findCycle([{ waveNumber: 1, dependsOn: [2] }, { waveNumber: 2, dependsOn: [3] }, { waveNumber: 3, dependsOn: [2] }])).toEqual([2, 3, 2]);
    expect(findCycle([])).toBeNull();
  });
});
