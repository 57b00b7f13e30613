// Lambda for clusters: the GraphQL fields WIRING sends here, and the watch workflow's step
// (infra/clusters/watch.asl.json invokes it with {action: 'watch', clusterId, deploySeq}).
import type { ServedBy } from '../../infra/api.ts';
import { instrument } from '../../platform/observability.ts';
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

const watch = instrument('clusters', (e: WatchEvent) => watchStep(e.clusterId, e.deploySeq));

export const handler = async (event: ResolverEvent | WatchEvent) =>
  'action' in event && event.action === 'watch' ? watch(event) : resolve(event as ResolverEvent);
