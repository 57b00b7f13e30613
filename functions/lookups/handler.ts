// Lambda data source for the lookups the UI needs: DRS servers by tags, quotas, DRS accounts and tag
// sync; EC2/IAM resources for launch configurations; the current account and user; health.
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { getCurrentAccount, listDrsAccounts } from './accounts.ts';
import { getDrsQuotas, queryServersByTags } from './drs.ts';
import { listInstanceProfiles, listInstanceTypes, listSecurityGroups, listSubnets } from './ec2-resources.ts';
import { health } from './health.ts';
import { syncDrsTags } from './tag-sync.ts';
import { me } from './user.ts';

export const handler = resolverHandler<ServedBy<'lookups'>>('lookups', {
  'Query.queryServersByTags': (a) => queryServersByTags(a.region, a.tags, a.accountId),
  'Query.getDrsQuotas': (a) => getDrsQuotas(a.region, a.accountId),
  'Query.listDrsAccounts': () => listDrsAccounts(),
  'Mutation.syncDrsTags': (a) => syncDrsTags(a.regions, a.dryRun),
  'Query.listSubnets': (a) => listSubnets(a.region, a.accountId),
  'Query.listSecurityGroups': (a) => listSecurityGroups(a.region, a.accountId),
  'Query.listInstanceTypes': (a) => listInstanceTypes(a.region, a.accountId),
  'Query.listInstanceProfiles': (a) => listInstanceProfiles(a.region, a.accountId),
  'Query.getCurrentAccount': () => getCurrentAccount(),
  'Query.me': (_a, e) => me(e.identity),
  'Query.health': () => health(),
});
