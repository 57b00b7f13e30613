// Recovery plans: ordered waves of protection groups, their conflicts and their last execution.
import { randomUUID } from 'node:crypto';
import { DescribeRecoveryInstancesCommand } from '@aws-sdk/client-drs';
import { drs } from '../target-accounts/clients.ts';
import { AppError } from '../../platform/errors.ts';
import { actor, type Identity } from '../../platform/resolver-event.ts';
import { invalidNextToken, nextTokenAfter, positionFrom } from '../../platform/page-token.ts';
import type {
  CreateRecoveryPlanInput,
  ExistingInstancesCheck,
  RecoveryPlan,
  RecoveryPlanConnection,
  RecoveryPlanFilter,
  UpdateRecoveryPlanInput,
} from '../../platform/generated/graphql.ts';
import { allGroups, getGroup, type StoredGroup } from '../protection-groups/store.ts';
import { drsError, groupServers } from '../protection-groups/inventory.ts';
import { validName } from '../protection-groups/validate.ts';
import { activeGroupLocks, allPlans, getPlan, insertPlan, removePlan, replacePlan, type StoredPlan } from './store.ts';
import { validWaves } from './validate.ts';
import { validTtl } from '../executions/ttl-rules.ts';
import { checkInput } from '../../platform/input-check.ts';

async function groupsById(ids: readonly string[]): Promise<Map<string, StoredGroup>> {
  const found = await Promise.all([...new Set(ids)].map((id) => getGroup(id)));
  return new Map(found.filter((g): g is StoredGroup => !!g).map((g) => [g.id, g]));
}

/** The API view: group names resolved now (groups can be renamed) and the computed fields. */
async function view(plans: StoredPlan[], groups?: Map<string, StoredGroup>): Promise<RecoveryPlan[]> {
  const ids = plans.flatMap((p) => p.waves.map((w) => w.protectionGroupId));
  const byId = groups ?? (await groupsById(ids));
  const locks = await activeGroupLocks([...new Set(ids)]);
  return plans.map((p) => ({
    id: p.id,
    version: p.version,
    name: p.name,
    description: p.description,
    waves: p.waves.map((w) => ({ ...w, protectionGroupName: byId.get(w.protectionGroupId)?.name ?? null })),
    waveCount: p.waves.length,
    drillTtlMinutes: p.drillTtlMinutes ?? null,
    // Another plan's execution is launching servers this plan would launch.
    hasServerConflict: p.waves.some((w) => {
      const lock = locks.get(w.protectionGroupId);
      return !!lock && lock.planId !== p.id;
    }),
    lastExecution: p.lastExecution ?? null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  }));
}

export async function getPlanView(id: string): Promise<RecoveryPlan | null> {
  const p = await getPlan(id);
  return p ? (await view([p]))[0] : null;
}

export async function createPlan(input: CreateRecoveryPlanInput, who: Identity): Promise<RecoveryPlan> {
  // The API's input limits, for callers other than the API too (configuration import).
  checkInput('Mutation.createRecoveryPlan', { input });
  const name = validName(input.name);
  const waves = validWaves(input.waves);
  const drillTtlMinutes = validTtl(input.drillTtlMinutes, 'drillTtlMinutes');
  const now = new Date().toISOString();
  const plan: StoredPlan = {
    id: randomUUID(),
    version: 1,
    name,
    description: input.description ?? null,
    waves,
    lastExecution: null,
    ...(drillTtlMinutes !== null ? { drillTtlMinutes } : {}),
    createdAt: now,
    updatedAt: now,
    createdBy: actor(who),
    updatedBy: actor(who),
  };
  await insertPlan(plan);
  return (await view([plan]))[0];
}

export async function updatePlan(id: string, input: UpdateRecoveryPlanInput, who: Identity): Promise<RecoveryPlan> {
  if (input.version == null) throw new AppError('MISSING_FIELD', 'version is required', { field: 'version' });
  const before = await getPlan(id);
  if (!before) throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${id} not found`, { id });
  if (before.version !== input.version) {
    throw new AppError('VERSION_CONFLICT', 'Resource was modified by another user. Please refresh and try again.', { id, currentVersion: before.version });
  }
  const after: StoredPlan = {
    ...before,
    ...planTtlUpdate(before, input),
    name: input.name != null ? validName(input.name) : before.name,
    description: input.description !== undefined ? input.description : before.description,
    waves: input.waves != null ? validWaves(input.waves) : before.waves,
    version: before.version + 1,
    updatedAt: new Date().toISOString(),
    updatedBy: actor(who),
  };
  await replacePlan(before, after);
  return (await view([after]))[0];
}

/** The plan's drill TTL after an update: unchanged unless the input sets it or clears it (not both). */
function planTtlUpdate(before: StoredPlan, input: UpdateRecoveryPlanInput): Pick<StoredPlan, 'drillTtlMinutes'> {
  const given = validTtl(input.drillTtlMinutes, 'drillTtlMinutes');
  if (input.clearDrillTtl && given !== null) {
    throw new AppError('INVALID_INPUT', 'Send drillTtlMinutes or clearDrillTtl, not both', { field: 'clearDrillTtl' });
  }
  if (input.clearDrillTtl) return { drillTtlMinutes: null };
  return { drillTtlMinutes: given ?? before.drillTtlMinutes ?? null };
}

export async function deletePlan(id: string, who: Identity): Promise<RecoveryPlan> {
  for (let attempt = 0; ; attempt++) {
    const p = await getPlan(id);
    if (!p) throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${id} not found`, { id });
    const answer = (await view([p]))[0];
    try {
      await removePlan(p, actor(who));
      return answer;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'VERSION_CONFLICT' && attempt < 3)) throw e;
    }
  }
}

const MAX_LIMIT = 100;
const LIST = 'Query.listRecoveryPlans';

export async function listPlans(
  filter: RecoveryPlanFilter | null | undefined,
  limit: number | null | undefined,
  nextToken: string | null | undefined,
  who: Identity,
): Promise<RecoveryPlanConnection> {
  const size = limit ?? 50;
  if (size < 1 || size > MAX_LIMIT) throw new AppError('INVALID_LIMIT', `limit must be between 1 and ${MAX_LIMIT}`, { field: 'limit' });
  // The token is opaque (platform/page-token.ts): it continues this filter's listing for this caller only.
  const after = nextToken ? await positionFrom(LIST, filter ?? null, who, nextToken) : null;
  if (after !== null && typeof after !== 'string') throw invalidNextToken();
  const [plans, groups] = await Promise.all([allPlans(), allGroups()]);
  const byId = new Map(groups.map((g) => [g.id, g]));
  let tag: { key: string; value: string } | null = null;
  if (filter?.tag) {
    const i = filter.tag.indexOf('=');
    if (i < 1) throw new AppError('INVALID_TAGS', 'tag filter must be Key=Value', { field: 'tag' });
    tag = { key: filter.tag.slice(0, i), value: filter.tag.slice(i + 1) };
  }
  const sorted = plans.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id));
  const views = await view(sorted, byId);
  const matches = views.filter((p) => {
    if (filter?.name && p.name.toLowerCase() !== filter.name.trim().toLowerCase()) return false;
    if (filter?.nameContains && !p.name.toLowerCase().includes(filter.nameContains.toLowerCase())) return false;
    if (filter?.hasConflict != null && p.hasServerConflict !== filter.hasConflict) return false;
    if (filter?.lastExecutionStatus && p.lastExecution?.status !== filter.lastExecutionStatus) return false;
    if (tag) {
      const t = tag;
      const hit = p.waves.some((w) => byId.get(w.protectionGroupId)?.serverSelectionTags.some((x) => x.key === t.key && x.value === t.value));
      if (!hit) return false;
    }
    return true;
  });
  // The token holds the sort key of the last plan answered, so pages stay stable while plans change.
  const key = (p: RecoveryPlan) => `${p.name.toLowerCase()}#${p.id}`;
  const rest = after ? matches.filter((p) => key(p) > after) : matches;
  const page = rest.slice(0, size);
  return { items: page, nextToken: rest.length > size ? await nextTokenAfter(LIST, filter ?? null, who, key(page[page.length - 1])) : null };
}

/** Recovery instances DRS already holds for the plan's servers (launching again would duplicate them). */
export async function checkExistingInstances(planId: string): Promise<ExistingInstancesCheck> {
  const p = await getPlan(planId);
  if (!p) throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${planId} not found`, { id: planId });
  const groups = await groupsById(p.waves.map((w) => w.protectionGroupId));
  // DRS is per region and account: one listing per (region, account) the plan's groups live in.
  const byScope = new Map<string, { region: string; accountId: string | null; ids: string[] }>();
  for (const g of groups.values()) {
    const ids = (await groupServers(g)).map((s) => s.sourceServerId);
    const key = `${g.region}|${g.accountId ?? ''}`;
    const scope = byScope.get(key) ?? { region: g.region, accountId: g.accountId ?? null, ids: [] };
    scope.ids.push(...ids);
    byScope.set(key, scope);
  }
  const existingInstances = [];
  for (const { region, accountId, ids } of byScope.values()) {
    for (let i = 0; i < ids.length; i += 200) {
      let nextToken: string | undefined;
      do {
        const r = await drs(region, accountId)
          .send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: ids.slice(i, i + 200) }, nextToken }))
          .catch((e) => drsError(region, e));
        for (const ri of r.items ?? []) {
          existingInstances.push({
            sourceServerId: ri.sourceServerID!,
            recoveryInstanceId: ri.recoveryInstanceID!,
            state: ri.ec2InstanceState?.toLowerCase() ?? null,
            launchedAt: ri.pointInTimeSnapshotDateTime ?? null,
          });
        }
        nextToken = r.nextToken;
      } while (nextToken);
    }
  }
  return { hasConflicts: existingInstances.length > 0, existingInstances };
}
