// The spot items in the table: recorded instances and the run lock (one workflow run at a time).
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionFailed } from '../../platform/tx.ts';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { SPOT_INSTANCES_PK, SPOT_RUN_LOCK, spotInstanceKey } from './keys.ts';
import type { SpotInstanceItem } from './model.ts';


/**
 * Takes the run lock for `owner` unless another run holds it and its lease has not expired (a run
 * that died without releasing it frees it after `leaseSeconds`). Atomic: a conditional put.
 */
export async function acquireRunLock(owner: string, mode: string, leaseSeconds: number, now = new Date()): Promise<boolean> {
  const epoch = Math.floor(now.getTime() / 1000);
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...SPOT_RUN_LOCK, owner, mode, acquiredAt: now.toISOString(), expiresAt: epoch + leaseSeconds, ttl: epoch + leaseSeconds + 86_400 },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': epoch, ':owner': owner },
      }),
    );
    return true;
  } catch (e) {
    if (conditionFailed(e)) return false;
    throw e;
  }
}

/** Releases the lock if `owner` still holds it. */
export async function releaseRunLock(owner: string): Promise<void> {
  try {
    await ddb().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: SPOT_RUN_LOCK,
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
  } catch (e) {
    if (!conditionFailed(e)) throw e;
  }
}

export async function listSpotInstances(): Promise<SpotInstanceItem[]> {
  const items: SpotInstanceItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await ddb().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': SPOT_INSTANCES_PK }, ExclusiveStartKey: start }),
    );
    items.push(...((r.Items ?? []) as SpotInstanceItem[]));
    start = r.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Records a launched instance (once: an instance id is recorded at most once). */
export async function recordSpotInstance(item: SpotInstanceItem): Promise<void> {
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...spotInstanceKey(item.region, item.instanceId), ...item },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** What EC2 says of a recorded instance now; nothing if the record was cleared meanwhile. */
export async function updateSpotInstance(region: string, instanceId: string, seen: { state: string; publicIp?: string; privateIp?: string }): Promise<void> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: spotInstanceKey(region, instanceId),
        UpdateExpression: 'SET #state = :state, publicIp = :pub, privateIp = :priv, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':state': seen.state, ':pub': seen.publicIp ?? null, ':priv': seen.privateIp ?? null, ':now': new Date().toISOString() },
      }),
    );
  } catch (e) {
    if (!conditionFailed(e)) throw e;
  }
}

export async function clearSpotInstance(region: string, instanceId: string): Promise<void> {
  await ddb().send(new DeleteCommand({ TableName: tableName(), Key: spotInstanceKey(region, instanceId) }));
}
