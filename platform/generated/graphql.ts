export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  AWSDate: { input: string; output: string; }
  AWSDateTime: { input: string; output: string; }
  AWSEmail: { input: string; output: string; }
  AWSIPAddress: { input: string; output: string; }
  AWSJSON: { input: string; output: string; }
  AWSPhone: { input: string; output: string; }
  AWSTime: { input: string; output: string; }
  AWSTimestamp: { input: number; output: number; }
  AWSURL: { input: string; output: string; }
};

export type ChangeAction =
  | 'CREATED'
  | 'DELETED'
  | 'UPDATED';

export type Cluster = {
  __typename?: 'Cluster';
  cidr: Scalars['String']['output'];
  createdAt: Scalars['AWSDateTime']['output'];
  deployedAt: Maybe<Scalars['AWSDateTime']['output']>;
  deploymentId: Maybe<Scalars['String']['output']>;
  deploymentStatus: Maybe<Scalars['String']['output']>;
  environment: Scalars['String']['output'];
  /** Why the last deployment failed: the failed resource's reason from the stack events. */
  failureReason: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  initiatedAt: Maybe<Scalars['AWSDateTime']['output']>;
  name: Scalars['String']['output'];
  recentEvents: Maybe<Array<ClusterEvent>>;
  region: Scalars['String']['output'];
  stackName: Maybe<Scalars['String']['output']>;
  stackOutputs: Maybe<Scalars['AWSJSON']['output']>;
  status: Scalars['String']['output'];
  /** The account the stack was deployed to (a cross-account deployment), else null. */
  targetAccountId: Maybe<Scalars['String']['output']>;
  templateUrl: Maybe<Scalars['String']['output']>;
  type: ClusterType;
  updatedAt: Maybe<Scalars['AWSDateTime']['output']>;
};

/** What publishClusterChange carries (the committed cluster); onClusterChanged receives it as a Cluster. */
export type ClusterChangeInput = {
  cidr: Scalars['String']['input'];
  createdAt: Scalars['AWSDateTime']['input'];
  deployedAt?: InputMaybe<Scalars['AWSDateTime']['input']>;
  deploymentId?: InputMaybe<Scalars['String']['input']>;
  deploymentStatus?: InputMaybe<Scalars['String']['input']>;
  environment: Scalars['String']['input'];
  failureReason?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  initiatedAt?: InputMaybe<Scalars['AWSDateTime']['input']>;
  name: Scalars['String']['input'];
  region: Scalars['String']['input'];
  stackName?: InputMaybe<Scalars['String']['input']>;
  stackOutputs?: InputMaybe<Scalars['AWSJSON']['input']>;
  status: Scalars['String']['input'];
  targetAccountId?: InputMaybe<Scalars['String']['input']>;
  templateUrl?: InputMaybe<Scalars['String']['input']>;
  type: ClusterType;
  updatedAt?: InputMaybe<Scalars['AWSDateTime']['input']>;
};

export type ClusterConnection = {
  __typename?: 'ClusterConnection';
  items: Array<Cluster>;
  nextToken: Maybe<Scalars['String']['output']>;
};

export type ClusterEvent = {
  __typename?: 'ClusterEvent';
  logicalResourceId: Maybe<Scalars['String']['output']>;
  resourceStatus: Maybe<Scalars['String']['output']>;
  resourceStatusReason: Maybe<Scalars['String']['output']>;
  resourceType: Maybe<Scalars['String']['output']>;
  timestamp: Scalars['AWSDateTime']['output'];
};

export type ClusterType =
  | 'dedicated'
  | 'shared';

export type ConfigurationIssue = {
  __typename?: 'ConfigurationIssue';
  message: Scalars['String']['output'];
  resourceName: Scalars['String']['output'];
  resourceType: Scalars['String']['output'];
  severity: Scalars['String']['output'];
};

export type ConfigurationValidation = {
  __typename?: 'ConfigurationValidation';
  issues: Array<ConfigurationIssue>;
  valid: Scalars['Boolean']['output'];
};

export type CreateProtectionGroupInput = {
  accountId?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  launchConfig?: InputMaybe<LaunchConfigInput>;
  name: Scalars['String']['input'];
  region: Scalars['String']['input'];
  serverSelectionTags?: InputMaybe<Array<TagInput>>;
  sourceServerIds?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type CreateRecoveryPlanInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  waves: Array<WaveInput>;
};

export type CurrentAccount = {
  __typename?: 'CurrentAccount';
  accountId: Scalars['String']['output'];
  arn: Scalars['String']['output'];
  region: Scalars['String']['output'];
};

export type DeleteExecutionsResult = {
  __typename?: 'DeleteExecutionsResult';
  deleted: Array<Scalars['ID']['output']>;
  notFound: Array<Scalars['ID']['output']>;
  refused: Array<Scalars['ID']['output']>;
};

export type DependencyHealth = {
  __typename?: 'DependencyHealth';
  latencyMs: Maybe<Scalars['Int']['output']>;
  message: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  status: Scalars['String']['output'];
};

export type DeployClusterInput = {
  externalId?: InputMaybe<Scalars['String']['input']>;
  parameters?: InputMaybe<Scalars['AWSJSON']['input']>;
  roleName?: InputMaybe<Scalars['String']['input']>;
  tags?: InputMaybe<Array<TagInput>>;
  targetAccountId?: InputMaybe<Scalars['String']['input']>;
};

export type DrsAccount = {
  __typename?: 'DrsAccount';
  accountId: Scalars['String']['output'];
  accountName: Maybe<Scalars['String']['output']>;
  isCurrentAccount: Scalars['Boolean']['output'];
  regions: Array<Scalars['String']['output']>;
};

export type DrsQuotas = {
  __typename?: 'DrsQuotas';
  currentActiveJobs: Scalars['Int']['output'];
  currentReplicatingServers: Scalars['Int']['output'];
  currentServersInActiveJobs: Scalars['Int']['output'];
  maxConcurrentJobs: Scalars['Int']['output'];
  maxReplicatingServers: Scalars['Int']['output'];
  maxServersPerJob: Scalars['Int']['output'];
  maxTotalServersInActiveJobs: Scalars['Int']['output'];
  region: Scalars['String']['output'];
};

export type Execution = {
  __typename?: 'Execution';
  /** The caller's own, unverified words: the initiatedBy it sent to startExecution (a script name, a person), kept beside the verified initiatedBy; null if it sent none. */
  claimedInitiatedBy: Maybe<Scalars['String']['output']>;
  /** The caller's own, unverified words: the invocationSource it sent to startExecution (CLI, SSM, STEPFUNCTIONS…), kept beside the verified invocationSource; null if it sent none. */
  claimedInvocationSource: Maybe<Scalars['String']['output']>;
  currentWave: Maybe<Scalars['Int']['output']>;
  endTime: Maybe<Scalars['AWSDateTime']['output']>;
  errorMessage: Maybe<Scalars['String']['output']>;
  executionType: ExecutionType;
  id: Scalars['ID']['output'];
  /** Who started it, from the authenticated identity: the Cognito username or the IAM principal ARN that called startExecution. Never taken from the input. */
  initiatedBy: Maybe<Scalars['String']['output']>;
  invocationDetails: Maybe<Scalars['AWSJSON']['output']>;
  /** How the caller authenticated, in AppSync's names: AMAZON_COGNITO_USER_POOLS or AWS_IAM. Never taken from the input. */
  invocationSource: Maybe<Scalars['String']['output']>;
  recoveryPlanId: Scalars['ID']['output'];
  recoveryPlanName: Scalars['String']['output'];
  startTime: Scalars['AWSDateTime']['output'];
  /** The same verified identity as initiatedBy (kept for clients that read it). */
  startedBy: Maybe<Scalars['String']['output']>;
  status: ExecutionStatus;
  totalWaves: Scalars['Int']['output'];
  waves: Array<ExecutionWave>;
};

export type ExecutionConnection = {
  __typename?: 'ExecutionConnection';
  items: Array<Execution>;
  nextToken: Maybe<Scalars['String']['output']>;
};

export type ExecutionFilter = {
  recoveryPlanId?: InputMaybe<Scalars['ID']['input']>;
  startedAfter?: InputMaybe<Scalars['AWSDateTime']['input']>;
  startedBefore?: InputMaybe<Scalars['AWSDateTime']['input']>;
  status?: InputMaybe<ExecutionStatus>;
};

export type ExecutionJobLogs = {
  __typename?: 'ExecutionJobLogs';
  events: Array<JobLogEvent>;
  executionId: Scalars['ID']['output'];
};

export type ExecutionServer = {
  __typename?: 'ExecutionServer';
  endTime: Maybe<Scalars['AWSDateTime']['output']>;
  hostname: Maybe<Scalars['String']['output']>;
  jobId: Maybe<Scalars['String']['output']>;
  /** DRS launch status: PENDING, IN_PROGRESS, LAUNCHED, FAILED, TERMINATED. */
  launchStatus: Scalars['String']['output'];
  recoveryInstanceId: Maybe<Scalars['String']['output']>;
  sourceServerId: Scalars['ID']['output'];
  startTime: Maybe<Scalars['AWSDateTime']['output']>;
};

export type ExecutionStatus =
  | 'CANCELLED'
  | 'CANCELLING'
  | 'COMPLETED'
  | 'FAILED'
  | 'IN_PROGRESS'
  | 'PAUSED'
  | 'PAUSE_PENDING'
  | 'PENDING';

export type ExecutionSummary = {
  __typename?: 'ExecutionSummary';
  endTime: Maybe<Scalars['AWSDateTime']['output']>;
  executionType: ExecutionType;
  id: Scalars['ID']['output'];
  startTime: Scalars['AWSDateTime']['output'];
  status: ExecutionStatus;
};

export type ExecutionType =
  | 'DRILL'
  | 'RECOVERY';

/** The full state of an execution, as the orchestrator publishes it. */
export type ExecutionUpdateInput = {
  claimedInitiatedBy?: InputMaybe<Scalars['String']['input']>;
  claimedInvocationSource?: InputMaybe<Scalars['String']['input']>;
  currentWave?: InputMaybe<Scalars['Int']['input']>;
  endTime?: InputMaybe<Scalars['AWSDateTime']['input']>;
  errorMessage?: InputMaybe<Scalars['String']['input']>;
  executionType: ExecutionType;
  id: Scalars['ID']['input'];
  initiatedBy?: InputMaybe<Scalars['String']['input']>;
  invocationDetails?: InputMaybe<Scalars['AWSJSON']['input']>;
  invocationSource?: InputMaybe<Scalars['String']['input']>;
  recoveryPlanId: Scalars['ID']['input'];
  recoveryPlanName: Scalars['String']['input'];
  startTime: Scalars['AWSDateTime']['input'];
  startedBy?: InputMaybe<Scalars['String']['input']>;
  status: ExecutionStatus;
  totalWaves: Scalars['Int']['input'];
  waves: Scalars['AWSJSON']['input'];
};

export type ExecutionWave = {
  __typename?: 'ExecutionWave';
  dependsOn: Array<Scalars['Int']['output']>;
  endTime: Maybe<Scalars['AWSDateTime']['output']>;
  errorMessage: Maybe<Scalars['String']['output']>;
  jobIds: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  pauseBeforeWave: Scalars['Boolean']['output'];
  protectionGroupId: Maybe<Scalars['ID']['output']>;
  protectionGroupName: Maybe<Scalars['String']['output']>;
  servers: Array<ExecutionServer>;
  startTime: Maybe<Scalars['AWSDateTime']['output']>;
  status: WaveStatus;
  waveNumber: Scalars['Int']['output'];
};

export type ExistingInstancesCheck = {
  __typename?: 'ExistingInstancesCheck';
  existingInstances: Array<ExistingRecoveryInstance>;
  hasConflicts: Scalars['Boolean']['output'];
};

export type ExistingRecoveryInstance = {
  __typename?: 'ExistingRecoveryInstance';
  launchedAt: Maybe<Scalars['AWSDateTime']['output']>;
  recoveryInstanceId: Scalars['String']['output'];
  sourceServerId: Scalars['String']['output'];
  state: Maybe<Scalars['String']['output']>;
};

export type Health = {
  __typename?: 'Health';
  dependencies: Array<DependencyHealth>;
  status: Scalars['String']['output'];
  timestamp: Scalars['AWSDateTime']['output'];
  version: Scalars['String']['output'];
};

export type InstanceProfile = {
  __typename?: 'InstanceProfile';
  arn: Scalars['String']['output'];
  instanceProfileId: Scalars['String']['output'];
  instanceProfileName: Scalars['ID']['output'];
  roles: Array<Scalars['String']['output']>;
};

export type InstanceType = {
  __typename?: 'InstanceType';
  instanceType: Scalars['ID']['output'];
  memoryGiB: Scalars['Float']['output'];
  vCpus: Scalars['Int']['output'];
};

export type JobLogEvent = {
  __typename?: 'JobLogEvent';
  conversionServerId: Maybe<Scalars['String']['output']>;
  event: Scalars['String']['output'];
  eventTime: Scalars['AWSDateTime']['output'];
  jobId: Scalars['String']['output'];
  rawError: Maybe<Scalars['String']['output']>;
  sourceServerId: Maybe<Scalars['String']['output']>;
  targetInstanceId: Maybe<Scalars['String']['output']>;
  waveNumber: Maybe<Scalars['Int']['output']>;
};

export type LaunchConfig = {
  __typename?: 'LaunchConfig';
  copyPrivateIp: Maybe<Scalars['Boolean']['output']>;
  copyTags: Maybe<Scalars['Boolean']['output']>;
  instanceProfileName: Maybe<Scalars['String']['output']>;
  instanceType: Maybe<Scalars['String']['output']>;
  launchDisposition: Maybe<LaunchDisposition>;
  licensing: Maybe<Licensing>;
  securityGroupIds: Maybe<Array<Scalars['String']['output']>>;
  subnetId: Maybe<Scalars['String']['output']>;
  targetInstanceTypeRightSizingMethod: Maybe<RightSizingMethod>;
};

export type LaunchConfigApplyDetail = {
  __typename?: 'LaunchConfigApplyDetail';
  reason: Maybe<Scalars['String']['output']>;
  serverId: Scalars['String']['output'];
  status: LaunchConfigApplyStatus;
  templateId: Maybe<Scalars['String']['output']>;
  templateVersion: Maybe<Scalars['Int']['output']>;
};

export type LaunchConfigApplyResults = {
  __typename?: 'LaunchConfigApplyResults';
  applied: Scalars['Int']['output'];
  details: Array<LaunchConfigApplyDetail>;
  failed: Scalars['Int']['output'];
  skipped: Scalars['Int']['output'];
};

export type LaunchConfigApplyStatus =
  | 'applied'
  | 'failed'
  | 'skipped';

export type LaunchConfigInput = {
  copyPrivateIp?: InputMaybe<Scalars['Boolean']['input']>;
  copyTags?: InputMaybe<Scalars['Boolean']['input']>;
  instanceProfileName?: InputMaybe<Scalars['String']['input']>;
  instanceType?: InputMaybe<Scalars['String']['input']>;
  launchDisposition?: InputMaybe<LaunchDisposition>;
  licensing?: InputMaybe<LicensingInput>;
  securityGroupIds?: InputMaybe<Array<Scalars['String']['input']>>;
  subnetId?: InputMaybe<Scalars['String']['input']>;
  targetInstanceTypeRightSizingMethod?: InputMaybe<RightSizingMethod>;
};

export type LaunchDisposition =
  | 'STARTED'
  | 'STOPPED';

export type Licensing = {
  __typename?: 'Licensing';
  osByol: Maybe<Scalars['Boolean']['output']>;
};

export type LicensingInput = {
  osByol?: InputMaybe<Scalars['Boolean']['input']>;
};

/** The user pool's tokens (token: the ID token) and the staff profile. */
export type LoginResult = {
  __typename?: 'LoginResult';
  accessToken: Scalars['String']['output'];
  expiresIn: Scalars['Int']['output'];
  refreshToken: Maybe<Scalars['String']['output']>;
  staff: Staff;
  token: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  cancelExecution: Execution;
  /** IAM only (POST /auth/password-reset/confirm): a single-use reset token and the new password. */
  confirmPasswordReset: Maybe<PasswordResetAnswer>;
  createProtectionGroup: ProtectionGroup;
  createRecoveryPlan: RecoveryPlan;
  deleteExecutions: DeleteExecutionsResult;
  deleteFinishedExecutions: DeleteExecutionsResult;
  deleteProtectionGroup: ProtectionGroup;
  deleteRecoveryPlan: RecoveryPlan;
  deleteTargetAccount: TargetAccount;
  deployCluster: Cluster;
  disableStaff: Staff;
  enableStaff: Staff;
  importConfiguration: Scalars['AWSJSON']['output'];
  /** IAM only (the REST façade's POST /auth/login): email and password through Cognito USER_PASSWORD_AUTH. */
  login: Maybe<LoginResult>;
  pauseExecution: Execution;
  /** IAM only: the clusters function publishes every committed cluster change here; it triggers onClusterChanged. */
  publishClusterChange: Maybe<Cluster>;
  /** IAM only: the orchestrator publishes each execution change; triggers onExecutionUpdated and onExecutionsChanged. */
  publishExecutionUpdate: Maybe<Execution>;
  /** IAM only: the protection-groups function publishes every change here; it triggers onProtectionGroupChanged. */
  publishProtectionGroupChange: Maybe<ProtectionGroupChange>;
  /** IAM only: the orchestrator publishes each wave and server change; triggers onWaveUpdated. */
  publishWaveUpdate: Maybe<WaveUpdate>;
  registerCluster: Cluster;
  registerStaff: Staff;
  registerTargetAccount: TargetAccount;
  registerTenant: Tenant;
  /** IAM only (POST /auth/password-reset/request): the same answer whether or not the account exists. */
  requestPasswordReset: Maybe<PasswordResetAnswer>;
  resumeExecution: Execution;
  setSpotProvisioning: SpotProvisioning;
  startExecution: Execution;
  syncDrsTags: TagSyncResult;
  terminateRecoveryInstances: TerminationResult;
  updateProtectionGroup: ProtectionGroup;
  updateRecoveryPlan: RecoveryPlan;
  updateTargetAccount: TargetAccount;
  validateTargetAccount: TargetAccountValidation;
};


export type MutationCancelExecutionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationConfirmPasswordResetArgs = {
  newPassword: Scalars['String']['input'];
  token: Scalars['String']['input'];
};


export type MutationCreateProtectionGroupArgs = {
  input: CreateProtectionGroupInput;
};


export type MutationCreateRecoveryPlanArgs = {
  input: CreateRecoveryPlanInput;
};


export type MutationDeleteExecutionsArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type MutationDeleteProtectionGroupArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteRecoveryPlanArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteTargetAccountArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeployClusterArgs = {
  id: Scalars['ID']['input'];
  input?: InputMaybe<DeployClusterInput>;
};


export type MutationDisableStaffArgs = {
  staffId: Scalars['ID']['input'];
};


export type MutationEnableStaffArgs = {
  staffId: Scalars['ID']['input'];
};


export type MutationImportConfigurationArgs = {
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  input: Scalars['AWSJSON']['input'];
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationPauseExecutionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationPublishClusterChangeArgs = {
  input: ClusterChangeInput;
};


export type MutationPublishExecutionUpdateArgs = {
  input: ExecutionUpdateInput;
};


export type MutationPublishProtectionGroupChangeArgs = {
  input: ProtectionGroupChangeInput;
};


export type MutationPublishWaveUpdateArgs = {
  input: WaveUpdateInput;
};


export type MutationRegisterClusterArgs = {
  input: RegisterClusterInput;
};


export type MutationRegisterStaffArgs = {
  input: RegisterStaffInput;
};


export type MutationRegisterTargetAccountArgs = {
  input: RegisterTargetAccountInput;
};


export type MutationRegisterTenantArgs = {
  input: RegisterTenantInput;
};


export type MutationRequestPasswordResetArgs = {
  email: Scalars['String']['input'];
};


export type MutationResumeExecutionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetSpotProvisioningArgs = {
  action: SpotProvisioningAction;
  teardown?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationStartExecutionArgs = {
  input: StartExecutionInput;
};


export type MutationSyncDrsTagsArgs = {
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  regions: Array<Scalars['String']['input']>;
};


export type MutationTerminateRecoveryInstancesArgs = {
  executionId: Scalars['ID']['input'];
};


export type MutationUpdateProtectionGroupArgs = {
  id: Scalars['ID']['input'];
  input: UpdateProtectionGroupInput;
};


export type MutationUpdateRecoveryPlanArgs = {
  id: Scalars['ID']['input'];
  input: UpdateRecoveryPlanInput;
};


export type MutationUpdateTargetAccountArgs = {
  id: Scalars['ID']['input'];
  input: UpdateTargetAccountInput;
};


export type MutationValidateTargetAccountArgs = {
  id: Scalars['ID']['input'];
};

export type PasswordResetAnswer = {
  __typename?: 'PasswordResetAnswer';
  message: Scalars['String']['output'];
};

export type ProtectionGroup = {
  __typename?: 'ProtectionGroup';
  accountId: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['AWSDateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  launchConfig: Maybe<LaunchConfig>;
  launchConfigApplyResults: Maybe<LaunchConfigApplyResults>;
  name: Scalars['String']['output'];
  region: Scalars['String']['output'];
  serverSelectionTags: Array<Tag>;
  sourceServerIds: Array<Scalars['String']['output']>;
  updatedAt: Scalars['AWSDateTime']['output'];
  version: Scalars['Int']['output'];
};

/** What subscribers to onProtectionGroupChanged receive. `group` is null for DELETED. */
export type ProtectionGroupChange = {
  __typename?: 'ProtectionGroupChange';
  action: ChangeAction;
  changedAt: Scalars['AWSDateTime']['output'];
  /** Who made the change, from the authenticated identity (Cognito username or IAM principal ARN); never taken from an input. */
  changedBy: Maybe<Scalars['String']['output']>;
  group: Maybe<ProtectionGroup>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  region: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

export type ProtectionGroupChangeInput = {
  action: ChangeAction;
  changedAt: Scalars['AWSDateTime']['input'];
  changedBy?: InputMaybe<Scalars['String']['input']>;
  group?: InputMaybe<Scalars['AWSJSON']['input']>;
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  region: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};

export type ProtectionGroupConnection = {
  __typename?: 'ProtectionGroupConnection';
  items: Array<ProtectionGroup>;
  nextToken: Maybe<Scalars['String']['output']>;
};

export type ProtectionGroupFilter = {
  /** Exact name, case-insensitive. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive substring of the name. */
  nameContains?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
};

export type Query = {
  __typename?: 'Query';
  checkExistingInstances: ExistingInstancesCheck;
  exportConfiguration: Scalars['AWSJSON']['output'];
  getCluster: Maybe<Cluster>;
  getClusterStatus: Cluster;
  getCurrentAccount: CurrentAccount;
  getDrsQuotas: DrsQuotas;
  getExecution: Maybe<Execution>;
  getExecutionJobLogs: ExecutionJobLogs;
  getProtectionGroup: Maybe<ProtectionGroup>;
  getRecoveryPlan: Maybe<RecoveryPlan>;
  getTenant: Maybe<Tenant>;
  getTerminationStatus: TerminationStatus;
  health: Health;
  listClusters: ClusterConnection;
  listDrsAccounts: Array<DrsAccount>;
  listExecutions: ExecutionConnection;
  listInstanceProfiles: Array<InstanceProfile>;
  listInstanceTypes: Array<InstanceType>;
  listProtectionGroups: ProtectionGroupConnection;
  listRecoveryPlans: RecoveryPlanConnection;
  listSecurityGroups: Array<SecurityGroup>;
  listSourceServers: SourceServerConnection;
  listSpotInstances: SpotInstanceConnection;
  listStaff: StaffConnection;
  listSubnets: Array<Subnet>;
  listTargetAccounts: TargetAccountConnection;
  listTenants: TenantConnection;
  me: User;
  previewServersByTags: ServerTagQueryResult;
  queryServersByTags: ServerTagQueryResult;
  /** The servers a group selects now (its explicit list, or what its tags match in DRS today), with assignments. */
  resolveProtectionGroup: ServerTagQueryResult;
  /** The signed-in staff member (403 ACCOUNT_DISABLED when disabled, 404 STAFF_NOT_FOUND without a record). */
  staffMe: Staff;
  validateConfiguration: ConfigurationValidation;
};


export type QueryCheckExistingInstancesArgs = {
  recoveryPlanId: Scalars['ID']['input'];
};


export type QueryGetClusterArgs = {
  id: Scalars['ID']['input'];
};


export type QueryGetClusterStatusArgs = {
  id: Scalars['ID']['input'];
  includeEvents?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryGetDrsQuotasArgs = {
  accountId?: InputMaybe<Scalars['String']['input']>;
  region: Scalars['String']['input'];
};


export type QueryGetExecutionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryGetExecutionJobLogsArgs = {
  executionId: Scalars['ID']['input'];
};


export type QueryGetProtectionGroupArgs = {
  id: Scalars['ID']['input'];
};


export type QueryGetRecoveryPlanArgs = {
  id: Scalars['ID']['input'];
};


export type QueryGetTenantArgs = {
  id: Scalars['ID']['input'];
};


export type QueryGetTerminationStatusArgs = {
  executionId: Scalars['ID']['input'];
};


export type QueryListClustersArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryListExecutionsArgs = {
  filter?: InputMaybe<ExecutionFilter>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryListInstanceProfilesArgs = {
  accountId?: InputMaybe<Scalars['String']['input']>;
  region: Scalars['String']['input'];
};


export type QueryListInstanceTypesArgs = {
  accountId?: InputMaybe<Scalars['String']['input']>;
  region: Scalars['String']['input'];
};


export type QueryListProtectionGroupsArgs = {
  filter?: InputMaybe<ProtectionGroupFilter>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryListRecoveryPlansArgs = {
  filter?: InputMaybe<RecoveryPlanFilter>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryListSecurityGroupsArgs = {
  accountId?: InputMaybe<Scalars['String']['input']>;
  region: Scalars['String']['input'];
};


export type QueryListSourceServersArgs = {
  accountId?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  regions?: InputMaybe<Array<Scalars['String']['input']>>;
};


export type QueryListSpotInstancesArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryListStaffArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryListSubnetsArgs = {
  accountId?: InputMaybe<Scalars['String']['input']>;
  region: Scalars['String']['input'];
};


export type QueryListTargetAccountsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryListTenantsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryPreviewServersByTagsArgs = {
  accountId?: InputMaybe<Scalars['String']['input']>;
  region: Scalars['String']['input'];
  tags: Array<TagInput>;
};


export type QueryQueryServersByTagsArgs = {
  accountId?: InputMaybe<Scalars['String']['input']>;
  region: Scalars['String']['input'];
  tags: Array<TagInput>;
};


export type QueryResolveProtectionGroupArgs = {
  id: Scalars['ID']['input'];
};

export type RecoveryPlan = {
  __typename?: 'RecoveryPlan';
  createdAt: Scalars['AWSDateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  hasServerConflict: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  lastExecution: Maybe<ExecutionSummary>;
  name: Scalars['String']['output'];
  updatedAt: Scalars['AWSDateTime']['output'];
  version: Scalars['Int']['output'];
  waveCount: Scalars['Int']['output'];
  waves: Array<Wave>;
};

export type RecoveryPlanConnection = {
  __typename?: 'RecoveryPlanConnection';
  items: Array<RecoveryPlan>;
  nextToken: Maybe<Scalars['String']['output']>;
};

export type RecoveryPlanFilter = {
  hasConflict?: InputMaybe<Scalars['Boolean']['input']>;
  lastExecutionStatus?: InputMaybe<ExecutionStatus>;
  name?: InputMaybe<Scalars['String']['input']>;
  nameContains?: InputMaybe<Scalars['String']['input']>;
  /** Key=Value of a tag selecting the servers of one of the plan's groups. */
  tag?: InputMaybe<Scalars['String']['input']>;
};

export type RegisterClusterInput = {
  cidr: Scalars['String']['input'];
  environment: Scalars['String']['input'];
  name: Scalars['String']['input'];
  region: Scalars['String']['input'];
  type: ClusterType;
};

export type RegisterStaffInput = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  /** admin, manager, staff (at least one). */
  roles: Array<Scalars['String']['input']>;
};

export type RegisterTargetAccountInput = {
  accountId: Scalars['String']['input'];
  accountName?: InputMaybe<Scalars['String']['input']>;
  crossAccountRoleArn?: InputMaybe<Scalars['String']['input']>;
  externalId?: InputMaybe<Scalars['String']['input']>;
};

export type RegisterTenantInput = {
  contactInfo?: InputMaybe<TenantContactInfoInput>;
  email: Scalars['String']['input'];
  name: Scalars['String']['input'];
};

export type RightSizingMethod =
  | 'BASIC'
  | 'IN_AWS'
  | 'NONE';

export type SecurityGroup = {
  __typename?: 'SecurityGroup';
  description: Maybe<Scalars['String']['output']>;
  groupId: Scalars['ID']['output'];
  groupName: Scalars['String']['output'];
  vpcId: Maybe<Scalars['String']['output']>;
};

export type ServerTagQueryResult = {
  __typename?: 'ServerTagQueryResult';
  matchedTags: Array<Tag>;
  servers: Array<SourceServer>;
};

export type SourceServer = {
  __typename?: 'SourceServer';
  assignedProtectionGroupId: Maybe<Scalars['ID']['output']>;
  assignedProtectionGroupName: Maybe<Scalars['String']['output']>;
  hostname: Maybe<Scalars['String']['output']>;
  lagDuration: Maybe<Scalars['String']['output']>;
  lastLaunchResult: Maybe<Scalars['String']['output']>;
  nameTag: Maybe<Scalars['String']['output']>;
  /** DRS data replication state, e.g. CONTINUOUS (healthy), INITIAL_SYNC, STALLED, DISCONNECTED. */
  replicationState: Maybe<Scalars['String']['output']>;
  sourceAccount: Maybe<Scalars['String']['output']>;
  sourceInstanceId: Maybe<Scalars['String']['output']>;
  sourceIp: Maybe<Scalars['String']['output']>;
  sourceRegion: Scalars['String']['output'];
  sourceServerId: Scalars['ID']['output'];
  /** Readiness for recovery derived from replication: READY_FOR_RECOVERY or NOT_READY. */
  state: Maybe<Scalars['String']['output']>;
  tags: Array<Tag>;
};

export type SourceServerConnection = {
  __typename?: 'SourceServerConnection';
  items: Array<SourceServer>;
  nextToken: Maybe<Scalars['String']['output']>;
};

export type SpotInstance = {
  __typename?: 'SpotInstance';
  instanceId: Scalars['ID']['output'];
  privateIp: Maybe<Scalars['String']['output']>;
  publicIp: Maybe<Scalars['String']['output']>;
  region: Scalars['String']['output'];
};

export type SpotInstanceConnection = {
  __typename?: 'SpotInstanceConnection';
  items: Array<SpotInstance>;
  nextToken: Maybe<Scalars['String']['output']>;
};

export type SpotProvisioning = {
  __typename?: 'SpotProvisioning';
  enabled: Scalars['Boolean']['output'];
  message: Scalars['String']['output'];
  teardownRequested: Scalars['Boolean']['output'];
};

export type SpotProvisioningAction =
  | 'disable'
  | 'enable';

/** A staff member: a Cognito user (staffId is its sub) and its staff record. Roles: admin, manager, staff. */
export type Staff = {
  __typename?: 'Staff';
  createdAt: Scalars['AWSDateTime']['output'];
  email: Scalars['String']['output'];
  enabled: Scalars['Boolean']['output'];
  roles: Array<Scalars['String']['output']>;
  staffId: Scalars['ID']['output'];
  updatedAt: Scalars['AWSDateTime']['output'];
};

export type StaffConnection = {
  __typename?: 'StaffConnection';
  items: Array<Staff>;
  nextToken: Maybe<Scalars['String']['output']>;
};

export type StartExecutionInput = {
  executionType: ExecutionType;
  /** Unverified note: recorded as the execution's claimedInitiatedBy; initiatedBy is always the authenticated caller. */
  initiatedBy?: InputMaybe<Scalars['String']['input']>;
  invocationDetails?: InputMaybe<Scalars['AWSJSON']['input']>;
  /** Unverified note: recorded as the execution's claimedInvocationSource; invocationSource is always how the caller authenticated. */
  invocationSource?: InputMaybe<Scalars['String']['input']>;
  recoveryPlanId: Scalars['ID']['input'];
};

export type Subnet = {
  __typename?: 'Subnet';
  availabilityZone: Scalars['String']['output'];
  cidrBlock: Scalars['String']['output'];
  name: Maybe<Scalars['String']['output']>;
  subnetId: Scalars['ID']['output'];
  vpcId: Scalars['String']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Every change of a cluster (registered, deploying, active, failed); `id` narrows to one cluster. */
  onClusterChanged: Maybe<Cluster>;
  onExecutionUpdated: Maybe<Execution>;
  /** Dashboard-wide feed; planId and status are applied as server-side filters. */
  onExecutionsChanged: Maybe<Execution>;
  /** Every create, update and delete of a protection group; `id` narrows to one group. */
  onProtectionGroupChanged: Maybe<ProtectionGroupChange>;
  onWaveUpdated: Maybe<WaveUpdate>;
};


export type SubscriptionOnClusterChangedArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionOnExecutionUpdatedArgs = {
  executionId: Scalars['ID']['input'];
};


export type SubscriptionOnExecutionsChangedArgs = {
  planId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<ExecutionStatus>;
};


export type SubscriptionOnProtectionGroupChangedArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionOnWaveUpdatedArgs = {
  executionId: Scalars['ID']['input'];
};

export type Tag = {
  __typename?: 'Tag';
  key: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type TagInput = {
  key: Scalars['String']['input'];
  value: Scalars['String']['input'];
};

export type TagSyncChange = {
  __typename?: 'TagSyncChange';
  region: Scalars['String']['output'];
  sourceInstanceId: Maybe<Scalars['String']['output']>;
  sourceServerId: Scalars['String']['output'];
  tagsAdded: Array<Tag>;
  tagsChanged: Array<Tag>;
};

export type TagSyncResult = {
  __typename?: 'TagSyncResult';
  changes: Array<TagSyncChange>;
  dryRun: Scalars['Boolean']['output'];
  regions: Array<Scalars['String']['output']>;
  serversChanged: Scalars['Int']['output'];
  serversScanned: Scalars['Int']['output'];
};

export type TargetAccount = {
  __typename?: 'TargetAccount';
  accountId: Scalars['String']['output'];
  accountName: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['AWSDateTime']['output'];
  crossAccountRoleArn: Maybe<Scalars['String']['output']>;
  hasExternalId: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  lastValidatedAt: Maybe<Scalars['AWSDateTime']['output']>;
  updatedAt: Scalars['AWSDateTime']['output'];
  validationMessage: Maybe<Scalars['String']['output']>;
  validationStatus: Maybe<Scalars['String']['output']>;
};

export type TargetAccountConnection = {
  __typename?: 'TargetAccountConnection';
  items: Array<TargetAccount>;
  nextToken: Maybe<Scalars['String']['output']>;
};

export type TargetAccountValidation = {
  __typename?: 'TargetAccountValidation';
  id: Scalars['ID']['output'];
  message: Maybe<Scalars['String']['output']>;
  missingPermissions: Array<Scalars['String']['output']>;
  valid: Scalars['Boolean']['output'];
  validatedAt: Scalars['AWSDateTime']['output'];
};

export type Tenant = {
  __typename?: 'Tenant';
  contactInfo: Maybe<TenantContactInfo>;
  createdAt: Scalars['AWSDateTime']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  status: Scalars['String']['output'];
};

export type TenantConnection = {
  __typename?: 'TenantConnection';
  items: Array<Tenant>;
  nextToken: Maybe<Scalars['String']['output']>;
};

export type TenantContactInfo = {
  __typename?: 'TenantContactInfo';
  address: Maybe<Scalars['String']['output']>;
  company: Maybe<Scalars['String']['output']>;
  phone: Maybe<Scalars['String']['output']>;
};

export type TenantContactInfoInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  company?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type TerminatedInstance = {
  __typename?: 'TerminatedInstance';
  instanceId: Scalars['String']['output'];
  sourceServerId: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
};

export type TerminationResult = {
  __typename?: 'TerminationResult';
  executionId: Scalars['ID']['output'];
  jobIds: Array<Scalars['String']['output']>;
  terminatedInstances: Array<TerminatedInstance>;
};

export type TerminationStatus = {
  __typename?: 'TerminationStatus';
  executionId: Scalars['ID']['output'];
  instances: Array<TerminatedInstance>;
  status: Scalars['String']['output'];
  terminated: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type UpdateProtectionGroupInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  launchConfig?: InputMaybe<LaunchConfigInput>;
  name?: InputMaybe<Scalars['String']['input']>;
  serverSelectionTags?: InputMaybe<Array<TagInput>>;
  sourceServerIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The version read; a different stored version answers VERSION_CONFLICT. */
  version: Scalars['Int']['input'];
};

export type UpdateRecoveryPlanInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
  waves?: InputMaybe<Array<WaveInput>>;
};

export type UpdateTargetAccountInput = {
  accountName?: InputMaybe<Scalars['String']['input']>;
  crossAccountRoleArn?: InputMaybe<Scalars['String']['input']>;
  externalId?: InputMaybe<Scalars['String']['input']>;
};

export type User = {
  __typename?: 'User';
  email: Maybe<Scalars['String']['output']>;
  groups: Array<Scalars['String']['output']>;
  permissions: Array<Scalars['String']['output']>;
  username: Scalars['String']['output'];
};

export type Wave = {
  __typename?: 'Wave';
  dependsOn: Array<Scalars['Int']['output']>;
  name: Scalars['String']['output'];
  pauseBeforeWave: Scalars['Boolean']['output'];
  protectionGroupId: Scalars['ID']['output'];
  protectionGroupName: Maybe<Scalars['String']['output']>;
  waveNumber: Scalars['Int']['output'];
};

export type WaveInput = {
  dependsOn?: InputMaybe<Array<Scalars['Int']['input']>>;
  name: Scalars['String']['input'];
  pauseBeforeWave?: InputMaybe<Scalars['Boolean']['input']>;
  protectionGroupId: Scalars['ID']['input'];
  waveNumber: Scalars['Int']['input'];
};

export type WaveStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'IN_PROGRESS'
  | 'PAUSED'
  | 'PENDING'
  | 'SKIPPED'
  | 'STARTED'
  | 'WAITING';

export type WaveUpdate = {
  __typename?: 'WaveUpdate';
  executionId: Scalars['ID']['output'];
  wave: ExecutionWave;
  waveNumber: Scalars['Int']['output'];
};

export type WaveUpdateInput = {
  executionId: Scalars['ID']['input'];
  wave: Scalars['AWSJSON']['input'];
  waveNumber: Scalars['Int']['input'];
};
