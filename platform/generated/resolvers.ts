import type * as Types from './graphql.ts';
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };


export type ResolverTypeWrapper<T> = Promise<T> | T;

export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Types.Maybe<TTypes> | Promise<Types.Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AWSDate: ResolverTypeWrapper<Types.Scalars['AWSDate']['output']>;
  AWSDateTime: ResolverTypeWrapper<Types.Scalars['AWSDateTime']['output']>;
  AWSEmail: ResolverTypeWrapper<Types.Scalars['AWSEmail']['output']>;
  AWSIPAddress: ResolverTypeWrapper<Types.Scalars['AWSIPAddress']['output']>;
  AWSJSON: ResolverTypeWrapper<Types.Scalars['AWSJSON']['output']>;
  AWSPhone: ResolverTypeWrapper<Types.Scalars['AWSPhone']['output']>;
  AWSTime: ResolverTypeWrapper<Types.Scalars['AWSTime']['output']>;
  AWSTimestamp: ResolverTypeWrapper<Types.Scalars['AWSTimestamp']['output']>;
  AWSURL: ResolverTypeWrapper<Types.Scalars['AWSURL']['output']>;
  BlackoutWindow: ResolverTypeWrapper<Types.BlackoutWindow>;
  BlackoutWindowInput: Types.BlackoutWindowInput;
  Boolean: ResolverTypeWrapper<Types.Scalars['Boolean']['output']>;
  ChangeAction: Types.ChangeAction;
  Cluster: ResolverTypeWrapper<Types.Cluster>;
  ClusterChangeInput: Types.ClusterChangeInput;
  ClusterConnection: ResolverTypeWrapper<Types.ClusterConnection>;
  ClusterEvent: ResolverTypeWrapper<Types.ClusterEvent>;
  ClusterType: Types.ClusterType;
  ConfigurationIssue: ResolverTypeWrapper<Types.ConfigurationIssue>;
  ConfigurationValidation: ResolverTypeWrapper<Types.ConfigurationValidation>;
  CreateDrillScheduleInput: Types.CreateDrillScheduleInput;
  CreateProtectionGroupInput: Types.CreateProtectionGroupInput;
  CreateRecoveryPlanInput: Types.CreateRecoveryPlanInput;
  CurrentAccount: ResolverTypeWrapper<Types.CurrentAccount>;
  DeleteExecutionsResult: ResolverTypeWrapper<Types.DeleteExecutionsResult>;
  DependencyHealth: ResolverTypeWrapper<Types.DependencyHealth>;
  DeployClusterInput: Types.DeployClusterInput;
  DriftChange: ResolverTypeWrapper<Types.DriftChange>;
  DriftKind: Types.DriftKind;
  DrillCleanup: ResolverTypeWrapper<Types.DrillCleanup>;
  DrillHistoryEntry: ResolverTypeWrapper<Types.DrillHistoryEntry>;
  DrillReport: ResolverTypeWrapper<Types.DrillReport>;
  DrillSchedule: ResolverTypeWrapper<Types.DrillSchedule>;
  DrillScheduleConnection: ResolverTypeWrapper<Types.DrillScheduleConnection>;
  DrsAccount: ResolverTypeWrapper<Types.DrsAccount>;
  DrsQuotas: ResolverTypeWrapper<Types.DrsQuotas>;
  Execution: ResolverTypeWrapper<Types.Execution>;
  ExecutionConnection: ResolverTypeWrapper<Types.ExecutionConnection>;
  ExecutionFilter: Types.ExecutionFilter;
  ExecutionJobLogs: ResolverTypeWrapper<Types.ExecutionJobLogs>;
  ExecutionServer: ResolverTypeWrapper<Types.ExecutionServer>;
  ExecutionStatus: Types.ExecutionStatus;
  ExecutionSummary: ResolverTypeWrapper<Types.ExecutionSummary>;
  ExecutionType: Types.ExecutionType;
  ExecutionUpdateInput: Types.ExecutionUpdateInput;
  ExecutionWave: ResolverTypeWrapper<Types.ExecutionWave>;
  ExistingInstancesCheck: ResolverTypeWrapper<Types.ExistingInstancesCheck>;
  ExistingRecoveryInstance: ResolverTypeWrapper<Types.ExistingRecoveryInstance>;
  FindingSeverity: Types.FindingSeverity;
  Float: ResolverTypeWrapper<Types.Scalars['Float']['output']>;
  Health: ResolverTypeWrapper<Types.Health>;
  ID: ResolverTypeWrapper<Types.Scalars['ID']['output']>;
  InstanceProfile: ResolverTypeWrapper<Types.InstanceProfile>;
  InstanceType: ResolverTypeWrapper<Types.InstanceType>;
  Int: ResolverTypeWrapper<Types.Scalars['Int']['output']>;
  JobLogEvent: ResolverTypeWrapper<Types.JobLogEvent>;
  LaunchConfig: ResolverTypeWrapper<Types.LaunchConfig>;
  LaunchConfigApplyDetail: ResolverTypeWrapper<Types.LaunchConfigApplyDetail>;
  LaunchConfigApplyResults: ResolverTypeWrapper<Types.LaunchConfigApplyResults>;
  LaunchConfigApplyStatus: Types.LaunchConfigApplyStatus;
  LaunchConfigInput: Types.LaunchConfigInput;
  LaunchDisposition: Types.LaunchDisposition;
  Licensing: ResolverTypeWrapper<Types.Licensing>;
  LicensingInput: Types.LicensingInput;
  LoginResult: ResolverTypeWrapper<Types.LoginResult>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PasswordResetAnswer: ResolverTypeWrapper<Types.PasswordResetAnswer>;
  PlanDrift: ResolverTypeWrapper<Types.PlanDrift>;
  PlanReadiness: ResolverTypeWrapper<Types.PlanReadiness>;
  PredictedTimeline: ResolverTypeWrapper<Types.PredictedTimeline>;
  ProtectionGroup: ResolverTypeWrapper<Types.ProtectionGroup>;
  ProtectionGroupChange: ResolverTypeWrapper<Types.ProtectionGroupChange>;
  ProtectionGroupChangeInput: Types.ProtectionGroupChangeInput;
  ProtectionGroupConnection: ResolverTypeWrapper<Types.ProtectionGroupConnection>;
  ProtectionGroupFilter: Types.ProtectionGroupFilter;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReadinessFinding: ResolverTypeWrapper<Types.ReadinessFinding>;
  RecoveryPlan: ResolverTypeWrapper<Types.RecoveryPlan>;
  RecoveryPlanConnection: ResolverTypeWrapper<Types.RecoveryPlanConnection>;
  RecoveryPlanFilter: Types.RecoveryPlanFilter;
  RegisterClusterInput: Types.RegisterClusterInput;
  RegisterStaffInput: Types.RegisterStaffInput;
  RegisterTargetAccountInput: Types.RegisterTargetAccountInput;
  RegisterTenantInput: Types.RegisterTenantInput;
  RightSizingMethod: Types.RightSizingMethod;
  ScheduleRun: ResolverTypeWrapper<Types.ScheduleRun>;
  SecurityGroup: ResolverTypeWrapper<Types.SecurityGroup>;
  ServerTagQueryResult: ResolverTypeWrapper<Types.ServerTagQueryResult>;
  SourceServer: ResolverTypeWrapper<Types.SourceServer>;
  SourceServerConnection: ResolverTypeWrapper<Types.SourceServerConnection>;
  SpotInstance: ResolverTypeWrapper<Types.SpotInstance>;
  SpotInstanceConnection: ResolverTypeWrapper<Types.SpotInstanceConnection>;
  SpotProvisioning: ResolverTypeWrapper<Types.SpotProvisioning>;
  SpotProvisioningAction: Types.SpotProvisioningAction;
  Staff: ResolverTypeWrapper<Types.Staff>;
  StaffConnection: ResolverTypeWrapper<Types.StaffConnection>;
  StartExecutionInput: Types.StartExecutionInput;
  String: ResolverTypeWrapper<Types.Scalars['String']['output']>;
  Subnet: ResolverTypeWrapper<Types.Subnet>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Tag: ResolverTypeWrapper<Types.Tag>;
  TagInput: Types.TagInput;
  TagSyncChange: ResolverTypeWrapper<Types.TagSyncChange>;
  TagSyncResult: ResolverTypeWrapper<Types.TagSyncResult>;
  TargetAccount: ResolverTypeWrapper<Types.TargetAccount>;
  TargetAccountConnection: ResolverTypeWrapper<Types.TargetAccountConnection>;
  TargetAccountValidation: ResolverTypeWrapper<Types.TargetAccountValidation>;
  Tenant: ResolverTypeWrapper<Types.Tenant>;
  TenantConnection: ResolverTypeWrapper<Types.TenantConnection>;
  TenantContactInfo: ResolverTypeWrapper<Types.TenantContactInfo>;
  TenantContactInfoInput: Types.TenantContactInfoInput;
  TerminatedInstance: ResolverTypeWrapper<Types.TerminatedInstance>;
  TerminationResult: ResolverTypeWrapper<Types.TerminationResult>;
  TerminationStatus: ResolverTypeWrapper<Types.TerminationStatus>;
  UpdateDrillScheduleInput: Types.UpdateDrillScheduleInput;
  UpdateProtectionGroupInput: Types.UpdateProtectionGroupInput;
  UpdateRecoveryPlanInput: Types.UpdateRecoveryPlanInput;
  UpdateTargetAccountInput: Types.UpdateTargetAccountInput;
  User: ResolverTypeWrapper<Types.User>;
  Wave: ResolverTypeWrapper<Types.Wave>;
  WaveInput: Types.WaveInput;
  WaveReport: ResolverTypeWrapper<Types.WaveReport>;
  WaveStatus: Types.WaveStatus;
  WaveTimeline: ResolverTypeWrapper<Types.WaveTimeline>;
  WaveUpdate: ResolverTypeWrapper<Types.WaveUpdate>;
  WaveUpdateInput: Types.WaveUpdateInput;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AWSDate: Types.Scalars['AWSDate']['output'];
  AWSDateTime: Types.Scalars['AWSDateTime']['output'];
  AWSEmail: Types.Scalars['AWSEmail']['output'];
  AWSIPAddress: Types.Scalars['AWSIPAddress']['output'];
  AWSJSON: Types.Scalars['AWSJSON']['output'];
  AWSPhone: Types.Scalars['AWSPhone']['output'];
  AWSTime: Types.Scalars['AWSTime']['output'];
  AWSTimestamp: Types.Scalars['AWSTimestamp']['output'];
  AWSURL: Types.Scalars['AWSURL']['output'];
  BlackoutWindow: Types.BlackoutWindow;
  BlackoutWindowInput: Types.BlackoutWindowInput;
  Boolean: Types.Scalars['Boolean']['output'];
  Cluster: Types.Cluster;
  ClusterChangeInput: Types.ClusterChangeInput;
  ClusterConnection: Types.ClusterConnection;
  ClusterEvent: Types.ClusterEvent;
  ConfigurationIssue: Types.ConfigurationIssue;
  ConfigurationValidation: Types.ConfigurationValidation;
  CreateDrillScheduleInput: Types.CreateDrillScheduleInput;
  CreateProtectionGroupInput: Types.CreateProtectionGroupInput;
  CreateRecoveryPlanInput: Types.CreateRecoveryPlanInput;
  CurrentAccount: Types.CurrentAccount;
  DeleteExecutionsResult: Types.DeleteExecutionsResult;
  DependencyHealth: Types.DependencyHealth;
  DeployClusterInput: Types.DeployClusterInput;
  DriftChange: Types.DriftChange;
  DrillCleanup: Types.DrillCleanup;
  DrillHistoryEntry: Types.DrillHistoryEntry;
  DrillReport: Types.DrillReport;
  DrillSchedule: Types.DrillSchedule;
  DrillScheduleConnection: Types.DrillScheduleConnection;
  DrsAccount: Types.DrsAccount;
  DrsQuotas: Types.DrsQuotas;
  Execution: Types.Execution;
  ExecutionConnection: Types.ExecutionConnection;
  ExecutionFilter: Types.ExecutionFilter;
  ExecutionJobLogs: Types.ExecutionJobLogs;
  ExecutionServer: Types.ExecutionServer;
  ExecutionSummary: Types.ExecutionSummary;
  ExecutionUpdateInput: Types.ExecutionUpdateInput;
  ExecutionWave: Types.ExecutionWave;
  ExistingInstancesCheck: Types.ExistingInstancesCheck;
  ExistingRecoveryInstance: Types.ExistingRecoveryInstance;
  Float: Types.Scalars['Float']['output'];
  Health: Types.Health;
  ID: Types.Scalars['ID']['output'];
  InstanceProfile: Types.InstanceProfile;
  InstanceType: Types.InstanceType;
  Int: Types.Scalars['Int']['output'];
  JobLogEvent: Types.JobLogEvent;
  LaunchConfig: Types.LaunchConfig;
  LaunchConfigApplyDetail: Types.LaunchConfigApplyDetail;
  LaunchConfigApplyResults: Types.LaunchConfigApplyResults;
  LaunchConfigInput: Types.LaunchConfigInput;
  Licensing: Types.Licensing;
  LicensingInput: Types.LicensingInput;
  LoginResult: Types.LoginResult;
  Mutation: Record<PropertyKey, never>;
  PasswordResetAnswer: Types.PasswordResetAnswer;
  PlanDrift: Types.PlanDrift;
  PlanReadiness: Types.PlanReadiness;
  PredictedTimeline: Types.PredictedTimeline;
  ProtectionGroup: Types.ProtectionGroup;
  ProtectionGroupChange: Types.ProtectionGroupChange;
  ProtectionGroupChangeInput: Types.ProtectionGroupChangeInput;
  ProtectionGroupConnection: Types.ProtectionGroupConnection;
  ProtectionGroupFilter: Types.ProtectionGroupFilter;
  Query: Record<PropertyKey, never>;
  ReadinessFinding: Types.ReadinessFinding;
  RecoveryPlan: Types.RecoveryPlan;
  RecoveryPlanConnection: Types.RecoveryPlanConnection;
  RecoveryPlanFilter: Types.RecoveryPlanFilter;
  RegisterClusterInput: Types.RegisterClusterInput;
  RegisterStaffInput: Types.RegisterStaffInput;
  RegisterTargetAccountInput: Types.RegisterTargetAccountInput;
  RegisterTenantInput: Types.RegisterTenantInput;
  ScheduleRun: Types.ScheduleRun;
  SecurityGroup: Types.SecurityGroup;
  ServerTagQueryResult: Types.ServerTagQueryResult;
  SourceServer: Types.SourceServer;
  SourceServerConnection: Types.SourceServerConnection;
  SpotInstance: Types.SpotInstance;
  SpotInstanceConnection: Types.SpotInstanceConnection;
  SpotProvisioning: Types.SpotProvisioning;
  Staff: Types.Staff;
  StaffConnection: Types.StaffConnection;
  StartExecutionInput: Types.StartExecutionInput;
  String: Types.Scalars['String']['output'];
  Subnet: Types.Subnet;
  Subscription: Record<PropertyKey, never>;
  Tag: Types.Tag;
  TagInput: Types.TagInput;
  TagSyncChange: Types.TagSyncChange;
  TagSyncResult: Types.TagSyncResult;
  TargetAccount: Types.TargetAccount;
  TargetAccountConnection: Types.TargetAccountConnection;
  TargetAccountValidation: Types.TargetAccountValidation;
  Tenant: Types.Tenant;
  TenantConnection: Types.TenantConnection;
  TenantContactInfo: Types.TenantContactInfo;
  TenantContactInfoInput: Types.TenantContactInfoInput;
  TerminatedInstance: Types.TerminatedInstance;
  TerminationResult: Types.TerminationResult;
  TerminationStatus: Types.TerminationStatus;
  UpdateDrillScheduleInput: Types.UpdateDrillScheduleInput;
  UpdateProtectionGroupInput: Types.UpdateProtectionGroupInput;
  UpdateRecoveryPlanInput: Types.UpdateRecoveryPlanInput;
  UpdateTargetAccountInput: Types.UpdateTargetAccountInput;
  User: Types.User;
  Wave: Types.Wave;
  WaveInput: Types.WaveInput;
  WaveReport: Types.WaveReport;
  WaveTimeline: Types.WaveTimeline;
  WaveUpdate: Types.WaveUpdate;
  WaveUpdateInput: Types.WaveUpdateInput;
};

export type Aws_Api_KeyDirectiveArgs = { };

export type Aws_Api_KeyDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_Api_KeyDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_AuthDirectiveArgs = {
  cognito_groups?: Types.Maybe<Array<Types.Scalars['String']['input']>>;
};

export type Aws_AuthDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_AuthDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_Cognito_User_PoolsDirectiveArgs = {
  cognito_groups?: Types.Maybe<Array<Types.Scalars['String']['input']>>;
};

export type Aws_Cognito_User_PoolsDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_Cognito_User_PoolsDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_IamDirectiveArgs = { };

export type Aws_IamDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_IamDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_LambdaDirectiveArgs = { };

export type Aws_LambdaDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_LambdaDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_OidcDirectiveArgs = { };

export type Aws_OidcDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_OidcDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type Aws_SubscribeDirectiveArgs = {
  mutations: Array<Types.Scalars['String']['input']>;
};

export type Aws_SubscribeDirectiveResolver<Result, Parent, ContextType = any, Args = Aws_SubscribeDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export interface AwsDateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSDate'], any> {
  name: 'AWSDate';
}

export interface AwsDateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSDateTime'], any> {
  name: 'AWSDateTime';
}

export interface AwsEmailScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSEmail'], any> {
  name: 'AWSEmail';
}

export interface AwsipAddressScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSIPAddress'], any> {
  name: 'AWSIPAddress';
}

export interface AwsjsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSJSON'], any> {
  name: 'AWSJSON';
}

export interface AwsPhoneScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSPhone'], any> {
  name: 'AWSPhone';
}

export interface AwsTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSTime'], any> {
  name: 'AWSTime';
}

export interface AwsTimestampScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSTimestamp'], any> {
  name: 'AWSTimestamp';
}

export interface AwsurlScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['AWSURL'], any> {
  name: 'AWSURL';
}

export type BlackoutWindowResolvers<ContextType = any, ParentType extends ResolversParentTypes['BlackoutWindow'] = ResolversParentTypes['BlackoutWindow']> = {
  daysOfWeek?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  endTime?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  from?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  reason?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startTime?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  to?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
};

export type ClusterResolvers<ContextType = any, ParentType extends ResolversParentTypes['Cluster'] = ResolversParentTypes['Cluster']> = {
  cidr?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  deployedAt?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  deploymentId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  deploymentStatus?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  failureReason?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initiatedAt?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recentEvents?: Resolver<Types.Maybe<Array<ResolversTypes['ClusterEvent']>>, ParentType, ContextType>;
  region?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stackName?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stackOutputs?: Resolver<Types.Maybe<ResolversTypes['AWSJSON']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targetAccountId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  templateUrl?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['ClusterType'], ParentType, ContextType>;
  updatedAt?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
};

export type ClusterConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['ClusterConnection'] = ResolversParentTypes['ClusterConnection']> = {
  items?: Resolver<Array<ResolversTypes['Cluster']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ClusterEventResolvers<ContextType = any, ParentType extends ResolversParentTypes['ClusterEvent'] = ResolversParentTypes['ClusterEvent']> = {
  logicalResourceId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resourceStatus?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resourceStatusReason?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resourceType?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
};

export type ConfigurationIssueResolvers<ContextType = any, ParentType extends ResolversParentTypes['ConfigurationIssue'] = ResolversParentTypes['ConfigurationIssue']> = {
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resourceName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resourceType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ConfigurationValidationResolvers<ContextType = any, ParentType extends ResolversParentTypes['ConfigurationValidation'] = ResolversParentTypes['ConfigurationValidation']> = {
  issues?: Resolver<Array<ResolversTypes['ConfigurationIssue']>, ParentType, ContextType>;
  valid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type CurrentAccountResolvers<ContextType = any, ParentType extends ResolversParentTypes['CurrentAccount'] = ResolversParentTypes['CurrentAccount']> = {
  accountId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  arn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DeleteExecutionsResultResolvers<ContextType = any, ParentType extends ResolversParentTypes['DeleteExecutionsResult'] = ResolversParentTypes['DeleteExecutionsResult']> = {
  deleted?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  notFound?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  refused?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type DependencyHealthResolvers<ContextType = any, ParentType extends ResolversParentTypes['DependencyHealth'] = ResolversParentTypes['DependencyHealth']> = {
  latencyMs?: Resolver<Types.Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  message?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DriftChangeResolvers<ContextType = any, ParentType extends ResolversParentTypes['DriftChange'] = ResolversParentTypes['DriftChange']> = {
  after?: Resolver<Types.Maybe<ResolversTypes['AWSJSON']>, ParentType, ContextType>;
  before?: Resolver<Types.Maybe<ResolversTypes['AWSJSON']>, ParentType, ContextType>;
  changedAt?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  changedBy?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  field?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['DriftKind'], ParentType, ContextType>;
  protectionGroupId?: Resolver<Types.Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  sourceServerId?: Resolver<Types.Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  waveNumber?: Resolver<Types.Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type DrillCleanupResolvers<ContextType = any, ParentType extends ResolversParentTypes['DrillCleanup'] = ResolversParentTypes['DrillCleanup']> = {
  completedAt?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  errorMessage?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  jobIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  requestedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  terminatedInstanceIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DrillHistoryEntryResolvers<ContextType = any, ParentType extends ResolversParentTypes['DrillHistoryEntry'] = ResolversParentTypes['DrillHistoryEntry']> = {
  endTime?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  executionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  executionType?: Resolver<ResolversTypes['ExecutionType'], ParentType, ContextType>;
  rtoSeconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  startTime?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ExecutionStatus'], ParentType, ContextType>;
  waveDurations?: Resolver<Array<Types.Maybe<ResolversTypes['Float']>>, ParentType, ContextType>;
};

export type DrillReportResolvers<ContextType = any, ParentType extends ResolversParentTypes['DrillReport'] = ResolversParentTypes['DrillReport']> = {
  execution?: Resolver<ResolversTypes['Execution'], ParentType, ContextType>;
  previous?: Resolver<Array<ResolversTypes['DrillHistoryEntry']>, ParentType, ContextType>;
  previousRtoSeconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rtoP50Seconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rtoP90Seconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rtoSeconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  waves?: Resolver<Array<ResolversTypes['WaveReport']>, ParentType, ContextType>;
};

export type DrillScheduleResolvers<ContextType = any, ParentType extends ResolversParentTypes['DrillSchedule'] = ResolversParentTypes['DrillSchedule']> = {
  blackoutWindows?: Resolver<Array<ResolversTypes['BlackoutWindow']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  drillTtlMinutes?: Resolver<Types.Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  expression?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nextRunTime?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  recentRuns?: Resolver<Array<ResolversTypes['ScheduleRun']>, ParentType, ContextType>;
  recoveryPlanId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  timezone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DrillScheduleConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['DrillScheduleConnection'] = ResolversParentTypes['DrillScheduleConnection']> = {
  items?: Resolver<Array<ResolversTypes['DrillSchedule']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DrsAccountResolvers<ContextType = any, ParentType extends ResolversParentTypes['DrsAccount'] = ResolversParentTypes['DrsAccount']> = {
  accountId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accountName?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  isCurrentAccount?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  regions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DrsQuotasResolvers<ContextType = any, ParentType extends ResolversParentTypes['DrsQuotas'] = ResolversParentTypes['DrsQuotas']> = {
  currentActiveJobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currentReplicatingServers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currentServersInActiveJobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxConcurrentJobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxReplicatingServers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxServersPerJob?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxTotalServersInActiveJobs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ExecutionResolvers<ContextType = any, ParentType extends ResolversParentTypes['Execution'] = ResolversParentTypes['Execution']> = {
  claimedInitiatedBy?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  claimedInvocationSource?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cleanup?: Resolver<Types.Maybe<ResolversTypes['DrillCleanup']>, ParentType, ContextType>;
  currentWave?: Resolver<Types.Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  drillTtlMinutes?: Resolver<Types.Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  endTime?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  errorMessage?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  executionType?: Resolver<ResolversTypes['ExecutionType'], ParentType, ContextType>;
  expiresAt?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  forced?: Resolver<Types.Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initiatedBy?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  invocationDetails?: Resolver<Types.Maybe<ResolversTypes['AWSJSON']>, ParentType, ContextType>;
  invocationSource?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  readinessOverride?: Resolver<Types.Maybe<Array<ResolversTypes['ReadinessFinding']>>, ParentType, ContextType>;
  recoveryPlanId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  recoveryPlanName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rtoSeconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  scheduleId?: Resolver<Types.Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  startTime?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  startedBy?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ExecutionStatus'], ParentType, ContextType>;
  totalWaves?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  waves?: Resolver<Array<ResolversTypes['ExecutionWave']>, ParentType, ContextType>;
};

export type ExecutionConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['ExecutionConnection'] = ResolversParentTypes['ExecutionConnection']> = {
  items?: Resolver<Array<ResolversTypes['Execution']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ExecutionJobLogsResolvers<ContextType = any, ParentType extends ResolversParentTypes['ExecutionJobLogs'] = ResolversParentTypes['ExecutionJobLogs']> = {
  events?: Resolver<Array<ResolversTypes['JobLogEvent']>, ParentType, ContextType>;
  executionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ExecutionServerResolvers<ContextType = any, ParentType extends ResolversParentTypes['ExecutionServer'] = ResolversParentTypes['ExecutionServer']> = {
  endTime?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  hostname?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  jobId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  launchDurationSeconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  launchStatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recoveryInstanceId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceServerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  startTime?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
};

export type ExecutionSummaryResolvers<ContextType = any, ParentType extends ResolversParentTypes['ExecutionSummary'] = ResolversParentTypes['ExecutionSummary']> = {
  endTime?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  executionType?: Resolver<ResolversTypes['ExecutionType'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  startTime?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ExecutionStatus'], ParentType, ContextType>;
};

export type ExecutionWaveResolvers<ContextType = any, ParentType extends ResolversParentTypes['ExecutionWave'] = ResolversParentTypes['ExecutionWave']> = {
  dependsOn?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  durationSeconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  endTime?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  errorMessage?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  jobIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pauseBeforeWave?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  protectionGroupId?: Resolver<Types.Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  protectionGroupName?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  servers?: Resolver<Array<ResolversTypes['ExecutionServer']>, ParentType, ContextType>;
  startTime?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WaveStatus'], ParentType, ContextType>;
  waveNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ExistingInstancesCheckResolvers<ContextType = any, ParentType extends ResolversParentTypes['ExistingInstancesCheck'] = ResolversParentTypes['ExistingInstancesCheck']> = {
  existingInstances?: Resolver<Array<ResolversTypes['ExistingRecoveryInstance']>, ParentType, ContextType>;
  hasConflicts?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ExistingRecoveryInstanceResolvers<ContextType = any, ParentType extends ResolversParentTypes['ExistingRecoveryInstance'] = ResolversParentTypes['ExistingRecoveryInstance']> = {
  launchedAt?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  recoveryInstanceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceServerId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  state?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type HealthResolvers<ContextType = any, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  dependencies?: Resolver<Array<ResolversTypes['DependencyHealth']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type InstanceProfileResolvers<ContextType = any, ParentType extends ResolversParentTypes['InstanceProfile'] = ResolversParentTypes['InstanceProfile']> = {
  arn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  instanceProfileId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  instanceProfileName?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type InstanceTypeResolvers<ContextType = any, ParentType extends ResolversParentTypes['InstanceType'] = ResolversParentTypes['InstanceType']> = {
  instanceType?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  memoryGiB?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  vCpus?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type JobLogEventResolvers<ContextType = any, ParentType extends ResolversParentTypes['JobLogEvent'] = ResolversParentTypes['JobLogEvent']> = {
  conversionServerId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  event?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventTime?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rawError?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceServerId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  targetInstanceId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  waveNumber?: Resolver<Types.Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type LaunchConfigResolvers<ContextType = any, ParentType extends ResolversParentTypes['LaunchConfig'] = ResolversParentTypes['LaunchConfig']> = {
  copyPrivateIp?: Resolver<Types.Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  copyTags?: Resolver<Types.Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  instanceProfileName?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  instanceType?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  launchDisposition?: Resolver<Types.Maybe<ResolversTypes['LaunchDisposition']>, ParentType, ContextType>;
  licensing?: Resolver<Types.Maybe<ResolversTypes['Licensing']>, ParentType, ContextType>;
  securityGroupIds?: Resolver<Types.Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  subnetId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  targetInstanceTypeRightSizingMethod?: Resolver<Types.Maybe<ResolversTypes['RightSizingMethod']>, ParentType, ContextType>;
};

export type LaunchConfigApplyDetailResolvers<ContextType = any, ParentType extends ResolversParentTypes['LaunchConfigApplyDetail'] = ResolversParentTypes['LaunchConfigApplyDetail']> = {
  reason?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  serverId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['LaunchConfigApplyStatus'], ParentType, ContextType>;
  templateId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  templateVersion?: Resolver<Types.Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type LaunchConfigApplyResultsResolvers<ContextType = any, ParentType extends ResolversParentTypes['LaunchConfigApplyResults'] = ResolversParentTypes['LaunchConfigApplyResults']> = {
  applied?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  details?: Resolver<Array<ResolversTypes['LaunchConfigApplyDetail']>, ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  skipped?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type LicensingResolvers<ContextType = any, ParentType extends ResolversParentTypes['Licensing'] = ResolversParentTypes['Licensing']> = {
  osByol?: Resolver<Types.Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
};

export type LoginResultResolvers<ContextType = any, ParentType extends ResolversParentTypes['LoginResult'] = ResolversParentTypes['LoginResult']> = {
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresIn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refreshToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  staff?: Resolver<ResolversTypes['Staff'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = any, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  cancelExecution?: Resolver<ResolversTypes['Execution'], ParentType, ContextType, RequireFields<Types.MutationCancelExecutionArgs, 'id'>>;
  confirmPasswordReset?: Resolver<Types.Maybe<ResolversTypes['PasswordResetAnswer']>, ParentType, ContextType, RequireFields<Types.MutationConfirmPasswordResetArgs, 'newPassword' | 'token'>>;
  createDrillSchedule?: Resolver<ResolversTypes['DrillSchedule'], ParentType, ContextType, RequireFields<Types.MutationCreateDrillScheduleArgs, 'input'>>;
  createProtectionGroup?: Resolver<ResolversTypes['ProtectionGroup'], ParentType, ContextType, RequireFields<Types.MutationCreateProtectionGroupArgs, 'input'>>;
  createRecoveryPlan?: Resolver<ResolversTypes['RecoveryPlan'], ParentType, ContextType, RequireFields<Types.MutationCreateRecoveryPlanArgs, 'input'>>;
  deleteDrillSchedule?: Resolver<ResolversTypes['DrillSchedule'], ParentType, ContextType, RequireFields<Types.MutationDeleteDrillScheduleArgs, 'id'>>;
  deleteExecutions?: Resolver<ResolversTypes['DeleteExecutionsResult'], ParentType, ContextType, RequireFields<Types.MutationDeleteExecutionsArgs, 'ids'>>;
  deleteFinishedExecutions?: Resolver<ResolversTypes['DeleteExecutionsResult'], ParentType, ContextType>;
  deleteProtectionGroup?: Resolver<ResolversTypes['ProtectionGroup'], ParentType, ContextType, RequireFields<Types.MutationDeleteProtectionGroupArgs, 'id'>>;
  deleteRecoveryPlan?: Resolver<ResolversTypes['RecoveryPlan'], ParentType, ContextType, RequireFields<Types.MutationDeleteRecoveryPlanArgs, 'id'>>;
  deleteTargetAccount?: Resolver<ResolversTypes['TargetAccount'], ParentType, ContextType, RequireFields<Types.MutationDeleteTargetAccountArgs, 'id'>>;
  deployCluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType, RequireFields<Types.MutationDeployClusterArgs, 'id'>>;
  disableStaff?: Resolver<ResolversTypes['Staff'], ParentType, ContextType, RequireFields<Types.MutationDisableStaffArgs, 'staffId'>>;
  enableStaff?: Resolver<ResolversTypes['Staff'], ParentType, ContextType, RequireFields<Types.MutationEnableStaffArgs, 'staffId'>>;
  importConfiguration?: Resolver<ResolversTypes['AWSJSON'], ParentType, ContextType, RequireFields<Types.MutationImportConfigurationArgs, 'input'>>;
  login?: Resolver<Types.Maybe<ResolversTypes['LoginResult']>, ParentType, ContextType, RequireFields<Types.MutationLoginArgs, 'email' | 'password'>>;
  pauseExecution?: Resolver<ResolversTypes['Execution'], ParentType, ContextType, RequireFields<Types.MutationPauseExecutionArgs, 'id'>>;
  publishClusterChange?: Resolver<Types.Maybe<ResolversTypes['Cluster']>, ParentType, ContextType, RequireFields<Types.MutationPublishClusterChangeArgs, 'input'>>;
  publishExecutionUpdate?: Resolver<Types.Maybe<ResolversTypes['Execution']>, ParentType, ContextType, RequireFields<Types.MutationPublishExecutionUpdateArgs, 'input'>>;
  publishProtectionGroupChange?: Resolver<Types.Maybe<ResolversTypes['ProtectionGroupChange']>, ParentType, ContextType, RequireFields<Types.MutationPublishProtectionGroupChangeArgs, 'input'>>;
  publishWaveUpdate?: Resolver<Types.Maybe<ResolversTypes['WaveUpdate']>, ParentType, ContextType, RequireFields<Types.MutationPublishWaveUpdateArgs, 'input'>>;
  registerCluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType, RequireFields<Types.MutationRegisterClusterArgs, 'input'>>;
  registerStaff?: Resolver<ResolversTypes['Staff'], ParentType, ContextType, RequireFields<Types.MutationRegisterStaffArgs, 'input'>>;
  registerTargetAccount?: Resolver<ResolversTypes['TargetAccount'], ParentType, ContextType, RequireFields<Types.MutationRegisterTargetAccountArgs, 'input'>>;
  registerTenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType, RequireFields<Types.MutationRegisterTenantArgs, 'input'>>;
  requestPasswordReset?: Resolver<Types.Maybe<ResolversTypes['PasswordResetAnswer']>, ParentType, ContextType, RequireFields<Types.MutationRequestPasswordResetArgs, 'email'>>;
  resumeExecution?: Resolver<ResolversTypes['Execution'], ParentType, ContextType, RequireFields<Types.MutationResumeExecutionArgs, 'id'>>;
  setDrillTtl?: Resolver<ResolversTypes['Execution'], ParentType, ContextType, RequireFields<Types.MutationSetDrillTtlArgs, 'executionId'>>;
  setSpotProvisioning?: Resolver<ResolversTypes['SpotProvisioning'], ParentType, ContextType, RequireFields<Types.MutationSetSpotProvisioningArgs, 'action'>>;
  startExecution?: Resolver<ResolversTypes['Execution'], ParentType, ContextType, RequireFields<Types.MutationStartExecutionArgs, 'input'>>;
  syncDrsTags?: Resolver<ResolversTypes['TagSyncResult'], ParentType, ContextType, RequireFields<Types.MutationSyncDrsTagsArgs, 'regions'>>;
  terminateRecoveryInstances?: Resolver<ResolversTypes['TerminationResult'], ParentType, ContextType, RequireFields<Types.MutationTerminateRecoveryInstancesArgs, 'executionId'>>;
  updateDrillSchedule?: Resolver<ResolversTypes['DrillSchedule'], ParentType, ContextType, RequireFields<Types.MutationUpdateDrillScheduleArgs, 'id' | 'input'>>;
  updateProtectionGroup?: Resolver<ResolversTypes['ProtectionGroup'], ParentType, ContextType, RequireFields<Types.MutationUpdateProtectionGroupArgs, 'id' | 'input'>>;
  updateRecoveryPlan?: Resolver<ResolversTypes['RecoveryPlan'], ParentType, ContextType, RequireFields<Types.MutationUpdateRecoveryPlanArgs, 'id' | 'input'>>;
  updateTargetAccount?: Resolver<ResolversTypes['TargetAccount'], ParentType, ContextType, RequireFields<Types.MutationUpdateTargetAccountArgs, 'id' | 'input'>>;
  validateTargetAccount?: Resolver<ResolversTypes['TargetAccountValidation'], ParentType, ContextType, RequireFields<Types.MutationValidateTargetAccountArgs, 'id'>>;
};

export type PasswordResetAnswerResolvers<ContextType = any, ParentType extends ResolversParentTypes['PasswordResetAnswer'] = ResolversParentTypes['PasswordResetAnswer']> = {
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PlanDriftResolvers<ContextType = any, ParentType extends ResolversParentTypes['PlanDrift'] = ResolversParentTypes['PlanDrift']> = {
  baseline?: Resolver<Types.Maybe<ResolversTypes['ExecutionSummary']>, ParentType, ContextType>;
  changed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  changes?: Resolver<Array<ResolversTypes['DriftChange']>, ParentType, ContextType>;
  checkedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  comparedKinds?: Resolver<Array<ResolversTypes['DriftKind']>, ParentType, ContextType>;
  neverDrilled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recoveryPlanId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PlanReadinessResolvers<ContextType = any, ParentType extends ResolversParentTypes['PlanReadiness'] = ResolversParentTypes['PlanReadiness']> = {
  blocking?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  changedSinceLastPassingDrill?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  checkedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  findings?: Resolver<Array<ResolversTypes['ReadinessFinding']>, ParentType, ContextType>;
  lastPassingDrill?: Resolver<Types.Maybe<ResolversTypes['ExecutionSummary']>, ParentType, ContextType>;
  neverDrilled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  ready?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recoveryPlanId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  timeline?: Resolver<ResolversTypes['PredictedTimeline'], ParentType, ContextType>;
  warnings?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PredictedTimelineResolvers<ContextType = any, ParentType extends ResolversParentTypes['PredictedTimeline'] = ResolversParentTypes['PredictedTimeline']> = {
  basis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expectedRtoSeconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  waves?: Resolver<Array<ResolversTypes['WaveTimeline']>, ParentType, ContextType>;
};

export type ProtectionGroupResolvers<ContextType = any, ParentType extends ResolversParentTypes['ProtectionGroup'] = ResolversParentTypes['ProtectionGroup']> = {
  accountId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  description?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  launchConfig?: Resolver<Types.Maybe<ResolversTypes['LaunchConfig']>, ParentType, ContextType>;
  launchConfigApplyResults?: Resolver<Types.Maybe<ResolversTypes['LaunchConfigApplyResults']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  serverSelectionTags?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
  sourceServerIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ProtectionGroupChangeResolvers<ContextType = any, ParentType extends ResolversParentTypes['ProtectionGroupChange'] = ResolversParentTypes['ProtectionGroupChange']> = {
  action?: Resolver<ResolversTypes['ChangeAction'], ParentType, ContextType>;
  changedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  changedBy?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  group?: Resolver<Types.Maybe<ResolversTypes['ProtectionGroup']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ProtectionGroupConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['ProtectionGroupConnection'] = ResolversParentTypes['ProtectionGroupConnection']> = {
  items?: Resolver<Array<ResolversTypes['ProtectionGroup']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = any, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  checkExistingInstances?: Resolver<ResolversTypes['ExistingInstancesCheck'], ParentType, ContextType, RequireFields<Types.QueryCheckExistingInstancesArgs, 'recoveryPlanId'>>;
  checkPlanReadiness?: Resolver<ResolversTypes['PlanReadiness'], ParentType, ContextType, RequireFields<Types.QueryCheckPlanReadinessArgs, 'planId'>>;
  exportConfiguration?: Resolver<ResolversTypes['AWSJSON'], ParentType, ContextType>;
  getCluster?: Resolver<Types.Maybe<ResolversTypes['Cluster']>, ParentType, ContextType, RequireFields<Types.QueryGetClusterArgs, 'id'>>;
  getClusterStatus?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType, RequireFields<Types.QueryGetClusterStatusArgs, 'id'>>;
  getCurrentAccount?: Resolver<ResolversTypes['CurrentAccount'], ParentType, ContextType>;
  getDrillReport?: Resolver<ResolversTypes['DrillReport'], ParentType, ContextType, RequireFields<Types.QueryGetDrillReportArgs, 'executionId'>>;
  getDrillSchedule?: Resolver<Types.Maybe<ResolversTypes['DrillSchedule']>, ParentType, ContextType, RequireFields<Types.QueryGetDrillScheduleArgs, 'id'>>;
  getDrsQuotas?: Resolver<ResolversTypes['DrsQuotas'], ParentType, ContextType, RequireFields<Types.QueryGetDrsQuotasArgs, 'region'>>;
  getExecution?: Resolver<Types.Maybe<ResolversTypes['Execution']>, ParentType, ContextType, RequireFields<Types.QueryGetExecutionArgs, 'id'>>;
  getExecutionJobLogs?: Resolver<ResolversTypes['ExecutionJobLogs'], ParentType, ContextType, RequireFields<Types.QueryGetExecutionJobLogsArgs, 'executionId'>>;
  getPlanDrift?: Resolver<ResolversTypes['PlanDrift'], ParentType, ContextType, RequireFields<Types.QueryGetPlanDriftArgs, 'planId'>>;
  getProtectionGroup?: Resolver<Types.Maybe<ResolversTypes['ProtectionGroup']>, ParentType, ContextType, RequireFields<Types.QueryGetProtectionGroupArgs, 'id'>>;
  getRecoveryPlan?: Resolver<Types.Maybe<ResolversTypes['RecoveryPlan']>, ParentType, ContextType, RequireFields<Types.QueryGetRecoveryPlanArgs, 'id'>>;
  getTenant?: Resolver<Types.Maybe<ResolversTypes['Tenant']>, ParentType, ContextType, RequireFields<Types.QueryGetTenantArgs, 'id'>>;
  getTerminationStatus?: Resolver<ResolversTypes['TerminationStatus'], ParentType, ContextType, RequireFields<Types.QueryGetTerminationStatusArgs, 'executionId'>>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  listClusters?: Resolver<ResolversTypes['ClusterConnection'], ParentType, ContextType, Partial<Types.QueryListClustersArgs>>;
  listDrillSchedules?: Resolver<ResolversTypes['DrillScheduleConnection'], ParentType, ContextType, Partial<Types.QueryListDrillSchedulesArgs>>;
  listDrsAccounts?: Resolver<Array<ResolversTypes['DrsAccount']>, ParentType, ContextType>;
  listExecutions?: Resolver<ResolversTypes['ExecutionConnection'], ParentType, ContextType, Partial<Types.QueryListExecutionsArgs>>;
  listInstanceProfiles?: Resolver<Array<ResolversTypes['InstanceProfile']>, ParentType, ContextType, RequireFields<Types.QueryListInstanceProfilesArgs, 'region'>>;
  listInstanceTypes?: Resolver<Array<ResolversTypes['InstanceType']>, ParentType, ContextType, RequireFields<Types.QueryListInstanceTypesArgs, 'region'>>;
  listProtectionGroups?: Resolver<ResolversTypes['ProtectionGroupConnection'], ParentType, ContextType, Partial<Types.QueryListProtectionGroupsArgs>>;
  listRecoveryPlans?: Resolver<ResolversTypes['RecoveryPlanConnection'], ParentType, ContextType, Partial<Types.QueryListRecoveryPlansArgs>>;
  listSecurityGroups?: Resolver<Array<ResolversTypes['SecurityGroup']>, ParentType, ContextType, RequireFields<Types.QueryListSecurityGroupsArgs, 'region'>>;
  listSourceServers?: Resolver<ResolversTypes['SourceServerConnection'], ParentType, ContextType, Partial<Types.QueryListSourceServersArgs>>;
  listSpotInstances?: Resolver<ResolversTypes['SpotInstanceConnection'], ParentType, ContextType, Partial<Types.QueryListSpotInstancesArgs>>;
  listStaff?: Resolver<ResolversTypes['StaffConnection'], ParentType, ContextType, Partial<Types.QueryListStaffArgs>>;
  listSubnets?: Resolver<Array<ResolversTypes['Subnet']>, ParentType, ContextType, RequireFields<Types.QueryListSubnetsArgs, 'region'>>;
  listTargetAccounts?: Resolver<ResolversTypes['TargetAccountConnection'], ParentType, ContextType, Partial<Types.QueryListTargetAccountsArgs>>;
  listTenants?: Resolver<ResolversTypes['TenantConnection'], ParentType, ContextType, Partial<Types.QueryListTenantsArgs>>;
  me?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  previewServersByTags?: Resolver<ResolversTypes['ServerTagQueryResult'], ParentType, ContextType, RequireFields<Types.QueryPreviewServersByTagsArgs, 'region' | 'tags'>>;
  queryServersByTags?: Resolver<ResolversTypes['ServerTagQueryResult'], ParentType, ContextType, RequireFields<Types.QueryQueryServersByTagsArgs, 'region' | 'tags'>>;
  resolveProtectionGroup?: Resolver<ResolversTypes['ServerTagQueryResult'], ParentType, ContextType, RequireFields<Types.QueryResolveProtectionGroupArgs, 'id'>>;
  staffMe?: Resolver<ResolversTypes['Staff'], ParentType, ContextType>;
  validateConfiguration?: Resolver<ResolversTypes['ConfigurationValidation'], ParentType, ContextType>;
};

export type ReadinessFindingResolvers<ContextType = any, ParentType extends ResolversParentTypes['ReadinessFinding'] = ResolversParentTypes['ReadinessFinding']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  details?: Resolver<Types.Maybe<ResolversTypes['AWSJSON']>, ParentType, ContextType>;
  fix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hostname?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protectionGroupId?: Resolver<Types.Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['FindingSeverity'], ParentType, ContextType>;
  sourceServerId?: Resolver<Types.Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  waveNumber?: Resolver<Types.Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type RecoveryPlanResolvers<ContextType = any, ParentType extends ResolversParentTypes['RecoveryPlan'] = ResolversParentTypes['RecoveryPlan']> = {
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  description?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  drillTtlMinutes?: Resolver<Types.Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  hasServerConflict?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastExecution?: Resolver<Types.Maybe<ResolversTypes['ExecutionSummary']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  waveCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  waves?: Resolver<Array<ResolversTypes['Wave']>, ParentType, ContextType>;
};

export type RecoveryPlanConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['RecoveryPlanConnection'] = ResolversParentTypes['RecoveryPlanConnection']> = {
  items?: Resolver<Array<ResolversTypes['RecoveryPlan']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ScheduleRunResolvers<ContextType = any, ParentType extends ResolversParentTypes['ScheduleRun'] = ResolversParentTypes['ScheduleRun']> = {
  executionId?: Resolver<Types.Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reasonCode?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  scheduledTime?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
};

export type SecurityGroupResolvers<ContextType = any, ParentType extends ResolversParentTypes['SecurityGroup'] = ResolversParentTypes['SecurityGroup']> = {
  description?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  groupId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  groupName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  vpcId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ServerTagQueryResultResolvers<ContextType = any, ParentType extends ResolversParentTypes['ServerTagQueryResult'] = ResolversParentTypes['ServerTagQueryResult']> = {
  matchedTags?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
  servers?: Resolver<Array<ResolversTypes['SourceServer']>, ParentType, ContextType>;
};

export type SourceServerResolvers<ContextType = any, ParentType extends ResolversParentTypes['SourceServer'] = ResolversParentTypes['SourceServer']> = {
  assignedProtectionGroupId?: Resolver<Types.Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  assignedProtectionGroupName?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hostname?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lagDuration?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastLaunchResult?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  nameTag?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  replicationState?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceAccount?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceInstanceId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceIp?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceRegion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceServerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  state?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
};

export type SourceServerConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['SourceServerConnection'] = ResolversParentTypes['SourceServerConnection']> = {
  items?: Resolver<Array<ResolversTypes['SourceServer']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SpotInstanceResolvers<ContextType = any, ParentType extends ResolversParentTypes['SpotInstance'] = ResolversParentTypes['SpotInstance']> = {
  instanceId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  privateIp?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  publicIp?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  region?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SpotInstanceConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['SpotInstanceConnection'] = ResolversParentTypes['SpotInstanceConnection']> = {
  items?: Resolver<Array<ResolversTypes['SpotInstance']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SpotProvisioningResolvers<ContextType = any, ParentType extends ResolversParentTypes['SpotProvisioning'] = ResolversParentTypes['SpotProvisioning']> = {
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  teardownRequested?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type StaffResolvers<ContextType = any, ParentType extends ResolversParentTypes['Staff'] = ResolversParentTypes['Staff']> = {
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  staffId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
};

export type StaffConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['StaffConnection'] = ResolversParentTypes['StaffConnection']> = {
  items?: Resolver<Array<ResolversTypes['Staff']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SubnetResolvers<ContextType = any, ParentType extends ResolversParentTypes['Subnet'] = ResolversParentTypes['Subnet']> = {
  availabilityZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cidrBlock?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  subnetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  vpcId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = any, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  onClusterChanged?: SubscriptionResolver<Types.Maybe<ResolversTypes['Cluster']>, "onClusterChanged", ParentType, ContextType, Partial<Types.SubscriptionOnClusterChangedArgs>>;
  onExecutionUpdated?: SubscriptionResolver<Types.Maybe<ResolversTypes['Execution']>, "onExecutionUpdated", ParentType, ContextType, RequireFields<Types.SubscriptionOnExecutionUpdatedArgs, 'executionId'>>;
  onExecutionsChanged?: SubscriptionResolver<Types.Maybe<ResolversTypes['Execution']>, "onExecutionsChanged", ParentType, ContextType, Partial<Types.SubscriptionOnExecutionsChangedArgs>>;
  onProtectionGroupChanged?: SubscriptionResolver<Types.Maybe<ResolversTypes['ProtectionGroupChange']>, "onProtectionGroupChanged", ParentType, ContextType, Partial<Types.SubscriptionOnProtectionGroupChangedArgs>>;
  onWaveUpdated?: SubscriptionResolver<Types.Maybe<ResolversTypes['WaveUpdate']>, "onWaveUpdated", ParentType, ContextType, RequireFields<Types.SubscriptionOnWaveUpdatedArgs, 'executionId'>>;
};

export type TagResolvers<ContextType = any, ParentType extends ResolversParentTypes['Tag'] = ResolversParentTypes['Tag']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TagSyncChangeResolvers<ContextType = any, ParentType extends ResolversParentTypes['TagSyncChange'] = ResolversParentTypes['TagSyncChange']> = {
  region?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceInstanceId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceServerId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tagsAdded?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
  tagsChanged?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
};

export type TagSyncResultResolvers<ContextType = any, ParentType extends ResolversParentTypes['TagSyncResult'] = ResolversParentTypes['TagSyncResult']> = {
  changes?: Resolver<Array<ResolversTypes['TagSyncChange']>, ParentType, ContextType>;
  dryRun?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  regions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  serversChanged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  serversScanned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TargetAccountResolvers<ContextType = any, ParentType extends ResolversParentTypes['TargetAccount'] = ResolversParentTypes['TargetAccount']> = {
  accountId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accountName?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  crossAccountRoleArn?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasExternalId?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastValidatedAt?: Resolver<Types.Maybe<ResolversTypes['AWSDateTime']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  validationMessage?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  validationStatus?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type TargetAccountConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['TargetAccountConnection'] = ResolversParentTypes['TargetAccountConnection']> = {
  items?: Resolver<Array<ResolversTypes['TargetAccount']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type TargetAccountValidationResolvers<ContextType = any, ParentType extends ResolversParentTypes['TargetAccountValidation'] = ResolversParentTypes['TargetAccountValidation']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  missingPermissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  valid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  validatedAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
};

export type TenantResolvers<ContextType = any, ParentType extends ResolversParentTypes['Tenant'] = ResolversParentTypes['Tenant']> = {
  contactInfo?: Resolver<Types.Maybe<ResolversTypes['TenantContactInfo']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['AWSDateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TenantConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['TenantConnection'] = ResolversParentTypes['TenantConnection']> = {
  items?: Resolver<Array<ResolversTypes['Tenant']>, ParentType, ContextType>;
  nextToken?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type TenantContactInfoResolvers<ContextType = any, ParentType extends ResolversParentTypes['TenantContactInfo'] = ResolversParentTypes['TenantContactInfo']> = {
  address?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  company?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type TerminatedInstanceResolvers<ContextType = any, ParentType extends ResolversParentTypes['TerminatedInstance'] = ResolversParentTypes['TerminatedInstance']> = {
  instanceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceServerId?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TerminationResultResolvers<ContextType = any, ParentType extends ResolversParentTypes['TerminationResult'] = ResolversParentTypes['TerminationResult']> = {
  executionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  jobIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  terminatedInstances?: Resolver<Array<ResolversTypes['TerminatedInstance']>, ParentType, ContextType>;
};

export type TerminationStatusResolvers<ContextType = any, ParentType extends ResolversParentTypes['TerminationStatus'] = ResolversParentTypes['TerminationStatus']> = {
  executionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  instances?: Resolver<Array<ResolversTypes['TerminatedInstance']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  terminated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = any, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  email?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  groups?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  permissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  username?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WaveResolvers<ContextType = any, ParentType extends ResolversParentTypes['Wave'] = ResolversParentTypes['Wave']> = {
  dependsOn?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pauseBeforeWave?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  protectionGroupId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  protectionGroupName?: Resolver<Types.Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  waveNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WaveReportResolvers<ContextType = any, ParentType extends ResolversParentTypes['WaveReport'] = ResolversParentTypes['WaveReport']> = {
  durationSeconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  p50Seconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  p90Seconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  previousDurationSeconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  samples?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  servers?: Resolver<Array<ResolversTypes['ExecutionServer']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WaveStatus'], ParentType, ContextType>;
  waveNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WaveTimelineResolvers<ContextType = any, ParentType extends ResolversParentTypes['WaveTimeline'] = ResolversParentTypes['WaveTimeline']> = {
  basis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expectedDurationSeconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  expectedEndSeconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  expectedStartSeconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  orchestrationSeconds?: Resolver<Types.Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  samples?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  waveNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WaveUpdateResolvers<ContextType = any, ParentType extends ResolversParentTypes['WaveUpdate'] = ResolversParentTypes['WaveUpdate']> = {
  executionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  wave?: Resolver<ResolversTypes['ExecutionWave'], ParentType, ContextType>;
  waveNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = any> = {
  AWSDate?: GraphQLScalarType;
  AWSDateTime?: GraphQLScalarType;
  AWSEmail?: GraphQLScalarType;
  AWSIPAddress?: GraphQLScalarType;
  AWSJSON?: GraphQLScalarType;
  AWSPhone?: GraphQLScalarType;
  AWSTime?: GraphQLScalarType;
  AWSTimestamp?: GraphQLScalarType;
  AWSURL?: GraphQLScalarType;
  BlackoutWindow?: BlackoutWindowResolvers<ContextType>;
  Cluster?: ClusterResolvers<ContextType>;
  ClusterConnection?: ClusterConnectionResolvers<ContextType>;
  ClusterEvent?: ClusterEventResolvers<ContextType>;
  ConfigurationIssue?: ConfigurationIssueResolvers<ContextType>;
  ConfigurationValidation?: ConfigurationValidationResolvers<ContextType>;
  CurrentAccount?: CurrentAccountResolvers<ContextType>;
  DeleteExecutionsResult?: DeleteExecutionsResultResolvers<ContextType>;
  DependencyHealth?: DependencyHealthResolvers<ContextType>;
  DriftChange?: DriftChangeResolvers<ContextType>;
  DrillCleanup?: DrillCleanupResolvers<ContextType>;
  DrillHistoryEntry?: DrillHistoryEntryResolvers<ContextType>;
  DrillReport?: DrillReportResolvers<ContextType>;
  DrillSchedule?: DrillScheduleResolvers<ContextType>;
  DrillScheduleConnection?: DrillScheduleConnectionResolvers<ContextType>;
  DrsAccount?: DrsAccountResolvers<ContextType>;
  DrsQuotas?: DrsQuotasResolvers<ContextType>;
  Execution?: ExecutionResolvers<ContextType>;
  ExecutionConnection?: ExecutionConnectionResolvers<ContextType>;
  ExecutionJobLogs?: ExecutionJobLogsResolvers<ContextType>;
  ExecutionServer?: ExecutionServerResolvers<ContextType>;
  ExecutionSummary?: ExecutionSummaryResolvers<ContextType>;
  ExecutionWave?: ExecutionWaveResolvers<ContextType>;
  ExistingInstancesCheck?: ExistingInstancesCheckResolvers<ContextType>;
  ExistingRecoveryInstance?: ExistingRecoveryInstanceResolvers<ContextType>;
  Health?: HealthResolvers<ContextType>;
  InstanceProfile?: InstanceProfileResolvers<ContextType>;
  InstanceType?: InstanceTypeResolvers<ContextType>;
  JobLogEvent?: JobLogEventResolvers<ContextType>;
  LaunchConfig?: LaunchConfigResolvers<ContextType>;
  LaunchConfigApplyDetail?: LaunchConfigApplyDetailResolvers<ContextType>;
  LaunchConfigApplyResults?: LaunchConfigApplyResultsResolvers<ContextType>;
  Licensing?: LicensingResolvers<ContextType>;
  LoginResult?: LoginResultResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PasswordResetAnswer?: PasswordResetAnswerResolvers<ContextType>;
  PlanDrift?: PlanDriftResolvers<ContextType>;
  PlanReadiness?: PlanReadinessResolvers<ContextType>;
  PredictedTimeline?: PredictedTimelineResolvers<ContextType>;
  ProtectionGroup?: ProtectionGroupResolvers<ContextType>;
  ProtectionGroupChange?: ProtectionGroupChangeResolvers<ContextType>;
  ProtectionGroupConnection?: ProtectionGroupConnectionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReadinessFinding?: ReadinessFindingResolvers<ContextType>;
  RecoveryPlan?: RecoveryPlanResolvers<ContextType>;
  RecoveryPlanConnection?: RecoveryPlanConnectionResolvers<ContextType>;
  ScheduleRun?: ScheduleRunResolvers<ContextType>;
  SecurityGroup?: SecurityGroupResolvers<ContextType>;
  ServerTagQueryResult?: ServerTagQueryResultResolvers<ContextType>;
  SourceServer?: SourceServerResolvers<ContextType>;
  SourceServerConnection?: SourceServerConnectionResolvers<ContextType>;
  SpotInstance?: SpotInstanceResolvers<ContextType>;
  SpotInstanceConnection?: SpotInstanceConnectionResolvers<ContextType>;
  SpotProvisioning?: SpotProvisioningResolvers<ContextType>;
  Staff?: StaffResolvers<ContextType>;
  StaffConnection?: StaffConnectionResolvers<ContextType>;
  Subnet?: SubnetResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Tag?: TagResolvers<ContextType>;
  TagSyncChange?: TagSyncChangeResolvers<ContextType>;
  TagSyncResult?: TagSyncResultResolvers<ContextType>;
  TargetAccount?: TargetAccountResolvers<ContextType>;
  TargetAccountConnection?: TargetAccountConnectionResolvers<ContextType>;
  TargetAccountValidation?: TargetAccountValidationResolvers<ContextType>;
  Tenant?: TenantResolvers<ContextType>;
  TenantConnection?: TenantConnectionResolvers<ContextType>;
  TenantContactInfo?: TenantContactInfoResolvers<ContextType>;
  TerminatedInstance?: TerminatedInstanceResolvers<ContextType>;
  TerminationResult?: TerminationResultResolvers<ContextType>;
  TerminationStatus?: TerminationStatusResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  Wave?: WaveResolvers<ContextType>;
  WaveReport?: WaveReportResolvers<ContextType>;
  WaveTimeline?: WaveTimelineResolvers<ContextType>;
  WaveUpdate?: WaveUpdateResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = any> = {
  aws_api_key?: Aws_Api_KeyDirectiveResolver<any, any, ContextType>;
  aws_auth?: Aws_AuthDirectiveResolver<any, any, ContextType>;
  aws_cognito_user_pools?: Aws_Cognito_User_PoolsDirectiveResolver<any, any, ContextType>;
  aws_iam?: Aws_IamDirectiveResolver<any, any, ContextType>;
  aws_lambda?: Aws_LambdaDirectiveResolver<any, any, ContextType>;
  aws_oidc?: Aws_OidcDirectiveResolver<any, any, ContextType>;
  aws_subscribe?: Aws_SubscribeDirectiveResolver<any, any, ContextType>;
};
