// The resource types the emulated CloudFormation knows: what each one's Ref and Fn::GetAtt answer
// (physical ids shaped like AWS's: vpc-…, subnet-…, sg-…, generated names like
// `<stack>-<LogicalId>-<SUFFIX>`), the checks EC2 would make when creating it (a subnet outside its
// VPC's CIDR fails as in AWS), and how long creating and deleting it takes in simulated seconds.
// A type not listed here (any `AWS::Service::Thing`, `Custom::…`) gets a generated name for Ref and
// a made-up value for any attribute. Nothing is created in the other emulated services.
import { randomBytes, randomUUID } from 'node:crypto';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Obj = { [key: string]: Json };
export type Range = readonly [min: number, max: number];

export interface ProvisionContext {
  accountId: string;
  region: string;
  stackName: string;
  /** This stack's resources provisioned so far (dependencies come first). */
  provisioned: ReadonlyArray<{ type: string; physicalId: string; attrs: Record<string, Json> }>;
}
export interface Provisioned {
  physicalId: string;
  attrs: Record<string, Json>;
  /** Set when creating the resource fails: its CREATE_FAILED reason. */
  failure?: string;
}
interface ResourceKind {
  /** The Fn::GetAtt attributes; undefined accepts any. */
  attributes?: readonly string[];
  provision(logicalId: string, props: Obj, ctx: ProvisionContext): Provisioned;
  /** Simulated seconds to create and to delete. */
  create: Range;
  delete: Range;
}

// ---------------------------------------------------------------- ids and names

const hex = (n = 17) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const suffix = (n = 12) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');

/** `<stack>-<LogicalId>-<SUFFIX>` within `max` characters, as CloudFormation names resources. */
export function generatedName(stackName: string, logicalId: string, max = 255, lower = false): string {
  const end = suffix(lower ? 12 : 13);
  const room = max - end.length - 2;
  const stack = stackName.slice(0, Math.max(1, Math.ceil(room / 2)));
  const name = `${stack}-${logicalId.slice(0, Math.max(1, room - stack.length))}-${end}`;
  return lower ? name.toLowerCase() : name;
}

/** A reason in the form CloudFormation gives for a resource its handler failed to create. */
export function handlerFailure(message: string, errorCode = 'InvalidRequest', service = 'Ec2', status = 400): string {
  return `Resource handler returned message: "${message} (Service: ${service}, Status Code: ${status}, Request ID: ${randomUUID()})" (RequestToken: ${randomUUID()}, HandlerErrorCode: ${errorCode})`;
}

const str = (v: Json | undefined): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'object' ? undefined : String(v));

// ---------------------------------------------------------------- zones and CIDRs

/** The zones Fn::GetAZs answers: us-east-1 has six, us-west-2 four, other regions three. */
export function availabilityZones(region: string): string[] {
  const n = region === 'us-east-1' ? 6 : region === 'us-west-2' ? 4 : 3;
  return [...'abcdef'].slice(0, n).map((l) => `${region}${l}`);
}

function zoneId(region: string, zone: string): string {
  const [area, direction, n] = region.split('-');
  const short: Record<string, string> = { east: 'e', west: 'w', north: 'n', south: 's', central: 'c', southeast: 'se', northeast: 'ne', northwest: 'nw', southwest: 'sw' };
  return `${area}${short[direction] ?? direction.slice(0, 2)}${n}-az${zone.charCodeAt(zone.length - 1) - 96}`;
}

export interface Cidr {
  network: number;
  prefix: number;
}
const maskOf = (prefix: number) => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
export const ipText = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
export const cidrText = (c: Cidr) => `${ipText(c.network)}/${c.prefix}`;

export function parseCidr(text: string | undefined): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text ?? '');
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const ip = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { network: (ip & maskOf(prefix)) >>> 0, prefix };
}

const within = (inner: Cidr, outer: Cidr) => inner.prefix >= outer.prefix && ((inner.network & maskOf(outer.prefix)) >>> 0) === outer.network;
const overlap = (a: Cidr, b: Cidr) => within(a, b) || within(b, a);

// ---------------------------------------------------------------- the catalog

function simple(prefix: string, idAttr: string, create: Range, del: Range = [2, 5]): ResourceKind {
  return {
    attributes: [idAttr],
    provision: () => {
      const id = `${prefix}-${hex()}`;
      return { physicalId: id, attrs: { [idAttr]: id } };
    },
    create,
    delete: del,
  };
}

function named(attributes: readonly string[], make: (name: string, ctx: ProvisionContext) => { ref?: string; attrs: Record<string, Json> }, nameProp: string, max: number, create: Range, del: Range, lower = false): ResourceKind {
  return {
    attributes,
    provision(logicalId, props, ctx) {
      const name = str(props[nameProp]) ?? generatedName(ctx.stackName, logicalId, max, lower);
      const made = make(name, ctx);
      return { physicalId: made.ref ?? name, attrs: made.attrs };
    },
    create,
    delete: del,
  };
}

const vpc: ResourceKind = {
  attributes: ['CidrBlock', 'CidrBlockAssociations', 'DefaultNetworkAcl', 'DefaultSecurityGroup', 'Ipv6CidrBlocks', 'VpcId'],
  provision(_id, props) {
    const id = `vpc-${hex()}`;
    const text = str(props.CidrBlock);
    const cidr = parseCidr(text);
    const attrs = { VpcId: id, CidrBlock: cidr ? cidrText(cidr) : (text ?? ''), CidrBlockAssociations: [`vpc-cidr-assoc-${hex()}`], DefaultNetworkAcl: `acl-${hex()}`, DefaultSecurityGroup: `sg-${hex()}`, Ipv6CidrBlocks: [] };
    if (text === undefined && props.Ipv4IpamPoolId === undefined) return { physicalId: id, attrs, failure: handlerFailure('Either CidrBlock or Ipv4IpamPoolId must be specified.') };
    if (text !== undefined && (!cidr || cidr.prefix < 16 || cidr.prefix > 28)) return { physicalId: id, attrs, failure: handlerFailure(`The CIDR '${text}' is invalid.`) };
    return { physicalId: id, attrs };
  },
  create: [12, 20],
  delete: [3, 6],
};

const subnet: ResourceKind = {
  attributes: ['AvailabilityZone', 'AvailabilityZoneId', 'CidrBlock', 'Ipv6CidrBlocks', 'NetworkAclAssociationId', 'OutpostArn', 'SubnetId', 'VpcId'],
  provision(_id, props, ctx) {
    const id = `subnet-${hex()}`;
    const vpcId = str(props.VpcId) ?? '';
    const text = str(props.CidrBlock);
    const cidr = parseCidr(text);
    const zones = availabilityZones(ctx.region);
    const zone = str(props.AvailabilityZone) ?? zones[0];
    const attrs = { SubnetId: id, VpcId: vpcId, CidrBlock: text ?? '', AvailabilityZone: zone, AvailabilityZoneId: zoneId(ctx.region, zone), Ipv6CidrBlocks: [], NetworkAclAssociationId: `aclassoc-${hex()}`, OutpostArn: '' };
    const fail = (message: string, code = 'InvalidRequest') => ({ physicalId: id, attrs, failure: handlerFailure(message, code) });
    if (!/^vpc-[0-9a-f]{8,17}$/.test(vpcId)) return fail(`The vpc ID '${vpcId}' does not exist`, 'NotFound');
    if (!zones.includes(zone)) {
      return fail(`Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.join(', ')}.`);
    }
    if (!cidr || cidr.prefix < 16 || cidr.prefix > 28) return fail(`The CIDR '${text ?? ''}' is invalid.`);
    const parent = ctx.provisioned.find((r) => r.type === 'AWS::EC2::VPC' && r.physicalId === vpcId);
    const parentCidr = parseCidr(str(parent?.attrs.CidrBlock));
    if (parentCidr && !within(cidr, parentCidr)) return fail(`The CIDR '${text}' is invalid.`);
    const sibling = ctx.provisioned.find((r) => r.type === 'AWS::EC2::Subnet' && r.attrs.VpcId === vpcId && overlap(cidr, parseCidr(str(r.attrs.CidrBlock)) ?? { network: 0, prefix: 33 }));
    if (sibling) return fail(`The CIDR '${text}' conflicts with another subnet`, 'AlreadyExists');
    return { physicalId: id, attrs };
  },
  create: [4, 8],
  delete: [2, 5],
};

const securityGroup: ResourceKind = {
  attributes: ['GroupId', 'VpcId'],
  provision(logicalId, props, ctx) {
    const groupId = `sg-${hex()}`;
    const vpcId = str(props.VpcId);
    const name = str(props.GroupName) ?? generatedName(ctx.stackName, logicalId, 255);
    const attrs = { GroupId: groupId, VpcId: vpcId ?? '' };
    // Ref answers the group id in a VPC, the group name otherwise.
    const physicalId = vpcId ? groupId : name;
    if (str(props.GroupDescription) === undefined) {
      return { physicalId, attrs, failure: `Properties validation failed for resource ${logicalId} with message:\n#: required key [GroupDescription] not found` };
    }
    return { physicalId, attrs };
  },
  create: [5, 9],
  delete: [2, 5],
};

const CATALOG: Record<string, ResourceKind> = {
  'AWS::EC2::VPC': vpc,
  'AWS::EC2::Subnet': subnet,
  'AWS::EC2::SecurityGroup': securityGroup,
  'AWS::EC2::InternetGateway': simple('igw', 'InternetGatewayId', [12, 18], [2, 4]),
  'AWS::EC2::RouteTable': simple('rtb', 'RouteTableId', [8, 12]),
  'AWS::EC2::NatGateway': simple('nat', 'NatGatewayId', [95, 140], [40, 70]),
  'AWS::EC2::NetworkAcl': simple('acl', 'Id', [5, 9]),
  'AWS::EC2::SubnetRouteTableAssociation': simple('rtbassoc', 'Id', [3, 6]),
  'AWS::EC2::SubnetNetworkAclAssociation': simple('aclassoc', 'AssociationId', [3, 6]),
  'AWS::EC2::SecurityGroupIngress': simple('sgr', 'Id', [2, 4], [1, 3]),
  'AWS::EC2::SecurityGroupEgress': simple('sgr', 'Id', [2, 4], [1, 3]),
  'AWS::EC2::VPCEndpoint': {
    attributes: ['CreationTimestamp', 'DnsEntries', 'Id', 'NetworkInterfaceIds'],
    provision: () => {
      const id = `vpce-${hex()}`;
      return { physicalId: id, attrs: { Id: id, CreationTimestamp: new Date().toISOString(), DnsEntries: [], NetworkInterfaceIds: [] } };
    },
    create: [60, 90],
    delete: [30, 60],
  },
  'AWS::EC2::VPCGatewayAttachment': {
    attributes: [],
    provision: (_id, props) => ({ physicalId: `${props.InternetGatewayId ? 'IGW' : 'VGW'}|${str(props.VpcId) ?? ''}`, attrs: {} }),
    create: [15, 22],
    delete: [15, 25],
  },
  'AWS::EC2::Route': {
    attributes: [],
    provision: (_id, props) => ({ physicalId: `${str(props.RouteTableId) ?? ''}|${str(props.DestinationCidrBlock) ?? str(props.DestinationIpv6CidrBlock) ?? ''}`, attrs: {} }),
    create: [14, 20],
    delete: [2, 4],
  },
  'AWS::EC2::EIP': {
    attributes: ['AllocationId', 'PublicIp'],
    provision: () => {
      const ip = `3.${[...randomBytes(3)].join('.')}`;
      return { physicalId: ip, attrs: { AllocationId: `eipalloc-${hex()}`, PublicIp: ip } };
    },
    create: [3, 6],
    delete: [2, 4],
  },
  'AWS::EC2::Instance': {
    attributes: ['AvailabilityZone', 'InstanceId', 'PrivateDnsName', 'PrivateIp', 'PublicDnsName', 'PublicIp'],
    provision: (_id, props, ctx) => {
      const id = `i-${hex()}`;
      const b = [...randomBytes(2)];
      const privateIp = `10.0.${b[0]}.${b[1] || 10}`;
      const publicIp = `54.${[...randomBytes(3)].join('.')}`;
      const zone = str(props.AvailabilityZone) ?? availabilityZones(ctx.region)[0];
      const dns = (ip: string) => `ip-${ip.replace(/\./g, '-')}.${ctx.region === 'us-east-1' ? 'ec2.internal' : `${ctx.region}.compute.internal`}`;
      return { physicalId: id, attrs: { InstanceId: id, AvailabilityZone: zone, PrivateIp: privateIp, PrivateDnsName: dns(privateIp), PublicIp: publicIp, PublicDnsName: `ec2-${publicIp.replace(/\./g, '-')}.compute-1.amazonaws.com` } };
    },
    create: [30, 45],
    delete: [40, 70],
  },
  'AWS::EC2::LaunchTemplate': {
    attributes: ['DefaultVersionNumber', 'LatestVersionNumber', 'LaunchTemplateId'],
    provision: () => {
      const id = `lt-${hex()}`;
      return { physicalId: id, attrs: { LaunchTemplateId: id, DefaultVersionNumber: '1', LatestVersionNumber: '1' } };
    },
    create: [3, 6],
    delete: [2, 4],
  },
  'AWS::S3::Bucket': named(
    ['Arn', 'DomainName', 'DualStackDomainName', 'RegionalDomainName', 'WebsiteURL'],
    (name, ctx) => ({
      attrs: {
        Arn: `arn:aws:s3:::${name}`,
        DomainName: `${name}.s3.amazonaws.com`,
        DualStackDomainName: `${name}.s3.dualstack.${ctx.region}.amazonaws.com`,
        RegionalDomainName: `${name}.s3.${ctx.region}.amazonaws.com`,
        WebsiteURL: `http://${name}.s3-website-${ctx.region}.amazonaws.com`,
      },
    }),
    'BucketName',
    63,
    [20, 26],
    [2, 4],
    true,
  ),
  'AWS::IAM::Role': named(
    ['Arn', 'RoleId'],
    (name, ctx) => ({ attrs: { Arn: `arn:aws:iam::${ctx.accountId}:role/${name}`, RoleId: `AROA${suffix(17)}` } }),
    'RoleName',
    64,
    [14, 22],
    [3, 6],
  ),
  'AWS::IAM::InstanceProfile': named(['Arn'], (name, ctx) => ({ attrs: { Arn: `arn:aws:iam::${ctx.accountId}:instance-profile/${name}` } }), 'InstanceProfileName', 128, [120, 150], [120, 150]),
  'AWS::IAM::ManagedPolicy': named(
    ['PolicyArn'],
    (name, ctx) => ({ ref: `arn:aws:iam::${ctx.accountId}:policy/${name}`, attrs: { PolicyArn: `arn:aws:iam::${ctx.accountId}:policy/${name}` } }),
    'ManagedPolicyName',
    128,
    [10, 15],
    [3, 6],
  ),
  'AWS::SNS::Topic': named(
    ['TopicArn', 'TopicName'],
    (name, ctx) => ({ ref: `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`, attrs: { TopicArn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`, TopicName: name } }),
    'TopicName',
    256,
    [10, 15],
    [2, 4],
  ),
  'AWS::SQS::Queue': named(
    ['Arn', 'QueueName', 'QueueUrl'],
    (name, ctx) => {
      const url = `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${name}`;
      return { ref: url, attrs: { Arn: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${name}`, QueueName: name, QueueUrl: url } };
    },
    'QueueName',
    80,
    [60, 65],
    [60, 65],
  ),
  'AWS::Lambda::Function': named(['Arn'], (name, ctx) => ({ attrs: { Arn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}` } }), 'FunctionName', 64, [5, 10], [2, 4]),
  'AWS::Logs::LogGroup': named(['Arn'], (name, ctx) => ({ attrs: { Arn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}:*` } }), 'LogGroupName', 512, [2, 4], [2, 4]),
  'AWS::SSM::Parameter': {
    attributes: ['Type', 'Value'],
    provision: (logicalId, props) => ({ physicalId: str(props.Name) ?? `CFN-${logicalId}-${suffix(12)}`, attrs: { Type: str(props.Type) ?? 'String', Value: str(props.Value) ?? '' } }),
    create: [2, 4],
    delete: [2, 4],
  },
  'AWS::KMS::Key': {
    attributes: ['Arn', 'KeyId'],
    provision: (_id, _props, ctx) => {
      const id = randomUUID();
      return { physicalId: id, attrs: { KeyId: id, Arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${id}` } };
    },
    create: [60, 120],
    delete: [2, 4],
  },
  'AWS::SecretsManager::Secret': {
    attributes: ['Id'],
    provision: (logicalId, props, ctx) => {
      const name = str(props.Name) ?? generatedName(ctx.stackName, logicalId, 256);
      const arn = `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${name}-${suffix(6)}`;
      return { physicalId: arn, attrs: { Id: arn } };
    },
    create: [2, 5],
    delete: [2, 4],
  },
  'AWS::CloudFormation::WaitConditionHandle': {
    attributes: [],
    provision: (logicalId, _props, ctx) => ({ physicalId: `https://cloudformation-waitcondition-${ctx.region}.s3.amazonaws.com/${encodeURIComponent(`arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}`)}/${logicalId}`, attrs: {} }),
    create: [1, 2],
    delete: [1, 2],
  },
  'AWS::CloudFormation::Stack': {
    provision: (logicalId, _props, ctx) => ({
      physicalId: `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${generatedName(ctx.stackName, logicalId, 128)}/${randomUUID()}`,
      attrs: {},
      failure: 'Nested stacks are not emulated by the local CloudFormation.',
    }),
    create: [5, 10],
    delete: [5, 10],
  },
};

/** Any other type: a generated name for Ref and an ARN-like `Arn` (other attributes: see attributeOf). */
function fallback(type: string): ResourceKind {
  const [, service = 'custom', resource = 'resource'] = type.split('::');
  return {
    provision(logicalId, _props, ctx) {
      const name = generatedName(ctx.stackName, logicalId, 128);
      return { physicalId: name, attrs: { Arn: `arn:aws:${service.toLowerCase()}:${ctx.region}:${ctx.accountId}:${resource.toLowerCase()}/${name}` } };
    },
    create: [5, 15],
    delete: [2, 6],
  };
}

export function resourceKind(type: string): ResourceKind {
  return CATALOG[type] ?? fallback(type);
}

/** Whether Fn::GetAtt may name `attribute` on `type` (always, for types not in the catalog). */
export function supportsAttribute(type: string, attribute: string): boolean {
  const known = CATALOG[type]?.attributes;
  return known === undefined || known.includes(attribute);
}

/** Fn::GetAtt's answer; a type not in the catalog answers its physical id for what it does not know. */
export function attributeOf(resource: { type: string; physicalId: string; attrs: Record<string, Json> }, attribute: string): Json | undefined {
  return resource.attrs[attribute] ?? (CATALOG[resource.type] ? undefined : resource.physicalId);
}

const IAM_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::InstanceProfile', 'AWS::IAM::AccessKey', 'AWS::IAM::UserToGroupAddition'];
const IAM_NAMES = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];

/** The capability a resource needs acknowledged: IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM. */
export function capabilityNeeded(type: string, props: Obj): string | undefined {
  if (!IAM_TYPES.includes(type)) return undefined;
  return IAM_NAMES.some((p) => props[p] !== undefined) ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM';
}
