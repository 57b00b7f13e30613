// Drift since the last good drill, end to end: a drill runs to COMPLETED on the local stack, then a DRS
// tag change moves servers in and out of a tag group, a user edits the group's launch configuration and
// another the plan's dependencies; getPlanDrift (GraphQL and REST) lists each with who and when. Groups
// select servers this file seeds into us-east-2 with its own tags, so no other test file touches them.
import { DescribeSourceServersCommand, DrsClient, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-drs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorOf, gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import { idToken, restHttp } from '../support/rest.ts';
import type { DriftChange, PlanDrift } from '../../platform/generated/graphql.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;
const REGION = 'us-east-2';

let admin: string, operator: string, readonly: string, readonlyId: string;
let drs: DrsClient;
let table: DynamoDBDocumentClient;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the emulator's control answers are plain JSON
const local = async (path: string, body?: unknown): Promise<any> => {
  const r = await fetch(`${ep.awsEndpoint}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};
const seed = async (tags: Record<string, string>, count: number, prefix: string): Promise<string[]> =>
  (await local('/__local/drs/source-servers', { region: REGION, count, tags, hostnamePrefix: prefix })).ids;
async function arnOf(id: string): Promise<string> {
  const r = await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [id] } }));
  return r.items![0].arn!;
}

const DRIFT = `recoveryPlanId checkedAt neverDrilled changed comparedKinds baseline { id status executionType startTime endTime }
  changes { kind waveNumber protectionGroupId sourceServerId field before after changedAt changedBy }`;
const ALL_KINDS = ['SERVER_JOINED', 'SERVER_LEFT', 'LAUNCH_CONFIG_CHANGED', 'SELECTION_CHANGED', 'WAVES_CHANGED', 'DEPENDENCIES_CHANGED', 'GROUP_REPLACED'];
const GET_DRIFT = `query D($id: ID!) { getPlanDrift(planId: $id) { ${DRIFT} } }`;
const drift = async (id: string) => ok(await gql<{ getPlanDrift: PlanDrift }>(ep, readonly, GET_DRIFT, { id })).getPlanDrift;
const restDrift = (id: string) => restHttp(ep, { method: 'GET', path: `/recovery-plans/${id}/drift`, authorization: `Bearer ${readonlyId}` });

const START = `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { id status } }`;
const GET_EXEC = `query G($id: ID!) { getExecution(id: $id) { id status } }`;
async function drill(planId: string): Promise<string> {
  const e = ok(await gql<{ startExecution: { id: string } }>(ep, admin, START, { input: { recoveryPlanId: planId, executionType: 'DRILL' } })).startExecution;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const now = ok(await gql<{ getExecution: { status: string } }>(ep, readonly, GET_EXEC, { id: e.id })).getExecution;
    if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(now.status)) {
      expect(now.status).toBe('COMPLETED');
      return e.id;
    }
    if (Date.now() > deadline) throw new Error(`drill ${e.id} stuck at ${now.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const UPDATE_GROUP = `mutation U($id: ID!, $input: UpdateProtectionGroupInput!) { updateProtectionGroup(id: $id, input: $input) { id version updatedAt } }`;
const UPDATE_PLAN = `mutation U($id: ID!, $input: UpdateRecoveryPlanInput!) { updateRecoveryPlan(id: $id, input: $input) { id version updatedAt } }`;
const wave = (n: number, groupId: string, extra: Record<string, unknown> = {}) => ({ waveNumber: n, name: `Wave ${n}`, protectionGroupId: groupId, ...extra });

/** The audit records stored under a group's or plan's partition. */
async function auditItems(pk: string): Promise<Record<string, unknown>[]> {
  const r = await table.send(
    new QueryCommand({ TableName: ep.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)', ExpressionAttributeValues: { ':pk': pk, ':c': 'CHANGE#' }, ConsistentRead: true }),
  );
  return r.Items ?? [];
}

beforeAll(async () => {
  [admin, operator, readonly, readonlyId] = await Promise.all([login(ep, 'admin'), login(ep, 'operator'), login(ep, 'readonly'), idToken(ep, 'readonly')]);
  drs = new DrsClient({ region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials });
  table = DynamoDBDocumentClient.from(new DynamoDBClient({ region: ep.region, endpoint: ep.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  await local('/__local/drs/faults', {});
});
afterAll(() => {
  drs.destroy();
  table.destroy();
});

describe('drift since the last good drill', () => {
  it('lists a DRS tag change, a launch-configuration change and a dependsOn change with who and when; a new drill resets it', async () => {
    const fleet = uniq('dfdb');
    const dbIds = await seed({ Fleet: fleet }, 3, 'dfdb');
    const appIds = await seed({ Fleet: uniq('dfapp') }, 2, 'dfapp');
    const [spare] = await seed({ Fleet: uniq('dfspare') }, 1, 'dfspare');
    const db = await createGroup(ep, admin, { name: uniq('Drift-DB'), region: REGION, serverSelectionTags: [{ key: 'Fleet', value: fleet }], launchConfig: { instanceType: 't3.medium' } });
    const app = await createGroup(ep, admin, { name: uniq('Drift-App'), region: REGION, serverSelectionTags: [{ key: 'Fleet', value: uniq('dfapp') }] });
    const plan = await createPlan(ep, admin, { name: uniq('Drift'), waves: [wave(1, db.id), wave(2, app.id, { dependsOn: [1] })] });
    expect(appIds).toHaveLength(2);

    // No COMPLETED drill yet: never drilled, nothing to compare.
    expect(await drift(plan.id)).toMatchObject({ recoveryPlanId: plan.id, neverDrilled: true, changed: false, baseline: null, changes: [], comparedKinds: [] });
    const never = await restDrift(plan.id);
    expect(never.status).toBe(200);
    expect(never.body).toMatchObject({ recoveryPlanId: plan.id, neverDrilled: true, changed: false, baseline: null, changes: [], comparedKinds: [] });

    const first = await drill(plan.id);
    const clean = await drift(plan.id);
    expect(clean).toMatchObject({ neverDrilled: false, changed: false, changes: [], baseline: { id: first, status: 'COMPLETED', executionType: 'DRILL' } });
    // A drill of today recorded its baseline: every kind was compared, launch configurations included.
    expect(clean.comparedKinds).toEqual(ALL_KINDS);

    // (a) In DRS: one db server loses the tag, the spare gains it.
    const leaving = dbIds[2];
    await drs.send(new UntagResourceCommand({ resourceArn: await arnOf(leaving), tagKeys: ['Fleet'] }));
    await drs.send(new TagResourceCommand({ resourceArn: await arnOf(spare), tags: { Fleet: fleet } }));
    // (b) admin changes the group's launch configuration; (c) operator drops wave 2's dependency.
    const g = ok(await gql<{ updateProtectionGroup: { version: number; updatedAt: string } }>(ep, admin, UPDATE_GROUP, {
      id: db.id,
      input: { version: 1, launchConfig: { instanceType: 'r5.xlarge' } },
    })).updateProtectionGroup;
    const p = ok(await gql<{ updateRecoveryPlan: { version: number; updatedAt: string } }>(ep, operator, UPDATE_PLAN, {
      id: plan.id,
      input: { version: plan.version, waves: [wave(1, db.id), wave(2, app.id, { dependsOn: [] })] },
    })).updateRecoveryPlan;

    const d = await drift(plan.id);
    expect(d).toMatchObject({ neverDrilled: false, changed: true, baseline: { id: first } });
    const byKind = (k: string) => d.changes.filter((c: DriftChange) => c.kind === k);
    expect(byKind('DEPENDENCIES_CHANGED')).toEqual([
      { kind: 'DEPENDENCIES_CHANGED', waveNumber: 2, protectionGroupId: app.id, sourceServerId: null, field: 'dependsOn', before: '[1]', after: '[]', changedAt: p.updatedAt, changedBy: 'operator' },
    ]);
    expect(byKind('LAUNCH_CONFIG_CHANGED')).toEqual([
      { kind: 'LAUNCH_CONFIG_CHANGED', waveNumber: 1, protectionGroupId: db.id, sourceServerId: null, field: 'launchConfig.instanceType', before: '"t3.medium"', after: '"r5.xlarge"', changedAt: g.updatedAt, changedBy: 'admin' },
    ]);
    const left = byKind('SERVER_LEFT');
    const joined = byKind('SERVER_JOINED');
    expect(left).toEqual([expect.objectContaining({ waveNumber: 1, protectionGroupId: db.id, sourceServerId: leaving, after: null, changedBy: null })]);
    expect(joined).toEqual([expect.objectContaining({ waveNumber: 1, protectionGroupId: db.id, sourceServerId: spare, before: null, changedBy: null })]);
    expect(JSON.parse(joined[0].after!)).toMatchObject({ sourceServerId: spare });
    // First seen: when a check first saw it, not when the check ran.
    expect(Date.parse(left[0].changedAt!)).toBeLessThanOrEqual(Date.parse(d.checkedAt));
    expect(d.changes).toHaveLength(4);

    // A second check answers the same first-seen times (and the same changes).
    const again = await drift(plan.id);
    expect(again.checkedAt).not.toBe(d.checkedAt);
    expect(again.changes).toEqual(d.changes);

    // REST: the same, before/after as JSON values, the baseline in the guide's conventions.
    const r = await restDrift(plan.id);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ recoveryPlanId: plan.id, neverDrilled: false, changed: true, count: 4, baseline: { id: first, executionId: first, status: 'completed' } });
    expect(r.body.comparedKinds).toEqual(ALL_KINDS);
    expect(typeof r.body.baseline.startTime).toBe('number');
    expect(r.body.changes).toContainEqual({ kind: 'DEPENDENCIES_CHANGED', waveNumber: 2, protectionGroupId: app.id, sourceServerId: null, field: 'dependsOn', before: [1], after: [], changedAt: p.updatedAt, changedBy: 'operator' });
    expect(r.body.changes).toContainEqual(expect.objectContaining({ kind: 'SERVER_LEFT', sourceServerId: leaving, changedAt: left[0].changedAt, changedBy: null }));

    // A new COMPLETED drill is the new baseline: no drift.
    const second = await drill(plan.id);
    expect(await drift(plan.id)).toMatchObject({ neverDrilled: false, changed: false, changes: [], baseline: { id: second } });
  });

  it('unknown plan: RECOVERY_PLAN_NOT_FOUND (404 on REST)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect(errorOf(await gql(ep, readonly, GET_DRIFT, { id })).errorType).toBe('RECOVERY_PLAN_NOT_FOUND');
    const r = await restDrift(id);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: 'RECOVERY_PLAN_NOT_FOUND' });
  });

  it('configuration import writes its groups and plans with their audit records, by the importer', async () => {
    const [sid] = await seed({ Fleet: uniq('dfimport') }, 1, 'dfimport');
    const doc = {
      metadata: { schemaVersion: '1.0' },
      protectionGroups: [{ GroupName: uniq('Drift-Imported'), Region: REGION, SourceServerIds: [sid] }],
      recoveryPlans: [{ PlanName: uniq('Drift-Imported'), Waves: [{ WaveName: 'Only', ProtectionGroupName: uniq('Drift-Imported') }] }],
    };
    const IMPORT = `mutation I($input: AWSJSON!, $dryRun: Boolean) { importConfiguration(input: $input, dryRun: $dryRun) }`;
    const dry = JSON.parse(ok(await gql<{ importConfiguration: string }>(ep, admin, IMPORT, { input: JSON.stringify(doc), dryRun: true })).importConfiguration);
    expect(dry.summary.protectionGroups.total).toBe(1);
    const result = JSON.parse(ok(await gql<{ importConfiguration: string }>(ep, admin, IMPORT, { input: JSON.stringify(doc), dryRun: false })).importConfiguration);
    const [groupId, planId] = [result.protectionGroups[0].id, result.recoveryPlans[0].id];
    expect(groupId && planId).toBeTruthy();
    // One record each: the dry run wrote none.
    expect((await auditItems(`PG#${groupId}`)).map((i) => [i.action, i.by])).toEqual([['CREATE', 'admin']]);
    const planAudit = await auditItems(`PLAN#${planId}`);
    expect(planAudit.map((i) => [i.action, i.by])).toEqual([['CREATE', 'admin']]);
    expect(planAudit[0].changes).toContainEqual({ field: 'waves[1]', before: null, after: { waveNumber: 1, name: 'Only', protectionGroupId: groupId, dependsOn: [], pauseBeforeWave: false } });
  });

  it('writes an audit record with each create, update and delete, and none for a refused update', async () => {
    const [sid] = await seed({ Fleet: uniq('dfaudit') }, 1, 'dfaudit');
    const g = await createGroup(ep, admin, { name: uniq('Drift-Audit'), region: REGION, sourceServerIds: [sid] });
    const plan = await createPlan(ep, admin, { name: uniq('Drift-Audit'), waves: [wave(1, g.id)] });
    expect((await auditItems(`PG#${g.id}`)).map((i) => [i.action, i.by, i.version])).toEqual([['CREATE', 'admin', 1]]);
    expect((await auditItems(`PLAN#${plan.id}`)).map((i) => [i.action, i.by, i.version])).toEqual([['CREATE', 'admin', 1]]);

    // Wrong version: refused, and no audit item.
    expect(errorOf(await gql(ep, admin, UPDATE_GROUP, { id: g.id, input: { version: 7, launchConfig: { instanceType: 'r5.xlarge' } } })).errorType).toBe('VERSION_CONFLICT');
    expect(errorOf(await gql(ep, admin, UPDATE_PLAN, { id: plan.id, input: { version: 7, waves: [wave(1, g.id, { pauseBeforeWave: true })] } })).errorType).toBe('VERSION_CONFLICT');
    expect(await auditItems(`PG#${g.id}`)).toHaveLength(1);
    expect(await auditItems(`PLAN#${plan.id}`)).toHaveLength(1);

    ok(await gql(ep, operator, UPDATE_GROUP, { id: g.id, input: { version: 1, launchConfig: { instanceType: 'r5.xlarge' } } }));
    ok(await gql(ep, operator, UPDATE_PLAN, { id: plan.id, input: { version: 1, waves: [wave(1, g.id, { pauseBeforeWave: true })] } }));

    // The API checks the version before it writes; the write's own condition is what counts when two
    // edits race: a write from a stale read is refused by DynamoDB, its audit item with it.
    Object.assign(process.env, {
      TABLE_NAME: ep.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: ep.dynamodbEndpoint,
      AWS_REGION: ep.region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    const groups = await import('../../domain/protection-groups/store.ts');
    const plans = await import('../../domain/recovery-plans/store.ts');
    const storedGroup = (await groups.getGroup(g.id))!;
    const stale = { ...storedGroup, version: 1 };
    const staleWrite = groups.replaceGroup(stale, { ...stale, version: 2, launchConfig: null, updatedAt: new Date().toISOString(), updatedBy: 'racer' });
    await expect(staleWrite).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    const storedPlan = (await plans.getPlan(plan.id))!;
    const stalePlan = { ...storedPlan, version: 1 };
    await expect(plans.replacePlan(stalePlan, { ...stalePlan, version: 2, waves: [wave(1, g.id, { pauseBeforeWave: false, dependsOn: [] }) as never], updatedAt: new Date().toISOString(), updatedBy: 'racer' }))
      .rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await auditItems(`PG#${g.id}`)).map((i) => i.by)).toEqual(['admin', 'operator']);
    expect((await auditItems(`PLAN#${plan.id}`)).map((i) => i.by)).toEqual(['admin', 'operator']);
    ok(await gql(ep, admin, `mutation D($id: ID!) { deleteRecoveryPlan(id: $id) { id } }`, { id: plan.id }));
    ok(await gql(ep, admin, `mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id } }`, { id: g.id }));
    const groupAudit = await auditItems(`PG#${g.id}`);
    expect(groupAudit.map((i) => [i.action, i.by, i.version])).toEqual([['CREATE', 'admin', 1], ['UPDATE', 'operator', 2], ['DELETE', 'admin', 2]]);
    expect(groupAudit[1].changes).toEqual([{ field: 'launchConfig.instanceType', before: null, after: 'r5.xlarge' }]);
    const planAudit = await auditItems(`PLAN#${plan.id}`);
    expect(planAudit.map((i) => [i.action, i.by, i.version])).toEqual([['CREATE', 'admin', 1], ['UPDATE', 'operator', 2], ['DELETE', 'admin', 2]]);
    expect(planAudit[1].changes).toEqual([{ field: 'waves[1].pauseBeforeWave', before: false, after: true }]);
  });
});
