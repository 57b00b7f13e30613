// Cluster items of the single table (infra/table.ts) and the CIDR lock items.
import { formatCidr, type Cidr } from './cidr.ts';

export const clusterKey = (id: string) => ({ pk: `CLUSTER#${id}`, sk: 'CLUSTER' });
/** gsi1 listing of every cluster, by creation time. */
export const CLUSTER_LIST = 'CLUSTER';

/**
 * One item per node of the IPv4 prefix tree (a block at prefixes /16 to /22) a registration touches:
 * `claimedBy` on the node a cluster's CIDR is, `descendants` counting the clusters registered inside
 * it. How that rules out every overlap: domain/clusters/store.ts `insertCluster`.
 */
export const cidrNodeKey = (c: Cidr) => ({ pk: `CIDR#${formatCidr(c)}`, sk: 'NODE' });
