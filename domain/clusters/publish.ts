// What a committed change of a cluster item publishes to onClusterChanged, through the IAM-only
// publish mutation (domain/publishing reads the table's stream and sends it), selecting every field a
// subscriber may ask for.
import type { Publication } from '../publishing/publication.ts';
import { sameValue } from '../publishing/publication.ts';
import { publicCluster } from './model.ts';
import { fromItem } from './store.ts';

export const CLUSTER_FIELDS = `id name type environment region cidr status deploymentStatus deploymentId stackName stackOutputs
  failureReason templateUrl targetAccountId initiatedAt createdAt updatedAt deployedAt`;

const PUBLISH = `mutation Publish($input: ClusterChangeInput!) { publishClusterChange(input: $input) { ${CLUSTER_FIELDS} } }`;

/**
 * A cluster item's change (old and new image; undefined: none): published when what subscribers see
 * changed — except a deploy's claim, taken before CreateStack is called: subscribers hear of a deploy
 * when its stack exists (or of its release when CloudFormation refused it).
 */
export function clusterPublications(oldItem: Record<string, unknown> | undefined, newItem: Record<string, unknown> | undefined): Publication[] {
  if (!newItem) return [];
  const now = fromItem(newItem);
  if (now.status === 'Deploying' && !now.deploymentId) return [];
  const { recentEvents: _e, ...input } = publicCluster(now);
  if (oldItem) {
    const { recentEvents: _o, ...was } = publicCluster(fromItem(oldItem));
    if (sameValue(was, input)) return [];
  }
  return [{ mutation: 'publishClusterChange', query: PUBLISH, input, about: { clusterId: input.id, status: input.status } }];
}
