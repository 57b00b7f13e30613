// Input rules for protection groups, with the guide's error codes. Pure: no I/O here.
import { AppError } from '../../platform/errors.ts';
import type { LaunchConfigInput, TagInput } from '../../platform/generated/graphql.ts';
import { MAX_EXPLICIT_SERVERS, NAME_MAX, TAG_KEY_MAX, TAG_VALUE_MAX } from '../../platform/input-limits.ts';

// The limits live in platform/input-limits.ts (the API checks them before this code runs); these rules
// apply them again for callers other than the API (configuration import).
export { MAX_EXPLICIT_SERVERS, NAME_MAX };

const SERVER_ID = /^s-[0-9a-f]{17}$/;
const ACCOUNT_ID = /^\d{12}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SG_ID = /^sg-[0-9a-f]{8,17}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

export function validName(name: string | null | undefined): string {
  if (name == null) throw new AppError('MISSING_FIELD', 'name is required', { field: 'name' });
  const trimmed = name.trim();
  if (!trimmed) throw new AppError('INVALID_NAME', 'Name cannot be empty', { field: 'name' });
  if (trimmed.length > NAME_MAX) {
    throw new AppError('INVALID_NAME', `Name must be ${NAME_MAX} characters or fewer`, { field: 'name' });
  }
  return trimmed;
}

export function validRegion(region: string | null | undefined, code: 'MISSING_FIELD' | 'MISSING_REGION' = 'MISSING_FIELD'): string {
  const r = region?.trim();
  if (!r) throw new AppError(code, code === 'MISSING_REGION' ? 'region is required' : 'region is required', { field: 'region' });
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r)) throw new AppError('MISSING_REGION', `"${r}" is not an AWS region`, { field: 'region' });
  return r;
}

export function validAccount(accountId: string | null | undefined): string | null {
  if (accountId == null || accountId === '') return null;
  if (!ACCOUNT_ID.test(accountId)) {
    throw new AppError('INVALID_ACCOUNT_ID', 'accountId must be a 12-digit AWS account ID', { field: 'accountId' });
  }
  return accountId;
}

export function validServerIds(ids: readonly string[]): string[] {
  if (ids.length === 0) throw new AppError('INVALID_SERVERS', 'SourceServerIds must be a non-empty array', { field: 'sourceServerIds' });
  const bad = ids.filter((id) => !SERVER_ID.test(id));
  if (bad.length) {
    throw new AppError('INVALID_SERVERS', `Malformed source server ID(s): ${bad.join(', ')}`, { field: 'sourceServerIds', invalidServerIds: bad });
  }
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) {
    throw new AppError('INVALID_SERVERS', 'SourceServerIds contains duplicates', { field: 'sourceServerIds' });
  }
  if (unique.length > MAX_EXPLICIT_SERVERS) {
    throw new AppError(
      'INVALID_SERVERS',
      `A group lists at most ${MAX_EXPLICIT_SERVERS} servers explicitly; select larger sets with ServerSelectionTags`,
      { field: 'sourceServerIds', max: MAX_EXPLICIT_SERVERS },
    );
  }
  return unique;
}

export function validTags(tags: readonly TagInput[]): TagInput[] {
  if (tags.length === 0) throw new AppError('INVALID_TAGS', 'ServerSelectionTags must be a non-empty object', { field: 'serverSelectionTags' });
  const keys = new Set<string>();
  for (const t of tags) {
    if (!t.key?.trim()) throw new AppError('INVALID_TAGS', 'Tag keys cannot be empty', { field: 'serverSelectionTags' });
    if (t.key.length > TAG_KEY_MAX || (t.value ?? '').length > TAG_VALUE_MAX) {
      throw new AppError('INVALID_TAGS', `Tag keys have ${TAG_KEY_MAX} characters or fewer, values ${TAG_VALUE_MAX} or fewer`, { field: 'serverSelectionTags' });
    }
    if (keys.has(t.key)) throw new AppError('INVALID_TAGS', `Tag key "${t.key}" appears twice`, { field: 'serverSelectionTags' });
    keys.add(t.key);
  }
  return [...tags].sort((a, b) => a.key.localeCompare(b.key)).map(({ key, value }) => ({ key, value }));
}

/** Canonical form of a tag set: the same set always gives the same string (TAG_CONFLICT lock). */
export const canonicalTags = (tags: readonly TagInput[]) =>
  JSON.stringify([...tags].sort((a, b) => a.key.localeCompare(b.key)).map((t) => [t.key, t.value]));

/** Either explicit servers or tags, never both; exactly one is required on create. */
export function validSelection(
  ids: readonly string[] | null | undefined,
  tags: readonly TagInput[] | null | undefined,
  required: boolean,
): { sourceServerIds: string[]; serverSelectionTags: TagInput[] } | null {
  if (ids != null && tags != null && ids.length && tags.length) {
    throw new AppError('INVALID_SERVERS', 'Use either SourceServerIds or ServerSelectionTags, not both', { field: 'sourceServerIds' });
  }
  if (ids != null && !(tags?.length)) return { sourceServerIds: validServerIds(ids), serverSelectionTags: [] };
  if (tags != null) return { sourceServerIds: [], serverSelectionTags: validTags(tags) };
  if (required) {
    throw new AppError('MISSING_FIELD', 'Either SourceServerIds or ServerSelectionTags is required', { field: 'sourceServerIds' });
  }
  return null;
}

/** Shape checks; existence in EC2/IAM is checked against the region in launch-config.ts. */
export function validLaunchConfigShape(lc: LaunchConfigInput | null | undefined): LaunchConfigInput | null {
  if (lc == null) return null;
  const bad = (msg: string, field: string) => new AppError('INVALID_LAUNCH_CONFIG', msg, { field: `launchConfig.${field}` });
  if (lc.subnetId != null && !SUBNET_ID.test(lc.subnetId)) throw bad(`Invalid subnet ID "${lc.subnetId}"`, 'subnetId');
  if (lc.securityGroupIds != null) {
    const wrong = lc.securityGroupIds.filter((g) => !SG_ID.test(g));
    if (wrong.length) throw bad(`Invalid security group ID(s): ${wrong.join(', ')}`, 'securityGroupIds');
    if (lc.securityGroupIds.length > 5) throw bad('At most 5 security groups per network interface', 'securityGroupIds');
  }
  if (lc.securityGroupIds?.length && !lc.subnetId) throw bad('SecurityGroupIds need a SubnetId', 'subnetId');
  if (lc.instanceType != null && !INSTANCE_TYPE.test(lc.instanceType)) throw bad(`Invalid instance type "${lc.instanceType}"`, 'instanceType');
  if (lc.instanceProfileName != null && !/^[\w+=,.@-]{1,128}$/.test(lc.instanceProfileName)) {
    throw bad(`Invalid instance profile name "${lc.instanceProfileName}"`, 'instanceProfileName');
  }
  // Keep only the fields given, so an update changes exactly what the caller named.
  return Object.fromEntries(Object.entries(lc).filter(([, v]) => v != null)) as LaunchConfigInput;
}
