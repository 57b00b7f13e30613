// Application errors with the guide's codes. Lambda resolvers return them as `{ error }` and the
// resolver maps them to AppSync's errorType/errorInfo; the REST façade maps errorType to HTTP status.

export const ERROR_STATUS = {
  MISSING_FIELD: 400,
  /**
   * A string, id or list longer than its limit (platform/input-limits.ts), for a field without a code of
   * its own; details.field names it, with maxLength or maxItems.
   */
  INVALID_INPUT: 400,
  /** An AWSJSON argument too deep, too large, or with a prototype key (platform/json-input.ts). */
  INVALID_JSON: 400,
  MISSING_REGION: 400,
  INVALID_NAME: 400,
  INVALID_SERVERS: 400,
  INVALID_SERVER_IDS: 400,
  INVALID_TAGS: 400,
  INVALID_LAUNCH_CONFIG: 400,
  INVALID_ACCOUNT_ID: 400,
  DRS_NOT_INITIALIZED: 400,
  PROTECTION_GROUP_NOT_FOUND: 404,
  PG_NAME_EXISTS: 409,
  SERVER_CONFLICT: 409,
  TAG_CONFLICT: 409,
  VERSION_CONFLICT: 409,
  PG_IN_USE: 409,
  PG_IN_ACTIVE_EXECUTION: 409,
  RP_NAME_EXISTS: 409,
  CIRCULAR_DEPENDENCY: 400,
  PLAN_HAS_NO_WAVES: 400,
  INVALID_WAVE_DATA: 400,
  RECOVERY_PLAN_NOT_FOUND: 404,
  PLAN_HAS_ACTIVE_EXECUTION: 409,
  PLAN_ALREADY_EXECUTING: 409,
  INVALID_EXECUTION_TYPE: 400,
  EXECUTION_NOT_FOUND: 404,
  EXECUTION_NOT_CANCELLABLE: 400,
  EXECUTION_NOT_PAUSABLE: 400,
  EXECUTION_NOT_RESUMABLE: 400,
  SINGLE_WAVE_NOT_PAUSABLE: 400,
  NO_PENDING_WAVES: 400,
  EXECUTION_ACTIVE: 409,
  NO_RECOVERY_INSTANCES: 400,
  /** Drill TTL (issue 13): a RECOVERY never gets one; an ended drill's TTL is fixed once its cleanup started. */
  DRILL_TTL_NOT_ALLOWED: 400,
  DRILL_CLEANUP_STARTED: 409,
  /** A configuration import document that is not the export format (shape or schemaVersion). */
  INVALID_CONFIGURATION: 400,
  INVALID_ROLE_ARN: 400,
  INVALID_EXTERNAL_ID: 400,
  TARGET_ACCOUNT_NOT_FOUND: 404,
  TARGET_ACCOUNT_EXISTS: 409,
  TARGET_ACCOUNT_IN_USE: 409,
  /** STS refused the target account's cross-account role (trust policy, external id, missing role). */
  ASSUME_ROLE_FAILED: 400,
  /** Guide codes for DRS limits a request can never fit in (the orchestrator waits for room otherwise). */
  DRS_QUOTA_EXCEEDED: 400,
  WAVE_SIZE_LIMIT_EXCEEDED: 400,
  CONCURRENT_JOBS_LIMIT_EXCEEDED: 429,
  SERVERS_IN_JOBS_LIMIT_EXCEEDED: 429,
  PLAN_IN_ACTIVE_EXECUTION: 409,
  /** Readiness (domain/readiness/findings.ts): a blocking finding startExecution refuses with (unless force). */
  UNHEALTHY_SERVER_REPLICATION: 400,
  LAUNCH_TEMPLATE_NOT_FOUND: 400,
  LAUNCH_SUBNET_NOT_FOUND: 400,
  LAUNCH_SECURITY_GROUP_NOT_FOUND: 400,
  LAUNCH_INSTANCE_PROFILE_NOT_FOUND: 400,
  INSTANCE_TYPE_NOT_OFFERED: 400,
  SOURCE_SERVER_NOT_FOUND: 400,
  EMPTY_PROTECTION_GROUP: 400,
  EXECUTION_NO_WAVES: 400,
  DELETE_FAILED: 500,
  /** The REST façade: a body or parameter that does not parse or has the wrong type. */
  INVALID_REQUEST: 400,
  /** A list's limit outside 1–100 (the APPSYNC_JS list resolvers raise it too). */
  INVALID_LIMIT: 400,
  /** A list's nextToken that is not one it answered for this query and caller, was altered, or expired (platform/page-token.ts). */
  INVALID_NEXT_TOKEN: 400,
  /** Clusters (seed 001): a register or deploy input the rules refuse. */
  INVALID_CLUSTER: 400,
  INVALID_CIDR: 400,
  INVALID_REGION: 400,
  CLUSTER_NOT_FOUND: 404,
  /** The cluster type's template is not in the template bucket. */
  TEMPLATE_NOT_FOUND: 404,
  CIDR_OVERLAP: 409,
  /** Deploy of a cluster that is not Active or was already deployed. */
  CLUSTER_NOT_DEPLOYABLE: 409,
  /** CloudFormation refused the stack (its ValidationError: a parameter the template does not take, …). */
  STACK_REFUSED: 400,
  /** Staff, login and tenants (seed 001). */
  INVALID_EMAIL: 400,
  INVALID_PASSWORD: 400,
  INVALID_ROLES: 400,
  INVALID_STAFF_ID: 400,
  INVALID_TENANT: 400,
  STAFF_EXISTS: 409,
  STAFF_NOT_FOUND: 404,
  TENANT_EXISTS: 409,
  TENANT_NOT_FOUND: 404,
  /** A disabled staff account's token (it cannot sign in again until enabled). */
  ACCOUNT_DISABLED: 403,
  /** Drill schedules (issue 13): an expression that is not EventBridge Scheduler's cron()/rate(), or fires more often than the minimum interval. */
  INVALID_SCHEDULE_EXPRESSION: 400,
  /** Not an IANA time zone name. */
  INVALID_TIMEZONE: 400,
  INVALID_BLACKOUT_WINDOW: 400,
  /** drillTtlMinutes outside 1–10080. */
  SCHEDULE_NOT_FOUND: 404,
  /** A plan with drill schedules cannot be deleted: delete its schedules first. */
  PLAN_HAS_SCHEDULES: 409,
  /** EventBridge Scheduler did not take the change; nothing was changed. */
  SCHEDULER_UNAVAILABLE: 503,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_IMPLEMENTED: 501,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = code;
  }
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
