// SDK clients. Endpoints come from the standard AWS_ENDPOINT_URL[_<SERVICE>] variables, so the same
// code talks to AWS or to the local emulator; nothing here knows which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DrsClient } from '@aws-sdk/client-drs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SFNClient } from '@aws-sdk/client-sfn';

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

const drsClients = new Map<string, DrsClient>();
export function drs(region: string): DrsClient {
  let c = drsClients.get(region);
  // DRS throttles bursts; retry with backoff well past the SDK's default three attempts.
  if (!c) drsClients.set(region, (c = new DrsClient({ region, maxAttempts: 8 })));
  return c;
}

const ec2Clients = new Map<string, EC2Client>();
export function ec2(region: string): EC2Client {
  let c = ec2Clients.get(region);
  if (!c) ec2Clients.set(region, (c = new EC2Client({ region })));
  return c;
}

let iamClient: IAMClient | undefined;
export function iam(): IAMClient {
  // IAM is global; its endpoint lives in us-east-1.
  iamClient ??= new IAMClient({ region: 'us-east-1' });
  return iamClient;
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
