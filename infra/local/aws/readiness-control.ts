// Switches that provoke each readiness finding (domain/readiness) in the emulated estate, in-process
// (emu.setReadinessSwitches) and over HTTP (POST /__local/readiness). A patch is validated whole before
// anything changes; `{}` undoes every change. Where AWS has a call, it works too, without the undo:
// IAM DeleteInstanceProfile, EC2 DeleteLaunchTemplate, IAM UpdateAssumeRolePolicy (a role's trust).
//   replication: [{sourceServerId, state?, lagSeconds?, recoverAfterSeconds?}]  sets a server's DRS
//       dataReplicationState (STALLED, DISCONNECTED, PAUSED, INITIAL_SYNC, BACKLOG, CONTINUOUS…) and
//       lagDuration; STALLED/DISCONNECTED get DRS's dataReplicationError. recoverAfterSeconds: it returns
//       to CONTINUOUS (lag PT1S) after that many simulated seconds (divided by SIM_SPEED).
//   snapshots: [{sourceServerId, ageSeconds}]  its newest recovery snapshot is that old now (null: none);
//       without it DescribeRecoverySnapshots follows replication (every 10 minutes behind the lag).
//   remove: {accountId?, subnetIds?, securityGroupIds?, instanceProfileNames?, sourceServerIds?,
//       launchTemplateIds?}  deletes them from that account (default: the local one): launch templates
//       that name a subnet, group or profile dangle; a source server leaves DRS (a group naming it
//       explicitly keeps its id); a launch template leaves EC2 (its server's DRS launch configuration
//       still names it). Unknown source server or template ids are refused. `{}` puts them all back.
//   notOffered: [{region, instanceType, availabilityZone?}]  DescribeInstanceTypeOfferings leaves the
//       type out in that zone (every zone of the region without one).
//   uninitialized: [{region, accountId?}]  DRS in that region of the account (default: the local one)
//       answers UninitializedAccountException to every call; `{}` initializes it again.
//   deny: [{action, accountId?, region?}]  `<service>:<Operation>` (iam, sts, drs or ec2) answers the
//       service's own access-denied error (IAM/STS AccessDenied, DRS AccessDeniedException, EC2
//       UnauthorizedOperation; 403) to callers of that account, in that region (default: any); deny.ts.
import type { DataReplicationInfo, LaunchConfiguration, SourceServer } from '@aws-sdk/client-drs';
import type { InstanceProfile } from '@aws-sdk/client-iam';
import type { SecurityGroup, Subnet } from '@aws-sdk/client-ec2';
import { type DenyRule, denyRules } from './deny.ts';
import type { AccountState, EmulatorState, LaunchTemplateRecord } from './fixtures.ts';

export interface ReadinessSwitches {
  notOffered: Array<{ region: string; instanceType: string; availabilityZone?: string }>;
  /** Newest snapshot time (epoch ms) per server; null: the server has none. */
  snapshotAt: Record<string, number | null>;
  /** When (epoch ms) a server's replication returns to CONTINUOUS. */
  recoverAt: Record<string, number>;
  /** The replication info of servers before the first change, for `{}`. */
  originals: Record<string, DataReplicationInfo | undefined>;
  removed: {
    subnets: Array<{ accountId: string; region: string; item: Subnet }>;
    securityGroups: Array<{ accountId: string; region: string; item: SecurityGroup }>;
    instanceProfiles: Array<{ accountId: string; item: InstanceProfile }>;
    sourceServers: Array<{ accountId: string; region: string; item: SourceServer; launch?: LaunchConfiguration }>;
    launchTemplates: Array<{ accountId: string; region: string; item: LaunchTemplateRecord }>;
  };
  /** Regions whose DRS a switch uninitialized (initialized again by `{}`). */
  uninitialized: Array<{ accountId: string; region: string }>;
  deny: DenyRule[];
}

export interface ReadinessSwitchesJson {
  replication?: Array<{ sourceServerId: string; state?: string; lagSeconds?: number; recoverAfterSeconds?: number }>;
  snapshots?: Array<{ sourceServerId: string; ageSeconds: number | null }>;
  remove?: { accountId?: string; subnetIds?: string[]; securityGroupIds?: string[]; instanceProfileNames?: string[]; sourceServerIds?: string[]; launchTemplateIds?: string[] };
  notOffered?: Array<{ region: string; instanceType: string; availabilityZone?: string }>;
  uninitialized?: Array<{ region: string; accountId?: string }>;
  deny?: DenyRule[];
}

const STATES = ['STOPPED', 'INITIATING', 'INITIAL_SYNC', 'BACKLOG', 'CREATING_SNAPSHOT', 'CONTINUOUS', 'PAUSED', 'RESCAN', 'STALLED', 'DISCONNECTED', 'PENDING_SNAPSHOT_SHIPPING', 'SHIPPING_SNAPSHOT'];

const empty = (): ReadinessSwitches => ({
  notOffered: [],
  snapshotAt: {},
  recoverAt: {},
  originals: {},
  removed: { subnets: [], securityGroups: [], instanceProfiles: [], sourceServers: [], launchTemplates: [] },
  uninitialized: [],
  deny: [],
});
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function readinessSwitches(state: EmulatorState): ReadinessSwitches {
  return (state.readiness ??= empty());
}

/** The source server with this id in any account and region. */
export function findServer(state: EmulatorState, id: string): SourceServer | undefined {
  for (const account of Object.values(state.accounts)) {
    for (const drs of Object.values(account.drs)) {
      const s = drs.servers.find((x) => x.sourceServerID === id);
      if (s) return s;
    }
  }
  return undefined;
}

function setReplication(s: SourceServer, state: string, lagSeconds: number | undefined): void {
  const info = (s.dataReplicationInfo ??= {});
  info.dataReplicationState = state as DataReplicationInfo['dataReplicationState'];
  info.lagDuration = `PT${Math.round(lagSeconds ?? (state === 'CONTINUOUS' ? 1 : 0))}S`;
  delete info.dataReplicationError;
  if (state === 'STALLED') info.dataReplicationError = { error: 'UNSTABLE_NETWORK', rawError: 'Replication server lost connectivity to the agent' };
  if (state === 'DISCONNECTED') info.dataReplicationError = { error: 'AGENT_NOT_SEEN', rawError: 'The replication agent has not been seen recently' };
}

/** Servers whose recoverAfterSeconds came: back to CONTINUOUS (the DRS service calls this on every request). */
export function advanceReplication(state: EmulatorState, now: number): void {
  const sw = state.readiness;
  if (!sw) return;
  for (const [id, at] of Object.entries(sw.recoverAt)) {
    if (at > now) continue;
    const s = findServer(state, id);
    if (s) setReplication(s, 'CONTINUOUS', 1);
    delete sw.recoverAt[id];
  }
}

function restoreAll(state: EmulatorState, sw: ReadinessSwitches): void {
  // Servers first: a replication switch may have changed one that was removed afterwards.
  for (const { accountId, region, item, launch } of sw.removed.sourceServers) {
    const drs = state.accounts[accountId]?.drs[region];
    if (!drs) continue;
    drs.servers.push(item);
    if (launch) drs.launchConfigurations[item.sourceServerID!] = launch;
  }
  for (const [id, info] of Object.entries(sw.originals)) {
    const s = findServer(state, id);
    if (s) s.dataReplicationInfo = info;
  }
  for (const { accountId, region, item } of sw.removed.subnets) state.accounts[accountId]?.ec2[region]?.subnets.push(item);
  for (const { accountId, region, item } of sw.removed.securityGroups) state.accounts[accountId]?.ec2[region]?.securityGroups.push(item);
  for (const { accountId, item } of sw.removed.instanceProfiles) state.accounts[accountId]?.iam.instanceProfiles.push(item);
  for (const { accountId, region, item } of sw.removed.launchTemplates) state.accounts[accountId]?.ec2[region]?.launchTemplates.push(item);
  for (const { accountId, region } of sw.uninitialized) {
    const drs = state.accounts[accountId]?.drs[region];
    if (drs) drs.initialized = true;
  }
  state.readiness = empty();
}

const strings = (v: unknown, name: string): string[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${name} must be a list of strings`);
  return v;
};

/** Applies a patch (validated first); `{}` undoes every change. Answers the switches as JSON. */
export function setReadinessSwitches(state: EmulatorState, patch: ReadinessSwitchesJson, defaultAccount: string, now = Date.now()): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new Error('The readiness switches must be a JSON object');
  const known = ['replication', 'snapshots', 'remove', 'notOffered', 'uninitialized', 'deny'];
  const unknown = Object.keys(patch).filter((k) => !known.includes(k));
  if (unknown.length) throw new Error(`Unknown readiness switches: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const sw = readinessSwitches(state);
  if (Object.keys(patch).length === 0) {
    restoreAll(state, sw);
    return readinessJson(state);
  }
  // Validate everything before changing anything.
  const replication = (patch.replication ?? []).map((r) => {
    const s = typeof r?.sourceServerId === 'string' ? findServer(state, r.sourceServerId) : undefined;
    if (!s) throw new Error(`replication: no source server ${r?.sourceServerId}`);
    if (r.state !== undefined && !STATES.includes(r.state)) throw new Error(`replication.state must be one of ${STATES.join(', ')}`);
    if (r.lagSeconds !== undefined && !(typeof r.lagSeconds === 'number' && r.lagSeconds >= 0)) throw new Error('replication.lagSeconds must be a number of seconds');
    if (r.recoverAfterSeconds !== undefined && !(typeof r.recoverAfterSeconds === 'number' && r.recoverAfterSeconds > 0)) throw new Error('replication.recoverAfterSeconds must be a positive number');
    return { s, r };
  });
  const snapshots = (patch.snapshots ?? []).map((x) => {
    if (!findServer(state, x?.sourceServerId)) throw new Error(`snapshots: no source server ${x?.sourceServerId}`);
    if (x.ageSeconds !== null && !(typeof x.ageSeconds === 'number' && x.ageSeconds >= 0)) throw new Error('snapshots.ageSeconds must be a number of seconds or null');
    return x;
  });
  const remove = patch.remove ?? {};
  const account = state.accounts[remove.accountId ?? defaultAccount];
  if (!account) throw new Error(`remove.accountId: no account ${remove.accountId}`);
  const subnetIds = strings(remove.subnetIds, 'remove.subnetIds');
  const groupIds = strings(remove.securityGroupIds, 'remove.securityGroupIds');
  const profileNames = strings(remove.instanceProfileNames, 'remove.instanceProfileNames');
  const serverIds = [...new Set(strings(remove.sourceServerIds, 'remove.sourceServerIds'))];
  const templateIds = [...new Set(strings(remove.launchTemplateIds, 'remove.launchTemplateIds'))];
  for (const id of serverIds) if (!regionOf(account, id, 'server')) throw new Error(`remove.sourceServerIds: no source server ${id} in account ${account.accountId}`);
  for (const id of templateIds) if (!regionOf(account, id, 'template')) throw new Error(`remove.launchTemplateIds: no launch template ${id} in account ${account.accountId}`);
  const notOffered = (patch.notOffered ?? []).map((n) => {
    if (typeof n?.region !== 'string' || typeof n.instanceType !== 'string') throw new Error('notOffered entries need region and instanceType');
    if (n.availabilityZone !== undefined && typeof n.availabilityZone !== 'string') throw new Error('notOffered.availabilityZone must be a string');
    return { region: n.region, instanceType: n.instanceType, ...(n.availabilityZone ? { availabilityZone: n.availabilityZone } : {}) };
  });
  if (patch.uninitialized !== undefined && !Array.isArray(patch.uninitialized)) throw new Error('uninitialized must be a list of {region, accountId?}');
  const uninitialized = (patch.uninitialized ?? []).map((u) => {
    if (typeof u?.region !== 'string' || !REGION.test(u.region)) throw new Error(`uninitialized.region must be an AWS region name, not ${JSON.stringify(u?.region)}`);
    const a = state.accounts[u.accountId ?? defaultAccount];
    if (!a) throw new Error(`uninitialized.accountId: no account ${u.accountId}`);
    return { account: a, region: u.region };
  });
  const deny = denyRules(patch.deny, Object.keys(state.accounts));

  for (const { s, r } of replication) {
    const id = s.sourceServerID!;
    if (!(id in sw.originals)) sw.originals[id] = structuredClone(s.dataReplicationInfo);
    setReplication(s, r.state ?? s.dataReplicationInfo?.dataReplicationState ?? 'CONTINUOUS', r.lagSeconds);
    delete sw.recoverAt[id];
    if (r.recoverAfterSeconds) sw.recoverAt[id] = now + (r.recoverAfterSeconds * 1000) / state.simSpeed;
  }
  for (const x of snapshots) sw.snapshotAt[x.sourceServerId] = x.ageSeconds === null ? null : now - x.ageSeconds * 1000;
  for (const [region, ec2] of Object.entries(account.ec2)) {
    for (const item of ec2.subnets.filter((s) => subnetIds.includes(s.SubnetId ?? ''))) sw.removed.subnets.push({ accountId: account.accountId, region, item });
    ec2.subnets = ec2.subnets.filter((s) => !subnetIds.includes(s.SubnetId ?? ''));
    for (const item of ec2.securityGroups.filter((g) => groupIds.includes(g.GroupId ?? ''))) sw.removed.securityGroups.push({ accountId: account.accountId, region, item });
    ec2.securityGroups = ec2.securityGroups.filter((g) => !groupIds.includes(g.GroupId ?? ''));
  }
  for (const item of account.iam.instanceProfiles.filter((p) => profileNames.includes(p.InstanceProfileName ?? ''))) sw.removed.instanceProfiles.push({ accountId: account.accountId, item });
  account.iam.instanceProfiles = account.iam.instanceProfiles.filter((p) => !profileNames.includes(p.InstanceProfileName ?? ''));
  for (const id of serverIds) {
    const region = regionOf(account, id, 'server')!;
    const drs = account.drs[region];
    const item = drs.servers.find((x) => x.sourceServerID === id)!;
    sw.removed.sourceServers.push({ accountId: account.accountId, region, item, launch: drs.launchConfigurations[id] });
    drs.servers = drs.servers.filter((x) => x !== item);
    delete drs.launchConfigurations[id];
  }
  for (const id of templateIds) {
    const region = regionOf(account, id, 'template')!;
    const ec2 = account.ec2[region];
    const item = ec2.launchTemplates.find((t) => t.template.LaunchTemplateId === id)!;
    sw.removed.launchTemplates.push({ accountId: account.accountId, region, item });
    ec2.launchTemplates = ec2.launchTemplates.filter((t) => t !== item);
  }
  sw.notOffered.push(...notOffered);
  for (const { account: a, region } of uninitialized) {
    const drs = a.drs[region];
    // A region DRS never had answers UninitializedAccountException already: nothing to undo there.
    if (!drs?.initialized) continue;
    drs.initialized = false;
    sw.uninitialized.push({ accountId: a.accountId, region });
  }
  sw.deny.push(...deny);
  return readinessJson(state);
}

/** The region of the account whose DRS has the source server, or whose EC2 has the launch template. */
function regionOf(account: AccountState, id: string, kind: 'server' | 'template'): string | undefined {
  if (kind === 'server') return Object.keys(account.drs).find((r) => account.drs[r].servers.some((s) => s.sourceServerID === id));
  return Object.keys(account.ec2).find((r) => account.ec2[r].launchTemplates.some((t) => t.template.LaunchTemplateId === id));
}

export function readinessJson(state: EmulatorState): unknown {
  const sw = readinessSwitches(state);
  return {
    replication: Object.keys(sw.originals).map((id) => {
      const info = findServer(state, id)?.dataReplicationInfo;
      return { sourceServerId: id, state: info?.dataReplicationState ?? null, lagDuration: info?.lagDuration ?? null, recoverAt: sw.recoverAt[id] ? new Date(sw.recoverAt[id]).toISOString() : null };
    }),
    snapshots: Object.entries(sw.snapshotAt).map(([id, at]) => ({ sourceServerId: id, newest: at === null ? null : new Date(at).toISOString() })),
    removed: {
      subnetIds: sw.removed.subnets.map((x) => x.item.SubnetId),
      securityGroupIds: sw.removed.securityGroups.map((x) => x.item.GroupId),
      instanceProfileNames: sw.removed.instanceProfiles.map((x) => x.item.InstanceProfileName),
      sourceServerIds: sw.removed.sourceServers.map((x) => x.item.sourceServerID),
      launchTemplateIds: sw.removed.launchTemplates.map((x) => x.item.template.LaunchTemplateId),
    },
    notOffered: sw.notOffered,
    uninitialized: sw.uninitialized,
    deny: sw.deny,
  };
}

/** Whether EC2 offers the type in the zone (every catalog type, unless a notOffered switch says not). */
export function offered(state: EmulatorState, region: string, zone: string, instanceType: string): boolean {
  return !(state.readiness?.notOffered ?? []).some((n) => n.region === region && n.instanceType === instanceType && (!n.availabilityZone || n.availabilityZone === zone));
}
