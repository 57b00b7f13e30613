// The pure part of drift: field differences of groups and waves, and the comparison of a baseline with
// now, attributed to the newest audit record that touched the same field.
import { describe, expect, it } from 'vitest';
import { compareDrift, comparedKinds, type DriftInput, type ServerRef } from '../../domain/drift/compare.ts';
import { baselineOf } from '../../domain/drift/baseline.ts';
import { execution, wave as executionWave } from './support/executions.ts';
import { groupChanges, waveChanges, type GroupSnapshot, type WaveSnapshot } from '../../domain/drift/model.ts';
import type { AuditRecord } from '../../domain/drift/audit.ts';
import type { LaunchConfig } from '../../platform/generated/graphql.ts';

const lc = (extra: Partial<LaunchConfig> = {}): LaunchConfig => ({
  subnetId: 'subnet-1',
  securityGroupIds: ['sg-1'],
  instanceType: 't3.medium',
  instanceProfileName: null,
  copyPrivateIp: null,
  copyTags: null,
  licensing: null,
  targetInstanceTypeRightSizingMethod: null,
  launchDisposition: null,
  ...extra,
});
const group = (id: string, extra: Partial<GroupSnapshot> = {}): GroupSnapshot => ({
  id,
  version: 1,
  launchConfig: lc(),
  serverSelectionTags: [{ key: 'App', value: id }],
  sourceServerIds: [],
  ...extra,
});
const wave = (n: number, gid: string, extra: Partial<WaveSnapshot> = {}): WaveSnapshot => ({ waveNumber: n, name: `W${n}`, protectionGroupId: gid, dependsOn: [], pauseBeforeWave: false, ...extra });
const srv = (...ids: string[]): ServerRef[] => ids.map((sourceServerId) => ({ sourceServerId, hostname: `h-${sourceServerId}` }));
const audit = (at: string, by: string, changes: AuditRecord['changes'], id = 'g1'): AuditRecord => ({ subject: 'ProtectionGroup', id, action: 'UPDATE', version: 2, at, by, changes });

function input(over: Partial<DriftInput> = {}, now: Partial<DriftInput['now']> = {}): DriftInput {
  const waves = [wave(1, 'g1'), wave(2, 'g2', { dependsOn: [1] })];
  return {
    base: { recorded: true, planVersion: 1, waves, groups: [group('g1'), group('g2')] },
    baseServers: new Map([[1, srv('s1', 's2')], [2, srv('s3')]]),
    now: {
      waves,
      groups: new Map([['g1', group('g1')], ['g2', group('g2')]]),
      servers: new Map([['g1', srv('s1', 's2')], ['g2', srv('s3')]]),
      ...now,
    },
    planAudits: [],
    groupAudits: new Map(),
    ...over,
  };
}

describe('field differences', () => {
  it('compares sets unordered and launch fields one by one', () => {
    const a = group('g', { launchConfig: lc({ securityGroupIds: ['sg-1', 'sg-2'] }), serverSelectionTags: [{ key: 'A', value: '1' }, { key: 'B', value: '2' }] });
    const b = group('g', { launchConfig: lc({ securityGroupIds: ['sg-2', 'sg-1'] }), serverSelectionTags: [{ key: 'B', value: '2' }, { key: 'A', value: '1' }] });
    expect(groupChanges(a, b)).toEqual([]);
    const c = group('g', { launchConfig: lc({ instanceType: 'r5.xlarge', licensing: { osByol: true } }) });
    expect(groupChanges(group('g'), c)).toEqual([
      { field: 'launchConfig.instanceType', before: 't3.medium', after: 'r5.xlarge' },
      { field: 'launchConfig.licensing.osByol', before: null, after: true },
    ]);
  });

  it('a create lists every set field; a delete every field it had', () => {
    const fields = groupChanges(null, group('g', { sourceServerIds: ['s1'] })).map((c) => c.field);
    expect(fields).toEqual(['launchConfig.subnetId', 'launchConfig.securityGroupIds', 'launchConfig.instanceType', 'serverSelectionTags', 'sourceServerIds']);
    expect(waveChanges([wave(1, 'g')], null)).toEqual([{ field: 'waves[1]', before: wave(1, 'g'), after: null }]);
  });

  it('matches waves by number: added, removed, renamed, group swapped, dependencies', () => {
    const before = [wave(1, 'a'), wave(2, 'b', { dependsOn: [1] }), wave(3, 'c')];
    const after = [wave(1, 'a', { name: 'DB' }), wave(2, 'x', { dependsOn: [], pauseBeforeWave: true }), wave(4, 'd')];
    expect(waveChanges(before, after).map((c) => c.field)).toEqual([
      'waves[1].name',
      'waves[2].protectionGroupId',
      'waves[2].dependsOn',
      'waves[2].pauseBeforeWave',
      'waves[3]',
      'waves[4]',
    ]);
  });
});

describe('compareDrift', () => {
  it('nothing changed: no changes', () => {
    expect(compareDrift(input())).toEqual([]);
  });

  it('tag membership changed in DRS: joined and left, unattributed (first seen is filled in later)', () => {
    const changes = compareDrift(input({}, { servers: new Map([['g1', srv('s1', 's9')], ['g2', srv('s3')]]) }));
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'SERVER_LEFT', waveNumber: 1, protectionGroupId: 'g1', sourceServerId: 's2', before: JSON.stringify({ sourceServerId: 's2', hostname: 'h-s2' }), after: null, changedAt: null, changedBy: null }),
      expect.objectContaining({ kind: 'SERVER_JOINED', waveNumber: 1, protectionGroupId: 'g1', sourceServerId: 's9', changedAt: null, changedBy: null }),
    ]);
  });

  it('explicit-list membership: who and when from the edit that added or dropped the server', () => {
    const base = input().base;
    base.groups[0] = group('g1', { serverSelectionTags: [], sourceServerIds: ['s1', 's2'] });
    const changes = compareDrift(
      input(
        {
          base,
          groupAudits: new Map([
            ['g1', [
              audit('2026-01-02T00:00:00.000Z', 'alice', [{ field: 'sourceServerIds', before: ['s1', 's2'], after: ['s1', 's2', 's7'] }]),
              audit('2026-01-03T00:00:00.000Z', 'bob', [{ field: 'sourceServerIds', before: ['s1', 's2', 's7'], after: ['s1', 's7'] }]),
            ]],
          ]),
        },
        {
          groups: new Map([['g1', group('g1', { serverSelectionTags: [], sourceServerIds: ['s1', 's7'] })], ['g2', group('g2')]]),
          servers: new Map([['g1', srv('s1', 's7')], ['g2', srv('s3')]]),
        },
      ),
    );
    expect(changes.map((c) => [c.kind, c.sourceServerId ?? c.field, c.changedBy, c.changedAt])).toEqual([
      ['SELECTION_CHANGED', 'sourceServerIds', 'bob', '2026-01-03T00:00:00.000Z'],
      ['SERVER_LEFT', 's2', 'bob', '2026-01-03T00:00:00.000Z'],
      ['SERVER_JOINED', 's7', 'alice', '2026-01-02T00:00:00.000Z'],
    ]);
  });

  it('launch configuration: per field, before/after, from the newest record that touched that field', () => {
    const now = group('g2', { launchConfig: lc({ instanceType: 'r5.xlarge', subnetId: 'subnet-1' }) });
    const changes = compareDrift(
      input(
        {
          groupAudits: new Map([
            ['g2', [
              audit('2026-01-02T00:00:00.000Z', 'alice', [{ field: 'launchConfig.instanceType', before: 't3.medium', after: 'm5.large' }], 'g2'),
              audit('2026-01-03T00:00:00.000Z', 'bob', [{ field: 'launchConfig.instanceType', before: 'm5.large', after: 'r5.xlarge' }], 'g2'),
              // Changed and changed back: no difference now, so not reported.
              audit('2026-01-04T00:00:00.000Z', 'carol', [{ field: 'launchConfig.subnetId', before: 'subnet-1', after: 'subnet-2' }], 'g2'),
              audit('2026-01-05T00:00:00.000Z', 'carol', [{ field: 'launchConfig.subnetId', before: 'subnet-2', after: 'subnet-1' }], 'g2'),
            ]],
          ]),
        },
        { groups: new Map([['g1', group('g1')], ['g2', now]]) },
      ),
    );
    expect(changes).toEqual([
      {
        kind: 'LAUNCH_CONFIG_CHANGED',
        waveNumber: 2,
        protectionGroupId: 'g2',
        sourceServerId: null,
        field: 'launchConfig.instanceType',
        before: '"t3.medium"',
        after: '"r5.xlarge"',
        changedAt: '2026-01-03T00:00:00.000Z',
        changedBy: 'bob',
      },
    ]);
  });

  it('waves and dependencies: GROUP_REPLACED for a swapped group (no server diff for it), DEPENDENCIES_CHANGED, WAVES_CHANGED', () => {
    const planAudits: AuditRecord[] = [
      { subject: 'RecoveryPlan', id: 'p', action: 'UPDATE', version: 2, at: '2026-01-02T00:00:00.000Z', by: 'dana', changes: [
        { field: 'waves[2].dependsOn', before: [1], after: [] },
        { field: 'waves[3]', before: null, after: wave(3, 'g3') },
      ] },
    ];
    const changes = compareDrift(
      input({ planAudits }, {
        waves: [wave(1, 'gX'), wave(2, 'g2'), wave(3, 'g3')],
        groups: new Map([['gX', group('gX')], ['g2', group('g2')], ['g3', group('g3')]]),
        servers: new Map([['gX', srv('s8')], ['g2', srv('s3')], ['g3', srv('s5')]]),
      }),
    );
    expect(changes.map((c) => [c.kind, c.waveNumber, c.field, c.before, c.after, c.changedBy])).toEqual([
      ['GROUP_REPLACED', 1, 'protectionGroupId', '"g1"', '"gX"', null],
      ['DEPENDENCIES_CHANGED', 2, 'dependsOn', '[1]', '[]', 'dana'],
      ['WAVES_CHANGED', 3, 'wave', null, JSON.stringify(wave(3, 'g3')), 'dana'],
    ]);
  });

  it('an execution from before baselines: waves and servers compared, group configuration not', () => {
    const legacy = { ...input().base, recorded: false, groups: [] };
    const changes = compareDrift(input({ base: legacy }, { groups: new Map([['g1', group('g1', { launchConfig: lc({ instanceType: 'x' }) })], ['g2', group('g2')]]), servers: new Map([['g1', srv('s1')], ['g2', srv('s3')]]) }));
    expect(changes.map((c) => [c.kind, c.sourceServerId])).toEqual([['SERVER_LEFT', 's2']]);
  });
});

describe('comparedKinds: what an answer compared', () => {
  it('a recorded baseline: every kind', () => {
    expect(comparedKinds(input().base)).toEqual(['SERVER_JOINED', 'SERVER_LEFT', 'LAUNCH_CONFIG_CHANGED', 'SELECTION_CHANGED', 'WAVES_CHANGED', 'DEPENDENCIES_CHANGED', 'GROUP_REPLACED']);
  });

  it('an execution from before baselines: no launch configuration or selection, so "no such change" is not claimed', () => {
    const legacy = baselineOf(execution([executionWave(1, 'COMPLETED'), executionWave(2, 'COMPLETED', { dependsOn: [1] })], { status: 'COMPLETED' }));
    expect(legacy.recorded).toBe(false);
    const kinds = comparedKinds(legacy);
    expect(kinds).toEqual(['SERVER_JOINED', 'SERVER_LEFT', 'WAVES_CHANGED', 'DEPENDENCIES_CHANGED', 'GROUP_REPLACED']);
    // Whatever compareDrift finds against it is of a compared kind.
    const changes = compareDrift(input({ base: legacy }, { groups: new Map([['pg-1', group('pg-1', { launchConfig: lc({ instanceType: 'x' }) })]]), waves: legacy.waves.map((w) => ({ ...w, dependsOn: [] })) }));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => kinds.includes(c.kind))).toBe(true);
  });
});
