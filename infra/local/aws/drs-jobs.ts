// DRS jobs on a simulated clock. A job's whole future is planned when it is created: every step (job
// start, each server's snapshot, conversion and launch or cleanup, job end) gets a time, from
// durations like DRS's divided by simSpeed, with per-server jitter derived from a seed (or one fixed
// duration, DRS_JOB_SECONDS). Nothing here runs in the background: every call that reads DRS or EC2
// state first applies the steps whose time has come (`advanceDrs`), so state follows the clock. The
// end of each server's launch is reported, whoever applies it, to the state's launch listener
// (`onLaunchResult`): drs-events.ts turns those into DRS's EventBridge events, and arms timers so the
// launch ends are applied on time even when nothing reads.
import { createHash, randomBytes } from 'node:crypto';
import type { JobLog, JobLogEvent, LaunchConfiguration, ParticipatingServer, RecoveryInstance, SourceServer } from '@aws-sdk/client-drs';
import type { Instance, InstanceStateName, Tag } from '@aws-sdk/client-ec2';
import type { AccountState, DrsJobRecord, DrsJobStep, DrsRegionState, DrsServerPlan, Ec2RegionState, EmulatorState } from './fixtures.ts';

type Range = readonly [min: number, max: number];

/** Simulated seconds of each phase of a launch; each server draws its own within the range. */
export const LAUNCH_SECONDS = {
  /** PENDING before JOB_START. */
  pending: [3, 8],
  /** JOB_START to the server's SNAPSHOT_START. */
  snapshotDelay: [0, 5],
  snapshot: [60, 120],
  conversionDelay: [5, 15],
  conversion: [180, 360],
  launchDelay: [2, 8],
  launch: [60, 180],
  /** The last server's end to JOB_END. */
  jobEnd: [1, 4],
} as const satisfies Record<string, Range>;

/** LAUNCHED to JOB_END, in simulated seconds, of a job whose duration is fixed (DRS_JOB_SECONDS). */
export const FIXED_JOB_END_SECONDS = 2;

/** The phases from a job's creation to the end of one server's launch, in order. */
const LAUNCH_CHAIN = ['pending', 'snapshotDelay', 'snapshot', 'conversionDelay', 'conversion', 'launchDelay', 'launch'] as const;

/** Simulated seconds of each phase of a TerminateRecoveryInstances job. */
export const TERMINATE_SECONDS = {
  pending: [2, 6],
  cleanupDelay: [0, 4],
  cleanup: [30, 90],
  jobEnd: [1, 3],
} as const satisfies Record<string, Range>;

/** `n` random lowercase hex characters (DRS job and EC2 instance ids are random, as in AWS). */
export function randomHex(n = 17): string {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
}

/** A number in [0, 1) derived from `key`: the same key always draws the same jitter. */
function unit(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const JOB_ACTIVE = new Set(['PENDING', 'STARTED']);

export function isActive(record: DrsJobRecord): boolean {
  return JOB_ACTIVE.has(record.job.status ?? '');
}

// ---------------------------------------------------------------- planning

interface PlanContext {
  accountId: string;
  region: string;
  /** Creation time (epoch ms). */
  now: number;
  simSpeed: number;
  /** Seeds the jitter: the emulator's fault seed and the job's ordinal. */
  seed: string;
  /** A LAUNCH job's fixed duration in simulated seconds (DRS_JOB_SECONDS): no jitter. */
  jobSeconds?: number;
}

function clock(ctx: PlanContext) {
  const speed = ctx.simSpeed > 0 ? ctx.simSpeed : 1;
  return {
    /** Real milliseconds for a draw of simulated seconds within `range`, fixed by `key`. */
    span: (range: Range, key: string) => ((range[0] + unit(`${ctx.seed}:${key}`) * (range[1] - range[0])) * 1000) / speed,
    /** Real milliseconds for simulated seconds. */
    ms: (seconds: number) => (seconds * 1000) / speed,
  };
}

function newJob(ctx: PlanContext, type: 'LAUNCH' | 'TERMINATE', initiatedBy: string, participatingServers: ParticipatingServer[], tags: Record<string, string>) {
  const jobID = `drsjob-${randomHex()}`;
  return {
    jobID,
    arn: `arn:aws:drs:${ctx.region}:${ctx.accountId}:job/${jobID}`,
    type,
    initiatedBy: initiatedBy as never,
    creationDateTime: iso(ctx.now),
    status: 'PENDING' as const,
    participatingServers,
    tags,
  };
}

/**
 * A LAUNCH job for `servers`: each is snapshotted, converted and launched on its own timeline;
 * servers in `fail` end with LAUNCH_FAILED.
 */
export function planLaunchJob(ctx: PlanContext, servers: SourceServer[], opts: { isDrill: boolean; tags: Record<string, string>; fail: ReadonlySet<string> }): DrsJobRecord {
  const { span, ms } = clock(ctx);
  // A fixed duration: every phase its range's middle, scaled so the chain ends N - JOB_END after creation.
  const fixed = ctx.jobSeconds;
  const fixedJobEnd = fixed === undefined ? 0 : Math.min(FIXED_JOB_END_SECONDS, fixed / 2);
  const middle = (name: keyof typeof LAUNCH_SECONDS) => (LAUNCH_SECONDS[name][0] + LAUNCH_SECONDS[name][1]) / 2;
  const scale = fixed === undefined ? 0 : (fixed - fixedJobEnd) / LAUNCH_CHAIN.reduce((n, name) => n + middle(name), 0);
  const draw = (name: keyof typeof LAUNCH_SECONDS, key: string) => (fixed === undefined ? span(LAUNCH_SECONDS[name], key) : ms(middle(name) * scale));
  const start = ctx.now + draw('pending', 'pending');
  const steps: DrsJobStep[] = [{ at: start, kind: 'JOB_START' }];
  const plan: Record<string, DrsServerPlan> = {};
  let end = start;
  for (const server of servers) {
    const id = server.sourceServerID ?? '';
    const phase = (name: keyof typeof LAUNCH_SECONDS) => draw(name, `${id}:${name}`);
    const snapshotStart = start + phase('snapshotDelay');
    const snapshotEnd = snapshotStart + phase('snapshot');
    const conversionStart = snapshotEnd + phase('conversionDelay');
    const conversionEnd = conversionStart + phase('conversion');
    const launchStart = conversionEnd + phase('launchDelay');
    // Exact, not a sum of scaled phases, so a bench replays "every job takes N s" to the millisecond.
    const launched = fixed === undefined ? launchStart + phase('launch') : ctx.now + ms(fixed - fixedJobEnd);
    steps.push(
      { at: snapshotStart, kind: 'SNAPSHOT_START', sourceServerID: id },
      { at: snapshotEnd, kind: 'SNAPSHOT_END', sourceServerID: id },
      { at: conversionStart, kind: 'CONVERSION_START', sourceServerID: id },
      { at: conversionEnd, kind: 'CONVERSION_END', sourceServerID: id },
      { at: launchStart, kind: 'LAUNCH_START', sourceServerID: id },
      { at: launched, kind: 'LAUNCHED', sourceServerID: id },
    );
    plan[id] = {
      instanceID: `i-${randomHex()}`,
      conversionServerID: `i-${randomHex()}`,
      snapshotAt: snapshotStart,
      ...(opts.fail.has(id) ? { failure: 'Failed to launch recovery instance: the instance failed its EC2 status checks and was terminated.' } : {}),
    };
    end = Math.max(end, launched);
  }
  steps.push({ at: fixed === undefined ? end + span(LAUNCH_SECONDS.jobEnd, 'jobEnd') : ctx.now + ms(fixed), kind: 'JOB_END' });
  const participating = servers.map((s) => ({ sourceServerID: s.sourceServerID, launchStatus: 'PENDING' as const }));
  return {
    job: newJob(ctx, 'LAUNCH', opts.isDrill ? 'START_DRILL' : 'START_RECOVERY', participating, opts.tags),
    isDrill: opts.isDrill,
    log: [],
    steps: sortSteps(steps),
    applied: 0,
    plan,
    seed: ctx.seed,
  };
}

/** A TERMINATE job: each recovery instance's EC2 instance shuts down, then the instance is removed. */
export function planTerminateJob(ctx: PlanContext, instances: RecoveryInstance[]): DrsJobRecord {
  const { span } = clock(ctx);
  const start = ctx.now + span(TERMINATE_SECONDS.pending, 'pending');
  const steps: DrsJobStep[] = [{ at: start, kind: 'JOB_START' }];
  const plan: Record<string, DrsServerPlan> = {};
  let end = start;
  for (const ri of instances) {
    const id = ri.sourceServerID ?? '';
    const cleanupStart = start + span(TERMINATE_SECONDS.cleanupDelay, `${ri.recoveryInstanceID}:cleanupDelay`);
    const cleanupEnd = cleanupStart + span(TERMINATE_SECONDS.cleanup, `${ri.recoveryInstanceID}:cleanup`);
    steps.push({ at: cleanupStart, kind: 'CLEANUP_START', sourceServerID: id }, { at: cleanupEnd, kind: 'CLEANUP_END', sourceServerID: id });
    plan[id] = { instanceID: ri.recoveryInstanceID ?? '' };
    end = Math.max(end, cleanupEnd);
  }
  steps.push({ at: end + span(TERMINATE_SECONDS.jobEnd, 'jobEnd'), kind: 'JOB_END' });
  const participating = instances.map((ri) => ({ sourceServerID: ri.sourceServerID, recoveryInstanceID: ri.recoveryInstanceID, launchStatus: 'PENDING' as const }));
  return { job: newJob(ctx, 'TERMINATE', 'TERMINATE_RECOVERY_INSTANCES', participating, {}), isDrill: false, log: [], steps: sortSteps(steps), applied: 0, plan, seed: ctx.seed };
}

/** Steps in time order; steps of the same time keep their planned order. */
function sortSteps(steps: DrsJobStep[]): DrsJobStep[] {
  return steps.map((step, i) => ({ step, i })).sort((a, b) => a.step.at - b.step.at || a.i - b.i).map(({ step }) => step);
}

// ---------------------------------------------------------------- the clock

/** The end of one server's launch in a LAUNCH job, as applied. */
export interface LaunchResult {
  accountId: string;
  region: string;
  record: DrsJobRecord;
  sourceServerID: string;
  /** The step's time (epoch ms): when the launch ended on the simulated clock. */
  at: number;
  launchStatus: 'LAUNCHED' | 'FAILED';
}

const launchListeners = new WeakMap<EmulatorState, (results: LaunchResult[]) => void>();

/** Sets the one listener told of launch ends, after the steps of an advance are all applied. */
export function onLaunchResult(state: EmulatorState, listener: ((results: LaunchResult[]) => void) | undefined): void {
  if (listener) launchListeners.set(state, listener);
  else launchListeners.delete(state);
}

/** Applies every step, of every job in every account and region, whose time is at or before `now`. */
export function advanceDrs(state: EmulatorState, now: number): void {
  const results: LaunchResult[] = [];
  for (const account of Object.values(state.accounts)) {
    for (const [region, drs] of Object.entries(account.drs)) {
      const due: Array<{ record: DrsJobRecord; step: DrsJobStep; order: number }> = [];
      for (const record of drs.jobs) {
        while (record.applied < record.steps.length && record.steps[record.applied].at <= now) {
          due.push({ record, step: record.steps[record.applied], order: due.length });
          record.applied++;
        }
      }
      due.sort((a, b) => a.step.at - b.step.at || a.order - b.order);
      for (const { record, step } of due) {
        applyStep(account, region, drs, record, step);
        if (step.kind !== 'LAUNCHED') continue;
        const status = record.job.participatingServers?.find((p) => p.sourceServerID === step.sourceServerID)?.launchStatus;
        if (status === 'LAUNCHED' || status === 'FAILED') {
          results.push({ accountId: account.accountId, region, record, sourceServerID: step.sourceServerID ?? '', at: step.at, launchStatus: status });
        }
      }
    }
  }
  // Told once everything due is applied: a reader of the job then sees every launch reported.
  if (results.length > 0) launchListeners.get(state)?.(results.sort((a, b) => a.at - b.at));
}

const EC2_STATE_CODES: Record<InstanceStateName, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };

function ec2Region(account: AccountState, region: string): Ec2RegionState {
  return (account.ec2[region] ??= { vpcs: [], subnets: [], securityGroups: [], instances: [], launchTemplates: [] });
}

function setInstanceState(ec2: Ec2RegionState, instanceId: string, name: InstanceStateName, reason?: string): void {
  const found = ec2.instances.find((r) => r.instance.InstanceId === instanceId)?.instance;
  if (!found) return;
  found.State = { Code: EC2_STATE_CODES[name], Name: name };
  if (reason !== undefined) found.StateTransitionReason = reason;
}

function applyStep(account: AccountState, region: string, drs: DrsRegionState, record: DrsJobRecord, step: DrsJobStep): void {
  const { job } = record;
  const log = (event: JobLogEvent, eventData?: JobLog['eventData']) => record.log.push({ logDateTime: iso(step.at), event, ...(eventData ? { eventData } : {}) });
  if (step.kind === 'JOB_START') {
    job.status = 'STARTED';
    log('JOB_START');
    return;
  }
  if (step.kind === 'JOB_END') {
    job.status = 'COMPLETED';
    job.endDateTime = iso(step.at);
    log('JOB_END');
    return;
  }
  const sourceServerID = step.sourceServerID ?? '';
  const participant = job.participatingServers?.find((p) => p.sourceServerID === sourceServerID);
  const plan = record.plan[sourceServerID];
  const server = drs.servers.find((s) => s.sourceServerID === sourceServerID);
  if (!participant || !plan) return;
  const ec2 = ec2Region(account, region);
  // The server's lifeCycle.lastLaunch, while it still describes this job.
  const lastLaunch = server?.lifeCycle?.lastLaunch?.initiated?.jobID === job.jobID ? server?.lifeCycle?.lastLaunch : undefined;
  switch (step.kind) {
    case 'SNAPSHOT_START':
      participant.launchStatus = 'IN_PROGRESS';
      if (lastLaunch) lastLaunch.status = 'IN_PROGRESS';
      log('SNAPSHOT_START', { sourceServerID });
      return;
    case 'SNAPSHOT_END':
      log('SNAPSHOT_END', { sourceServerID });
      return;
    case 'CONVERSION_START':
      log('CONVERSION_START', { sourceServerID, conversionServerID: plan.conversionServerID });
      return;
    case 'CONVERSION_END':
      log('CONVERSION_END', { sourceServerID, conversionServerID: plan.conversionServerID });
      return;
    case 'LAUNCH_START': {
      const launched = server ? launchInstance(account, region, ec2, server, drs.launchConfigurations[sourceServerID], plan, step.at) : 'Source server not found';
      if (typeof launched === 'string') {
        plan.failure ??= launched;
        log('LAUNCH_START', { sourceServerID });
      } else {
        log('LAUNCH_START', { sourceServerID, targetInstanceID: plan.instanceID });
      }
      return;
    }
    case 'LAUNCHED': {
      const instance = ec2.instances.find((r) => r.instance.InstanceId === plan.instanceID)?.instance;
      if (plan.failure || !instance || !server) {
        participant.launchStatus = 'FAILED';
        setInstanceState(ec2, plan.instanceID, 'terminated', 'Server.InternalError: launch failed');
        if (server) server.lastLaunchResult = 'FAILED';
        if (lastLaunch) lastLaunch.status = 'FAILED';
        log('LAUNCH_FAILED', { sourceServerID, ...(instance ? { targetInstanceID: plan.instanceID } : {}), rawError: plan.failure ?? 'Launch failed' });
        return;
      }
      const stopped = drs.launchConfigurations[sourceServerID]?.launchDisposition === 'STOPPED';
      setInstanceState(ec2, plan.instanceID, stopped ? 'stopped' : 'running', stopped ? 'User initiated' : '');
      participant.launchStatus = 'LAUNCHED';
      participant.recoveryInstanceID = plan.instanceID;
      server.lastLaunchResult = 'SUCCEEDED';
      if (lastLaunch) lastLaunch.status = 'LAUNCHED';
      const tags = drs.launchConfigurations[sourceServerID]?.copyTags ? { ...server.tags } : {};
      drs.recoveryInstances.push(recoveryInstance(account.accountId, region, server, instance, record, plan, { stopped, tags }));
      return;
    }
    case 'CLEANUP_START': {
      participant.launchStatus = 'IN_PROGRESS';
      const ri = drs.recoveryInstances.find((r) => r.recoveryInstanceID === plan.instanceID);
      if (ri) ri.ec2InstanceState = 'SHUTTING-DOWN';
      setInstanceState(ec2, plan.instanceID, 'shutting-down', 'User initiated');
      log('CLEANUP_START', { sourceServerID, targetInstanceID: plan.instanceID });
      return;
    }
    case 'CLEANUP_END': {
      participant.launchStatus = 'TERMINATED';
      const ri = drs.recoveryInstances.find((r) => r.recoveryInstanceID === plan.instanceID);
      drs.recoveryInstances = drs.recoveryInstances.filter((r) => r !== ri);
      setInstanceState(ec2, plan.instanceID, 'terminated', 'User initiated');
      const launch = server?.lifeCycle?.lastLaunch;
      if (launch && ri && launch.initiated?.jobID === ri.jobID) launch.status = 'TERMINATED';
      log('CLEANUP_END', { sourceServerID, targetInstanceID: plan.instanceID });
      return;
    }
  }
}

// ---------------------------------------------------------------- what a launch creates

/** The subnet's `n`th address from .100 (recovery instances do not copy the source's address by default). */
function allocateIp(ec2: Ec2RegionState, subnetId: string, cidr: string): string {
  const taken = new Set(ec2.instances.filter((r) => r.instance.SubnetId === subnetId).map((r) => r.instance.PrivateIpAddress));
  for (let n = 100; n < 255; n++) {
    const ip = cidr.replace(/\d+\/\d+$/, String(n));
    if (!taken.has(ip)) return ip;
  }
  return cidr.replace(/\d+\/\d+$/, '254');
}

function privateDnsName(ip: string, region: string): string {
  return `ip-${ip.replace(/\./g, '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`;
}

/** Tags a launch gives the EC2 instance: the source server's (copyTags), then the launch template's. */
function launchTags(server: SourceServer, config: LaunchConfiguration | undefined, templateTags: Tag[]): Tag[] {
  const copied = config?.copyTags ? Object.entries(server.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) : [];
  const keys = new Set<string | undefined>(copied.map((t) => t.Key));
  return [...copied, ...templateTags.filter((t) => !keys.has(t.Key))];
}

/**
 * Starts the recovery instance's EC2 instance (pending) from the server's launch template (its
 * default version), or answers why it cannot be launched.
 */
function launchInstance(
  account: AccountState,
  region: string,
  ec2: Ec2RegionState,
  server: SourceServer,
  config: LaunchConfiguration | undefined,
  plan: DrsServerPlan,
  at: number,
): Instance | string {
  const template = ec2.launchTemplates.find((t) => t.template.LaunchTemplateId === config?.ec2LaunchTemplateID);
  if (!template) return `Launch template ${config?.ec2LaunchTemplateID ?? '(none)'} not found`;
  const data = template.versions.find((v) => v.VersionNumber === template.template.DefaultVersionNumber)?.LaunchTemplateData ?? {};
  const nic = data.NetworkInterfaces?.[0];
  const subnet = ec2.subnets.find((s) => s.SubnetId === nic?.SubnetId);
  if (!subnet?.SubnetId || !subnet.CidrBlock) return `InvalidSubnetID.NotFound: The subnet ID '${nic?.SubnetId ?? ''}' does not exist`;
  const sourceIp = server.sourceProperties?.networkInterfaces?.[0]?.ips?.[0];
  const ip = config?.copyPrivateIp && sourceIp ? sourceIp : allocateIp(ec2, subnet.SubnetId, subnet.CidrBlock);
  const groupIds = nic?.Groups ?? data.SecurityGroupIds ?? [];
  const groups = groupIds.map((id) => ({ GroupId: id, GroupName: ec2.securityGroups.find((g) => g.GroupId === id)?.GroupName }));
  const profileName = data.IamInstanceProfile?.Name;
  const profile = account.iam.instanceProfiles.find((p) => p.InstanceProfileName === profileName || p.Arn === data.IamInstanceProfile?.Arn);
  const windows = /windows/i.test(server.sourceProperties?.os?.fullString ?? '');
  const disks = server.sourceProperties?.disks ?? [];
  const launchTime = new Date(at);
  const templateTags = (data.TagSpecifications ?? []).filter((s) => s.ResourceType === 'instance').flatMap((s) => s.Tags ?? []);
  const instance: Instance = {
    InstanceId: plan.instanceID,
    ImageId: `ami-${randomHex()}`,
    InstanceType: (data.InstanceType ?? server.sourceProperties?.recommendedInstanceType ?? 'm5.large') as Instance['InstanceType'],
    State: { Code: EC2_STATE_CODES.pending, Name: 'pending' },
    PrivateDnsName: privateDnsName(ip, region),
    PrivateIpAddress: ip,
    PublicDnsName: '',
    StateTransitionReason: '',
    AmiLaunchIndex: 0,
    LaunchTime: launchTime,
    Placement: { AvailabilityZone: subnet.AvailabilityZone, GroupName: '', Tenancy: 'default' },
    Monitoring: { State: 'disabled' },
    SubnetId: subnet.SubnetId,
    VpcId: subnet.VpcId,
    Architecture: 'x86_64',
    RootDeviceType: 'ebs',
    RootDeviceName: disks[0]?.deviceName ?? '/dev/xvda',
    BlockDeviceMappings: disks.map((d, i) => ({
      DeviceName: d.deviceName,
      Ebs: { VolumeId: `vol-${randomHex()}`, Status: 'attached', AttachTime: launchTime, DeleteOnTermination: i === 0 || nic?.DeleteOnTermination !== false },
    })),
    ...(profile ? { IamInstanceProfile: { Arn: profile.Arn, Id: profile.InstanceProfileId } } : {}),
    EbsOptimized: true,
    EnaSupport: true,
    Hypervisor: 'xen',
    VirtualizationType: 'hvm',
    // EC2 answers lowercase `windows`, whatever the SDK's enum spells.
    Platform: windows ? ('windows' as Instance['Platform']) : undefined,
    PlatformDetails: windows ? 'Windows' : 'Linux/UNIX',
    SecurityGroups: groups,
    NetworkInterfaces: [
      {
        NetworkInterfaceId: `eni-${randomHex()}`,
        SubnetId: subnet.SubnetId,
        VpcId: subnet.VpcId,
        Description: '',
        OwnerId: account.accountId,
        Status: 'in-use',
        PrivateIpAddress: ip,
        PrivateDnsName: privateDnsName(ip, region),
        SourceDestCheck: true,
        Groups: groups,
        Attachment: { AttachmentId: `eni-attach-${randomHex()}`, DeviceIndex: 0, Status: 'attached', AttachTime: launchTime, DeleteOnTermination: true },
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip, PrivateDnsName: privateDnsName(ip, region) }],
        InterfaceType: 'interface',
      },
    ],
    SourceDestCheck: true,
    Tags: launchTags(server, config, templateTags),
    MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
  };
  ec2.instances.push({ reservationId: `r-${randomHex()}`, instance });
  return instance;
}

function recoveryInstance(
  accountId: string,
  region: string,
  server: SourceServer,
  instance: Instance,
  record: DrsJobRecord,
  plan: DrsServerPlan,
  opts: { stopped: boolean; tags: Record<string, string> },
): RecoveryInstance {
  const hints = server.sourceProperties?.identificationHints;
  const ip = instance.PrivateIpAddress ?? '';
  return {
    ec2InstanceID: plan.instanceID,
    ec2InstanceState: opts.stopped ? 'STOPPED' : 'RUNNING',
    jobID: record.job.jobID,
    recoveryInstanceID: plan.instanceID,
    sourceServerID: server.sourceServerID,
    arn: `arn:aws:drs:${region}:${accountId}:recovery-instance/${plan.instanceID}`,
    tags: opts.tags,
    pointInTimeSnapshotDateTime: iso(plan.snapshotAt ?? record.steps[0].at),
    isDrill: record.isDrill,
    originEnvironment: server.sourceCloudProperties?.originRegion ? 'AWS' : 'ON_PREMISES',
    ...(server.sourceCloudProperties?.originAvailabilityZone ? { originAvailabilityZone: server.sourceCloudProperties.originAvailabilityZone } : {}),
    recoveryInstanceProperties: {
      lastUpdatedDateTime: iso(instance.LaunchTime?.getTime() ?? record.steps[0].at),
      identificationHints: { hostname: hints?.hostname, fqdn: hints?.fqdn, awsInstanceID: plan.instanceID },
      networkInterfaces: [{ ips: [ip], isPrimary: true }],
      disks: (instance.BlockDeviceMappings ?? []).map((m, i) => ({
        internalDeviceName: m.DeviceName,
        bytes: server.sourceProperties?.disks?.[i]?.bytes,
        ebsVolumeID: m.Ebs?.VolumeId,
      })),
      cpus: server.sourceProperties?.cpus,
      ramBytes: server.sourceProperties?.ramBytes,
      os: server.sourceProperties?.os,
    },
  };
}
