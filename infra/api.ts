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
  },
} as const;

export const DATA_SOURCES = {
  table: { kind: 'DYNAMODB' },
  none: { kind: 'NONE' },
  protectionGroupsFn: { kind: 'LAMBDA', fn: 'protection-groups' },
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
  'Query.getRecoveryPlan',
  'Query.listRecoveryPlans',
  'Query.checkExistingInstances',
  'Query.getExecution',
  'Query.listExecutions',
  'Query.getTerminationStatus',
  'Query.getExecutionJobLogs',
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
  'Mutation.createRecoveryPlan',
  'Mutation.updateRecoveryPlan',
  'Mutation.deleteRecoveryPlan',
  'Mutation.startExecution',
  'Mutation.cancelExecution',
  'Mutation.pauseExecution',
  'Mutation.resumeExecution',
  'Mutation.terminateRecoveryInstances',
  'Mutation.deleteExecutions',
  'Mutation.deleteFinishedExecutions',
  'Mutation.publishExecutionUpdate',
  'Mutation.publishWaveUpdate',
  'Mutation.registerTargetAccount',
  'Mutation.updateTargetAccount',
  'Mutation.deleteTargetAccount',
  'Mutation.validateTargetAccount',
  'Mutation.importConfiguration',
  'Mutation.registerCluster',
  'Mutation.deployCluster',
  'Mutation.setSpotProvisioning',
  'Subscription.onExecutionUpdated',
  'Subscription.onWaveUpdated',
  'Subscription.onExecutionsChanged',
];

export const QUERY_DEPTH_LIMIT = 10;

/** Bundle paths shared by CDK and the local stack. */
export const resolverBundle = (field: string) => `dist/resolvers/${field}.js`;
export const NOT_IMPLEMENTED_BUNDLE = 'dist/resolvers/notImplemented.js';
export const lambdaBundleDir = (fn: string) => `dist/functions/${fn}`;
export const functionName = (fn: string, stage: string) => `drs-orchestrator-${fn}-${stage}`;
