// The AWS clients a cluster deployment uses: CloudFormation in the cluster's region (in the target
// account, with its role assumed, for a cross-account deployment), S3 for the template bucket, Step
// Functions for the watch workflow.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { AwsCredentialIdentity } from '@smithy/types';
import { assumeRole } from '../../domain/target-accounts/credentials.ts';
import type { DeployTarget } from '../../domain/clusters/model.ts';
import { AppError } from '../../platform/errors.ts';

const partition = (region: string) => (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');
export const roleArn = (t: DeployTarget, region: string) => `arn:${partition(region)}:iam::${t.accountId}:role/${t.roleName}`;

const sessions = new Map<string, Promise<AwsCredentialIdentity & { expiration: Date }>>();

/** The target's role, assumed once per container and hour (renewed five minutes early). */
async function credentialsFor(t: DeployTarget, region: string): Promise<AwsCredentialIdentity> {
  const key = `${roleArn(t, region)}|${t.externalId ?? ''}`;
  const hit = await sessions.get(key)?.catch(() => null);
  if (hit && hit.expiration.getTime() - Date.now() > 5 * 60_000) return hit;
  const fresh = assumeRole({ accountId: t.accountId, roleArn: roleArn(t, region), externalId: t.externalId }).catch((e: Error) => {
    sessions.delete(key);
    throw new AppError('ASSUME_ROLE_FAILED', `Cannot assume ${roleArn(t, region)}${t.externalId ? ' with the external id' : ''}: ${e.name}`, {
      field: 'cross_account_config',
      accountId: t.accountId,
    });
  });
  sessions.set(key, fresh);
  return fresh;
}

const stacks = new Map<string, CloudFormationClient>();
export async function cloudFormation(region: string, target: DeployTarget | null): Promise<CloudFormationClient> {
  const credentials = target ? await credentialsFor(target, region) : undefined;
  const key = `${region}|${target ? roleArn(target, region) : ''}`;
  // Assumed credentials change hourly: a new client then.
  const cached = stacks.get(key);
  if (cached && !target) return cached;
  const c = new CloudFormationClient({ region, ...(credentials ? { credentials } : {}) });
  if (!target) stacks.set(key, c);
  return c;
}

let s3Client: S3Client | undefined;
export const s3 = () => (s3Client ??= new S3Client({}));
let sfnClient: SFNClient | undefined;
export const sfn = () => (sfnClient ??= new SFNClient({}));

export function templateBucket(): string {
  const b = process.env.CLUSTER_TEMPLATE_BUCKET;
  if (!b) throw new Error('CLUSTER_TEMPLATE_BUCKET is not set');
  return b;
}
export const templateUrl = (key: string) => `https://${templateBucket()}.s3.amazonaws.com/${key}`;
