// What a stream record publishes (domain/publishing, the aggregates' publish.ts) and how a batch is sent:
// in order, retried with backoff, the first record that still fails reported (ReportBatchItemFailures)
// with nothing after it sent. No AppSync, no DynamoDB: records built with the SDK's marshall.
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { publicationsOf, publishRecords } from '../../domain/publishing/stream.ts';
import type { GraphQLAnswer } from '../../platform/appsync.ts';

let seq = 0;
function record(keys: { pk: string; sk: string }, oldItem?: Record<string, unknown>, newItem?: Record<string, unknown>): DynamoDBRecord {
  const image = (i?: Record<string, unknown>) => (i ? (marshall({ ...keys, ...i }, { removeUndefinedValues: true }) as never) : undefined);
  return {
    eventName: !oldItem ? 'INSERT' : newItem ? 'MODIFY' : 'REMOVE',
    dynamodb: { Keys: marshall(keys) as never, OldImage: image(oldItem), NewImage: image(newItem), SequenceNumber: String(++seq).padStart(21, '0') },
  };
}

const server = (id: string, launchStatus: string) => ({ sourceServerId: id, hostname: null, launchStatus, recoveryInstanceId: null, jobId: null, startTime: null, endTime: null });
const wave = (n: number, status: string, launch: string) => ({
  waveNumber: n, name: `W${n}`, protectionGroupId: `g${n}`, protectionGroupName: `G${n}`, status, pauseBeforeWave: false, dependsOn: [],
  startTime: null, endTime: null, jobIds: [], errorMessage: null, region: 'us-east-1', accountId: null, servers: [server(`s-${n}`, launch)],
});
const execution = (over: Record<string, unknown> = {}) => ({
  id: 'e1', entity: 'Execution', gsi1pk: 'EXEC', gsi1sk: 'x', recoveryPlanId: 'p1', recoveryPlanName: 'P', executionType: 'DRILL', status: 'IN_PROGRESS',
  currentWave: 1, totalWaves: 2, initiatedBy: 'admin', startedBy: 'admin', invocationSource: 'AMAZON_COGNITO_USER_POOLS', claimedInitiatedBy: 'me',
  claimedInvocationSource: 'TEST', invocationDetails: null, startTime: '2026-01-01T00:00:00.000Z', endTime: null, errorMessage: null,
  groupIds: ['g1', 'g2'], waves: [wave(1, 'IN_PROGRESS', 'IN_PROGRESS'), wave(2, 'PENDING', 'NOT_STARTED')], ...over,
});
const EXEC = { pk: 'EXEC#e1', sk: 'EXEC' };
const group = (over: Record<string, unknown> = {}) => ({
  id: 'g1', entity: 'ProtectionGroup', gsi1pk: 'PG', gsi1sk: 'x', nameLower: 'web', version: 1, name: 'Web', description: null, region: 'us-east-1',
  accountId: null, sourceServerIds: ['s-1'], serverSelectionTags: [], launchConfig: null, launchConfigApplyResults: null,
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', lockAccount: '111111111111', planRefCount: 0,
  createdBy: 'plan-manager', updatedBy: 'plan-manager', ...over,
});
const PG = { pk: 'PG#g1', sk: 'PG' };

describe('what a change publishes', () => {
  it('a new execution: itself, with the audit fields and without bookkeeping', () => {
    const [p, ...rest] = publicationsOf(record(EXEC, undefined, execution({ status: 'PENDING' })));
    expect(rest).toEqual([]);
    expect(p.mutation).toBe('publishExecutionUpdate');
    expect(p.query).toMatch(/claimedInitiatedBy claimedInvocationSource/);
    expect(p.input).toMatchObject({ id: 'e1', status: 'PENDING', initiatedBy: 'admin', claimedInitiatedBy: 'me', claimedInvocationSource: 'TEST' });
    for (const k of ['pk', 'sk', 'gsi1pk', 'entity', 'groupIds']) expect(p.input).not.toHaveProperty(k);
    expect(JSON.parse(p.input.waves as string)[0]).not.toHaveProperty('region');
  });

  it('an update: the waves whose view changed, in wave order, then the execution', () => {
    const after = execution({ currentWave: 2, waves: [wave(1, 'COMPLETED', 'LAUNCHED'), wave(2, 'IN_PROGRESS', 'PENDING')] });
    const ps = publicationsOf(record(EXEC, execution(), after));
    expect(ps.map((p) => [p.mutation, p.input.waveNumber ?? null])).toEqual([
      ['publishWaveUpdate', 1],
      ['publishWaveUpdate', 2],
      ['publishExecutionUpdate', null],
    ]);
    expect(JSON.parse(ps[0].input.wave as string)).toMatchObject({ status: 'COMPLETED', servers: [{ launchStatus: 'LAUNCHED' }] });
    // Only wave 2 moved: wave 1 is not published again.
    const later = execution({ currentWave: 2, waves: [wave(1, 'COMPLETED', 'LAUNCHED'), wave(2, 'COMPLETED', 'LAUNCHED')] });
    expect(publicationsOf(record(EXEC, after, later)).map((p) => p.input.waveNumber ?? 'execution')).toEqual([2, 'execution']);
  });

  it('bookkeeping only (task token, wake flag, key order), a deleted execution: nothing', () => {
    const before = execution();
    const reordered = Object.fromEntries(Object.entries(execution({ taskToken: 't', wake: '2026', wokenFor: new Set(['wave#1']) })).reverse());
    expect(publicationsOf(record(EXEC, before, reordered))).toEqual([]);
    expect(publicationsOf(record(EXEC, before, undefined))).toEqual([]);
  });

  it('groups: CREATED, UPDATED by the item’s updatedBy, DELETED by the deleter; reference counts and the deletion stamp publish nothing', () => {
    const created = publicationsOf(record(PG, undefined, group()));
    expect(created.map((p) => [p.input.action, p.input.version, p.input.changedBy])).toEqual([['CREATED', 1, 'plan-manager']]);
    expect(JSON.parse(created[0].input.group as string)).not.toHaveProperty('lockAccount');
    const updated = group({ version: 2, description: 'd', updatedBy: 'operator', updatedAt: '2026-01-02T00:00:00.000Z' });
    expect(publicationsOf(record(PG, group(), updated)).map((p) => [p.input.action, p.input.changedBy, p.input.changedAt])).toEqual([
      ['UPDATED', 'operator', '2026-01-02T00:00:00.000Z'],
    ]);
    expect(publicationsOf(record(PG, updated, { ...updated, planRefCount: 1 }))).toEqual([]);
    const stamped = { ...updated, deletedBy: 'admin', deletedAt: '2026-01-03T00:00:00.000Z' };
    expect(publicationsOf(record(PG, updated, stamped))).toEqual([]);
    const deleted = publicationsOf(record(PG, stamped, undefined));
    expect(deleted.map((p) => [p.input.action, p.input.version, p.input.changedBy, p.input.changedAt, p.input.group])).toEqual([
      ['DELETED', 2, 'admin', '2026-01-03T00:00:00.000Z', null],
    ]);
  });

  it('clusters: not the deploy’s claim, but the stack’s start and its outcome; items no subscriber sees: nothing', () => {
    const key = { pk: 'CLUSTER#c1', sk: 'CLUSTER' };
    const c = { id: 'c1', name: 'C', type: 'shared', environment: 'Dev', region: 'us-east-1', cidr: '10.0.0.0/16', status: 'Active', deploymentStatus: 'NOT_DEPLOYED', deploymentId: null, stackName: null, stackOutputs: null, failureReason: null, templateUrl: null, target: null, deploySeq: 0, initiatedAt: null, createdAt: 'x', updatedAt: 'x', deployedAt: null, createdBy: 'admin' };
    const claimed = { ...c, status: 'Deploying', deploymentStatus: 'DEPLOYMENT_INITIATED', deploySeq: 1 };
    const started = { ...claimed, deploymentId: 'arn:stack', deploymentStatus: 'CREATE_IN_PROGRESS' };
    expect(publicationsOf(record(key, c, claimed))).toEqual([]);
    expect(publicationsOf(record(key, claimed, started)).map((p) => [p.mutation, p.input.status, p.input.deploymentStatus])).toEqual([
      ['publishClusterChange', 'Deploying', 'CREATE_IN_PROGRESS'],
    ]);
    expect(publicationsOf(record({ pk: 'PGNAME#web', sk: 'LOCK' }, undefined, { groupId: 'g1' }))).toEqual([]);
    expect(publicationsOf(record({ pk: 'EXEC#e1', sk: 'RESULT#s-1#j-1' }, undefined, { status: 'LAUNCHED' }))).toEqual([]);
  });
});

describe('sending a batch', () => {
  const batch = () => [record(PG, undefined, group()), record(PG, group(), group({ version: 2, description: 'a' })), record(PG, group({ version: 2 }), group({ version: 3, description: 'b' }))];
  const ok: GraphQLAnswer = { status: 200, data: {} };
  const unavailable: GraphQLAnswer = { status: 503, errors: [{ message: 'Service unavailable', errorType: 'ServiceUnavailableException' }] };
  const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 } };

  it('sends every record in order and reports nothing when every call succeeds', async () => {
    const versions: unknown[] = [];
    const r = await publishRecords(batch(), { ...fast, send: async (_q, v) => (versions.push((v.input as { version: number }).version), ok) });
    expect(r).toEqual({ batchItemFailures: [] });
    expect(versions).toEqual([1, 2, 3]);
  });

  it('retries a failed call with growing backoff and goes on once it succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const r = await publishRecords(batch(), {
      retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 250 },
      sleep: async (ms) => void delays.push(ms),
      send: async () => (++calls <= 3 ? unavailable : ok),
    });
    expect(r.batchItemFailures).toEqual([]);
    expect(delays).toEqual([100, 200, 250]);
    expect(calls).toBe(6);
  });

  it('reports the first record that still fails, and sends nothing after it', async () => {
    const records = batch();
    const sent: unknown[] = [];
    const r = await publishRecords(records, {
      ...fast,
      send: async (_q, v) => {
        const version = (v.input as { version: number }).version;
        if (version === 2) return unavailable;
        sent.push(version);
        return ok;
      },
    });
    expect(r.batchItemFailures).toEqual([{ itemIdentifier: records[1].dynamodb!.SequenceNumber }]);
    expect(sent).toEqual([1]);
  });

  it('stops retrying when the invocation is nearly out of time, and skips what AppSync can never accept', async () => {
    const records = batch();
    let calls = 0;
    const r = await publishRecords(records, { ...fast, remainingMs: () => 5_000, send: async () => (++calls, unavailable) });
    expect(calls).toBe(1);
    expect(r.batchItemFailures).toEqual([{ itemIdentifier: records[0].dynamodb!.SequenceNumber }]);
    const refused: GraphQLAnswer = { status: 200, errors: [{ message: 'bad input', errorType: 'ValidationError' }] };
    const skipped = await publishRecords(records, { ...fast, send: async (_q, v) => ((v.input as { version: number }).version === 1 ? refused : ok) });
    expect(skipped.batchItemFailures).toEqual([]);
  });
});
