// POST /clusters/{id}/deploy, deployCluster: claim the cluster (Active → Deploying, conditional), create
// the stack from the type's template with parameters computed from the record, start the watch
// workflow that records the outcome. A refused CreateStack releases the claim: nothing half-written.
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Cluster, DeployClusterInput } from '../../platform/generated/graphql.ts';
import { AppError } from '../../platform/errors.ts';
import { NOTE_LIMITS, checkJson } from '../../platform/json-input.ts';
import { publicCluster, type StoredCluster } from '../../domain/clusters/model.ts';
import { stackName, stackParameters, stackTags, templateKey, validDeploy } from '../../domain/clusters/rules.ts';
import { claimDeploy, getCluster, notFound, recordDeploy, releaseDeploy } from '../../domain/clusters/store.ts';
import { cloudFormation, s3, sfn, templateBucket, templateUrl } from './cloud.ts';

const logger = new Logger({ serviceName: 'clusters' });
const stage = () => process.env.STAGE ?? 'dev';

const notDeployable = (c: StoredCluster) =>
  new AppError(
    'CLUSTER_NOT_DEPLOYABLE',
    c.status === 'Deploying' ? `Cluster ${c.id} is already deploying` : `Cluster ${c.id} is ${c.status}${c.deploymentId ? ' and already deployed' : ''}; only an Active, undeployed cluster can be deployed`,
    { clusterId: c.id, status: c.status },
  );

async function readTemplate(key: string): Promise<string> {
  try {
    const r = await s3().send(new GetObjectCommand({ Bucket: templateBucket(), Key: key }));
    return await r.Body!.transformToString();
  } catch (e) {
    if ((e as Error).name === 'NoSuchKey') throw new AppError('TEMPLATE_NOT_FOUND', `The template ${key} is not in the template bucket`, { key });
    throw e;
  }
}

export async function deployCluster(id: string, input: DeployClusterInput | null | undefined): Promise<Cluster> {
  checkJson(input?.parameters, 'parameters', NOTE_LIMITS);
  const deploy = validDeploy(input);
  const before = await getCluster(id);
  if (!before) throw notFound(id);
  if (before.status !== 'Active' || before.deploymentId) throw notDeployable(before);
  // Reads first: a missing template or a refused role leaves the cluster untouched.
  const key = templateKey(before.type);
  const body = await readTemplate(key);
  const cfn = await cloudFormation(before.region, deploy.target);
  const now = new Date().toISOString();
  // The condition decides between concurrent deploys: the loser answers 409.
  const claimed = await claimDeploy(before, now);
  if (!claimed) throw notDeployable((await getCluster(id)) ?? before);
  const name = stackName(stage(), claimed);
  let stackId: string;
  try {
    const r = await cfn.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: body,
        Parameters: stackParameters(claimed, deploy.parameters),
        Tags: stackTags(stage(), claimed, deploy.tags),
        OnFailure: 'ROLLBACK',
        ClientRequestToken: `${claimed.id}-${claimed.deploySeq}`,
      }),
    );
    stackId = r.StackId!;
  } catch (e) {
    const err = e as Error;
    await releaseDeploy(id, claimed.deploySeq, `${err.name}: ${err.message}`);
    if (err.name === 'ValidationError' || err.name === 'AlreadyExistsException' || err.name === 'InsufficientCapabilitiesException') {
      throw new AppError('STACK_REFUSED', `CloudFormation refused the stack: ${err.message}`, { stackName: name });
    }
    throw e;
  }
  const recorded = await recordDeploy(id, claimed.deploySeq, {
    deploymentId: stackId,
    stackName: name,
    deploymentStatus: 'CREATE_IN_PROGRESS',
    templateUrl: templateUrl(key),
    target: deploy.target,
  });
  const c = recorded ?? claimed;
  await startWatch(c);
  return publicCluster(c);
}

/** The watch workflow; if it cannot start, status reads still reconcile the cluster (observe.ts). */
async function startWatch(c: StoredCluster): Promise<void> {
  try {
    await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: process.env.CLUSTER_WATCH_ARN,
        name: `${c.id}-${c.deploySeq}`,
        input: JSON.stringify({ action: 'watch', clusterId: c.id, deploySeq: c.deploySeq, waitSeconds: Number(process.env.CLUSTER_POLL_SECONDS ?? 15) }),
      }),
    );
  } catch (e) {
    logger.error('watch workflow did not start', { error: e as Error, clusterId: c.id });
  }
}
