// Credentials for calls into an AWS account: the function's own (the default provider chain) for the
// account it runs in; for a registered target account, its cross-account role assumed through STS
// (with the external id when one is set). Sessions are cached per account in the container, shared by
// every client, and renewed five minutes before they expire.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { currentAccountId } from '../../platform/aws/sts.ts';
import { AppError } from '../../platform/errors.ts';
import { getTargetAccountByAccountId } from './store.ts';

/** Renew a session this long before it expires (the SDK's own margin for refreshing identities). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** How long a target account's role (ARN, external id) is trusted before it is read again. */
const ROLE_TTL_MS = 60_000;
const SESSION_SECONDS = 3600;

export interface RoleTarget {
  accountId: string;
  roleArn: string;
  externalId?: string | null;
}

let stsClient: STSClient | undefined;
const sts = () => (stsClient ??= new STSClient({}));

const sessionName = () =>
  (process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'drs-orchestrator').replace(/[^\w+=,.@-]/g, '-').slice(0, 64);

/** One AssumeRole, uncached (validation uses it to test the role as it is now). */
export async function assumeRole(t: RoleTarget): Promise<AwsCredentialIdentity & { expiration: Date }> {
  const r = await sts().send(
    new AssumeRoleCommand({
      RoleArn: t.roleArn,
      RoleSessionName: sessionName(),
      ExternalId: t.externalId || undefined,
      DurationSeconds: SESSION_SECONDS,
    }),
  );
  const c = r.Credentials!;
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken,
    expiration: c.Expiration ?? new Date(Date.now() + SESSION_SECONDS * 1000),
    accountId: t.accountId,
  };
}

const roles = new Map<string, { at: number; role: Promise<RoleTarget> }>();

/** The registered role of a target account (re-read after ROLE_TTL_MS, so edits reach every container). */
function roleOf(accountId: string): Promise<RoleTarget> {
  const hit = roles.get(accountId);
  if (hit && Date.now() - hit.at < ROLE_TTL_MS) return hit.role;
  const role = getTargetAccountByAccountId(accountId).then((a) => {
    if (!a) {
      throw new AppError('TARGET_ACCOUNT_NOT_FOUND', `Account ${accountId} is not a registered target account; register it first`, {
        accountId,
      });
    }
    if (!a.crossAccountRoleArn) {
      throw new AppError('INVALID_ROLE_ARN', `Target account ${accountId} has no cross-account role`, { accountId });
    }
    return { accountId, roleArn: a.crossAccountRoleArn, externalId: a.externalId };
  });
  roles.set(accountId, { at: Date.now(), role });
  role.catch(() => roles.delete(accountId));
  return role;
}

const sessions = new Map<string, Promise<AwsCredentialIdentity & { expiration: Date }>>();

/** Assumed-role credentials for a registered target account, from the container's cache when fresh. */
export async function targetAccountCredentials(accountId: string): Promise<AwsCredentialIdentity & { expiration: Date }> {
  const role = await roleOf(accountId);
  // A changed role or external id is a different session.
  const key = `${accountId}|${role.roleArn}|${role.externalId ?? ''}`;
  const cached = sessions.get(key);
  if (cached) {
    const c = await cached.catch(() => null);
    if (c && c.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS) return c;
    if (sessions.get(key) !== cached) return targetAccountCredentials(accountId);
  }
  const fresh = assumeRole(role).catch((e: Error) => {
    throw new AppError('ASSUME_ROLE_FAILED', `Cannot assume ${role.roleArn} in account ${accountId}: ${e.message}`, {
      accountId,
      roleArn: role.roleArn,
      reason: e.name,
    });
  });
  for (const k of sessions.keys()) if (k.startsWith(`${accountId}|`)) sessions.delete(k);
  sessions.set(key, fresh);
  fresh.catch(() => sessions.delete(key));
  return fresh;
}

/** Forgets what this container knows about an account (after it was edited or deleted here). */
export function forgetAccount(accountId: string): void {
  roles.delete(accountId);
  for (const k of sessions.keys()) if (k.startsWith(`${accountId}|`)) sessions.delete(k);
}

/**
 * The SDK credential provider for calls into `accountId`. The SDK keeps what a provider answers until
 * five minutes before its expiration; answering an expiration at most ROLE_TTL_MS past that margin
 * makes it ask again each minute, when the cached session is answered unless the role changed.
 */
export function credentialProvider(accountId: string): AwsCredentialIdentityProvider {
  return async () => {
    if (accountId === (await currentAccountId())) return sts().config.credentials();
    const c = await targetAccountCredentials(accountId);
    const soon = Date.now() + REFRESH_MARGIN_MS + ROLE_TTL_MS;
    return { ...c, expiration: new Date(Math.min(c.expiration.getTime(), soon)) };
  };
}
