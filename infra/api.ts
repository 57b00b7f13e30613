// How the GraphQL API is wired: data sources, Lambda functions and which resolver serves which field.
// Read by the CDK stack (infra/cdk) and by the local stack (infra/local) so both run the same system.
// A field listed in `resolvers` has its code in resolvers/<Type>/<field>.ts (bundled to
// dist/resolvers/<Type>.<field>.js); a field in `notImplemented` runs resolvers/notImplemented.ts.

export type DataSource =
  | { kind: 'DYNAMODB' }
  | { kind: 'NONE' }
  | { kind: 'LAMBDA'; fn: keyof typeof LAMBDAS };

/** Lambda functions: folder under functions/ (handler.ts), bundled to dist/functions/<name>/index.mjs. */
export const LAMBDAS = {
  'protection-groups': {
    description: 'Protection-group writes and the DRS/EC2 lookups they need',
    timeoutSeconds: 60,
    memoryMb: 512,
    // Least privilege: the AWS actions the function calls.
    actions: [
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
    ],
    table: 'readwrite' as const,
    /** IAM-only publish mutations it may call (nothing else on the API). */
    publishes: ['publishProtectionGroupChange'],
    /** What it may do to the orchestrator state machine. */
    stateMachine: [] as readonly ('start' | 'taskResponse')[],
  },
  'recovery-plans': {
    description: 'Recovery plans: waves, conflicts, existing recovery instances',
    timeoutSeconds: 30,
    memoryMb: 512,
    actions: ['drs:DescribeSourceServers', 'drs:DescribeRecoveryInstances'],
    table: 'readwrite' as const,
    publishes: [],
    stateMachine: [],
  },
  executions: {
    description: 'Starts and steers executions; terminates their recovery instances',
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
    ],
    table: 'readwrite' as const,
    publishes: ['publishExecutionUpdate'],
    stateMachine: ['start', 'taskResponse'],
  },
  orchestrator: {
    description: 'The state machine steps: starts waves on DRS, polls jobs, records and publishes progress',
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
    ],
    table: 'readwrite' as const,
    publishes: ['publishExecutionUpdate', 'publishWaveUpdate'],
    stateMachine: ['taskResponse'],
  },
} as const;

/** The orchestrator: one ASL definition, deployed by CDK and run locally by aws-local-stepfunctions. */
export const STATE_MACHINE = {
  definitionFile: 'infra/orchestrator/state-machine.asl.json',
  /** Definition substitution → the Lambda whose ARN it takes. */
  substitutions: { OrchestratorFunctionArn: 'orchestrator' },
  name: (stage: string) => `drs-orchestrator-${stage}`,
} as const;

/** Environment every function gets, beside TABLE_NAME, APPSYNC_URL and STATE_MACHINE_ARN. */
export const FUNCTION_ENV = {
  // Seconds between orchestrator poll cycles (the local stack divides Wait states by SIM_SPEED).
  POLL_SECONDS: '15',
  DRS_MAX_SERVERS_PER_JOB: '100',
  DRS_MAX_CONCURRENT_JOBS: '20',
  DRS_MAX_SERVERS_IN_ACTIVE_JOBS: '500',
};

export const DATA_SOURCES = {
  table: { kind: 'DYNAMODB' },
  none: { kind: 'NONE' },
  protectionGroupsFn: { kind: 'LAMBDA', fn: 'protection-groups' },
  recoveryPlansFn: { kind: 'LAMBDA', fn: 'recovery-plans' },
  executionsFn: { kind: 'LAMBDA', fn: 'executions' },
} as const satisfies Record<string, DataSource>;

export type DataSourceName = keyof typeof DATA_SOURCES;

export const RESOLVERS: Record<string, DataSourceName> = {
  'Query.getProtectionGroup': 'table',
  'Query.listProtectionGroups': 'table',
  'Query.previewServersByTags': 'protectionGroupsFn',
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
};

/** Fields later issues implement; until then they answer a NOT_IMPLEMENTED error, never data. */
export const NOT_IMPLEMENTED: string[] = [
  'Query.queryServersByTags',
  'Query.getDrsQuotas',
  'Query.listDrsAccounts',
  'Query.listSubnets',
  'Query.listSecurityGroups',
  'Query.listInstanceTypes',
  'Query.listInstanceProfiles',
  'Query.listTargetAccounts',
  'Query.getCurrentAccount',
  'Query.exportConfiguration',
  'Query.validateConfiguration',
  'Query.me',
  'Query.health',
  'Query.listClusters',
  'Query.getClusterStatus',
  'Query.listSpotInstances',
  'Mutation.syncDrsTags',
  'Mutation.registerTargetAccount',
  'Mutation.updateTargetAccount',
  'Mutation.deleteTargetAccount',
  'Mutation.validateTargetAccount',
  'Mutation.importConfiguration',
  'Mutation.registerCluster',
  'Mutation.deployCluster',
  'Mutation.setSpotProvisioning',
];

export const QUERY_DEPTH_LIMIT = 10;

/** Bundle paths shared by CDK and the local stack. */
export const resolverBundle = (field: string) => `dist/resolvers/${field}.js`;
export const NOT_IMPLEMENTED_BUNDLE = 'dist/resolvers/notImplemented.js';
export const lambdaBundleDir = (fn: string) => `dist/functions/${fn}`;
export const functionName = (fn: string, stage: string) => `drs-orchestrator-${fn}-${stage}`;
