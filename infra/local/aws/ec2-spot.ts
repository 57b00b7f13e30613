// Amazon EC2 capacity, served through ec2.ts (ec2Query in, XML out): the spot price history,
// RunInstances (spot or on-demand) into a subnet or the region's default VPC, TerminateInstances, the
// instance lifecycle on the simulated clock, and the InsufficientInstanceCapacity fault switch.
//
// Prices are a model, the same on every start: each (region, zone, instance type, product) series
// changes on about a third of the days (and on every seventh day) at a second of the day derived from
// a hash, within ±1.5% of its base. The base is the type's us-east-1 on-demand Linux price times its
// family's spot discount, a region factor and a zone factor (±2%), plus a per-vCPU licence for SUSE,
// Red Hat and Windows. Region factors step by 9% in the order of SPOT_REGIONS, more than any zone or
// daily movement, so every price of one region is below every price of the next for the same type and
// product: us-east-2 is the cheapest region, then us-west-2, then us-east-1 (regions not listed come
// after them all). Prices never depend on anything random.
//
// Networks: regions without fixtures have AWS's default VPC (172.31.0.0/16, one default /20 subnet per
// zone that maps public IPs on launch, and the default security group), made when the region is first
// used; the estate's fixture regions have none (deleted, as many organisations do), so a launch there
// names a subnet, or answers VPCIdNotSpecified as EC2 does.
//
// Lifecycle (seconds divided by the emulator's simSpeed): pending for 20–30 s, then running (public
// address assigned then); shutting-down for 30–45 s after TerminateInstances, then terminated (network
// released); a terminated instance stays listed for an hour. Public addresses come from the
// documentation ranges (RFC 5737), never real ones. Not modelled: key pairs (any KeyName is accepted),
// AMIs (any well-formed id), persistent spot requests relaunching, interruptions, instance quotas.
import { createHash, randomBytes } from 'node:crypto';
import type { Instance, InstanceStateName, ResponseLaunchTemplateData, SecurityGroup, SpotPrice, Subnet, Tag } from '@aws-sdk/client-ec2';
import { type EmulatorState, type Ec2InstanceRecord, type Ec2RegionState, hexId } from './fixtures.ts';
import { type CallContext, type Params, ServiceError, paramList, paramObject, paramString, paramStrings } from './protocol.ts';

/** What ec2.ts lends this module (its filters, paging and launch templates). */
export interface Ec2Tools {
  region(ctx: CallContext): Ec2RegionState;
  applyFilters<T>(items: readonly T[], req: Params, valuesOf: (item: T) => (name: string) => Array<string | number | boolean | undefined> | undefined): T[];
  maxResults(req: Params, min: number, max: number, fallback: number): number;
  page<T>(items: readonly T[], req: Params, size: number, scope: string): { page: T[]; next?: string };
  /** The data of the launch template version a `LaunchTemplate` parameter names. */
  launchTemplateData(ec2: Ec2RegionState, spec: Params): ResponseLaunchTemplateData;
}

// ---------------------------------------------------------------- the fault switch

export interface CapacityFault {
  region: string;
  /** Only this market (default: both). */
  marketType?: 'spot' | 'on-demand';
  /** Only these instance types (default: all). */
  instanceTypes?: string[];
}
export interface Ec2Faults {
  /** Launches matching a rule answer InsufficientInstanceCapacity. */
  insufficientCapacity: CapacityFault[];
}
export interface Ec2Control {
  faults: Ec2Faults;
  /** Merges switches given as JSON; `{}` resets them all. Throws on a bad switch. */
  setFaults(patch: unknown): Ec2Faults;
}

export function createEc2Control(): Ec2Control {
  const faults: Ec2Faults = { insufficientCapacity: [] };
  return {
    faults,
    setFaults(patch) {
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new Error('The EC2 fault switches are a JSON object');
      const entries = Object.entries(patch);
      if (entries.length === 0) {
        faults.insufficientCapacity = [];
        return faults;
      }
      for (const [key, value] of entries) {
        if (key !== 'insufficientCapacity') throw new Error(`Unknown EC2 fault switch '${key}' (known: insufficientCapacity)`);
        if (!Array.isArray(value)) throw new Error('insufficientCapacity is a list of {region, marketType?, instanceTypes?}');
        faults.insufficientCapacity = value.map((rule: unknown) => {
          const r = (rule ?? {}) as Record<string, unknown>;
          if (typeof r.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r.region)) throw new Error('each insufficientCapacity rule names a region');
          if (r.marketType !== undefined && r.marketType !== 'spot' && r.marketType !== 'on-demand') throw new Error("marketType is 'spot' or 'on-demand'");
          if (r.instanceTypes !== undefined && !(Array.isArray(r.instanceTypes) && r.instanceTypes.every((t) => typeof t === 'string'))) throw new Error('instanceTypes is a list of strings');
          const unknown = Object.keys(r).filter((k) => !['region', 'marketType', 'instanceTypes'].includes(k));
          if (unknown.length) throw new Error(`Unknown insufficientCapacity field '${unknown[0]}'`);
          return { region: r.region, ...(r.marketType ? { marketType: r.marketType as 'spot' | 'on-demand' } : {}), ...(r.instanceTypes ? { instanceTypes: r.instanceTypes as string[] } : {}) };
        });
      }
      return faults;
    },
  };
}

// ---------------------------------------------------------------- regions, zones and prices

/** Cheapest first: each region's spot prices are 9% above the previous one's. */
const SPOT_REGIONS = [
  'us-east-2',
  'us-west-2',
  'us-east-1',
  'ap-south-1',
  'eu-north-1',
  'ca-central-1',
  'eu-west-1',
  'us-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
];
const ZONE_LETTERS: Record<string, string> = { 'us-east-1': 'abcdef', 'us-west-2': 'abcd', 'us-west-1': 'ac', 'ap-northeast-1': 'acd', 'ca-central-1': 'abd' };
const DIRECTIONS: Record<string, string> = { east: 'e', west: 'w', north: 'n', south: 's', central: 'c', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw' };
/** us-east-1 on-demand Linux prices per hour (USD). */
const ON_DEMAND: Record<string, number> = {
  'm1.small': 0.044,
  't3.micro': 0.0104,
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  't3.xlarge': 0.1664,
  't3.2xlarge': 0.3328,
  'm5.large': 0.096,
  'm5.xlarge': 0.192,
  'm5.2xlarge': 0.384,
  'm5.4xlarge': 0.768,
  'r5.large': 0.126,
  'r5.xlarge': 0.252,
  'r5.2xlarge': 0.504,
  'r5.4xlarge': 1.008,
  'c5.large': 0.085,
  'c5.xlarge': 0.17,
  'c5.2xlarge': 0.34,
  'c5.4xlarge': 0.68,
};
const SPOT_DISCOUNT: Record<string, number> = { t3: 0.31, m5: 0.38, r5: 0.3, c5: 0.4, m1: 0.5 };
/** Product descriptions and their licence per vCPU-hour (a tenth of it on burstable t3). */
const PRODUCTS: Record<string, number> = {
  'Linux/UNIX': 0,
  'Linux/UNIX (Amazon VPC)': 0,
  'SUSE Linux': 0.0063,
  'Red Hat Enterprise Linux': 0.0144,
  Windows: 0.046,
  'Windows (Amazon VPC)': 0.046,
};
const SECOND = 1000;
const DAY = 86_400 * SECOND;
const HISTORY_DAYS = 90;

function unit(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

export function zonesOf(region: string): Array<{ zone: string; zoneId: string }> {
  const [country, direction, number] = region.split('-');
  const short = `${country}${DIRECTIONS[direction] ?? direction[0]}${number}`;
  return [...(ZONE_LETTERS[region] ?? 'abc')].map((letter) => ({ zone: `${region}${letter}`, zoneId: `${short}-az${letter.charCodeAt(0) - 96}` }));
}

function regionFactor(region: string): number {
  const rank = SPOT_REGIONS.indexOf(region);
  return 0.78 * 1.09 ** (rank >= 0 ? rank : SPOT_REGIONS.length + Math.floor(unit(`region:${region}`) * 20));
}

interface Series {
  region: string;
  zone: string;
  zoneId: string;
  type: string;
  product: string;
  /** The spot base price (without licence or daily movement). */
  base: number;
  licence: number;
  /** Seed of the changes: a product and its "(Amazon VPC)" twin move together. */
  key: string;
}

export function createSpotActions(state: EmulatorState, control: Ec2Control, tools: Ec2Tools) {
  const vcpusOf = (type: string) => state.instanceTypes.find((t) => t.InstanceType === type)?.VCpuInfo?.DefaultVCpus ?? (type === 'm1.small' ? 1 : 2);
  const knownType = (type: string) => type in ON_DEMAND || state.instanceTypes.some((t) => t.InstanceType === type);
  const onDemand = (type: string) => ON_DEMAND[type] ?? 0.048 * vcpusOf(type);

  function series(region: string, zone: { zone: string; zoneId: string }, type: string, product: string): Series {
    const discount = SPOT_DISCOUNT[type.split('.')[0]] ?? 0.35;
    const zoneFactor = 1 + (unit(`${region}|${zone.zone}|${type}:zone`) * 2 - 1) * 0.02;
    const base = onDemand(type) * discount * regionFactor(region) * zoneFactor;
    const licence = (PRODUCTS[product] ?? 0) * vcpusOf(type) * (type.startsWith('t3.') ? 0.1 : 1);
    return { region, ...zone, type, product, base, licence, key: `${zone.zone}|${type}|${product.replace(' (Amazon VPC)', '')}` };
  }

  // (series key, day) -> when its price changed that day, if it did, and to what.
  const changes = new Map<string, { at: number; price: number } | null>();
  function changeOn(s: Series, day: number): { at: number; price: number } | undefined {
    const key = `${s.key}|${day}`;
    let found = changes.get(key);
    if (found === undefined) {
      const changed = day % 7 === 0 || unit(`${s.key}|${day}:changes`) < 1 / 3;
      const price = s.base * (1 + (unit(`${s.key}|${day}:price`) * 2 - 1) * 0.015) + s.licence;
      found = changed ? { at: day * DAY + Math.floor(unit(`${s.key}|${day}:at`) * 86_400) * SECOND, price: Math.round(price * 1e6) / 1e6 } : null;
      changes.set(key, found);
    }
    return found ?? undefined;
  }

  const entry = (s: Series, change: { at: number; price: number }): SpotPrice => ({
    AvailabilityZone: s.zone,
    AvailabilityZoneId: s.zoneId,
    InstanceType: s.type as SpotPrice['InstanceType'],
    ProductDescription: s.product as SpotPrice['ProductDescription'],
    SpotPrice: change.price.toFixed(6),
    Timestamp: new Date(change.at),
  });

  /** The changes within [start, end], after the one in force at `start`. */
  function history(s: Series, start: number, end: number): SpotPrice[] {
    const out: SpotPrice[] = [];
    const first = Math.floor(start / DAY);
    for (let day = first; day >= first - 8; day--) {
      const change = changeOn(s, day);
      if (change && change.at <= start) {
        out.push(entry(s, change));
        break;
      }
    }
    for (let day = first; day <= Math.floor(end / DAY); day++) {
      const change = changeOn(s, day);
      if (change && change.at > start && change.at <= end) out.push(entry(s, change));
    }
    return out;
  }

  /** The spot price in force now for Linux/UNIX in a zone. */
  const currentPrice = (region: string, zone: { zone: string; zoneId: string }, type: string, now: number) =>
    Number(history(series(region, zone, type, 'Linux/UNIX'), now, now)[0]?.SpotPrice ?? 0);

  function time(req: Params, name: string): number | undefined {
    const raw = paramString(req, name);
    if (raw === undefined) return undefined;
    const t = Date.parse(raw);
    if (Number.isNaN(t)) throw new ServiceError('InvalidParameterValue', `Value (${raw}) for parameter ${name[0].toLowerCase()}${name.slice(1)} is invalid. Expected a date in UTC (for example 2025-01-01T00:00:00Z).`);
    return t;
  }

  function describeSpotPriceHistory(req: Params, ctx: CallContext) {
    const now = ctx.now.getTime();
    const zoneName = paramString(req, 'AvailabilityZone');
    const zoneId = paramString(req, 'AvailabilityZoneId');
    if (zoneName !== undefined && zoneId !== undefined) throw new ServiceError('InvalidParameterCombination', 'The parameters AvailabilityZone and AvailabilityZoneId cannot be used together');
    const zones = zonesOf(ctx.region).filter((z) => (zoneName === undefined || z.zone === zoneName) && (zoneId === undefined || z.zoneId === zoneId));
    if (!zones.length) throw new ServiceError('InvalidParameterValue', `Invalid availability zone: [${zoneName ?? zoneId}]`);
    const wantedTypes = paramStrings(req, 'InstanceType');
    // Types the region does not offer have no history (EC2 answers an empty list, not an error).
    const types = wantedTypes.length ? wantedTypes.filter((t) => state.instanceTypes.some((i) => i.InstanceType === t)) : state.instanceTypes.map((i) => i.InstanceType ?? '');
    const wantedProducts = paramStrings(req, 'ProductDescription');
    const products = wantedProducts.length ? wantedProducts.filter((p) => p in PRODUCTS) : Object.keys(PRODUCTS);
    const end = Math.min(time(req, 'EndTime') ?? now, now);
    const start = Math.max(time(req, 'StartTime') ?? now - HISTORY_DAYS * DAY, now - HISTORY_DAYS * DAY);
    const prices = start > end ? [] : zones.flatMap((z) => types.flatMap((t) => products.flatMap((p) => history(series(ctx.region, z, t, p), start, end))));
    // Newest first, as EC2 lists them.
    prices.sort(
      (a, b) =>
        (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0) ||
        String(a.AvailabilityZone).localeCompare(String(b.AvailabilityZone)) ||
        String(a.InstanceType).localeCompare(String(b.InstanceType)) ||
        String(a.ProductDescription).localeCompare(String(b.ProductDescription)),
    );
    const filtered = tools.applyFilters(prices, req, (p) => (name) =>
      ({
        'availability-zone': [p.AvailabilityZone],
        'availability-zone-id': [p.AvailabilityZoneId],
        'instance-type': [p.InstanceType],
        'product-description': [p.ProductDescription],
        'spot-price': [p.SpotPrice],
        timestamp: [p.Timestamp?.toISOString().replace('.000Z', 'Z')],
      })[name],
    );
    const scope = `ec2:${ctx.principal.accountId}:${ctx.region}:DescribeSpotPriceHistory:${JSON.stringify([paramList(req, 'Filter'), zoneName, zoneId, types, products, paramString(req, 'StartTime'), paramString(req, 'EndTime')])}`;
    const { page, next } = tools.page(filtered, req, tools.maxResults(req, 1, 1000, 1000), scope);
    return { SpotPriceHistory: page, NextToken: next ?? '' };
  }

  // ---------------------------------------------------------------- networks and addresses

  /** AWS's default VPC of a region, as a new account has it. */
  function defaultNetwork(accountId: string, region: string): Pick<Ec2RegionState, 'vpcs' | 'subnets' | 'securityGroups'> {
    const seed = (what: string) => `${accountId}:${region}:default-vpc:${what}`;
    const VpcId = `vpc-${hexId(seed('vpc'))}`;
    const GroupId = `sg-${hexId(seed('sg'))}`;
    const subnets: Subnet[] = zonesOf(region).map((z, i) => {
      const SubnetId = `subnet-${hexId(seed(`subnet:${z.zone}`))}`;
      return {
        SubnetId,
        SubnetArn: `arn:aws:ec2:${region}:${accountId}:subnet/${SubnetId}`,
        VpcId,
        CidrBlock: `172.31.${i * 16}.0/20`,
        AvailabilityZone: z.zone,
        AvailabilityZoneId: z.zoneId,
        AvailableIpAddressCount: 4091,
        DefaultForAz: true,
        MapPublicIpOnLaunch: true,
        State: 'available',
        OwnerId: accountId,
        AssignIpv6AddressOnCreation: false,
        Ipv6CidrBlockAssociationSet: [],
      };
    });
    const group: SecurityGroup = {
      GroupId,
      GroupName: 'default',
      Description: 'default VPC security group',
      VpcId,
      OwnerId: accountId,
      SecurityGroupArn: `arn:aws:ec2:${region}:${accountId}:security-group/${GroupId}`,
      IpPermissions: [{ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId, UserId: accountId }] }],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    };
    return {
      vpcs: [
        {
          VpcId,
          CidrBlock: '172.31.0.0/16',
          State: 'available',
          DhcpOptionsId: `dopt-${hexId(seed('dhcp'))}`,
          InstanceTenancy: 'default',
          IsDefault: true,
          OwnerId: accountId,
          CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${hexId(seed('cidr'))}`, CidrBlock: '172.31.0.0/16', CidrBlockState: { State: 'associated' } }],
        },
      ],
      subnets,
      securityGroups: [group],
    };
  }

  const ipToInt = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const intToIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

  /** A free address of the subnet (the first four and the last are AWS's), from a random start. */
  function privateIp(ec2: Ec2RegionState, subnet: Subnet): string {
    const [network, bits] = (subnet.CidrBlock ?? '10.0.0.0/24').split('/');
    const size = 2 ** (32 - Number(bits));
    const taken = new Set(ec2.instances.map((r) => r.instance.PrivateIpAddress));
    const first = ipToInt(network);
    const offset = randomBytes(4).readUInt32BE(0) % (size - 5);
    for (let i = 0; i < size - 5; i++) {
      const ip = intToIp(first + 4 + ((offset + i) % (size - 5)));
      if (!taken.has(ip)) return ip;
    }
    throw new ServiceError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.SubnetId}' to satisfy the requested number of instances.`);
  }

  /** A public address no instance of the emulator holds, from the RFC 5737 documentation ranges. */
  function publicIp(): string | undefined {
    const taken = new Set(Object.values(state.accounts).flatMap((a) => Object.values(a.ec2).flatMap((r) => r.instances.map((i) => i.instance.PublicIpAddress))));
    const pool = ['192.0.2', '198.51.100', '203.0.113'].flatMap((prefix) => Array.from({ length: 253 }, (_, i) => `${prefix}.${i + 1}`));
    const offset = randomBytes(2).readUInt16BE(0) % pool.length;
    for (let i = 0; i < pool.length; i++) if (!taken.has(pool[(offset + i) % pool.length])) return pool[(offset + i) % pool.length];
    return undefined;
  }

  const privateDns = (ip: string, region: string) => `ip-${ip.replace(/\./g, '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`;
  const publicDns = (ip: string, region: string) => `ec2-${ip.replace(/\./g, '-')}.${region === 'us-east-1' ? 'compute-1' : `${region}.compute`}.amazonaws.com`;
  const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
  const spotRequestId = () => `sir-${[...randomBytes(8)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('')}`;

  // ---------------------------------------------------------------- lifecycle on the simulated clock

  const STATE_CODES: Record<InstanceStateName, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };
  interface Timeline {
    ec2: Ec2RegionState;
    record: Ec2InstanceRecord;
    region: string;
    runningAt?: number;
    /** Whether to map a public address when it starts running. */
    publicAddress?: boolean;
    terminatedAt?: number;
    goneAt?: number;
  }
  const timelines = new Map<Ec2InstanceRecord, Timeline>();
  const protectedIds = new Set<string>();
  const clientTokens = new Map<string, Record<string, unknown>>();
  const seconds = (s: number) => (s * SECOND) / (state.simSpeed > 0 ? state.simSpeed : 1);
  const jitter = (id: string, what: string, span: number) => Math.floor(unit(`${id}:${what}`) * span);
  const setState = (i: Instance, name: InstanceStateName) => (i.State = { Code: STATE_CODES[name], Name: name });

  function startRunning(t: Timeline): void {
    const i = t.record.instance;
    setState(i, 'running');
    delete i.StateReason;
    if (i.MetadataOptions) i.MetadataOptions.State = 'applied';
    for (const m of i.BlockDeviceMappings ?? []) if (m.Ebs) m.Ebs.Status = 'attached';
    for (const n of i.NetworkInterfaces ?? []) if (n.Attachment) n.Attachment.Status = 'attached';
    const ip = t.publicAddress ? publicIp() : undefined;
    if (!ip) return;
    const association = { IpOwnerId: 'amazon', PublicDnsName: publicDns(ip, t.region), PublicIp: ip };
    Object.assign(i, { PublicDnsName: association.PublicDnsName, PublicIpAddress: ip });
    const nic = i.NetworkInterfaces?.[0];
    if (nic) {
      nic.Association = association;
      for (const a of nic.PrivateIpAddresses ?? []) if (a.Primary) a.Association = association;
    }
  }

  function finishTermination(t: Timeline): void {
    const i = t.record.instance;
    setState(i, 'terminated');
    // A terminated instance keeps its identity, not its network.
    for (const key of ['PublicIpAddress', 'PrivateIpAddress', 'SubnetId', 'VpcId'] as const) delete i[key];
    Object.assign(i, { PublicDnsName: '', PrivateDnsName: '', NetworkInterfaces: [], SecurityGroups: [], BlockDeviceMappings: [] });
  }

  /** Applies every transition whose time has come. */
  function advance(now: number): void {
    for (const [record, t] of timelines) {
      const name = record.instance.State?.Name;
      if (t.runningAt !== undefined && t.runningAt <= now && name === 'pending') startRunning(t);
      if (t.terminatedAt !== undefined && t.terminatedAt <= now && name !== 'terminated') finishTermination(t);
      if (t.goneAt !== undefined && t.goneAt <= now) {
        t.ec2.instances = t.ec2.instances.filter((r) => r !== record);
        timelines.delete(record);
      }
    }
  }

  // ---------------------------------------------------------------- RunInstances

  const invalid = (message: string) => new ServiceError('InvalidParameterValue', message);
  const bool = (value: string | undefined) => (value === undefined ? undefined : value === 'true');

  function count(req: Params, name: 'MinCount' | 'MaxCount'): number {
    const raw = paramString(req, name);
    if (raw === undefined) throw new ServiceError('MissingParameter', `The request must contain the parameter ${name}`);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw invalid(`Value (${raw}) for parameter ${name[0].toLowerCase()}${name.slice(1)} is invalid. Expected a positive integer.`);
    return n;
  }

  /** The spot options given (or from the launch template), checked as EC2 checks them. */
  function marketOf(req: Params, template: ResponseLaunchTemplateData) {
    const given = paramObject(req, 'InstanceMarketOptions');
    const marketType = paramString(given, 'MarketType') ?? template.InstanceMarketOptions?.MarketType;
    if (marketType === undefined) return undefined;
    if (marketType !== 'spot') throw invalid(`Value (${marketType}) for parameter marketType is invalid. Valid values: spot`);
    const spot = paramObject(given, 'SpotOptions');
    const fromTemplate = template.InstanceMarketOptions?.SpotOptions;
    const options = {
      maxPrice: paramString(spot, 'MaxPrice') ?? fromTemplate?.MaxPrice,
      type: paramString(spot, 'SpotInstanceType') ?? fromTemplate?.SpotInstanceType ?? 'one-time',
      interruption: paramString(spot, 'InstanceInterruptionBehavior') ?? fromTemplate?.InstanceInterruptionBehavior ?? 'terminate',
      validUntil: paramString(spot, 'ValidUntil'),
    };
    if (!['one-time', 'persistent'].includes(options.type)) throw invalid(`Value (${options.type}) for parameter spotInstanceType is invalid. Valid values: one-time, persistent`);
    if (!['terminate', 'stop', 'hibernate'].includes(options.interruption)) throw invalid(`Value (${options.interruption}) for parameter instanceInterruptionBehavior is invalid. Valid values: hibernate, stop, terminate`);
    if (options.type === 'one-time' && options.interruption !== 'terminate') {
      throw new ServiceError('InvalidParameterCombination', `The instance interruption behavior '${options.interruption}' is supported only for persistent Spot Instance requests.`);
    }
    if (options.type === 'one-time' && options.validUntil !== undefined) throw new ServiceError('InvalidParameterCombination', 'ValidUntil is supported only for persistent Spot Instance requests.');
    if (options.maxPrice !== undefined && !(/^\d+(\.\d+)?$/.test(options.maxPrice) && Number(options.maxPrice) > 0)) {
      throw invalid(`Value (${options.maxPrice}) for parameter price is invalid. "${options.maxPrice}" is an invalid spot instance price`);
    }
    return options;
  }

  function placement(req: Params, ctx: CallContext, ec2: Ec2RegionState, template: ResponseLaunchTemplateData, type: string, spot: boolean): Subnet {
    const nic = paramList(req, 'NetworkInterface')[0];
    if (nic && paramString(req, 'SubnetId') !== undefined) {
      throw new ServiceError('InvalidParameterCombination', 'Network interfaces and an instance-level subnet ID may not be specified on the same request');
    }
    if (nic && (paramStrings(req, 'SecurityGroupId').length || paramStrings(req, 'SecurityGroup').length)) {
      throw new ServiceError('InvalidParameterCombination', 'Network interfaces and an instance-level security groups may not be specified on the same request');
    }
    const templateNic = template.NetworkInterfaces?.[0];
    const subnetId = paramString(req, 'SubnetId') ?? paramString(nic, 'SubnetId') ?? templateNic?.SubnetId;
    const zone = paramString(paramObject(req, 'Placement'), 'AvailabilityZone') ?? template.Placement?.AvailabilityZone;
    if (zone !== undefined && !zonesOf(ctx.region).some((z) => z.zone === zone)) throw invalid(`Invalid availability zone: [${zone}]`);
    if (subnetId !== undefined) {
      const subnet = ec2.subnets.find((s) => s.SubnetId === subnetId);
      if (!subnet) throw new ServiceError('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`);
      if (zone !== undefined && subnet.AvailabilityZone !== zone) throw invalid(`The subnet ID '${subnetId}' is not in the availability zone '${zone}'`);
      return subnet;
    }
    const defaults = ec2.subnets.filter((s) => s.DefaultForAz);
    if (!defaults.length) throw new ServiceError('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
    if (zone !== undefined) {
      const inZone = defaults.find((s) => s.AvailabilityZone === zone);
      if (!inZone) throw invalid(`No default subnet for availability zone: '${zone}'.`);
      return inZone;
    }
    if (!spot) return defaults[0];
    // EC2 places a spot launch where capacity is cheapest.
    const price = (s: Subnet) => currentPrice(ctx.region, { zone: s.AvailabilityZone ?? '', zoneId: s.AvailabilityZoneId ?? '' }, type, ctx.now.getTime());
    return [...defaults].sort((a, b) => price(a) - price(b))[0];
  }

  function groupsOf(req: Params, ec2: Ec2RegionState, template: ResponseLaunchTemplateData, subnet: Subnet) {
    const nic = paramList(req, 'NetworkInterface')[0];
    const ids = [...paramStrings(req, 'SecurityGroupId'), ...paramStrings(nic, 'SecurityGroupId'), ...(template.SecurityGroupIds ?? []), ...(template.NetworkInterfaces?.[0]?.Groups ?? [])];
    const names = [...paramStrings(req, 'SecurityGroup'), ...(template.SecurityGroups ?? [])];
    const inVpc = ec2.securityGroups.filter((g) => g.VpcId === subnet.VpcId);
    const groups = [
      ...ids.map((id) => {
        const found = inVpc.find((g) => g.GroupId === id);
        if (!found) throw new ServiceError('InvalidGroup.NotFound', `The security group '${id}' does not exist in VPC '${subnet.VpcId}'`);
        return found;
      }),
      ...names.map((name) => {
        const found = inVpc.find((g) => g.GroupName === name);
        if (!found) throw new ServiceError('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${subnet.VpcId}'`);
        return found;
      }),
    ];
    const chosen = groups.length ? groups : inVpc.filter((g) => g.GroupName === 'default').slice(0, 1);
    return [...new Map(chosen.map((g) => [g.GroupId, { GroupId: g.GroupId, GroupName: g.GroupName }])).values()];
  }

  function tagsFor(req: Params, template: ResponseLaunchTemplateData, resourceType: string): Tag[] {
    const given = paramList(req, 'TagSpecification').filter((s) => paramString(s, 'ResourceType') === resourceType);
    for (const spec of paramList(req, 'TagSpecification')) {
      const kind = paramString(spec, 'ResourceType');
      if (!['instance', 'volume', 'network-interface', 'spot-instances-request'].includes(kind ?? '')) {
        throw invalid(`'${kind}' is not a valid taggable resource type for this operation.`);
      }
    }
    const tags = given.length
      ? given.flatMap((s) => paramList(s, 'Tag').map((t) => ({ Key: paramString(t, 'Key') ?? '', Value: paramString(t, 'Value') ?? '' })))
      : (template.TagSpecifications ?? []).filter((s) => s.ResourceType === resourceType).flatMap((s) => s.Tags ?? []);
    for (const t of tags) if ((t.Key ?? '').toLowerCase().startsWith('aws:')) throw invalid("Tag keys starting with 'aws:' are reserved for internal use");
    return tags;
  }

  function capacityFault(region: string, market: 'spot' | 'on-demand', type: string, zone: string): ServiceError | undefined {
    const hit = control.faults.insufficientCapacity.some(
      (r) => r.region === region && (r.marketType === undefined || r.marketType === market) && (r.instanceTypes === undefined || r.instanceTypes.includes(type)),
    );
    if (!hit) return undefined;
    // A server error (500): the SDKs retry it before giving up, as they do against EC2.
    return market === 'spot'
      ? new ServiceError('InsufficientInstanceCapacity', 'There is no Spot capacity available that matches your request.', 500)
      : new ServiceError('InsufficientInstanceCapacity', `We currently do not have sufficient ${type} capacity in the Availability Zone you requested (${zone}). Our system will be working on provisioning additional capacity.`, 500);
  }

  function runInstances(req: Params, ctx: CallContext) {
    const now = ctx.now.getTime();
    advance(now);
    const ec2 = tools.region(ctx);
    const account = state.accounts[ctx.principal.accountId];
    const token = paramString(req, 'ClientToken');
    const tokenKey = `${ctx.principal.accountId}:${ctx.region}:${token}`;
    // The same client token answers the same reservation (the SDKs resend it when they retry).
    const earlier = token === undefined ? undefined : clientTokens.get(tokenKey);
    if (earlier) return earlier;

    const lt = paramObject(req, 'LaunchTemplate');
    const template = lt ? tools.launchTemplateData(ec2, lt) : {};
    const imageId = paramString(req, 'ImageId') ?? template.ImageId;
    if (imageId === undefined) throw new ServiceError('MissingParameter', 'The request must contain the parameter ImageId');
    if (!/^ami-[0-9a-f]{8}([0-9a-f]{9})?$/.test(imageId)) throw new ServiceError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
    const type = paramString(req, 'InstanceType') ?? template.InstanceType ?? 'm1.small';
    if (!knownType(type)) throw invalid(`Invalid value '${type}' for InstanceType.`);
    const min = count(req, 'MinCount');
    const max = count(req, 'MaxCount');
    if (min > max) throw invalid(`Value (${min}) for parameter minCount is invalid. minCount must not be greater than maxCount (${max}).`);
    if (max > 100) throw new ServiceError('InstanceLimitExceeded', `You have requested more instances (${max}) than your current instance limit of 100 allows for the specified instance type.`);
    const spot = marketOf(req, template);
    const subnet = placement(req, ctx, ec2, template, type, spot !== undefined);
    const zone = { zone: subnet.AvailabilityZone ?? '', zoneId: subnet.AvailabilityZoneId ?? '' };
    const groups = groupsOf(req, ec2, template, subnet);
    const nic = paramList(req, 'NetworkInterface')[0];
    const publicAddress = bool(paramString(nic, 'AssociatePublicIpAddress')) ?? template.NetworkInterfaces?.[0]?.AssociatePublicIpAddress ?? subnet.MapPublicIpOnLaunch ?? false;
    const profileSpec = paramObject(req, 'IamInstanceProfile');
    const profileName = paramString(profileSpec, 'Name') ?? template.IamInstanceProfile?.Name;
    const profileArn = paramString(profileSpec, 'Arn') ?? template.IamInstanceProfile?.Arn;
    const profile = profileName ?? profileArn ? account.iam.instanceProfiles.find((p) => p.InstanceProfileName === profileName || p.Arn === profileArn) : undefined;
    if ((profileName ?? profileArn) && !profile) {
      throw invalid(`Value (${profileName ?? profileArn}) for parameter iamInstanceProfile.${profileName ? 'name' : 'arn'} is invalid. Invalid IAM Instance Profile ${profileName ? 'name' : 'ARN'}`);
    }
    const tags = tagsFor(req, template, 'instance');
    const fault = capacityFault(ctx.region, spot ? 'spot' : 'on-demand', type, zone.zone);
    if (fault) throw fault;
    if (spot?.maxPrice !== undefined) {
      const price = currentPrice(ctx.region, zone, type, now);
      if (Number(spot.maxPrice) < price) {
        throw new ServiceError('SpotMaxPriceTooLow', `Your Spot request price of ${spot.maxPrice} is lower than the minimum required Spot request fulfillment price of ${Number(price.toFixed(4))}.`);
      }
    }
    if (paramString(req, 'DryRun') === 'true') throw new ServiceError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);

    const reservationId = `r-${hex(17)}`;
    const launchTime = new Date(Math.floor(now / SECOND) * SECOND);
    const keyName = paramString(req, 'KeyName') ?? template.KeyName;
    const records: Ec2InstanceRecord[] = Array.from({ length: max }, (_, index) => {
      const InstanceId = `i-${hex(17)}`;
      const ip = privateIp(ec2, subnet);
      const dns = privateDns(ip, ctx.region);
      const eni = { NetworkInterfaceId: `eni-${hex(17)}`, AttachmentId: `eni-attach-${hex(17)}` };
      const instance: Instance = {
        InstanceId,
        ImageId: imageId,
        State: { Code: STATE_CODES.pending, Name: 'pending' },
        PrivateDnsName: dns,
        PublicDnsName: '',
        StateTransitionReason: '',
        ...(keyName ? { KeyName: keyName } : {}),
        AmiLaunchIndex: index,
        ProductCodes: [],
        InstanceType: type as Instance['InstanceType'],
        LaunchTime: launchTime,
        Placement: { AvailabilityZone: zone.zone, GroupName: '', Tenancy: 'default' },
        Monitoring: { State: paramString(paramObject(req, 'Monitoring'), 'Enabled') === 'true' ? 'pending' : 'disabled' },
        SubnetId: subnet.SubnetId,
        VpcId: subnet.VpcId,
        PrivateIpAddress: ip,
        StateReason: { Code: 'pending', Message: 'pending' },
        Architecture: 'x86_64',
        RootDeviceType: 'ebs',
        RootDeviceName: '/dev/xvda',
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: `vol-${hex(17)}`, Status: 'attaching', AttachTime: launchTime, DeleteOnTermination: true } }],
        VirtualizationType: 'hvm',
        ...(spot ? { InstanceLifecycle: 'spot' as const, SpotInstanceRequestId: spotRequestId() } : {}),
        ...(token ? { ClientToken: token } : {}),
        ...(tags.length ? { Tags: tags } : {}),
        SecurityGroups: groups,
        SourceDestCheck: true,
        Hypervisor: 'xen',
        NetworkInterfaces: [
          {
            Attachment: { AttachTime: launchTime, AttachmentId: eni.AttachmentId, DeleteOnTermination: true, DeviceIndex: 0, Status: 'attaching', NetworkCardIndex: 0 },
            Description: '',
            Groups: groups,
            MacAddress: `0e:${hex(10).match(/../g)?.join(':')}`,
            NetworkInterfaceId: eni.NetworkInterfaceId,
            OwnerId: ctx.principal.accountId,
            PrivateDnsName: dns,
            PrivateIpAddress: ip,
            PrivateIpAddresses: [{ Primary: true, PrivateDnsName: dns, PrivateIpAddress: ip }],
            SourceDestCheck: true,
            Status: 'in-use',
            SubnetId: subnet.SubnetId,
            VpcId: subnet.VpcId,
            InterfaceType: 'interface',
          },
        ],
        ...(profile ? { IamInstanceProfile: { Arn: profile.Arn, Id: profile.InstanceProfileId } } : {}),
        EbsOptimized: false,
        EnaSupport: true,
        CpuOptions: { CoreCount: Math.max(1, vcpusOf(type) / 2), ThreadsPerCore: vcpusOf(type) > 1 ? 2 : 1 },
        CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
        HibernationOptions: { Configured: false },
        MetadataOptions: { State: 'pending', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
        EnclaveOptions: { Enabled: false },
        PlatformDetails: 'Linux/UNIX',
        UsageOperation: 'RunInstances',
        UsageOperationUpdateTime: launchTime,
        PrivateDnsNameOptions: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
        MaintenanceOptions: { AutoRecovery: 'default' },
        CurrentInstanceBootMode: 'legacy-bios',
      };
      const record = { reservationId, instance };
      timelines.set(record, { ec2, record, region: ctx.region, runningAt: now + seconds(20 + jitter(InstanceId, 'boot', 10)), publicAddress });
      if ((paramString(req, 'DisableApiTermination') ?? String(template.DisableApiTermination ?? false)) === 'true') protectedIds.add(InstanceId);
      return record;
    });
    ec2.instances.push(...records);
    const answer = {
      ReservationId: reservationId,
      OwnerId: ctx.principal.accountId,
      Groups: [],
      // The answer shows the instances as launched (pending), whatever happens to them next.
      Instances: records.map((r) => structuredClone(r.instance)),
    };
    if (token !== undefined) clientTokens.set(tokenKey, answer);
    return answer;
  }

  // ---------------------------------------------------------------- TerminateInstances

  function terminateInstances(req: Params, ctx: CallContext) {
    const now = ctx.now.getTime();
    advance(now);
    const ec2 = tools.region(ctx);
    const ids = paramStrings(req, 'InstanceId');
    if (!ids.length) throw new ServiceError('MissingParameter', 'The request must contain the parameter InstanceId');
    const malformed = ids.find((id) => !/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id));
    if (malformed) throw new ServiceError('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`);
    const missing = ids.filter((id) => !ec2.instances.some((r) => r.instance.InstanceId === id));
    if (missing.length) throw new ServiceError('InvalidInstanceID.NotFound', `The instance ID${missing.length > 1 ? 's' : ''} '${missing.join(', ')}' do${missing.length > 1 ? '' : 'es'} not exist`);
    const records = [...new Set(ids)].map((id) => ec2.instances.find((r) => r.instance.InstanceId === id) as Ec2InstanceRecord);
    const locked = records.find((r) => protectedIds.has(r.instance.InstanceId ?? ''));
    if (locked) {
      throw new ServiceError('OperationNotPermitted', `The instance '${locked.instance.InstanceId}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
    }
    if (paramString(req, 'DryRun') === 'true') throw new ServiceError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    const stamp = new Date(now).toISOString().replace('T', ' ').slice(0, 19);
    return {
      TerminatingInstances: records.map((record) => {
        const i = record.instance;
        const previous = { ...i.State };
        if (previous.Name !== 'terminated' && previous.Name !== 'shutting-down') {
          setState(i, 'shutting-down');
          i.StateTransitionReason = `User initiated (${stamp} GMT)`;
          i.StateReason = { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' };
          const terminatedAt = now + seconds(30 + jitter(i.InstanceId ?? '', 'shutdown', 15));
          const t = timelines.get(record) ?? { ec2, record, region: ctx.region };
          timelines.set(record, { ...t, runningAt: undefined, terminatedAt, goneAt: terminatedAt + seconds(3600) });
        }
        return { InstanceId: i.InstanceId, CurrentState: { ...i.State }, PreviousState: previous };
      }),
    };
  }

  return {
    actions: {
      DescribeSpotPriceHistory: describeSpotPriceHistory,
      RunInstances: runInstances,
      TerminateInstances: terminateInstances,
    } as Record<string, (req: Params, ctx: CallContext) => Record<string, unknown>>,
    advance,
    defaultNetwork,
  };
}
