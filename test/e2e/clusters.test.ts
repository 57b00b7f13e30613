// Clusters end to end on the started local stack (seed 001): the seed's bodies through REST (both
// doors' envelope) and GraphQL, validation, CIDR overlap (also two concurrent registrations), deploy
// through the emulated CloudFormation with the cluster following the stack on onClusterChanged, a
// deploy that fails and rolls back, a deploy of a deploying cluster, status with events.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorOf, gql, login, ok, subscribe } from '../support/client.ts';
import { idToken, restHttp, type RestAnswer } from '../support/rest.ts';

const ep = inject('endpoints');
const FIELDS = `id name type environment region cidr status deploymentStatus deploymentId stackName stackOutputs failureReason
  templateUrl initiatedAt createdAt updatedAt deployedAt`;
const REGISTER = `mutation R($input: RegisterClusterInput!) { registerCluster(input: $input) { ${FIELDS} } }`;
const DEPLOY = `mutation D($id: ID!, $input: DeployClusterInput) { deployCluster(id: $id, input: $input) { ${FIELDS} } }`;
const STATUS = `query S($id: ID!, $e: Boolean) { getClusterStatus(id: $id, includeEvents: $e) { ${FIELDS}
  recentEvents { timestamp resourceType logicalResourceId resourceStatus resourceStatusReason } } }`;
const WATCH = `subscription W($id: ID) { onClusterChanged(id: $id) { id status deploymentStatus stackOutputs failureReason deployedAt } }`;

type Cluster = Record<string, string | null>;
let admin: string, adminId: string, planManager: string;
const run = Date.now().toString(36).slice(-5);

const post = (path: string, body: unknown, token = adminId) => restHttp(ep, { method: 'POST', path, body, authorization: `Bearer ${token}` });
const get = (path: string, query?: Record<string, string>) => restHttp(ep, { method: 'GET', path, query, authorization: `Bearer ${adminId}` });
const register = async (input: Record<string, unknown>) => ok(await gql<{ registerCluster: Cluster }>(ep, admin, REGISTER, { input })).registerCluster;
/**
 * What a subscription opened after registering saw of the deploy: from its first Deploying message until
 * one for which `done` holds. Publications follow the writes through the table's stream, so the
 * registration's own may still arrive after the subscription opened: it comes before the deploy's.
 */
async function deployMessages(sub: Awaited<ReturnType<typeof subscribe>>, done: (c: Cluster) => boolean): Promise<Cluster[]> {
  let seen: Cluster[] = [];
  const fromDeploy = () => seen.slice(Math.max(0, seen.findIndex((m) => m.status === 'Deploying')));
  while (!seen.some((m) => m.status === 'Deploying') || !fromDeploy().some(done)) {
    seen = (await sub.waitFor(seen.length + 1, 30_000)).map((d) => d.onClusterChanged as Cluster);
  }
  return fromDeploy();
}
const faults = (body: unknown) => fetch(`${ep.awsEndpoint}/__local/cloudformation/faults`, { method: 'POST', body: JSON.stringify(body) });

function expectCpError(r: RestAnswer, status: number, code: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.body).toMatchObject({ error: { code, message: expect.any(String), correlationId: expect.any(String) }, timestamp: expect.any(String) });
  expect(r.text).not.toMatch(/ConditionalCheck|Transaction|arn:aws:dynamodb|stack trace|at \w+ \(/i);
}

beforeAll(async () => {
  [admin, adminId, planManager] = await Promise.all([login(ep, 'admin'), idToken(ep, 'admin'), idToken(ep, 'plan-manager')]);
});
afterAll(async () => {
  await faults({});
});

describe('register', () => {
  it("the seed's example body → 201 in the control-plane envelope, listed by GET /clusters", async () => {
    const r = await post('/cluster/register', { name: 'Production Cluster', type: 'dedicated', environment: 'Production', region: 'us-east-1', cidr: '10.0.0.0/16' });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      success: true,
      data: { name: 'Production Cluster', type: 'dedicated', environment: 'Production', region: 'us-east-1', cidr: '10.0.0.0/16', status: 'Active', deployment_status: null },
      timestamp: expect.any(String),
    });
    expect(r.body.data.cluster_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const list = await get('/clusters');
    expect(list.status).toBe(200);
    expect(list.body.data.clusters.map((c: { cluster_id: string }) => c.cluster_id)).toContain(r.body.data.cluster_id);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ type: 'huge' }, 'type'],
    [{ environment: 'prod' }, 'environment'],
    [{ region: 'us-east-9' }, 'region'],
    [{ cidr: '10.0.0.1/16' }, 'host bits'],
    [{ cidr: '8.8.0.0/16' }, 'public range'],
    [{ cidr: '10.0.0.0/8' }, 'too large'],
    [{ cidr: undefined }, 'missing'],
  ] as Array<[Record<string, unknown>, string]>)('%j → 400 ValidationError (%s), nothing written', async (patch) => {
    const before = (await get('/clusters')).body.data.clusters.length;
    const r = await post('/cluster/register', { name: `Bad ${run}`, type: 'shared', environment: 'Dev', region: 'us-east-1', cidr: '192.168.200.0/22', ...patch });
    expectCpError(r, 400, 'ValidationError');
    expect((await get('/clusters')).body.data.clusters.length).toBe(before);
  });

  it('an overlapping CIDR → 409 Conflict, either way round, in any region', async () => {
    await register({ name: `Outer ${run}`, type: 'shared', environment: 'Dev', region: 'us-east-1', cidr: '10.50.0.0/16' });
    expectCpError(await post('/cluster/register', { name: 'Inside', type: 'shared', environment: 'Dev', region: 'eu-west-1', cidr: '10.50.4.0/22' }), 409, 'Conflict');
    await register({ name: `Small ${run}`, type: 'shared', environment: 'Dev', region: 'us-east-1', cidr: '10.60.8.0/22' });
    const r = await gql(ep, admin, REGISTER, { input: { name: 'Around', type: 'shared', environment: 'Dev', region: 'us-west-2', cidr: '10.60.0.0/16' } });
    expect(errorOf(r).errorType).toBe('CIDR_OVERLAP');
    // Siblings do not overlap.
    await register({ name: `Sibling ${run}`, type: 'shared', environment: 'Dev', region: 'us-east-1', cidr: '10.60.12.0/22' });
  });

  it('two concurrent overlapping registrations leave exactly one (repeated, in both nestings)', async () => {
    const pairs = [
      ['172.16.0.0/16', '172.16.0.0/16'],
      ['172.17.0.0/16', '172.17.4.0/22'],
      ['172.18.8.0/22', '172.18.0.0/16'],
      ['172.19.0.0/17', '172.19.64.0/18'],
      ['192.168.0.0/16', '192.168.252.0/22'],
    ];
    for (const [a, b] of pairs) {
      const rs = await Promise.all([a, b].map((cidr, i) => gql(ep, admin, REGISTER, { input: { name: `Race ${i} ${run}`, type: 'dedicated', environment: 'Staging', region: 'us-east-1', cidr } })));
      const won = rs.filter((r) => !r.errors?.length);
      expect(won, `${a} vs ${b}`).toHaveLength(1);
      expect(rs.find((r) => r.errors?.length)!.errors![0].errorType).toBe('CIDR_OVERLAP');
    }
  });

  it('is admin-only (403 Forbidden for another role)', async () => {
    expectCpError(await post('/cluster/register', { name: 'x', type: 'shared', environment: 'Dev', region: 'us-east-1', cidr: '10.70.0.0/16' }, planManager), 403, 'Forbidden');
  });
});

describe('deploy', () => {
  it('deploy → the cluster follows the stack on onClusterChanged to Active, with outputs', async () => {
    const c = await register({ name: `Deployed ${run}`, type: 'dedicated', environment: 'Production', region: 'us-east-1', cidr: '10.80.0.0/16' });
    const sub = await subscribe(ep, admin, WATCH, { id: c.id });
    const t0 = Date.now();
    const r = await post(`/clusters/${c.id}/deploy`, { tags: [{ Key: 'Environment', Value: 'Production' }], parameters: [{ ParameterKey: 'VpcTenancy', ParameterValue: 'default' }] });
    expect(r.status, r.text).toBe(200);
    expect(r.body.data).toMatchObject({ cluster_id: c.id, status: 'CREATE_IN_PROGRESS', cluster_status: 'Deploying', initiated_at: expect.any(String) });
    expect(r.body.data.stack_name).toMatch(/^drs-orchestrator-dev-cluster-Deployed-.*-[0-9a-f]{8}$/);
    expect(r.body.data.deployment_id).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:stack\//);
    expect(r.body.data.template_url).toMatch(/dedicated-cluster-template\.yaml$/);
    const seen = await deployMessages(sub, (m) => m.status !== 'Deploying');
    const ms = Date.now() - t0;
    await sub.close();
    console.log(`deploy → Active on onClusterChanged: ${ms} ms at the test stack's SIM_SPEED (1000)`);
    expect(seen.map((m) => m.status)).toEqual(['Deploying', 'Active']);
    const active = seen.at(-1)!;
    expect(active).toMatchObject({ id: c.id, deploymentStatus: 'CREATE_COMPLETE', deployedAt: expect.any(String) });
    expect(JSON.parse(active.stackOutputs!)).toMatchObject({ VpcId: expect.stringMatching(/^vpc-/), VpcCIDR: '10.80.0.0/16' });

    const s = await get(`/clusters/${c.id}/status`, { include_events: 'true' });
    expect(s.status).toBe(200);
    expect(s.body.data).toMatchObject({ cluster_id: c.id, cluster_status: 'Active', deployment_status: 'CREATE_COMPLETE', deployed_at: expect.any(String) });
    expect(s.body.data.stack_outputs.PrivateSubnets.split(',')).toHaveLength(2);
    expect(s.body.data.recent_events.length).toBeGreaterThan(0);
    expect(s.body.data.recent_events[0]).toMatchObject({ resource_type: 'AWS::CloudFormation::Stack', resource_status: 'CREATE_COMPLETE' });
    expect(Object.keys(s.body.data.recent_events[0]).sort()).toEqual(['logical_resource_id', 'resource_status', 'resource_status_reason', 'resource_type', 'timestamp']);
    // Deployed: not again.
    expectCpError(await post(`/clusters/${c.id}/deploy`, {}), 409, 'Conflict');
  });

  it('a deploy that fails and rolls back ends Failed with the failed resource’s reason', async () => {
    const reason = 'Resource handler returned message: "The maximum number of VPCs has been reached." (HandlerErrorCode: ServiceLimitExceeded)';
    expect((await faults({ failStacks: [`*-cluster-Doomed-${run}-*`], reason, failResource: 'VPC' })).status).toBe(200);
    const c = await register({ name: `Doomed ${run}`, type: 'shared', environment: 'Dev', region: 'us-east-1', cidr: '10.90.0.0/16' });
    const sub = await subscribe(ep, admin, WATCH, { id: c.id });
    ok(await gql(ep, admin, DEPLOY, { id: c.id }));
    const msgs = await deployMessages(sub, (m) => m.status !== 'Deploying');
    await sub.close();
    const last = msgs.at(-1)!;
    expect(last).toMatchObject({ id: c.id, status: 'Failed', deploymentStatus: 'ROLLBACK_COMPLETE' });
    expect(last.failureReason).toContain(reason);
    expect(last.failureReason).toContain('VPC');
    const s = ok(await gql<{ getClusterStatus: Cluster & { recentEvents: Cluster[] } }>(ep, admin, STATUS, { id: c.id, e: true })).getClusterStatus;
    expect(s.status).toBe('Failed');
    expect(s.recentEvents.some((e) => e.resourceStatus === 'CREATE_FAILED' && e.resourceStatusReason === reason)).toBe(true);
    expectCpError(await post(`/clusters/${c.id}/deploy`, {}), 409, 'Conflict');
  });

  it('a cross-account deploy assumes role_name in target_account_id (with its external id) and lands the stack there', async () => {
    const c = await register({ name: `Remote ${run}`, type: 'shared', environment: 'Dev', region: 'us-east-1', cidr: '10.94.0.0/16' });
    const wrong = await post(`/clusters/${c.id}/deploy`, { cross_account_config: { target_account_id: '222222222222', role_name: 'DRSOrchestrationRole', external_id: 'not-the-id' } });
    // Refused before anything is written: the cluster stays Active and deployable.
    expectCpError(wrong, 400, 'ValidationError');
    const sub = await subscribe(ep, admin, WATCH, { id: c.id });
    const r = await post(`/clusters/${c.id}/deploy`, { cross_account_config: { target_account_id: '222222222222', role_name: 'DRSOrchestrationRole', external_id: 'drs-local-external-id' } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.data.deployment_id).toMatch(/^arn:aws:cloudformation:us-east-1:222222222222:stack\//);
    const msgs = await deployMessages(sub, (m) => m.status !== 'Deploying');
    await sub.close();
    expect(msgs.at(-1)).toMatchObject({ id: c.id, status: 'Active', deploymentStatus: 'CREATE_COMPLETE' });
    // Read back in the account it was deployed to.
    const s = await get(`/clusters/${c.id}/status`);
    expect(s.body.data).toMatchObject({ cluster_status: 'Active', deployment_status: 'CREATE_COMPLETE' });
  });

  it('two deploys of one cluster at once: one deploys, the other is 409 Conflict', async () => {
    const c = await register({ name: `Twice ${run}`, type: 'shared', environment: 'Staging', region: 'us-east-1', cidr: '10.91.0.0/16' });
    const rs = await Promise.all([post(`/clusters/${c.id}/deploy`, {}), post(`/clusters/${c.id}/deploy`, {})]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(rs.find((r) => r.status === 409)!.body.error.code).toBe('Conflict');
  });

  it('status before any deploy: NOT_DEPLOYED; unknown cluster 404; bad deploy bodies 400', async () => {
    const c = await register({ name: `Idle ${run}`, type: 'shared', environment: 'Dev', region: 'us-east-1', cidr: '10.92.0.0/16' });
    const s = await get(`/clusters/${c.id}/status`, { include_events: 'true' });
    expect(s.body.data).toMatchObject({ cluster_status: 'Active', deployment_status: 'NOT_DEPLOYED', recent_events: [] });
    expectCpError(await get('/clusters/550e8400-e29b-41d4-a716-446655440004/status'), 404, 'NotFound');
    expectCpError(await post(`/clusters/${c.id}/deploy`, { cross_account_config: { target_account_id: '12', role_name: 'R' } }), 400, 'ValidationError');
    expectCpError(await post(`/clusters/${c.id}/deploy`, { parameters: [{ ParameterKey: 'VpcCIDR', ParameterValue: '10.0.0.0/8' }] }), 400, 'ValidationError');
    // A parameter the template does not declare: CloudFormation refuses it, and the cluster stays deployable.
    expectCpError(await post(`/clusters/${c.id}/deploy`, { parameters: [{ ParameterKey: 'CustomParam', ParameterValue: 'CustomValue' }] }), 400, 'ValidationError');
    expect((await get(`/clusters/${c.id}/status`)).body.data).toMatchObject({ cluster_status: 'Active', deployment_status: 'DEPLOYMENT_FAILED' });
  });
});
