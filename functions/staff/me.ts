// The caller: username, email, groups and the permissions the RBAC table grants those groups.
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Logger } from '@aws-lambda-powertools/logger';
import { permissionsOf } from '../../platform/rbac.ts';
import { isIam, type Identity } from '../../platform/resolver-event.ts';
import type { User } from '../../platform/generated/graphql.ts';

const logger = new Logger({ serviceName: 'staff' });
const POOL_ID = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)_[0-9A-Za-z]+$/;

/**
 * The user pool the caller signed in to: env USER_POOL_ID, else the pool named by the token's issuer
 * (`https://cognito-idp.<region>.amazonaws.com/<poolId>`), which AppSync has already verified.
 */
export function userPoolOf(claims: Record<string, unknown> | undefined): string | null {
  const fromEnv = process.env.USER_POOL_ID;
  if (fromEnv) return fromEnv;
  const iss = typeof claims?.iss === 'string' ? claims.iss : '';
  const last = iss.split('/').pop() ?? '';
  return POOL_ID.test(last) ? last : null;
}

const clients = new Map<string, CognitoIdentityProviderClient>();
async function emailFromPool(poolId: string, username: string): Promise<string | null> {
  const region = POOL_ID.exec(poolId)?.[1] ?? process.env.AWS_REGION;
  let c = clients.get(region ?? '');
  if (!c) clients.set(region ?? '', (c = new CognitoIdentityProviderClient({ region })));
  try {
    const u = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    return u.UserAttributes?.find((a) => a.Name === 'email')?.Value ?? null;
  } catch (e) {
    // The profile still answers without the email.
    logger.warn('AdminGetUser failed', { error: (e as Error).name, message: (e as Error).message });
    return null;
  }
}

export async function me(identity: Identity): Promise<User> {
  // IAM callers are governed by their IAM policy, not by the role table.
  if (!identity || isIam(identity)) return { username: identity?.userArn ?? 'unknown', email: null, groups: [], permissions: [] };
  const claims = identity.claims ?? {};
  const groups = identity.groups ?? (Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : []);
  // ID tokens carry the email; access tokens (what the clients send) do not.
  let email = typeof claims.email === 'string' ? claims.email : null;
  if (!email) {
    const pool = userPoolOf(claims);
    if (pool) email = await emailFromPool(pool, identity.username);
  }
  return { username: identity.username, email, groups: [...groups], permissions: permissionsOf(groups) };
}
