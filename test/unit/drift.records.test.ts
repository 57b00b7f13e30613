// The records drift reads: an execution's baseline stays internal (not in its public view, nothing
// published for it), audit items and first-seen observations publish nothing, and the audit item of a
// write carries the drift fields' before/after.
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicationsOf } from '../../domain/publishing/stream.ts';
import { executionPublications } from '../../domain/executions/publish.ts';
import { publicExecution, type StoredExecution } from '../../domain/executions/store.ts';
import { executionBaseline, baselineOf } from '../../domain/drift/baseline.ts';
import { changeSk, groupAudit, planAudit } from '../../domain/drift/audit.ts';

beforeAll(() => {
  process.env.TABLE_NAME = 'drift-unit';
});

const wave = (n: number) => ({
  waveNumber: n, name: `W${n}`, protectionGroupId: `g${n}`, protectionGroupName: `G${n}`, status: 'PENDING', pauseBeforeWave: false, dependsOn: n > 1 ? [n - 1] : [],
  startTime: null, endTime: null, jobIds: [], errorMessage: null, region: 'us-east-1', accountId: null,
  servers: [{ sourceServerId: `s-${n}`, hostname: `h${n}`, launchStatus: 'NOT_STARTED', recoveryInstanceId: null, jobId: null, startTime: null, endTime: null }],
});
const group = (id: string) => ({ id, version: 3, name: id, description: null, launchConfig: null, serverSelectionTags: [{ key: 'App', value: id }], sourceServerIds: [] });
const plan = { id: 'p1', version: 4, name: 'P', waves: [wave(1), wave(2)].map(({ waveNumber, name, protectionGroupId, pauseBeforeWave, dependsOn }) => ({ waveNumber, name, protectionGroupId, pauseBeforeWave, dependsOn })) };
const execution = (over: Partial<StoredExecution> = {}): StoredExecution => ({
  id: 'e1', recoveryPlanId: 'p1', recoveryPlanName: 'P', executionType: 'DRILL', status: 'PENDING', currentWave: null, totalWaves: 2,
  initiatedBy: 'admin', startedBy: 'admin', invocationSource: 'AMAZON_COGNITO_USER_POOLS', claimedInitiatedBy: null, claimedInvocationSource: null,
  invocationDetails: null, startTime: '2026-01-01T00:00:00.000Z', endTime: null, errorMessage: null, groupIds: ['g1', 'g2'],
  waves: [wave(1), wave(2)] as StoredExecution['waves'], ...over,
});

describe('the execution baseline', () => {
  const baseline = executionBaseline(plan, [group('g1'), group('g2')]);

  it('records the plan version, waves and group configurations', () => {
    expect(baseline).toEqual({
      planVersion: 4,
      waves: [
        { waveNumber: 1, name: 'W1', protectionGroupId: 'g1', dependsOn: [], pauseBeforeWave: false },
        { waveNumber: 2, name: 'W2', protectionGroupId: 'g2', dependsOn: [1], pauseBeforeWave: false },
      ],
      groups: [
        { id: 'g1', version: 3, launchConfig: null, serverSelectionTags: [{ key: 'App', value: 'g1' }], sourceServerIds: [] },
        { id: 'g2', version: 3, launchConfig: null, serverSelectionTags: [{ key: 'App', value: 'g2' }], sourceServerIds: [] },
      ],
    });
    expect(baselineOf(execution({ baseline })).recorded).toBe(true);
  });

  it('an execution from before baselines falls back to its waves, without group configurations', () => {
    const b = baselineOf(execution());
    expect(b).toMatchObject({ recorded: false, groups: [], waves: baseline.waves });
  });

  it('stays out of the public view and publishes nothing of its own', () => {
    const e = execution({ baseline });
    expect(publicExecution(e)).not.toHaveProperty('baseline');
    const item = (x: StoredExecution) => JSON.parse(JSON.stringify({ pk: 'EXEC#e1', sk: 'EXEC', ...x }));
    // The same execution with and without a baseline: the same view, so nothing to publish.
    expect(executionPublications(item(execution()), item(e))).toEqual([]);
    const created = executionPublications(undefined, item(e));
    expect(JSON.stringify(created)).not.toContain('planVersion');
  });
});

describe('audit items', () => {
  const record = (keys: { pk: string; sk: string }, newItem: Record<string, unknown>): DynamoDBRecord => ({
    eventName: 'INSERT',
    dynamodb: { Keys: marshall(keys) as never, NewImage: marshall({ ...keys, ...newItem }, { removeUndefinedValues: true }) as never, SequenceNumber: '1' },
  });

  it('carry who, when, the version and the drift fields before/after; sort by time then version', () => {
    const before = { ...group('g1'), launchConfig: { subnetId: 'subnet-1' } as never };
    const after = { ...before, version: 4, name: 'renamed', launchConfig: { subnetId: 'subnet-2' } as never };
    const put = groupAudit('PG#g1', before, after, 'operator', '2026-01-02T03:04:05.000Z').Put!;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put.Item).toEqual({
      pk: 'PG#g1',
      sk: 'CHANGE#2026-01-02T03:04:05.000Z#0000000004',
      entity: 'Change',
      subject: 'ProtectionGroup',
      id: 'g1',
      action: 'UPDATE',
      version: 4,
      at: '2026-01-02T03:04:05.000Z',
      by: 'operator',
      changes: [
        { field: 'name', before: 'g1', after: 'renamed' },
        { field: 'launchConfig.subnetId', before: 'subnet-1', after: 'subnet-2' },
      ],
    });
    expect(changeSk('2026-01-02T03:04:05.000Z', 9) < changeSk('2026-01-02T03:04:05.000Z', 10)).toBe(true);
    const del = planAudit('PLAN#p1', plan, null, 'admin', '2026-01-03T00:00:00.000Z').Put!.Item!;
    expect(del).toMatchObject({ action: 'DELETE', version: 4, by: 'admin' });
    expect((del.changes as Array<{ field: string }>).map((c) => c.field)).toEqual(['name', 'waves[1]', 'waves[2]']);
  });

  it('publish nothing, nor do first-seen observations', () => {
    expect(publicationsOf(record({ pk: 'PG#g1', sk: 'CHANGE#2026-01-02T03:04:05.000Z#0000000004' }, { entity: 'Change', subject: 'ProtectionGroup' }))).toEqual([]);
    expect(publicationsOf(record({ pk: 'PLAN#p1', sk: 'DRIFTSEEN#e1#g1#SERVER_JOINED#s-1' }, { firstSeen: 'x' }))).toEqual([]);
  });
});
