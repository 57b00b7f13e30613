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

export type BlackoutWindow = {
  __typename?: 'BlackoutWindow';
  /** Days of week (MON…SUN) the window recurs on, in the schedule's time zone; empty with start/end dates for a one-off window. */
  daysOfWeek: Array<Scalars['String']['output']>;
  endTime: Maybe<Scalars['String']['output']>;
  /** One-off window: from, to (ISO 8601). */
  from: Maybe<Scalars['AWSDateTime']['output']>;
  reason: Maybe<Scalars['String']['output']>;
  /** HH:MM local time; a window may cross midnight (22:00–02:00). */
  startTime: Maybe<Scalars['String']['output']>;
  to: Maybe<Scalars['AWSDateTime']['output']>;
};

export type BlackoutWindowInput = {
  daysOfWeek?: InputMaybe<Array<Scalars['String']['input']>>;
  endTime?: InputMaybe<Scalars['String']['input']>;
  from?: InputMaybe<Scalars['AWSDateTime']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
  startTime?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['AWSDateTime']['input']>;
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

export type CreateDrillScheduleInput = {
  blackoutWindows?: InputMaybe<Array<BlackoutWindowInput>>;
  drillTtlMinutes?: InputMaybe<Scalars['Int']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  expression: Scalars['String']['input'];
  recoveryPlanId: Scalars['ID']['input'];
  timezone?: InputMaybe<Scalars['String']['input']>;
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
  /** 1 to 10080 (a week); null keeps drill instances until terminated. */
  drillTtlMinutes?: InputMaybe<Scalars['Int']['input']>;
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

export type DriftChange = {
  __typename?: 'DriftChange';
  after: Maybe<Scalars['AWSJSON']['output']>;
  before: Maybe<Scalars['AWSJSON']['output']>;
  /** When and who, from the change's audit record; tag membership changes made in DRS carry when they were first seen and changedBy null. */
  changedAt: Maybe<Scalars['AWSDateTime']['output']>;
  changedBy: Maybe<Scalars['String']['output']>;
  /** What changed (launchConfig.subnetId, serverSelectionTags, dependsOn…). */
  field: Maybe<Scalars['String']['output']>;
  kind: DriftKind;
  protectionGroupId: Maybe<Scalars['ID']['output']>;
  sourceServerId: Maybe<Scalars['ID']['output']>;
  waveNumber: Maybe<Scalars['Int']['output']>;
};

export type DriftKind =
  | 'DEPENDENCIES_CHANGED'
  | 'GROUP_REPLACED'
  | 'LAUNCH_CONFIG_CHANGED'
  | 'SELECTION_CHANGED'
  | 'SERVER_JOINED'
  | 'SERVER_LEFT'
  | 'WAVES_CHANGED';

export type DrillCleanup = {
  __typename?: 'DrillCleanup';
  completedAt: Maybe<Scalars['AWSDateTime']['output']>;
  errorMessage: Maybe<Scalars['String']['output']>;
  jobIds: Array<Scalars['String']['output']>;
  requestedAt: Scalars['AWSDateTime']['output'];
  /** PENDING (expired, termination requested), COMPLETED, FAILED, NOTHING_TO_DO. */
  status: Scalars['String']['output'];
  /** The recovery instances this drill launched that were terminated. */
  terminatedInstanceIds: Array<Scalars['String']['output']>;
};

export type DrillHistoryEntry = {
  __typename?: 'DrillHistoryEntry';
  endTime: Maybe<Scalars['AWSDateTime']['output']>;
  executionId: Scalars['ID']['output'];
  executionType: ExecutionType;
  rtoSeconds: Maybe<Scalars['Float']['output']>;
  startTime: Scalars['AWSDateTime']['output'];
  status: ExecutionStatus;
  /** Per wave, in wave order. */
  waveDurations: Array<Maybe<Scalars['Float']['output']>>;
};

export type DrillReport = {
  __typename?: 'DrillReport';
  execution: Execution;
  /** The plan's previous drills, newest first (at most `last`). */
  previous: Array<DrillHistoryEntry>;
  previousRtoSeconds: Maybe<Scalars['Float']['output']>;
  rtoP50Seconds: Maybe<Scalars['Float']['output']>;
  rtoP90Seconds: Maybe<Scalars['Float']['output']>;
  rtoSeconds: Maybe<Scalars['Float']['output']>;
  waves: Array<WaveReport>;
};

export type DrillSchedule = {
  __typename?: 'DrillSchedule';
  blackoutWindows: Array<BlackoutWindow>;
  createdAt: Scalars['AWSDateTime']['output'];
  createdBy: Maybe<Scalars['String']['output']>;
  /** TTL of the drills it starts (else the plan's). */
  drillTtlMinutes: Maybe<Scalars['Int']['output']>;
  enabled: Scalars['Boolean']['output'];
  /** EventBridge Scheduler syntax: cron(0 2 ? * SAT *) or rate(7 days). */
  expression: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  nextRunTime: Maybe<Scalars['AWSDateTime']['output']>;
  /** Newest first. */
  recentRuns: Array<ScheduleRun>;
  recoveryPlanId: Scalars['ID']['output'];
  /** IANA time zone the cron expression and blackout windows are read in. */
  timezone: Scalars['String']['output'];
  updatedAt: Scalars['AWSDateTime']['output'];
  version: Scalars['Int']['output'];
};

export type DrillScheduleConnection = {
  __typename?: 'DrillScheduleConnection';
  items: Array<DrillSchedule>;
  nextToken: Maybe<Scalars['String']['output']>;
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
  /** What the TTL sweeper did when the drill expired. */
  cleanup: Maybe<DrillCleanup>;
  currentWave: Maybe<Scalars['Int']['output']>;
  /** Drill instances are terminated this many minutes after the drill ends (the execution's own, else the plan's). */
  drillTtlMinutes: Maybe<Scalars['Int']['output']>;
  endTime: Maybe<Scalars['AWSDateTime']['output']>;
  errorMessage: Maybe<Scalars['String']['output']>;
  executionType: ExecutionType;
  /** When the drill's instances expire: endTime + drillTtlMinutes; null until the drill ends or without a TTL. */
  expiresAt: Maybe<Scalars['AWSDateTime']['output']>;
  /** Started with force: true over blocking readiness findings (listed in readinessOverride). */
  forced: Maybe<Scalars['Boolean']['output']>;
  id: Scalars['ID']['output'];
  /** Who started it, from the authenticated identity: the Cognito username or the IAM principal ARN that called startExecution. Never taken from the input. */
  initiatedBy: Maybe<Scalars['String']['output']>;
  invocationDetails: Maybe<Scalars['AWSJSON']['output']>;
  /** How the caller authenticated, in AppSync's names: AMAZON_COGNITO_USER_POOLS or AWS_IAM. Never taken from the input. */
  invocationSource: Maybe<Scalars['String']['output']>;
  /** The blocking findings a forced start overrode, as checkPlanReadiness answered them then. */
  readinessOverride: Maybe<Array<ReadinessFinding>>;
  recoveryPlanId: Scalars['ID']['output'];
  recoveryPlanName: Scalars['String']['output'];
  /** Measured recovery time: seconds from startTime to the last wave settling; set when the execution ends. */
  rtoSeconds: Maybe<Scalars['Float']['output']>;
  /** Set when a drill schedule started the execution. */
  scheduleId: Maybe<Scalars['ID']['output']>;
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
  executionType?: InputMaybe<ExecutionType>;
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
  /** Measured: seconds from the server's launch request to DRS reporting it launched (or failed). */
  launchDurationSeconds: Maybe<Scalars['Float']['output']>;
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
  cleanup?: InputMaybe<Scalars['AWSJSON']['input']>;
  currentWave?: InputMaybe<Scalars['Int']['input']>;
  drillTtlMinutes?: InputMaybe<Scalars['Int']['input']>;
  endTime?: InputMaybe<Scalars['AWSDateTime']['input']>;
  errorMessage?: InputMaybe<Scalars['String']['input']>;
  executionType: ExecutionType;
  expiresAt?: InputMaybe<Scalars['AWSDateTime']['input']>;
  forced?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  initiatedBy?: InputMaybe<Scalars['String']['input']>;
  invocationDetails?: InputMaybe<Scalars['AWSJSON']['input']>;
  invocationSource?: InputMaybe<Scalars['String']['input']>;
  readinessOverride?: InputMaybe<Scalars['AWSJSON']['input']>;
  recoveryPlanId: Scalars['ID']['input'];
  recoveryPlanName: Scalars['String']['input'];
  rtoSeconds?: InputMaybe<Scalars['Float']['input']>;
  scheduleId?: InputMaybe<Scalars['ID']['input']>;
  startTime: Scalars['AWSDateTime']['input'];
  startedBy?: InputMaybe<Scalars['String']['input']>;
  status: ExecutionStatus;
  totalWaves: Scalars['Int']['input'];
  waves: Scalars['AWSJSON']['input'];
};

export type ExecutionWave = {
  __typename?: 'ExecutionWave';
  dependsOn: Array<Scalars['Int']['output']>;
  /** Measured: seconds from the wave's start to its last server settling. */
  durationSeconds: Maybe<Scalars['Float']['output']>;
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

export type FindingSeverity =
  /** startExecution refuses unless force: true. */
  | 'BLOCKING'
  | 'INFO'
  | 'WARNING';

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
  createDrillSchedule: DrillSchedule;
  createProtectionGroup: ProtectionGroup;
  createRecoveryPlan: RecoveryPlan;
  deleteDrillSchedule: DrillSchedule;
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
  /** Sets (or with minutes null, removes) a drill's TTL; an ended drill expires at endTime + minutes. */
  setDrillTtl: Execution;
  setSpotProvisioning: SpotProvisioning;
  startExecution: Execution;
  syncDrsTags: TagSyncResult;
  terminateRecoveryInstances: TerminationResult;
  updateDrillSchedule: DrillSchedule;
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


export type MutationCreateDrillScheduleArgs = {
  input: CreateDrillScheduleInput;
};


export type MutationCreateProtectionGroupArgs = {
  input: CreateProtectionGroupInput;
};


export type MutationCreateRecoveryPlanArgs = {
  input: CreateRecoveryPlanInput;
};


export type MutationDeleteDrillScheduleArgs = {
  id: Scalars['ID']['input'];
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


export type MutationSetDrillTtlArgs = {
  executionId: Scalars['ID']['input'];
  minutes?: InputMaybe<Scalars['Int']['input']>;
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


export type MutationUpdateDrillScheduleArgs = {
  id: Scalars['ID']['input'];
  input: UpdateDrillScheduleInput;
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

export type PlanDrift = {
  __typename?: 'PlanDrift';
  baseline: Maybe<ExecutionSummary>;
  changed: Scalars['Boolean']['output'];
  changes: Array<DriftChange>;
  checkedAt: Scalars['AWSDateTime']['output'];
  /** The kinds of change compared: every DriftKind, except when the baseline drill predates recorded baselines (its group configurations are unknown: no LAUNCH_CONFIG_CHANGED, SELECTION_CHANGED); empty when neverDrilled. A kind not listed was not compared, which is not the same as no change of that kind. */
  comparedKinds: Array<DriftKind>;
  /** No COMPLETED drill to compare with: changes is empty. */
  neverDrilled: Scalars['Boolean']['output'];
  recoveryPlanId: Scalars['ID']['output'];
};

export type PlanReadiness = {
  __typename?: 'PlanReadiness';
  blocking: Scalars['Int']['output'];
  /** Something changed since the last COMPLETED drill (getPlanDrift lists what). */
  changedSinceLastPassingDrill: Scalars['Boolean']['output'];
  checkedAt: Scalars['AWSDateTime']['output'];
  findings: Array<ReadinessFinding>;
  lastPassingDrill: Maybe<ExecutionSummary>;
  /** The plan has no COMPLETED drill. */
  neverDrilled: Scalars['Boolean']['output'];
  /** No BLOCKING finding. */
  ready: Scalars['Boolean']['output'];
  recoveryPlanId: Scalars['ID']['output'];
  timeline: PredictedTimeline;
  warnings: Scalars['Int']['output'];
};

export type PredictedTimeline = {
  __typename?: 'PredictedTimeline';
  /** In words: what the figures come from (how many past executions, which waves fall back to DRS's typical launch time, whether the orchestrator's own time is included). */
  basis: Scalars['String']['output'];
  /** Expected RTO: the end of the last wave on the dependency graph's longest path, in seconds. */
  expectedRtoSeconds: Scalars['Float']['output'];
  waves: Array<WaveTimeline>;
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
  /** Readiness of every server of every wave and of the plan as a whole, with the predicted timeline. */
  checkPlanReadiness: PlanReadiness;
  exportConfiguration: Scalars['AWSJSON']['output'];
  getCluster: Maybe<Cluster>;
  getClusterStatus: Cluster;
  getCurrentAccount: CurrentAccount;
  /** Measured RTO per wave and server beside the plan's previous drills (last: how many, default 10). */
  getDrillReport: DrillReport;
  getDrillSchedule: Maybe<DrillSchedule>;
  getDrsQuotas: DrsQuotas;
  getExecution: Maybe<Execution>;
  getExecutionJobLogs: ExecutionJobLogs;
  /** What changed since the plan's last COMPLETED drill. */
  getPlanDrift: PlanDrift;
  getProtectionGroup: Maybe<ProtectionGroup>;
  getRecoveryPlan: Maybe<RecoveryPlan>;
  getTenant: Maybe<Tenant>;
  getTerminationStatus: TerminationStatus;
  health: Health;
  listClusters: ClusterConnection;
  listDrillSchedules: DrillScheduleConnection;
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


export type QueryCheckPlanReadinessArgs = {
  planId: Scalars['ID']['input'];
};


export type QueryGetClusterArgs = {
  id: Scalars['ID']['input'];
};


export type QueryGetClusterStatusArgs = {
  id: Scalars['ID']['input'];
  includeEvents?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryGetDrillReportArgs = {
  executionId: Scalars['ID']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryGetDrillScheduleArgs = {
  id: Scalars['ID']['input'];
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


export type QueryGetPlanDriftArgs = {
  planId: Scalars['ID']['input'];
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


export type QueryListDrillSchedulesArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
  recoveryPlanId?: InputMaybe<Scalars['ID']['input']>;
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

export type ReadinessFinding = {
  __typename?: 'ReadinessFinding';
  /** The documented code: UNHEALTHY_SERVER_REPLICATION, DRS_QUOTA_EXCEEDED, WAVE_SIZE_LIMIT_EXCEEDED, CONCURRENT_JOBS_LIMIT_EXCEEDED, SERVERS_IN_JOBS_LIMIT_EXCEEDED, … */
  code: Scalars['String']['output'];
  /** The measured values behind the finding (lag seconds, snapshot age, limit and need, the missing resource id…). */
  details: Maybe<Scalars['AWSJSON']['output']>;
  /** What to do about it. */
  fix: Scalars['String']['output'];
  hostname: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  protectionGroupId: Maybe<Scalars['ID']['output']>;
  severity: FindingSeverity;
  sourceServerId: Maybe<Scalars['ID']['output']>;
  waveNumber: Maybe<Scalars['Int']['output']>;
};

export type RecoveryPlan = {
  __typename?: 'RecoveryPlan';
  createdAt: Scalars['AWSDateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  /** Drills of this plan terminate their recovery instances this many minutes after they end, unless the execution sets its own; null: kept until someone terminates them. */
  drillTtlMinutes: Maybe<Scalars['Int']['output']>;
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

export type ScheduleRun = {
  __typename?: 'ScheduleRun';
  executionId: Maybe<Scalars['ID']['output']>;
  /** STARTED or SKIPPED. */
  outcome: Scalars['String']['output'];
  reason: Maybe<Scalars['String']['output']>;
  /** Why it was skipped: BLACKOUT_WINDOW, READINESS_BLOCKED, DRS_QUOTA_CONTENTION, PLAN_ALREADY_EXECUTING, … */
  reasonCode: Maybe<Scalars['String']['output']>;
  scheduledTime: Scalars['AWSDateTime']['output'];
};

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
  /** Drills only: terminate the drill's recovery instances this many minutes after it ends (1 to 10080); default the plan's drillTtlMinutes. */
  drillTtlMinutes?: InputMaybe<Scalars['Int']['input']>;
  executionType: ExecutionType;
  /** Start despite blocking readiness findings; the overridden findings are recorded in the execution (readinessOverride). */
  force?: InputMaybe<Scalars['Boolean']['input']>;
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

export type UpdateDrillScheduleInput = {
  blackoutWindows?: InputMaybe<Array<BlackoutWindowInput>>;
  drillTtlMinutes?: InputMaybe<Scalars['Int']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  expression?: InputMaybe<Scalars['String']['input']>;
  timezone?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
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
  clearDrillTtl?: InputMaybe<Scalars['Boolean']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 10080; send null with clearDrillTtl: true to remove it. */
  drillTtlMinutes?: InputMaybe<Scalars['Int']['input']>;
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

export type WaveReport = {
  __typename?: 'WaveReport';
  durationSeconds: Maybe<Scalars['Float']['output']>;
  name: Scalars['String']['output'];
  /** Over the last N drills of the plan (this one included). */
  p50Seconds: Maybe<Scalars['Float']['output']>;
  p90Seconds: Maybe<Scalars['Float']['output']>;
  /** The same wave in the plan's previous drill. */
  previousDurationSeconds: Maybe<Scalars['Float']['output']>;
  samples: Scalars['Int']['output'];
  servers: Array<ExecutionServer>;
  status: WaveStatus;
  waveNumber: Scalars['Int']['output'];
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

export type WaveTimeline = {
  __typename?: 'WaveTimeline';
  /** HISTORY (p50 of this wave over past executions) or DRS_TYPICAL (no history). */
  basis: Scalars['String']['output'];
  expectedDurationSeconds: Scalars['Float']['output'];
  expectedEndSeconds: Scalars['Float']['output'];
  /** Seconds after the execution starts, following dependsOn: when all it depends on end (the execution's start without any), plus orchestrationSeconds. */
  expectedStartSeconds: Scalars['Float']['output'];
  name: Scalars['String']['output'];
  /** The orchestrator's own time before the wave starts (from the end of the waves it depends on, or the execution's start, to its first launch request): p50 over past executions, without waves a pause held; null when no past execution measured it (then not included). */
  orchestrationSeconds: Maybe<Scalars['Float']['output']>;
  /** How many past executions of this wave the figure comes from. */
  samples: Scalars['Int']['output'];
  waveNumber: Scalars['Int']['output'];
};

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
