// STS: the account this function runs in.
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

let account: Promise<string> | undefined;
/** The account this function runs in (cached for the container's life). */
export function currentAccountId(): Promise<string> {
  account ??= new STSClient({}).send(new GetCallerIdentityCommand({})).then((r) => r.Account!);
  account.catch(() => (account = undefined));
  return account;
}
