// GraphQL answers in the guide's REST shapes: epoch-second createdDate/lastModifiedDate/startTime/
// endTime, tag maps, PascalCase LaunchConfig keys, `ExecutionId`/`executionId`, and execution and wave
// statuses in lowercase (the guide's bash script, ASL and SSM document compare `completed`, `paused`…).
import type {
  Execution,
  ExecutionWave,
  LaunchConfig,
  PlanReadiness,
  ProtectionGroup,
  ReadinessFinding,
  RecoveryPlan,
  ServerTagQueryResult,
  SourceServer,
  Tag,
  TargetAccount,
} from '../../platform/generated/graphql.ts';
import { launchConfigOut, tagsOut } from '../../platform/guide-format.ts';

export const epoch = (iso: string | null | undefined): number | null => (iso ? Math.floor(Date.parse(iso) / 1000) : null);
const lower = <T extends string | null | undefined>(s: T) => (s ? s.toLowerCase() : s) as T;

/** How the request spelled LaunchConfig: answers use the same keys (the guide's PascalCase by default). */
export type KeyStyle = 'pascal' | 'camel';

function launchConfigCamel(lc: LaunchConfig | null | undefined): Record<string, unknown> | null {
  if (!lc) return null;
  const out = Object.fromEntries(Object.entries(lc).filter(([, v]) => v != null));
  if (lc.licensing?.osByol == null) delete out.licensing;
  return Object.keys(out).length ? out : null;
}

export function groupOut(g: ProtectionGroup, style: KeyStyle = 'pascal') {
  return {
    id: g.id,
    name: g.name,
    description: g.description ?? '',
    region: g.region,
    accountId: g.accountId ?? null,
    sourceServerIds: g.sourceServerIds,
    serverSelectionTags: tagsOut(g.serverSelectionTags),
    launchConfig: style === 'pascal' ? launchConfigOut(g.launchConfig) : launchConfigCamel(g.launchConfig),
    ...(g.launchConfigApplyResults ? { launchConfigApplyResults: g.launchConfigApplyResults } : {}),
    createdDate: epoch(g.createdAt),
    lastModifiedDate: epoch(g.updatedAt),
    version: g.version,
  };
}

export function planOut(p: RecoveryPlan) {
  const last = p.lastExecution;
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? '',
    waves: p.waves.map((w) => ({
      waveNumber: w.waveNumber,
      name: w.name,
      protectionGroupId: w.protectionGroupId,
      protectionGroupName: w.protectionGroupName ?? null,
      pauseBeforeWave: w.pauseBeforeWave,
      dependsOn: w.dependsOn,
    })),
    waveCount: p.waveCount,
    hasServerConflict: p.hasServerConflict,
    lastExecutionStatus: lower(last?.status ?? null),
    lastExecution: last
      ? { id: last.id, executionId: last.id, status: lower(last.status), executionType: last.executionType, startTime: epoch(last.startTime), endTime: epoch(last.endTime) }
      : null,
    drillTtlMinutes: p.drillTtlMinutes ?? null,
    createdDate: epoch(p.createdAt),
    lastModifiedDate: epoch(p.updatedAt),
    version: p.version,
  };
}

function waveOut(w: ExecutionWave) {
  return {
    waveNumber: w.waveNumber,
    name: w.name,
    protectionGroupId: w.protectionGroupId ?? null,
    protectionGroupName: w.protectionGroupName ?? null,
    status: lower(w.status),
    pauseBeforeWave: w.pauseBeforeWave,
    dependsOn: w.dependsOn,
    startTime: epoch(w.startTime),
    endTime: epoch(w.endTime),
    jobIds: w.jobIds,
    errorMessage: w.errorMessage ?? null,
    servers: w.servers.map((s) => ({
      sourceServerId: s.sourceServerId,
      hostname: s.hostname ?? null,
      status: s.launchStatus,
      launchStatus: s.launchStatus,
      recoveryInstanceId: s.recoveryInstanceId ?? null,
      jobId: s.jobId ?? null,
      launchDurationSeconds: s.launchDurationSeconds ?? null,
    })),
    durationSeconds: w.durationSeconds ?? null,
  };
}

const parseJson = (s: string | null | undefined): unknown => {
  if (!s) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

export function executionOut(e: Execution) {
  return {
    id: e.id,
    ExecutionId: e.id,
    executionId: e.id,
    recoveryPlanId: e.recoveryPlanId,
    recoveryPlanName: e.recoveryPlanName,
    executionType: e.executionType,
    status: lower(e.status),
    currentWave: e.currentWave ?? null,
    totalWaves: e.totalWaves,
    initiatedBy: e.initiatedBy ?? null,
    startedBy: e.startedBy ?? null,
    invocationSource: e.invocationSource ?? null,
    claimedInitiatedBy: e.claimedInitiatedBy ?? null,
    claimedInvocationSource: e.claimedInvocationSource ?? null,
    invocationDetails: parseJson(e.invocationDetails),
    startTime: epoch(e.startTime),
    endTime: epoch(e.endTime),
    errorMessage: e.errorMessage ?? null,
    waves: e.waves.map(waveOut),
    // Measured (issue 13): null until the execution ends.
    rtoSeconds: e.rtoSeconds ?? null,
    // Drill TTL: when the instances expire and what the sweeper did (timestamps in epoch seconds).
    drillTtlMinutes: e.drillTtlMinutes ?? null,
    expiresAt: epoch(e.expiresAt),
    cleanup: e.cleanup
      ? { ...e.cleanup, requestedAt: epoch(e.cleanup.requestedAt), completedAt: epoch(e.cleanup.completedAt) }
      : null,
  };
}

export const tagMap = (tags: readonly Tag[]) => tagsOut(tags);

/** A readiness finding with its measured details as JSON, not a string. */
export const findingOut = (f: ReadinessFinding) => ({ ...f, details: parseJson(f.details) ?? null });

export function readinessOut(r: PlanReadiness) {
  return { ...r, checkedAt: epoch(r.checkedAt), findings: r.findings.map(findingOut) };
}

export function serverOut(s: SourceServer) {
  return { ...s, tags: tagsOut(s.tags) };
}

export function tagQueryOut(r: ServerTagQueryResult) {
  return { servers: r.servers.map(serverOut), matchedTags: tagsOut(r.matchedTags), count: r.servers.length };
}

export function accountOut(a: TargetAccount) {
  const { createdAt, updatedAt, lastValidatedAt, ...rest } = a;
  return { ...rest, createdDate: epoch(createdAt), lastModifiedDate: epoch(updatedAt), lastValidatedDate: epoch(lastValidatedAt) };
}
