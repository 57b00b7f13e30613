// SDK clients. Endpoints come from the standard AWS_ENDPOINT_URL[_<SERVICE>] variables, so the same
// code talks to AWS or to the local emulator; nothing here knows which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DrsClient } from '@aws-sdk/client-drs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export const tableName = () => {
  const t = process.env.TABLE_NAME;
  if (!t) throw new Error('TABLE_NAME is not set');
  return t;
};

let doc: DynamoDBDocumentClient | undefined;
export function ddb(): DynamoDBDocumentClient {
  doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return doc;
}

/** The credentials for calls into an account (domain/target-accounts/credentials.ts provides them). */
export type CredentialsFor = (accountId: string) => AwsCredentialIdentityProvider;

/**
 * DRS, EC2 and IAM clients per (region, account), cached. Without an account (or with null) a client
 * uses the function's own credentials; with one, `credentialsFor` decides (the account the function runs
 * in: its own; a registered target account: its assumed cross-account role).
 */
export function accountClients(credentialsFor: CredentialsFor) {
  const key = (region: string, accountId?: string | null) => `${region}|${accountId ?? ''}`;
  const credentialsOf = (accountId?: string | null) => (accountId ? { credentials: credentialsFor(accountId) } : {});
  const cached = <C>(cache: Map<string, C>, k: string, make: () => C): C => {
    let c = cache.get(k);
    if (!c) cache.set(k, (c = make()));
    return c;
  };
  const drsClients = new Map<string, DrsClient>();
  const ec2Clients = new Map<string, EC2Client>();
  const iamClients = new Map<string, IAMClient>();
  return {
    // DRS throttles bursts; retry with backoff well past the SDK's default three attempts.
    drs: (region: string, accountId?: string | null): DrsClient =>
      cached(drsClients, key(region, accountId), () => new DrsClient({ region, maxAttempts: 8, ...credentialsOf(accountId) })),
    ec2: (region: string, accountId?: string | null): EC2Client =>
      cached(ec2Clients, key(region, accountId), () => new EC2Client({ region, ...credentialsOf(accountId) })),
    // IAM is global; its endpoint lives in us-east-1.
    iam: (accountId?: string | null): IAMClient =>
      cached(iamClients, key('us-east-1', accountId), () => new IAMClient({ region: 'us-east-1', ...credentialsOf(accountId) })),
  };
}

let account: Promise<string> | undefined;
/** The account this function runs in (cached for the container's life). */
export function currentAccountId(): Promise<string> {
  account ??= new STSClient({}).send(new GetCallerIdentityCommand({})).then((r) => r.Account!);
  account.catch(() => (account = undefined));
  return account;
}

let sfnClient: SFNClient | undefined;
export function sfn(): SFNClient {
  sfnClient ??= new SFNClient({});
  return sfnClient;
}

/** DRS limits, read at run time (they are per account and can be raised), with DRS's defaults. */
export function drsLimits() {
  const n = (name: string, fallback: number) => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    maxServersPerJob: n('DRS_MAX_SERVERS_PER_JOB', 100),
    maxConcurrentJobs: n('DRS_MAX_CONCURRENT_JOBS', 20),
    maxServersInActiveJobs: n('DRS_MAX_SERVERS_IN_ACTIVE_JOBS', 500),
    maxReplicatingServers: n('DRS_MAX_REPLICATING_SERVERS', 300),
  };
}

let ssmClient: SSMClient | undefined;
let eventsClient: EventBridgeClient | undefined;
const regionalEc2 = new Map<string, EC2Client>();
const regionalSsm = new Map<string, SSMClient>();
/** SSM Parameter Store in the function's region (or another one, e.g. for AWS's public parameters). */
export function ssm(region?: string): SSMClient {
  if (!region) return (ssmClient ??= new SSMClient({}));
  let c = regionalSsm.get(region);
  if (!c) regionalSsm.set(region, (c = new SSMClient({ region })));
  return c;
}
export function events(): EventBridgeClient {
  eventsClient ??= new EventBridgeClient({});
  return eventsClient;
}
/** EC2 in a region with the function's own credentials. */
export function ec2In(region: string): EC2Client {
  let c = regionalEc2.get(region);
  if (!c) regionalEc2.set(region, (c = new EC2Client({ region })));
  return c;
}
