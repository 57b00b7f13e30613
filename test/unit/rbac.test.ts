// platform/rbac.ts against the DRS orchestration guide (seeds/000, "RBAC System"), written out here by
// hand from the guide — never derived from rbac.ts:
//
//   Roles (5 Total): DRSOrchestrationAdmin, DRSRecoveryManager, DRSPlanManager, DRSOperator, DRSReadOnly
//
//   Permissions (the heading says "11 Total"; the list names 18), in four areas:
//     Account Management:        register_accounts, delete_accounts, modify_accounts, view_accounts
//     Recovery Operations:       start_recovery, stop_recovery, terminate_instances, view_executions
//     Infrastructure Management: create_/delete_/modify_/view_ protection_groups and recovery_plans
//     Configuration:             export_configuration, import_configuration
//
//   Role-Permission Matrix
//   | Role             | Account Mgmt    | Recovery Ops | Infrastructure | Config |
//   | Admin            | Full            | Full         | Full           | Full   |
//   | Recovery Manager | Register/Modify | Full         | Full           | Full   |
//   | Plan Manager     | View            | Start/Stop   | Full           | None   |
//   | Operator         | View            | Start/Stop   | Modify Only    | None   |
//   | Read Only        | View            | View         | View           | None   |
//
// Reading the cells as README.md's Roles table does: every role views accounts, executions, groups and
// plans ("Register/Modify" and "Start/Stop" include viewing what they act on); "Modify Only" is
// modify + view of groups and plans (no create, no delete). The control-plane documents add
// manage_clusters and manage_spot_provisioning, admin-only, and (seed 001's role table, below)
// manage_staff (admin), register_tenants and view_tenants (admin and manager).
import { describe, expect, it } from 'vitest';
import {
  ANY_ROLE,
  IAM_ONLY,
  OPERATION_RULES,
  PERMISSIONS,
  ROLES,
  ROLE_PERMISSIONS,
  STAFF_ROLE_GROUP,
  isAllowed,
  permissionsOf,
  rolesFor,
  staffRolesOf,
} from '../../platform/rbac.ts';

const GUIDE_ROLES = ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager', 'DRSOperator', 'DRSReadOnly'];

const GUIDE_PERMISSIONS = [
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
];
const CONTROL_PLANE = ['manage_clusters', 'manage_spot_provisioning', 'manage_staff', 'register_tenants', 'view_tenants'];

/** The matrix, cell by cell. */
const MATRIX: Record<string, string[]> = {
  DRSOrchestrationAdmin: [
    // Account Mgmt: Full
    'register_accounts', 'delete_accounts', 'modify_accounts', 'view_accounts',
    // Recovery Ops: Full
    'start_recovery', 'stop_recovery', 'terminate_instances', 'view_executions',
    // Infrastructure: Full
    'create_protection_groups', 'delete_protection_groups', 'modify_protection_groups', 'view_protection_groups',
    'create_recovery_plans', 'delete_recovery_plans', 'modify_recovery_plans', 'view_recovery_plans',
    // Config: Full
    'export_configuration', 'import_configuration',
    // Control plane (admin only)
    'manage_clusters', 'manage_spot_provisioning',
    // Seed 001: Staff Mgmt Full, Tenant Mgmt Full
    'manage_staff', 'register_tenants', 'view_tenants',
  ],
  DRSRecoveryManager: [
    // Account Mgmt: Register/Modify (no delete)
    'register_accounts', 'modify_accounts', 'view_accounts',
    // Recovery Ops: Full
    'start_recovery', 'stop_recovery', 'terminate_instances', 'view_executions',
    // Infrastructure: Full
    'create_protection_groups', 'delete_protection_groups', 'modify_protection_groups', 'view_protection_groups',
    'create_recovery_plans', 'delete_recovery_plans', 'modify_recovery_plans', 'view_recovery_plans',
    // Config: Full
    'export_configuration', 'import_configuration',
    // Seed 001 (the "manager" role): Tenant Mgmt Register
    'register_tenants', 'view_tenants',
  ],
  DRSPlanManager: [
    // Account Mgmt: View
    'view_accounts',
    // Recovery Ops: Start/Stop (no terminate)
    'start_recovery', 'stop_recovery', 'view_executions',
    // Infrastructure: Full
    'create_protection_groups', 'delete_protection_groups', 'modify_protection_groups', 'view_protection_groups',
    'create_recovery_plans', 'delete_recovery_plans', 'modify_recovery_plans', 'view_recovery_plans',
    // Config: None
  ],
  DRSOperator: [
    // Account Mgmt: View
    'view_accounts',
    // Recovery Ops: Start/Stop
    'start_recovery', 'stop_recovery', 'view_executions',
    // Infrastructure: Modify Only
    'modify_protection_groups', 'view_protection_groups', 'modify_recovery_plans', 'view_recovery_plans',
    // Config: None
  ],
  DRSReadOnly: [
    // View, View, View, None
    'view_accounts', 'view_executions', 'view_protection_groups', 'view_recovery_plans',
  ],
};

const sorted = (xs: readonly string[]) => [...xs].sort();
const holders = (permission: string) => GUIDE_ROLES.filter((r) => MATRIX[r].includes(permission));

describe('the guide’s roles and permissions', () => {
  it('has the five roles', () => {
    expect([...ROLES]).toEqual(GUIDE_ROLES);
  });

  it('has the guide’s permissions and the control-plane ones, nothing else', () => {
    expect(sorted(PERMISSIONS)).toEqual(sorted([...GUIDE_PERMISSIONS, ...CONTROL_PLANE]));
  });
});

describe('ROLE_PERMISSIONS and permissionsOf, row by row of the matrix', () => {
  for (const role of GUIDE_ROLES) {
    it(role, () => {
      expect(sorted(ROLE_PERMISSIONS[role as keyof typeof ROLE_PERMISSIONS])).toEqual(sorted(MATRIX[role]));
      expect(sorted(permissionsOf([role]))).toEqual(sorted(MATRIX[role]));
    });
  }

  it('several groups grant the union; groups that are no role grant nothing', () => {
    expect(sorted(permissionsOf(['DRSOperator', 'DRSReadOnly', 'Staff']))).toEqual(sorted(MATRIX.DRSOperator));
    expect(sorted(permissionsOf(['DRSReadOnly', 'DRSPlanManager']))).toEqual(sorted(MATRIX.DRSPlanManager));
    expect(permissionsOf(['Staff', 'drsreadonly'])).toEqual([]);
    expect(permissionsOf([])).toEqual([]);
  });

  it('answers permissions in one order whatever the order of groups', () => {
    expect(permissionsOf(['DRSReadOnly', 'DRSRecoveryManager'])).toEqual(permissionsOf(['DRSRecoveryManager', 'DRSReadOnly']));
  });
});

describe('rolesFor, column by column of the matrix', () => {
  for (const permission of [...GUIDE_PERMISSIONS, ...CONTROL_PLANE]) {
    it(permission, () => {
      expect(rolesFor(permission as Parameters<typeof rolesFor>[0])).toEqual(holders(permission));
    });
  }

  it('any_role admits all five roles; iam_only admits none', () => {
    expect(rolesFor(ANY_ROLE)).toEqual(GUIDE_ROLES);
    expect(rolesFor(IAM_ONLY)).toEqual([]);
  });

  it('spot checks of the matrix: who may delete accounts, terminate instances, import, create a plan', () => {
    expect(holders('delete_accounts')).toEqual(['DRSOrchestrationAdmin']);
    expect(rolesFor('terminate_instances')).toEqual(['DRSOrchestrationAdmin', 'DRSRecoveryManager']);
    expect(rolesFor('import_configuration')).toEqual(['DRSOrchestrationAdmin', 'DRSRecoveryManager']);
    expect(rolesFor('create_recovery_plans')).toEqual(['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager']);
    expect(rolesFor('modify_recovery_plans')).toEqual(['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager', 'DRSOperator']);
  });
});

describe('isAllowed for all five roles', () => {
  const allowed = (operation: string, role: string) => isAllowed(operation as Parameters<typeof isAllowed>[0], [role]);
  /** Operations the guide describes, with the roles its matrix lets call them. */
  const GUIDE_OPERATIONS: Record<string, string[]> = {
    'Query.listProtectionGroups': GUIDE_ROLES,
    'Mutation.createProtectionGroup': ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager'],
    'Mutation.updateProtectionGroup': ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager', 'DRSOperator'],
    'Mutation.deleteProtectionGroup': ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager'],
    'Query.getRecoveryPlan': GUIDE_ROLES,
    'Mutation.updateRecoveryPlan': ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager', 'DRSOperator'],
    'Mutation.deleteRecoveryPlan': ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager'],
    'Mutation.startExecution': ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager', 'DRSOperator'],
    'Mutation.cancelExecution': ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager', 'DRSOperator'],
    'Mutation.pauseExecution': ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager', 'DRSOperator'],
    'Mutation.resumeExecution': ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager', 'DRSOperator'],
    'Mutation.terminateRecoveryInstances': ['DRSOrchestrationAdmin', 'DRSRecoveryManager'],
    'Query.listExecutions': GUIDE_ROLES,
    'Query.listTargetAccounts': GUIDE_ROLES,
    'Mutation.registerTargetAccount': ['DRSOrchestrationAdmin', 'DRSRecoveryManager'],
    'Mutation.updateTargetAccount': ['DRSOrchestrationAdmin', 'DRSRecoveryManager'],
    'Mutation.deleteTargetAccount': ['DRSOrchestrationAdmin'],
    'Query.exportConfiguration': ['DRSOrchestrationAdmin', 'DRSRecoveryManager'],
    'Mutation.importConfiguration': ['DRSOrchestrationAdmin', 'DRSRecoveryManager'],
    // GET /users/current and GET /health: any signed-in user.
    'Query.me': GUIDE_ROLES,
    'Query.health': GUIDE_ROLES,
    // Control plane: admin only.
    'Mutation.deployCluster': ['DRSOrchestrationAdmin'],
    // IAM only: no Cognito role, not even the admin.
    'Mutation.publishExecutionUpdate': [],
    'Mutation.publishWaveUpdate': [],
  };

  for (const [operation, roles] of Object.entries(GUIDE_OPERATIONS)) {
    it(operation, () => {
      expect(GUIDE_ROLES.filter((r) => allowed(operation, r))).toEqual(roles);
    });
  }

  it('every operation ruled by a guide permission admits exactly the matrix’s holders of it', () => {
    const ruled = Object.entries(OPERATION_RULES as Record<string, string>).filter(([, rule]) => GUIDE_PERMISSIONS.includes(rule));
    expect(ruled.length).toBeGreaterThan(30);
    for (const [operation, rule] of ruled) {
      expect(GUIDE_ROLES.filter((r) => allowed(operation, r)), `${operation} (${rule})`).toEqual(holders(rule));
    }
  });

  it('refuses unknown operations, callers without a role, and inherited keys', () => {
    for (const role of GUIDE_ROLES) expect(allowed('Query.nope', role)).toBe(false);
    expect(isAllowed('Query.listExecutions' as Parameters<typeof isAllowed>[0], [])).toBe(false);
    expect(isAllowed('Query.listExecutions' as Parameters<typeof isAllowed>[0], ['Staff'])).toBe(false);
    expect(allowed('toString', 'DRSOrchestrationAdmin')).toBe(false);
  });
});

// Seed 001 (control plane), "Role Permissions", written out by hand:
//
//   | Role        | Login | Profile | Staff Mgmt | Tenant Mgmt |
//   | admin       | ✅    | ✅      | ✅ Full    | ✅ Full     |
//   | manager     | ✅    | ✅      | ❌ None    | ✅ Register |
//   | staff       | ✅    | ✅      | ❌ None    | ❌ None     |
//
// The design: the seed's roles name DRS groups — admin = DRSOrchestrationAdmin, manager =
// DRSRecoveryManager, staff = DRSReadOnly when registering; when reading a profile any DRS group
// reads as at least "staff".
describe('seed 001’s role table', () => {
  const GROUP = { admin: 'DRSOrchestrationAdmin', manager: 'DRSRecoveryManager', staff: 'DRSReadOnly' } as const;
  const can = (operation: string, role: keyof typeof GROUP) => isAllowed(operation as Parameters<typeof isAllowed>[0], [GROUP[role]]);
  const TABLE: Record<string, Record<keyof typeof GROUP, boolean>> = {
    // Login is an open path (IAM-only mutation behind POST /auth/login): no Cognito role calls it.
    'Mutation.login': { admin: false, manager: false, staff: false },
    // Profile
    'Query.staffMe': { admin: true, manager: true, staff: true },
    // Staff Mgmt
    'Mutation.registerStaff': { admin: true, manager: false, staff: false },
    'Mutation.enableStaff': { admin: true, manager: false, staff: false },
    'Mutation.disableStaff': { admin: true, manager: false, staff: false },
    'Query.listStaff': { admin: true, manager: false, staff: false },
    // Tenant Mgmt
    'Mutation.registerTenant': { admin: true, manager: true, staff: false },
    'Query.getTenant': { admin: true, manager: true, staff: false },
    'Query.listTenants': { admin: true, manager: true, staff: false },
  };
  for (const [operation, row] of Object.entries(TABLE)) {
    it(operation, () => {
      for (const role of ['admin', 'manager', 'staff'] as const) expect(can(operation, role), `${role}`).toBe(row[role]);
    });
  }

  it('maps the seed roles to groups, and groups back to roles', () => {
    expect(STAFF_ROLE_GROUP).toEqual(GROUP);
    expect(staffRolesOf(['DRSOrchestrationAdmin'])).toEqual(['admin']);
    expect(staffRolesOf(['DRSRecoveryManager'])).toEqual(['manager']);
    expect(staffRolesOf(['DRSReadOnly'])).toEqual(['staff']);
    expect(staffRolesOf(['DRSPlanManager'])).toEqual(['staff']);
    expect(staffRolesOf(['DRSOperator'])).toEqual(['staff']);
    expect(staffRolesOf(['DRSReadOnly', 'DRSOrchestrationAdmin', 'DRSRecoveryManager'])).toEqual(['admin', 'manager', 'staff']);
    expect(staffRolesOf(['Staff', 'admin'])).toEqual([]);
  });

  it('login and the password reset are IAM only (the façade’s open paths)', () => {
    for (const op of ['Mutation.login', 'Mutation.requestPasswordReset', 'Mutation.confirmPasswordReset']) {
      expect(OPERATION_RULES[op as keyof typeof OPERATION_RULES]).toBe(IAM_ONLY);
    }
  });
});
