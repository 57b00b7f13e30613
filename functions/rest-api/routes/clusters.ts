// The control plane's cluster paths (seed 001) in its {success, data, timestamp} envelope, each
// calling its GraphQL operation and answering the seed's snake_case shapes.
import type { Cluster, ClusterConnection, ClusterEvent } from '../../../platform/generated/graphql.ts';
import { AppError } from '../../../platform/errors.ts';
import { CLUSTER } from '../operations.ts';
import { flag, text, type Context, type Route } from '../route.ts';

const TAG = 'Control plane: clusters';

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
  failure_reason: c.failureReason ?? null,
  created_at: c.createdAt,
  deployed_at: c.deployedAt ?? null,
});

const eventOut = (e: ClusterEvent) => ({
  timestamp: e.timestamp,
  resource_type: e.resourceType ?? null,
  logical_resource_id: e.logicalResourceId ?? null,
  resource_status: e.resourceStatus ?? null,
  resource_status_reason: e.resourceStatusReason ?? null,
});

const badBody = (field: string, message: string) => new AppError('INVALID_REQUEST', message, { field });

function list(value: unknown, field: string): Record<string, unknown>[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => v && typeof v === 'object')) throw badBody(field, `${field} must be a list of objects`);
  return value as Record<string, unknown>[];
}

/** The seed's deploy body → DeployClusterInput (the rules are the clusters function's). */
function deployInput(c: Context) {
  const body = c.body();
  const x = body.cross_account_config;
  if (x !== undefined && x !== null && (typeof x !== 'object' || Array.isArray(x))) throw badBody('cross_account_config', 'cross_account_config must be an object');
  const cross = (x ?? {}) as Record<string, unknown>;
  const parameters = list(body.parameters, 'parameters');
  const tags = list(body.tags, 'tags')?.map((t) => ({ key: t.Key ?? t.key, value: t.Value ?? t.value }));
  return {
    targetAccountId: cross.target_account_id,
    roleName: cross.role_name,
    externalId: cross.external_id,
    parameters: parameters ? JSON.stringify(parameters) : undefined,
    tags,
  };
}

export const clusterRoutes: Route[] = [
  {
    method: 'GET',
    path: '/clusters',
    tag: TAG,
    summary: 'All clusters (admin)',
    envelope: 'control-plane',
    operations: ['Query.listClusters'],
    run: async (c) => {
      const clusters: ReturnType<typeof clusterOut>[] = [];
      let nextToken: string | null | undefined;
      do {
        const r = await c.api.call<ClusterConnection>('listClusters', `query L($t: String) { listClusters(limit: 100, nextToken: $t) { items { ${CLUSTER} } nextToken } }`, { t: nextToken });
        clusters.push(...r.items.map(clusterOut));
        nextToken = r.nextToken;
      } while (nextToken);
      return { clusters };
    },
  },
  {
    method: 'POST',
    path: '/cluster/register',
    tag: TAG,
    summary: 'Register a cluster record (admin); its CIDR must be private and overlap no other cluster',
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
    tag: TAG,
    summary: "Deploy a cluster's network through CloudFormation (admin); the cluster follows the stack to Active or Failed",
    envelope: 'control-plane',
    operations: ['Mutation.deployCluster'],
    body: {
      description: 'All optional: cross_account_config {target_account_id, role_name, external_id}, parameters [{ParameterKey, ParameterValue}], tags [{Key, Value}]',
      example: { tags: [{ Key: 'Environment', Value: 'Production' }] },
    },
    run: async (c) => {
      const r = await c.api.call<Cluster>('deployCluster', `mutation D($id: ID!, $input: DeployClusterInput) { deployCluster(id: $id, input: $input) { ${CLUSTER} } }`, {
        id: c.params.cluster_id,
        input: deployInput(c),
      });
      return {
        cluster_id: r.id,
        deployment_id: r.deploymentId ?? null,
        stack_name: r.stackName ?? null,
        status: r.deploymentStatus ?? null,
        cluster_status: r.status,
        template_url: r.templateUrl ?? null,
        initiated_at: r.initiatedAt ?? null,
      };
    },
  },
  {
    method: 'GET',
    path: '/clusters/{cluster_id}/status',
    tag: TAG,
    summary: "A cluster's deployment status (admin): the stack's status, outputs and, on request, recent events",
    envelope: 'control-plane',
    operations: ['Query.getClusterStatus'],
    query: [{ name: 'include_events', description: 'true: recent CloudFormation stack events too', type: 'boolean' }],
    run: async (c) => {
      if (text(c, 'cross_account_config') !== undefined) {
        throw badBody('cross_account_config', 'cross_account_config is not taken here: the status is read in the account the cluster was deployed to');
      }
      const r = await c.api.call<Cluster>('getClusterStatus', `query S($id: ID!, $e: Boolean) { getClusterStatus(id: $id, includeEvents: $e) { ${CLUSTER} } }`, {
        id: c.params.cluster_id,
        e: flag(c, 'include_events') ?? false,
      });
      return {
        cluster_id: r.id,
        cluster_status: r.status,
        deployment_status: r.deploymentStatus ?? null,
        deployment_id: r.deploymentId ?? null,
        stack_name: r.stackName ?? null,
        stack_outputs: r.stackOutputs ? JSON.parse(r.stackOutputs) : null,
        failure_reason: r.failureReason ?? null,
        last_updated: r.updatedAt ?? r.createdAt,
        deployed_at: r.deployedAt ?? null,
        ...(r.recentEvents ? { recent_events: r.recentEvents.map(eventOut) } : {}),
      };
    },
  },
];
