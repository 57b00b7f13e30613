// Lambda data source for the caller's profile (me), staff, login, password reset and tenant registration
// (seed 001). Listing staff
// and reading tenants are table resolvers.
import type { ServedBy } from '../../infra/api.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { login } from './login.ts';
import { me } from './me.ts';
import { confirmPasswordReset, requestPasswordReset } from './reset.ts';
import { disableStaff, enableStaff, registerStaff, staffMe } from './staff.ts';
import { registerTenant } from './tenants.ts';

export const handler = resolverHandler<ServedBy<'staff'>>('staff', {
  'Query.me': (_a, e) => me(e.identity),
  'Query.staffMe': (_a, e) => staffMe(e.identity),
  'Mutation.registerStaff': (a) => registerStaff(a.input),
  'Mutation.enableStaff': (a) => enableStaff(a.staffId),
  'Mutation.disableStaff': (a, e) => disableStaff(a.staffId, e.identity),
  'Mutation.registerTenant': (a) => registerTenant(a.input),
  'Mutation.login': (a) => login(a.email, a.password),
  'Mutation.requestPasswordReset': (a) => requestPasswordReset(a.email),
  'Mutation.confirmPasswordReset': (a) => confirmPasswordReset(a.token, a.newPassword),
});
