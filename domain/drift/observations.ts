// When a membership change nobody edited (a DRS tag added or removed) was first seen: one item per
// (baseline, group, server, kind), written with if_not_exists so every later check answers the same
// time. A change that is no longer there loses its item, so if it comes back it is seen anew.
import { DeleteCommand, QueryCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { planKey } from '../recovery-plans/keys.ts';

/** Observations outlive their baseline by this long at most (the table's TTL removes them). */
const KEEP_SECONDS = 90 * 24 * 3600;

const prefix = (baselineId: string) => `DRIFTSEEN#${baselineId}#`;
const seenKey = (planId: string, baselineId: string, groupId: string, kind: string, serverId: string) => ({
  pk: planKey(planId).pk,
  sk: `${prefix(baselineId)}${groupId}#${kind}#${serverId}`,
});

export interface Observation {
  groupId: string;
  kind: 'SERVER_JOINED' | 'SERVER_LEFT';
  sourceServerId: string;
}

/**
 * The first-seen time of each observation (recorded now if new); observations of this baseline not in
 * `current` are removed.
 */
export async function firstSeen(planId: string, baselineId: string, current: Observation[], now: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = new Set<string>();
  for (const o of current) {
    const key = seenKey(planId, baselineId, o.groupId, o.kind, o.sourceServerId);
    wanted.add(key.sk);
    const r = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        // Atomic: of two concurrent checks, the first time written wins and both answer it.
        UpdateExpression: 'SET firstSeen = if_not_exists(firstSeen, :now), #ttl = if_not_exists(#ttl, :ttl), entity = :e',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': now, ':ttl': Math.floor(Date.parse(now) / 1000) + KEEP_SECONDS, ':e': 'DriftObservation' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    out.set(key.sk, r.Attributes?.firstSeen as string);
  }
  let start: Record<string, unknown> | undefined;
  do {
    const r: QueryCommandOutput = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': planKey(planId).pk, ':p': prefix(baselineId) },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const it of r.Items ?? []) {
      if (!wanted.has(it.sk as string)) await ddb().send(new DeleteCommand({ TableName: tableName(), Key: { pk: it.pk, sk: it.sk } }));
    }
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export const observationKey = (planId: string, baselineId: string, o: Observation) => seenKey(planId, baselineId, o.groupId, o.kind, o.sourceServerId).sk;
