// EC2: clients per (region, account), and per region with the function's own credentials. The EC2
// client is the one SDK package the bundles carry (infra/build.ts: only the commands used, since its
// CommonJS file costs ~150 ms of cold start): import this module only from code that calls EC2.
import { EC2Client } from '@aws-sdk/client-ec2';
import { perAccount, type CredentialsFor } from './accounts.ts';

/** EC2 clients per (region, account), cached (platform/aws/accounts.ts). */
export function ec2Clients(credentialsFor: CredentialsFor): (region: string, accountId?: string | null) => EC2Client {
  return perAccount(credentialsFor, (region, credentials) => new EC2Client({ region, ...credentials }));
}

const regionalEc2 = new Map<string, EC2Client>();
/** EC2 in a region with the function's own credentials. */
export function ec2In(region: string): EC2Client {
  let c = regionalEc2.get(region);
  if (!c) regionalEc2.set(region, (c = new EC2Client({ region })));
  return c;
}
