// Every group change goes to onProtectionGroupChanged through the IAM-only publish mutation.
import { Logger } from '@aws-lambda-powertools/logger';
import { callAppSync } from '../../platform/appsync.ts';
import { actor, type Identity } from '../../platform/resolver-event.ts';
import type { ChangeAction } from '../../platform/generated/graphql.ts';
import { publicGroup, type StoredGroup } from './store.ts';

const logger = new Logger({ serviceName: 'protection-groups' });

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

/**
 * The write has committed before this runs; a failed publish is logged, not turned into a failed
 * mutation (the caller's change stands and a retry would duplicate it).
 */
export async function publishChange(action: ChangeAction, g: StoredGroup, who: Identity): Promise<void> {
  const input = {
    id: g.id,
    action,
    name: g.name,
    region: g.region,
    version: g.version,
    changedBy: actor(who),
    changedAt: new Date().toISOString(),
    group: action === 'DELETED' ? null : JSON.stringify(publicGroup(g)),
  };
  try {
    await callAppSync(PUBLISH_GROUP_CHANGE, { input });
  } catch (e) {
    logger.error('publishProtectionGroupChange failed', { error: e as Error, groupId: g.id, action });
  }
}
