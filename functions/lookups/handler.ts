// Lambda data source for the lookups the UI needs: DRS servers by tags, quotas, DRS accounts and tag
// sync; the current account; health. (EC2/IAM resources for launch configurations are the
// protection-groups function's, the caller's profile the staff function's: each loads the clients it needs.)
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { getCurrentAccount, listDrsAccounts } from './accounts.ts';
import { getDrsQuotas, queryServersByTags } from './drs.ts';
import { health } from './health.ts';
import { syncDrsTags } from './tag-sync.ts';

export const handler = resolverHandler<ServedBy<'lookups'>>('lookups', {
  'Query.queryServersByTags': (a) => queryServersByTags(a.region, a.tags, a.accountId),
  'Query.getDrsQuotas': (a) => getDrsQuotas(a.region, a.accountId),
  'Query.listDrsAccounts': () => listDrsAccounts(),
  'Mutation.syncDrsTags': (a) => syncDrsTags(a.regions, a.dryRun),
  'Query.getCurrentAccount': () => getCurrentAccount(),
  'Query.health': () => health(),
});
