// How the GraphQL API is wired: data sources, Lambda functions and which resolver serves which field.
// Read by the CDK stack (infra/cdk) and by the local stack (infra/local) so both run the same system.
// WIRING names, for every schema field, the data source that serves it; `resolverOf` says which
// APPSYNC_JS code that implies: its own resolvers/<Type>/<field>.ts on the table data source (in a
// pipeline behind the caller's status check) or the NONE one, the shared Lambda resolver on a Lambda
// data source, resolvers/notImplemented.ts for NOT_IMPLEMENTED.
import { splitField, type FieldKey, type FieldOf } from '../platform/fields.ts';
import { SETTING_DEFAULTS } from '../platform/settings.ts';

export type DataSource =
  | { kind: 'DYNAMODB' }
  | { kind: 'NONE' }
  | { kind: 'LAMBDA'; fn: keyof typeof LAMBDAS };

/** What infra/cdk/functions.ts and infra/local make of each entry of LAMBDAS. */
interface LambdaSpec {
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  actions: readonly string[];
  table: 'readwrite' | 'none';
  /** IAM-only publish mutations it may call. */
  publishes: readonly FieldOf<'Mutation'>[];
  stateMachine: readonly ('start' | 'taskResponse')[];
  verifiesTokens?: boolean;
  callsApi?: boolean;
  /** Its actions are granted on named resources by the construct that owns them (not on `*`). */
  scopedActions?: boolean;
  /** Calls the user pool (admin calls, InitiateAuth): USER_POOL_ID and USER_POOL_CLIENT_ID in its environment. */
  usesUserPool?: boolean;
  /** Sends mail through SES from the reset sender (RESET_SENDER in its environment). */
  sendsEmail?: boolean;
  /** No table grant, but reads the per-user status items (platform/user-status.ts): TABLE_NAME and GetItem on them. */
  readsUserStatus?: boolean;
  /** IAM-only mutations it calls signed with its own role, beside `publishes` (the façade's open paths). */
  iamOnlyCalls?: readonly FieldOf<'Mutation'>[];
  /** Reads the table's stream (its event source mapping grants that: infra/cdk/publisher.ts). */
  readsStream?: boolean;
  /** Answers lists with opaque page tokens (platform/page-token.ts): the stack's page-token key is its to read. */
  pagesLists?: boolean;
  /**
   * Writes drill schedules' EventBridge Scheduler schedules (DRILL_SCHEDULES): the scheduler actions on
   * the stage's schedule group and iam:PassRole of the role Scheduler assumes, granted by
   * infra/cdk/drill-schedules.ts; DRILL_SCHEDULE_GROUP, DRILL_SCHEDULER_TARGET_ARN and
   * DRILL_SCHEDULER_ROLE_ARN in its environment.
   */
  managesDrillSchedules?: boolean;
}

/** What writing a protection group calls: DRS/EC2/IAM validation and launch configuration. */
const GROUP_WRITE_ACTIONS = [
      'drs:DescribeSourceServers',
      'drs:GetLaunchConfiguration',
      'drs:UpdateLaunchConfiguration',
      'drs:ListTagsForResource',
      'ec2:DescribeLaunchTemplateVersions',
      'ec2:CreateLaunchTemplateVersion',
      'ec2:ModifyLaunchTemplate',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeInstanceTypes',
      'iam:ListInstanceProfiles',
      'sts:GetCallerIdentity',
      // Groups in registered target accounts: their cross-account role (domain/target-accounts/credentials.ts).
      'sts:AssumeRole',
    ] as const;

/** What the readiness check reads (domain/readiness), before every start and for checkPlanReadiness, beside the DRS reads a start makes anyway. */
const READINESS_ACTIONS = [
  'drs:DescribeRecoverySnapshots',
  'drs:GetLaunchConfiguration',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeInstanceTypeOfferings',
  'iam:ListInstanceProfiles',
] as const;

/** Lambda functions: folder under functions/ (handler.ts), bundled to dist/functions/<name>/index.mjs. */
export const LAMBDAS = {
  'protection-groups': {
    description: 'Protection-group writes, the DRS lookups they need and the EC2/IAM resources launch configurations name',
    timeoutSeconds: 60,
    memoryMb: 512,
    // Least privilege: the AWS actions the function calls.
    actions: GROUP_WRITE_ACTIONS,
    table: 'readwrite' as const,
    /** IAM-only publish mutations it may call (nothing else on the API): only the publisher publishes. */
    publishes: [],
    /** What it may do to the orchestrator state machine. */
    stateMachine: [] as readonly ('start' | 'taskResponse')[],
  },
  'recovery-plans': {
    description: 'Recovery plans: waves, conflicts, existing recovery instances',
    timeoutSeconds: 30,
    memoryMb: 512,
    actions: ['drs:DescribeSourceServers', 'drs:DescribeRecoveryInstances', 'sts:GetCallerIdentity', 'sts:AssumeRole'],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: [],
    // listRecoveryPlans: its nextToken is sealed with the stack's page-token key.
    pagesLists: true,
    // Drill schedules (a plan's recurring drills) are served here too: their Scheduler schedules.
    managesDrillSchedules: true,
  },
  'drill-scheduler': {
    description: 'Drill schedules firing (EventBridge Scheduler): starts the DRILL or records why it was skipped',
    timeoutSeconds: 60,
    memoryMb: 256,
    // What startExecution calls (the plan's servers, its readiness check in the plan's accounts), its own
    // account id, and DRS's active jobs for DRS_QUOTA_CONTENTION (drs:DescribeJobs).
    actions: [
      'drs:DescribeSourceServers',
      'drs:DescribeJobs',
      'drs:DescribeRecoveryInstances',
      'sts:GetCallerIdentity',
      'sts:AssumeRole',
      ...READINESS_ACTIONS,
    ],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: ['start'],
  },
  executions: {
    description: 'Readiness checks; starts and steers executions; terminates their recovery instances; drill reports',
    timeoutSeconds: 60,
    memoryMb: 512,
    actions: [
      'drs:DescribeSourceServers',
      'drs:DescribeJobs',
      'drs:DescribeJobLogItems',
      'drs:DescribeRecoveryInstances',
      'drs:TerminateRecoveryInstances',
      'ec2:TerminateInstances',
      'ec2:DeleteVolume',
      'sts:GetCallerIdentity',
      'sts:AssumeRole',
      ...READINESS_ACTIONS,
    ],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: ['start', 'taskResponse'],
  },
  orchestrator: {
    description: 'The state machine steps: starts waves on DRS, applies launch results and job answers, records progress',
    timeoutSeconds: 300,
    memoryMb: 512,
    actions: [
      'drs:DescribeJobs',
      'drs:StartRecovery',
      'drs:TagResource',
      'drs:CreateRecoveryInstanceForDrs',
      'drs:DescribeSourceServers',
      'ec2:DescribeInstances',
      'ec2:DescribeLaunchTemplateVersions',
      'ec2:CreateLaunchTemplateVersion',
      'ec2:ModifyLaunchTemplate',
      'ec2:RunInstances',
      'ec2:CreateTags',
      'ec2:DescribeImages',
      'ec2:DescribeSnapshots',
      'ec2:CreateVolume',
      'ec2:AttachVolume',
      'ec2:DescribeVolumes',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeInstanceTypes',
      'iam:PassRole',
      'sts:GetCallerIdentity',
      'sts:AssumeRole',
    ],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: ['taskResponse'],
  },
  'drs-events': {
    description: "DRS launch results from EventBridge: records them and wakes the execution whose wave they settle",
    timeoutSeconds: 30,
    memoryMb: 256,
    // Its own account id, to check that an event comes from the account the server launches in.
    actions: ['sts:GetCallerIdentity'],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: ['taskResponse'],
  },
  accounts: {
    description: 'Target accounts: registration and validation of their cross-account roles',
    timeoutSeconds: 30,
    memoryMb: 256,
    // Validation assumes the role and makes the read calls the role must allow, with its credentials.
    actions: [
      'sts:AssumeRole',
      'sts:GetCallerIdentity',
      'drs:DescribeSourceServers',
      'drs:DescribeJobs',
      'drs:DescribeRecoveryInstances',
      'ec2:DescribeInstances',
    ],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: [],
  },
  configuration: {
    description: 'Configuration export, import (through the group and plan rules) and integrity checks',
    timeoutSeconds: 60,
    memoryMb: 512,
    // What createGroup calls (DRS/EC2/IAM validation, launch configuration) and the DRS reads of checks.
    actions: GROUP_WRITE_ACTIONS,
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: [],
  },
  lookups: {
    description: 'Lookups: DRS servers by tags, quotas, accounts and tag sync; current account, health',
    timeoutSeconds: 60,
    memoryMb: 512,
    actions: [
      'drs:DescribeSourceServers',
      'drs:DescribeJobs',
      'drs:TagResource',
      // Tag sync reads the source instances' tags.
      'ec2:DescribeInstances',
      'sts:GetCallerIdentity',
      // Lookups in a registered target account run with its cross-account role.
      'sts:AssumeRole',
      // health: the orchestrator state machine.
      'states:DescribeStateMachine',
    ],
    // Reads only (group assignments, the health probe); 'readwrite' is the one table grant there is.
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: [],
  },
  clusters: {
    description: 'Clusters (seed 001): registration with CIDR locks, CloudFormation deployment and its watch workflow',
    timeoutSeconds: 60,
    memoryMb: 512,
    // Resources: infra/cdk/clusters.ts scopes these to the product's stack-name prefix, the template
    // bucket and the watch workflow (CLUSTER_RESOURCES below); sts:AssumeRole is cross-account deployment.
    actions: [
      'cloudformation:CreateStack',
      'cloudformation:DescribeStacks',
      'cloudformation:DescribeStackEvents',
      's3:GetObject',
      'sts:AssumeRole',
      'states:StartExecution',
    ],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: [],
    scopedActions: true,
  },
  staff: {
    description: 'Staff, login, password reset and tenants (seed 001): Cognito admin calls, the reset mail through SES',
    timeoutSeconds: 30,
    memoryMb: 256,
    // Scoped by infra/cdk/staff.ts: the Cognito actions to the user pool, ses:SendEmail to the reset
    // sender's identity. InitiateAuth (login) is an unsigned Cognito call and needs no grant.
    actions: [
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminDeleteUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminUserGlobalSignOut',
      // me: the email of a caller whose token does not carry it.
      'cognito-idp:AdminGetUser',
      'ses:SendEmail',
    ],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: [],
    scopedActions: true,
    usesUserPool: true,
    sendsEmail: true,
  },
  spot: {
    description: 'Spot capacity (seed 003): the provisioning toggle and the steps of the spot provisioning workflow',
    timeoutSeconds: 60,
    memoryMb: 256,
    // Scoped by infra/cdk/spot.ts: the SSM actions to the product's parameter path (and AWS's public AMI
    // parameter), the rule actions to the schedule rule, StartExecution to the spot state machine,
    // TerminateInstances to instances tagged for this stage, CreateTags to RunInstances; the EC2
    // describe calls and RunInstances (into whichever configured subnet) on `*`.
    actions: [
      'ssm:GetParameter',
      'ssm:PutParameter',
      'events:EnableRule',
      'events:DisableRule',
      'states:StartExecution',
      'ec2:DescribeSpotPriceHistory',
      'ec2:DescribeInstances',
      'ec2:RunInstances',
      'ec2:CreateTags',
      'ec2:TerminateInstances',
    ],
    // The recorded instances and the run lock.
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: [],
    scopedActions: true,
  },
  'rest-api': {
    description: "The REST façade: the DRS orchestration guide's paths translated to GraphQL operations on this API",
    // Outlives API Gateway's 29 s so a slow GraphQL call still answers through direct invocation.
    timeoutSeconds: 35,
    memoryMb: 512,
    // It calls only the GraphQL API: with the caller's token, or signed with its own role (appsync:GraphQL).
    actions: [],
    table: 'none' as const,
    publishes: [],
    stateMachine: [],
    /** It verifies Cognito tokens itself: USER_POOL_ID and USER_POOL_CLIENT_ID in its environment. */
    verifiesTokens: true,
    /**
     * Invoked directly, it signs its GraphQL calls with its own role: appsync:GraphQL on every Query and
     * Mutation a signed-in role may call (platform/rbac.ts OPERATION_RULES less the IAM-only ones).
     */
    callsApi: true,
    /** Its open paths: login and password reset, IAM-only mutations it calls signed. */
    iamOnlyCalls: ['login', 'requestPasswordReset', 'confirmPasswordReset'],
    /** A disabled user's token is refused before anything is forwarded (platform/user-status.ts). */
    readsUserStatus: true,
  },
  'drill-sweeper': {
    description: "Drill TTL sweeper, on a schedule: terminates expired drills' recovery instances through DRS and records the cleanup",
    timeoutSeconds: 300,
    memoryMb: 256,
    // Only the recovery instances each drill launched (domain/executions/cleanup.ts); DRS's termination
    // job calls the EC2 actions with the caller's permissions, on DRS-launched resources only (grants.ts).
    actions: [
      'drs:DescribeRecoveryInstances',
      'drs:TerminateRecoveryInstances',
      'drs:DescribeJobs',
      'ec2:TerminateInstances',
      'ec2:DeleteVolume',
      'sts:GetCallerIdentity',
      // Drills in registered target accounts: their cross-account role.
      'sts:AssumeRole',
    ],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: [],
  },
  publisher: {
    description: "The table's stream → subscribers: every committed change of executions, groups and clusters through the IAM-only publish mutations, in order",
    timeoutSeconds: 60,
    memoryMb: 256,
    // What Lambda's event source mapping calls with the function's role to read the stream, granted by
    // DynamoEventSource on the table's stream (ListStreams on `*`: it takes no resource); scoped there.
    actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
    scopedActions: true,
    // Nothing of the table's data: what it publishes comes in the stream's records.
    table: 'none' as const,
    publishes: ['publishExecutionUpdate', 'publishWaveUpdate', 'publishProtectionGroupChange', 'publishClusterChange'],
    stateMachine: [],
    readsStream: true,
  },
} as const satisfies Record<string, LambdaSpec>;

export type LambdaName = keyof typeof LAMBDAS;

/** Functions whose name the guide's clients hard-code; the others are drs-orchestrator-<fn>-<stage>. */
const FUNCTION_NAMES: Partial<Record<LambdaName, string>> = {
  'rest-api': 'aws-drs-orchestrator-api-handler',
};

/** The orchestrator: one ASL definition, deployed by CDK and run locally by aws-local-stepfunctions. */
export const STATE_MACHINE = {
  definitionFile: 'infra/orchestrator/state-machine.asl.json',
  /** Definition substitution → the Lambda whose ARN it takes. */
  substitutions: { OrchestratorFunctionArn: 'orchestrator' },
  name: (stage: string) => `drs-orchestrator-${stage}`,
} as const;

/**
 * Spot capacity (seed 003): the provisioning workflow (one ASL definition, deployed by CDK and run locally
 * like the orchestrator's), the schedule rule that starts it while provisioning is enabled (created
 * DISABLED), and the SSM parameter that keeps the on/off state.
 */
export const SPOT = {
  definitionFile: 'infra/spot/state-machine.asl.json',
  substitutions: { SpotFunctionArn: 'spot' },
  name: (stage: string) => `drs-orchestrator-spot-${stage}`,
  ruleName: (stage: string) => `drs-orchestrator-spot-${stage}`,
  schedule: 'rate(5 minutes)',
  /** What the rule sends the state machine. */
  ruleInput: { mode: 'provision', trigger: 'schedule' },
  parameterPath: (stage: string) => `/drs-orchestrator/${stage}/spot`,
  parameterName: (stage: string) => `/drs-orchestrator/${stage}/spot/provisioning`,
  /** Defaults of the CDK context keys spotRegions / spotInstanceType (the local stack uses them too). */
  defaultRegions: ['us-east-2', 'us-west-2', 'us-east-1'],
  defaultInstanceType: 't3.micro',
} as const;

/**
 * The orchestrator's settings: environment variables every function gets, from the environment on
 * the local stack (`POLL_SECONDS=60 npm start`) and from the CDK context in AWS (`-c pollSeconds=60`),
 * else these defaults. Positive integers; a bad value stops `npm start` or `cdk synth`.
 */
export const SETTINGS = {
  /** Fallback poll interval (s) once the running DRS jobs are past their expected end. */
  POLL_SECONDS: { context: 'pollSeconds', default: SETTING_DEFAULTS.POLL_SECONDS },
  /** How long a DRS launch job is expected to take (s): the first fallback poll comes then. */
  DRS_LAUNCH_SECONDS: { context: 'drsLaunchSeconds', default: SETTING_DEFAULTS.DRS_LAUNCH_SECONDS },
  DRS_MAX_SERVERS_PER_JOB: { context: 'drsMaxServersPerJob', default: SETTING_DEFAULTS.DRS_MAX_SERVERS_PER_JOB },
  DRS_MAX_CONCURRENT_JOBS: { context: 'drsMaxConcurrentJobs', default: SETTING_DEFAULTS.DRS_MAX_CONCURRENT_JOBS },
  DRS_MAX_SERVERS_IN_ACTIVE_JOBS: { context: 'drsMaxServersInActiveJobs', default: SETTING_DEFAULTS.DRS_MAX_SERVERS_IN_ACTIVE_JOBS },
  /** Readiness (checkPlanReadiness, startExecution): lag and recovery-snapshot age thresholds (s). */
  READINESS_MAX_LAG_SECONDS: { context: 'readinessMaxLagSeconds', default: SETTING_DEFAULTS.READINESS_MAX_LAG_SECONDS },
  READINESS_MAX_SNAPSHOT_AGE_SECONDS: { context: 'readinessMaxSnapshotAgeSeconds', default: SETTING_DEFAULTS.READINESS_MAX_SNAPSHOT_AGE_SECONDS },
} as const;

/** SETTINGS as environment variables, each read by `read(envName, contextKey)` or defaulted. */
export function settingsEnv(read: (name: string, contextKey: string) => unknown): Record<keyof typeof SETTINGS, string> {
  const out = {} as Record<keyof typeof SETTINGS, string>;
  for (const [name, spec] of Object.entries(SETTINGS) as Array<[keyof typeof SETTINGS, (typeof SETTINGS)[keyof typeof SETTINGS]]>) {
    const given = read(name, spec.context);
    const value = given === undefined || given === null || given === '' ? spec.default : Number(given);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} (context ${spec.context}) must be a positive integer, not ${JSON.stringify(given)}`);
    out[name] = String(value);
  }
  return out;
}

/**
 * Drill schedules (domain/drill-schedules): one EventBridge Scheduler schedule per drill schedule, in the
 * stage's group, invoking `fn` with a role that may invoke only that function. The local stack runs the
 * same through the emulator's Scheduler (infra/local/aws/scheduler.ts).
 */
export const DRILL_SCHEDULES = {
  fn: 'drill-scheduler',
  groupName: (stage: string) => `drs-orchestrator-drills-${stage}`,
  roleName: (stage: string) => `drs-orchestrator-drill-scheduler-${stage}`,
} as const;

/**
 * DRS's launch results reach the drs-events function: a rule on the account's default bus (DRS in the
 * orchestrator's own account) and one on the orchestrator's bus, which target accounts forward their
 * DRS events to (infra/cdk/drs-event-forwarder.ts). The local stack declares the same rules.
 */
export const DRS_EVENTS = {
  fn: 'drs-events',
  pattern: { source: ['aws.drs'], 'detail-type': ['DRS Source Server Launch Result'] },
  busName: (stage: string) => `drs-orchestrator-${stage}`,
  ruleName: (stage: string, bus: 'default' | 'forwarded') => `drs-orchestrator-drs-events-${bus}-${stage}`,
  /** EventBridge retries a failed delivery; after that the fallback poll still settles the wave. */
  retryAttempts: 2,
} as const;

/**
 * The drill TTL sweeper's schedule (domain/executions/cleanup.ts): an EventBridge rule in AWS
 * (infra/cdk/drill-sweeper.ts), the same rule on the local EventBridge fired by the local scheduler
 * (infra/local/drill-sweeper.ts). Every `minutes` (context drillSweepMinutes, env DRILL_SWEEP_MINUTES).
 */
export const DRILL_SWEEPER = {
  fn: 'drill-sweeper',
  ruleName: (stage: string) => `drs-orchestrator-drill-sweeper-${stage}`,
  context: 'drillSweepMinutes',
  env: 'DRILL_SWEEP_MINUTES',
  defaultMinutes: 5,
  schedule: (minutes: number) => `rate(${minutes} minute${minutes === 1 ? '' : 's'})`,
} as const;

/** The sweep period from a context value or environment variable (a positive integer), else the default. */
export function drillSweepMinutes(given: unknown): number {
  const v = given === undefined || given === null || given === '' ? DRILL_SWEEPER.defaultMinutes : Number(given);
  if (!Number.isInteger(v) || v < 1 || v > 1440) throw new Error(`${DRILL_SWEEPER.env} (context ${DRILL_SWEEPER.context}) must be 1 to 1440 minutes, not ${JSON.stringify(given)}`);
  return v;
}

export const DATA_SOURCES = {
  table: { kind: 'DYNAMODB' },
  none: { kind: 'NONE' },
  protectionGroupsFn: { kind: 'LAMBDA', fn: 'protection-groups' },
  recoveryPlansFn: { kind: 'LAMBDA', fn: 'recovery-plans' },
  executionsFn: { kind: 'LAMBDA', fn: 'executions' },
  accountsFn: { kind: 'LAMBDA', fn: 'accounts' },
  configurationFn: { kind: 'LAMBDA', fn: 'configuration' },
  lookupsFn: { kind: 'LAMBDA', fn: 'lookups' },
  spotFn: { kind: 'LAMBDA', fn: 'spot' },
  clustersFn: { kind: 'LAMBDA', fn: 'clusters' },
  staffFn: { kind: 'LAMBDA', fn: 'staff' },
} as const satisfies Record<string, DataSource>;

export type DataSourceName = keyof typeof DATA_SOURCES;

/** A field later issues implement: until then it answers a NOT_IMPLEMENTED error, never data. */
export const NOT_IMPLEMENTED = 'notImplemented';

/**
 * How a field is served, by the data source named:
 * - 'table' (DynamoDB): its own APPSYNC_JS code, resolvers/<Type>/<field>.ts, as the last function of a
 *   pipeline whose first function refuses a disabled (or signed-out) user's token (USER_STATUS_FUNCTION);
 * - 'none': its own APPSYNC_JS unit resolver, resolvers/<Type>/<field>.ts;
 * - a Lambda data source: the shared Lambda resolver (resolvers/lib/lambda.ts), which invokes that
 *   function with the field, arguments and identity; functions/<fn>/handler.ts routes it (`ServedBy`);
 * - NOT_IMPLEMENTED: resolvers/notImplemented.ts on the NONE data source.
 */
export type Wiring = DataSourceName | typeof NOT_IMPLEMENTED;

/** Every Query, Mutation and Subscription field of schema.graphql, exactly once (the compiler checks it). */
export const WIRING = {
  'Query.getProtectionGroup': 'table',
  'Query.listProtectionGroups': 'table',
  'Query.previewServersByTags': 'protectionGroupsFn',
  'Query.resolveProtectionGroup': 'protectionGroupsFn',
  'Query.listSourceServers': 'protectionGroupsFn',
  'Mutation.createProtectionGroup': 'protectionGroupsFn',
  'Mutation.updateProtectionGroup': 'protectionGroupsFn',
  'Mutation.deleteProtectionGroup': 'protectionGroupsFn',
  'Mutation.publishProtectionGroupChange': 'none',
  'Subscription.onProtectionGroupChanged': 'none',
  'Query.getRecoveryPlan': 'recoveryPlansFn',
  'Query.listRecoveryPlans': 'recoveryPlansFn',
  'Query.checkExistingInstances': 'recoveryPlansFn',
  'Mutation.createRecoveryPlan': 'recoveryPlansFn',
  'Mutation.updateRecoveryPlan': 'recoveryPlansFn',
  'Mutation.deleteRecoveryPlan': 'recoveryPlansFn',
  'Query.getExecution': 'table',
  'Query.listExecutions': 'table',
  'Query.getTerminationStatus': 'executionsFn',
  'Query.getExecutionJobLogs': 'executionsFn',
  'Mutation.startExecution': 'executionsFn',
  'Mutation.cancelExecution': 'executionsFn',
  'Mutation.pauseExecution': 'executionsFn',
  'Mutation.resumeExecution': 'executionsFn',
  'Mutation.terminateRecoveryInstances': 'executionsFn',
  'Mutation.deleteExecutions': 'executionsFn',
  'Mutation.deleteFinishedExecutions': 'executionsFn',
  'Mutation.publishExecutionUpdate': 'none',
  'Mutation.publishWaveUpdate': 'none',
  'Subscription.onExecutionUpdated': 'none',
  'Subscription.onWaveUpdated': 'none',
  'Subscription.onExecutionsChanged': 'none',
  'Query.listTargetAccounts': 'table',
  'Mutation.registerTargetAccount': 'accountsFn',
  'Mutation.updateTargetAccount': 'accountsFn',
  'Mutation.deleteTargetAccount': 'accountsFn',
  'Mutation.validateTargetAccount': 'accountsFn',
  'Query.exportConfiguration': 'configurationFn',
  'Query.validateConfiguration': 'configurationFn',
  'Mutation.importConfiguration': 'configurationFn',
  'Query.queryServersByTags': 'lookupsFn',
  'Query.getDrsQuotas': 'lookupsFn',
  'Query.listDrsAccounts': 'lookupsFn',
  'Query.listSubnets': 'protectionGroupsFn',
  'Query.listSecurityGroups': 'protectionGroupsFn',
  'Query.listInstanceTypes': 'protectionGroupsFn',
  'Query.listInstanceProfiles': 'protectionGroupsFn',
  'Query.getCurrentAccount': 'lookupsFn',
  'Query.me': 'staffFn',
  'Query.health': 'lookupsFn',
  'Mutation.syncDrsTags': 'lookupsFn',
  'Query.listSpotInstances': 'table',
  'Mutation.setSpotProvisioning': 'spotFn',
  'Query.listClusters': 'table',
  'Query.getCluster': 'table',
  'Query.getClusterStatus': 'clustersFn',
  'Mutation.registerCluster': 'clustersFn',
  'Mutation.deployCluster': 'clustersFn',
  'Mutation.publishClusterChange': 'none',
  'Subscription.onClusterChanged': 'none',
  'Query.staffMe': 'staffFn',
  'Query.listStaff': 'table',
  'Query.getTenant': 'table',
  'Query.listTenants': 'table',
  'Mutation.registerStaff': 'staffFn',
  'Mutation.enableStaff': 'staffFn',
  'Mutation.disableStaff': 'staffFn',
  'Mutation.registerTenant': 'staffFn',
  'Mutation.login': 'staffFn',
  'Mutation.requestPasswordReset': 'staffFn',
  'Mutation.confirmPasswordReset': 'staffFn',
  // Drill confidence (issue 13): NOT_IMPLEMENTED until each part lands.
  'Query.checkPlanReadiness': 'executionsFn',
  'Query.getPlanDrift': 'recoveryPlansFn',
  'Query.getDrillReport': 'executionsFn',
  'Query.getDrillSchedule': 'recoveryPlansFn',
  'Query.listDrillSchedules': 'recoveryPlansFn',
  'Mutation.setDrillTtl': 'executionsFn',
  'Mutation.createDrillSchedule': 'recoveryPlansFn',
  'Mutation.updateDrillSchedule': 'recoveryPlansFn',
  'Mutation.deleteDrillSchedule': 'recoveryPlansFn',
} as const satisfies Record<FieldKey, Wiring>;

export const FIELDS = Object.keys(WIRING) as FieldKey[];

// Read through its own keys, so that a field missing from WIRING is one error (above), not many.
type Wired = typeof WIRING;
type WiredField = Extract<keyof Wired, FieldKey>;
const wiringOf = (field: FieldKey): Wiring | undefined => (WIRING as Partial<Record<FieldKey, Wiring>>)[field];

type LambdaDataSource<F extends LambdaName> = {
  [D in DataSourceName]: (typeof DATA_SOURCES)[D] extends { kind: 'LAMBDA'; fn: F } ? D : never;
}[DataSourceName];

/**
 * The fields WIRING sends to Lambda `F`: exactly the routes of functions/<F>/handler.ts
 * (`resolverHandler<ServedBy<'F'>>`), each with its generated argument type.
 */
export type ServedBy<F extends LambdaName> = {
  [K in WiredField]: Wired[K] extends LambdaDataSource<F> ? K : never;
}[WiredField];

/** Resolver bundles (infra/build.ts → dist/resolvers/<name>.js), shared by CDK and the local stack. */
export const resolverBundle = (name: string) => `dist/resolvers/${name}.js`;

export interface ResolverCode {
  /** Bundle name: `<Type>.<field>` for a field's own resolver, `lambda` or `notImplemented` when shared. */
  name: string;
  /** The TypeScript entry under resolvers/. */
  source: string;
  /** What CDK deploys and the local stack runs. */
  bundle: string;
}

const sharedCode = (name: string, source: string): ResolverCode => ({ name, source, bundle: resolverBundle(name) });
/** Every Lambda-served field: one bundle. */
export const LAMBDA_RESOLVER = sharedCode('lambda', 'resolvers/lib/lambda.ts');
/** Every NOT_IMPLEMENTED field: one bundle. */
export const NOT_IMPLEMENTED_RESOLVER = sharedCode('notImplemented', 'resolvers/notImplemented.ts');

/** The resolver-level handlers of every pipeline resolver: a pass-through to its last function's answer. */
export const PIPELINE_RESOLVER = sharedCode('pipeline', 'resolvers/lib/pipeline.ts');

/** An APPSYNC_JS function of a pipeline resolver (CDK AppsyncFunction; `name` is AppSync's function name). */
export interface PipelineFunction {
  name: string;
  dataSource: DataSourceName;
  code: ResolverCode;
}

/**
 * The caller's status check (platform/user-status.ts's item, read by resolvers/lib/user-status.ts): the
 * first function of every field served from the table, one function shared by all of them. Lambda
 * resolvers check it in the function; the NONE fields are IAM-only publishes and subscriptions.
 */
export const USER_STATUS_FUNCTION: PipelineFunction = {
  name: 'userStatus',
  dataSource: 'table',
  code: sharedCode('userStatus', 'resolvers/lib/user-status.ts'),
};

/** Whether a field's data source makes it a pipeline that checks the caller's status first. */
export const checksUserStatus = (dataSource: DataSourceName) => DATA_SOURCES[dataSource].kind === 'DYNAMODB';

export interface FieldResolver {
  field: FieldKey;
  typeName: string;
  fieldName: string;
  /** The data source the field's own code runs on. */
  dataSource: DataSourceName;
  /** The field's own code: the unit resolver's, or, in a pipeline, its last function's. */
  code: ResolverCode;
  /**
   * Table fields: a pipeline resolver, PIPELINE_RESOLVER's handlers around `functions` —
   * USER_STATUS_FUNCTION, then the field's own code as a function of its own (`<Type>_<field>`).
   */
  pipeline?: { code: ResolverCode; functions: PipelineFunction[] };
}

/** The resolver a field runs: its data source and its code, as WIRING implies them. */
export function resolverOf(field: FieldKey): FieldResolver {
  const wiring = wiringOf(field);
  if (!wiring) throw new Error(`${field} is not in WIRING (infra/api.ts)`);
  const [typeName, fieldName] = splitField(field);
  if (wiring === NOT_IMPLEMENTED) return { field, typeName, fieldName, dataSource: 'none', code: NOT_IMPLEMENTED_RESOLVER };
  if (DATA_SOURCES[wiring].kind === 'LAMBDA') return { field, typeName, fieldName, dataSource: wiring, code: LAMBDA_RESOLVER };
  const own = { name: field, source: `resolvers/${typeName}/${fieldName}.ts`, bundle: resolverBundle(field) };
  if (!checksUserStatus(wiring)) return { field, typeName, fieldName, dataSource: wiring, code: own };
  const functions = [USER_STATUS_FUNCTION, { name: `${typeName}_${fieldName}`, dataSource: wiring, code: own }];
  return { field, typeName, fieldName, dataSource: wiring, code: own, pipeline: { code: PIPELINE_RESOLVER, functions } };
}

/** Every field's resolver, in WIRING order. */
export const fieldResolvers = (): FieldResolver[] => FIELDS.map(resolverOf);

/** The pipeline functions to deploy, each once (the shared status check, then each field's own). */
export function pipelineFunctions(): PipelineFunction[] {
  const byName = new Map(fieldResolvers().flatMap((r) => r.pipeline?.functions ?? []).map((f) => [f.name, f]));
  return [...byName.values()];
}

/** The resolver code to build and deploy, each bundle once. */
export function resolverCode(): ResolverCode[] {
  const byName = new Map(
    fieldResolvers()
      .flatMap((r) => [r.code, ...(r.pipeline ? [r.pipeline.code, ...r.pipeline.functions.map((f) => f.code)] : [])])
      .map((c) => [c.name, c]),
  );
  return [...byName.values()];
}

export const QUERY_DEPTH_LIMIT = 10;
/**
 * AppSync resolverCountLimit (1–10,000; AppSync's default is 10,000). Only root fields have resolvers here, so
 * a request invokes one per root field (alias): 100 leaves every client room and refuses alias floods.
 */
export const RESOLVER_COUNT_LIMIT = 100;
/** Stages whose API answers no introspection (AppSync introspectionConfig DISABLED); on everywhere else. */
export const INTROSPECTION_DISABLED_STAGES: readonly string[] = ['prod'];

/** Lambda bundles shared by CDK and the local stack. */
export const lambdaBundleDir = (fn: string) => `dist/functions/${fn}`;
export const functionName = (fn: string, stage: string) =>
  `${FUNCTION_NAMES[fn as LambdaName] ?? `drs-orchestrator-${fn}`}-${stage}`;
