// SDK clients. Endpoints come from the standard AWS_ENDPOINT_URL[_<SERVICE>] variables, so the same
// code talks to AWS or to the local emulator; nothing here knows which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DrsClient } from '@aws-sdk/client-drs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SFNClient } from '@aws-sdk/client-sfn';
import { credentialProvider } from './credentials.ts';

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

/**
 * Clients are cached per (region, account). Without an account (or with null) a client uses the
 * function's own credentials; with one, credentials.ts decides: the account the function runs in uses
 * them too, a registered target account its assumed cross-account role.
 */
const clientKey = (region: string, accountId?: string | null) => `${region}|${accountId ?? ''}`;
const credentialsOf = (accountId?: string | null) => (accountId ? { credentials: credentialProvider(accountId) } : {});

const drsClients = new Map<string, DrsClient>();
export function drs(region: string, accountId?: string | null): DrsClient {
  const key = clientKey(region, accountId);
  let c = drsClients.get(key);
  // DRS throttles bursts; retry with backoff well past the SDK's default three attempts.
  if (!c) drsClients.set(key, (c = new DrsClient({ region, maxAttempts: 8, ...credentialsOf(accountId) })));
  return c;
}

const ec2Clients = new Map<string, EC2Client>();
export function ec2(region: string, accountId?: string | null): EC2Client {
  const key = clientKey(region, accountId);
  let c = ec2Clients.get(key);
  if (!c) ec2Clients.set(key, (c = new EC2Client({ region, ...credentialsOf(accountId) })));
  return c;
}

const iamClients = new Map<string, IAMClient>();
export function iam(accountId?: string | null): IAMClient {
  // IAM is global; its endpoint lives in us-east-1.
  const key = clientKey('us-east-1', accountId);
  let c = iamClients.get(key);
  if (!c) iamClients.set(key, (c = new IAMClient({ region: 'us-east-1', ...credentialsOf(accountId) })));
  return c;
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
