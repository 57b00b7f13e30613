// The control plane's cluster paths (seed 001) in its {success, data, timestamp} envelope, each
// calling its GraphQL operation (NOT_IMPLEMENTED until it is built: 501, never invented data).
import type { Cluster, ClusterConnection } from '../../../platform/generated/graphql.ts';
import { CLUSTER } from '../operations.ts';
import { flag, type Route } from '../route.ts';

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

export const clusterRoutes: Route[] = [
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
];
