// The REST façade, table-driven, through both of its doors: HTTP with a Cognito ID token (as API Gateway
// receives it) and direct Lambda invocation of aws-drs-orchestrator-api-handler-dev with the guide's
// event format (IAM, no token). One row per documented method and path of the guide's "API Endpoints
// Reference" (plus the paths its examples use, GET /openapi.json, and the control-plane and spot paths of
// seeds 001 and 003), with the guide's example bodies (ids, regions and subnets replaced by the local
// fixture's) and the status and keys its examples show. Then the errors: wrong methods, unknown ids,
// malformed JSON, wrong types, missing fields, tokens, roles and conflicts — never a 5xx.
// Every server here is seeded into eu-north-1 (no other test file uses it) with this run's tags, and every
// name carries this run's suffix and the door, so the two doors and other files never meet.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gql, login, ok } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import { type Door, type RestAnswer, idToken, invokeRaw, leaks, rest, restHttp } from '../support/rest.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const REGION = 'eu-north-1';
const DOORS: Door[] = ['http', 'invoke'];
const NOPE = `00000000-0000-4000-8000-${run.padEnd(12, '0')}`;
const EXEC_STATUSES = ['pending', 'in_progress', 'pause_pending', 'paused', 'cancelling', 'cancelled', 'completed', 'failed'];
// schema.graphql's WaveStatus, lowercase: other files' executions may be in any of them.
const WAVE_STATUSES = ['pending', 'waiting', 'paused', 'started', 'in_progress', 'completed', 'failed', 'cancelled', 'skipped'];

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are plain JSON, checked field by field
type Json = any;

let adminAccess: string, adminId: string, readonlyId: string;

// ---------------------------------------------------------------- fixtures

interface Net {
  subnets: string[];
  securityGroups: string[];
  profile: string;
}

/** One door's objects: what beforeAll seeds and creates, and what the rows create and hand on. */
interface Fx {
  door: Door;
  /** This run and door: in every name and tag. */
  tag: string;
  net: Net;
  dbServers: string[];
  dbTags: Record<string, string>;
  appTags: Record<string, string>;
  importServer: string;
  dupServer: string;
  /** A four-wave plan over its own servers: the execution POST /executions starts, then pauses and cancels. */
  p2: string;
  /** A group nobody else uses, for the throwaway plan DELETE /recovery-plans deletes. */
  spareGroup: string;
  deletableGroup?: string;
  deletablePlan?: string;
  g1?: Json;
  g2?: Json;
  p1?: Json;
  e1?: string;
  e2?: string;
  account?: string;
  accountNumber: string;
  imported: { groups: string[]; plans: string[] };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the emulator's control answers are plain JSON
const local = async (path: string, body: unknown): Promise<any> => {
  const r = await fetch(`${ep.awsEndpoint}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};
const seed = async (count: number, tags: Record<string, string>, hostnamePrefix: string): Promise<string[]> =>
  (await local('/__local/drs/source-servers', { region: REGION, count, tags, hostnamePrefix })).ids;

async function network(): Promise<Net> {
  type L = { listSubnets: Array<{ subnetId: string; vpcId: string; name: string | null }>; listSecurityGroups: Array<{ groupId: string; vpcId: string | null }>; listInstanceProfiles: Array<{ instanceProfileName: string }> };
  const r = ok(await gql<L>(ep, adminAccess, `query N($r: String!) { listSubnets(region: $r) { subnetId vpcId name } listSecurityGroups(region: $r) { groupId vpcId }
    listInstanceProfiles(region: $r) { instanceProfileName } }`, { r: REGION }));
  const dr = r.listSubnets.filter((s) => s.name?.startsWith('DR-Private'));
  const subnets = (dr.length ? dr : r.listSubnets).map((s) => s.subnetId);
  const vpc = r.listSubnets.find((s) => s.subnetId === subnets[0])!.vpcId;
  const securityGroups = r.listSecurityGroups.filter((g) => g.vpcId === vpc).map((g) => g.groupId);
  if (!subnets.length || !securityGroups.length || !r.listInstanceProfiles.length) throw new Error(`no network in ${REGION}: ${JSON.stringify(r)}`);
  return { subnets, securityGroups, profile: r.listInstanceProfiles[0].instanceProfileName };
}

async function fixture(door: Door): Promise<Fx> {
  const tag = `${run}-${door}`;
  const dbTags = { 'DR-Application': `HRP-${tag}`, 'DR-Tier': 'Database' };
  const appTags = { 'DR-Application': `HRP-${tag}`, 'DR-Tier': 'Application' };
  const [dbServers, , [importServer], [dupServer], [spare], ...waves] = await Promise.all([
    seed(2, dbTags, `db-${door}`),
    seed(2, appTags, `app-${door}`),
    seed(1, { Fleet: `import-${tag}` }, `imp-${door}`),
    seed(1, { Fleet: `dup-${tag}` }, `dup-${door}`),
    seed(1, { Fleet: `spare-${tag}` }, `spare-${door}`),
    ...[1, 2, 3, 4].map((i) => seed(1, { Fleet: `p2-${i}-${tag}` }, `p2w${i}-${door}`)),
  ]);
  const groups = await Promise.all(waves.map(([id], i) => createGroup(ep, adminAccess, { name: `P2-Wave-${i + 1}-${tag}`, region: REGION, sourceServerIds: [id] })));
  const p2 = await createPlan(ep, adminAccess, {
    name: `Four-Waves-${tag}`,
    waves: groups.map((g, i) => ({ waveNumber: i + 1, name: `Wave ${i + 1}`, protectionGroupId: g.id, dependsOn: i ? [i] : [] })),
  });
  const spareGroup = await createGroup(ep, adminAccess, { name: `Spare-${tag}`, region: REGION, sourceServerIds: [spare] });
  return {
    door,
    tag,
    net: await network(),
    dbServers,
    dbTags,
    appTags,
    importServer,
    dupServer,
    p2: p2.id,
    spareGroup: spareGroup.id,
    accountNumber: `7${String(Date.now()).slice(-6)}${door === 'http' ? '1' : '2'}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`,
    imported: { groups: [], plans: [] },
  };
}

type Exec = { id: string; status: string; totalWaves: number; waves: Array<{ waveNumber: number; status: string }> };
async function execution(id: string): Promise<Exec> {
  return ok(await gql<{ getExecution: Exec }>(ep, adminAccess, `query G($id: ID!) { getExecution(id: $id) { id status totalWaves waves { waveNumber status } } }`, { id })).getExecution;
}
async function until(id: string, done: (e: Exec) => boolean, what: string, ms = 45_000): Promise<Exec> {
  const deadline = Date.now() + ms;
  for (;;) {
    const e = await execution(id);
    if (done(e)) return e;
    if (Date.now() > deadline) throw new Error(`execution ${id} never became ${what}: ${e.status} ${JSON.stringify(e.waves.map((w) => [w.waveNumber, w.status]))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const ended = (e: Exec) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status);

// ---------------------------------------------------------------- expectations

const isEpochSeconds = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 1.6e9 && v < 1e10;
function expectEpoch(v: unknown, what: string) {
  expect(isEpochSeconds(v), `${what} should be epoch seconds, got ${JSON.stringify(v)}`).toBe(true);
}
function expectKeys(o: Json, keys: readonly string[], what = 'body') {
  expect(o, `${what} should be an object`).toBeTypeOf('object');
  const missing = keys.filter((k) => !(k in o));
  expect(missing, `${what} lacks ${missing.join(', ')}: ${JSON.stringify(o).slice(0, 600)}`).toEqual([]);
}
/**
 * Audit is who the façade called GraphQL as — the admin's Cognito token (HTTP door) or the function's IAM
 * role (direct invocation) — never the body's initiatedBy/invocationSource, which are kept as claimed*.
 */
function expectAudit(b: Json, door: Door, claimedInitiatedBy: string | null, claimedInvocationSource: string | null) {
  const verified =
    door === 'http'
      ? { initiatedBy: 'admin', invocationSource: 'AMAZON_COGNITO_USER_POOLS' }
      : { initiatedBy: expect.stringMatching(/^arn:aws:(iam|sts)::\d{12}:/), invocationSource: 'AWS_IAM' };
  expect(b).toMatchObject({ ...verified, startedBy: b.initiatedBy, claimedInitiatedBy, claimedInvocationSource });
}
function expectLowerExecution(b: Json) {
  expect(EXEC_STATUSES, `execution status ${b.status}`).toContain(b.status);
  for (const w of b.waves) expect(WAVE_STATUSES, `wave status ${w.status}`).toContain(w.status);
}
/** The guide's error body: {error: CODE, message, field?, details?}. */
function expectGuideError(r: RestAnswer, status: number, code?: string) {
  expect(r.status, r.text).toBe(status);
  expectKeys(r.body, ['error', 'message'], 'error body');
  expect(typeof r.body.error).toBe('string');
  expect(typeof r.body.message).toBe('string');
  if (code) expect(r.body.error, r.text).toBe(code);
}
/** Seed 001's envelope: {error: {code, message, correlationId}, timestamp}. */
function expectControlPlaneError(r: RestAnswer, status: number) {
  expect(r.status, r.text).toBe(status);
  expectKeys(r.body, ['error', 'timestamp'], 'control-plane error');
  expectKeys(r.body.error, ['code', 'message', 'correlationId'], 'control-plane error.error');
  expect(typeof r.body.error.code).toBe('string');
  expect(Number.isNaN(Date.parse(r.body.timestamp))).toBe(false);
}
function expectNoLeak(r: RestAnswer) {
  expect(r.status, `${r.status}: ${r.text}`).toBeLessThan(500);
  expect(leaks(r.text), r.text).toEqual([]);
}

// ---------------------------------------------------------------- the documented paths

type Envelope = 'guide' | 'control-plane' | 'spot';
interface Row {
  method: Method;
  /** The documented path. */
  path: string;
  /** What the row exercises beyond the path (an example's name). */
  note?: string;
  /** The concrete path (ids filled in); the documented path when absent. */
  url?: (f: Fx) => string;
  query?: (f: Fx) => Record<string, string>;
  body?: (f: Fx) => unknown;
  status: number;
  keys?: readonly string[];
  envelope?: Envelope;
  /** Runs first (waits for an execution's state, creates what the row deletes). */
  setup?: (f: Fx) => Promise<void>;
  check?: (b: Json, f: Fx, r: RestAnswer) => void | Promise<void>;
  /** Only through these doors (default: both). */
  doors?: Door[];
  /** HTTP door: the ReadOnly user's token instead of the admin's. */
  asReadOnly?: boolean;
  /** Sent with no Authorization header. */
  anonymous?: boolean;
  /** An error row: the guide's code. */
  error?: string;
}

const GROUP_KEYS = ['id', 'name', 'description', 'region', 'sourceServerIds', 'serverSelectionTags', 'launchConfig', 'version'];
const CREATED_GROUP_KEYS = [...GROUP_KEYS, 'createdDate', 'lastModifiedDate'];
const PLAN_KEYS = ['id', 'name', 'description', 'waves', 'version'];
const AUDIT_KEYS = ['initiatedBy', 'invocationSource', 'claimedInitiatedBy', 'claimedInvocationSource'];
const START_KEYS = ['ExecutionId', 'executionId', 'recoveryPlanId', 'recoveryPlanName', 'executionType', 'status', ...AUDIT_KEYS, 'startTime', 'waves'];
const GET_EXECUTION_KEYS = ['ExecutionId', 'executionId', 'recoveryPlanId', 'recoveryPlanName', 'executionType', 'status', 'currentWave', 'totalWaves', ...AUDIT_KEYS, 'startTime', 'waves'];
const SERVER_KEYS = ['sourceServerId', 'hostname', 'nameTag', 'sourceInstanceId', 'sourceIp', 'sourceRegion', 'sourceAccount', 'state', 'lagDuration', 'assignedProtectionGroupId', 'assignedProtectionGroupName', 'tags'];

/** The guide's "Create Protection Group (Explicit Server Selection)" LaunchConfig, on the fixture's network. */
const explicitLaunchConfig = (f: Fx) => ({
  SubnetId: f.net.subnets[0],
  SecurityGroupIds: f.net.securityGroups.slice(0, 2),
  InstanceType: 'r5.xlarge',
  InstanceProfileName: f.net.profile,
  CopyPrivateIp: true,
  CopyTags: true,
  Licensing: { osByol: false },
  TargetInstanceTypeRightSizingMethod: 'BASIC',
  LaunchDisposition: 'STARTED',
});
const updateLaunchConfig = (f: Fx) => ({
  SubnetId: f.net.subnets[1] ?? f.net.subnets[0],
  SecurityGroupIds: [f.net.securityGroups[f.net.securityGroups.length - 1]],
  InstanceType: 'r5.2xlarge',
  CopyPrivateIp: true,
  CopyTags: true,
  Licensing: { osByol: true },
  TargetInstanceTypeRightSizingMethod: 'NONE',
  LaunchDisposition: 'STOPPED',
});
/** The guide's "Import Configuration (Execute)" document, with this door's names, server and network. */
const importDocument = (f: Fx) => ({
  metadata: { schemaVersion: '1.0', exportedAt: '2025-12-14T10:30:00.000Z', sourceRegion: REGION },
  protectionGroups: [
    {
      name: `Database-Servers-Imported-${f.tag}`,
      description: 'Primary database servers',
      region: REGION,
      sourceServerIds: [f.importServer],
      launchConfig: { ...explicitLaunchConfig(f), SecurityGroupIds: [f.net.securityGroups[0]] },
    },
  ],
  recoveryPlans: [
    {
      name: `HRP-Full-Recovery-Imported-${f.tag}`,
      description: 'Full HRP application recovery',
      waves: [{ waveNumber: 1, protectionGroupName: `Database-Servers-Imported-${f.tag}`, pauseBeforeWave: false }],
    },
  ],
});
const CLUSTER_ID = '550e8400-e29b-41d4-a716-446655440004';

const ROWS: Row[] = [
  // ------------------------------------------------------------ 1. protection groups
  {
    method: 'POST',
    path: '/protection-groups',
    note: 'explicit server selection',
    status: 201,
    keys: [...CREATED_GROUP_KEYS, 'launchConfigApplyResults'],
    body: (f) => ({
      GroupName: `Database-Servers-${f.tag}`,
      Description: 'Primary database servers for HRP application',
      Region: REGION,
      SourceServerIds: f.dbServers,
      LaunchConfig: explicitLaunchConfig(f),
    }),
    check: (b, f) => {
      f.g1 = b;
      expect(b).toMatchObject({ name: `Database-Servers-${f.tag}`, region: REGION, sourceServerIds: f.dbServers, serverSelectionTags: {}, version: 1 });
      // The LaunchConfig answers in the request's PascalCase keys.
      expect(b.launchConfig).toEqual(explicitLaunchConfig(f));
      expectKeys(b.launchConfigApplyResults, ['applied', 'skipped', 'failed'], 'launchConfigApplyResults');
      expectEpoch(b.createdDate, 'createdDate');
      expectEpoch(b.lastModifiedDate, 'lastModifiedDate');
    },
  },
  {
    method: 'POST',
    path: '/protection-groups',
    note: 'tag-based selection',
    status: 201,
    keys: CREATED_GROUP_KEYS,
    body: (f) => ({
      GroupName: `App-Servers-HRP-${f.tag}`,
      Description: 'Application servers selected by tags',
      Region: REGION,
      ServerSelectionTags: f.appTags,
      LaunchConfig: {
        SubnetId: f.net.subnets[0],
        SecurityGroupIds: [f.net.securityGroups[0]],
        CopyPrivateIp: true,
        CopyTags: true,
        TargetInstanceTypeRightSizingMethod: 'IN_AWS',
        LaunchDisposition: 'STARTED',
      },
    }),
    check: (b, f) => {
      f.g2 = b;
      expect(b).toMatchObject({ name: `App-Servers-HRP-${f.tag}`, sourceServerIds: [], serverSelectionTags: f.appTags, version: 1 });
      expect(b.launchConfig).toEqual({
        SubnetId: f.net.subnets[0],
        SecurityGroupIds: [f.net.securityGroups[0]],
        CopyPrivateIp: true,
        CopyTags: true,
        TargetInstanceTypeRightSizingMethod: 'IN_AWS',
        LaunchDisposition: 'STARTED',
      });
      expectEpoch(b.createdDate, 'createdDate');
    },
  },
  {
    method: 'POST',
    path: '/protection-groups',
    note: 'the same name again: 409',
    status: 409,
    error: 'PG_NAME_EXISTS',
    body: (f) => ({ GroupName: `Database-Servers-${f.tag}`, Region: REGION, SourceServerIds: [f.dupServer] }),
  },
  {
    method: 'GET',
    path: '/protection-groups',
    status: 200,
    keys: ['groups'],
    check: (b, f) => {
      const mine = b.groups.find((g: Json) => g.id === f.g1.id);
      expect(mine, 'the created group is listed').toBeTruthy();
      expectKeys(mine, GROUP_KEYS, 'groups[]');
    },
  },
  {
    method: 'GET',
    path: '/protection-groups/{id}',
    url: (f) => `/protection-groups/${f.g1.id}`,
    status: 200,
    keys: CREATED_GROUP_KEYS,
    check: (b, f) => {
      expect(b).toMatchObject({ id: f.g1.id, name: f.g1.name, sourceServerIds: f.dbServers, version: 1 });
      expect(b.launchConfig).toEqual(explicitLaunchConfig(f));
    },
  },
  {
    method: 'PUT',
    path: '/protection-groups/{id}',
    url: (f) => `/protection-groups/${f.g1.id}`,
    status: 200,
    keys: ['id', 'name', 'description', 'region', 'sourceServerIds', 'launchConfig', 'launchConfigApplyResults', 'version'],
    body: (f) => ({
      version: 1,
      GroupName: `Database-Servers-Updated-${f.tag}`,
      Description: 'Updated description',
      LaunchConfig: updateLaunchConfig(f),
    }),
    check: (b, f) => {
      expect(b).toMatchObject({ id: f.g1.id, name: `Database-Servers-Updated-${f.tag}`, description: 'Updated description', sourceServerIds: f.dbServers, version: 2 });
      expect(b.launchConfig).toEqual(updateLaunchConfig(f));
      expectKeys(b.launchConfigApplyResults, ['applied', 'skipped', 'failed'], 'launchConfigApplyResults');
      f.g1 = b;
    },
  },
  {
    method: 'PUT',
    path: '/protection-groups/{id}',
    note: 'camelCase launchConfig answers camelCase',
    url: (f) => `/protection-groups/${f.g2.id}`,
    status: 200,
    keys: ['id', 'name', 'launchConfig', 'version'],
    body: (f) => ({ version: 1, description: 'Application servers selected by tags', launchConfig: { subnetId: f.net.subnets[0], securityGroupIds: [f.net.securityGroups[0]], copyTags: false } }),
    check: (b, f) => {
      expect(b).toMatchObject({ id: f.g2.id, version: 2 });
      expect(b.launchConfig).toMatchObject({ subnetId: f.net.subnets[0], securityGroupIds: [f.net.securityGroups[0]], copyTags: false });
      expect(Object.keys(b.launchConfig).filter((k) => /^[A-Z]/.test(k)), 'no PascalCase keys').toEqual([]);
      f.g2 = b;
    },
  },
  {
    method: 'POST',
    path: '/protection-groups/resolve',
    note: 'preview tag selection',
    status: 200,
    keys: ['servers', 'matchedTags'],
    body: (f) => ({ region: REGION, serverSelectionTags: f.appTags }),
    check: (b, f) => {
      expect(b.servers).toHaveLength(2);
      expect(b.matchedTags).toEqual(f.appTags);
      for (const s of b.servers) {
        expectKeys(s, ['sourceServerId', 'hostname', 'nameTag', 'sourceInstanceId', 'tags'], 'servers[]');
        expect(s.tags).toMatchObject(f.appTags);
      }
    },
  },
  {
    method: 'POST',
    path: '/protection-groups/{id}/resolve',
    url: (f) => `/protection-groups/${f.g2.id}/resolve`,
    status: 200,
    keys: ['servers'],
    check: (b, f) => {
      expect(b.servers).toHaveLength(2);
      for (const s of b.servers) {
        expectKeys(s, ['sourceServerId', 'hostname', 'nameTag', 'sourceInstanceId', 'sourceIp', 'sourceRegion', 'sourceAccount', 'state', 'lagDuration', 'tags'], 'servers[]');
        expect(s.tags).toMatchObject(f.appTags);
      }
    },
  },
  {
    method: 'DELETE',
    path: '/protection-groups/{id}',
    url: (f) => `/protection-groups/${f.deletableGroup}`,
    setup: async (f) => {
      const [id] = await seed(1, { Fleet: `deletable-${f.tag}` }, `del-${f.door}`);
      f.deletableGroup = (await createGroup(ep, adminAccess, { name: `Deletable-${f.tag}`, region: REGION, sourceServerIds: [id] })).id;
    },
    status: 200,
    check: async (_b, f) => {
      const gone = ok(await gql<{ getProtectionGroup: unknown }>(ep, adminAccess, `query G($id: ID!) { getProtectionGroup(id: $id) { id } }`, { id: f.deletableGroup }));
      expect(gone.getProtectionGroup).toBeNull();
    },
  },
  // ------------------------------------------------------------ 2. recovery plans
  {
    method: 'POST',
    path: '/recovery-plans',
    status: 201,
    keys: [...PLAN_KEYS, 'createdDate', 'lastModifiedDate'],
    body: (f) => ({
      PlanName: `HRP-Full-Recovery-${f.tag}`,
      Description: 'Full HRP application recovery - DB then App',
      Waves: [
        { waveNumber: 1, name: 'Database Tier', protectionGroupId: f.g1.id, pauseBeforeWave: false },
        { waveNumber: 2, name: 'Application Tier', protectionGroupId: f.g2.id, pauseBeforeWave: true, dependsOn: [1] },
      ],
    }),
    check: (b, f) => {
      f.p1 = b;
      expect(b).toMatchObject({ name: `HRP-Full-Recovery-${f.tag}`, description: 'Full HRP application recovery - DB then App', version: 1 });
      expect(b.waves).toMatchObject([
        { waveNumber: 1, name: 'Database Tier', protectionGroupId: f.g1.id, protectionGroupName: f.g1.name, pauseBeforeWave: false, dependsOn: [] },
        { waveNumber: 2, name: 'Application Tier', protectionGroupId: f.g2.id, protectionGroupName: f.g2.name, pauseBeforeWave: true, dependsOn: [1] },
      ]);
      expectEpoch(b.createdDate, 'createdDate');
      expectEpoch(b.lastModifiedDate, 'lastModifiedDate');
    },
  },
  {
    method: 'GET',
    path: '/recovery-plans',
    note: '?nameExact= (the Step Functions and SSM examples)',
    query: (f) => ({ nameExact: f.p1.name }),
    status: 200,
    keys: ['plans'],
    check: (b, f) => {
      expect(b.plans.map((p: Json) => p.id)).toEqual([f.p1.id]);
      expectKeys(b.plans[0], [...PLAN_KEYS, 'waveCount', 'hasServerConflict'], 'plans[0]');
    },
  },
  {
    method: 'GET',
    path: '/recovery-plans/{id}',
    url: (f) => `/recovery-plans/${f.p1.id}`,
    status: 200,
    keys: PLAN_KEYS,
    check: (b, f) => expect(b).toMatchObject({ id: f.p1.id, name: f.p1.name, waves: [{ waveNumber: 1 }, { waveNumber: 2 }] }),
  },
  {
    method: 'PUT',
    path: '/recovery-plans/{id}',
    url: (f) => `/recovery-plans/${f.p1.id}`,
    body: () => ({ version: 1, Description: 'Full HRP application recovery - DB then App (updated)' }),
    status: 200,
    keys: PLAN_KEYS,
    check: (b, f) => {
      expect(b).toMatchObject({ id: f.p1.id, description: 'Full HRP application recovery - DB then App (updated)', version: 2 });
      expect(b.waves).toHaveLength(2);
    },
  },
  {
    method: 'GET',
    path: '/recovery-plans/{id}/check-existing-instances',
    url: (f) => `/recovery-plans/${f.p1.id}/check-existing-instances`,
    status: 200,
    keys: ['hasConflicts', 'existingInstances'],
    check: (b) => expect(Array.isArray(b.existingInstances)).toBe(true),
  },
  {
    method: 'POST',
    path: '/recovery-plans/{id}/execute',
    url: (f) => `/recovery-plans/${f.p1.id}/execute`,
    body: () => ({ executionType: 'DRILL', initiatedBy: 'api-automation', invocationSource: 'CLI' }),
    status: 201,
    keys: START_KEYS,
    check: (b, f) => {
      f.e1 = b.ExecutionId;
      expect(b.executionId).toBe(b.ExecutionId);
      expect(b).toMatchObject({ recoveryPlanId: f.p1.id, recoveryPlanName: f.p1.name, executionType: 'DRILL' });
      expectAudit(b, f.door, 'api-automation', 'CLI');
      expectLowerExecution(b);
      expectEpoch(b.startTime, 'startTime');
      expect(b.waves.map((w: Json) => w.waveNumber)).toEqual([1, 2]);
    },
  },
  {
    method: 'DELETE',
    path: '/recovery-plans/{id}',
    url: (f) => `/recovery-plans/${f.deletablePlan}`,
    setup: async (f) => {
      f.deletablePlan = (await createPlan(ep, adminAccess, { name: `Deletable-${f.tag}`, waves: [{ waveNumber: 1, name: 'Only', protectionGroupId: f.spareGroup }] })).id;
    },
    status: 200,
    check: async (_b, f) => {
      const gone = ok(await gql<{ getRecoveryPlan: unknown }>(ep, adminAccess, `query G($id: ID!) { getRecoveryPlan(id: $id) { id } }`, { id: f.deletablePlan }));
      expect(gone.getRecoveryPlan).toBeNull();
    },
  },
  // ------------------------------------------------------------ 3. executions
  {
    method: 'POST',
    path: '/executions',
    note: 'the plan already executing: 409',
    body: (f) => ({ recoveryPlanId: f.p1.id, executionType: 'DRILL', initiatedBy: 'api-automation' }),
    status: 409,
    error: 'PLAN_ALREADY_EXECUTING',
  },
  {
    method: 'POST',
    path: '/executions',
    body: (f) => ({ recoveryPlanId: f.p2, executionType: 'DRILL', initiatedBy: 'api-automation', invocationSource: 'CLI' }),
    status: 201,
    keys: START_KEYS,
    check: (b, f) => {
      f.e2 = b.ExecutionId;
      expect(b.executionId).toBe(b.ExecutionId);
      expect(b).toMatchObject({ recoveryPlanId: f.p2, executionType: 'DRILL' });
      expectAudit(b, f.door, 'api-automation', 'CLI');
      expectLowerExecution(b);
      expectEpoch(b.startTime, 'startTime');
      expect(b.waves).toHaveLength(4);
    },
  },
  {
    method: 'GET',
    path: '/executions',
    note: '?limit= (the guide\'s Python client)',
    query: () => ({ limit: '10' }),
    status: 200,
    keys: ['items'],
    check: (b) => {
      expect(Array.isArray(b.items)).toBe(true);
      expect(b.items.length).toBeLessThanOrEqual(10);
      for (const e of b.items) expectLowerExecution(e);
    },
  },
  {
    method: 'GET',
    path: '/executions/{executionId}',
    url: (f) => `/executions/${f.e1}`,
    status: 200,
    keys: GET_EXECUTION_KEYS,
    check: (b, f, r) => {
      expect(b).toMatchObject({ ExecutionId: f.e1, executionId: f.e1, recoveryPlanId: f.p1.id, totalWaves: 2 });
      expectAudit(b, f.door, 'api-automation', 'CLI');
      expectLowerExecution(b);
      expectEpoch(b.startTime, 'startTime');
      expectKeys(b.waves[0], ['waveNumber', 'name', 'status'], 'waves[0]');
      // SSM's aws:waitForAwsResourceProperty reads $.Payload.status of a direct invocation.
      if (r.result) expect(r.result.status).toBe(b.status);
    },
  },
  {
    method: 'POST',
    path: '/executions/{executionId}/pause',
    url: (f) => `/executions/${f.e2}/pause`,
    // Running, with waves still to start.
    setup: async (f) => void (await until(f.e2!, (e) => e.status === 'IN_PROGRESS' && e.waves.some((w) => w.status === 'PENDING') && e.waves.some((w) => w.status !== 'PENDING'), 'running')),
    status: 200,
    keys: ['ExecutionId', 'status'],
    check: (b, f) => {
      expect(b.ExecutionId).toBe(f.e2);
      expect(['pause_pending', 'paused']).toContain(b.status);
    },
  },
  {
    method: 'POST',
    path: '/executions/{executionId}/resume',
    url: (f) => `/executions/${f.e1}/resume`,
    body: () => ({}),
    setup: async (f) => {
      // Resumed the moment it is PAUSED (test/e2e/executions.test.ts races this on purpose).
      await until(f.e1!, (e) => e.status === 'PAUSED' || ended(e), 'paused before wave 2');
    },
    status: 200,
    keys: ['ExecutionId', 'status', 'message'],
    check: (b, f) => {
      expect(b.ExecutionId).toBe(f.e1);
      expect(['in_progress', 'pending']).toContain(b.status);
      expect(typeof b.message).toBe('string');
    },
  },
  {
    method: 'POST',
    path: '/executions/{executionId}/cancel',
    url: (f) => `/executions/${f.e2}/cancel`,
    body: () => ({}),
    status: 200,
    keys: ['ExecutionId', 'status'],
    check: (b, f) => {
      expect(b.ExecutionId).toBe(f.e2);
      expect(['cancelling', 'cancelled']).toContain(b.status);
    },
  },
  {
    method: 'GET',
    path: '/executions/{executionId}/job-logs',
    url: (f) => `/executions/${f.e1}/job-logs`,
    status: 200,
  },
  {
    method: 'POST',
    path: '/executions/{executionId}/terminate-instances',
    url: (f) => `/executions/${f.e1}/terminate-instances`,
    body: () => ({}),
    setup: async (f) => {
      const e = await until(f.e1!, ended, 'finished');
      expect(e.status).toBe('COMPLETED');
    },
    status: 200,
    keys: ['ExecutionId', 'terminatedInstances'],
    check: (b, f) => {
      expect(b.ExecutionId).toBe(f.e1);
      expect(b.terminatedInstances).toHaveLength(4);
      for (const t of b.terminatedInstances) expectKeys(t, ['instanceId', 'status'], 'terminatedInstances[]');
    },
  },
  {
    method: 'GET',
    path: '/executions/{executionId}/termination-status',
    url: (f) => `/executions/${f.e1}/termination-status`,
    status: 200,
  },
  {
    method: 'POST',
    path: '/executions/delete',
    body: (f) => ({ executionIds: [f.e2] }),
    setup: async (f) => void (await until(f.e2!, ended, 'finished')),
    status: 200,
    check: async (_b, f) => {
      const gone = ok(await gql<{ getExecution: unknown }>(ep, adminAccess, `query G($id: ID!) { getExecution(id: $id) { id } }`, { id: f.e2 }));
      expect(gone.getExecution).toBeNull();
    },
  },
  // DELETE /executions deletes every finished execution of every test file sharing the stack: it is
  // only asked by a role that may not (403), and never through the IAM door, which bypasses RBAC.
  {
    method: 'DELETE',
    path: '/executions',
    note: 'ReadOnly only (the admitted call would delete other files\' executions)',
    asReadOnly: true,
    doors: ['http'],
    status: 403,
    error: 'FORBIDDEN',
  },
  // ------------------------------------------------------------ 4. DRS
  {
    method: 'GET',
    path: '/drs/source-servers',
    query: () => ({ region: REGION }),
    status: 200,
    keys: ['servers'],
    check: (b, f) => {
      for (const s of b.servers) expectKeys(s, SERVER_KEYS, 'servers[]');
      const db = b.servers.find((s: Json) => s.sourceServerId === f.dbServers[0]);
      expect(db).toMatchObject({ assignedProtectionGroupId: f.g1.id, assignedProtectionGroupName: f.g1.name, tags: f.dbTags });
    },
  },
  {
    method: 'POST',
    path: '/drs/source-servers/query-by-tags',
    query: () => ({ region: REGION }),
    body: (f) => ({ tags: f.dbTags }),
    status: 200,
    keys: ['servers', 'matchedTags'],
    check: (b, f) => {
      expect(b.servers.map((s: Json) => s.sourceServerId).sort()).toEqual([...f.dbServers].sort());
      expect(b.matchedTags).toEqual(f.dbTags);
      for (const s of b.servers) expectKeys(s, ['sourceServerId', 'hostname', 'nameTag', 'sourceInstanceId', 'sourceIp', 'state', 'tags'], 'servers[]');
    },
  },
  {
    method: 'GET',
    path: '/drs/quotas',
    query: () => ({ region: REGION }),
    status: 200,
    keys: ['region', 'quotas'],
    check: (b) => {
      expect(b.region).toBe(REGION);
      const keys = ['maxReplicatingServers', 'currentReplicatingServers', 'maxConcurrentJobs', 'currentActiveJobs', 'maxServersPerJob', 'maxTotalServersInActiveJobs'];
      expectKeys(b.quotas, keys, 'quotas');
      for (const k of keys) expect(typeof b.quotas[k], k).toBe('number');
    },
  },
  { method: 'POST', path: '/drs/tag-sync', body: () => ({ regions: [REGION], dryRun: false }), status: 200 },
  { method: 'GET', path: '/drs/accounts', status: 200 },
  // ------------------------------------------------------------ 5. accounts
  {
    method: 'POST',
    path: '/accounts/targets',
    body: (f) => ({ accountId: f.accountNumber, accountName: 'Production Account', crossAccountRoleArn: `arn:aws:iam::${f.accountNumber}:role/DRSOrchestrationRole` }),
    status: 201,
    keys: ['id', 'accountId', 'accountName', 'crossAccountRoleArn'],
    check: (b, f) => {
      f.account = b.id;
      expect(b).toMatchObject({ accountId: f.accountNumber, accountName: 'Production Account' });
    },
  },
  { method: 'GET', path: '/accounts/targets', status: 200 },
  {
    method: 'PUT',
    path: '/accounts/targets/{id}',
    url: (f) => `/accounts/targets/${f.account}`,
    body: () => ({ accountName: 'Production Account (renamed)' }),
    status: 200,
    check: (b) => expect(b.accountName).toBe('Production Account (renamed)'),
  },
  { method: 'POST', path: '/accounts/targets/{id}/validate', url: (f) => `/accounts/targets/${f.account}/validate`, status: 200 },
  { method: 'DELETE', path: '/accounts/targets/{id}', url: (f) => `/accounts/targets/${f.account}`, status: 200 },
  { method: 'GET', path: '/accounts/current', status: 200 },
  // ------------------------------------------------------------ 6. EC2
  {
    method: 'GET',
    path: '/ec2/subnets',
    query: () => ({ region: REGION }),
    status: 200,
    keys: ['subnets'],
    check: (b, f) => {
      expect(b.subnets.map((s: Json) => s.subnetId)).toEqual(expect.arrayContaining(f.net.subnets));
      for (const s of b.subnets) expectKeys(s, ['subnetId', 'vpcId', 'availabilityZone', 'cidrBlock', 'name'], 'subnets[]');
    },
  },
  {
    method: 'GET',
    path: '/ec2/security-groups',
    query: () => ({ region: REGION }),
    status: 200,
    keys: ['securityGroups'],
    check: (b) => {
      expect(b.securityGroups.length).toBeGreaterThan(0);
      for (const s of b.securityGroups) expectKeys(s, ['groupId', 'groupName', 'vpcId', 'description'], 'securityGroups[]');
    },
  },
  {
    method: 'GET',
    path: '/ec2/instance-types',
    query: () => ({ region: REGION }),
    status: 200,
    keys: ['instanceTypes'],
    check: (b) => {
      expect(b.instanceTypes).toContainEqual({ instanceType: 'r5.xlarge', vCpus: 4, memoryGiB: 32 });
      for (const t of b.instanceTypes) expectKeys(t, ['instanceType', 'vCpus', 'memoryGiB'], 'instanceTypes[]');
    },
  },
  {
    method: 'GET',
    path: '/ec2/instance-profiles',
    query: () => ({ region: REGION }),
    status: 200,
    keys: ['instanceProfiles'],
    check: (b) => {
      expect(b.instanceProfiles.length).toBeGreaterThan(0);
      for (const p of b.instanceProfiles) expectKeys(p, ['instanceProfileName', 'instanceProfileId', 'arn', 'roles'], 'instanceProfiles[]');
    },
  },
  // ------------------------------------------------------------ 7. configuration
  {
    method: 'GET',
    path: '/config/export',
    status: 200,
    keys: ['metadata', 'protectionGroups', 'recoveryPlans'],
    check: (b, f) => {
      expectKeys(b.metadata, ['schemaVersion', 'exportedAt', 'sourceRegion', 'protectionGroupCount', 'recoveryPlanCount'], 'metadata');
      const g1 = b.protectionGroups.find((g: Json) => g.name === f.g1.name);
      expect(g1, 'the export has the group').toBeTruthy();
      expect(g1.launchConfig).toEqual(updateLaunchConfig(f));
      expect(b.recoveryPlans.find((p: Json) => p.name === f.p1.name)?.waves).toMatchObject([
        { waveNumber: 1, protectionGroupName: f.g1.name, pauseBeforeWave: false },
        { waveNumber: 2, protectionGroupName: f.g2.name, pauseBeforeWave: true },
      ]);
    },
  },
  {
    method: 'POST',
    path: '/config/import',
    note: '?dryRun=true',
    query: () => ({ dryRun: 'true' }),
    body: importDocument,
    status: 200,
    keys: ['dryRun', 'summary', 'protectionGroups', 'recoveryPlans'],
    check: (b, f) => {
      expect(b.dryRun).toBe(true);
      expectKeys(b.summary.protectionGroups, ['total', 'created', 'skipped', 'failed'], 'summary.protectionGroups');
      expect(b.protectionGroups).toMatchObject([{ name: `Database-Servers-Imported-${f.tag}`, status: 'would_create' }]);
      expect(b.recoveryPlans).toMatchObject([{ name: `HRP-Full-Recovery-Imported-${f.tag}`, status: 'would_create' }]);
    },
  },
  {
    method: 'POST',
    path: '/config/import',
    body: importDocument,
    status: 200,
    keys: ['dryRun', 'summary', 'protectionGroups', 'recoveryPlans'],
    check: (b, f) => {
      f.imported.groups.push(...b.protectionGroups.map((x: Json) => x.id).filter(Boolean));
      f.imported.plans.push(...b.recoveryPlans.map((x: Json) => x.id).filter(Boolean));
      expect(b.dryRun).toBe(false);
      expect(b.summary).toEqual({ protectionGroups: { total: 1, created: 1, skipped: 0, failed: 0 }, recoveryPlans: { total: 1, created: 1, skipped: 0, failed: 0 } });
      expect(b.protectionGroups).toMatchObject([{ name: `Database-Servers-Imported-${f.tag}`, status: 'created', launchConfigApplied: true }]);
      expect(b.recoveryPlans).toMatchObject([{ name: `HRP-Full-Recovery-Imported-${f.tag}`, status: 'created' }]);
      expect(typeof b.protectionGroups[0].id).toBe('string');
      expect(typeof b.recoveryPlans[0].id).toBe('string');
    },
  },
  { method: 'GET', path: '/config/validate', status: 200 },
  // ------------------------------------------------------------ 8–9. users and health
  { method: 'GET', path: '/users/current', status: 200 },
  { method: 'GET', path: '/health', status: 200, keys: ['status'] },
  {
    method: 'GET',
    path: '/openapi.json',
    status: 200,
    keys: ['openapi', 'paths'],
    check: (b) => expect(Object.keys(b.paths)).toEqual(expect.arrayContaining(['/protection-groups', '/executions/{executionId}', '/clusters/{cluster_id}/status'])),
  },
  // ------------------------------------------------------------ seed 001: staff, login, tenants (test/e2e/staff.test.ts has the flows)
  { method: 'POST', path: '/auth/login', note: 'unknown account', body: () => ({ email: 'user@example.com', password: 'Password123!' }), status: 401, envelope: 'control-plane' },
  {
    method: 'POST',
    path: '/auth/login',
    body: () => ({ email: 'admin@drs.local', password: ep.users.find((u) => u.username === 'admin')!.password }),
    status: 200,
    envelope: 'control-plane',
    keys: ['success', 'data', 'timestamp'],
    check: (b) => {
      expectKeys(b.data, ['token', 'staff']);
      expect(b.data.staff).toMatchObject({ email: 'admin@drs.local', roles: ['admin'], enabled: true });
    },
  },
  {
    method: 'POST',
    path: '/auth/password-reset/request',
    body: () => ({ email: 'user@example.com' }),
    status: 200,
    envelope: 'control-plane',
    check: (b) => expect(b.data).toEqual({ message: 'Password reset email sent if account exists' }),
  },
  { method: 'POST', path: '/auth/password-reset/confirm', body: () => ({ token: 'reset-token-from-email', new_password: 'NewPassword123!' }), status: 401, envelope: 'control-plane' },
  {
    method: 'GET',
    path: '/staff/me',
    status: 200,
    envelope: 'control-plane',
    doors: ['http'],
    check: (b) => expectKeys(b.data, ['staff_id', 'email', 'roles', 'enabled', 'created_at', 'updated_at']),
  },
  { method: 'GET', path: '/staff/me', note: 'IAM door: no staff member', status: 401, envelope: 'control-plane', doors: ['invoke'] },
  {
    method: 'POST',
    path: '/staff/register',
    body: (f) => ({ email: `newstaff-${f.tag}@example.com`, password: 'StrongPassword123!', roles: ['staff'] }),
    status: 201,
    envelope: 'control-plane',
    check: (b, f) => expect(b.data).toMatchObject({ email: `newstaff-${f.tag}@example.com`.toLowerCase(), roles: ['staff'], enabled: true }),
  },
  { method: 'POST', path: '/staff/enable', note: 'unknown staff member', body: () => ({ staff_id: '550e8400-e29b-41d4-a716-446655440002' }), status: 404, envelope: 'control-plane' },
  { method: 'POST', path: '/staff/disable', note: 'unknown staff member', body: () => ({ staff_id: '550e8400-e29b-41d4-a716-446655440002' }), status: 404, envelope: 'control-plane' },
  {
    method: 'POST',
    path: '/tenant/register',
    body: (f) => ({ name: `Acme Corporation ${f.tag}`, email: `contact-${f.tag}@acme.com`, contact_info: { phone: '+1-555-123-4567', address: '123 Main St, City, State', company: 'Acme Corp' } }),
    status: 201,
    envelope: 'control-plane',
    check: (b) => expect(b.data).toMatchObject({ status: 'pending', contact_info: { phone: '+1-555-123-4567', address: '123 Main St, City, State', company: 'Acme Corp' } }),
  },
  // Clusters: built (test/e2e/clusters.test.ts has the lifecycle); each door registers its own block.
  { method: 'GET', path: '/clusters', status: 200, envelope: 'control-plane', keys: ['success', 'data', 'timestamp'] },
  {
    method: 'POST',
    path: '/cluster/register',
    body: (f) => ({ name: 'Production Cluster', type: 'dedicated', environment: 'Production', region: REGION, cidr: f.door === 'http' ? '10.200.0.0/16' : '10.201.0.0/16' }),
    status: 201,
    envelope: 'control-plane',
    keys: ['success', 'data', 'timestamp'],
  },
  {
    method: 'POST',
    path: '/clusters/{cluster_id}/deploy',
    note: 'unknown cluster',
    url: () => `/clusters/${CLUSTER_ID}/deploy`,
    body: () => ({ parameters: [{ ParameterKey: 'CustomParam', ParameterValue: 'CustomValue' }], tags: [{ Key: 'Environment', Value: 'Production' }] }),
    status: 404,
    envelope: 'control-plane',
  },
  { method: 'GET', path: '/clusters/{cluster_id}/status', note: 'unknown cluster', url: () => `/clusters/${CLUSTER_ID}/status`, query: () => ({ include_events: 'true' }), status: 404, envelope: 'control-plane' },
  // ------------------------------------------------------------ seed 003: spot capacity
  // Rows that change nothing (provisioning is one switch for the whole stack); enable → instance →
  // teardown, with the seed's bodies and 200 answers, is test/e2e/spot.test.ts.
  // Whether an instance runs is one switch for the whole stack (spot.test.ts turns it on and off, and
  // covers the 404 and the 200): here, only what holds whatever the switch says.
  { method: 'GET', path: '/spot-instances', note: 'no token', anonymous: true, doors: ['http'], status: 401, error: 'UNAUTHORIZED', envelope: 'spot' },
  { method: 'POST', path: '/spot-provisioning', note: 'unknown action', body: () => ({ action: 'pause' }), status: 400, error: 'INVALID_REQUEST', envelope: 'spot' },
  { method: 'POST', path: '/spot-provisioning', note: 'teardown with enable', body: () => ({ action: 'enable', teardown: true }), status: 400, error: 'INVALID_REQUEST', envelope: 'spot' },
  { method: 'POST', path: '/spot-provisioning', note: 'a role that may not', body: () => ({ action: 'enable' }), asReadOnly: true, doors: ['http'], status: 403, error: 'FORBIDDEN', envelope: 'spot' },
];

const label = (r: Row) => `${r.method} ${r.path}${r.note ? ` (${r.note})` : ''} → ${r.status}${r.error ? ` ${r.error}` : ''}`;

async function send(door: Door, row: Row, f: Fx): Promise<RestAnswer> {
  const token = row.asReadOnly ? readonlyId : adminId;
  return rest(ep, door, {
    method: row.method,
    path: row.url ? row.url(f) : row.path,
    query: row.query?.(f),
    body: row.body?.(f),
    authorization: row.anonymous ? undefined : `Bearer ${token}`,
  });
}

function expectRow(row: Row, r: RestAnswer) {
  if (r.status >= 400) {
    if (row.status !== 501) expectNoLeak(r);
    else expect(leaks(r.text), r.text).toEqual([]);
    if (row.envelope === 'control-plane') expectControlPlaneError(r, row.status);
    else expectGuideError(r, row.status, row.error ?? (row.status === 501 ? 'NOT_IMPLEMENTED' : undefined));
    return;
  }
  expect(r.status, r.text.slice(0, 2000)).toBe(row.status);
  expect(r.headers['content-type']).toContain('application/json');
  expect(r.body, 'a JSON body').toBeTypeOf('object');
  if (row.keys) expectKeys(r.body, row.keys);
}

const fixtures: Partial<Record<Door, Fx>> = {};

beforeAll(async () => {
  [adminAccess, adminId, readonlyId] = await Promise.all([login(ep, 'admin'), idToken(ep, 'admin'), idToken(ep, 'readonly')]);
  const [http, invoke] = await Promise.all(DOORS.map(fixture));
  Object.assign(fixtures, { http, invoke });
});

afterAll(async () => {
  // Best effort: what the rows created and left, plans before the groups they use.
  const del = (field: string, id: string | undefined) => (id ? gql(ep, adminAccess, `mutation D($id: ID!) { ${field}(id: $id) { id } }`, { id }).catch(() => undefined) : undefined);
  for (const f of Object.values(fixtures)) {
    await Promise.all([...f.imported.plans.map((id) => del('deleteRecoveryPlan', id)), del('deleteRecoveryPlan', f.p1?.id)]);
    await Promise.all([...f.imported.groups.map((id) => del('deleteProtectionGroup', id)), del('deleteProtectionGroup', f.g1?.id), del('deleteProtectionGroup', f.g2?.id)]);
  }
});

for (const door of DOORS) {
  describe(`every documented path through the ${door === 'http' ? 'HTTP door (Bearer ID token)' : 'Lambda Invoke door (IAM, no token)'}`, () => {
    for (const row of ROWS.filter((r) => !r.doors || r.doors.includes(door))) {
      it(label(row), { timeout: 60_000 }, async () => {
        const f = fixtures[door]!;
        await row.setup?.(f);
        const r = await send(door, row, f);
        expectRow(row, r);
        await row.check?.(r.body, f, r);
      });
    }
  });
}

// ---------------------------------------------------------------- errors

/** Every documented path and the methods documented for it. */
const PATHS: Array<{ path: string; methods: Method[]; envelope: Envelope }> = [];
for (const r of ROWS) {
  const p = PATHS.find((x) => x.path === r.path);
  if (p) {
    if (!p.methods.includes(r.method)) p.methods.push(r.method);
  } else PATHS.push({ path: r.path, methods: [r.method], envelope: r.envelope ?? 'guide' });
}
const pattern = (path: string) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);
const concrete = (path: string) => path.replace(/\{\w+\}/g, NOPE);
/** A method no documented route of this concrete path answers. */
function wrongMethod(path: string): string {
  const url = concrete(path);
  const taken = new Set(PATHS.filter((p) => pattern(p.path).test(url)).flatMap((p) => p.methods));
  return (['DELETE', 'PUT', 'POST', 'GET'] as const).find((m) => !taken.has(m)) ?? 'PATCH';
}

interface ErrorRow {
  what: string;
  method: Method;
  path: (f: Fx) => string;
  query?: Record<string, string>;
  body?: (f: Fx) => unknown;
  status: number;
  error?: string;
  /** MISSING_FIELD's `field`: one of these. */
  field?: string[];
}

const NOT_FOUND: ErrorRow[] = [
  ...(
    [
      ['GET', '/protection-groups/{id}'],
      ['PUT', '/protection-groups/{id}', { version: 1, Description: 'x' }],
      ['DELETE', '/protection-groups/{id}'],
      ['POST', '/protection-groups/{id}/resolve'],
    ] as const
  ).map(([method, path, body]) => ({ method, path, body, error: 'PROTECTION_GROUP_NOT_FOUND' })),
  ...(
    [
      ['GET', '/recovery-plans/{id}'],
      ['PUT', '/recovery-plans/{id}', { version: 1, Description: 'x' }],
      ['DELETE', '/recovery-plans/{id}'],
      ['POST', '/recovery-plans/{id}/execute', { executionType: 'DRILL' }],
      ['GET', '/recovery-plans/{id}/check-existing-instances'],
      ['POST', '/executions', { recoveryPlanId: NOPE, executionType: 'DRILL' }],
    ] as const
  ).map(([method, path, body]) => ({ method, path, body, error: 'RECOVERY_PLAN_NOT_FOUND' })),
  ...(
    [
      ['GET', '/executions/{executionId}'],
      ['POST', '/executions/{executionId}/cancel'],
      ['POST', '/executions/{executionId}/pause'],
      ['POST', '/executions/{executionId}/resume'],
      ['POST', '/executions/{executionId}/terminate-instances'],
      ['GET', '/executions/{executionId}/job-logs'],
      ['GET', '/executions/{executionId}/termination-status'],
    ] as const
  ).map(([method, path]) => ({ method, path, body: undefined, error: 'EXECUTION_NOT_FOUND' })),
  ...(
    [
      ['PUT', '/accounts/targets/{id}', { accountName: 'x' }],
      ['DELETE', '/accounts/targets/{id}'],
      ['POST', '/accounts/targets/{id}/validate'],
    ] as const
  ).map(([method, path, body]) => ({ method, path, body, error: 'TARGET_ACCOUNT_NOT_FOUND' })),
].map((x) => ({ what: `${x.method} ${x.path} of an unknown id`, method: x.method, path: () => concrete(x.path), body: x.body && (() => x.body), status: 404, error: x.error }));

const MALFORMED = '{"GroupName": "Database-Servers", "Region": ';
const BAD_JSON: ErrorRow[] = (
  [
    ['POST', '/protection-groups'],
    ['PUT', '/protection-groups/{id}'],
    ['POST', '/protection-groups/resolve'],
    ['POST', '/recovery-plans'],
    ['PUT', '/recovery-plans/{id}'],
    ['POST', '/recovery-plans/{id}/execute'],
    ['POST', '/executions'],
    ['POST', '/executions/delete'],
    ['POST', '/drs/source-servers/query-by-tags'],
    ['POST', '/drs/tag-sync'],
    ['POST', '/accounts/targets'],
    ['PUT', '/accounts/targets/{id}'],
    ['POST', '/config/import'],
  ] as const
).map(([method, path]) => ({
  what: `${method} ${path} with malformed JSON`,
  method,
  path: () => concrete(path),
  query: path === '/drs/source-servers/query-by-tags' ? { region: REGION } : undefined,
  body: () => MALFORMED,
  status: 400,
  error: 'INVALID_REQUEST',
}));

const WRONG_TYPES: ErrorRow[] = [
  { what: 'GroupName: 5', method: 'POST', path: () => '/protection-groups', body: (f) => ({ GroupName: 5, Region: REGION, SourceServerIds: [f.dupServer] }), status: 400 },
  { what: 'SourceServerIds as a string', method: 'POST', path: () => '/protection-groups', body: (f) => ({ GroupName: `Typed-${f.tag}`, Region: REGION, SourceServerIds: f.dupServer }), status: 400 },
  { what: 'version as a string', method: 'PUT', path: (f) => `/protection-groups/${f.g1.id}`, body: () => ({ version: '2', Description: 'x' }), status: 400 },
  { what: 'waves as a string', method: 'POST', path: () => '/recovery-plans', body: (f) => ({ PlanName: `Typed-${f.tag}`, waves: 'wave-1' }), status: 400 },
  { what: "executionType 'NOPE'", method: 'POST', path: () => '/executions', body: (f) => ({ recoveryPlanId: f.p1.id, executionType: 'NOPE' }), status: 400, error: 'INVALID_EXECUTION_TYPE' },
  { what: 'limit=abc', method: 'GET', path: () => '/protection-groups', query: { limit: 'abc' }, status: 400 },
  { what: 'limit=abc on executions', method: 'GET', path: () => '/executions', query: { limit: 'abc' }, status: 400 },
  { what: 'hasConflict=maybe', method: 'GET', path: () => '/recovery-plans', query: { hasConflict: 'maybe' }, status: 400 },
  { what: 'a JSON array for a body', method: 'POST', path: () => '/executions', body: () => '[1, 2]', status: 400, error: 'INVALID_REQUEST' },
];

const MISSING: ErrorRow[] = [
  { what: 'POST /executions without recoveryPlanId', method: 'POST', path: () => '/executions', body: () => ({ executionType: 'DRILL' }), status: 400, error: 'MISSING_FIELD', field: ['recoveryPlanId'] },
  { what: 'POST /executions without executionType', method: 'POST', path: () => '/executions', body: (f) => ({ recoveryPlanId: f.p1.id }), status: 400, error: 'MISSING_FIELD', field: ['executionType'] },
  { what: 'POST /protection-groups without a name', method: 'POST', path: () => '/protection-groups', body: (f) => ({ Region: REGION, SourceServerIds: [f.dupServer] }), status: 400, error: 'MISSING_FIELD', field: ['GroupName', 'name', 'groupName'] },
  { what: 'POST /protection-groups without a region', method: 'POST', path: () => '/protection-groups', body: (f) => ({ GroupName: `No-Region-${f.tag}`, SourceServerIds: [f.dupServer] }), status: 400, error: 'MISSING_FIELD', field: ['Region', 'region'] },
  { what: 'PUT /protection-groups/{id} without version', method: 'PUT', path: (f) => `/protection-groups/${f.g1.id}`, body: () => ({ Description: 'x' }), status: 400, error: 'MISSING_FIELD', field: ['version'] },
  { what: 'POST /recovery-plans without a name', method: 'POST', path: () => '/recovery-plans', body: (f) => ({ Waves: [{ waveNumber: 1, name: 'W', protectionGroupId: f.g1.id }] }), status: 400, error: 'MISSING_FIELD', field: ['PlanName', 'name', 'planName'] },
  { what: 'PUT /recovery-plans/{id} without version', method: 'PUT', path: (f) => `/recovery-plans/${f.p1.id}`, body: () => ({ Description: 'x' }), status: 400, error: 'MISSING_FIELD', field: ['version'] },
  { what: 'POST /executions/delete without executionIds', method: 'POST', path: () => '/executions/delete', body: () => ({}), status: 400, error: 'MISSING_FIELD', field: ['executionIds'] },
  { what: 'POST /accounts/targets without accountId', method: 'POST', path: () => '/accounts/targets', body: () => ({ accountName: 'x', crossAccountRoleArn: 'arn:aws:iam::123456789012:role/R' }), status: 400, error: 'MISSING_FIELD', field: ['accountId'] },
  { what: 'GET /drs/source-servers without region', method: 'GET', path: () => '/drs/source-servers', status: 400, error: 'MISSING_REGION', field: ['region'] },
  { what: 'GET /ec2/subnets without region', method: 'GET', path: () => '/ec2/subnets', status: 400, error: 'MISSING_REGION', field: ['region'] },
];

function expectErrorRow(row: ErrorRow, r: RestAnswer) {
  expectNoLeak(r);
  expectGuideError(r, row.status, row.error);
  if (row.field) expect(row.field, `field ${r.body.field}`).toContain(r.body.field);
}

describe('errors', () => {
  for (const door of DOORS) {
    describe(`through the ${door} door`, () => {
      it.each(PATHS.map((p) => ({ ...p, wrong: wrongMethod(p.path) })))('$wrong $path → 405 naming the allowed methods', async ({ path, methods, envelope, wrong }) => {
        const r = await rest(ep, door, { method: wrong, path: concrete(path), authorization: `Bearer ${adminId}` });
        expectNoLeak(r);
        if (envelope === 'control-plane') expectControlPlaneError(r, 405);
        else expectGuideError(r, 405);
        const allow = (r.headers.allow ?? '').split(',').map((m) => m.trim());
        expect(allow, `Allow: ${r.headers.allow}`).toEqual(expect.arrayContaining(methods));
        expect(allow).not.toContain(wrong);
      });

      for (const row of [...NOT_FOUND, ...BAD_JSON, ...WRONG_TYPES, ...MISSING]) {
        it(`${row.what} → ${row.status}${row.error ? ` ${row.error}` : ''}`, async () => {
          const f = fixtures[door]!;
          const r = await rest(ep, door, { method: row.method, path: row.path(f), query: row.query, body: row.body?.(f), authorization: `Bearer ${adminId}` });
          expectErrorRow(row, r);
        });
      }

      it('an unknown path → 404', async () => {
        const r = await rest(ep, door, { method: 'GET', path: '/no-such-path', authorization: `Bearer ${adminId}` });
        expectNoLeak(r);
        expectGuideError(r, 404);
      });
    });
  }

  describe('tokens and roles (HTTP door)', () => {
    const list = (authorization?: string) => restHttp(ep, { method: 'GET', path: '/protection-groups', query: { limit: '1' }, authorization });

    it('no token → 401', async () => {
      const r = await list();
      expectNoLeak(r);
      expectGuideError(r, 401);
    });
    it('an expired token → 401', async () => {
      const r = await list(`Bearer ${inject('expiredToken')}`);
      expectNoLeak(r);
      expectGuideError(r, 401);
    });
    it('a token that is not a Cognito token → 401', async () => {
      const r = await list('Bearer not-a-token');
      expectNoLeak(r);
      expectGuideError(r, 401);
    });
    it('the raw ID token, and the access token, work as well as "Bearer <IdToken>"', async () => {
      expect((await list(adminId)).status).toBe(200);
      expect((await list(`Bearer ${adminAccess}`)).status).toBe(200);
    });
    it('a ReadOnly user creating a group → 403', async () => {
      const f = fixtures.http!;
      const r = await restHttp(ep, {
        method: 'POST',
        path: '/protection-groups',
        body: { GroupName: `ReadOnly-${f.tag}`, Region: REGION, SourceServerIds: [f.dupServer] },
        authorization: `Bearer ${readonlyId}`,
      });
      expectNoLeak(r);
      expectGuideError(r, 403);
    });
    it('GET /health without a token → 200', async () => {
      const r = await restHttp(ep, { method: 'GET', path: '/health' });
      expect(r.status, r.text).toBe(200);
      expectKeys(r.body, ['status']);
    });
  });

  it('the invoke door answers a malformed event with 400, not a failure', async () => {
    for (const event of [{ path: '/health' }, { httpMethod: 'GET' }, { httpMethod: 'POST', path: '/executions', body: 5 }, 'GET /health']) {
      const r = await invokeRaw(ep, event);
      expect(r.functionError, r.payload).toBeNull();
      const result = JSON.parse(r.payload);
      expect(result.statusCode, r.payload).toBe(400);
      expect(leaks(result.body)).toEqual([]);
      expect(JSON.parse(result.body).error).toMatch(/^(INVALID_REQUEST|MISSING_FIELD)$/);
    }
  });
});
