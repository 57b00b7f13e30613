// The control plane's paths (seed 001: auth, staff, tenants, clusters) in its {success, data, timestamp}
// envelope, and spot capacity's (seed 003) bare JSON. Paths with no GraphQL operation yet have no `run`:
// they answer 501 NOT_IMPLEMENTED in their envelope; the cluster and spot paths call their GraphQL
// operations, which answer NOT_IMPLEMENTED until they are built — never invented data.
import type { Cluster, ClusterConnection, SpotInstanceConnection, SpotProvisioning } from '../../../platform/generated/graphql.ts';
import { AppError } from '../../../platform/errors.ts';
import { CLUSTER } from '../operations.ts';
import { flag, type Route } from '../route.ts';

const planned = (method: Route['method'], path: string, tag: string, summary: string, open = false): Route => ({
  method,
  path,
  tag,
  summary,
  envelope: 'control-plane',
  operations: [],
  open,
});

const clusterOut = (c: Cluster) => ({
  cluster_id: c.id,
  name: c.name,
  type: c.type,
  environment: c.environment,
  region: c.region,
  cidr: c.cidr,
  status: c.status,
  deployment_status: c.deploymentStatus ?? null,
  deployment_id: c.deploymentId ?? null,
  stack_name: c.stackName ?? null,
  created_at: c.createdAt,
  deployed_at: c.deployedAt ?? null,
});

export const controlPlaneRoutes: Route[] = [
  planned('POST', '/auth/login', 'Control plane: auth', 'Sign in with email and password', true),
  planned('POST', '/auth/password-reset/request', 'Control plane: auth', 'Ask for a password reset message', true),
  planned('POST', '/auth/password-reset/confirm', 'Control plane: auth', 'Set a new password with the reset token', true),
  planned('GET', '/staff/me', 'Control plane: staff', 'The signed-in staff member'),
  planned('POST', '/staff/register', 'Control plane: staff', 'Register a staff member'),
  planned('POST', '/staff/enable', 'Control plane: staff', 'Enable a staff account'),
  planned('POST', '/staff/disable', 'Control plane: staff', 'Disable a staff account'),
  planned('POST', '/tenant/register', 'Control plane: tenants', 'Register a tenant'),
  {
    method: 'GET',
    path: '/clusters',
    tag: 'Control plane: clusters',
    summary: 'All clusters (admin)',
    envelope: 'control-plane',
    operations: ['Query.listClusters'],
    run: async (c) => {
      const r = await c.api.call<ClusterConnection>('listClusters', `query L { listClusters { items { ${CLUSTER} } nextToken } }`);
      return { clusters: r.items.map(clusterOut) };
    },
  },
  {
    method: 'POST',
    path: '/cluster/register',
    tag: 'Control plane: clusters',
    summary: 'Register a cluster record (admin)',
    envelope: 'control-plane',
    created: true,
    operations: ['Mutation.registerCluster'],
    body: { description: 'name, type (dedicated|shared), environment (Production|Staging|Dev), region, cidr', example: { name: 'Production Cluster', type: 'dedicated', environment: 'Production', region: 'us-east-1', cidr: '10.0.0.0/16' } },
    run: async (c) => {
      const { name, type, environment, region, cidr } = c.body();
      const r = await c.api.call<Cluster>('registerCluster', `mutation R($input: RegisterClusterInput!) { registerCluster(input: $input) { ${CLUSTER} } }`, {
        input: { name, type, environment, region, cidr },
      });
      return clusterOut(r);
    },
  },
  {
    method: 'POST',
    path: '/clusters/{cluster_id}/deploy',
    tag: 'Control plane: clusters',
    summary: "Deploy a cluster's network through CloudFormation (admin)",
    envelope: 'control-plane',
    operations: ['Mutation.deployCluster'],
    run: async (c) => {
      const body = c.body();
      const x = (body.cross_account_config ?? {}) as Record<string, unknown>;
      const r = await c.api.call<Cluster>('deployCluster', `mutation D($id: ID!, $input: DeployClusterInput) { deployCluster(id: $id, input: $input) { ${CLUSTER} } }`, {
        id: c.params.cluster_id,
        input: { targetAccountId: x.target_account_id, roleName: x.role_name, externalId: x.external_id, parameters: body.parameters ? JSON.stringify(body.parameters) : undefined },
      });
      return { cluster_id: r.id, deployment_id: r.deploymentId ?? null, stack_name: r.stackName ?? null, status: r.deploymentStatus ?? r.status };
    },
  },
  {
    method: 'GET',
    path: '/clusters/{cluster_id}/status',
    tag: 'Control plane: clusters',
    summary: "A cluster's deployment status (admin)",
    envelope: 'control-plane',
    operations: ['Query.getClusterStatus'],
    query: [{ name: 'include_events', description: 'true: recent CloudFormation stack events too', type: 'boolean' }],
    run: async (c) => {
      const r = await c.api.call<Cluster>('getClusterStatus', `query S($id: ID!, $e: Boolean) { getClusterStatus(id: $id, includeEvents: $e) { ${CLUSTER} } }`, {
        id: c.params.cluster_id,
        e: flag(c, 'include_events') ?? false,
      });
      return { ...clusterOut(r), stack_outputs: r.stackOutputs ? JSON.parse(r.stackOutputs) : null, recent_events: r.recentEvents ?? [] };
    },
  },
  {
    method: 'GET',
    path: '/spot-instances',
    tag: 'Spot capacity',
    summary: 'The running spot instances',
    envelope: 'spot',
    operations: ['Query.listSpotInstances'],
    run: async (c) => {
      const r = await c.api.call<SpotInstanceConnection>('listSpotInstances', `query S { listSpotInstances { items { instanceId region publicIp privateIp } } }`);
      if (!r.items.length) throw new AppError('NOT_FOUND', 'No active spot instances found');
      return { region: r.items[0].region, instances: r.items.map((i) => ({ instance_id: i.instanceId, region: i.region, public_ip: i.publicIp, private_ip: i.privateIp })) };
    },
  },
  {
    method: 'POST',
    path: '/spot-provisioning',
    tag: 'Spot capacity',
    summary: 'Enable or disable spot provisioning (disable with teardown removes resources)',
    envelope: 'spot',
    operations: ['Mutation.setSpotProvisioning'],
    body: { description: 'action: enable|disable, teardown: boolean', example: { action: 'disable', teardown: true } },
    run: async (c) => {
      const { action, teardown } = c.body();
      if (action !== 'enable' && action !== 'disable') throw new AppError('INVALID_REQUEST', 'action must be "enable" or "disable"', { field: 'action' });
      if (teardown != null && typeof teardown !== 'boolean') throw new AppError('INVALID_REQUEST', 'teardown must be true or false', { field: 'teardown' });
      const r = await c.api.call<SpotProvisioning>('setSpotProvisioning', `mutation P($a: SpotProvisioningAction!, $t: Boolean) { setSpotProvisioning(action: $a, teardown: $t) { enabled teardownRequested message } }`, {
        a: action,
        t: teardown ?? false,
      });
      return { message: r.message };
    },
  },
];
