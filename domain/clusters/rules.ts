// The seed's validation rules for clusters (name, type, environment, region, CIDR; the deploy body's
// cross-account config, parameters and tags) and what a deployment is made of: stack name, template
// key, parameters computed from the record.
import type { DeployClusterInput, RegisterClusterInput } from '../../platform/generated/graphql.ts';
import { AppError } from '../../platform/errors.ts';
import { SUBNET_COUNT, VPC_MAX_PREFIX, VPC_MIN_PREFIX, formatCidr, isPrivate, parseCidr, subnets24, type Cidr } from './cidr.ts';
import { CLUSTER_TYPES, ENVIRONMENTS, type DeployTarget, type StoredCluster } from './model.ts';
import { isAwsRegion } from './regions.ts';

const NAME_MAX = 255;
const invalid = (field: string, message: string) => new AppError('INVALID_CLUSTER', message, { field });

export interface ValidRegistration {
  name: string;
  type: RegisterClusterInput['type'];
  environment: string;
  region: string;
  cidr: Cidr;
}

export function validCidr(text: string): Cidr {
  const c = parseCidr(text ?? '');
  if (!c) throw new AppError('INVALID_CIDR', `"${text}" is not a CIDR block such as 10.0.0.0/16 (host bits zero)`, { field: 'cidr' });
  if (!isPrivate(c)) throw new AppError('INVALID_CIDR', `${formatCidr(c)} is not in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`, { field: 'cidr' });
  if (c.prefix < VPC_MIN_PREFIX || c.prefix > VPC_MAX_PREFIX) {
    throw new AppError('INVALID_CIDR', `A cluster network must be /${VPC_MIN_PREFIX} to /${VPC_MAX_PREFIX} (a VPC with ${SUBNET_COUNT} /24 subnets)`, { field: 'cidr' });
  }
  return c;
}

export function validRegistration(input: RegisterClusterInput): ValidRegistration {
  const name = (input.name ?? '').trim();
  if (name.length < 1 || name.length > NAME_MAX) throw invalid('name', `name must be 1-${NAME_MAX} characters`);
  if (!CLUSTER_TYPES.includes(input.type)) throw invalid('type', 'type must be dedicated or shared');
  if (!(ENVIRONMENTS as readonly string[]).includes(input.environment)) throw invalid('environment', `environment must be one of ${ENVIRONMENTS.join(', ')}`);
  if (!isAwsRegion(input.region)) throw new AppError('INVALID_REGION', `"${input.region}" is not an AWS region`, { field: 'region' });
  return { name, type: input.type, environment: input.environment, region: input.region, cidr: validCidr(input.cidr) };
}

// ---- deploy

export interface Parameter {
  ParameterKey: string;
  ParameterValue: string;
}
export interface Tag {
  Key: string;
  Value: string;
}
export interface ValidDeploy {
  target: DeployTarget | null;
  parameters: Parameter[];
  tags: Tag[];
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const PARAM_KEY = /^[A-Za-z0-9]{1,255}$/;

/** Computed from the record; a caller may not set them (the CIDR is what registration locked). */
export const COMPUTED_PARAMETERS = ['EnvironmentName', 'VpcCIDR', 'PublicSubnet1CIDR', 'PublicSubnet2CIDR', 'PrivateSubnet1CIDR', 'PrivateSubnet2CIDR'];

function validTarget(input: DeployClusterInput): DeployTarget | null {
  const { targetAccountId: accountId, roleName, externalId } = input;
  if (accountId == null && roleName == null && externalId == null) return null;
  if (!accountId || !ACCOUNT_ID.test(accountId)) throw invalid('cross_account_config.target_account_id', 'target_account_id must be a 12-digit AWS account ID');
  if (!roleName || !ROLE_NAME.test(roleName)) throw invalid('cross_account_config.role_name', 'role_name must be an IAM role name (1-64 characters)');
  if (externalId != null && !EXTERNAL_ID.test(externalId)) throw invalid('cross_account_config.external_id', 'external_id must be 2-1224 characters');
  return { accountId, roleName, externalId: externalId ?? null };
}

function validParameters(json: unknown): Parameter[] {
  if (json == null) return [];
  const list = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  if (!Array.isArray(list)) throw invalid('parameters', 'parameters must be a list of {ParameterKey, ParameterValue}');
  const seen = new Set<string>();
  return list.map((p: Record<string, unknown>, i) => {
    const key = p?.ParameterKey;
    const value = p?.ParameterValue;
    if (typeof key !== 'string' || !PARAM_KEY.test(key) || typeof value !== 'string') {
      throw invalid(`parameters[${i}]`, 'each parameter needs an alphanumeric ParameterKey and a string ParameterValue');
    }
    if (COMPUTED_PARAMETERS.includes(key)) throw invalid(`parameters[${i}]`, `${key} is computed from the cluster record`);
    if (seen.has(key)) throw invalid(`parameters[${i}]`, `${key} is given twice`);
    seen.add(key);
    return { ParameterKey: key, ParameterValue: value };
  });
}

function validTags(tags: DeployClusterInput['tags']): Tag[] {
  return (tags ?? []).map((t, i) => {
    if (!t.key || t.key.length > 128 || t.key.toLowerCase().startsWith('aws:') || t.key.startsWith('drs-orchestrator:') || (t.value ?? '').length > 256) {
      throw invalid(`tags[${i}]`, 'tag keys are 1-128 characters, not aws: or drs-orchestrator:, values up to 256');
    }
    return { Key: t.key, Value: t.value ?? '' };
  });
}

export function validDeploy(input: DeployClusterInput | null | undefined): ValidDeploy {
  const i = input ?? {};
  let parameters: Parameter[];
  try {
    parameters = validParameters(i.parameters);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw invalid('parameters', 'parameters is not JSON');
  }
  return { target: validTarget(i), parameters, tags: validTags(i.tags) };
}

/** Product- and stage-prefixed, so IAM can scope cloudformation:* to `<prefix>*`. */
export const stackNamePrefix = (stage: string) => `drs-orchestrator-${stage}-cluster-`;

export function stackName(stage: string, c: Pick<StoredCluster, 'id' | 'name'>): string {
  const slug = c.name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'cluster';
  const prefix = stackNamePrefix(stage);
  const suffix = `-${c.id.slice(0, 8)}`;
  return `${prefix}${slug.slice(0, 128 - prefix.length - suffix.length)}${suffix}`.replace(/--+/g, '-');
}

/** The template's key in the bucket (seed 001's file names). */
export const templateKey = (type: StoredCluster['type']) => `${type}-cluster-template.yaml`;

/** EnvironmentName, VpcCIDR and the four /24 subnets, then the caller's own parameters. */
export function stackParameters(c: Pick<StoredCluster, 'name' | 'cidr'>, extra: Parameter[]): Parameter[] {
  const [pub1, pub2, priv1, priv2] = subnets24(parseCidr(c.cidr)!, SUBNET_COUNT);
  const computed: Record<string, string> = {
    EnvironmentName: c.name,
    VpcCIDR: c.cidr,
    PublicSubnet1CIDR: pub1,
    PublicSubnet2CIDR: pub2,
    PrivateSubnet1CIDR: priv1,
    PrivateSubnet2CIDR: priv2,
  };
  return [...Object.entries(computed).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })), ...extra];
}

/** The product's tags (fixed: reports and IAM find the stacks by them), Environment unless the caller sets it, the caller's. */
export const stackTags = (stage: string, c: Pick<StoredCluster, 'id' | 'environment'>, extra: Tag[]): Tag[] => [
  { Key: 'drs-orchestrator:cluster-id', Value: c.id },
  { Key: 'drs-orchestrator:stage', Value: stage },
  ...(extra.some((t) => t.Key === 'Environment') ? [] : [{ Key: 'Environment', Value: c.environment }]),
  ...extra,
];
