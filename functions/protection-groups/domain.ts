// Protection groups: create, update, delete, tag preview and the DRS server listing with assignments.
import { randomUUID } from 'node:crypto';
import { currentAccountId } from '../shared/aws.ts';
import { AppError } from '../shared/errors.ts';
import { actor, type Identity } from '../shared/resolver-event.ts';
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
} from '../shared/generated/graphql.ts';
import { listServers, matchesTags, type Server } from './inventory.ts';
import { applyLaunchConfig, checkResources } from './launch-config.ts';
import { publishChange } from './publish.ts';
import {
  allGroups,
  getGroup,
  insertGroup,
  publicGroup,
  removeGroup,
  replaceGroup,
  saveApplyResults,
  serverHolders,
  type StoredGroup,
} from './store.ts';
import { validAccount, validLaunchConfigShape, validName, validRegion, validSelection, validTags } from './validate.ts';

/** The account whose DRS the group lives in. Target accounts (assumed roles) arrive with issue 4. */
async function groupAccount(accountId: string | null): Promise<string> {
  const current = await currentAccountId();
  if (accountId && accountId !== current) {
    throw new AppError('NOT_IMPLEMENTED', `Cross-account protection groups (account ${accountId}) are not implemented yet`, {
      accountId,
    });
  }
  return current;
}

/** The servers a selection names, checked against DRS; explicit IDs must all exist there. */
async function resolveSelection(region: string, ids: string[], tags: TagInput[]): Promise<Server[]> {
  if (ids.length) {
    const found = await listServers(region, ids);
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
  return (await listServers(region)).filter((s) => matchesTags(s, tags));
}

/**
 * A tag selection must not pick servers another group holds explicitly. Tag matches are dynamic
 * (tags change in EC2/DRS), so this is checked when the selection is written, and again at run time.
 */
async function checkTagOverlap(account: string, region: string, groupId: string, matched: Server[]): Promise<void> {
  const holders = await serverHolders(account, region, matched.map((s) => s.sourceServerId));
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

export async function createGroup(input: CreateProtectionGroupInput, who: Identity): Promise<ProtectionGroup> {
  const name = validName(input.name);
  const region = validRegion(input.region);
  const accountId = validAccount(input.accountId);
  const selection = validSelection(input.sourceServerIds, input.serverSelectionTags, true)!;
  const launchConfig = validLaunchConfigShape(input.launchConfig);
  const lockAccount = await groupAccount(accountId);
  const servers = await resolveSelection(region, selection.sourceServerIds, selection.serverSelectionTags);
  if (launchConfig) await checkResources(region, launchConfig);
  const id = randomUUID();
  if (selection.serverSelectionTags.length) await checkTagOverlap(lockAccount, region, id, servers);

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
    planRefCount: 0,
    createdBy: actor(who),
    updatedBy: actor(who),
  };
  await insertGroup(group);
  if (launchConfig) {
    group.launchConfigApplyResults = await applyLaunchConfig(region, servers.map((s) => s.sourceServerId), launchConfig);
    await saveApplyResults(group);
  }
  await publishChange('CREATED', group, who);
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
    ? await resolveSelection(before.region, selection.sourceServerIds, selection.serverSelectionTags)
    : [];
  if (launchConfigInput) await checkResources(before.region, launchConfigInput);
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
    after.launchConfigApplyResults = await applyLaunchConfig(after.region, targets, asInput(after.launchConfig));
    await saveApplyResults(after);
  }
  await publishChange('UPDATED', after, who);
  return publicGroup(after);
}

export async function deleteGroup(id: string, who: Identity): Promise<ProtectionGroup> {
  // A concurrent edit changes the version (and maybe the locks): reload and try again.
  for (let attempt = 0; ; attempt++) {
    const g = await getGroup(id);
    if (!g) throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${id} not found`, { id });
    try {
      await removeGroup(g);
      await publishChange('DELETED', g, who);
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

export async function previewByTags(region: string, tags: TagInput[]): Promise<ServerTagQueryResult> {
  const r = validRegion(region, 'MISSING_REGION');
  const selection = validTags(tags);
  const servers = (await listServers(r)).filter((s) => matchesTags(s, selection));
  return { servers: withAssignments(servers, await allGroups(r)), matchedTags: selection };
}

export async function listSourceServers(region: string | null | undefined, regions: string[] | null | undefined): Promise<SourceServerConnection> {
  const wanted = [...new Set([...(region ? [region] : []), ...(regions ?? [])])];
  if (!wanted.length) throw new AppError('MISSING_REGION', 'region query parameter is required', { field: 'region' });
  const items: SourceServer[] = [];
  for (const r of wanted.map((x) => validRegion(x, 'MISSING_REGION'))) {
    const [servers, groups] = await Promise.all([listServers(r), allGroups(r)]);
    items.push(...withAssignments(servers, groups));
  }
  return { items, nextToken: null };
}
