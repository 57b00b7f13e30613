// Configuration export/import end to end on the started local stack: export, delete, dry run, import
// and compare field by field; the guide's PascalCase "Minimum Import Example"; failures, cascades and
// in-file conflicts predicted identically by the dry run; integrity checks; the role matrix.
// Every server here is seeded into ca-central-1 with this run's tags, and every name carries the run
// suffix: other test files share the stack (and create and delete their own groups meanwhile).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DrsClient, GetLaunchConfigurationCommand, UpdateLaunchConfigurationCommand } from '@aws-sdk/client-drs';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { errorOf, gql, login, ok } from '../support/client.ts';
import { PLAN_FIELDS } from '../support/fixtures.ts';
import { PLAN_LIST, planKey } from '../../domain/recovery-plans/keys.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;
const mine = (name: string | null) => !!name?.endsWith(`-${run}`);
const REGION = 'ca-central-1';
// Other test files may switch on DRS throttling while this one runs: retry as the functions do.
const aws = { region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials, maxAttempts: 8 };

const GROUP = `id version name description region accountId sourceServerIds serverSelectionTags { key value }
  launchConfig { subnetId securityGroupIds instanceType instanceProfileName copyPrivateIp copyTags licensing { osByol }
    targetInstanceTypeRightSizingMethod launchDisposition }
  launchConfigApplyResults { applied skipped failed }`;
const CREATE_GROUP = `mutation C($input: CreateProtectionGroupInput!) { createProtectionGroup(input: $input) { ${GROUP} } }`;
const GET_GROUP = `query G($id: ID!) { getProtectionGroup(id: $id) { ${GROUP} } }`;
const DELETE_GROUP = `mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id } }`;
const LIST_GROUPS = `query L($filter: ProtectionGroupFilter) { listProtectionGroups(filter: $filter, limit: 100) { items { id name } } }`;
const CREATE_PLAN = `mutation C($input: CreateRecoveryPlanInput!) { createRecoveryPlan(input: $input) { ${PLAN_FIELDS} } }`;
const GET_PLAN = `query G($id: ID!) { getRecoveryPlan(id: $id) { ${PLAN_FIELDS} } }`;
const DELETE_PLAN = `mutation D($id: ID!) { deleteRecoveryPlan(id: $id) { id } }`;
const LIST_PLANS = `query L($filter: RecoveryPlanFilter) { listRecoveryPlans(filter: $filter, limit: 100) { items { id name } } }`;
const EXPORT = `query { exportConfiguration }`;
const IMPORT = `mutation I($input: AWSJSON!, $dryRun: Boolean) { importConfiguration(input: $input, dryRun: $dryRun) }`;
const VALIDATE = `query { validateConfiguration { valid issues { severity resourceType resourceName message } } }`;

type Tag = { key: string; value: string };
type Group = {
  id: string;
  version?: number;
  name: string;
  description: string | null;
  region: string;
  accountId: string | null;
  sourceServerIds: string[];
  serverSelectionTags: Tag[];
  launchConfig: Record<string, unknown> | null;
  launchConfigApplyResults?: { applied: number; skipped: number; failed: number } | null;
};
type Wave = { waveNumber: number; name: string; protectionGroupId: string; protectionGroupName: string | null; pauseBeforeWave: boolean; dependsOn: number[] };
type Plan = { id: string; name: string; description: string | null; waves: Wave[] };
type Item = { name: string | null; status: string; reason?: string; code?: string; id?: string; launchConfigApplied?: boolean };
type Counts = { total: number; created: number; skipped: number; failed: number };
type ImportResult = {
  dryRun: boolean;
  summary: { protectionGroups: Counts; recoveryPlans: Counts };
  protectionGroups: Item[];
  recoveryPlans: Item[];
  created?: Array<{ type: string; name: string; id: string }>;
};
type Doc = {
  metadata: Record<string, unknown>;
  protectionGroups: Array<{ name: string } & Record<string, unknown>>;
  recoveryPlans: Array<{ name: string; waves: Array<Record<string, unknown>> } & Record<string, unknown>>;
};

let admin: string, recoveryManager: string, planManager: string, operator: string, readonly: string;
let drSubnets: string[], drSg: string, profile: string, recoveryProfile: string;
const seeded: Record<string, string[]> = {};
const groupsToDelete = new Set<string>();
const plansToDelete = new Set<string>();

const local = async (path: string, body: unknown): Promise<{ ids: string[] }> => {
  const r = await fetch(`${ep.awsEndpoint}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json() as Promise<{ ids: string[] }>;
};
/** Seeds `count` replicating servers into REGION with this run's tags. */
async function seed(fleet: string, count: number, tags: Record<string, string>): Promise<string[]> {
  seeded[fleet] = (await local('/__local/drs/source-servers', { region: REGION, count, tags, hostnamePrefix: `cfg-${fleet}-${run}` })).ids;
  return seeded[fleet];
}

async function exportDoc(token = admin): Promise<Doc> {
  const r = ok(await gql<{ exportConfiguration: string }>(ep, token, EXPORT));
  expect(typeof r.exportConfiguration).toBe('string');
  return JSON.parse(r.exportConfiguration);
}
async function importDoc(doc: unknown, dryRun: boolean, token = admin): Promise<ImportResult> {
  const r = ok(await gql<{ importConfiguration: string }>(ep, token, IMPORT, { input: JSON.stringify(doc), dryRun }));
  const result = JSON.parse(r.importConfiguration) as ImportResult;
  if (!dryRun) {
    for (const g of result.protectionGroups) if (g.status === 'created') groupsToDelete.add(g.id!);
    for (const p of result.recoveryPlans) if (p.status === 'created') plansToDelete.add(p.id!);
  }
  return result;
}
async function createGroup(input: Record<string, unknown>): Promise<Group> {
  const g = ok(await gql<{ createProtectionGroup: Group }>(ep, admin, CREATE_GROUP, { input })).createProtectionGroup;
  groupsToDelete.add(g.id);
  return g;
}
async function createPlan(input: Record<string, unknown>): Promise<Plan> {
  const p = ok(await gql<{ createRecoveryPlan: Plan }>(ep, admin, CREATE_PLAN, { input })).createRecoveryPlan;
  plansToDelete.add(p.id);
  return p;
}
const getGroup = async (id: string) => ok(await gql<{ getProtectionGroup: Group }>(ep, admin, GET_GROUP, { id })).getProtectionGroup;
const getPlan = async (id: string) => ok(await gql<{ getRecoveryPlan: Plan }>(ep, admin, GET_PLAN, { id })).getRecoveryPlan;
async function deletePlan(id: string) {
  ok(await gql(ep, admin, DELETE_PLAN, { id }));
  plansToDelete.delete(id);
}
async function deleteGroup(id: string) {
  ok(await gql(ep, admin, DELETE_GROUP, { id }));
  groupsToDelete.delete(id);
}
const groupNamed = async (name: string) =>
  ok(await gql<{ listProtectionGroups: { items: Array<{ id: string; name: string }> } }>(ep, admin, LIST_GROUPS, { filter: { name } })).listProtectionGroups.items;
const planNamed = async (name: string) =>
  ok(await gql<{ listRecoveryPlans: { items: Array<{ id: string; name: string }> } }>(ep, admin, LIST_PLANS, { filter: { name } })).listRecoveryPlans.items;

/** What an import must reproduce of a group (ids and versions differ by design). */
const groupFields = (g: Group) => ({
  name: g.name,
  description: g.description,
  region: g.region,
  accountId: g.accountId,
  sourceServerIds: g.sourceServerIds,
  serverSelectionTags: g.serverSelectionTags,
  launchConfig: g.launchConfig,
});
const waveFields = (p: Plan) => p.waves.map(({ waveNumber, name, protectionGroupName, pauseBeforeWave, dependsOn }) => ({ waveNumber, name, protectionGroupName, pauseBeforeWave, dependsOn }));
/** The dry run's prediction in the real import's words. */
const predicted = (items: Item[]) => items.map(({ name, status, reason, code }) => ({ name, status: status === 'would_create' ? 'created' : status, reason, code }));
const actual = (items: Item[]) => items.map(({ name, status, reason, code }) => ({ name, status, reason, code }));

beforeAll(async () => {
  [admin, recoveryManager, planManager, operator, readonly] = await Promise.all(
    ['admin', 'recovery-manager', 'plan-manager', 'operator', 'readonly'].map((u) => login(ep, u)),
  );
  await seed('db', 2, { ConfigTest: uniq('db') });
  const ec2 = new EC2Client(aws);
  const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!;
  const named = (n: string) => subnets.find((s) => s.Tags?.some((t) => t.Key === 'Name' && t.Value === n))!;
  drSubnets = [named('DR-Private-1a').SubnetId!, named('DR-Private-1b').SubnetId!];
  const sgs = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!;
  drSg = sgs.find((g) => g.GroupName === 'DRS-Recovery-SG' && g.VpcId === named('DR-Private-1a').VpcId)!.GroupId!;
  profile = 'EC2-DRS-Recovery-Role';
  recoveryProfile = 'AWSElasticDisasterRecoveryRecoveryInstanceRole';
  ec2.destroy();
});

afterAll(async () => {
  for (const id of plansToDelete) await gql(ep, admin, DELETE_PLAN, { id });
  for (const id of groupsToDelete) await gql(ep, admin, DELETE_GROUP, { id });
});

describe('configuration export and import', () => {
  let dbGroup: Group, appGroup: Group, plan: Plan;

  it('exports every group and plan, plans naming their groups, launch configurations in the guide keys', async () => {
    await seed('app', 2, { ConfigTest: uniq('app') });
    dbGroup = await createGroup({
      name: uniq('Cfg-Database'),
      description: 'Primary database servers',
      region: REGION,
      sourceServerIds: seeded.db,
      launchConfig: {
        subnetId: drSubnets[0],
        securityGroupIds: [drSg],
        instanceType: 'r5.xlarge',
        instanceProfileName: profile,
        copyPrivateIp: true,
        copyTags: true,
        licensing: { osByol: false },
        targetInstanceTypeRightSizingMethod: 'NONE',
        launchDisposition: 'STARTED',
      },
    });
    appGroup = await createGroup({
      name: uniq('Cfg-App'),
      region: REGION,
      serverSelectionTags: [{ key: 'ConfigTest', value: uniq('app') }],
      launchConfig: { subnetId: drSubnets[1], securityGroupIds: [drSg], copyPrivateIp: false, launchDisposition: 'STOPPED' },
    });
    expect(appGroup.launchConfigApplyResults).toMatchObject({ applied: 2, failed: 0 });
    plan = await createPlan({
      name: uniq('Cfg-Full-Recovery'),
      description: 'Database, then application',
      waves: [
        { waveNumber: 1, name: 'Database', protectionGroupId: dbGroup.id },
        { waveNumber: 2, name: 'Application', protectionGroupId: appGroup.id, pauseBeforeWave: true, dependsOn: [1] },
      ],
    });

    const doc = await exportDoc();
    expect(doc.metadata).toMatchObject({
      schemaVersion: '1.0',
      sourceRegion: ep.region,
      protectionGroupCount: doc.protectionGroups.length,
      recoveryPlanCount: doc.recoveryPlans.length,
    });
    expect(new Date(doc.metadata.exportedAt as string).toISOString()).toBe(doc.metadata.exportedAt);
    expect(doc.protectionGroups.filter((g) => mine(g.name))).toEqual([
      {
        name: appGroup.name,
        description: null,
        region: REGION,
        sourceServerIds: [],
        serverSelectionTags: { ConfigTest: uniq('app') },
        launchConfig: { SubnetId: drSubnets[1], SecurityGroupIds: [drSg], CopyPrivateIp: false, LaunchDisposition: 'STOPPED' },
      },
      {
        name: dbGroup.name,
        description: 'Primary database servers',
        region: REGION,
        sourceServerIds: seeded.db,
        serverSelectionTags: {},
        launchConfig: {
          SubnetId: drSubnets[0],
          SecurityGroupIds: [drSg],
          InstanceType: 'r5.xlarge',
          InstanceProfileName: profile,
          CopyPrivateIp: true,
          CopyTags: true,
          Licensing: { osByol: false },
          TargetInstanceTypeRightSizingMethod: 'NONE',
          LaunchDisposition: 'STARTED',
        },
      },
    ]);
    expect(doc.recoveryPlans.filter((p) => mine(p.name))).toEqual([
      {
        name: plan.name,
        description: 'Database, then application',
        waves: [
          { waveNumber: 1, name: 'Database', protectionGroupName: dbGroup.name, pauseBeforeWave: false, dependsOn: [] },
          { waveNumber: 2, name: 'Application', protectionGroupName: appGroup.name, pauseBeforeWave: true, dependsOn: [1] },
        ],
      },
    ]);
    // No ids anywhere: the document imports into any stack.
    expect(JSON.stringify(doc)).not.toContain(dbGroup.id);
  });

  it('answers every existing name as skipped in a dry run of the export, and writes nothing', async () => {
    const doc = await exportDoc();
    const r = await importDoc(doc, true);
    expect(r.dryRun).toBe(true);
    expect(r.summary.protectionGroups.total).toBe(doc.protectionGroups.length);
    expect(r.summary.recoveryPlans.total).toBe(doc.recoveryPlans.length);
    for (const c of [r.summary.protectionGroups, r.summary.recoveryPlans]) expect(c.created + c.skipped + c.failed).toBe(c.total);
    expect(r.protectionGroups.filter((g) => mine(g.name))).toEqual([
      { name: appGroup.name, status: 'skipped', reason: 'Name already exists' },
      { name: dbGroup.name, status: 'skipped', reason: 'Name already exists' },
    ]);
    expect(r.recoveryPlans.filter((p) => mine(p.name))).toEqual([{ name: plan.name, status: 'skipped', reason: 'Name already exists' }]);
    expect(await getGroup(dbGroup.id)).toMatchObject({ version: 1 });
  });

  it('restores deleted groups and plans from the export: the dry run predicts it, the import reproduces them field by field', async () => {
    const all = await exportDoc();
    const backup: Doc = {
      metadata: all.metadata,
      protectionGroups: all.protectionGroups.filter((g) => mine(g.name)),
      recoveryPlans: all.recoveryPlans.filter((p) => mine(p.name)),
    };
    expect(backup.protectionGroups).toHaveLength(2);
    await deletePlan(plan.id);
    await deleteGroup(dbGroup.id);
    await deleteGroup(appGroup.id);
    // DRS drifts meanwhile: the import must apply the launch configuration again.
    const drs = new DrsClient(aws);
    await drs.send(new UpdateLaunchConfigurationCommand({ sourceServerID: seeded.db[0], launchDisposition: 'STOPPED', copyPrivateIp: false }));

    const dry = await importDoc(backup, true);
    expect(dry.summary).toEqual({
      protectionGroups: { total: 2, created: 2, skipped: 0, failed: 0 },
      recoveryPlans: { total: 1, created: 1, skipped: 0, failed: 0 },
    });
    expect(dry.protectionGroups.map((g) => g.status)).toEqual(['would_create', 'would_create']);
    expect(dry.recoveryPlans).toEqual([{ name: plan.name, status: 'would_create' }]);
    expect(await groupNamed(dbGroup.name)).toEqual([]);
    expect(await planNamed(plan.name)).toEqual([]);
    expect((await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: seeded.db[0] }))).launchDisposition).toBe('STOPPED');

    const real = await importDoc(backup, false);
    expect(real.dryRun).toBe(false);
    expect(real.summary).toEqual(dry.summary);
    expect(real.protectionGroups).toEqual([
      { name: appGroup.name, status: 'created', id: expect.any(String), launchConfigApplied: true },
      { name: dbGroup.name, status: 'created', id: expect.any(String), launchConfigApplied: true },
    ]);
    const [newApp, newDb] = await Promise.all(real.protectionGroups.map((g) => getGroup(g.id!)));
    expect(groupFields(newDb)).toEqual(groupFields(dbGroup));
    expect(groupFields(newApp)).toEqual(groupFields(appGroup));
    expect(newDb.id).not.toBe(dbGroup.id);
    const lc = await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: seeded.db[0] }));
    expect(lc).toMatchObject({ launchDisposition: 'STARTED', copyPrivateIp: true, copyTags: true, targetInstanceTypeRightSizingMethod: 'NONE' });
    drs.destroy();

    const restored = await getPlan(real.recoveryPlans[0].id!);
    expect(real.recoveryPlans).toEqual([{ name: plan.name, status: 'created', id: restored.id }]);
    // The list the guide's backup/restore script prints (`.created[] | select(.type == ...)`).
    expect(real.created).toEqual([
      { type: 'ProtectionGroup', name: newApp.name, id: newApp.id },
      { type: 'ProtectionGroup', name: newDb.name, id: newDb.id },
      { type: 'RecoveryPlan', name: plan.name, id: restored.id },
    ]);
    expect({ name: restored.name, description: restored.description }).toEqual({ name: plan.name, description: plan.description });
    expect(waveFields(restored)).toEqual(waveFields(plan));
    expect(restored.waves.map((w) => w.protectionGroupId)).toEqual([newDb.id, newApp.id]);

    // The restored configuration exports exactly as the original did.
    const again = await exportDoc();
    expect(again.protectionGroups.filter((g) => mine(g.name))).toEqual(backup.protectionGroups);
    expect(again.recoveryPlans.filter((p) => mine(p.name))).toEqual(backup.recoveryPlans);
    dbGroup = newDb;
    appGroup = newApp;
    plan = restored;
  });

  it("imports the guide's Minimum Import Example (PascalCase, tag objects, Dependencies by WaveId)", async () => {
    await seed('ad', 2, { Service: uniq('Active Directory') });
    await seed('dns', 2, { Service: uniq('DNS') });
    await seed('pp', 3, { Application: uniq('PatientPortal') });
    const doc = {
      metadata: { schemaVersion: '1.0' },
      protectionGroups: [
        {
          GroupName: uniq('ADServersBasedOnTags'),
          Region: REGION,
          ServerSelectionTags: { Service: uniq('Active Directory') },
          LaunchConfig: { SubnetId: drSubnets[0], SecurityGroupIds: [drSg], InstanceType: 't3.xlarge', InstanceProfileName: recoveryProfile },
        },
        {
          GroupName: uniq('DNSServersBasedOnTags'),
          Region: REGION,
          ServerSelectionTags: { Service: uniq('DNS') },
          LaunchConfig: { SubnetId: drSubnets[1], SecurityGroupIds: [drSg], InstanceType: 't3.large', InstanceProfileName: profile, LaunchDisposition: 'STARTED' },
        },
        {
          GroupName: uniq('AppServersBasedOnTags'),
          Region: REGION,
          ServerSelectionTags: { Application: uniq('PatientPortal') },
          LaunchConfig: { SubnetId: drSubnets[1], SecurityGroupIds: [drSg], InstanceType: 't3.large', InstanceProfileName: profile, LaunchDisposition: 'STOPPED' },
        },
      ],
      recoveryPlans: [
        {
          PlanName: uniq('HRPRecoveryPlan'),
          Waves: [
            { WaveName: 'InfrastructureWave', ProtectionGroupName: uniq('ADServersBasedOnTags') },
            { WaveName: 'DNSWave', ProtectionGroupName: uniq('DNSServersBasedOnTags'), PauseBeforeWave: true, Dependencies: [{ DependsOnWaveId: 'wave-1' }] },
            { WaveName: 'ApplicationWave', ProtectionGroupName: uniq('AppServersBasedOnTags'), PauseBeforeWave: true, Dependencies: [{ DependsOnWaveId: 'wave-2' }] },
          ],
        },
      ],
    };
    const dry = await importDoc(doc, true);
    expect(dry.protectionGroups.map((g) => g.status)).toEqual(['would_create', 'would_create', 'would_create']);
    expect(dry.recoveryPlans.map((p) => p.status)).toEqual(['would_create']);
    const real = await importDoc(doc, false);
    expect(real.summary).toEqual({
      protectionGroups: { total: 3, created: 3, skipped: 0, failed: 0 },
      recoveryPlans: { total: 1, created: 1, skipped: 0, failed: 0 },
    });
    expect(real.protectionGroups.every((g) => g.launchConfigApplied === true)).toBe(true);
    const [ad, dns, app] = await Promise.all(real.protectionGroups.map((g) => getGroup(g.id!)));
    expect(groupFields(ad)).toEqual({
      name: uniq('ADServersBasedOnTags'),
      description: null,
      region: REGION,
      accountId: null,
      sourceServerIds: [],
      serverSelectionTags: [{ key: 'Service', value: uniq('Active Directory') }],
      launchConfig: {
        subnetId: drSubnets[0],
        securityGroupIds: [drSg],
        instanceType: 't3.xlarge',
        instanceProfileName: recoveryProfile,
        copyPrivateIp: null,
        copyTags: null,
        licensing: null,
        targetInstanceTypeRightSizingMethod: null,
        launchDisposition: null,
      },
    });
    expect(dns.launchConfig).toMatchObject({ instanceType: 't3.large', launchDisposition: 'STARTED' });
    expect(app.launchConfig).toMatchObject({ instanceType: 't3.large', launchDisposition: 'STOPPED' });
    // Applied to the servers the tags select.
    const drs = new DrsClient(aws);
    for (const id of seeded.pp) expect((await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }))).launchDisposition).toBe('STOPPED');
    drs.destroy();
    const p = await getPlan(real.recoveryPlans[0].id!);
    expect(p.waves).toEqual([
      { waveNumber: 1, name: 'InfrastructureWave', protectionGroupId: ad.id, protectionGroupName: ad.name, pauseBeforeWave: false, dependsOn: [] },
      { waveNumber: 2, name: 'DNSWave', protectionGroupId: dns.id, protectionGroupName: dns.name, pauseBeforeWave: true, dependsOn: [1] },
      { waveNumber: 3, name: 'ApplicationWave', protectionGroupId: app.id, protectionGroupName: app.name, pauseBeforeWave: true, dependsOn: [2] },
    ]);
    // Importing the same file again changes nothing.
    const again = await importDoc(doc, false);
    expect(again.summary).toEqual({
      protectionGroups: { total: 3, created: 0, skipped: 3, failed: 0 },
      recoveryPlans: { total: 1, created: 0, skipped: 1, failed: 0 },
    });
  });

  it('fails bad groups with their reason and the plans that use them with the cascade reason; the dry run predicts the import exactly', async () => {
    await seed('ok', 1, { ConfigTest: uniq('ok') });
    const [x0, x1] = await seed('x', 2, { ConfigTest: uniq('x') });
    const missing = 's-0000000000000000f';
    const doc = {
      metadata: { schemaVersion: '1.0', exportedAt: new Date().toISOString(), sourceRegion: 'us-east-1' },
      protectionGroups: [
        { name: uniq('Bad-Servers'), region: REGION, sourceServerIds: [missing] },
        { name: uniq('No-Matches'), region: REGION, serverSelectionTags: [{ key: 'ConfigTest', value: uniq('nothing') }] },
        { name: uniq('Ok-Tags'), description: 'camelCase, tag list', region: REGION, serverSelectionTags: [{ key: 'ConfigTest', value: uniq('ok') }] },
        { GroupName: uniq('OK-TAGS'), Region: REGION, SourceServerIds: [x1] },
        { GroupName: uniq('Explicit-1'), Region: REGION, SourceServerIds: [x0] },
        { GroupName: uniq('Explicit-2'), Region: REGION, SourceServerIds: [x0] },
        { GroupName: uniq('Tags-Over-Explicit'), Region: REGION, ServerSelectionTags: { ConfigTest: uniq('x') } },
        { GroupName: uniq('Bad-Subnet'), Region: REGION, SourceServerIds: [x1], LaunchConfig: { SubnetId: 'subnet-0123456789abcdef0', SecurityGroupIds: [drSg] } },
        { GroupName: uniq('Bad-Type'), Region: REGION, SourceServerIds: x1 },
        { GroupName: dbGroup.name, Region: REGION, SourceServerIds: [x1] },
      ],
      recoveryPlans: [
        { PlanName: uniq('Cascade'), Waves: [{ WaveName: 'W1', ProtectionGroupName: uniq('Ok-Tags') }, { WaveName: 'W2', ProtectionGroupName: uniq('Bad-Servers') }] },
        { PlanName: uniq('Missing-Group'), Waves: [{ WaveName: 'W1', ProtectionGroupName: uniq('Nowhere') }] },
        {
          name: uniq('Plan-Ok'),
          description: 'camelCase waves, a reference by id',
          waves: [
            { waveNumber: 1, name: 'first', protectionGroupName: uniq('ok-tags') },
            { waveNumber: 2, name: 'second', protectionGroupId: dbGroup.id, dependsOn: [1], pauseBeforeWave: true },
          ],
        },
        {
          PlanName: uniq('Loop'),
          Waves: [
            { WaveName: 'A', ProtectionGroupName: uniq('Ok-Tags'), Dependencies: [{ DependsOnWaveId: 'wave-2' }] },
            { WaveName: 'B', ProtectionGroupName: uniq('Explicit-1'), Dependencies: [{ DependsOnWaveId: 'wave-1' }] },
          ],
        },
        { PlanName: uniq('Unknown-Wave'), Waves: [{ WaveName: 'A', ProtectionGroupName: uniq('Ok-Tags'), Dependencies: [{ DependsOnWaveId: 'wave-7' }] }] },
        { PlanName: uniq('No-Waves'), Waves: [] },
        { PlanName: plan.name, Waves: [{ WaveName: 'A', ProtectionGroupName: uniq('Ok-Tags') }] },
      ],
    };
    const dry = await importDoc(doc, true);
    const byName = (items: Item[]) => Object.fromEntries(items.map((i) => [i.name, i]));
    const g = byName(dry.protectionGroups);
    expect(g[uniq('Bad-Servers')]).toMatchObject({ status: 'failed', code: 'INVALID_SERVER_IDS' });
    expect(g[uniq('Bad-Servers')].reason).toContain(missing);
    expect(g[uniq('No-Matches')]).toMatchObject({ status: 'failed', code: 'INVALID_TAGS' });
    expect(g[uniq('Ok-Tags')]).toEqual({ name: uniq('Ok-Tags'), status: 'would_create' });
    expect(dry.protectionGroups[3]).toEqual({ name: uniq('OK-TAGS'), status: 'skipped', reason: 'Name already exists' });
    expect(g[uniq('Explicit-1')].status).toBe('would_create');
    // Conflicts with groups earlier in the same file, as the real import meets them.
    expect(g[uniq('Explicit-2')]).toMatchObject({ status: 'failed', code: 'SERVER_CONFLICT', reason: `Server ${x0} is already assigned to protection group '${uniq('Explicit-1')}'` });
    expect(g[uniq('Tags-Over-Explicit')]).toMatchObject({ status: 'failed', code: 'SERVER_CONFLICT' });
    expect(g[uniq('Bad-Subnet')]).toMatchObject({ status: 'failed', code: 'INVALID_LAUNCH_CONFIG' });
    expect(g[uniq('Bad-Type')]).toMatchObject({ status: 'failed', code: 'INVALID_CONFIGURATION', reason: 'SourceServerIds must be a list of strings' });
    expect(g[dbGroup.name]).toEqual({ name: dbGroup.name, status: 'skipped', reason: 'Name already exists' });
    const p = byName(dry.recoveryPlans);
    expect(p[uniq('Cascade')]).toEqual({
      name: uniq('Cascade'),
      status: 'failed',
      reason: `Referenced Protection Group '${uniq('Bad-Servers')}' failed to import`,
      code: 'PROTECTION_GROUP_NOT_FOUND',
    });
    expect(p[uniq('Missing-Group')]).toMatchObject({ status: 'failed', code: 'PROTECTION_GROUP_NOT_FOUND' });
    expect(p[uniq('Plan-Ok')]).toEqual({ name: uniq('Plan-Ok'), status: 'would_create' });
    expect(p[uniq('Loop')]).toMatchObject({ status: 'failed', code: 'CIRCULAR_DEPENDENCY' });
    expect(p[uniq('Unknown-Wave')]).toMatchObject({ status: 'failed', code: 'INVALID_WAVE_DATA' });
    expect(p[uniq('No-Waves')]).toMatchObject({ status: 'failed', code: 'PLAN_HAS_NO_WAVES' });
    expect(p[plan.name]).toEqual({ name: plan.name, status: 'skipped', reason: 'Name already exists' });
    expect(dry.summary).toEqual({
      protectionGroups: { total: 10, created: 2, skipped: 2, failed: 6 },
      recoveryPlans: { total: 7, created: 1, skipped: 1, failed: 5 },
    });
    expect(await groupNamed(uniq('Ok-Tags'))).toEqual([]);

    const real = await importDoc(doc, false);
    expect(actual(real.protectionGroups)).toEqual(predicted(dry.protectionGroups));
    expect(actual(real.recoveryPlans)).toEqual(predicted(dry.recoveryPlans));
    expect(real.summary).toEqual(dry.summary);
    const planOk = await getPlan(real.recoveryPlans[2].id!);
    expect(planOk).toMatchObject({ name: uniq('Plan-Ok'), description: 'camelCase waves, a reference by id' });
    expect(planOk.waves.map((w) => [w.protectionGroupName, w.dependsOn, w.pauseBeforeWave])).toEqual([
      [uniq('Ok-Tags'), [], false],
      [dbGroup.name, [1], true],
    ]);
  });

  it('refuses documents that are not the export format with INVALID_CONFIGURATION', async () => {
    const code = async (input: unknown) => errorOf(await gql(ep, admin, IMPORT, { input: JSON.stringify(input), dryRun: true }));
    expect((await code({ metadata: { schemaVersion: '2.0' }, protectionGroups: [] })).errorType).toBe('INVALID_CONFIGURATION');
    expect((await code({ protectionGroups: [] })).errorType).toBe('INVALID_CONFIGURATION');
    expect((await code({ metadata: { schemaVersion: '1.0' }, protectionGroups: {} })).errorType).toBe('INVALID_CONFIGURATION');
    expect((await code({ metadata: { schemaVersion: '1.0' }, recoveryPlans: ['plan'] })).errorType).toBe('INVALID_CONFIGURATION');
    const list = await code([1, 2]);
    expect(list).toMatchObject({ errorType: 'INVALID_CONFIGURATION' });
    expect(list.message).toMatch(/metadata/);
  });
});

describe('configuration integrity', () => {
  it('reports dangling references, cycles, servers selected twice and tags that match nothing', async () => {
    await seed('both', 1, { CfgA: uniq('a'), CfgB: uniq('b') });
    const [both] = seeded.both;
    const a = await createGroup({ name: uniq('Check-A'), region: REGION, serverSelectionTags: [{ key: 'CfgA', value: uniq('a') }] });
    const b = await createGroup({ name: uniq('Check-B'), region: REGION, serverSelectionTags: [{ key: 'CfgB', value: uniq('b') }] });
    const empty = await createGroup({ name: uniq('Check-Empty'), region: REGION, serverSelectionTags: [{ key: 'CfgA', value: uniq('none') }] });
    // What the API's invariants never write: a plan whose group is gone and whose waves wait on each other.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: ep.region, endpoint: ep.dynamodbEndpoint, credentials: ep.credentials }));
    const id = `corrupt-${run}`;
    const name = uniq('Check-Corrupt');
    const now = new Date().toISOString();
    await doc.send(
      new PutCommand({
        TableName: ep.tableName,
        Item: {
          ...planKey(id),
          entity: 'RecoveryPlan',
          gsi1pk: PLAN_LIST,
          gsi1sk: `${name.toLowerCase()}#${id}`,
          nameLower: name.toLowerCase(),
          id,
          version: 1,
          name,
          description: null,
          lastExecution: null,
          createdAt: now,
          updatedAt: now,
          waves: [
            { waveNumber: 1, name: 'W1', protectionGroupId: `gone-${run}`, pauseBeforeWave: false, dependsOn: [2] },
            { waveNumber: 2, name: 'W2', protectionGroupId: a.id, pauseBeforeWave: false, dependsOn: [1] },
          ],
        },
      }),
    );
    try {
      const v = ok(await gql<{ validateConfiguration: { valid: boolean; issues: Array<Record<string, string>> } }>(ep, recoveryManager, VALIDATE)).validateConfiguration;
      expect(v.valid).toBe(false);
      const about = (n: string) => v.issues.filter((i) => i.resourceName === n);
      expect(about(name)).toEqual([
        { severity: 'ERROR', resourceType: 'RecoveryPlan', resourceName: name, message: `Wave 1 ('W1') references Protection Group gone-${run}, which does not exist` },
        { severity: 'ERROR', resourceType: 'RecoveryPlan', resourceName: name, message: 'Wave dependencies form a loop: 1 → 2 → 1' },
      ]);
      expect(about(empty.name)).toEqual([
        { severity: 'WARNING', resourceType: 'ProtectionGroup', resourceName: empty.name, message: `Tags CfgA=${uniq('none')} match no source server in ${REGION} now` },
      ]);
      expect(about(both)).toEqual([
        {
          severity: 'ERROR',
          resourceType: 'SourceServer',
          resourceName: both,
          message: `Server ${both} (cfg-both-${run}-001) is selected by 2 Protection Groups: '${a.name}', '${b.name}'`,
        },
      ]);
      expect(about(a.name)).toEqual([]);
    } finally {
      await doc.send(new DeleteCommand({ TableName: ep.tableName, Key: planKey(id) }));
      doc.destroy();
    }
  });
});

describe('configuration authorization', () => {
  it('lets only admins and recovery managers export, validate and import', async () => {
    const doc = { metadata: { schemaVersion: '1.0' }, protectionGroups: [], recoveryPlans: [] };
    for (const token of [readonly, operator, planManager]) {
      const denied = await gql(ep, token, EXPORT);
      expect(errorOf(denied).errorType).toBe('Unauthorized');
      expect(denied.data?.exportConfiguration ?? null).toBeNull();
      expect(errorOf(await gql(ep, token, VALIDATE)).errorType).toBe('Unauthorized');
      expect(errorOf(await gql(ep, token, IMPORT, { input: JSON.stringify(doc), dryRun: true })).errorType).toBe('Unauthorized');
    }
    expect((await exportDoc(recoveryManager)).metadata.schemaVersion).toBe('1.0');
    const r = await importDoc(doc, true, recoveryManager);
    expect(r).toEqual({
      dryRun: true,
      summary: { protectionGroups: { total: 0, created: 0, skipped: 0, failed: 0 }, recoveryPlans: { total: 0, created: 0, skipped: 0, failed: 0 } },
      protectionGroups: [],
      recoveryPlans: [],
    });
  });
});
