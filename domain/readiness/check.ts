// Readiness of a recovery plan before anything launches: every server of every wave in its group's
// account and region (replication, lag, recovery snapshot, launch references, recovery instances) and
// the plan as a whole (DRS limits over the waves that may run at once, target-account roles, active
// executions, empty selections). checkPlanReadiness answers it; startExecution refuses on BLOCKING.
import type { SourceServer } from '@aws-sdk/client-drs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { currentAccountId } from '../../platform/aws/sts.ts';
import { AppError } from '../../platform/errors.ts';
import { drsLimits, readinessSettings } from '../../platform/settings.ts';
import type { PlanReadiness, ReadinessFinding } from '../../platform/generated/graphql.ts';
import { predictTimeline } from '../drills/timeline.ts';
import { planDrift } from '../drift/drift.ts';
import { matchesTags } from '../protection-groups/inventory.ts';
import { getGroup, type StoredGroup } from '../protection-groups/store.ts';
import { planActiveLock } from '../recovery-plans/keys.ts';
import { activeGroupLocks, getPlan, type StoredPlan } from '../recovery-plans/store.ts';
import { assumeRole } from '../target-accounts/credentials.ts';
import { getTargetAccountByAccountId } from '../target-accounts/store.ts';
import { bySeverity, errorCodeOf, finding, type FindingCode, type Where } from './findings.ts';
import { durationSeconds } from './limits.ts';
import { limitFindings } from './plan-limits.ts';
import { scopeFacts, sourceServersOf, type ScopeFacts } from './facts.ts';

/** DRS states a launch should not start from (no usable, current data). */
const UNHEALTHY = new Set(['STOPPED', 'INITIATING', 'INITIAL_SYNC', 'PAUSED', 'STALLED', 'DISCONNECTED']);
/** States that replicate but are catching up. */
const CATCHING_UP = new Set(['BACKLOG', 'RESCAN', 'CREATING_SNAPSHOT', 'PENDING_SNAPSHOT_SHIPPING', 'SHIPPING_SNAPSHOT']);
/** Recovery instances in these EC2 states are gone or going. */
const GONE = new Set(['TERMINATED', 'SHUTTING-DOWN']);

interface Scope {
  region: string;
  accountId: string | null;
  waves: Array<{ waveNumber: number; dependsOn: number[]; group: StoredGroup }>;
}

const nameOf = (s: SourceServer) => s.sourceProperties?.identificationHints?.hostname ?? null;
const tagsOf = (s: SourceServer) => Object.entries(s.tags ?? {}).map(([key, value]) => ({ key, value }));

/** The plan's findings, blocking first. startExecution calls this; checkPlanReadiness adds timeline and drift. */
export async function readinessFindings(plan: StoredPlan): Promise<ReadinessFinding[]> {
  const out: ReadinessFinding[] = [];
  const groupIds = [...new Set(plan.waves.map((w) => w.protectionGroupId))];
  const [groups, planLock, groupLocks, self] = await Promise.all([
    Promise.all(groupIds.map(getGroup)),
    ddb().send(new GetCommand({ TableName: tableName(), Key: planActiveLock(plan.id), ConsistentRead: true })),
    activeGroupLocks(groupIds),
    currentAccountId(),
  ]);
  const byId = new Map(groups.filter((g): g is StoredGroup => !!g).map((g) => [g.id, g]));

  if (planLock.Item) {
    out.push(finding('PLAN_ALREADY_EXECUTING', 'This Recovery Plan already has an execution in progress', {}, { recoveryPlanId: plan.id, activeExecutionId: planLock.Item.executionId }));
  }
  const held = [...groupLocks].filter(([, l]) => l.planId !== plan.id);
  if (held.length) {
    out.push(
      finding('SERVER_CONFLICT', `${held.length} protection group(s) of the plan are in another plan's active execution`, {}, {
        conflictingGroups: held.map(([g, l]) => ({ protectionGroupId: g, activeExecutionId: l.executionId, planId: l.planId })),
      }),
    );
  }

  const scopes = new Map<string, Scope>();
  for (const w of plan.waves) {
    const g = byId.get(w.protectionGroupId);
    if (!g) {
      out.push(finding('PROTECTION_GROUP_NOT_FOUND', `Protection Group ${w.protectionGroupId} of wave ${w.waveNumber} not found`, { waveNumber: w.waveNumber, protectionGroupId: w.protectionGroupId }));
      continue;
    }
    const accountId = g.accountId && g.accountId !== self ? g.accountId : null;
    const key = `${accountId ?? ''}|${g.region}`;
    const scope = scopes.get(key) ?? { region: g.region, accountId, waves: [] };
    scope.waves.push({ waveNumber: w.waveNumber, dependsOn: w.dependsOn ?? [], group: g });
    scopes.set(key, scope);
  }
  const perScope = await Promise.all([...scopes.values()].map((s) => checkScope(s)));
  for (const f of perScope.flat()) out.push(f);
  return out.sort(bySeverity);
}

/** The role of a target account, tried now (not the container's cached session): a finding when it fails. */
async function roleFinding(accountId: string, { at, waves }: ScopePointer): Promise<ReadinessFinding | null> {
  const account = await getTargetAccountByAccountId(accountId);
  // A guard for data written around the rules: registering always stores a role (DRSOrchestrationRole
  // when none is given), and an account a group names cannot be deregistered (its groupRefCount).
  if (!account?.crossAccountRoleArn) {
    const why = account ? `Target account ${accountId} has no cross-account role` : `Account ${accountId} is not a registered target account`;
    return finding('TARGET_ACCOUNT_NOT_FOUND', why, at, { accountId, waves });
  }
  try {
    await assumeRole({ accountId, roleArn: account.crossAccountRoleArn, externalId: account.externalId });
    return null;
  } catch (e) {
    return finding('ASSUME_ROLE_FAILED', `Cannot assume ${account.crossAccountRoleArn} in account ${accountId}`, at, { accountId, roleArn: account.crossAccountRoleArn, reason: (e as Error).name, waves });
  }
}

interface ScopePointer {
  at: Where;
  waves: Array<{ waveNumber: number; protectionGroupId: string }>;
}

/**
 * What a finding about a whole (account, region) points at: the waves there in `details.waves`, and
 * the wave and group themselves when there is one (a dashboard can then show it on that wave).
 */
function scopeWhere(scope: Scope): ScopePointer {
  const waves = scope.waves.map((w) => ({ waveNumber: w.waveNumber, protectionGroupId: w.group.id }));
  const groups = new Set(waves.map((w) => w.protectionGroupId));
  const at = waves.length === 1 ? waves[0] : groups.size === 1 ? { protectionGroupId: waves[0].protectionGroupId } : {};
  return { at, waves };
}

async function checkScope(scope: Scope): Promise<ReadinessFinding[]> {
  const { region, accountId } = scope;
  const where = { region, accountId };
  const pointer = scopeWhere(scope);
  const { at: scopeAt, waves: scopeWaves } = pointer;
  if (accountId) {
    const role = await roleFinding(accountId, pointer);
    if (role) return [role];
  }
  let all: SourceServer[];
  try {
    all = await sourceServersOf(region, accountId);
  } catch (e) {
    if ((e as Error).name !== 'UninitializedAccountException') throw e;
    return [finding('DRS_NOT_INITIALIZED', `DRS is not initialized in region ${region}`, scopeAt, { ...where, waves: scopeWaves })];
  }
  const out: ReadinessFinding[] = [];
  const byId = new Map(all.map((s) => [s.sourceServerID!, s]));
  // Each wave's servers as the group selects them now (what startExecution will launch).
  const waves = scope.waves.map((w) => {
    const g = w.group;
    const at = { waveNumber: w.waveNumber, protectionGroupId: g.id };
    let servers: SourceServer[];
    if (g.sourceServerIds.length) {
      servers = g.sourceServerIds.map((id) => byId.get(id)).filter((s): s is SourceServer => !!s);
      for (const id of g.sourceServerIds.filter((id) => !byId.has(id))) {
        out.push(finding('SOURCE_SERVER_NOT_FOUND', `Source server ${id} of group ${g.name} is not in DRS in ${region}`, { ...at, sourceServerId: id }, where));
      }
    } else {
      servers = all.filter((s) => matchesTags({ tags: tagsOf(s) }, g.serverSelectionTags));
    }
    if (!servers.length) {
      out.push(
        finding('EMPTY_PROTECTION_GROUP', `Group ${g.name} of wave ${w.waveNumber} selects no source server`, at, {
          ...where,
          serverSelectionTags: g.serverSelectionTags,
          sourceServerIds: g.sourceServerIds,
        }),
      );
    }
    return { ...w, servers };
  });
  const launched = [...new Map(waves.flatMap((w) => w.servers).map((s) => [s.sourceServerID!, s])).values()];
  const lcs = scope.waves.map((w) => w.group.launchConfig).filter((l) => !!l);
  const facts = await scopeFacts(region, accountId, launched, {
    subnetIds: lcs.map((l) => l!.subnetId).filter((x): x is string => !!x),
    securityGroupIds: lcs.flatMap((l) => l!.securityGroupIds ?? []),
    instanceTypes: lcs.map((l) => l!.instanceType).filter((x): x is string => !!x),
  }, all.length);
  for (const w of waves) out.push(...serverFindings(w, facts), ...launchFindings(w, facts));
  for (const x of facts.incomplete) {
    out.push(finding('READINESS_CHECK_INCOMPLETE', `The ${x.check} check was skipped in ${accountId ?? 'this account'} ${region}: ${x.reason}`, scopeAt, { ...where, ...x, waves: scopeWaves }));
  }
  out.push(
    ...limitFindings(
      { region, accountId },
      waves.map((w) => ({ waveNumber: w.waveNumber, dependsOn: w.dependsOn, servers: w.servers.length })),
      { planServers: launched.length, replicatingServers: all.length },
      { jobs: facts.activeJobs.length, servers: facts.activeJobs.reduce((n, j) => n + (j.participatingServers?.length ?? 0), 0) },
      drsLimits(),
    ),
  );
  return out;
}

function serverFindings(w: { waveNumber: number; group: StoredGroup; servers: SourceServer[] }, facts: ScopeFacts): ReadinessFinding[] {
  const out: ReadinessFinding[] = [];
  const { maxLagSeconds, maxSnapshotAgeSeconds } = readinessSettings();
  const now = Date.now();
  for (const s of w.servers) {
    const id = s.sourceServerID!;
    const at = { waveNumber: w.waveNumber, protectionGroupId: w.group.id, sourceServerId: id, hostname: nameOf(s) };
    const info = s.dataReplicationInfo;
    const state = info?.dataReplicationState ?? 'UNKNOWN';
    const lagSeconds = durationSeconds(info?.lagDuration);
    const measured = { dataReplicationState: state, lagDuration: info?.lagDuration ?? null, lagSeconds, error: info?.dataReplicationError?.error ?? null };
    if (UNHEALTHY.has(state) || state === 'UNKNOWN') {
      out.push(finding('UNHEALTHY_SERVER_REPLICATION', `Server replication not healthy: ${at.hostname ?? id} is ${state}`, at, measured));
    } else {
      if (CATCHING_UP.has(state)) out.push(finding('REPLICATION_NOT_CONTINUOUS', `${at.hostname ?? id} replication is ${state}`, at, measured));
      if (lagSeconds !== null && lagSeconds > maxLagSeconds) {
        out.push(finding('REPLICATION_LAG_HIGH', `${at.hostname ?? id} lags ${lagSeconds} s behind its source (threshold ${maxLagSeconds} s)`, at, { ...measured, thresholdSeconds: maxLagSeconds }));
      }
      const known = facts.newestSnapshot.has(id);
      const snap = facts.newestSnapshot.get(id) ?? null;
      const ageSeconds = snap ? Math.max(0, Math.round((now - Date.parse(snap)) / 1000)) : null;
      if (known && (ageSeconds === null || ageSeconds > maxSnapshotAgeSeconds)) {
        const what = ageSeconds === null ? 'has no recovery snapshot' : `newest recovery snapshot is ${ageSeconds} s old (threshold ${maxSnapshotAgeSeconds} s)`;
        out.push(finding('RECOVERY_SNAPSHOT_STALE', `${at.hostname ?? id} ${what}`, at, { newestSnapshot: snap, ageSeconds, thresholdSeconds: maxSnapshotAgeSeconds }));
      }
    }
    const live = (facts.recoveryInstances.get(id) ?? []).filter((ri) => !GONE.has((ri.ec2InstanceState ?? '').toUpperCase()));
    if (live.length) {
      out.push(
        finding('RECOVERY_INSTANCES_EXIST', `${at.hostname ?? id} already has ${live.length} recovery instance(s)`, at, {
          recoveryInstanceIds: live.map((ri) => ri.recoveryInstanceID),
          ec2InstanceIds: live.map((ri) => ri.ec2InstanceID ?? null),
          states: live.map((ri) => ri.ec2InstanceState ?? null),
          isDrill: live.map((ri) => ri.isDrill ?? null),
        }),
      );
    }
  }
  return out;
}

/** Dangling launch references, one finding per (wave, missing resource) naming every server that uses it. */
function launchFindings(w: { waveNumber: number; group: StoredGroup; servers: SourceServer[] }, facts: ScopeFacts): ReadinessFinding[] {
  const found = new Map<string, { code: FindingCode; what: string; resource: Record<string, unknown>; servers: SourceServer[]; sources: Set<string> }>();
  const add = (code: FindingCode, what: string, resource: Record<string, unknown>, source: string, s?: SourceServer) => {
    const key = `${code}|${JSON.stringify(resource)}`;
    const hit = found.get(key) ?? { code, what, resource, servers: [], sources: new Set<string>() };
    if (s) hit.servers.push(s);
    hit.sources.add(source);
    found.set(key, hit);
  };
  const check = (refs: { subnetId?: string | null; securityGroupIds?: readonly string[] | null; instanceProfile?: string | null; instanceType?: string | null }, source: string, s?: SourceServer) => {
    if (refs.subnetId && !facts.subnets.has(refs.subnetId)) add('LAUNCH_SUBNET_NOT_FOUND', `Subnet ${refs.subnetId}`, { subnetId: refs.subnetId }, source, s);
    for (const sg of refs.securityGroupIds ?? []) if (!facts.securityGroups.has(sg)) add('LAUNCH_SECURITY_GROUP_NOT_FOUND', `Security group ${sg}`, { securityGroupId: sg }, source, s);
    if (refs.instanceProfile && facts.instanceProfiles && !facts.instanceProfiles.has(refs.instanceProfile)) {
      add('LAUNCH_INSTANCE_PROFILE_NOT_FOUND', `Instance profile ${refs.instanceProfile}`, { instanceProfileName: refs.instanceProfile }, source, s);
    }
    const az = refs.subnetId ? facts.subnets.get(refs.subnetId) : undefined;
    if (az && refs.instanceType && facts.offered && !facts.offered.has(`${az}|${refs.instanceType}`)) {
      add('INSTANCE_TYPE_NOT_OFFERED', `Instance type ${refs.instanceType} in ${az}`, { instanceType: refs.instanceType, availabilityZone: az, subnetId: refs.subnetId }, source, s);
    }
  };
  const out: ReadinessFinding[] = [];
  for (const s of w.servers) {
    const refs = facts.launch.get(s.sourceServerID!);
    if (!refs?.templateId) {
      out.push(
        finding('LAUNCH_TEMPLATE_NOT_FOUND', `${nameOf(s) ?? s.sourceServerID} has no EC2 launch template DRS can launch from`, {
          waveNumber: w.waveNumber,
          protectionGroupId: w.group.id,
          sourceServerId: s.sourceServerID,
          hostname: nameOf(s),
        }),
      );
      continue;
    }
    check(refs, 'launchTemplate', s);
  }
  const lc = w.group.launchConfig;
  if (lc) check({ subnetId: lc.subnetId, securityGroupIds: lc.securityGroupIds, instanceProfile: lc.instanceProfileName, instanceType: lc.instanceType }, 'protectionGroup.launchConfig');
  for (const f of found.values()) {
    const one = f.servers.length === 1 ? f.servers[0] : undefined;
    const missing = f.code === 'INSTANCE_TYPE_NOT_OFFERED' ? 'is not offered' : 'does not exist';
    out.push(
      finding(
        f.code,
        `${f.what} ${missing}; ${f.servers.length ? `the launch settings of ${f.servers.length} server(s)` : 'the group’s launchConfig'} of wave ${w.waveNumber} name it`,
        { waveNumber: w.waveNumber, protectionGroupId: w.group.id, sourceServerId: one?.sourceServerID ?? null, hostname: one ? nameOf(one) : null },
        { ...f.resource, referencedBy: [...f.sources], sourceServerIds: f.servers.map((s) => s.sourceServerID) },
      ),
    );
  }
  return out;
}

export async function planReadiness(plan: StoredPlan): Promise<PlanReadiness> {
  const [findings, timeline, drift] = await Promise.all([
    readinessFindings(plan),
    predictTimeline(plan),
    planDrift(plan),
  ]);
  const blocking = findings.filter((f) => f.severity === 'BLOCKING').length;
  return {
    recoveryPlanId: plan.id,
    checkedAt: new Date().toISOString(),
    ready: blocking === 0,
    blocking,
    warnings: findings.filter((f) => f.severity === 'WARNING').length,
    findings,
    neverDrilled: drift.neverDrilled,
    lastPassingDrill: drift.baseline ?? null,
    changedSinceLastPassingDrill: drift.changed,
    timeline,
  };
}

export async function checkPlanReadiness(planId: string): Promise<PlanReadiness> {
  const plan = await getPlan(planId);
  if (!plan) throw new AppError('RECOVERY_PLAN_NOT_FOUND', `Recovery Plan with ID ${planId} not found`, { id: planId });
  return planReadiness(plan);
}

/**
 * startExecution's gate: the blocking findings, or an AppError with the first one's code (and all of
 * them in details.findings) unless `force`. Answers the overridden blocking findings when forced.
 */
export async function gateStart(plan: StoredPlan, force: boolean): Promise<ReadinessFinding[]> {
  const blocking = (await readinessFindings(plan)).filter((f) => f.severity === 'BLOCKING');
  if (!blocking.length || force) return blocking;
  const first = blocking[0];
  const measured = first.details ? (JSON.parse(first.details) as Record<string, unknown>) : {};
  const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more blocking finding(s); checkPlanReadiness lists them, force: true starts anyway)` : ' (force: true starts anyway)';
  throw new AppError(errorCodeOf(first), `${first.message}${more}`, {
    ...measured,
    findings: blocking.map((f) => ({ ...f, details: f.details ? JSON.parse(f.details) : null })),
  });
}
