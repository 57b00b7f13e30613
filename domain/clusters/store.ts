// Clusters in the single table. Registration is one transaction: the cluster item and the CIDR
// prefix-tree nodes (keys.ts) whose conditions rule out any overlap with another cluster's block.
// Deploy claims the cluster with a conditional update; the outcome of a deployment is recorded with a
// condition on the claim's sequence number, so only the first observer of an outcome records it.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { AppError } from '../../platform/errors.ts';
import { transact, type TxItem } from '../../platform/tx.ts';
import { formatCidr, lockPath, parseCidr, type Cidr } from './cidr.ts';
import { CLUSTER_LIST, cidrNodeKey, clusterKey } from './keys.ts';
import type { StoredCluster } from './model.ts';

const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity', 'targetAccountId'];

export function fromItem(item: Record<string, unknown>): StoredCluster {
  const c = { ...item };
  for (const k of KEY_ATTRS) delete c[k];
  return c as unknown as StoredCluster;
}

const toItem = (c: StoredCluster) => ({
  ...clusterKey(c.id),
  entity: 'Cluster',
  gsi1pk: CLUSTER_LIST,
  gsi1sk: `${c.createdAt}#${c.id}`,
  ...c,
  // Top-level for the table resolvers (the target's external id is never answered).
  targetAccountId: c.target?.accountId ?? null,
});

export const notFound = (id: string) => new AppError('CLUSTER_NOT_FOUND', `Cluster ${id} not found`, { clusterId: id });

export async function getCluster(id: string): Promise<StoredCluster | null> {
  const r = await ddb().send(new GetCommand({ TableName: tableName(), Key: clusterKey(id), ConsistentRead: true }));
  return r.Item ? fromItem(r.Item) : null;
}

/**
 * Two blocks overlap exactly when one contains the other, i.e. when one's prefix-tree node is the
 * other's or an ancestor of it. Each registration, in one transaction:
 * - claims its own node: condition no claim there and no cluster registered inside it (descendants 0);
 * - on every ancestor node from /16 down: ADD descendants 1, condition that node is not claimed.
 * An overlapping pair therefore writes the same item (the containing block's node) with conditions that
 * exclude each other, and DynamoDB serializes the two transactions: the second fails its condition.
 */
export function cidrLockItems(cidr: Cidr, clusterId: string): TxItem[] {
  const { ancestors, self } = lockPath(cidr);
  const node = (c: Cidr) => ({ ...cidrNodeKey(c), entity: 'CidrNode', cidr: formatCidr(c) });
  const claim: TxItem = {
    Update: {
      TableName: tableName(),
      Key: cidrNodeKey(self),
      UpdateExpression: 'SET claimedBy = :id, entity = :e, cidr = :c',
      ConditionExpression: 'attribute_not_exists(claimedBy) AND (attribute_not_exists(descendants) OR descendants = :zero)',
      ExpressionAttributeValues: { ':id': clusterId, ':e': 'CidrNode', ':c': node(self).cidr, ':zero': 0 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
  const inside = ancestors.map(
    (a): TxItem => ({
      Update: {
        TableName: tableName(),
        Key: cidrNodeKey(a),
        UpdateExpression: 'ADD descendants :one SET entity = :e, cidr = :c',
        ConditionExpression: 'attribute_not_exists(claimedBy)',
        ExpressionAttributeValues: { ':one': 1, ':e': 'CidrNode', ':c': node(a).cidr },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    }),
  );
  return [claim, ...inside];
}

export async function insertCluster(c: StoredCluster): Promise<void> {
  const cidr = parseCidr(c.cidr)!;
  const put: TxItem = { Put: { TableName: tableName(), Item: toItem(c), ConditionExpression: 'attribute_not_exists(pk)' } };
  await transact([put, ...cidrLockItems(cidr, c.id)], async (reasons) => {
    // Which node refused says which kind of overlap; the claimant's id names the other cluster.
    const hit = reasons.slice(1).find((r) => r.Code === 'ConditionalCheckFailed');
    const other = hit?.Item?.claimedBy?.S;
    const at = hit?.Item?.cidr?.S;
    const detail = other ? `the block ${at} of cluster ${other}` : `a cluster registered inside ${at ?? formatCidr(cidr)}`;
    throw new AppError('CIDR_OVERLAP', `CIDR block ${c.cidr} overlaps ${detail}`, { field: 'cidr', ...(other ? { clusterId: other } : {}) });
  });
}

const update = async (id: string, set: Record<string, unknown>, condition: string, values: Record<string, unknown>): Promise<StoredCluster | null> => {
  const names: Record<string, string> = { '#st': 'status' };
  const vals: Record<string, unknown> = { ...values };
  const parts = Object.entries(set).map(([k, v], i) => {
    names[`#s${i}`] = k;
    vals[`:s${i}`] = v;
    return `#s${i} = :s${i}`;
  });
  try {
    const r = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: clusterKey(id),
        UpdateExpression: `SET ${parts.join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: vals,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(r.Attributes!);
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return null;
    throw e;
  }
};

/** Active and never deployed → Deploying, with the next deploy sequence; null when the cluster is not in that state. */
export function claimDeploy(c: StoredCluster, now: string): Promise<StoredCluster | null> {
  return update(
    c.id,
    { status: 'Deploying', deploymentStatus: 'DEPLOYMENT_INITIATED', deploySeq: c.deploySeq + 1, initiatedAt: now, updatedAt: now, failureReason: null },
    // deploymentId is null (not absent) until a stack exists.
    'attribute_exists(pk) AND #st = :active AND deploySeq = :seq AND (attribute_not_exists(deploymentId) OR attribute_type(deploymentId, :null))',
    { ':active': 'Active', ':seq': c.deploySeq, ':null': 'NULL' },
  );
}

/** CreateStack refused: back to Active (DEPLOYMENT_FAILED), so a corrected deploy may follow. */
export const releaseDeploy = (id: string, seq: number, reason: string) =>
  recordDeploy(id, seq, { status: 'Active', deploymentStatus: 'DEPLOYMENT_FAILED', failureReason: reason });

/** Writes what a deploy (sequence `seq`) learned, only while that deploy is the one in progress. */
export function recordDeploy(id: string, seq: number, set: Partial<StoredCluster>): Promise<StoredCluster | null> {
  return update(id, { ...set, updatedAt: new Date().toISOString() }, '#st = :deploying AND deploySeq = :seq', { ':deploying': 'Deploying', ':seq': seq });
}
