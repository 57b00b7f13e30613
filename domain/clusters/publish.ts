// Every committed cluster change goes to onClusterChanged through the IAM-only publish mutation,
// selecting every field a subscriber may ask for.
import { Logger } from '@aws-lambda-powertools/logger';
import { callAppSync } from '../../platform/appsync.ts';
import { publicCluster, type StoredCluster } from './model.ts';

const logger = new Logger({ serviceName: 'clusters' });

export const CLUSTER_FIELDS = `id name type environment region cidr status deploymentStatus deploymentId stackName stackOutputs
  failureReason templateUrl targetAccountId initiatedAt createdAt updatedAt deployedAt`;

const PUBLISH = `mutation Publish($input: ClusterChangeInput!) { publishClusterChange(input: $input) { ${CLUSTER_FIELDS} } }`;

/** Runs after the write committed; a failed publish is logged (the next read shows the change). */
export async function publishCluster(c: StoredCluster): Promise<void> {
  const { recentEvents: _e, ...input } = publicCluster(c);
  try {
    await callAppSync(PUBLISH, { input });
  } catch (e) {
    logger.error('publishClusterChange failed', { error: e as Error, clusterId: c.id, status: c.status });
  }
}
