// Amazon EC2 (ec2Query in, XML out): the network and instance lookups the orchestrator makes, the
// launch-template versioning DRS launch configurations are built on (and DeleteLaunchTemplate), and
// resource tags. Spot prices,
// launches, terminations and the instance lifecycle are in ./ec2-spot.ts.
import type { LaunchTemplateVersion, RequestLaunchTemplateData, ResponseLaunchTemplateData, Tag } from '@aws-sdk/client-ec2';
import { advanceDrs } from './drs-jobs.ts';
import { denial } from './deny.ts';
import { offered } from './readiness-control.ts';
import { type Ec2Control, createEc2Control, createSpotActions } from './ec2-spot.ts';
import { isEstateRegion, type Ec2RegionState, type EmulatorState, type LaunchTemplateRecord } from './fixtures.ts';
import {
  type AuthFailure,
  type AwsRequest,
  type AwsService,
  type CallContext,
  type Params,
  ServiceError,
  XmlList,
  ec2Error,
  ec2Response,
  paginate,
  paramList,
  paramObject,
  paramString,
  paramStrings,
  parseFormBody,
} from './protocol.ts';

// ---------------------------------------------------------------- SDK shape -> EC2 XML

/**
 * EC2's XML element names are the members' names in lower camel case, except these. A key is a
 * member name, or a path suffix of member names (`Parent/Member`) where the same member is named
 * differently in different shapes; the longest matching suffix wins. A pair names the element
 * and the element each list entry is wrapped in (default `item`).
 */
const XML_NAMES: Record<string, string | [string, string]> = {
  Tags: 'tagSet',
  Reservations: 'reservationSet',
  Instances: 'instancesSet',
  TerminatingInstances: 'instancesSet',
  SpotPriceHistory: 'spotPriceHistorySet',
  Groups: 'groupSet',
  'Instances/State': 'instanceState',
  'Instances/PublicDnsName': 'dnsName',
  'Instances/PublicIpAddress': 'ipAddress',
  'Instances/StateTransitionReason': 'reason',
  'Instances/SecurityGroups': 'groupSet',
  'Instances/BlockDeviceMappings': 'blockDeviceMapping',
  NetworkInterfaces: 'networkInterfaceSet',
  PrivateIpAddresses: 'privateIpAddressesSet',
  SecurityGroups: 'securityGroupInfo',
  'SecurityGroups/Description': 'groupDescription',
  UserIdGroupPairs: 'groups',
  Subnets: 'subnetSet',
  InstanceTypes: 'instanceTypeSet',
  InstanceTypeOfferings: 'instanceTypeOfferingSet',
  LaunchTemplateVersions: 'launchTemplateVersionSet',
  'LaunchTemplateData/NetworkInterfaces/Groups': ['groupSet', 'groupId'],
  'LaunchTemplateData/SecurityGroupIds': 'securityGroupIdSet',
  'LaunchTemplateData/SecurityGroups': 'securityGroupSet',
  'LaunchTemplateData/BlockDeviceMappings': 'blockDeviceMappingSet',
  'LaunchTemplateData/TagSpecifications': 'tagSpecificationSet',
  'LaunchTemplateData/LicenseSpecifications': 'licenseSet',
  'Warning/Errors': 'errorSet',
};

function xmlName(path: string[]): string | [string, string] {
  for (let i = 0; i < path.length; i++) {
    const name = XML_NAMES[path.slice(i).join('/')];
    if (name) return name;
  }
  const member = path[path.length - 1];
  return member[0].toLowerCase() + member.slice(1);
}

/** An SDK-shaped value as EC2 XML (member order kept). */
function toEc2(value: unknown, path: string[]): unknown {
  if (Array.isArray(value)) {
    const name = xmlName(path);
    const items = value.map((v) => toEc2(v, path));
    return Array.isArray(name) ? new XmlList(name[1], items) : items;
  }
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = xmlName([...path, key]);
    out[Array.isArray(name) ? name[0] : name] = toEc2(v, [...path, key]);
  }
  return out;
}

function result(members: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(members)) {
    const name = xmlName([key]);
    out[Array.isArray(name) ? name[0] : name] = toEc2(value, [key]);
  }
  return out;
}

// ---------------------------------------------------------------- EC2 query -> SDK shape

// Launch-template data arrives with EC2's singular query names; the SDK shape uses plural members.
const LT_MEMBERS: Record<string, string> = {
  NetworkInterface: 'NetworkInterfaces',
  TagSpecification: 'TagSpecifications',
  Tag: 'Tags',
  BlockDeviceMapping: 'BlockDeviceMappings',
  SecurityGroup: 'SecurityGroups',
  LicenseSpecification: 'LicenseSpecifications',
  'NetworkInterface/SecurityGroupId': 'Groups',
  SecurityGroupId: 'SecurityGroupIds',
};
const NUMERIC = new Set([
  'DeviceIndex',
  'Ipv6AddressCount',
  'SecondaryPrivateIpAddressCount',
  'NetworkCardIndex',
  'Iops',
  'VolumeSize',
  'Throughput',
  'HttpPutResponseHopLimit',
  'CoreCount',
  'ThreadsPerCore',
  'PartitionNumber',
]);

function fromQuery(value: Params[string], parent: string): unknown {
  if (Array.isArray(value)) return (value as Array<string | Params>).map((v) => fromQuery(v, parent));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[LT_MEMBERS[`${parent}/${key}`] ?? LT_MEMBERS[key] ?? key] = fromQuery(v, key);
    return out;
  }
  if (value === 'true' || value === 'false') return value === 'true';
  return NUMERIC.has(parent) ? Number(value) : value;
}

// ---------------------------------------------------------------- filters

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidParameterValue', message);
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

type FilterValues = (name: string) => Array<string | number | boolean | undefined> | undefined;

function tagFilterValues(tags: Tag[] | undefined, name: string): string[] | undefined {
  if (name.startsWith('tag:')) return (tags ?? []).filter((t) => t.Key === name.slice(4)).map((t) => t.Value ?? '');
  if (name === 'tag-key') return (tags ?? []).map((t) => t.Key ?? '');
  if (name === 'tag-value') return (tags ?? []).map((t) => t.Value ?? '');
  return undefined;
}

/** EC2 filter semantics: values of one filter are ORed, filters are ANDed, `*` and `?` are wildcards. */
function applyFilters<T>(items: readonly T[], req: Params, valuesOf: (item: T) => FilterValues): T[] {
  const filters = paramList(req, 'Filter').map((f) => ({ name: paramString(f, 'Name') ?? '', patterns: paramStrings(f, 'Value').map(wildcard) }));
  return items.filter((item) =>
    filters.every(({ name, patterns }) => {
      const values = valuesOf(item)(name);
      if (values === undefined) throw invalid(`The filter '${name}' is invalid`);
      return values.some((v) => v !== undefined && patterns.some((p) => p.test(String(v))));
    }),
  );
}

function maxResults(req: Params, min: number, max: number, fallback: number): number {
  const raw = paramString(req, 'MaxResults');
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(`Value (${raw}) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`);
  return n;
}

function page<T>(items: readonly T[], req: Params, size: number, scope: string) {
  return paginate(items, size, paramString(req, 'NextToken'), scope, () => new ServiceError('InvalidPaginationToken', 'The pagination token is invalid.'));
}

// ---------------------------------------------------------------- the service

export function createEc2Service(state: EmulatorState, control: Ec2Control = createEc2Control()): AwsService {
  function region(ctx: CallContext): Ec2RegionState {
    const account = state.accounts[ctx.principal.accountId];
    // EC2 exists in every region: a region without fixtures has only AWS's default VPC. One that servers
    // were seeded into has it too, beside their networks (only the estate's own regions have none).
    const ec2 = (account.ec2[ctx.region] ??= { ...spot.defaultNetwork(ctx.principal.accountId, ctx.region), instances: [], launchTemplates: [] });
    if (!isEstateRegion(ctx.region) && !ec2.vpcs.some((v) => v.IsDefault)) {
      const net = spot.defaultNetwork(ctx.principal.accountId, ctx.region);
      ec2.vpcs.push(...net.vpcs);
      ec2.subnets.push(...net.subnets);
      ec2.securityGroups.push(...net.securityGroups);
    }
    return ec2;
  }

  const scopeOf = (action: string, ctx: CallContext, req: Params) => `ec2:${ctx.principal.accountId}:${ctx.region}:${action}:${JSON.stringify(paramList(req, 'Filter'))}`;

  function describeSubnets(req: Params, ctx: CallContext) {
    const ec2 = region(ctx);
    const ids = paramStrings(req, 'SubnetId');
    const missing = ids.find((id) => !ec2.subnets.some((s) => s.SubnetId === id));
    if (missing) throw new ServiceError('InvalidSubnetID.NotFound', `The subnet ID '${missing}' does not exist`);
    const selected = ids.length ? ec2.subnets.filter((s) => ids.includes(s.SubnetId ?? '')) : ec2.subnets;
    const filtered = applyFilters(selected, req, (s) => (name) => {
      const byName: Record<string, Array<string | number | boolean | undefined>> = {
        'subnet-id': [s.SubnetId],
        'vpc-id': [s.VpcId],
        'availability-zone': [s.AvailabilityZone],
        'availability-zone-id': [s.AvailabilityZoneId],
        'cidr-block': [s.CidrBlock],
        cidrBlock: [s.CidrBlock],
        cidr: [s.CidrBlock],
        state: [s.State],
        'default-for-az': [s.DefaultForAz],
        'map-public-ip-on-launch': [s.MapPublicIpOnLaunch],
        'owner-id': [s.OwnerId],
        'subnet-arn': [s.SubnetArn],
      };
      return byName[name] ?? tagFilterValues(s.Tags, name);
    });
    const { page: subnets, next } = page(filtered, req, maxResults(req, 5, 1000, 1000), scopeOf('DescribeSubnets', ctx, req));
    return { Subnets: subnets, NextToken: next };
  }

  function describeSecurityGroups(req: Params, ctx: CallContext) {
    const ec2 = region(ctx);
    const ids = paramStrings(req, 'GroupId');
    const names = paramStrings(req, 'GroupName');
    const missing = ids.find((id) => !ec2.securityGroups.some((g) => g.GroupId === id)) ?? names.find((n) => !ec2.securityGroups.some((g) => g.GroupName === n));
    if (missing) throw new ServiceError('InvalidGroup.NotFound', `The security group '${missing}' does not exist`);
    let selected = ec2.securityGroups;
    if (ids.length) selected = selected.filter((g) => ids.includes(g.GroupId ?? ''));
    if (names.length) selected = selected.filter((g) => names.includes(g.GroupName ?? ''));
    const filtered = applyFilters(selected, req, (g) => (name) => {
      const byName: Record<string, Array<string | undefined>> = {
        'group-id': [g.GroupId],
        'group-name': [g.GroupName],
        'vpc-id': [g.VpcId],
        description: [g.Description],
        'owner-id': [g.OwnerId],
      };
      return byName[name] ?? tagFilterValues(g.Tags, name);
    });
    const { page: groups, next } = page(filtered, req, maxResults(req, 5, 1000, 1000), scopeOf('DescribeSecurityGroups', ctx, req));
    return { SecurityGroups: groups, NextToken: next };
  }

  function describeInstanceTypes(req: Params, ctx: CallContext) {
    const types = paramStrings(req, 'InstanceType');
    const unknown = types.filter((t) => !state.instanceTypes.some((i) => i.InstanceType === t));
    if (unknown.length) throw new ServiceError('InvalidInstanceType', `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
    const selected = types.length ? state.instanceTypes.filter((i) => types.includes(i.InstanceType ?? '')) : state.instanceTypes;
    const filtered = applyFilters(selected, req, (i) => (name) =>
      ({
        'instance-type': [i.InstanceType],
        'current-generation': [i.CurrentGeneration],
        'free-tier-eligible': [i.FreeTierEligible],
        'bare-metal': [i.BareMetal],
        hypervisor: [i.Hypervisor],
        'burstable-performance-supported': [i.BurstablePerformanceSupported],
        'vcpu-info.default-vcpus': [i.VCpuInfo?.DefaultVCpus],
        'memory-info.size-in-mib': [i.MemoryInfo?.SizeInMiB],
        'processor-info.supported-architecture': i.ProcessorInfo?.SupportedArchitectures,
      })[name],
    );
    const { page: infos, next } = page(filtered, req, maxResults(req, 5, 100, 100), scopeOf('DescribeInstanceTypes', ctx, req));
    return { InstanceTypes: infos, NextToken: next };
  }

  /** Every catalog type in every zone of the region (its subnets' zones, else a, b, c), unless a readiness switch says not. */
  function describeInstanceTypeOfferings(req: Params, ctx: CallContext) {
    const ec2 = region(ctx);
    const locationType = paramString(req, 'LocationType') ?? 'region';
    if (!['region', 'availability-zone', 'availability-zone-id', 'outpost'].includes(locationType)) {
      throw invalid(`Value (${locationType}) for parameter locationType is invalid. Expecting one of region, availability-zone, availability-zone-id, outpost.`);
    }
    const zones = [...new Map(ec2.subnets.map((s) => [s.AvailabilityZone!, s.AvailabilityZoneId ?? s.AvailabilityZone!])).entries()];
    if (!zones.length) for (const x of ['a', 'b', 'c']) zones.push([`${ctx.region}${x}`, `${ctx.region}${x}`]);
    const locations: Array<{ location: string; zone: string }> =
      locationType === 'region' ? [{ location: ctx.region, zone: '' }] : locationType === 'outpost' ? [] : zones.map(([zone, id]) => ({ location: locationType === 'availability-zone' ? zone : id, zone }));
    const offerings = locations.flatMap(({ location, zone }) =>
      state.instanceTypes
        .filter((t) => locationType === 'region' || offered(state, ctx.region, zone, t.InstanceType!))
        .map((t) => ({ InstanceType: t.InstanceType, LocationType: locationType, Location: location })),
    );
    const filtered = applyFilters(offerings, req, (o) => (name) => ({ location: [o.Location], 'instance-type': [o.InstanceType] })[name]);
    const { page: items, next } = page(filtered, req, maxResults(req, 5, 1000, 1000), `${scopeOf('DescribeInstanceTypeOfferings', ctx, req)}:${locationType}`);
    return { InstanceTypeOfferings: items, NextToken: next };
  }

  function describeInstances(req: Params, ctx: CallContext) {
    // Recovery instances come and go with DRS jobs, launched ones boot and shut down: bring them up to the clock first.
    advanceDrs(state, ctx.now.getTime());
    spot.advance(ctx.now.getTime());
    const ec2 = region(ctx);
    const ids = paramStrings(req, 'InstanceId');
    if (ids.length && paramString(req, 'MaxResults') !== undefined) {
      throw new ServiceError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
    }
    const malformed = ids.find((id) => !/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id));
    if (malformed) throw new ServiceError('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`);
    const missing = ids.filter((id) => !ec2.instances.some((r) => r.instance.InstanceId === id));
    if (missing.length) throw new ServiceError('InvalidInstanceID.NotFound', `The instance ID${missing.length > 1 ? 's' : ''} '${missing.join(', ')}' do${missing.length > 1 ? '' : 'es'} not exist`);
    const selected = ids.length ? ec2.instances.filter((r) => ids.includes(r.instance.InstanceId ?? '')) : ec2.instances;
    const filtered = applyFilters(selected, req, ({ reservationId, instance: i }) => (name) => {
      const byName: Record<string, Array<string | number | boolean | undefined>> = {
        'instance-id': [i.InstanceId],
        'instance-state-name': [i.State?.Name],
        'instance-state-code': [i.State?.Code],
        'instance-type': [i.InstanceType],
        'instance-lifecycle': [i.InstanceLifecycle],
        'spot-instance-request-id': [i.SpotInstanceRequestId],
        'ip-address': [i.PublicIpAddress],
        'key-name': [i.KeyName],
        'client-token': [i.ClientToken],
        'image-id': [i.ImageId],
        'vpc-id': [i.VpcId],
        'subnet-id': [i.SubnetId],
        'private-ip-address': [i.PrivateIpAddress],
        'private-dns-name': [i.PrivateDnsName],
        'availability-zone': [i.Placement?.AvailabilityZone],
        'reservation-id': [reservationId],
        platform: [i.Platform],
        'iam-instance-profile.arn': [i.IamInstanceProfile?.Arn],
        'network-interface.addresses.private-ip-address': (i.NetworkInterfaces ?? []).flatMap((n) => (n.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress)),
        'instance.group-id': (i.SecurityGroups ?? []).map((g) => g.GroupId),
      };
      return byName[name] ?? tagFilterValues(i.Tags, name);
    });
    const { page: records, next } = page(filtered, req, maxResults(req, 5, 1000, 1000), scopeOf('DescribeInstances', ctx, req));
    const reservations = new Map<string, typeof records>();
    for (const r of records) reservations.set(r.reservationId, [...(reservations.get(r.reservationId) ?? []), r]);
    return {
      Reservations: [...reservations].map(([ReservationId, members]) => ({
        ReservationId,
        OwnerId: ctx.principal.accountId,
        Groups: [],
        Instances: members.map((m) => m.instance),
      })),
      NextToken: next,
    };
  }

  function launchTemplate(ec2: Ec2RegionState, req: Params): LaunchTemplateRecord {
    const id = paramString(req, 'LaunchTemplateId');
    const name = paramString(req, 'LaunchTemplateName');
    if (id !== undefined) {
      if (!/^lt-[0-9a-f]{17}$/.test(id)) throw new ServiceError('InvalidLaunchTemplateId.Malformed', `The specified ID for the launch template (${id}) is invalid.`);
      const found = ec2.launchTemplates.find((t) => t.template.LaunchTemplateId === id);
      if (!found) throw new ServiceError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
      return found;
    }
    if (name !== undefined) {
      const found = ec2.launchTemplates.find((t) => t.template.LaunchTemplateName === name);
      if (!found) throw new ServiceError('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${name}, does not exist.`);
      return found;
    }
    throw new ServiceError('MissingParameter', 'The request must contain the parameter LaunchTemplateName or LaunchTemplateId');
  }

  /** Resolves `$Latest`, `$Default` or a number to one version of the template. */
  function version(record: LaunchTemplateRecord, spec: string): LaunchTemplateVersion {
    const number = spec === '$Latest' ? record.template.LatestVersionNumber : spec === '$Default' ? record.template.DefaultVersionNumber : Number(spec);
    if (!Number.isInteger(number)) throw invalid(`Invalid launch template version '${spec}'. Specify a version number, $Latest or $Default.`);
    const found = record.versions.find((v) => v.VersionNumber === number);
    if (!found) {
      throw new ServiceError(
        'InvalidLaunchTemplateId.VersionNotFound',
        `The specified launch template version, with version number ${spec}, does not exist for launch template ${record.template.LaunchTemplateId}.`,
      );
    }
    return found;
  }

  function describeLaunchTemplateVersions(req: Params, ctx: CallContext) {
    const ec2 = region(ctx);
    const specs = paramStrings(req, 'LaunchTemplateVersion');
    const byTemplate = paramString(req, 'LaunchTemplateId') !== undefined || paramString(req, 'LaunchTemplateName') !== undefined;
    let versions: LaunchTemplateVersion[];
    if (!byTemplate && specs.length > 0 && specs.every((s) => s === '$Latest' || s === '$Default')) {
      // Without a template, EC2 answers $Latest/$Default of every template.
      versions = ec2.launchTemplates.flatMap((t) => [...new Set(specs.map((s) => version(t, s)))]);
    } else {
      const record = launchTemplate(ec2, req);
      const min = Number(paramString(req, 'MinVersion') ?? -Infinity);
      const max = Number(paramString(req, 'MaxVersion') ?? Infinity);
      const chosen = specs.length ? new Set(specs.map((s) => version(record, s))) : new Set(record.versions);
      versions = [...chosen].filter((v) => (v.VersionNumber ?? 0) >= min && (v.VersionNumber ?? 0) <= max).sort((a, b) => (b.VersionNumber ?? 0) - (a.VersionNumber ?? 0));
    }
    const filtered = applyFilters(versions, req, (v) => (name) =>
      ({
        'is-default-version': [v.DefaultVersion],
        'instance-type': [v.LaunchTemplateData?.InstanceType],
        'iam-instance-profile': [v.LaunchTemplateData?.IamInstanceProfile?.Name, v.LaunchTemplateData?.IamInstanceProfile?.Arn],
        'image-id': [v.LaunchTemplateData?.ImageId],
      })[name],
    );
    const { page: versionsPage, next } = page(filtered, req, maxResults(req, 1, 200, 200), `${scopeOf('DescribeLaunchTemplateVersions', ctx, req)}:${paramString(req, 'LaunchTemplateId')}:${specs.join(',')}`);
    return { LaunchTemplateVersions: versionsPage, NextToken: next };
  }

  function createLaunchTemplateVersion(req: Params, ctx: CallContext) {
    const ec2 = region(ctx);
    const record = launchTemplate(ec2, req);
    const source = paramString(req, 'SourceVersion');
    const base = source !== undefined ? version(record, source).LaunchTemplateData : {};
    const description = paramString(req, 'VersionDescription');
    if (description !== undefined && description.length > 255) throw invalid('VersionDescription must be at most 255 characters');
    const given = fromQuery(paramObject(req, 'LaunchTemplateData') ?? {}, 'LaunchTemplateData') as RequestLaunchTemplateData;
    // Parameters given replace the source version's; everything else is inherited.
    const data = structuredClone({ ...base, ...given }) as ResponseLaunchTemplateData;
    const number = (record.template.LatestVersionNumber ?? 0) + 1;
    const created: LaunchTemplateVersion = {
      LaunchTemplateId: record.template.LaunchTemplateId,
      LaunchTemplateName: record.template.LaunchTemplateName,
      VersionNumber: number,
      VersionDescription: description,
      CreateTime: ctx.now,
      CreatedBy: ctx.principal.arn,
      DefaultVersion: false,
      LaunchTemplateData: data,
    };
    record.versions.push(created);
    record.template.LatestVersionNumber = number;
    // EC2 accepts references it cannot resolve and reports them as warnings.
    const warnings = [
      ...(data.NetworkInterfaces ?? [])
        .filter((n) => n.SubnetId && !ec2.subnets.some((s) => s.SubnetId === n.SubnetId))
        .map((n) => ({ Code: 'InvalidSubnetID.NotFound', Message: `The subnet ID '${n.SubnetId}' does not exist` })),
      ...[...(data.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? []), ...(data.SecurityGroupIds ?? [])]
        .filter((g) => !ec2.securityGroups.some((s) => s.GroupId === g))
        .map((g) => ({ Code: 'InvalidGroup.NotFound', Message: `The security group '${g}' does not exist` })),
    ];
    return { LaunchTemplateVersion: created, Warning: warnings.length ? { Errors: warnings } : undefined };
  }

  function modifyLaunchTemplate(req: Params, ctx: CallContext) {
    const record = launchTemplate(region(ctx), req);
    const wanted = paramString(req, 'SetDefaultVersion');
    if (wanted !== undefined) {
      const chosen = version(record, wanted);
      for (const v of record.versions) v.DefaultVersion = v === chosen;
      record.template.DefaultVersionNumber = chosen.VersionNumber;
    }
    return { LaunchTemplate: record.template };
  }

  /** DeleteLaunchTemplate (every version): a DRS launch configuration naming it dangles, as in AWS. */
  function deleteLaunchTemplate(req: Params, ctx: CallContext) {
    const ec2 = region(ctx);
    const record = launchTemplate(ec2, req);
    ec2.launchTemplates = ec2.launchTemplates.filter((t) => t !== record);
    return { LaunchTemplate: record.template };
  }

  /** The tag list of a taggable resource of the region, by id (instances, subnets, security groups, VPCs). */
  function taggable(ec2: Ec2RegionState, id: string): { Tags?: Tag[] } {
    const kinds: Array<[prefix: string, find: () => { Tags?: Tag[] } | undefined, notFound: string]> = [
      ['i-', () => ec2.instances.find((r) => r.instance.InstanceId === id)?.instance, 'InvalidInstanceID.NotFound'],
      ['subnet-', () => ec2.subnets.find((x) => x.SubnetId === id), 'InvalidSubnetID.NotFound'],
      ['sg-', () => ec2.securityGroups.find((x) => x.GroupId === id), 'InvalidGroup.NotFound'],
      ['vpc-', () => ec2.vpcs.find((x) => x.VpcId === id), 'InvalidVpcID.NotFound'],
    ];
    const kind = kinds.find(([prefix]) => id.startsWith(prefix));
    if (!kind) throw new ServiceError('InvalidID', `The ID '${id}' is not valid`);
    const found = kind[1]();
    if (!found) throw new ServiceError(kind[2], `The ID '${id}' does not exist`);
    return found;
  }

  function resourcesOf(req: Params, ctx: CallContext) {
    const ids = paramStrings(req, 'ResourceId');
    if (!ids.length) throw new ServiceError('MissingParameter', 'The request must contain the parameter resourceIdSet');
    const ec2 = region(ctx);
    // Every id is checked before anything changes: EC2 tags all of them or none.
    return ids.map((id) => taggable(ec2, id));
  }

  function createTags(req: Params, ctx: CallContext) {
    const resources = resourcesOf(req, ctx);
    const tags = paramList(req, 'Tag').map((t) => ({ Key: paramString(t, 'Key') ?? '', Value: paramString(t, 'Value') ?? '' }));
    if (!tags.length) throw new ServiceError('MissingParameter', 'The request must contain the parameter tagSet');
    for (const t of tags) {
      if (!t.Key) throw invalid('Tag key cannot be empty');
      if (t.Key.toLowerCase().startsWith('aws:')) throw invalid("Tag keys starting with 'aws:' are reserved for internal use");
      if (t.Key.length > 128 || t.Value.length > 256) throw invalid('Tag keys are at most 128 characters and values at most 256');
    }
    // A given key replaces the value in place; new keys come last. All resources or none.
    const merged = resources.map((r) => {
      const m = new Map((r.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
      for (const t of tags) m.set(t.Key, t.Value);
      if (m.size > 50) throw new ServiceError('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.');
      return m;
    });
    resources.forEach((r, i) => (r.Tags = [...merged[i]].map(([Key, Value]) => ({ Key, Value }))));
    return { Return: true };
  }

  function deleteTags(req: Params, ctx: CallContext) {
    const resources = resourcesOf(req, ctx);
    const given = paramList(req, 'Tag').map((t) => ({ Key: paramString(t, 'Key') ?? '', Value: paramString(t, 'Value') }));
    for (const r of resources) {
      // No tags named: every (non-aws:) tag goes; a tag with a value only goes when the value matches.
      r.Tags = (r.Tags ?? []).filter((t) =>
        given.length ? !given.some((g) => g.Key === t.Key && (g.Value === undefined || g.Value === t.Value)) : (t.Key ?? '').toLowerCase().startsWith('aws:'),
      );
    }
    return { Return: true };
  }

  const spot = createSpotActions(state, control, {
    region,
    applyFilters,
    maxResults,
    page,
    launchTemplateData: (ec2, spec) => {
      const record = launchTemplate(ec2, spec);
      return version(record, paramString(spec, 'Version') ?? '$Default').LaunchTemplateData ?? {};
    },
  });

  const actions: Record<string, (req: Params, ctx: CallContext) => Record<string, unknown>> = {
    ...spot.actions,
    DescribeSubnets: describeSubnets,
    DescribeSecurityGroups: describeSecurityGroups,
    DescribeInstanceTypes: describeInstanceTypes,
    DescribeInstanceTypeOfferings: describeInstanceTypeOfferings,
    DescribeInstances: describeInstances,
    DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,
    CreateLaunchTemplateVersion: createLaunchTemplateVersion,
    ModifyLaunchTemplate: modifyLaunchTemplate,
    DeleteLaunchTemplate: deleteLaunchTemplate,
    CreateTags: createTags,
    DeleteTags: deleteTags,
  };

  return {
    handle(req: AwsRequest, ctx: CallContext) {
      const params = parseFormBody(req.body);
      const action = paramString(params, 'Action') ?? '';
      const run = actions[action];
      if (!run) throw new ServiceError('InvalidAction', `The action ${action} is not valid for this web service.`);
      const denied = denial(state, 'ec2', action, ctx);
      if (denied) throw denied;
      return ec2Response(action, result(run(params, ctx)), ctx.requestId);
    },
    authFailure(failure: AuthFailure, requestId: string) {
      const [code, status] = {
        MissingAuthenticationToken: ['MissingAuthenticationToken', 401],
        UnrecognizedClient: ['AuthFailure', 401],
        InvalidSignature: ['SignatureDoesNotMatch', 403],
        SignatureExpired: ['RequestExpired', 400],
      }[failure.code] as [string, number];
      return ec2Error(new ServiceError(code, failure.message, status), requestId);
    },
    error: ec2Error,
  };
}
