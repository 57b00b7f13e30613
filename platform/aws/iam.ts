// IAM: clients per account. IAM is global; its endpoint lives in us-east-1.
import { IAMClient } from '@aws-sdk/client-iam';
import { perAccount, type CredentialsFor } from './accounts.ts';

/** IAM clients per account, cached (platform/aws/accounts.ts). */
export function iamClients(credentialsFor: CredentialsFor): (accountId?: string | null) => IAMClient {
  const inRegion = perAccount(credentialsFor, (region, credentials) => new IAMClient({ region, ...credentials }));
  return (accountId) => inRegion('us-east-1', accountId);
}
