// Import: creates the groups and plans of a configuration document that do not exist yet, through
// the same createGroup/createPlan the API uses (validation, invariants, launch configuration). A dry
// run makes the same checks in the same order, DRS/EC2/IAM read only, and writes nothing.
import { Logger } from '@aws-lambda-powertools/logger';
import { AppError } from '../../platform/errors.ts';
import type { Identity } from '../../platform/resolver-event.ts';
import type { CreateProtectionGroupInput, WaveInput } from '../../platform/generated/graphql.ts';
import { createGroup } from '../../domain/protection-groups/service.ts';
import { groupServers } from '../../domain/protection-groups/inventory.ts';
import { allGroups, type PendingLocks } from '../../domain/protection-groups/store.ts';
import { validAccount, validName, validRegion, validTags } from '../../domain/protection-groups/validate.ts';
import { createPlan } from '../../domain/recovery-plans/service.ts';
import { allPlans } from '../../domain/recovery-plans/store.ts';
import { validTtl } from '../../domain/executions/ttl-rules.ts';
import { validWaves } from '../../domain/recovery-plans/validate.ts';
import { entryName, readDocument, readGroup, readPlan, type ReadWave } from './document.ts';

const logger = new Logger({ serviceName: 'configuration' });

export type ItemStatus = 'created' | 'would_create' | 'skipped' | 'failed';
export interface ItemResult {
  name: string | null;
  status: ItemStatus;
  reason?: string;
  /** The error code behind a failure (the API's codes). */
  code?: string;
  id?: string;
  /** Groups with a launch configuration: whether it reached every server (real import only). */
  launchConfigApplied?: boolean;
}
export interface Counts {
  total: number;
  /** In a dry run: how many would be created. */
  created: number;
  skipped: number;
  failed: number;
}
export interface ImportResult {
  dryRun: boolean;
  summary: { protectionGroups: Counts; recoveryPlans: Counts };
  protectionGroups: ItemResult[];
  recoveryPlans: ItemResult[];
  /** Real import only: what was created (the guide's backup/restore script lists `.created[]`). */
  created?: Array<{ type: 'ProtectionGroup' | 'RecoveryPlan'; name: string; id: string }>;
}

const NAME_EXISTS = 'Name already exists';

function failure(name: string | null, e: unknown): ItemResult {
  if (e instanceof AppError) return { name, status: 'failed', reason: e.message, code: e.code };
  logger.error('import item failed', { error: e as Error, name });
  return { name, status: 'failed', reason: 'Internal error; the function log has the details', code: 'INTERNAL_ERROR' };
}

/**
 * The guide's rule "tag-based groups must resolve to at least one server" (createGroup itself accepts
 * a selection that matches nothing yet). Malformed regions or tags are left to createGroup to report.
 */
async function requireTagMatches(input: CreateProtectionGroupInput): Promise<void> {
  if (input.sourceServerIds?.length || !input.serverSelectionTags?.length) return;
  let selection: { region: string; accountId: string | null; sourceServerIds: string[]; serverSelectionTags: ReturnType<typeof validTags> };
  try {
    selection = {
      region: validRegion(input.region),
      accountId: validAccount(input.accountId),
      sourceServerIds: [],
      serverSelectionTags: validTags(input.serverSelectionTags),
    };
  } catch {
    return;
  }
  if ((await groupServers(selection)).length === 0) {
    const tags = selection.serverSelectionTags.map((t) => `${t.key}=${t.value}`).join(', ');
    throw new AppError('INVALID_TAGS', `No source servers in ${selection.region} match the tags ${tags}`, {
      field: 'serverSelectionTags',
      region: selection.region,
    });
  }
}

function counts(items: ItemResult[]): Counts {
  const n = (s: ItemStatus[]) => items.filter((i) => s.includes(i.status)).length;
  return { total: items.length, created: n(['created', 'would_create']), skipped: n(['skipped']), failed: n(['failed']) };
}

export async function importConfiguration(input: unknown, dryRun: boolean, who: Identity): Promise<ImportResult> {
  const doc = readDocument(input);
  const [groups, plans] = await Promise.all([allGroups(), allPlans()]);
  /** Group name (lowercase: names are unique ignoring case) → id, for existing and imported groups. */
  const groupIds = new Map(groups.map((g) => [g.name.toLowerCase(), g.id]));
  const knownIds = new Set(groups.map((g) => g.id));
  const failedGroups = new Map<string, string>();
  const planNames = new Set(plans.map((p) => p.name.toLowerCase()));
  /** Dry run: the locks the groups before this one would hold (the real import writes them). */
  const pending: PendingLocks = new Map();
  const created: NonNullable<ImportResult['created']> = [];

  const groupResults: ItemResult[] = [];
  for (const entry of doc.protectionGroups) {
    let name = entryName(entry, 'group');
    try {
      const input = readGroup(entry);
      name = validName(input.name);
      const key = name.toLowerCase();
      if (groupIds.has(key)) {
        groupResults.push({ name, status: 'skipped', reason: NAME_EXISTS });
        continue;
      }
      await requireTagMatches(input);
      if (dryRun) {
        const g = await createGroup(input, who, { dryRun: pending });
        groupIds.set(key, g.id);
        failedGroups.delete(key);
        groupResults.push({ name, status: 'would_create' });
      } else {
        const g = await createGroup(input, who);
        groupIds.set(key, g.id);
        knownIds.add(g.id);
        failedGroups.delete(key);
        const r = g.launchConfigApplyResults;
        groupResults.push({ name, status: 'created', id: g.id, ...(g.launchConfig ? { launchConfigApplied: !!r && r.failed === 0 } : {}) });
        created.push({ type: 'ProtectionGroup', name, id: g.id });
      }
    } catch (e) {
      if (e instanceof AppError && e.code === 'PG_NAME_EXISTS') {
        groupResults.push({ name, status: 'skipped', reason: NAME_EXISTS });
        continue;
      }
      if (name) failedGroups.set(name.toLowerCase(), name);
      groupResults.push(failure(name, e));
    }
  }

  /** The group a wave names: by name (existing or imported), else by id; a failed group fails the plan. */
  const groupOf = (w: ReadWave): string => {
    if (w.protectionGroupName != null) {
      const key = w.protectionGroupName.trim().toLowerCase();
      const id = groupIds.get(key);
      if (id) return id;
      const failed = failedGroups.get(key);
      if (failed) {
        throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Referenced Protection Group '${failed}' failed to import`, {
          protectionGroupName: failed,
          waveNumber: w.waveNumber,
        });
      }
      throw new AppError(
        'PROTECTION_GROUP_NOT_FOUND',
        `Referenced Protection Group '${w.protectionGroupName}' does not exist and is not in the import`,
        { protectionGroupName: w.protectionGroupName, waveNumber: w.waveNumber },
      );
    }
    if (w.protectionGroupId != null) {
      if (knownIds.has(w.protectionGroupId)) return w.protectionGroupId;
      throw new AppError('PROTECTION_GROUP_NOT_FOUND', `Referenced Protection Group ${w.protectionGroupId} not found`, {
        protectionGroupId: w.protectionGroupId,
        waveNumber: w.waveNumber,
      });
    }
    throw new AppError('MISSING_FIELD', `Wave ${w.waveNumber} names no Protection Group (ProtectionGroupName)`, {
      field: 'protectionGroupName',
      waveNumber: w.waveNumber,
    });
  };

  const planResults: ItemResult[] = [];
  for (const entry of doc.recoveryPlans) {
    let name = entryName(entry, 'plan');
    try {
      const plan = readPlan(entry);
      name = validName(plan.name);
      const key = name.toLowerCase();
      if (planNames.has(key)) {
        planResults.push({ name, status: 'skipped', reason: NAME_EXISTS });
        continue;
      }
      const waves: WaveInput[] = plan.waves.map((w) => ({
        waveNumber: w.waveNumber,
        // The guide's own export and import examples leave waves unnamed: name them by number.
        name: w.name ?? `Wave ${w.waveNumber}`,
        protectionGroupId: groupOf(w),
        pauseBeforeWave: w.pauseBeforeWave,
        dependsOn: w.dependsOn,
      }));
      const raw = entry as Record<string, unknown>;
      const drillTtlMinutes = validTtl(raw.drillTtlMinutes ?? raw.DrillTtlMinutes, 'drillTtlMinutes');
      if (dryRun) {
        // createPlan's rules before its write; the write's own conditions are the name (checked above)
        // and the groups' existence (resolved above).
        validWaves(waves);
        planResults.push({ name, status: 'would_create' });
      } else {
        const p = await createPlan({ name, description: plan.description ?? null, waves, drillTtlMinutes }, who);
        planResults.push({ name, status: 'created', id: p.id });
        created.push({ type: 'RecoveryPlan', name, id: p.id });
      }
      planNames.add(key);
    } catch (e) {
      if (e instanceof AppError && e.code === 'RP_NAME_EXISTS') {
        planResults.push({ name, status: 'skipped', reason: NAME_EXISTS });
        continue;
      }
      planResults.push(failure(name, e));
    }
  }

  return {
    dryRun,
    summary: { protectionGroups: counts(groupResults), recoveryPlans: counts(planResults) },
    protectionGroups: groupResults,
    recoveryPlans: planResults,
    ...(dryRun ? {} : { created }),
  };
}
