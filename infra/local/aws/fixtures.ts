// The fixture estate: a fictional hospital group's servers protected by DRS in two regions of the
// local account, plus a second (target) account reached through a cross-account role. Everything
// is derived from names through a hash, so IDs are the same on every start; dates are offsets from
// the start time so the estate always looks current. The state is plain mutable data, typed with
// the SDK's own shapes, and every service module reads and writes it.
import type { ReadinessSwitches } from './readiness-control.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { DataReplicationInitiationStepName, Job, JobLog, LaunchConfiguration, RecoveryInstance, SourceServer } from '@aws-sdk/client-drs';
import type { Instance, InstanceTypeInfo, IpPermission, LaunchTemplate, LaunchTemplateVersion, SecurityGroup, Subnet, Tag, Vpc } from '@aws-sdk/client-ec2';
import type { InstanceProfile, Role } from '@aws-sdk/client-iam';
import type { Principal } from './sigv4.ts';

export const LOCAL_ACCOUNT_ID = '111111111111';
export const TARGET_ACCOUNT_ID = '222222222222';
export const CROSS_ACCOUNT_ROLE_NAME = 'DRSOrchestrationRole';
export const CROSS_ACCOUNT_EXTERNAL_ID = 'drs-local-external-id';
export const COGNITO_GROUPS = ['DRSOrchestrationAdmin', 'DRSRecoveryManager', 'DRSPlanManager', 'DRSOperator', 'DRSReadOnly'] as const;

// ---------------------------------------------------------------- state types

export interface DrsRegionState {
  /** false: every DRS call answers UninitializedAccountException, as in a region never initialized. */
  initialized: boolean;
  servers: SourceServer[];
  launchConfigurations: Record<string, LaunchConfiguration>;
  /** Recovery and terminate jobs, oldest first, each with its planned timeline (drs-jobs.ts). */
  jobs: DrsJobRecord[];
  recoveryInstances: RecoveryInstance[];
}
/**
 * What happens to a job, and when (epoch ms): a job's whole future is planned when it is created,
 * and the steps whose time has come are applied whenever DRS or EC2 state is read.
 */
export interface DrsJobStep {
  at: number;
  /**
   * DRS job-log events, plus LAUNCHED: the end of a server's launch, which DRS does not log when it
   * succeeds (LAUNCH_FAILED is logged when it does not).
   */
  kind: 'JOB_START' | 'SNAPSHOT_START' | 'SNAPSHOT_END' | 'CONVERSION_START' | 'CONVERSION_END' | 'LAUNCH_START' | 'LAUNCHED' | 'CLEANUP_START' | 'CLEANUP_END' | 'JOB_END';
  sourceServerID?: string;
}
/** What a job's plan decided for one participating server. */
export interface DrsServerPlan {
  /** The EC2 instance the launch creates (LAUNCH) or terminates (TERMINATE); also the recovery instance ID. */
  instanceID: string;
  conversionServerID?: string;
  /** When the point-in-time snapshot is taken (LAUNCH). */
  snapshotAt?: number;
  /** Why the launch fails, when it does: rawError of LAUNCH_FAILED. */
  failure?: string;
}
export interface DrsJobRecord {
  job: Job;
  isDrill: boolean;
  log: JobLog[];
  steps: DrsJobStep[];
  /** How many of `steps` have happened. */
  applied: number;
  plan: Record<string, DrsServerPlan>;
  /** What the job's jitter (and whether its events are dropped) derives from: the fault seed and the job's ordinal. */
  seed?: string;
}
export interface LaunchTemplateRecord {
  template: LaunchTemplate;
  versions: LaunchTemplateVersion[];
}
export interface Ec2InstanceRecord {
  reservationId: string;
  instance: Instance;
}
export interface Ec2RegionState {
  vpcs: Vpc[];
  subnets: Subnet[];
  securityGroups: SecurityGroup[];
  instances: Ec2InstanceRecord[];
  launchTemplates: LaunchTemplateRecord[];
}
/** Who may assume a role: principals of these accounts (with the external id, when set). */
export interface RoleTrust {
  accounts: string[];
  externalId?: string;
}
export interface IamRoleRecord {
  role: Role;
  trust: RoleTrust;
}
export interface IamAccountState {
  roles: IamRoleRecord[];
  instanceProfiles: InstanceProfile[];
}
export interface AccountState {
  accountId: string;
  drs: Record<string, DrsRegionState>;
  ec2: Record<string, Ec2RegionState>;
  iam: IamAccountState;
}
export interface CognitoUserRecord {
  username: string;
  sub: string;
  password: string;
  enabled: boolean;
  /** RESET_REQUIRED: after AdminResetUserPassword, until a new password is set. */
  status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';
  attributes: Record<string, string>;
  groups: string[];
  created: Date;
  modified: Date;
}
export interface CognitoGroupRecord {
  name: string;
  description: string;
  precedence: number;
  created: Date;
}
export interface CognitoState {
  region: string;
  userPoolId: string;
  clientId: string;
  groups: CognitoGroupRecord[];
  users: CognitoUserRecord[];
  /** Opaque refresh token -> the session it continues. */
  refreshTokens: Record<string, { username: string; originJti: string; authTime: number; expires: number }>;
  /** NEW_PASSWORD_REQUIRED challenge sessions. */
  challengeSessions: Record<string, { username: string; expires: number }>;
  /**
   * Sessions (origin_jti) the user signed out of (RevokeToken, GlobalSignOut), until when their tokens
   * could live (epoch ms): the local AppSync refuses their tokens.
   */
  signedOut: Record<string, number>;
}
export interface EmulatorState {
  simSpeed: number;
  accounts: Record<string, AccountState>;
  /** The same EC2 instance-type catalog is offered in every region. */
  instanceTypes: InstanceTypeInfo[];
  /** Every credential the emulator accepts: the local IAM user and live STS sessions. */
  principals: Record<string, Principal & { expiration?: Date }>;
  cognito: CognitoState;
  /** The readiness switches (readiness-control.ts), created with the first one set. */
  readiness?: ReadinessSwitches;
}

// ---------------------------------------------------------------- deterministic ids

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}
/** `n` lowercase hex characters derived from `seed`. */
export function hexId(seed: string, n = 17): string {
  return digest(seed).toString('hex').slice(0, n);
}
/** `n` uppercase alphanumerics derived from `seed` (IAM unique ids such as AIPA…, AROA…). */
export function upperId(seed: string, n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...digest(seed)].slice(0, n).map((b) => alphabet[b % 32]).join('');
}
/** A UUID-shaped id derived from `seed` (Cognito subs). */
export function uuidFrom(seed: string): string {
  const h = hexId(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
function macFrom(seed: string): string {
  return `0a:${hexId(seed, 10).match(/../g)?.join(':')}`;
}
/**
 * The local IAM user's keys: the same at every start and documented (README "Configuration"), so an AWS
 * profile or `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` written once keeps working. They open nothing
 * but the local endpoint, which listens on 127.0.0.1 only. In AWS's key format (AKIA + 16 of A-Z2-7).
 */
export const LOCAL_ACCESS_KEY_ID = 'AKIALOCALDRS2EXAMPLE';
export const LOCAL_SECRET_ACCESS_KEY = 'drsLocalSecretAccessKey/NotAnAwsSecret00';

/** A password that satisfies Cognito's default policy (upper, lower, digit, symbol, length >= 8). */
export function randomPassword(): string {
  return `Drs!${randomBytes(12).toString('base64url')}7a`;
}

// ---------------------------------------------------------------- instance types

const GiB = 1024 ** 3;
const INSTANCE_TYPES: Array<[type: string, vcpus: number, memMiB: number, clockGhz: number, network: string]> = [
  ['t3.micro', 2, 1024, 2.5, 'Up to 5 Gigabit'],
  ['t3.small', 2, 2048, 2.5, 'Up to 5 Gigabit'],
  ['t3.medium', 2, 4096, 2.5, 'Up to 5 Gigabit'],
  ['t3.large', 2, 8192, 2.5, 'Up to 5 Gigabit'],
  ['t3.xlarge', 4, 16384, 2.5, 'Up to 5 Gigabit'],
  ['t3.2xlarge', 8, 32768, 2.5, 'Up to 5 Gigabit'],
  ['m5.large', 2, 8192, 3.1, 'Up to 10 Gigabit'],
  ['m5.xlarge', 4, 16384, 3.1, 'Up to 10 Gigabit'],
  ['m5.2xlarge', 8, 32768, 3.1, 'Up to 10 Gigabit'],
  ['m5.4xlarge', 16, 65536, 3.1, 'Up to 10 Gigabit'],
  ['r5.large', 2, 16384, 3.1, 'Up to 10 Gigabit'],
  ['r5.xlarge', 4, 32768, 3.1, 'Up to 10 Gigabit'],
  ['r5.2xlarge', 8, 65536, 3.1, 'Up to 10 Gigabit'],
  ['r5.4xlarge', 16, 131072, 3.1, 'Up to 10 Gigabit'],
  ['c5.large', 2, 4096, 3.4, 'Up to 10 Gigabit'],
  ['c5.xlarge', 4, 8192, 3.4, 'Up to 10 Gigabit'],
  ['c5.2xlarge', 8, 16384, 3.4, 'Up to 10 Gigabit'],
  ['c5.4xlarge', 16, 32768, 3.4, 'Up to 10 Gigabit'],
];

function instanceTypeCatalog(): InstanceTypeInfo[] {
  return INSTANCE_TYPES.map(([type, vcpus, memMiB, clockGhz, network]) => {
    const burstable = type.startsWith('t3.');
    const cores = Math.max(1, vcpus / 2);
    return {
      InstanceType: type as InstanceTypeInfo['InstanceType'],
      CurrentGeneration: true,
      FreeTierEligible: type === 't3.micro',
      SupportedUsageClasses: ['on-demand', 'spot'],
      SupportedRootDeviceTypes: ['ebs'],
      SupportedVirtualizationTypes: ['hvm'],
      BareMetal: false,
      Hypervisor: 'nitro',
      ProcessorInfo: { SupportedArchitectures: ['x86_64'], SustainedClockSpeedInGhz: clockGhz, Manufacturer: 'Intel' },
      VCpuInfo: {
        DefaultVCpus: vcpus,
        DefaultCores: cores,
        DefaultThreadsPerCore: 2,
        ValidCores: Array.from({ length: cores }, (_, i) => i + 1),
        ValidThreadsPerCore: [1, 2],
      },
      MemoryInfo: { SizeInMiB: memMiB },
      InstanceStorageSupported: false,
      EbsInfo: { EbsOptimizedSupport: 'default', EncryptionSupport: 'supported', NvmeSupport: 'required' },
      NetworkInfo: {
        NetworkPerformance: network,
        MaximumNetworkInterfaces: vcpus >= 8 ? 4 : vcpus >= 4 ? 4 : 3,
        MaximumNetworkCards: 1,
        DefaultNetworkCardIndex: 0,
        Ipv4AddressesPerInterface: vcpus >= 4 ? 15 : burstable ? 12 : 10,
        Ipv6AddressesPerInterface: vcpus >= 4 ? 15 : burstable ? 12 : 10,
        Ipv6Supported: true,
        EnaSupport: 'required',
        EfaSupported: false,
        EncryptionInTransitSupported: false,
      },
      PlacementGroupInfo: { SupportedStrategies: burstable ? ['partition', 'spread'] : ['cluster', 'partition', 'spread'] },
      HibernationSupported: true,
      BurstablePerformanceSupported: burstable,
      DedicatedHostsSupported: !burstable,
      AutoRecoverySupported: true,
      SupportedBootModes: ['legacy-bios', 'uefi'],
    };
  });
}

/** The catalog type closest to a source machine's cores and RAM, as DRS's BASIC right-sizing picks. */
function recommendedType(cores: number, ramGiB: number): string {
  const family = ramGiB / cores >= 8 ? 'r5.' : ramGiB / cores >= 4 ? 'm5.' : cores <= 2 ? 't3.' : 'c5.';
  const fit = INSTANCE_TYPES.filter(([t, v, m]) => t.startsWith(family) && v >= cores && m >= ramGiB * 1024);
  return fit[0]?.[0] ?? 'm5.4xlarge';
}

// ---------------------------------------------------------------- the estate

type Tier = 'Database' | 'Application' | 'Web' | 'Infrastructure';
type OsKind = 'win2019' | 'win2022' | 'rhel8' | 'ubuntu22' | 'al2';
type Replication = 'CONTINUOUS' | 'INITIAL_SYNC' | 'STALLED' | 'DISCONNECTED';

interface ServerSpec {
  hostname: string;
  name: string;
  app: string;
  tier: Tier;
  service: string;
  os: OsKind;
  cores: number;
  ramGiB: number;
  disksGiB: number[];
  environment?: string;
  replication?: Replication;
  lastLaunch?: 'SUCCEEDED' | 'FAILED';
  /** Tags instead of the estate's usual five (Name is always set). */
  tags?: Record<string, string>;
}

interface SubnetSpec {
  name: string;
  cidr: string;
  az: string;
  /** What the subnet is for: production servers by tier, recovery targets, or the DRS staging area. */
  role: 'app' | 'db' | 'recovery' | 'staging';
}

interface RegionSpec {
  account: 'local' | 'target';
  region: string;
  prodVpc: { name: string; cidr: string };
  drVpc: { name: string; cidr: string };
  subnets: SubnetSpec[];
  servers: ServerSpec[];
}

const OS: Record<OsKind, { fullString: string; windows: boolean }> = {
  win2019: { fullString: 'Microsoft Windows Server 2019 Datacenter 10.0.17763 64-bit', windows: true },
  win2022: { fullString: 'Microsoft Windows Server 2022 Datacenter 10.0.20348 64-bit', windows: true },
  rhel8: { fullString: 'Red Hat Enterprise Linux release 8.8 (Ootpa)', windows: false },
  ubuntu22: { fullString: 'Ubuntu 22.04.3 LTS', windows: false },
  al2: { fullString: 'Amazon Linux 2', windows: false },
};

function server(hostname: string, name: string, app: string, tier: Tier, service: string, os: OsKind, cores: number, ramGiB: number, disksGiB: number[], extra: Partial<ServerSpec> = {}): ServerSpec {
  return { hostname, name, app, tier, service, os, cores, ramGiB, disksGiB, ...extra };
}

const REGIONS: RegionSpec[] = [
  {
    account: 'local',
    region: 'us-east-1',
    prodVpc: { name: 'Production-VPC', cidr: '10.10.0.0/16' },
    drVpc: { name: 'DR-Recovery-VPC', cidr: '10.20.0.0/16' },
    subnets: [
      { name: 'Production-App-1a', cidr: '10.10.1.0/24', az: 'us-east-1a', role: 'app' },
      { name: 'Production-App-1b', cidr: '10.10.2.0/24', az: 'us-east-1b', role: 'app' },
      { name: 'Production-DB-1a', cidr: '10.10.10.0/24', az: 'us-east-1a', role: 'db' },
      { name: 'DR-Private-1a', cidr: '10.20.1.0/24', az: 'us-east-1a', role: 'recovery' },
      { name: 'DR-Private-1b', cidr: '10.20.2.0/24', az: 'us-east-1b', role: 'recovery' },
      { name: 'DR-Staging-1a', cidr: '10.20.200.0/24', az: 'us-east-1a', role: 'staging' },
    ],
    servers: [
      server('hrp-db-01', 'HRP-Database-Primary', 'HRP', 'Database', 'Oracle', 'rhel8', 8, 64, [100, 500, 500], { lastLaunch: 'SUCCEEDED' }),
      server('hrp-db-02', 'HRP-Database-Standby', 'HRP', 'Database', 'Oracle', 'rhel8', 8, 64, [100, 500, 500], { lastLaunch: 'SUCCEEDED' }),
      server('hrp-app-01', 'HRP-Application-01', 'HRP', 'Application', 'Tomcat', 'rhel8', 4, 16, [80], { lastLaunch: 'SUCCEEDED' }),
      server('hrp-app-02', 'HRP-Application-02', 'HRP', 'Application', 'Tomcat', 'rhel8', 4, 16, [80], { lastLaunch: 'SUCCEEDED' }),
      server('hrp-app-03', 'HRP-Application-03', 'HRP', 'Application', 'Tomcat', 'rhel8', 4, 16, [80]),
      server('hrp-web-01', 'HRP-Web-01', 'HRP', 'Web', 'Nginx', 'rhel8', 2, 8, [40]),
      server('hrp-web-02', 'HRP-Web-02', 'HRP', 'Web', 'Nginx', 'rhel8', 2, 8, [40], { replication: 'STALLED' }),
      server('PPSQL01', 'PatientPortal-SQL-01', 'PatientPortal', 'Database', 'SQLServer', 'win2019', 8, 64, [120, 1000]),
      server('PPAPP01', 'PatientPortal-App-01', 'PatientPortal', 'Application', 'DotNet', 'win2019', 4, 16, [100]),
      server('PPAPP02', 'PatientPortal-App-02', 'PatientPortal', 'Application', 'DotNet', 'win2019', 4, 16, [100]),
      server('PPWEB01', 'PatientPortal-Web-01', 'PatientPortal', 'Web', 'IIS', 'win2022', 2, 8, [80]),
      server('PPWEB02', 'PatientPortal-Web-02', 'PatientPortal', 'Web', 'IIS', 'win2022', 2, 8, [80], { lastLaunch: 'FAILED' }),
      server('billing-db-01', 'Billing-Database-01', 'Billing', 'Database', 'PostgreSQL', 'ubuntu22', 4, 32, [50, 400]),
      server('billing-db-02', 'Billing-Database-02', 'Billing', 'Database', 'PostgreSQL', 'ubuntu22', 4, 32, [50, 400], { replication: 'INITIAL_SYNC' }),
      server('billing-app-01', 'Billing-App-01', 'Billing', 'Application', 'Java', 'ubuntu22', 4, 16, [60]),
      server('billing-app-02', 'Billing-App-02', 'Billing', 'Application', 'Java', 'ubuntu22', 4, 16, [60]),
      server('billing-web-01', 'Billing-Web-01', 'Billing', 'Web', 'Nginx', 'ubuntu22', 2, 4, [30], { environment: 'Staging' }),
      server('DC01', 'AD-DomainController-01', 'ActiveDirectory', 'Infrastructure', 'ActiveDirectory', 'win2022', 2, 8, [80]),
      server('DC02', 'AD-DomainController-02', 'ActiveDirectory', 'Infrastructure', 'ActiveDirectory', 'win2022', 2, 8, [80]),
      server('dns-01', 'DNS-Resolver-01', 'DNS', 'Infrastructure', 'BIND', 'al2', 2, 4, [20]),
      server('dns-02', 'DNS-Resolver-02', 'DNS', 'Infrastructure', 'BIND', 'al2', 2, 4, [20], { replication: 'DISCONNECTED' }),
    ],
  },
  {
    account: 'local',
    region: 'us-west-2',
    prodVpc: { name: 'Analytics-VPC', cidr: '10.30.0.0/16' },
    drVpc: { name: 'DR-Recovery-VPC', cidr: '10.40.0.0/16' },
    subnets: [
      { name: 'Analytics-App-2a', cidr: '10.30.1.0/24', az: 'us-west-2a', role: 'app' },
      { name: 'Analytics-DB-2b', cidr: '10.30.10.0/24', az: 'us-west-2b', role: 'db' },
      { name: 'DR-Private-2a', cidr: '10.40.1.0/24', az: 'us-west-2a', role: 'recovery' },
      { name: 'DR-Private-2b', cidr: '10.40.2.0/24', az: 'us-west-2b', role: 'recovery' },
      { name: 'DR-Staging-2a', cidr: '10.40.200.0/24', az: 'us-west-2a', role: 'staging' },
    ],
    servers: [
      server('analytics-db-01', 'Analytics-Warehouse-01', 'Analytics', 'Database', 'PostgreSQL', 'rhel8', 16, 128, [100, 2000]),
      server('analytics-db-02', 'Analytics-Warehouse-02', 'Analytics', 'Database', 'PostgreSQL', 'rhel8', 16, 128, [100, 2000]),
      server('analytics-etl-01', 'Analytics-ETL-01', 'Analytics', 'Application', 'Spark', 'al2', 8, 32, [200]),
      server('analytics-etl-02', 'Analytics-ETL-02', 'Analytics', 'Application', 'Spark', 'al2', 8, 32, [200], { replication: 'INITIAL_SYNC' }),
      server('analytics-api-01', 'Analytics-API-01', 'Analytics', 'Application', 'Python', 'al2', 2, 8, [40], { environment: 'Staging' }),
      server('analytics-web-01', 'Analytics-Dashboard-01', 'Analytics', 'Web', 'Nginx', 'al2', 2, 4, [30], { replication: 'STALLED' }),
      server('DC03', 'AD-DomainController-03', 'ActiveDirectory', 'Infrastructure', 'ActiveDirectory', 'win2022', 2, 8, [80]),
      server('dns-03', 'DNS-Resolver-03', 'DNS', 'Infrastructure', 'BIND', 'al2', 2, 4, [20]),
      server('billing-rpt-db-01', 'Billing-Reporting-DB-01', 'Billing', 'Database', 'PostgreSQL', 'ubuntu22', 4, 32, [50, 300]),
      server('billing-rpt-01', 'Billing-Reporting-01', 'Billing', 'Application', 'Java', 'ubuntu22', 4, 16, [60]),
      server('hrp-archive-01', 'HRP-Archive-01', 'HRP', 'Application', 'Tomcat', 'rhel8', 2, 8, [500]),
    ],
  },
  {
    account: 'target',
    region: 'us-east-1',
    prodVpc: { name: 'Clinical-VPC', cidr: '10.50.0.0/16' },
    drVpc: { name: 'DR-Recovery-VPC', cidr: '10.60.0.0/16' },
    subnets: [
      { name: 'Clinical-App-1a', cidr: '10.50.1.0/24', az: 'us-east-1a', role: 'app' },
      { name: 'Clinical-DB-1b', cidr: '10.50.10.0/24', az: 'us-east-1b', role: 'db' },
      { name: 'DR-Private-1a', cidr: '10.60.1.0/24', az: 'us-east-1a', role: 'recovery' },
      { name: 'DR-Staging-1a', cidr: '10.60.200.0/24', az: 'us-east-1a', role: 'staging' },
    ],
    servers: [
      server('LISSQL01', 'LabSystems-SQL-01', 'LabSystems', 'Database', 'SQLServer', 'win2019', 4, 32, [120, 500]),
      server('LISAPP01', 'LabSystems-App-01', 'LabSystems', 'Application', 'DotNet', 'win2019', 4, 16, [100]),
      server('LISAPP02', 'LabSystems-App-02', 'LabSystems', 'Application', 'DotNet', 'win2019', 4, 16, [100]),
      server('LISWEB01', 'LabSystems-Web-01', 'LabSystems', 'Web', 'IIS', 'win2022', 2, 8, [80]),
      server('pacs-db-01', 'Imaging-PACS-DB-01', 'Imaging', 'Database', 'PostgreSQL', 'rhel8', 8, 64, [100, 4000]),
      server('pacs-app-01', 'Imaging-PACS-App-01', 'Imaging', 'Application', 'Java', 'rhel8', 4, 16, [200], { replication: 'INITIAL_SYNC' }),
    ],
  },
];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const DRS_SERVICE_ROLE = (account: string) => `arn:aws:iam::${account}:role/aws-service-role/drs.amazonaws.com/AWSServiceRoleForElasticDisasterRecovery`;
const DRS_MANAGED_TAG: Tag = { Key: 'AWSElasticDisasterRecoveryManaged', Value: 'drs.amazonaws.com' };
const RECOVERY_INSTANCE_PROFILE = 'AWSElasticDisasterRecoveryRecoveryInstanceRole';

function iso(date: Date): string {
  return date.toISOString();
}
function tagList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
/** The `n`th host address (from .10) of an IPv4 /24 given as `a.b.c.0/24`. */
function hostIp(cidr: string, n: number): string {
  return cidr.replace(/0\/\d+$/, String(10 + n));
}
function privateDnsName(ip: string, region: string): string {
  return `ip-${ip.replace(/\./g, '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`;
}

function allTraffic(cidr: string, description: string): IpPermission {
  return { IpProtocol: '-1', IpRanges: [{ CidrIp: cidr, Description: description }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
}
function tcp(port: number, from: { cidr?: string; groupId?: string; account: string }, description: string): IpPermission {
  return {
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: port,
    IpRanges: from.cidr ? [{ CidrIp: from.cidr, Description: description }] : [],
    Ipv6Ranges: [],
    PrefixListIds: [],
    UserIdGroupPairs: from.groupId ? [{ GroupId: from.groupId, UserId: from.account, Description: description }] : [],
  };
}

const INITIATION_STEPS: DataReplicationInitiationStepName[] = [
  'WAIT',
  'CREATE_SECURITY_GROUP',
  'LAUNCH_REPLICATION_SERVER',
  'BOOT_REPLICATION_SERVER',
  'AUTHENTICATE_WITH_SERVICE',
  'DOWNLOAD_REPLICATION_SOFTWARE',
  'CREATE_STAGING_DISKS',
  'ATTACH_STAGING_DISKS',
  'PAIR_REPLICATION_SERVER_WITH_AGENT',
  'CONNECT_AGENT_TO_REPLICATION_SERVER',
  'START_DATA_TRANSFER',
];

/** `hostsUsed`: how many host addresses of a subnet are already taken (servers added to a built region). */
function buildRegion(spec: RegionSpec, accountId: string, now: Date, hostsUsed: (subnet: SubnetSpec) => number = () => 0): { ec2: Ec2RegionState; drs: DrsRegionState } {
  const { region } = spec;
  const seed = (what: string) => `${accountId}:${region}:${what}`;
  const vpcs: Vpc[] = [spec.prodVpc, spec.drVpc].map((v) => ({
    VpcId: `vpc-${hexId(seed(`vpc:${v.name}`))}`,
    CidrBlock: v.cidr,
    State: 'available',
    DhcpOptionsId: `dopt-${hexId(seed('dhcp'))}`,
    InstanceTenancy: 'default',
    IsDefault: false,
    OwnerId: accountId,
    CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${hexId(seed(`cidr:${v.name}`))}`, CidrBlock: v.cidr, CidrBlockState: { State: 'associated' } }],
    Tags: [{ Key: 'Name', Value: v.name }],
  }));
  const [prodVpcId, drVpcId] = vpcs.map((v) => v.VpcId ?? '');
  const subnets: Subnet[] = spec.subnets.map((s) => {
    const SubnetId = `subnet-${hexId(seed(`subnet:${s.name}`))}`;
    return {
      SubnetId,
      SubnetArn: `arn:aws:ec2:${region}:${accountId}:subnet/${SubnetId}`,
      VpcId: s.role === 'app' || s.role === 'db' ? prodVpcId : drVpcId,
      CidrBlock: s.cidr,
      AvailabilityZone: s.az,
      AvailabilityZoneId: `${region === 'us-east-1' ? 'use1' : 'usw2'}-az${s.az.endsWith('a') ? 1 : 2}`,
      AvailableIpAddressCount: 240,
      DefaultForAz: false,
      MapPublicIpOnLaunch: false,
      State: 'available',
      OwnerId: accountId,
      AssignIpv6AddressOnCreation: false,
      Ipv6CidrBlockAssociationSet: [],
      Tags: [{ Key: 'Name', Value: s.name }],
    };
  });
  const subnetBySpec = new Map(spec.subnets.map((s, i) => [s, subnets[i]]));

  const sgId = (name: string) => `sg-${hexId(seed(`sg:${name}`))}`;
  const group = (name: string, description: string, vpcId: string, ingress: IpPermission[]): SecurityGroup => ({
    GroupId: sgId(name),
    GroupName: name,
    Description: description,
    VpcId: vpcId,
    OwnerId: accountId,
    SecurityGroupArn: `arn:aws:ec2:${region}:${accountId}:security-group/${sgId(name)}`,
    IpPermissions: ingress,
    IpPermissionsEgress: [allTraffic('0.0.0.0/0', 'All outbound')],
    Tags: name === 'default' ? [] : [{ Key: 'Name', Value: name }],
  });
  const self = { account: accountId };
  const securityGroups: SecurityGroup[] = [
    { ...group('default', 'default VPC security group', prodVpcId, []), GroupId: sgId('default-prod') },
    { ...group('default', 'default VPC security group', drVpcId, []), GroupId: sgId('default-dr') },
    group('Web-Tier-SG', 'Web tier: HTTPS from anywhere', prodVpcId, [tcp(443, { ...self, cidr: '0.0.0.0/0' }, 'HTTPS')]),
    group('App-Tier-SG', 'Application tier: from the web tier', prodVpcId, [tcp(8080, { ...self, groupId: sgId('Web-Tier-SG') }, 'App from web tier')]),
    group('Database-SG', 'Database tier: from the application tier', prodVpcId, [
      tcp(1433, { ...self, groupId: sgId('App-Tier-SG') }, 'SQL Server'),
      tcp(1521, { ...self, groupId: sgId('App-Tier-SG') }, 'Oracle'),
      tcp(5432, { ...self, groupId: sgId('App-Tier-SG') }, 'PostgreSQL'),
    ]),
    group('AD-DNS-SG', 'Directory and name services', prodVpcId, [tcp(53, { ...self, cidr: '10.0.0.0/8' }, 'DNS'), tcp(389, { ...self, cidr: '10.0.0.0/8' }, 'LDAP')]),
    group('DRS-Recovery-SG', 'Security group for DRS recovery instances', drVpcId, [allTraffic('10.0.0.0/8', 'Internal traffic')]),
    group('AWS Elastic Disaster Recovery default Replication Server Security Group', 'Replication servers: agent traffic on TCP 1500', drVpcId, [
      tcp(1500, { ...self, cidr: '10.0.0.0/8' }, 'DRS replication'),
    ]),
  ];
  const tierGroup: Record<Tier, string> = { Database: 'Database-SG', Application: 'App-Tier-SG', Web: 'Web-Tier-SG', Infrastructure: 'AD-DNS-SG' };

  const recoverySubnets = spec.subnets.filter((s) => s.role === 'recovery').map((s) => subnetBySpec.get(s)!);
  const stagingSubnet = subnetBySpec.get(spec.subnets.find((s) => s.role === 'staging')!)!;
  const appSubnets = spec.subnets.filter((s) => s.role === 'app');
  const dbSubnet = spec.subnets.find((s) => s.role === 'db')!;
  const used = new Map<SubnetSpec, number>();

  const instances: Ec2InstanceRecord[] = [];
  const launchTemplates: LaunchTemplateRecord[] = [];
  const servers: SourceServer[] = [];
  const launchConfigurations: Record<string, LaunchConfiguration> = {};

  spec.servers.forEach((s, index) => {
    const subnetSpec = s.tier === 'Database' ? dbSubnet : appSubnets[index % appSubnets.length];
    const n = used.get(subnetSpec) ?? hostsUsed(subnetSpec);
    used.set(subnetSpec, n + 1);
    const subnet = subnetBySpec.get(subnetSpec)!;
    const ip = hostIp(subnetSpec.cidr, n);
    const os = OS[s.os];
    const instanceType = recommendedType(s.cores, s.ramGiB);
    const instanceId = `i-${hexId(seed(`instance:${s.hostname}`))}`;
    const sourceServerID = `s-${hexId(seed(`source-server:${s.hostname}`))}`;
    const mac = macFrom(seed(`mac:${s.hostname}`));
    const tags: Record<string, string> = s.tags
      ? { Name: s.name, ...s.tags }
      : { Name: s.name, 'DR-Application': s.app, 'DR-Tier': s.tier, Environment: s.environment ?? 'Production', Service: s.service };
    const launchedAt = new Date(now.getTime() - (120 + index * 7) * DAY);
    const addedAt = new Date(now.getTime() - (60 + index) * DAY);
    const rootDevice = os.windows ? '/dev/sda1' : '/dev/xvda';
    const deviceNames = s.disksGiB.map((_, i) => (i === 0 ? rootDevice : `/dev/xvd${String.fromCharCode(97 + i)}`));

    instances.push({
      reservationId: `r-${hexId(seed(`reservation:${s.hostname}`))}`,
      instance: {
        InstanceId: instanceId,
        ImageId: `ami-${hexId(`${region}:ami:${s.os}`)}`,
        InstanceType: instanceType as Instance['InstanceType'],
        State: { Code: 16, Name: 'running' },
        PrivateDnsName: privateDnsName(ip, region),
        PrivateIpAddress: ip,
        PublicDnsName: '',
        StateTransitionReason: '',
        AmiLaunchIndex: 0,
        LaunchTime: launchedAt,
        Placement: { AvailabilityZone: subnet.AvailabilityZone, GroupName: '', Tenancy: 'default' },
        Monitoring: { State: 'disabled' },
        SubnetId: subnet.SubnetId,
        VpcId: subnet.VpcId,
        Architecture: 'x86_64',
        RootDeviceType: 'ebs',
        RootDeviceName: rootDevice,
        BlockDeviceMappings: deviceNames.map((DeviceName, i) => ({
          DeviceName,
          Ebs: { VolumeId: `vol-${hexId(seed(`volume:${s.hostname}:${i}`))}`, Status: 'attached', AttachTime: launchedAt, DeleteOnTermination: i === 0 },
        })),
        EbsOptimized: true,
        EnaSupport: true,
        Hypervisor: 'xen',
        VirtualizationType: 'hvm',
        // EC2 answers lowercase `windows`, whatever the SDK's enum spells.
        Platform: os.windows ? ('windows' as Instance['Platform']) : undefined,
        PlatformDetails: os.windows ? 'Windows' : s.os === 'rhel8' ? 'Red Hat Enterprise Linux' : 'Linux/UNIX',
        SecurityGroups: [{ GroupId: sgId(tierGroup[s.tier]), GroupName: tierGroup[s.tier] }],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: `eni-${hexId(seed(`eni:${s.hostname}`))}`,
            SubnetId: subnet.SubnetId,
            VpcId: subnet.VpcId,
            Description: '',
            OwnerId: accountId,
            Status: 'in-use',
            MacAddress: mac,
            PrivateIpAddress: ip,
            PrivateDnsName: privateDnsName(ip, region),
            SourceDestCheck: true,
            Groups: [{ GroupId: sgId(tierGroup[s.tier]), GroupName: tierGroup[s.tier] }],
            Attachment: { AttachmentId: `eni-attach-${hexId(seed(`eni-attach:${s.hostname}`))}`, DeviceIndex: 0, Status: 'attached', AttachTime: launchedAt, DeleteOnTermination: true },
            PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip, PrivateDnsName: privateDnsName(ip, region) }],
            InterfaceType: 'interface',
          },
        ],
        SourceDestCheck: true,
        Tags: tagList(tags),
        CpuOptions: { CoreCount: s.cores, ThreadsPerCore: 2 },
        MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
        BootMode: 'legacy-bios',
        CurrentInstanceBootMode: 'legacy-bios',
      },
    });

    const launchTemplateId = `lt-${hexId(seed(`launch-template:${s.hostname}`))}`;
    const createdBy = DRS_SERVICE_ROLE(accountId);
    const recoverySubnet = recoverySubnets[index % recoverySubnets.length];
    const v1Data: LaunchTemplateVersion['LaunchTemplateData'] = {
      InstanceType: instanceType as Instance['InstanceType'],
      NetworkInterfaces: [
        { DeviceIndex: 0, SubnetId: recoverySubnet.SubnetId, Groups: [sgId('DRS-Recovery-SG')], AssociatePublicIpAddress: false, DeleteOnTermination: true },
      ],
      TagSpecifications: [
        { ResourceType: 'instance', Tags: [DRS_MANAGED_TAG] },
        { ResourceType: 'volume', Tags: [DRS_MANAGED_TAG] },
      ],
      DisableApiTermination: false,
      InstanceInitiatedShutdownBehavior: 'stop',
    };
    const v2Data = { ...v1Data, IamInstanceProfile: { Name: RECOVERY_INSTANCE_PROFILE } };
    const templateName = `drs-launch-template-${sourceServerID}`;
    launchTemplates.push({
      template: {
        LaunchTemplateId: launchTemplateId,
        LaunchTemplateName: templateName,
        CreateTime: addedAt,
        CreatedBy: createdBy,
        DefaultVersionNumber: 2,
        LatestVersionNumber: 2,
        Tags: [DRS_MANAGED_TAG, { Key: 'AWSElasticDisasterRecoverySourceServerID', Value: sourceServerID }],
      },
      versions: [
        { LaunchTemplateId: launchTemplateId, LaunchTemplateName: templateName, VersionNumber: 1, CreateTime: addedAt, CreatedBy: createdBy, DefaultVersion: false, LaunchTemplateData: v1Data },
        {
          LaunchTemplateId: launchTemplateId,
          LaunchTemplateName: templateName,
          VersionNumber: 2,
          CreateTime: new Date(addedAt.getTime() + 5 * MINUTE),
          CreatedBy: createdBy,
          DefaultVersion: true,
          LaunchTemplateData: v2Data,
        },
      ],
    });

    launchConfigurations[sourceServerID] = {
      sourceServerID,
      name: s.name,
      ec2LaunchTemplateID: launchTemplateId,
      launchDisposition: 'STARTED',
      targetInstanceTypeRightSizingMethod: 'BASIC',
      copyPrivateIp: false,
      copyTags: true,
      licensing: { osByol: !os.windows },
      postLaunchEnabled: false,
    };

    const replication = s.replication ?? 'CONTINUOUS';
    const diskBytes = s.disksGiB.map((g) => g * GiB);
    const syncedFraction = replication === 'INITIAL_SYNC' ? 0.35 + (index % 4) * 0.1 : 1;
    const lastSeen = new Date(now.getTime() - (replication === 'DISCONNECTED' ? 28 * 60 : 1) * MINUTE);
    const lagDuration = { CONTINUOUS: `PT${1 + (index % 4)}S`, INITIAL_SYNC: 'PT2H15M', STALLED: 'PT6H40M', DISCONNECTED: 'PT28H' }[replication];
    const jobID = `drsjob-${hexId(seed(`drill:${s.hostname}`))}`;
    servers.push({
      sourceServerID,
      arn: `arn:aws:drs:${region}:${accountId}:source-server/${sourceServerID}`,
      tags,
      lastLaunchResult: s.lastLaunch ?? 'NOT_STARTED',
      dataReplicationInfo: {
        lagDuration,
        dataReplicationState: replication,
        replicatedDisks: deviceNames.map((deviceName, i) => ({
          deviceName,
          totalStorageBytes: diskBytes[i],
          replicatedStorageBytes: Math.round(diskBytes[i] * syncedFraction),
          rescannedStorageBytes: 0,
          backloggedStorageBytes: replication === 'STALLED' ? Math.round(diskBytes[i] * 0.02) : 0,
        })),
        dataReplicationInitiation: { startDateTime: iso(addedAt), steps: INITIATION_STEPS.map((name) => ({ name, status: 'SUCCEEDED' })) },
        ...(replication === 'INITIAL_SYNC' ? { etaDateTime: iso(new Date(now.getTime() + (135 + index * 10) * MINUTE)) } : {}),
        ...(replication === 'STALLED' ? { dataReplicationError: { error: 'UNSTABLE_NETWORK', rawError: 'Replication server lost connectivity to the agent' } } : {}),
        ...(replication === 'DISCONNECTED' ? { dataReplicationError: { error: 'AGENT_NOT_SEEN', rawError: 'The replication agent has not been seen for 28 hours' } } : {}),
        stagingAvailabilityZone: stagingSubnet.AvailabilityZone,
      },
      lifeCycle: {
        addedToServiceDateTime: iso(addedAt),
        firstByteDateTime: iso(new Date(addedAt.getTime() + 12 * MINUTE)),
        elapsedReplicationDuration: `P${Math.round((now.getTime() - addedAt.getTime()) / DAY)}D`,
        lastSeenByServiceDateTime: iso(lastSeen),
        ...(s.lastLaunch
          ? {
              lastLaunch: {
                initiated: { apiCallDateTime: iso(new Date(now.getTime() - 14 * DAY)), jobID, type: 'DRILL' },
                status: s.lastLaunch === 'SUCCEEDED' ? 'TERMINATED' : 'FAILED',
              },
            }
          : {}),
      },
      sourceProperties: {
        lastUpdatedDateTime: iso(new Date(now.getTime() - 3 * 60 * MINUTE)),
        recommendedInstanceType: instanceType,
        identificationHints: { hostname: s.hostname, fqdn: `${s.hostname.toLowerCase()}.corp.example.com`, awsInstanceID: instanceId },
        networkInterfaces: [{ macAddress: mac, ips: [ip], isPrimary: true }],
        disks: deviceNames.map((deviceName, i) => ({ deviceName, bytes: diskBytes[i] })),
        cpus: [{ cores: s.cores, modelName: 'Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz' }],
        ramBytes: s.ramGiB * GiB,
        os: { fullString: os.fullString },
        supportsNitroInstances: true,
      },
      sourceCloudProperties: { originAccountID: accountId, originRegion: region, originAvailabilityZone: subnet.AvailabilityZone },
      replicationDirection: 'FAILOVER',
      stagingArea: { status: 'NOT_EXTENDED', errorMessage: '' },
    });
  });

  // The DRS staging area's replication server, as DRS runs it in the staging subnet.
  const replicationIp = hostIp(spec.subnets.find((s) => s.role === 'staging')!.cidr, 0);
  instances.push({
    reservationId: `r-${hexId(seed('reservation:replication-server'))}`,
    instance: {
      InstanceId: `i-${hexId(seed('instance:replication-server'))}`,
      ImageId: `ami-${hexId(`${region}:ami:drs-replication`)}`,
      InstanceType: 't3.small',
      State: { Code: 16, Name: 'running' },
      PrivateDnsName: privateDnsName(replicationIp, region),
      PrivateIpAddress: replicationIp,
      LaunchTime: new Date(now.getTime() - 60 * DAY),
      Placement: { AvailabilityZone: stagingSubnet.AvailabilityZone, Tenancy: 'default' },
      SubnetId: stagingSubnet.SubnetId,
      VpcId: stagingSubnet.VpcId,
      Architecture: 'x86_64',
      RootDeviceType: 'ebs',
      RootDeviceName: '/dev/xvda',
      VirtualizationType: 'hvm',
      SecurityGroups: [{ GroupId: sgId('AWS Elastic Disaster Recovery default Replication Server Security Group'), GroupName: 'AWS Elastic Disaster Recovery default Replication Server Security Group' }],
      Tags: [{ Key: 'Name', Value: 'AWS Elastic Disaster Recovery Replication Server' }, DRS_MANAGED_TAG],
    },
  });

  return {
    ec2: { vpcs, subnets, securityGroups, instances, launchTemplates },
    drs: { initialized: true, servers, launchConfigurations, jobs: [], recoveryInstances: [] },
  };
}

function buildIam(accountId: string, localAccountId: string, now: Date): IamAccountState {
  const created = new Date(now.getTime() - 400 * DAY);
  const role = (name: string, path: string, trustedService: string | undefined, trust: RoleTrust, description: string): IamRoleRecord => {
    const principal = trustedService ? { Service: trustedService } : { AWS: trust.accounts.map((a) => `arn:aws:iam::${a}:root`) };
    const condition = trust.externalId ? { StringEquals: { 'sts:ExternalId': trust.externalId } } : undefined;
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] };
    return {
      role: {
        Path: path,
        RoleName: name,
        RoleId: `AROA${upperId(`${accountId}:role:${name}`, 17)}`,
        Arn: `arn:aws:iam::${accountId}:role${path}${name}`,
        CreateDate: created,
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(document)),
        Description: description,
        MaxSessionDuration: 3600,
      },
      trust,
    };
  };
  const noOne: RoleTrust = { accounts: [] };
  const roles = [
    role('EC2-DRS-Recovery-Role', '/', 'ec2.amazonaws.com', noOne, 'Role for DRS recovery instances'),
    role(RECOVERY_INSTANCE_PROFILE, '/service-role/', 'ec2.amazonaws.com', noOne, 'Default role of instances launched by Elastic Disaster Recovery'),
    role('SSM-Managed-Instance-Role', '/', 'ec2.amazonaws.com', noOne, 'Systems Manager access for EC2 instances'),
    role('HRP-Application-Role', '/applications/', 'ec2.amazonaws.com', noOne, 'HRP application servers'),
    // The orchestrator's cross-account role: the target account trusts the local one, behind an external id.
    accountId === localAccountId
      ? role(CROSS_ACCOUNT_ROLE_NAME, '/', undefined, { accounts: [localAccountId] }, 'DRS orchestration in the local account')
      : role(CROSS_ACCOUNT_ROLE_NAME, '/', undefined, { accounts: [localAccountId], externalId: CROSS_ACCOUNT_EXTERNAL_ID }, 'DRS orchestration from the management account'),
  ];
  const profile = (name: string, roleName: string): InstanceProfile => {
    const record = roles.find((r) => r.role.RoleName === roleName)!;
    const path = record.role.Path ?? '/';
    return {
      Path: path,
      InstanceProfileName: name,
      InstanceProfileId: `AIPA${upperId(`${accountId}:instance-profile:${name}`, 17)}`,
      Arn: `arn:aws:iam::${accountId}:instance-profile${path}${name}`,
      CreateDate: created,
      Roles: [record.role],
    };
  };
  return {
    roles,
    instanceProfiles: [
      profile('EC2-DRS-Recovery-Role', 'EC2-DRS-Recovery-Role'),
      profile(RECOVERY_INSTANCE_PROFILE, RECOVERY_INSTANCE_PROFILE),
      profile('SSM-Managed-Instance-Profile', 'SSM-Managed-Instance-Role'),
      profile('HRP-Application-Profile', 'HRP-Application-Role'),
    ],
  };
}

function buildCognito(now: Date): CognitoState {
  const region = 'us-east-1';
  const userPoolId = `${region}_${upperId('cognito:user-pool', 9)}`;
  const groupDescriptions: Record<(typeof COGNITO_GROUPS)[number], [string, string]> = {
    DRSOrchestrationAdmin: ['admin', 'Full administrative access'],
    DRSRecoveryManager: ['recovery-manager', 'Runs recoveries and drills, manages plans'],
    DRSPlanManager: ['plan-manager', 'Manages protection groups and recovery plans'],
    DRSOperator: ['operator', 'Runs drills and watches executions'],
    DRSReadOnly: ['readonly', 'Read-only access'],
  };
  const created = new Date(now.getTime() - 30 * DAY);
  return {
    region,
    userPoolId,
    clientId: hexId('cognito:app-client', 26),
    groups: COGNITO_GROUPS.map((name, precedence) => ({ name, description: groupDescriptions[name][1], precedence, created })),
    users: COGNITO_GROUPS.map((group) => {
      const username = groupDescriptions[group][0];
      const sub = uuidFrom(`cognito:${userPoolId}:${username}`);
      return {
        username,
        sub,
        password: randomPassword(),
        enabled: true,
        status: 'CONFIRMED' as const,
        attributes: { sub, email: `${username}@drs.local`, email_verified: 'true' },
        groups: [group],
        created,
        modified: created,
      };
    }),
    refreshTokens: {},
    challengeSessions: {},
    signedOut: {},
  };
}

/** Builds the whole estate as of `now`; the local principal's account is the local account. */
export function buildFixtures(opts: { now: Date; simSpeed: number; localPrincipal: Principal }): EmulatorState {
  const ids = { local: opts.localPrincipal.accountId, target: TARGET_ACCOUNT_ID };
  const accounts: Record<string, AccountState> = {};
  for (const accountId of Object.values(ids)) {
    // eu-west-1 is named explicitly as the region where DRS was never initialized.
    const drs = { 'eu-west-1': { initialized: false, servers: [], launchConfigurations: {}, jobs: [], recoveryInstances: [] } };
    accounts[accountId] = { accountId, drs, ec2: {}, iam: buildIam(accountId, ids.local, opts.now) };
  }
  for (const spec of REGIONS) {
    const accountId = ids[spec.account];
    const { ec2, drs } = buildRegion(spec, accountId, opts.now);
    accounts[accountId].ec2[spec.region] = ec2;
    accounts[accountId].drs[spec.region] = drs;
  }
  return {
    simSpeed: opts.simSpeed,
    accounts,
    instanceTypes: instanceTypeCatalog(),
    principals: { [opts.localPrincipal.accessKeyId]: opts.localPrincipal },
    cognito: buildCognito(opts.now),
  };
}

// ---------------------------------------------------------------- seeding at run time

/** The network of a region the estate has no fixtures for: production and DR VPCs over two AZs. */
/** The estate's own regions (built with their networks, and deliberately without a default VPC). */
export const isEstateRegion = (region: string) => REGIONS.some((r) => r.region === region);

function genericRegionSpec(account: 'local' | 'target', region: string): RegionSpec {
  const az = (zone: string) => `${region}${zone}`;
  return {
    account,
    region,
    prodVpc: { name: 'Production-VPC', cidr: '10.70.0.0/16' },
    drVpc: { name: 'DR-Recovery-VPC', cidr: '10.80.0.0/16' },
    subnets: [
      // Six application subnets: room for about 1,400 seeded servers.
      ...[1, 2, 3, 4, 5, 6].map((i) => ({ name: `Production-App-${i}${i % 2 ? 'a' : 'b'}`, cidr: `10.70.${i}.0/24`, az: az(i % 2 ? 'a' : 'b'), role: 'app' as const })),
      { name: 'Production-DB-1a', cidr: '10.70.10.0/24', az: az('a'), role: 'db' },
      { name: 'DR-Private-1a', cidr: '10.80.1.0/24', az: az('a'), role: 'recovery' },
      { name: 'DR-Private-1b', cidr: '10.80.2.0/24', az: az('b'), role: 'recovery' },
      { name: 'DR-Staging-1a', cidr: '10.80.200.0/24', az: az('a'), role: 'staging' },
    ],
    servers: [],
  };
}

export interface SeedServersOptions {
  accountId: string;
  region: string;
  count: number;
  /** The servers' tags (Name is the hostname). */
  tags?: Record<string, string>;
  /** Hostnames are `<prefix>-001`, `<prefix>-002`, … skipping those the region already has. */
  hostnamePrefix?: string;
  now?: Date;
}

/**
 * Adds `count` continuously replicating source servers (with their launch configurations, launch
 * templates and source EC2 instances) to a region, building the region's DRS staging area and
 * network first when the estate has no fixtures there. Answers the new source server ids.
 */
export function seedSourceServers(state: EmulatorState, opts: SeedServersOptions): string[] {
  const account = state.accounts[opts.accountId];
  if (!account) throw new Error(`No account ${opts.accountId} in the emulator`);
  const { region } = opts;
  if (account.drs[region] && !account.drs[region].initialized) throw new Error(`DRS is not initialized in ${region} (that region is kept uninitialized on purpose)`);
  const kind = opts.accountId === TARGET_ACCOUNT_ID ? 'target' : 'local';
  const spec = REGIONS.find((r) => r.region === region && r.account === kind) ?? genericRegionSpec(kind, region);
  const now = opts.now ?? new Date();
  if (!account.drs[region]) {
    const built = buildRegion(spec, opts.accountId, now);
    account.drs[region] = built.drs;
    // EC2 may already be in use there (a default VPC, spot instances): add to it, never replace it.
    const existing = account.ec2[region];
    if (!existing) account.ec2[region] = built.ec2;
    else for (const k of ['vpcs', 'subnets', 'securityGroups', 'instances', 'launchTemplates'] as const) (existing[k] as unknown[]).push(...built.ec2[k]);
  }
  const drs = account.drs[region];
  const ec2 = (account.ec2[region] ??= { vpcs: [], subnets: [], securityGroups: [], instances: [], launchTemplates: [] });

  const prefix = opts.hostnamePrefix ?? 'server';
  const taken = new Set(drs.servers.map((s) => s.sourceProperties?.identificationHints?.hostname));
  const hostnames: string[] = [];
  for (let n = 1; hostnames.length < opts.count; n++) {
    const hostname = `${prefix}-${String(n).padStart(3, '0')}`;
    if (!taken.has(hostname)) hostnames.push(hostname);
  }
  const app = (i: number) => server(hostnames[i], hostnames[i], prefix, 'Application', 'Generic', 'al2', 2, 4, [20], { tags: opts.tags ?? {} });
  const prefixOf = (cidr: string) => cidr.replace(/0\/\d+$/, '');
  const built = buildRegion({ ...spec, servers: hostnames.map((_, i) => app(i)) }, opts.accountId, now, (subnet) =>
    ec2.instances.filter((r) => r.instance.PrivateIpAddress?.startsWith(prefixOf(subnet.cidr))).length,
  );
  const ids = new Set(built.drs.servers.map((s) => s.sourceServerID));
  drs.servers.push(...built.drs.servers);
  Object.assign(drs.launchConfigurations, built.drs.launchConfigurations);
  ec2.launchTemplates.push(...built.ec2.launchTemplates);
  // The region's replication server is already there: only the new servers' own instances.
  const hostInstances = new Set(built.drs.servers.map((s) => s.sourceProperties?.identificationHints?.awsInstanceID));
  ec2.instances.push(...built.ec2.instances.filter((r) => hostInstances.has(r.instance.InstanceId)));
  return [...ids].map((id) => id ?? '');
}
