// Lambda data source for protection-group writes, DRS lookups and the EC2/IAM resources launch
// configurations name (subnets, security groups, instance types, instance profiles).
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { listInstanceProfiles, listInstanceTypes, listSecurityGroups, listSubnets } from './launch-resources.ts';
import { createGroup, deleteGroup, listSourceServers, previewByTags, resolveGroup, updateGroup } from '../../domain/protection-groups/service.ts';

export const handler = resolverHandler<ServedBy<'protection-groups'>>('protection-groups', {
  'Mutation.createProtectionGroup': (a, e) => createGroup(a.input, e.identity),
  'Mutation.updateProtectionGroup': (a, e) => updateGroup(a.id, a.input, e.identity),
  'Mutation.deleteProtectionGroup': (a, e) => deleteGroup(a.id, e.identity),
  'Query.previewServersByTags': (a) => previewByTags(a.region, a.tags, a.accountId),
  'Query.resolveProtectionGroup': (a) => resolveGroup(a.id),
  'Query.listSourceServers': (a) => listSourceServers(a.region, a.regions, a.accountId),
  'Query.listSubnets': (a) => listSubnets(a.region, a.accountId),
  'Query.listSecurityGroups': (a) => listSecurityGroups(a.region, a.accountId),
  'Query.listInstanceTypes': (a) => listInstanceTypes(a.region, a.accountId),
  'Query.listInstanceProfiles': (a) => listInstanceProfiles(a.region, a.accountId),
});
