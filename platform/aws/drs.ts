// DRS: clients per (region, account). The service limits the orchestrator plans with: platform/settings.ts.
import { DrsClient } from '@aws-sdk/client-drs';
import { perAccount, type CredentialsFor } from './accounts.ts';

/** DRS clients per (region, account), cached (platform/aws/accounts.ts). */
export function drsClients(credentialsFor: CredentialsFor): (region: string, accountId?: string | null) => DrsClient {
  // DRS throttles bursts; retry with backoff well past the SDK's default three attempts.
  return perAccount(credentialsFor, (region, credentials) => new DrsClient({ region, maxAttempts: 8, ...credentials }));
}
