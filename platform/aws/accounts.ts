// Clients per (region, account), shared by the DRS, EC2 and IAM modules; no SDK client of its own.
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** The credentials for calls into an account (domain/target-accounts/credentials.ts provides them). */
export type CredentialsFor = (accountId: string) => AwsCredentialIdentityProvider;

/**
 * A cached client per (region, account), made by `make`. Without an account (or with null) a client
 * uses the function's own credentials; with one, `credentialsFor` decides (the account the function
 * runs in: its own; a registered target account: its assumed cross-account role).
 */
export function perAccount<C>(
  credentialsFor: CredentialsFor,
  make: (region: string, credentials: { credentials?: AwsCredentialIdentityProvider }) => C,
): (region: string, accountId?: string | null) => C {
  const cache = new Map<string, C>();
  return (region, accountId) => {
    const key = `${region}|${accountId ?? ''}`;
    let c = cache.get(key);
    if (!c) cache.set(key, (c = make(region, accountId ? { credentials: credentialsFor(accountId) } : {})));
    return c;
  };
}
