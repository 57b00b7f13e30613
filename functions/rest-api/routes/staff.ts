// The control plane's staff, login and tenant paths (seed 001) in its {success, data, timestamp}
// envelope. Paths with no GraphQL operation yet have no `run`: they answer 501 NOT_IMPLEMENTED in that
// envelope, never data.
import type { Route } from '../route.ts';

const planned = (method: Route['method'], path: string, tag: string, summary: string, open = false): Route => ({
  method,
  path,
  tag,
  summary,
  envelope: 'control-plane',
  operations: [],
  open,
});

export const staffRoutes: Route[] = [
  planned('POST', '/auth/login', 'Control plane: auth', 'Sign in with email and password', true),
  planned('POST', '/auth/password-reset/request', 'Control plane: auth', 'Ask for a password reset message', true),
  planned('POST', '/auth/password-reset/confirm', 'Control plane: auth', 'Set a new password with the reset token', true),
  planned('GET', '/staff/me', 'Control plane: staff', 'The signed-in staff member'),
  planned('POST', '/staff/register', 'Control plane: staff', 'Register a staff member'),
  planned('POST', '/staff/enable', 'Control plane: staff', 'Enable a staff account'),
  planned('POST', '/staff/disable', 'Control plane: staff', 'Disable a staff account'),
  planned('POST', '/tenant/register', 'Control plane: tenants', 'Register a tenant'),
];
