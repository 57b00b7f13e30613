// Lambda data source for protection-group writes and DRS lookups.
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { createGroup, deleteGroup, listSourceServers, previewByTags, resolveGroup, updateGroup } from '../../domain/protection-groups/service.ts';

export const handler = resolverHandler<ServedBy<'protection-groups'>>('protection-groups', {
  'Mutation.createProtectionGroup': (a, e) => createGroup(a.input, e.identity),
  'Mutation.updateProtectionGroup': (a, e) => updateGroup(a.id, a.input, e.identity),
  'Mutation.deleteProtectionGroup': (a, e) => deleteGroup(a.id, e.identity),
  'Query.previewServersByTags': (a) => previewByTags(a.region, a.tags, a.accountId),
  'Query.resolveProtectionGroup': (a) => resolveGroup(a.id),
  'Query.listSourceServers': (a) => listSourceServers(a.region, a.regions, a.accountId),
});
