// Protection groups: create, update, delete, tag preview and the DRS server listing with assignments.
import { randomUUID } from 'node:crypto';
import { currentAccountId } from '../../platform/aws/sts.ts';
import { getTargetAccountByAccountId } from '../target-accounts/store.ts';
import { AppError } from '../../platform/errors.ts';
import { checkInput } from '../../platform/input-check.ts';
import { actor, type Identity } from '../../platform/resolver-event.ts';
import type {
  CreateProtectionGroupInput,
  LaunchConfig,
  LaunchConfigInput,
  ProtectionGroup,
  ServerTagQueryResult,
  SourceServer,
  SourceServerConnection,
  TagInput,
  UpdateProtectionGroupInput,
} from '../../platform/generated/graphql.ts';
import { groupServers, listServers, matchesTags, type Server } from './inventory.ts';
import { applyLaunchConfig, checkResources } from './launch-config.ts';
import { recordDeleter } from './publish.ts';
import {
  allGroups,
  checkInsert,
  getGroup,
  insertGroup,
  publicGroup,
  removeGroup,
  replaceGroup,
  saveApplyResults,
  serverHolders,
  type PendingLocks,
  type StoredGroup,
} from './store.ts';
import { validAccount, validLaunchConfigShape, validName, validRegion, validSelection, validTags } from './validate.ts';

/**
 * The account whose DRS the group lives in: the API's own, or a registered target account, whose DRS
 * and EC2 calls then run with its assumed cross-account role (shared/credentials.ts).
 */
async function groupAccount(accountId: string | null): Promise<{ lockAccount: string; targetAccountRef: string | null }> {
  const current = await currentAccountId();
  if (!accountId || accountId === current) return { lockAccount: current, targetAccountRef: null };
  if (!(await getTargetAccountByAccountId(accountId))) {
    throw new AppError('TARGET_ACCOUNT_NOT_FOUND', `Account ${accountId} is not a registered target account; register it first`, {
      field: 'accountId',
      accountId,
    });
  }
  return { lockAccount: accountId, targetAccountRef: accountId };
}

/** The servers a selection names, checked against DRS; explicit IDs must all exist there. */
async function resolveSelection(region: string, ids: string[], tags: TagInput[], accountId: string | null): Promise<Server[]> {
  if (ids.length) {
    const found = await listServers(region, ids, accountId);
    const known = new Set(found.map((s) => s.sourceServerId));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) {
      throw new AppError('INVALID_SERVER_IDS', `Server(s) not found in DRS in ${region}: ${missing.join(', ')}`, {
        field: 'sourceServerIds',
        invalidServerIds: missing,
      });
    }
    return found;
  }
  return (await listServers(region, undefined, accountId)).filter((s) => matchesTags(s, tags));
}

/**
 * A tag selection must not pick servers another group holds explicitly. Tag matches are dynamic
 * (tags change in EC2/DRS), so this is checked when the selection is written, and again at run time.
 */
async function checkTagOverlap(account: string, region: string, groupId: string, matched: Server[], pending?: PendingLocks): Promise<void> {
  const holders = await serverHolders(account, region, matched.map((s) => s.sourceServerId), pending);
  const clashes = [...holders].filter(([, holder]) => holder !== groupId);
  if (!clashes.length) return;
  const names = new Map<string, string>();
  for (const [, h] of clashes) if (!names.has(h)) names.set(h, (await getGroup(h))?.name ?? h);
  throw new AppError('SERVER_CONFLICT', `${clashes.length} server(s) selected by these tags are already assigned to another protection group`, {
    conflictingServers: clashes.map(([serverId, h]) => ({ serverId, existingGroupId: h, existingGroupName: names.get(h) })),
  });
}

function toLaunchConfig(lc: LaunchConfigInput | null): LaunchConfig | null {
  if (!lc) return null;
  return {
    subnetId: lc.subnetId ?? null,
    securityGroupIds: lc.securityGroupIds ?? null,
    instanceType: lc.instanceType ?? null,
    instanceProfileName: lc.instanceProfileName ?? null,
    copyPrivateIp: lc.copyPrivateIp ?? null,
    copyTags: lc.copyTags ?? null,
    licensing: lc.licensing ? { osByol: lc.licensing.osByol ?? null } : null,
    targetInstanceTypeRightSizingMethod: lc.targetInstanceTypeRightSizingMethod ?? null,
    launchDisposition: lc.launchDisposition ?? null,
  };
}

const asInput = (lc: LaunchConfig): LaunchConfigInput =>
  Object.fromEntries(Object.entries(lc).filter(([, v]) => v != null)) as LaunchConfigInput;

/**
 * `dryRun`: run every check a create makes (DRS, EC2 and IAM read only; the write's lock conditions
 * read, counting the given pending locks as held), write nothing, and answer the group that would be
 * created; its locks are added to the pending set (configuration import dry runs).
 */
export async function createGroup(
  input: CreateProtectionGroupInput,
  who: Identity,
  opts: { dryRun?: PendingLocks } = {},
): Promise<ProtectionGroup> {
  // The API's input limits, for callers other than the API too (configuration import).
  checkInput('Mutation.createProtectionGroup', { input });
  const name = validName(input.name);
  const region = validRegion(input.region);
  const accountId = validAccount(input.accountId);
  const selection = validSelection(input.sourceServerIds, input.serverSelectionTags, true)!;
  const launchConfig = validLaunchConfigShape(input.launchConfig);
  const { lockAccount, targetAccountRef } = await groupAccount(accountId);
  const servers = await resolveSelection(region, selection.sourceServerIds, selection.serverSelectionTags, accountId);
  if (launchConfig) await checkResources(region, launchConfig, accountId);
  const id = randomUUID();
  if (selection.serverSelectionTags.length) await checkTagOverlap(lockAccount, region, id, servers, opts.dryRun);

  const now = new Date().toISOString();
  const group: StoredGroup = {
    id,
    version: 1,
    name,
    description: input.description ?? null,
    region,
    accountId,
    ...selection,
    launchConfig: toLaunchConfig(launchConfig),
    launchConfigApplyResults: null,
    createdAt: now,
    updatedAt: now,
    lockAccount,
    targetAccountRef,
    planRefCount: 0,
    createdBy: actor(who),
    updatedBy: actor(who),
  };
  if (opts.dryRun) {
    await checkInsert(group, opts.dryRun);
    return publicGroup(group);
  }
  await insertGroup(group);
  if (launchConfig) {
    group.launchConfigApplyResults = await applyLaunchConfig(region, servers.map((s) => s.sourceServerId), launchConfig, accountId);
    await saveApplyResults(group);
  }
  return publicGroup(group);
}

export async function updateGroup(id: string, input: UpdateProtectionGroupInput, who: Identity): Promise<ProtectionGroup> {
  if (input.version == null) throw new AppError('MISSING_FIELD', 'version is required', { field: 'version' });
  const before = await getGroup(id);
  if (!before) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${id} not found`, { id });
  if (before.version !== input.version) {
    throw new AppError('VERSION_CONFLICT', 'Resource was modified by another user. Please refresh and try again.', {
      id,
      currentVersion: before.version,
    });
  }
  const name = input.name != null ? validName(input.name) : before.name;
  const selection = validSelection(input.sourceServerIds, input.serverSelectionTags, false) ?? {
    sourceServerIds: before.sourceServerIds,
    serverSelectionTags: before.serverSelectionTags,
  };
  const launchConfigInput = validLaunchConfigShape(input.launchConfig);
  const selectionChanged =
    JSON.stringify(selection) !== JSON.stringify({ sourceServerIds: before.sourceServerIds, serverSelectionTags: before.serverSelectionTags });
  const servers = selectionChanged || launchConfigInput
    ? await resolveSelection(before.region, selection.sourceServerIds, selection.serverSelectionTags, before.accountId ?? null)
    : [];
  if (launchConfigInput) await checkResources(before.region, launchConfigInput, before.accountId);
  if (selectionChanged && selection.serverSelectionTags.length) await checkTagOverlap(before.lockAccount, before.region, id, servers);

  const after: StoredGroup = {
    ...before,
    name,
    description: input.description !== undefined ? input.description : before.description,
    ...selection,
    // A launch configuration given on update replaces the stored one (the guide sends it whole).
    launchConfig: launchConfigInput ? toLaunchConfig(launchConfigInput) : before.launchConfig,
    version: before.version + 1,
    updatedAt: new Date().toISOString(),
    updatedBy: actor(who),
  };
  await replaceGroup(before, after);

  // Apply a new configuration to every server; an unchanged one only to servers that just joined.
  const targets = launchConfigInput
    ? servers.map((s) => s.sourceServerId)
    : servers.map((s) => s.sourceServerId).filter((sid) => !before.sourceServerIds.includes(sid));
  if (after.launchConfig && targets.length && (launchConfigInput || selectionChanged)) {
    after.launchConfigApplyResults = await applyLaunchConfig(after.region, targets, asInput(after.launchConfig), after.accountId);
    await saveApplyResults(after);
  }
  return publicGroup(after);
}

export async function deleteGroup(id: string, who: Identity): Promise<ProtectionGroup> {
  // A concurrent edit changes the version (and maybe the locks): reload and try again.
  for (let attempt = 0; ; attempt++) {
    const g = await getGroup(id);
    if (!g) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${id} not found`, { id });
    try {
      // Subscribers learn of the delete from the stream's REMOVE record, which names the deleter.
      await recordDeleter(g, who);
      await removeGroup(g, actor(who));
      return publicGroup(g);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'VERSION_CONFLICT' && attempt < 3)) throw e;
    }
  }
}

function withAssignments(servers: Server[], groups: StoredGroup[]): SourceServer[] {
  return servers.map((s) => {
    const g =
      groups.find((x) => x.sourceServerIds.includes(s.sourceServerId)) ??
      groups.find((x) => x.serverSelectionTags.length && matchesTags(s, x.serverSelectionTags));
    return { ...s, assignedProtectionGroupId: g?.id ?? null, assignedProtectionGroupName: g?.name ?? null };
  });
}

/** The groups of a region whose servers live in the same account (a server ID is per account). */
async function accountGroups(region: string, lockAccount: string): Promise<StoredGroup[]> {
  return (await allGroups(region)).filter((g) => g.lockAccount === lockAccount);
}

export async function previewByTags(region: string, tags: TagInput[], accountId?: string | null): Promise<ServerTagQueryResult> {
  const r = validRegion(region, 'MISSING_REGION');
  const selection = validTags(tags);
  const account = validAccount(accountId);
  const { lockAccount } = await groupAccount(account);
  const servers = (await listServers(r, undefined, account)).filter((s) => matchesTags(s, selection));
  return { servers: withAssignments(servers, await accountGroups(r, lockAccount)), matchedTags: selection };
}

/** What a group selects now: its explicit servers, or what its tags match in DRS today. */
export async function resolveGroup(id: string): Promise<ServerTagQueryResult> {
  const g = await getGroup(id);
  if (!g) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${id} not found`, { id });
  const servers = await groupServers(g);
  return { servers: withAssignments(servers, await accountGroups(g.region, g.lockAccount)), matchedTags: g.serverSelectionTags };
}

export async function listSourceServers(
  region: string | null | undefined,
  regions: string[] | null | undefined,
  accountId?: string | null,
): Promise<SourceServerConnection> {
  const wanted = [...new Set([...(region ? [region] : []), ...(regions ?? [])])];
  if (!wanted.length) throw new AppError('MISSING_REGION', 'region query parameter is required', { field: 'region' });
  const account = validAccount(accountId);
  const { lockAccount } = await groupAccount(account);
  const items: SourceServer[] = [];
  for (const r of wanted.map((x) => validRegion(x, 'MISSING_REGION'))) {
    const [servers, groups] = await Promise.all([listServers(r, undefined, account), accountGroups(r, lockAccount)]);
    items.push(...withAssignments(servers, groups));
  }
  return { items, nextToken: null };
}
