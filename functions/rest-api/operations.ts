// The GraphQL documents the façade sends, with selections wide enough for the guide's REST shapes.

const LAUNCH_CONFIG = `launchConfig { subnetId securityGroupIds instanceType instanceProfileName copyPrivateIp copyTags
  licensing { osByol } targetInstanceTypeRightSizingMethod launchDisposition }`;
export const GROUP = `id version name description region accountId sourceServerIds serverSelectionTags { key value }
  ${LAUNCH_CONFIG}
  launchConfigApplyResults { applied skipped failed details { serverId status templateId templateVersion reason } }
  createdAt updatedAt`;
export const PLAN = `id version name description waveCount hasServerConflict
  waves { waveNumber name protectionGroupId protectionGroupName pauseBeforeWave dependsOn }
  lastExecution { id status executionType startTime endTime } drillTtlMinutes createdAt updatedAt`;
export const EXECUTION = `id recoveryPlanId recoveryPlanName executionType status currentWave totalWaves initiatedBy startedBy
  invocationSource claimedInitiatedBy claimedInvocationSource invocationDetails startTime endTime errorMessage
  waves { waveNumber name protectionGroupId protectionGroupName status pauseBeforeWave dependsOn startTime endTime jobIds
    errorMessage servers { sourceServerId hostname launchStatus recoveryInstanceId jobId startTime endTime launchDurationSeconds }
    durationSeconds }
  rtoSeconds drillTtlMinutes expiresAt cleanup { status requestedAt completedAt terminatedInstanceIds jobIds errorMessage }`;
/** A readiness finding (checkPlanReadiness, an execution's readinessOverride). */
export const FINDING = 'severity code message fix waveNumber protectionGroupId sourceServerId hostname details';
export const SERVER = `sourceServerId hostname nameTag sourceInstanceId sourceIp sourceRegion sourceAccount replicationState
  state lagDuration lastLaunchResult tags { key value } assignedProtectionGroupId assignedProtectionGroupName`;
export const TAG_QUERY = `servers { ${SERVER} } matchedTags { key value }`;
export const ACCOUNT = `id accountId accountName crossAccountRoleArn hasExternalId validationStatus validationMessage
  lastValidatedAt createdAt updatedAt`;
export const DELETED = `deleted refused notFound`;
export const CLUSTER = `id name type environment region cidr status deploymentStatus deploymentId stackName stackOutputs
  failureReason templateUrl targetAccountId initiatedAt updatedAt
  recentEvents { timestamp resourceType logicalResourceId resourceStatus resourceStatusReason } createdAt deployedAt`;
export const STAFF = `staffId email roles enabled createdAt updatedAt`;
export const TENANT = `id name email contactInfo { phone address company } status createdAt`;
