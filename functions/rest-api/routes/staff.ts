// The control plane's staff, login and tenant paths (seed 001) in its {success, data, timestamp}
// envelope, each calling its GraphQL operation and answering the seed's snake_case shapes. Login and
// password reset are open paths: their IAM-only mutations are called signed with the façade's role.
import type { LoginResult, PasswordResetAnswer, Staff, Tenant } from '../../../platform/generated/graphql.ts';
import { STAFF, TENANT } from '../operations.ts';
import type { Route } from '../route.ts';

const staffOut = (s: Staff) => ({
  staff_id: s.staffId,
  email: s.email,
  roles: s.roles,
  enabled: s.enabled,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
});

const tenantOut = (t: Tenant) => ({
  tenant_id: t.id,
  name: t.name,
  email: t.email,
  contact_info: t.contactInfo ?? null,
  status: t.status,
  created_at: t.createdAt,
});

const AUTH = 'Control plane: auth';
const STAFF_TAG = 'Control plane: staff';
const CP = 'control-plane' as const;

export const staffRoutes: Route[] = [
  {
    method: 'POST',
    path: '/auth/login',
    tag: AUTH,
    summary: "Sign in with email and password: the user pool's tokens (token: the ID token) and the staff profile",
    envelope: CP,
    open: true,
    signed: true,
    operations: ['Mutation.login'],
    body: { description: 'email, password', example: { email: 'user@example.com', password: 'Password123!' } },
    run: async (c) => {
      const { email, password } = c.body();
      const r = await c.api.call<LoginResult>(
        'login',
        `mutation L($email: String!, $password: String!) { login(email: $email, password: $password) { token accessToken refreshToken expiresIn staff { ${STAFF} } } }`,
        { email, password },
      );
      const { staff_id, email: e, roles, enabled } = staffOut(r.staff);
      return { token: r.token, access_token: r.accessToken, refresh_token: r.refreshToken, expires_in: r.expiresIn, staff: { staff_id, email: e, roles, enabled } };
    },
  },
  {
    method: 'POST',
    path: '/auth/password-reset/request',
    tag: AUTH,
    summary: 'Ask for a password reset message (the same answer whether or not the account exists)',
    envelope: CP,
    open: true,
    signed: true,
    operations: ['Mutation.requestPasswordReset'],
    body: { description: 'email', example: { email: 'user@example.com' } },
    run: async (c) =>
      c.api.call<PasswordResetAnswer>('requestPasswordReset', `mutation R($email: String!) { requestPasswordReset(email: $email) { message } }`, {
        email: c.body().email,
      }),
  },
  {
    method: 'POST',
    path: '/auth/password-reset/confirm',
    tag: AUTH,
    summary: 'Set a new password with the reset token (single use)',
    envelope: CP,
    open: true,
    signed: true,
    operations: ['Mutation.confirmPasswordReset'],
    body: { description: 'token, new_password', example: { token: 'reset-token-from-email', new_password: 'NewPassword123!' } },
    run: async (c) => {
      const { token, new_password } = c.body();
      return c.api.call<PasswordResetAnswer>(
        'confirmPasswordReset',
        `mutation C($token: String!, $p: String!) { confirmPasswordReset(token: $token, newPassword: $p) { message } }`,
        { token, p: new_password },
      );
    },
  },
  {
    method: 'GET',
    path: '/staff/me',
    tag: STAFF_TAG,
    summary: 'The signed-in staff member',
    envelope: CP,
    operations: ['Query.staffMe'],
    run: async (c) => staffOut(await c.api.call<Staff>('staffMe', `query M { staffMe { ${STAFF} } }`)),
  },
  {
    method: 'POST',
    path: '/staff/register',
    tag: STAFF_TAG,
    summary: 'Register a staff member (admin)',
    envelope: CP,
    created: true,
    operations: ['Mutation.registerStaff'],
    body: { description: 'email, password (8–128, upper, lower, digit, special), roles (admin|manager|staff, at least one)', example: { email: 'newstaff@example.com', password: 'StrongPassword123!', roles: ['staff'] } },
    run: async (c) => {
      const { email, password, roles } = c.body();
      const r = await c.api.call<Staff>('registerStaff', `mutation R($input: RegisterStaffInput!) { registerStaff(input: $input) { ${STAFF} } }`, {
        input: { email, password, roles },
      });
      return staffOut(r);
    },
  },
  ...(['enable', 'disable'] as const).map(
    (action): Route => ({
      method: 'POST',
      path: `/staff/${action}`,
      tag: STAFF_TAG,
      summary: `${action === 'enable' ? 'Enable' : 'Disable'} a staff account (admin)`,
      envelope: CP,
      operations: [action === 'enable' ? 'Mutation.enableStaff' : 'Mutation.disableStaff'],
      body: { description: 'staff_id (UUID v4)', example: { staff_id: '550e8400-e29b-41d4-a716-446655440002' } },
      run: async (c) => {
        const field = action === 'enable' ? 'enableStaff' : 'disableStaff';
        const r = await c.api.call<Staff>(field, `mutation S($id: ID!) { ${field}(staffId: $id) { staffId } }`, { id: c.body().staff_id });
        return { message: `Staff account ${action}d successfully`, staff_id: r.staffId };
      },
    }),
  ),
  {
    method: 'POST',
    path: '/tenant/register',
    tag: 'Control plane: tenants',
    summary: 'Register a tenant (admin or manager)',
    envelope: CP,
    created: true,
    operations: ['Mutation.registerTenant'],
    body: {
      description: 'name (1–255), email, contact_info {phone, address, company} (optional)',
      example: { name: 'Acme Corporation', email: 'contact@acme.com', contact_info: { phone: '+1-555-123-4567', address: '123 Main St, City, State', company: 'Acme Corp' } },
    },
    run: async (c) => {
      const { name, email, contact_info } = c.body();
      const r = await c.api.call<Tenant>('registerTenant', `mutation T($input: RegisterTenantInput!) { registerTenant(input: $input) { ${TENANT} } }`, {
        input: { name, email, contactInfo: contact_info ?? undefined },
      });
      return tenantOut(r);
    },
  },
];
