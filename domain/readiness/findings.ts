// The readiness findings: one catalogue of codes with their severity and fix, so the answer, the
// refusal in startExecution and the README table agree. Guide codes where the guide has one.
import type { ErrorCode } from '../../platform/errors.ts';
import type { FindingSeverity, ReadinessFinding } from '../../platform/generated/graphql.ts';

export const FINDINGS = {
  // per server
  UNHEALTHY_SERVER_REPLICATION: ['BLOCKING', 'Bring replication back to CONTINUOUS (DRS console: the server’s data replication status and its error); launch only once it has caught up'],
  REPLICATION_NOT_CONTINUOUS: ['WARNING', 'Replication is catching up (backlog, rescan or snapshot); the launch uses older data until it is CONTINUOUS again'],
  REPLICATION_LAG_HIGH: ['WARNING', 'Check the replication server and the network from the source; raise READINESS_MAX_LAG_SECONDS if this lag is acceptable'],
  RECOVERY_SNAPSHOT_STALE: ['WARNING', 'DRS takes point-in-time snapshots while replication is continuous: fix replication, or accept recovering to the older snapshot'],
  LAUNCH_TEMPLATE_NOT_FOUND: ['BLOCKING', 'The EC2 launch template DRS launches this server from is gone: have DRS set the server’s launch settings up again (the server’s Launch settings in the DRS console), then save the protection group’s launchConfig again so its settings apply to the new template'],
  LAUNCH_SUBNET_NOT_FOUND: ['BLOCKING', 'Set an existing subnet in the protection group’s launchConfig (updateProtectionGroup), which updates the servers’ launch templates'],
  LAUNCH_SECURITY_GROUP_NOT_FOUND: ['BLOCKING', 'Set existing security groups in the protection group’s launchConfig (updateProtectionGroup)'],
  LAUNCH_INSTANCE_PROFILE_NOT_FOUND: ['BLOCKING', 'Create the instance profile again, or set an existing one in the protection group’s launchConfig'],
  INSTANCE_TYPE_NOT_OFFERED: ['BLOCKING', 'Choose an instance type EC2 offers in the subnet’s Availability Zone, or a subnet in a zone that offers it'],
  SOURCE_SERVER_NOT_FOUND: ['BLOCKING', 'Remove the server from the protection group, or add it to DRS again'],
  RECOVERY_INSTANCES_EXIST: ['WARNING', 'Terminate the earlier recovery instances (terminateRecoveryInstances) unless they are meant to stay; a launch adds new ones beside them'],
  // per plan
  DRS_QUOTA_EXCEEDED: ['BLOCKING', 'Split the plan, or raise the account’s DRS replicating-servers quota (Service Quotas)'],
  WAVE_SIZE_LIMIT_EXCEEDED: ['WARNING', 'The wave runs as several DRS jobs (at most the per-job limit each); split it into smaller waves to keep each launch in one job'],
  CONCURRENT_JOBS_LIMIT_EXCEEDED: ['WARNING', 'Jobs over the limit wait for room, lengthening the RTO: add dependsOn between waves, or wait for the account’s running DRS jobs to end'],
  SERVERS_IN_JOBS_LIMIT_EXCEEDED: ['WARNING', 'Servers over the limit wait for room, lengthening the RTO: add dependsOn between waves, or wait for the account’s running DRS jobs to end'],
  ASSUME_ROLE_FAILED: ['BLOCKING', 'Fix the target account’s cross-account role (trust policy, external id) and run validateTargetAccount'],
  TARGET_ACCOUNT_NOT_FOUND: ['BLOCKING', 'Register the target account (registerTargetAccount) or move the group to a registered account'],
  DRS_NOT_INITIALIZED: ['BLOCKING', 'Initialize DRS in the group’s region (DRS console → Get started)'],
  PLAN_ALREADY_EXECUTING: ['BLOCKING', 'Wait for the plan’s running execution to end, or cancel it'],
  SERVER_CONFLICT: ['BLOCKING', 'Wait for the other plan’s execution that holds these groups to end, or cancel it'],
  PROTECTION_GROUP_NOT_FOUND: ['BLOCKING', 'Point the wave at an existing protection group (updateRecoveryPlan)'],
  READINESS_CHECK_INCOMPLETE: ['WARNING', 'Allow the read to the orchestrator’s role (or the target account’s cross-account role): see the README’s target accounts section'],
  EMPTY_PROTECTION_GROUP: ['BLOCKING', 'The wave would recover nothing: fix the group’s serverSelectionTags, or tag the servers in DRS (syncDrsTags)'],
} as const satisfies Record<string, readonly [FindingSeverity, string]>;

export type FindingCode = keyof typeof FINDINGS;

export interface Where {
  waveNumber?: number | null;
  protectionGroupId?: string | null;
  sourceServerId?: string | null;
  hostname?: string | null;
}

/** A finding of the catalogue; `details` holds the measured values (stored and answered as AWSJSON). */
export function finding(code: FindingCode, message: string, where: Where = {}, details: Record<string, unknown> = {}): ReadinessFinding {
  const [severity, fix] = FINDINGS[code];
  return {
    severity,
    code,
    message,
    fix,
    waveNumber: where.waveNumber ?? null,
    protectionGroupId: where.protectionGroupId ?? null,
    sourceServerId: where.sourceServerId ?? null,
    hostname: where.hostname ?? null,
    details: JSON.stringify(details),
  };
}

const RANK: Record<FindingSeverity, number> = { BLOCKING: 0, WARNING: 1, INFO: 2 };
/** Blocking first; within a severity, plan-wide before per-wave, then wave order (stable otherwise). */
export const bySeverity = (a: ReadinessFinding, b: ReadinessFinding) =>
  RANK[a.severity] - RANK[b.severity] || (a.waveNumber ?? 0) - (b.waveNumber ?? 0);

/** The error code a refusal answers for a finding (every catalogue code is an error code too). */
export const errorCodeOf = (f: ReadinessFinding) => f.code as ErrorCode;
