// Email and password → the user pool's tokens (Cognito InitiateAuth, USER_PASSWORD_AUTH, the email being
// a sign-in alias) and the staff profile. An unknown email, a wrong password and a disabled account
// answer the same 401.
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { staffOut } from '../../domain/staff/model.ts';
import { normalizeEmail } from '../../domain/staff/rules.ts';
import { getStaff } from '../../domain/staff/store.ts';
import { AppError } from '../../platform/errors.ts';
import type { LoginResult } from '../../platform/generated/graphql.ts';
import { staffRolesOf } from '../../platform/rbac.ts';
import { cognito, userPoolClientId } from './cognito.ts';

const refused = () => new AppError('UNAUTHORIZED', 'Invalid email or password, or the account is disabled');
const COGNITO_REFUSALS = new Set(['NotAuthorizedException', 'UserNotFoundException', 'PasswordResetRequiredException', 'UserNotConfirmedException']);

/** The claims of a token Cognito itself just handed us (over TLS): read, not verified again. */
function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export async function login(emailIn: string, password: string): Promise<LoginResult> {
  const email = normalizeEmail(emailIn);
  if (typeof password !== 'string' || !password) throw new AppError('INVALID_PASSWORD', 'password is required', { field: 'password' });
  let r;
  try {
    r = await cognito().send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: userPoolClientId(), AuthParameters: { USERNAME: email, PASSWORD: password } }),
    );
  } catch (e) {
    if (COGNITO_REFUSALS.has((e as Error).name)) throw refused();
    throw e;
  }
  const auth = r.AuthenticationResult;
  if (!auth?.IdToken || !auth.AccessToken) {
    throw new AppError('UNAUTHORIZED', `Sign-in needs a further step (${r.ChallengeName ?? 'challenge'}): sign in through Cognito`);
  }
  const claims = claimsOf(auth.IdToken);
  const sub = String(claims.sub);
  const record = await getStaff(sub);
  if (record && !record.enabled) throw refused();
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const now = new Date().toISOString();
  const staff = record
    ? staffOut(record)
    : { staffId: sub, email, roles: staffRolesOf(groups), enabled: true, createdAt: now, updatedAt: now };
  return { token: auth.IdToken, accessToken: auth.AccessToken, refreshToken: auth.RefreshToken ?? null, expiresIn: auth.ExpiresIn ?? 3600, staff };
}
