// Readiness end to end: each finding provoked through the emulator's switches (or real IAM/EC2 calls),
// seen in checkPlanReadiness over GraphQL (some over REST), cleared by its fix; startExecution's refusal
// (nothing written, nothing locked) and `force` (recorded, published). Servers live in eu-west-3, a
// region no other test file uses, so removing its subnets or security groups touches only this file;
// DRS is uninitialized in ap-northeast-2, which no other file uses either. Findings in a target account
// (its role, its denied reads) break that account for everyone: readiness-accounts.test.ts.
import { DescribeRecoverySnapshotsCommand, DrsClient, GetLaunchConfigurationCommand } from '@aws-sdk/client-drs';
import { DeleteLaunchTemplateCommand, DescribeInstanceTypeOfferingsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateInstanceProfileCommand, DeleteInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorOf, gql, login, ok, subscribe } from '../support/client.ts';
import { createGroup, createPlan } from '../support/fixtures.ts';
import { restHttp } from '../support/rest.ts';
import type { PlanReadiness, ReadinessFinding } from '../../platform/generated/graphql.ts';

const ep = inject('endpoints');
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;
const REGION = 'eu-west-3';

let admin: string, operator: string, readonly: string;
const iam = new IAMClient({ region: 'us-east-1', endpoint: ep.awsEndpoint, credentials: ep.credentials });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the emulator's control answers are plain JSON
const local = async (path: string, body?: unknown): Promise<any> => {
  const r = await fetch(`${ep.awsEndpoint}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};
const switches = (patch: unknown) => local('/__local/readiness', patch);

async function fleet(name: string, count: number, launchConfig?: Record<string, unknown>) {
  const ids: string[] = (await local('/__local/drs/source-servers', { region: REGION, count, tags: { Fleet: uniq(name) }, hostnamePrefix: name })).ids;
  const g = await createGroup(ep, admin, { name: uniq(`G-${name}`), region: REGION, serverSelectionTags: [{ key: 'Fleet', value: uniq(name) }], ...(launchConfig ? { launchConfig } : {}) });
  return { ...g, ids };
}
const wave = (waveNumber: number, protectionGroupId: string, extra: Record<string, unknown> = {}) => ({ waveNumber, name: `Wave ${waveNumber}`, protectionGroupId, ...extra });
async function onePlan(name: string, count = 2, launchConfig?: Record<string, unknown>) {
  const g = await fleet(name, count, launchConfig);
  const plan = await createPlan(ep, admin, { name: uniq(`P-${name}`), waves: [wave(1, g.id)] });
  return { g, plan };
}

type Finding = Omit<ReadinessFinding, '__typename'>;
type Readiness = Pick<PlanReadiness, 'recoveryPlanId' | 'ready' | 'blocking' | 'warnings'> & { findings: Finding[] };
const FINDING = 'severity code message fix waveNumber protectionGroupId sourceServerId hostname details';
const CHECK = `query R($id: ID!) { checkPlanReadiness(planId: $id) { recoveryPlanId checkedAt ready blocking warnings findings { ${FINDING} }
  neverDrilled changedSinceLastPassingDrill timeline { expectedRtoSeconds basis } } }`;
const readiness = async (planId: string, token = readonly) => ok(await gql<{ checkPlanReadiness: Readiness }>(ep, token, CHECK, { id: planId })).checkPlanReadiness;
const only = (r: Readiness, code: string) => r.findings.filter((f) => f.code === code);
const details = (f: Finding) => JSON.parse(f.details ?? 'null');

const EXEC = `id status forced readinessOverride { ${FINDING} } waves { waveNumber status }`;
const START = `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { ${EXEC} } }`;
const executionsOf = async (planId: string) =>
  ok(await gql<{ listExecutions: { items: Array<{ id: string; status: string }> } }>(ep, admin, `query L($f: ExecutionFilter) { listExecutions(filter: $f) { items { id status } } }`, { f: { recoveryPlanId: planId } }))
    .listExecutions.items;
async function until(id: string, done: (s: string) => boolean) {
  for (const deadline = Date.now() + 60_000; ; ) {
    const e = ok(await gql<{ getExecution: { status: string } }>(ep, readonly, `query G($id: ID!) { getExecution(id: $id) { status } }`, { id })).getExecution;
    if (done(e.status)) return e.status;
    if (Date.now() > deadline) throw new Error(`execution ${id} stuck at ${e.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const ended = (s: string) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(s);
/** startExecution refused with the finding's code, the finding listed, and no execution written. */
async function refused(planId: string, code: string) {
  const err = errorOf(await gql(ep, operator, START, { input: { recoveryPlanId: planId, executionType: 'DRILL' } }));
  expect(err.errorType).toBe(code);
  expect((err.errorInfo as { findings: Array<{ code: string }> }).findings.map((f) => f.code)).toContain(code);
  expect(await executionsOf(planId)).toEqual([]);
}

beforeAll(async () => {
  [admin, operator, readonly] = await Promise.all([login(ep, 'admin'), login(ep, 'operator'), login(ep, 'readonly')]);
});
afterEach(async () => {
  await switches({});
});
afterAll(() => iam.destroy());

describe('the emulator’s readiness reads, as the SDK sees them', () => {
  it('answers DescribeRecoverySnapshots newest first or oldest first, following the lag, and DescribeInstanceTypeOfferings per zone', async () => {
    const [id] = (await local('/__local/drs/source-servers', { region: REGION, count: 1, tags: { Fleet: uniq('shape') }, hostnamePrefix: 'shape' })).ids as string[];
    const drs = new DrsClient({ region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials });
    const ec2 = new EC2Client({ region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials });
    try {
      const desc = (await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: id, order: 'DESC', maxResults: 2 }))).items!;
      expect(desc).toHaveLength(2);
      expect(desc[0]).toMatchObject({ sourceServerID: id, snapshotID: expect.stringMatching(/^pit-[0-9a-z]{17}$/) });
      expect(Date.parse(desc[0].timestamp!)).toBeGreaterThan(Date.parse(desc[1].timestamp!));
      expect(Date.now() - Date.parse(desc[0].timestamp!)).toBeLessThanOrEqual(10 * 60_000 + 5_000);
      const asc = (await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: id, order: 'ASC', maxResults: 1 }))).items!;
      expect(Date.parse(asc[0].timestamp!)).toBeLessThan(Date.parse(desc[1].timestamp!));
      await switches({ replication: [{ sourceServerId: id, state: 'INITIAL_SYNC' }] });
      expect((await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: id }))).items).toEqual([]);

      const offers = async () =>
        (await ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: ['m5.large'] }] }))).InstanceTypeOfferings!;
      const zones = (await offers()).map((o) => o.Location).sort();
      // The zones of the region's subnets (the seeded network's and the default VPC's).
      expect(zones).toEqual(expect.arrayContaining(['eu-west-3a', 'eu-west-3b']));
      expect(new Set(zones).size).toBe(zones.length);
      expect((await offers())[0]).toMatchObject({ InstanceType: 'm5.large', LocationType: 'availability-zone' });
      await switches({ notOffered: [{ region: REGION, instanceType: 'm5.large', availabilityZone: 'eu-west-3b' }] });
      expect((await offers()).map((o) => o.Location).sort()).toEqual(zones.filter((z) => z !== 'eu-west-3b'));
    } finally {
      drs.destroy();
      ec2.destroy();
    }
  });
});

describe('checkPlanReadiness', () => {
  it('answers a healthy plan ready, with no finding', async () => {
    const { plan } = await onePlan('healthy');
    const r = await readiness(plan.id);
    expect(r).toMatchObject({ recoveryPlanId: plan.id, ready: true, blocking: 0, warnings: 0, findings: [] });
    expect(errorOf(await gql(ep, readonly, CHECK, { id: 'missing' })).errorType).toBe('RECOVERY_PLAN_NOT_FOUND');
  });

  it('blocks on stalled replication, and clears when the server recovers (by switch, then over simulated time)', async () => {
    const { g, plan } = await onePlan('stall');
    const [a, b] = g.ids;
    await switches({ replication: [{ sourceServerId: a, state: 'STALLED', lagSeconds: 5400 }, { sourceServerId: b, state: 'DISCONNECTED' }] });
    const r = await readiness(plan.id);
    expect(r).toMatchObject({ ready: false, blocking: 2 });
    const [fa] = only(r, 'UNHEALTHY_SERVER_REPLICATION').filter((f) => f.sourceServerId === a);
    expect(fa).toMatchObject({ severity: 'BLOCKING', waveNumber: 1, protectionGroupId: g.id, hostname: 'stall-001' });
    expect(fa.fix).toBeTruthy();
    expect(details(fa)).toMatchObject({ dataReplicationState: 'STALLED', lagSeconds: 5400, error: 'UNSTABLE_NETWORK' });
    expect(only(r, 'UNHEALTHY_SERVER_REPLICATION').find((f) => f.sourceServerId === b)).toBeDefined();

    await switches({ replication: [{ sourceServerId: a, state: 'CONTINUOUS' }, { sourceServerId: b, state: 'CONTINUOUS' }] });
    expect(await readiness(plan.id)).toMatchObject({ ready: true, blocking: 0 });

    // A stall that heals itself after 10 simulated minutes (SIM_SPEED divides it).
    await switches({ replication: [{ sourceServerId: a, state: 'STALLED', recoverAfterSeconds: 600 }] });
    let now = await readiness(plan.id);
    for (const deadline = Date.now() + 30_000; !now.ready && Date.now() < deadline; now = await readiness(plan.id)) await new Promise((res) => setTimeout(res, 100));
    expect(now.ready).toBe(true);
  });

  it('warns of lag over READINESS_MAX_LAG_SECONDS and of a stale recovery snapshot, and clears them', async () => {
    const { g, plan } = await onePlan('lag');
    const [a, b] = g.ids;
    await switches({ replication: [{ sourceServerId: a, state: 'CONTINUOUS', lagSeconds: 1800 }], snapshots: [{ sourceServerId: b, ageSeconds: 7200 }] });
    const r = await readiness(plan.id);
    expect(r).toMatchObject({ ready: true, blocking: 0 });
    const [lag] = only(r, 'REPLICATION_LAG_HIGH');
    expect(lag).toMatchObject({ severity: 'WARNING', sourceServerId: a });
    expect(details(lag)).toMatchObject({ lagSeconds: 1800, thresholdSeconds: 900 });
    const stale = only(r, 'RECOVERY_SNAPSHOT_STALE');
    // a's lag also puts its newest snapshot half an hour back: under the hour; b's is two hours old.
    expect(stale.map((f) => f.sourceServerId)).toEqual([b]);
    expect(details(stale[0]).ageSeconds).toBeGreaterThanOrEqual(7200);
    expect(details(stale[0]).thresholdSeconds).toBe(3600);

    await switches({ replication: [{ sourceServerId: a, state: 'CONTINUOUS', lagSeconds: 2 }], snapshots: [{ sourceServerId: b, ageSeconds: 60 }] });
    expect(await readiness(plan.id)).toMatchObject({ ready: true, warnings: 0, findings: [] });
  });

  it('blocks on a dangling subnet and security group (REST), and clears when they exist again', async () => {
    const subnets = ok(await gql<{ listSubnets: Array<{ subnetId: string; name: string }> }>(ep, admin, `query S($r: String!) { listSubnets(region: $r) { subnetId name } }`, { r: REGION })).listSubnets;
    const groups = ok(await gql<{ listSecurityGroups: Array<{ groupId: string; groupName: string }> }>(ep, admin, `query S($r: String!) { listSecurityGroups(region: $r) { groupId groupName } }`, { r: REGION })).listSecurityGroups;
    const subnet = subnets.find((s) => s.name === 'Production-DB-1a')!.subnetId;
    const sg = groups.find((x) => x.groupName !== 'default')!.groupId;
    const { g, plan } = await onePlan('dangle', 2, { subnetId: subnet, securityGroupIds: [sg] });
    expect(await readiness(plan.id)).toMatchObject({ ready: true });

    await switches({ remove: { subnetIds: [subnet], securityGroupIds: [sg] } });
    const r = await restHttp(ep, { method: 'GET', path: `/recovery-plans/${plan.id}/readiness`, authorization: `Bearer ${readonly}` });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ recoveryPlanId: plan.id, ready: false, blocking: 2 });
    expect(typeof r.body.checkedAt).toBe('number');
    const byCode = (code: string) => r.body.findings.find((f: Finding) => f.code === code);
    expect(byCode('LAUNCH_SUBNET_NOT_FOUND')).toMatchObject({ severity: 'BLOCKING', waveNumber: 1, protectionGroupId: g.id });
    // One finding per missing resource, naming every server whose launch settings use it (details is JSON over REST).
    expect(byCode('LAUNCH_SUBNET_NOT_FOUND').details).toMatchObject({ subnetId: subnet, referencedBy: ['launchTemplate', 'protectionGroup.launchConfig'] });
    expect([...byCode('LAUNCH_SUBNET_NOT_FOUND').details.sourceServerIds].sort()).toEqual([...g.ids].sort());
    expect(byCode('LAUNCH_SECURITY_GROUP_NOT_FOUND').details).toMatchObject({ securityGroupId: sg });

    // The refusal over REST: the first blocking finding's code and its status, every blocking finding listed.
    const refused = await restHttp(ep, { method: 'POST', path: `/recovery-plans/${plan.id}/execute`, body: { ExecutionType: 'DRILL' }, authorization: `Bearer ${admin}` });
    expect(refused.status).toBe(400);
    expect(['LAUNCH_SUBNET_NOT_FOUND', 'LAUNCH_SECURITY_GROUP_NOT_FOUND']).toContain(refused.body.error);
    expect(refused.body.details.findings.map((f: Finding) => f.code).sort()).toEqual(['LAUNCH_SECURITY_GROUP_NOT_FOUND', 'LAUNCH_SUBNET_NOT_FOUND']);
    expect(await executionsOf(plan.id)).toEqual([]);

    const missing = await restHttp(ep, { method: 'GET', path: '/recovery-plans/no-such-plan/readiness', authorization: `Bearer ${readonly}` });
    expect(missing).toMatchObject({ status: 404, body: { error: 'RECOVERY_PLAN_NOT_FOUND' } });

    await switches({});
    const fixed = await restHttp(ep, { method: 'GET', path: `/recovery-plans/${plan.id}/readiness`, authorization: `Bearer ${readonly}` });
    expect(fixed.body).toMatchObject({ ready: true, blocking: 0 });
  });

  it('blocks on an instance profile deleted through IAM, and clears when it is created again', async () => {
    const profile = uniq('Readiness-Profile');
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: profile }));
    const { plan } = await onePlan('profile', 1, { instanceProfileName: profile });
    expect(await readiness(plan.id)).toMatchObject({ ready: true });
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: profile }));
    const [f] = only(await readiness(plan.id), 'LAUNCH_INSTANCE_PROFILE_NOT_FOUND');
    expect(f).toMatchObject({ severity: 'BLOCKING' });
    expect(details(f)).toMatchObject({ instanceProfileName: profile });
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: profile }));
    expect(await readiness(plan.id)).toMatchObject({ ready: true });
    // Leave the account's profiles as the estate has them (lookups.test.ts compares listings).
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: profile }));
  });

  it('blocks on an instance type EC2 does not offer in the subnet’s zone', async () => {
    const { plan } = await onePlan('offer', 1, { instanceType: 'm5.xlarge' });
    await switches({ notOffered: [{ region: REGION, instanceType: 'm5.xlarge' }] });
    const [f] = only(await readiness(plan.id), 'INSTANCE_TYPE_NOT_OFFERED');
    expect(f).toMatchObject({ severity: 'BLOCKING' });
    expect(details(f)).toMatchObject({ instanceType: 'm5.xlarge' });
    expect(details(f).availabilityZone).toMatch(/^eu-west-3[a-z]$/);
    await switches({});
    expect(await readiness(plan.id)).toMatchObject({ ready: true });
  });

  it('blocks on a group whose tags now select no server', async () => {
    const g = await createGroup(ep, admin, { name: uniq('G-empty'), region: REGION, serverSelectionTags: [{ key: 'Fleet', value: uniq('nobody') }] });
    const plan = await createPlan(ep, admin, { name: uniq('P-empty'), waves: [wave(1, g.id)] });
    const r = await readiness(plan.id);
    expect(only(r, 'EMPTY_PROTECTION_GROUP')[0]).toMatchObject({ severity: 'BLOCKING', waveNumber: 1, protectionGroupId: g.id });
    const refused = errorOf(await gql(ep, admin, START, { input: { recoveryPlanId: plan.id, executionType: 'DRILL' } }));
    expect(refused.errorType).toBe('EMPTY_PROTECTION_GROUP');
    // The fix: a server with the group's tags.
    await local('/__local/drs/source-servers', { region: REGION, count: 1, tags: { Fleet: uniq('nobody') }, hostnamePrefix: 'nobody' });
    expect(await readiness(plan.id)).toMatchObject({ ready: true, findings: [] });
  });

  it('warns of replication catching up (BACKLOG, RESCAN), and clears when it is CONTINUOUS again', async () => {
    const { g, plan } = await onePlan('catchup');
    const [a, b] = g.ids;
    await switches({ replication: [{ sourceServerId: a, state: 'BACKLOG', lagSeconds: 120 }, { sourceServerId: b, state: 'RESCAN' }] });
    const r = await readiness(plan.id);
    expect(r).toMatchObject({ ready: true, blocking: 0 });
    const found = only(r, 'REPLICATION_NOT_CONTINUOUS');
    expect(found.map((f) => f.sourceServerId).sort()).toEqual([a, b].sort());
    const fa = found.find((f) => f.sourceServerId === a)!;
    expect(fa).toMatchObject({ severity: 'WARNING', waveNumber: 1, protectionGroupId: g.id, hostname: 'catchup-001' });
    expect(details(fa)).toMatchObject({ dataReplicationState: 'BACKLOG', lagSeconds: 120, error: null });
    expect(details(found.find((f) => f.sourceServerId === b)!)).toMatchObject({ dataReplicationState: 'RESCAN' });
    await switches({ replication: [{ sourceServerId: a, state: 'CONTINUOUS' }, { sourceServerId: b, state: 'CONTINUOUS' }] });
    expect(await readiness(plan.id)).toMatchObject({ ready: true, warnings: 0, findings: [] });
  });

  it('blocks on a server a group names explicitly that is gone from DRS, and clears when it is back', async () => {
    const ids: string[] = (await local('/__local/drs/source-servers', { region: REGION, count: 2, tags: { Fleet: uniq('gone') }, hostnamePrefix: 'gone' })).ids;
    const g = await createGroup(ep, admin, { name: uniq('G-gone'), region: REGION, sourceServerIds: ids });
    const plan = await createPlan(ep, admin, { name: uniq('P-gone'), waves: [wave(1, g.id)] });
    expect(await readiness(plan.id)).toMatchObject({ ready: true });
    await switches({ remove: { sourceServerIds: [ids[0]] } });
    const r = await readiness(plan.id);
    expect(r).toMatchObject({ ready: false, blocking: 1 });
    const [f] = only(r, 'SOURCE_SERVER_NOT_FOUND');
    // DRS no longer knows the server: no hostname to name.
    expect(f).toMatchObject({ severity: 'BLOCKING', waveNumber: 1, protectionGroupId: g.id, sourceServerId: ids[0], hostname: null });
    expect(details(f)).toEqual({ region: REGION, accountId: null });
    await refused(plan.id, 'SOURCE_SERVER_NOT_FOUND');
    await switches({});
    expect(await readiness(plan.id)).toMatchObject({ ready: true, findings: [] });
  });

  it('blocks on a server whose DRS launch template is gone (switch, then EC2 DeleteLaunchTemplate), and clears when it is back', async () => {
    const { g, plan } = await onePlan('template');
    const [a, b] = g.ids;
    const drs = new DrsClient({ region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials });
    const ec2 = new EC2Client({ region: REGION, endpoint: ep.awsEndpoint, credentials: ep.credentials });
    try {
      const templateOf = async (id: string) => (await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }))).ec2LaunchTemplateID!;
      await switches({ remove: { launchTemplateIds: [await templateOf(a)] } });
      const r = await readiness(plan.id);
      expect(r).toMatchObject({ ready: false, blocking: 1 });
      const [f] = only(r, 'LAUNCH_TEMPLATE_NOT_FOUND');
      expect(f).toMatchObject({ severity: 'BLOCKING', waveNumber: 1, protectionGroupId: g.id, sourceServerId: a, hostname: 'template-001' });
      expect(details(f)).toEqual({});
      await refused(plan.id, 'LAUNCH_TEMPLATE_NOT_FOUND');
      await switches({});
      expect(await readiness(plan.id)).toMatchObject({ ready: true, findings: [] });

      // The real call (AWS has no single call to undo it): the same finding, for that server only.
      await ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: await templateOf(b) }));
      expect(only(await readiness(plan.id), 'LAUNCH_TEMPLATE_NOT_FOUND').map((x) => x.sourceServerId)).toEqual([b]);
    } finally {
      drs.destroy();
      ec2.destroy();
    }
  });

  it('blocks when DRS is not initialized in a group’s region any more, and clears when it is again', async () => {
    const region = 'ap-northeast-2';
    await local('/__local/drs/source-servers', { region, count: 1, tags: { Fleet: uniq('uninit') }, hostnamePrefix: 'uninit' });
    const g = await createGroup(ep, admin, { name: uniq('G-uninit'), region, serverSelectionTags: [{ key: 'Fleet', value: uniq('uninit') }] });
    const plan = await createPlan(ep, admin, { name: uniq('P-uninit'), waves: [wave(1, g.id)] });
    expect(await readiness(plan.id)).toMatchObject({ ready: true });
    await switches({ uninitialized: [{ region }] });
    const r = await readiness(plan.id);
    // Nothing else can be read there: the one finding, plan-wide.
    expect(r).toMatchObject({ ready: false, blocking: 1, warnings: 0 });
    expect(r.findings).toHaveLength(1);
    // It points at the plan's one wave in that region.
    expect(r.findings[0]).toMatchObject({ severity: 'BLOCKING', code: 'DRS_NOT_INITIALIZED', waveNumber: 1, protectionGroupId: g.id, sourceServerId: null });
    expect(details(r.findings[0])).toEqual({ region, accountId: null, waves: [{ waveNumber: 1, protectionGroupId: g.id }] });
    await refused(plan.id, 'DRS_NOT_INITIALIZED');
    await switches({});
    expect(await readiness(plan.id)).toMatchObject({ ready: true, findings: [] });
  });

  it('warns that checks were skipped when their reads are denied, naming each, and clears when allowed', async () => {
    const { g, plan } = await onePlan('partial', 1);
    // Denied in this file's region only (other files read snapshots and offerings elsewhere meanwhile).
    await switches({ deny: [{ action: 'drs:DescribeRecoverySnapshots', region: REGION }, { action: 'ec2:DescribeInstanceTypeOfferings', region: REGION }] });
    const r = await readiness(plan.id);
    expect(r).toMatchObject({ ready: true, blocking: 0, warnings: 2 });
    const skipped = only(r, 'READINESS_CHECK_INCOMPLETE').map((f) => ({ severity: f.severity, waveNumber: f.waveNumber, ...details(f) }));
    expect(skipped.sort((x, y) => x.check.localeCompare(y.check))).toEqual([
      { severity: 'WARNING', waveNumber: 1, region: REGION, accountId: null, check: 'instanceTypeOfferings', reason: 'UnauthorizedOperation', waves: [{ waveNumber: 1, protectionGroupId: g.id }] },
      { severity: 'WARNING', waveNumber: 1, region: REGION, accountId: null, check: 'recoverySnapshots', reason: 'AccessDeniedException', waves: [{ waveNumber: 1, protectionGroupId: g.id }] },
    ]);
    await switches({});
    expect(await readiness(plan.id)).toMatchObject({ ready: true, findings: [] });
  });

  it('warns of a wave over the per-job limit (it runs as several jobs)', async () => {
    const { plan } = await onePlan('big', 101);
    const before = (await local('/__local/drs/stats')).calls;
    const r = await readiness(plan.id);
    const after = (await local('/__local/drs/stats')).calls;
    // The DRS calls one check made (other files' calls may add to these when they run beside this one).
    console.log('readiness of 101 servers, DRS calls:', JSON.stringify(Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]).filter(([, n]) => n))));
    expect(r.ready).toBe(true);
    const [f] = only(r, 'WAVE_SIZE_LIMIT_EXCEEDED');
    expect(f).toMatchObject({ severity: 'WARNING', waveNumber: 1 });
    expect(details(f)).toMatchObject({ servers: 101, limit: 100, jobs: 2, region: REGION });
  });
});

describe('startExecution and readiness', () => {
  it('refuses on a blocking finding with its code, writing nothing and locking nothing', async () => {
    const { g, plan } = await onePlan('refuse');
    await switches({ replication: [{ sourceServerId: g.ids[0], state: 'STALLED' }] });
    const err = errorOf(await gql(ep, operator, START, { input: { recoveryPlanId: plan.id, executionType: 'DRILL' } }));
    expect(err.errorType).toBe('UNHEALTHY_SERVER_REPLICATION');
    const info = err.errorInfo as { findings: Array<{ code: string; sourceServerId: string; details: { dataReplicationState: string } }> };
    expect(info.findings).toHaveLength(1);
    expect(info.findings[0]).toMatchObject({ code: 'UNHEALTHY_SERVER_REPLICATION', sourceServerId: g.ids[0], details: { dataReplicationState: 'STALLED' } });
    expect(await executionsOf(plan.id)).toEqual([]);
    // Nothing locked: once fixed, the same plan starts, and its group is free for another plan meanwhile.
    await switches({});
    const started = ok(await gql<{ startExecution: { id: string; forced: boolean | null } }>(ep, operator, START, { input: { recoveryPlanId: plan.id, executionType: 'DRILL' } })).startExecution;
    expect(started.forced).toBeNull();
    await until(started.id, ended);
  });

  it('starts with force, records the overridden findings, and publishes them to subscribers', async () => {
    const g = await fleet('force', 1);
    const after = await fleet('force-after', 1);
    // Wave 2 pauses first: the test subscribes while the execution waits, then resumes it.
    const plan = await createPlan(ep, admin, { name: uniq('P-force'), waves: [wave(1, g.id), wave(2, after.id, { dependsOn: [1], pauseBeforeWave: true })] });
    await switches({ replication: [{ sourceServerId: g.ids[0], state: 'PAUSED' }] });
    const input = { recoveryPlanId: plan.id, executionType: 'DRILL', force: true };
    const e = ok(await gql<{ startExecution: { id: string; forced: boolean; readinessOverride: Finding[] } }>(ep, admin, START, { input })).startExecution;
    expect(e.forced).toBe(true);
    expect(e.readinessOverride.map((f) => f.code)).toEqual(['UNHEALTHY_SERVER_REPLICATION']);
    expect(JSON.parse(e.readinessOverride[0].details!)).toMatchObject({ dataReplicationState: 'PAUSED' });
    await until(e.id, (s) => s === 'PAUSED');
    const sub = await subscribe(ep, readonly, `subscription U($id: ID!) { onExecutionUpdated(executionId: $id) { id status forced readinessOverride { code severity sourceServerId } } }`, { id: e.id });
    try {
      ok(await gql(ep, admin, `mutation R($id: ID!) { resumeExecution(id: $id) { id } }`, { id: e.id }));
      const [last] = await sub.waitFor(1, 60_000, (d) => ended((d.onExecutionUpdated as { status: string }).status));
      expect(last.onExecutionUpdated).toMatchObject({ id: e.id, forced: true, readinessOverride: [{ code: 'UNHEALTHY_SERVER_REPLICATION', severity: 'BLOCKING', sourceServerId: g.ids[0] }] });
    } finally {
      await sub.close();
    }
    const got = ok(await gql<{ getExecution: { forced: boolean; readinessOverride: Finding[] } }>(ep, readonly, `query G($id: ID!) { getExecution(id: $id) { forced readinessOverride { code } } }`, { id: e.id })).getExecution;
    expect(got).toMatchObject({ forced: true, readinessOverride: [{ code: 'UNHEALTHY_SERVER_REPLICATION' }] });

    // After the drill its recovery instances exist: a warning, not a block.
    await switches({});
    const now = await readiness(plan.id);
    expect(now.ready).toBe(true);
    expect(only(now, 'RECOVERY_INSTANCES_EXIST').map((f) => f.sourceServerId).sort()).toEqual([g.ids[0], after.ids[0]].sort());
    expect(only(now, 'RECOVERY_INSTANCES_EXIST')[0].severity).toBe('WARNING');
    // The fix: terminate them; the warning goes once DRS has.
    ok(await gql(ep, admin, `mutation T($id: ID!) { terminateRecoveryInstances(executionId: $id) { executionId } }`, { id: e.id }));
    let cleared = await readiness(plan.id);
    for (const deadline = Date.now() + 30_000; only(cleared, 'RECOVERY_INSTANCES_EXIST').length && Date.now() < deadline; cleared = await readiness(plan.id)) {
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(only(cleared, 'RECOVERY_INSTANCES_EXIST')).toEqual([]);
  });

  it('REST start takes Force in the body and answers forced and readinessOverride', async () => {
    const { g, plan } = await onePlan('rest-force', 1);
    await switches({ replication: [{ sourceServerId: g.ids[0], state: 'INITIAL_SYNC' }] });
    const refused = await restHttp(ep, { method: 'POST', path: '/executions', body: { RecoveryPlanId: plan.id, ExecutionType: 'DRILL' }, authorization: `Bearer ${admin}` });
    expect(refused).toMatchObject({ status: 400, body: { error: 'UNHEALTHY_SERVER_REPLICATION' } });
    const bad = await restHttp(ep, { method: 'POST', path: '/executions', body: { RecoveryPlanId: plan.id, ExecutionType: 'DRILL', Force: 'yes' }, authorization: `Bearer ${admin}` });
    expect(bad).toMatchObject({ status: 400, body: { error: 'INVALID_REQUEST', field: 'force' } });
    const r = await restHttp(ep, { method: 'POST', path: '/executions', body: { RecoveryPlanId: plan.id, ExecutionType: 'DRILL', Force: true }, authorization: `Bearer ${admin}` });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ forced: true, readinessOverride: [{ code: 'UNHEALTHY_SERVER_REPLICATION', details: { dataReplicationState: 'INITIAL_SYNC' } }] });
    await until(r.body.executionId, ended);
  });

  it('flags overlapping active executions: the plan’s own and another plan’s on the same group', async () => {
    const a = await fleet('overlap-a', 1);
    const b = await fleet('overlap-b', 1);
    // Wave 2 pauses before it starts: the execution stays active while the test looks.
    const plan = await createPlan(ep, admin, { name: uniq('P-overlap'), waves: [wave(1, a.id), wave(2, b.id, { dependsOn: [1], pauseBeforeWave: true })] });
    const twin = await createPlan(ep, admin, { name: uniq('P-overlap-twin'), waves: [wave(1, b.id)] });
    const e = ok(await gql<{ startExecution: { id: string } }>(ep, admin, START, { input: { recoveryPlanId: plan.id, executionType: 'DRILL' } })).startExecution;
    await until(e.id, (s) => s === 'PAUSED');
    const mine = only(await readiness(plan.id), 'PLAN_ALREADY_EXECUTING');
    expect(mine).toHaveLength(1);
    expect(details(mine[0])).toMatchObject({ recoveryPlanId: plan.id, activeExecutionId: e.id });
    const theirs = only(await readiness(twin.id), 'SERVER_CONFLICT');
    expect(details(theirs[0]).conflictingGroups).toEqual([{ protectionGroupId: b.id, activeExecutionId: e.id, planId: plan.id }]);
    const refused = await restHttp(ep, { method: 'POST', path: '/executions', body: { recoveryPlanId: twin.id, executionType: 'DRILL' }, authorization: `Bearer ${admin}` });
    expect(refused).toMatchObject({ status: 409, body: { error: 'SERVER_CONFLICT' } });
    // force does not override a lock: the start's own transaction still refuses.
    expect(errorOf(await gql(ep, admin, START, { input: { recoveryPlanId: twin.id, executionType: 'DRILL', force: true } })).errorType).toBe('SERVER_CONFLICT');
    ok(await gql(ep, admin, `mutation C($id: ID!) { cancelExecution(id: $id) { id } }`, { id: e.id }));
    await until(e.id, ended);
    expect(only(await readiness(plan.id), 'PLAN_ALREADY_EXECUTING')).toEqual([]);
  });
});
