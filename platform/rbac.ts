// The one RBAC table: the five roles of the DRS orchestration guide, the permissions each grants, and
// the permission each GraphQL operation needs. schema.graphql's cognito_groups lists are checked against
// it by test/unit/wiring.test.ts and test/e2e/rbac.test.ts; Lambda resolvers call `authorize` so IAM-less paths cannot skip it.
// OPERATION_RULES is keyed by the schema's generated field keys: a field without a rule does not compile.
import type { FieldKey } from './fields.ts';

export const ROLES = [
  'DRSOrchestrationAdmin',
  'DRSRecoveryManager',
  'DRSPlanManager',
  'DRSOperator',
  'DRSReadOnly',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'register_accounts',
  'delete_accounts',
  'modify_accounts',
  'view_accounts',
  'start_recovery',
  'stop_recovery',
  'terminate_instances',
  'view_executions',
  'create_protection_groups',
  'delete_protection_groups',
  'modify_protection_groups',
  'view_protection_groups',
  'create_recovery_plans',
  'delete_recovery_plans',
  'modify_recovery_plans',
  'view_recovery_plans',
  'export_configuration',
  'import_configuration',
  // Clusters and spot provisioning come from the control-plane documents, where they are admin-only.
  'manage_clusters',
  'manage_spot_provisioning',
  // Staff and tenants (seed 001's role table): staff management is admin-only; managers register tenants.
  'manage_staff',
  'register_tenants',
  'view_tenants',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const INFRA_FULL = PERMISSIONS.filter((p) => p.endsWith('_protection_groups') || p.endsWith('_recovery_plans'));
const RECOVERY_FULL: Permission[] = ['start_recovery', 'stop_recovery', 'terminate_instances', 'view_executions'];

// The guide's Role-Permission Matrix, row by row.
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  DRSOrchestrationAdmin: PERMISSIONS,
  DRSRecoveryManager: [
    'register_accounts',
    'modify_accounts',
    'view_accounts',
    ...RECOVERY_FULL,
    ...INFRA_FULL,
    'export_configuration',
    'import_configuration',
    'register_tenants',
    'view_tenants',
  ],
  DRSPlanManager: ['view_accounts', 'start_recovery', 'stop_recovery', 'view_executions', ...INFRA_FULL],
  DRSOperator: [
    'view_accounts',
    'start_recovery',
    'stop_recovery',
    'view_executions',
    'modify_protection_groups',
    'view_protection_groups',
    'modify_recovery_plans',
    'view_recovery_plans',
  ],
  DRSReadOnly: ['view_accounts', 'view_executions', 'view_protection_groups', 'view_recovery_plans'],
};

/** Any signed-in role may call these (they reveal nothing beyond the caller and service status). */
export const ANY_ROLE = 'any_role' as const;
/**
 * IAM only: the publish mutations that fan out to subscribers, and the mutations behind the REST
 * façade's open paths (login, password reset), which it calls signed with its own role.
 */
export const IAM_ONLY = 'iam_only' as const;
export type Rule = Permission | typeof ANY_ROLE | typeof IAM_ONLY;

export const OPERATION_RULES: Record<FieldKey, Rule> = {
  'Query.getProtectionGroup': 'view_protection_groups',
  'Query.listProtectionGroups': 'view_protection_groups',
  'Query.previewServersByTags': 'view_protection_groups',
  'Query.resolveProtectionGroup': 'view_protection_groups',
  'Query.listSourceServers': 'view_protection_groups',
  'Query.queryServersByTags': 'view_protection_groups',
  'Query.getDrsQuotas': 'view_protection_groups',
  'Query.listDrsAccounts': 'view_accounts',
  'Query.listSubnets': 'view_protection_groups',
  'Query.listSecurityGroups': 'view_protection_groups',
  'Query.listInstanceTypes': 'view_protection_groups',
  'Query.listInstanceProfiles': 'view_protection_groups',
  'Query.getRecoveryPlan': 'view_recovery_plans',
  'Query.listRecoveryPlans': 'view_recovery_plans',
  'Query.checkExistingInstances': 'view_recovery_plans',
  'Query.getExecution': 'view_executions',
  'Query.listExecutions': 'view_executions',
  'Query.getTerminationStatus': 'view_executions',
  'Query.getExecutionJobLogs': 'view_executions',
  'Query.listTargetAccounts': 'view_accounts',
  'Query.getCurrentAccount': 'view_accounts',
  'Query.exportConfiguration': 'export_configuration',
  'Query.validateConfiguration': 'export_configuration',
  'Query.me': ANY_ROLE,
  'Query.health': ANY_ROLE,
  'Query.listClusters': 'manage_clusters',
  'Query.getClusterStatus': 'manage_clusters',
  'Query.getCluster': 'manage_clusters',
  // Spot capacity is where recoveries can run: every role may see it, as every role sees executions.
  'Query.listSpotInstances': 'view_executions',
  // Drill confidence: reading readiness, drift and schedules is reading plans; a drill report is an execution's.
  'Query.checkPlanReadiness': 'view_recovery_plans',
  'Query.getPlanDrift': 'view_recovery_plans',
  'Query.getDrillReport': 'view_executions',
  'Query.getDrillSchedule': 'view_recovery_plans',
  'Query.listDrillSchedules': 'view_recovery_plans',
  'Mutation.createProtectionGroup': 'create_protection_groups',
  'Mutation.updateProtectionGroup': 'modify_protection_groups',
  'Mutation.deleteProtectionGroup': 'delete_protection_groups',
  'Mutation.publishProtectionGroupChange': IAM_ONLY,
  'Mutation.syncDrsTags': 'modify_protection_groups',
  'Mutation.createRecoveryPlan': 'create_recovery_plans',
  'Mutation.updateRecoveryPlan': 'modify_recovery_plans',
  'Mutation.deleteRecoveryPlan': 'delete_recovery_plans',
  'Mutation.startExecution': 'start_recovery',
  'Mutation.cancelExecution': 'stop_recovery',
  'Mutation.pauseExecution': 'stop_recovery',
  'Mutation.resumeExecution': 'start_recovery',
  'Mutation.terminateRecoveryInstances': 'terminate_instances',
  'Mutation.deleteExecutions': 'stop_recovery',
  'Mutation.deleteFinishedExecutions': 'stop_recovery',
  // The TTL decides when instances are terminated; a schedule starts executions.
  'Mutation.setDrillTtl': 'terminate_instances',
  'Mutation.createDrillSchedule': 'start_recovery',
  'Mutation.updateDrillSchedule': 'start_recovery',
  'Mutation.deleteDrillSchedule': 'start_recovery',
  'Mutation.publishExecutionUpdate': IAM_ONLY,
  'Mutation.publishWaveUpdate': IAM_ONLY,
  'Mutation.registerTargetAccount': 'register_accounts',
  'Mutation.updateTargetAccount': 'modify_accounts',
  'Mutation.deleteTargetAccount': 'delete_accounts',
  'Mutation.validateTargetAccount': 'modify_accounts',
  'Mutation.importConfiguration': 'import_configuration',
  'Mutation.registerCluster': 'manage_clusters',
  'Mutation.deployCluster': 'manage_clusters',
  'Mutation.publishClusterChange': IAM_ONLY,
  'Mutation.setSpotProvisioning': 'manage_spot_provisioning',
  'Query.staffMe': ANY_ROLE,
  'Query.listStaff': 'manage_staff',
  'Query.getTenant': 'view_tenants',
  'Query.listTenants': 'view_tenants',
  'Mutation.registerStaff': 'manage_staff',
  'Mutation.enableStaff': 'manage_staff',
  'Mutation.disableStaff': 'manage_staff',
  'Mutation.registerTenant': 'register_tenants',
  'Mutation.login': IAM_ONLY,
  'Mutation.requestPasswordReset': IAM_ONLY,
  'Mutation.confirmPasswordReset': IAM_ONLY,
  'Subscription.onProtectionGroupChanged': 'view_protection_groups',
  'Subscription.onClusterChanged': 'manage_clusters',
  'Subscription.onExecutionUpdated': 'view_executions',
  'Subscription.onWaveUpdated': 'view_executions',
  'Subscription.onExecutionsChanged': 'view_executions',
};

export function permissionsOf(groups: readonly string[]): Permission[] {
  const granted = new Set<Permission>();
  for (const g of groups) for (const p of ROLE_PERMISSIONS[g as Role] ?? []) granted.add(p);
  return PERMISSIONS.filter((p) => granted.has(p));
}

/** The roles a rule admits; what the schema's cognito_groups must list. */
export function rolesFor(rule: Rule): Role[] {
  if (rule === IAM_ONLY) return [];
  if (rule === ANY_ROLE) return [...ROLES];
  return ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(rule));
}

export function isAllowed(operation: string, groups: readonly string[]): boolean {
  // `operation` comes from a request at run time: it may be no key at all.
  const rule: Rule | undefined = Object.hasOwn(OPERATION_RULES, operation) ? OPERATION_RULES[operation as FieldKey] : undefined;
  if (!rule || rule === IAM_ONLY) return false;
  return rolesFor(rule).some((r) => groups.includes(r));
}

// ------------------------------------------------------------------ seed 001's staff roles
// The control plane's roles are names for DRS groups: registering a staff member with a role puts the
// user in its group; reading a profile names the roles a user's groups amount to (any DRS group reads
// as at least "staff"). Its role table is then what the permissions above grant: login and profile any
// role; staff management admin (manage_staff); tenant registration admin and manager (register_tenants).
export const STAFF_ROLES = ['admin', 'manager', 'staff'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_GROUP: Record<StaffRole, Role> = {
  admin: 'DRSOrchestrationAdmin',
  manager: 'DRSRecoveryManager',
  staff: 'DRSReadOnly',
};

/** The staff roles a user's groups amount to, in STAFF_ROLES order; none for a user in no DRS group. */
export function staffRolesOf(groups: readonly string[]): StaffRole[] {
  const roles = new Set<StaffRole>();
  for (const g of groups) {
    if (g === 'DRSOrchestrationAdmin') roles.add('admin');
    else if (g === 'DRSRecoveryManager') roles.add('manager');
    else if ((ROLES as readonly string[]).includes(g)) roles.add('staff');
  }
  return STAFF_ROLES.filter((r) => roles.has(r));
}
