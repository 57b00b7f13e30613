// The cluster parts of the local stack: the template bucket in the emulated S3 with the two templates
// uploaded (what BucketDeployment does in AWS), and the watch workflow registered with the local Step
// Functions. Answers the environment the clusters function gets.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CLUSTER_POLL_SECONDS, CLUSTER_TEMPLATES_DIR, CLUSTER_WATCH } from '../clusters/workflow.ts';
import { functionName } from '../api.ts';
import { substituteDefinition, type createLocalSfn } from './sfn/index.ts';

export interface LocalClusterOptions {
  root: string;
  stage: string;
  region: string;
  accountId: string;
  awsUrl: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  sfn: ReturnType<typeof createLocalSfn>;
}

export const templateBucketName = (stage: string, accountId: string) => `drs-orchestrator-cluster-templates-${stage}-${accountId}`;

export async function setupClusters(o: LocalClusterOptions): Promise<Record<string, string>> {
  const bucket = templateBucketName(o.stage, o.accountId);
  const s3 = new S3Client({ region: o.region, endpoint: o.awsUrl, forcePathStyle: true, credentials: o.credentials });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const dir = join(o.root, CLUSTER_TEMPLATES_DIR);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: file, Body: readFileSync(join(dir, file)), ContentType: 'application/x-yaml' }));
    }
  } finally {
    s3.destroy();
  }
  const arn = (fn: string) => `arn:aws:lambda:${o.region}:${o.accountId}:function:${functionName(fn, o.stage)}`;
  const watchArn = o.sfn.register(
    CLUSTER_WATCH.name(o.stage),
    substituteDefinition(
      readFileSync(join(o.root, CLUSTER_WATCH.definitionFile), 'utf8'),
      Object.fromEntries(Object.entries(CLUSTER_WATCH.substitutions).map(([k, fn]) => [k, arn(fn)])),
    ),
  );
  return { CLUSTER_TEMPLATE_BUCKET: bucket, CLUSTER_WATCH_ARN: watchArn, CLUSTER_POLL_SECONDS };
}
