// What the stack says, and the cluster following it: the watch workflow's step and getClusterStatus
// both read the stack and, when it has ended, record the outcome (Active with outputs, or Failed with
// the failed resource's reason from the events). The record is conditional on the deploy still being
// in progress, so the outcome is recorded and published once, whoever sees it first.
import { DescribeStackEventsCommand, DescribeStacksCommand, type Stack, type StackEvent } from '@aws-sdk/client-cloudformation';
import type { Cluster, ClusterEvent } from '../../platform/generated/graphql.ts';
import { NOT_DEPLOYED, STACK_NOT_FOUND, STATUS_CHECK_FAILED, publicCluster, type StoredCluster } from '../../domain/clusters/model.ts';
import { getCluster, notFound, recordDeploy } from '../../domain/clusters/store.ts';
import { cloudFormation } from './cloud.ts';

const SUCCEEDED = ['CREATE_COMPLETE'];
const RECENT_EVENTS = 10;

type Seen = { kind: 'stack'; stack: Stack } | { kind: 'gone' } | { kind: 'error'; message: string };

async function describe(c: StoredCluster): Promise<Seen> {
  try {
    const cfn = await cloudFormation(c.region, c.target);
    const r = await cfn.send(new DescribeStacksCommand({ StackName: c.deploymentId! }));
    const stack = r.Stacks?.[0];
    return stack ? { kind: 'stack', stack } : { kind: 'gone' };
  } catch (e) {
    const err = e as Error;
    if (err.name === 'ValidationError' && /does not exist/.test(err.message)) return { kind: 'gone' };
    return { kind: 'error', message: `${err.name}: ${err.message}` };
  }
}

const ended = (status: string) => !status.endsWith('_IN_PROGRESS');

async function events(c: StoredCluster): Promise<StackEvent[]> {
  const cfn = await cloudFormation(c.region, c.target);
  const r = await cfn.send(new DescribeStackEventsCommand({ StackName: c.deploymentId! }));
  return r.StackEvents ?? [];
}

/** The first resource that failed (not those cancelled because of it), as CloudFormation's console shows it. */
function failureOf(list: StackEvent[], stack: Stack): string {
  const failed = [...list]
    .reverse()
    .find((e) => e.ResourceStatus?.endsWith('_FAILED') && e.LogicalResourceId !== stack.StackName && e.ResourceStatusReason !== 'Resource creation cancelled');
  if (failed) return `${failed.LogicalResourceId} (${failed.ResourceType}): ${failed.ResourceStatusReason ?? failed.ResourceStatus}`;
  return stack.StackStatusReason ?? `Stack ended ${stack.StackStatus}`;
}

const outputsOf = (s: Stack) => JSON.stringify(Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue])));

/** Records an ended deployment; answers the cluster as it now is (null: nothing to record or lost the race). */
async function settle(c: StoredCluster, seen: Seen): Promise<StoredCluster | null> {
  if (c.status !== 'Deploying' || !c.deploymentId) return null;
  let set: Partial<StoredCluster>;
  if (seen.kind === 'gone') set = { status: 'Failed', deploymentStatus: STACK_NOT_FOUND, failureReason: 'The stack no longer exists' };
  else if (seen.kind === 'error' || !ended(seen.stack.StackStatus!)) return null;
  else if (SUCCEEDED.includes(seen.stack.StackStatus!)) {
    set = { status: 'Active', deploymentStatus: seen.stack.StackStatus!, stackOutputs: outputsOf(seen.stack), deployedAt: new Date().toISOString() };
  } else {
    set = { status: 'Failed', deploymentStatus: seen.stack.StackStatus!, failureReason: failureOf(await events(c), seen.stack) };
  }
  const after = await recordDeploy(c.id, c.deploySeq, set);
  return after;
}

/** One step of the watch workflow: done when the deploy it watches is no longer in progress. */
export async function watchStep(clusterId: string, deploySeq: number): Promise<{ done: boolean; waitSeconds: number }> {
  const waitSeconds = Number(process.env.CLUSTER_POLL_SECONDS ?? 15);
  const c = await getCluster(clusterId);
  if (!c || c.deploySeq !== deploySeq || c.status !== 'Deploying') return { done: true, waitSeconds };
  if (!c.deploymentId) return { done: false, waitSeconds };
  const seen = await describe(c);
  // A failed DescribeStacks throws, so the workflow's Retry backs off and tries again.
  if (seen.kind === 'error') throw new Error(seen.message);
  const after = await settle(c, seen);
  return { done: !!after || (seen.kind === 'stack' && ended(seen.stack.StackStatus!)), waitSeconds };
}

const eventOut = (e: StackEvent): ClusterEvent => ({
  timestamp: (e.Timestamp ?? new Date()).toISOString(),
  resourceType: e.ResourceType ?? null,
  logicalResourceId: e.LogicalResourceId ?? null,
  resourceStatus: e.ResourceStatus ?? null,
  resourceStatusReason: e.ResourceStatusReason ?? null,
});

/** The seed's status: the stack's status and outputs (events on request), the cluster reconciled with it. */
export async function clusterStatus(id: string, includeEvents: boolean): Promise<Cluster> {
  let c = await getCluster(id);
  if (!c) throw notFound(id);
  if (!c.deploymentId) return { ...publicCluster(c), deploymentStatus: c.deploymentStatus ?? NOT_DEPLOYED, recentEvents: includeEvents ? [] : null };
  const seen = await describe(c);
  c = (await settle(c, seen)) ?? c;
  const view = publicCluster(c);
  if (seen.kind === 'gone') return { ...view, deploymentStatus: STACK_NOT_FOUND, recentEvents: includeEvents ? [] : null };
  if (seen.kind === 'error') return { ...view, deploymentStatus: STATUS_CHECK_FAILED, recentEvents: null };
  const recent = includeEvents ? (await events(c)).slice(0, RECENT_EVENTS).map(eventOut) : null;
  return { ...view, deploymentStatus: seen.stack.StackStatus!, stackOutputs: seen.stack.Outputs ? outputsOf(seen.stack) : view.stackOutputs, recentEvents: recent };
}
