// Lambda for clusters: the GraphQL fields WIRING sends here, and the watch workflow's step
// (infra/clusters/watch.asl.json invokes it with {action: 'watch', clusterId, deploySeq}).
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler, type ResolverEvent } from '../../platform/resolver-event.ts';
import { deployCluster } from './deploy.ts';
import { clusterStatus, watchStep } from './observe.ts';
import { registerCluster } from './register.ts';

const resolve = resolverHandler<ServedBy<'clusters'>>('clusters', {
  'Mutation.registerCluster': (a, e) => registerCluster(a.input, e.identity),
  'Mutation.deployCluster': (a) => deployCluster(a.id, a.input),
  'Query.getClusterStatus': (a) => clusterStatus(a.id, a.includeEvents ?? false),
});

interface WatchEvent {
  action: 'watch';
  clusterId: string;
  deploySeq: number;
}

export const handler = async (event: ResolverEvent | WatchEvent) =>
  'action' in event && event.action === 'watch' ? watchStep(event.clusterId, event.deploySeq) : resolve(event as ResolverEvent);
