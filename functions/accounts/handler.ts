// Lambda data source for target-account writes and validation (listing is a table resolver).
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { deleteAccount, registerAccount, updateAccount, validateAccount } from './use-cases.ts';

export const handler = resolverHandler<ServedBy<'accounts'>>('accounts', {
  'Mutation.registerTargetAccount': (a, e) => registerAccount(a.input, e.identity),
  'Mutation.updateTargetAccount': (a, e) => updateAccount(a.id, a.input, e.identity),
  'Mutation.deleteTargetAccount': (a) => deleteAccount(a.id),
  'Mutation.validateTargetAccount': (a) => validateAccount(a.id),
});
