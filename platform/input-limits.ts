// Input limits in one place: the largest value every argument and input field of schema.graphql may
// take — characters for strings and ids, items for lists, depth and bytes for AWSJSON — and the code a
// refusal answers. A position with no rule of its own gets its type's default, so a field added to the
// schema is limited from the start; codegen (infra/codegen/input-shapes.ts) writes every position's
// limit into platform/generated/inputs.ts, which the Lambda handler wrapper (resolver-event.ts) checks
// before any domain code runs and the table resolvers (resolvers/lib/input.ts) before any DynamoDB call.
// A test walks the schema and fails for a position without a limit or a rule for no position.
import type { ErrorCode } from './errors.ts';
import { DOCUMENT_LIMITS, NOTE_LIMITS, type JsonLimits } from './json-input.ts';

export interface Limit {
  /** Strings and ids: characters (each item, for a list of them). */
  maxLength?: number;
  /** Lists: items. */
  maxItems?: number;
  /** AWSJSON: nesting depth and serialized size (platform/json-input.ts). */
  json?: JsonLimits;
  /** The documented code a refusal answers (INVALID_INPUT unless the field has a code of its own). */
  code?: ErrorCode;
}

/** DynamoDB's TransactWriteItems: at most 100 actions in one transaction. */
export const TRANSACTION_MAX_ITEMS = 100;

/**
 * Waves per recovery plan: what the plan's own transactions allow (domain/recovery-plans/store.ts). Each
 * wave names a different protection group and each group reference costs two actions (the group's
 * counter and the reference item), so with n waves: create is 3 + 2n actions (plan, name lock, audit
 * record), delete 5 + 2n (plan, active-execution check, name lock, drill-schedule counter, audit
 * record) — 5 + 2n ≤ 100 gives n ≤ 47. An update writes only the references that change: 3–5 + 2 ×
 * (groups removed + groups added), refused as INVALID_WAVE_DATA when that passes 100 (replace at most
 * 47 groups in one update). Starting an execution takes 2 + n actions.
 */
export const MAX_WAVES = Math.floor((TRANSACTION_MAX_ITEMS - 5) / 2);

/**
 * Servers a protection group lists explicitly: one lock item per server in the group's transaction
 * (100 actions at most, three of which the group itself needs, with room for a target-account
 * reference). Larger groups select their servers by tags.
 */
export const MAX_EXPLICIT_SERVERS = 95;
/** Protection group and recovery plan names. */
export const NAME_MAX = 64;
/** AWS tags: 50 per resource, keys of 128 and values of 256 characters. */
export const TAGS_MAX = 50;
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;

/** The default for each input type that has a length or size: what a rule does not say. */
export const TYPE_DEFAULTS: Record<string, Limit> = {
  String: { maxLength: 1024 },
  ID: { maxLength: 256 },
  AWSJSON: { json: NOTE_LIMITS },
  AWSDateTime: { maxLength: 64 },
  AWSDate: { maxLength: 32 },
  AWSTime: { maxLength: 32 },
  AWSEmail: { maxLength: 254 },
  AWSURL: { maxLength: 2048 },
  AWSPhone: { maxLength: 32 },
  AWSIPAddress: { maxLength: 64 },
  // Values without a length: their type bounds them (AppSync refuses anything else).
  Int: {},
  Float: {},
  Boolean: {},
  AWSTimestamp: {},
};
/** Lists without a rule of their own. */
export const DEFAULT_MAX_ITEMS = 100;
/** The type default of an enum or input object: nothing beyond its own fields and values. */
const STRUCTURED: Limit = {};

/**
 * Rules by position, `Owner.field` — Owner an input type, or a root field (`Mutation.login.password`) for
 * its arguments — or `*.field` for a field of that name anywhere. Exact rules win over `*` ones, which
 * win over the type default; a rule states only what differs.
 */
export const RULES: Record<string, Limit> = {
  // ids and tokens
  '*.accountId': { maxLength: 12, code: 'INVALID_ACCOUNT_ID' },
  '*.targetAccountId': { maxLength: 12, code: 'INVALID_ACCOUNT_ID' },
  '*.region': { maxLength: 32 },
  '*.regions': { maxLength: 32, maxItems: 40 },
  // Opaque page tokens: room for an encrypted key of the listing index.
  '*.nextToken': { maxLength: 4096 },
  'Mutation.deleteExecutions.ids': { maxItems: 100 },
  // names and descriptions
  'CreateProtectionGroupInput.name': { maxLength: NAME_MAX, code: 'INVALID_NAME' },
  'UpdateProtectionGroupInput.name': { maxLength: NAME_MAX, code: 'INVALID_NAME' },
  'CreateRecoveryPlanInput.name': { maxLength: NAME_MAX, code: 'INVALID_NAME' },
  'UpdateRecoveryPlanInput.name': { maxLength: NAME_MAX, code: 'INVALID_NAME' },
  '*.description': { maxLength: 1024 },
  'ProtectionGroupFilter.name': { maxLength: 256 },
  'ProtectionGroupFilter.nameContains': { maxLength: 256 },
  'RecoveryPlanFilter.name': { maxLength: 256 },
  'RecoveryPlanFilter.nameContains': { maxLength: 256 },
  'RecoveryPlanFilter.tag': { maxLength: TAG_KEY_MAX + 1 + TAG_VALUE_MAX, code: 'INVALID_TAGS' },
  // servers and tags
  '*.sourceServerIds': { maxLength: 64, maxItems: MAX_EXPLICIT_SERVERS, code: 'INVALID_SERVERS' },
  '*.serverSelectionTags': { maxItems: TAGS_MAX, code: 'INVALID_TAGS' },
  '*.tags': { maxItems: TAGS_MAX, code: 'INVALID_TAGS' },
  'TagInput.key': { maxLength: TAG_KEY_MAX, code: 'INVALID_TAGS' },
  'TagInput.value': { maxLength: TAG_VALUE_MAX, code: 'INVALID_TAGS' },
  // launch configuration (EC2: five security groups per network interface)
  'LaunchConfigInput.subnetId': { maxLength: 64, code: 'INVALID_LAUNCH_CONFIG' },
  'LaunchConfigInput.securityGroupIds': { maxLength: 64, maxItems: 5, code: 'INVALID_LAUNCH_CONFIG' },
  'LaunchConfigInput.instanceType': { maxLength: 64, code: 'INVALID_LAUNCH_CONFIG' },
  'LaunchConfigInput.instanceProfileName': { maxLength: 128, code: 'INVALID_LAUNCH_CONFIG' },
  // plans
  'CreateRecoveryPlanInput.waves': { maxItems: MAX_WAVES, code: 'INVALID_WAVE_DATA' },
  'UpdateRecoveryPlanInput.waves': { maxItems: MAX_WAVES, code: 'INVALID_WAVE_DATA' },
  'WaveInput.name': { maxLength: 128, code: 'INVALID_WAVE_DATA' },
  'WaveInput.dependsOn': { maxItems: MAX_WAVES, code: 'INVALID_WAVE_DATA' },
  // executions: the caller's notes
  'StartExecutionInput.initiatedBy': { maxLength: 256 },
  'StartExecutionInput.invocationSource': { maxLength: 128 },
  'StartExecutionInput.invocationDetails': { json: NOTE_LIMITS },
  // target accounts (IAM: role ARNs up to 2,048 characters; STS external ids up to 1,224)
  'RegisterTargetAccountInput.accountName': { maxLength: 128, code: 'INVALID_NAME' },
  'UpdateTargetAccountInput.accountName': { maxLength: 128, code: 'INVALID_NAME' },
  '*.crossAccountRoleArn': { maxLength: 2048, code: 'INVALID_ROLE_ARN' },
  '*.externalId': { maxLength: 1224, code: 'INVALID_EXTERNAL_ID' },
  // configuration: the whole export document
  'Mutation.importConfiguration.input': { json: DOCUMENT_LIMITS, code: 'INVALID_JSON' },
  // clusters
  'RegisterClusterInput.name': { maxLength: 255, code: 'INVALID_CLUSTER' },
  'RegisterClusterInput.environment': { maxLength: 64, code: 'INVALID_CLUSTER' },
  'RegisterClusterInput.cidr': { maxLength: 64, code: 'INVALID_CIDR' },
  'DeployClusterInput.roleName': { maxLength: 64, code: 'INVALID_CLUSTER' },
  'DeployClusterInput.parameters': { json: NOTE_LIMITS },
  // staff, login, tenants (seed 001)
  '*.email': { maxLength: 254, code: 'INVALID_EMAIL' },
  'RegisterStaffInput.password': { maxLength: 128, code: 'INVALID_PASSWORD' },
  'RegisterStaffInput.roles': { maxLength: 32, maxItems: 10, code: 'INVALID_ROLES' },
  'Mutation.confirmPasswordReset.newPassword': { maxLength: 128, code: 'INVALID_PASSWORD' },
  'Mutation.confirmPasswordReset.token': { maxLength: 512 },
  // Cognito's own maximum: a password set before the 128 rule still signs in.
  'Mutation.login.password': { maxLength: 256 },
  'RegisterTenantInput.name': { maxLength: 255, code: 'INVALID_TENANT' },
  'TenantContactInfoInput.phone': { maxLength: 255, code: 'INVALID_TENANT' },
  'TenantContactInfoInput.address': { maxLength: 255, code: 'INVALID_TENANT' },
  'TenantContactInfoInput.company': { maxLength: 255, code: 'INVALID_TENANT' },
  // drill schedules (domain/drill-schedules): expression, IANA zone, blackout windows
  '*.expression': { maxLength: 256, code: 'INVALID_SCHEDULE_EXPRESSION' },
  '*.timezone': { maxLength: 50, code: 'INVALID_TIMEZONE' },
  '*.blackoutWindows': { maxItems: 20, code: 'INVALID_BLACKOUT_WINDOW' },
  'BlackoutWindowInput.daysOfWeek': { maxLength: 3, maxItems: 7, code: 'INVALID_BLACKOUT_WINDOW' },
  'BlackoutWindowInput.startTime': { maxLength: 5, code: 'INVALID_BLACKOUT_WINDOW' },
  'BlackoutWindowInput.endTime': { maxLength: 5, code: 'INVALID_BLACKOUT_WINDOW' },
  'BlackoutWindowInput.reason': { maxLength: 256, code: 'INVALID_BLACKOUT_WINDOW' },
  // IAM-only publishes (our own functions, NONE data source): what a full execution or group may carry.
  'ExecutionUpdateInput.waves': { json: DOCUMENT_LIMITS },
  'WaveUpdateInput.wave': { json: DOCUMENT_LIMITS },
  'ProtectionGroupChangeInput.group': { json: DOCUMENT_LIMITS },
  'ClusterChangeInput.stackOutputs': { json: DOCUMENT_LIMITS },
  'ExecutionUpdateInput.errorMessage': { maxLength: 4096 },
  'ClusterChangeInput.failureReason': { maxLength: 4096 },
};

/** What a position needs stated: a length for strings and ids, a size for AWSJSON, a count for lists. */
export interface PositionType {
  type: string;
  kind: 'scalar' | 'enum' | 'input';
  list: boolean;
}

/**
 * The limit of the field `name` of `owner` (an input type, or "Type.field" for a root field's
 * arguments): its rules over its type's default. Undefined when its type has no default (a new scalar):
 * the schema test fails until one is stated.
 */
export function limitOf(owner: string, name: string, p: PositionType): Required<Pick<Limit, 'code'>> & Limit | undefined {
  const base = p.kind === 'scalar' ? TYPE_DEFAULTS[p.type] : STRUCTURED;
  if (!base) return undefined;
  const limit: Limit = { ...base, ...(p.list ? { maxItems: DEFAULT_MAX_ITEMS } : {}), ...RULES[`*.${name}`], ...RULES[`${owner}.${name}`] };
  return { code: 'INVALID_INPUT', ...limit };
}

/** Whether `limit` says what a position of type `p` needs (the schema test's rule). */
export function isComplete(limit: Limit | undefined, p: PositionType): boolean {
  if (!limit) return false;
  if (p.list && !limit.maxItems) return false;
  if (p.kind !== 'scalar') return true;
  if (p.type === 'AWSJSON') return !!limit.json;
  return p.type in TYPE_DEFAULTS && (Object.keys(TYPE_DEFAULTS[p.type]).length === 0 || !!limit.maxLength);
}
