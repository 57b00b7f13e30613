// What a committed change of a protection group item publishes to onProtectionGroupChanged, through
// the IAM-only publish mutation (domain/publishing reads the table's stream and sends it). The stream
// carries the item, not the caller: who changed it is the item's updatedBy (set from the verified
// identity by every write), and for a delete the deletedBy that `recordDeleter` stamps just before it.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { actor, type Identity } from '../../platform/resolver-event.ts';
import type { Publication } from '../publishing/publication.ts';
import { sameValue } from '../publishing/publication.ts';
import { pgKey } from './keys.ts';
import { fromItem, publicGroup, type StoredGroup } from './store.ts';

const GROUP_FIELDS = `id version name description region accountId sourceServerIds
  serverSelectionTags { key value }
  launchConfig { subnetId securityGroupIds instanceType instanceProfileName copyPrivateIp copyTags
    licensing { osByol } targetInstanceTypeRightSizingMethod launchDisposition }
  launchConfigApplyResults { applied skipped failed details { serverId status templateId templateVersion reason } }
  createdAt updatedAt`;

export const PUBLISH_GROUP_CHANGE = `mutation Publish($input: ProtectionGroupChangeInput!) {
  publishProtectionGroupChange(input: $input) {
    id action name region version changedBy changedAt
    group { ${GROUP_FIELDS} }
  }
}`;

/** What a delete leaves on the item for the stream's REMOVE record: who deleted it, and when. */
interface Deletion {
  deletedBy?: string;
  deletedAt?: string;
}

/** The group as subscribers see it (the deletion stamp is bookkeeping, like the lock account). */
const view = (g: StoredGroup & Deletion) => {
  const { deletedBy: _b, deletedAt: _a, ...rest } = publicGroup(g) as ReturnType<typeof publicGroup> & Deletion;
  return rest;
};

/**
 * Stamps who is deleting the group onto it (same version condition as the delete), so the stream's
 * REMOVE record names the deleter. A delete that then fails leaves the stamp, which nothing shows.
 */
export async function recordDeleter(g: StoredGroup, who: Identity): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: pgKey(g.id),
      UpdateExpression: 'SET deletedBy = :b, deletedAt = :a',
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':b': actor(who), ':a': new Date().toISOString(), ':v': g.version },
    }),
  ).catch((e) => {
    // The delete's own condition then answers (VERSION_CONFLICT or PROTECTION_GROUP_NOT_FOUND).
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
  });
}

/**
 * A group item's change (old and new image as stored; undefined: none): CREATED, UPDATED when what
 * subscribers see changed (not for plan reference counts or the deletion stamp), DELETED.
 */
export function groupPublications(oldItem: Record<string, unknown> | undefined, newItem: Record<string, unknown> | undefined): Publication[] {
  const before = oldItem ? (fromItem(oldItem) as StoredGroup & Deletion) : undefined;
  const now = newItem ? (fromItem(newItem) as StoredGroup & Deletion) : undefined;
  if (now && before && sameValue(view(before), view(now))) return [];
  const g = (now ?? before)!;
  const action = !before ? 'CREATED' : now ? 'UPDATED' : 'DELETED';
  const input = {
    id: g.id,
    action,
    name: g.name,
    region: g.region,
    version: g.version,
    changedBy: (action === 'DELETED' ? g.deletedBy : g.updatedBy) ?? g.updatedBy ?? g.createdBy ?? null,
    changedAt: (action === 'DELETED' ? g.deletedAt : g.updatedAt) ?? new Date().toISOString(),
    group: now ? JSON.stringify(view(now)) : null,
  };
  return [{ mutation: 'publishProtectionGroupChange', query: PUBLISH_GROUP_CHANGE, input, about: { groupId: g.id, action } }];
}
