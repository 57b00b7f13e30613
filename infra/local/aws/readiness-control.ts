// Switches that provoke each readiness finding (domain/readiness) in the emulated estate, in-process
// (emu.setReadinessSwitches) and over HTTP (POST /__local/readiness); `{}` undoes every change:
//   replication: [{sourceServerId, state?, lagSeconds?, recoverAfterSeconds?}]  sets a server's DRS
//       dataReplicationState (STALLED, DISCONNECTED, PAUSED, INITIAL_SYNC, BACKLOG, CONTINUOUS…) and
//       lagDuration; STALLED/DISCONNECTED get DRS's dataReplicationError. recoverAfterSeconds: it returns
//       to CONTINUOUS (lag PT1S) after that many simulated seconds (divided by SIM_SPEED).
//   snapshots: [{sourceServerId, ageSeconds}]  its newest recovery snapshot is that old now (null: none);
//       without it DescribeRecoverySnapshots follows replication (every 10 minutes behind the lag).
//   remove: {accountId?, subnetIds?, securityGroupIds?, instanceProfileNames?}  deletes them (launch
//       templates that name them dangle); `{}` puts them back.
//   notOffered: [{region, instanceType, availabilityZone?}]  DescribeInstanceTypeOfferings leaves the
//       type out in that zone (every zone of the region without one).
import type { DataReplicationInfo, SourceServer } from '@aws-sdk/client-drs';
import type { InstanceProfile } from '@aws-sdk/client-iam';
import type { SecurityGroup, Subnet } from '@aws-sdk/client-ec2';
import type { EmulatorState } from './fixtures.ts';

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
  };
}

export interface ReadinessSwitchesJson {
  replication?: Array<{ sourceServerId: string; state?: string; lagSeconds?: number; recoverAfterSeconds?: number }>;
  snapshots?: Array<{ sourceServerId: string; ageSeconds: number | null }>;
  remove?: { accountId?: string; subnetIds?: string[]; securityGroupIds?: string[]; instanceProfileNames?: string[] };
  notOffered?: Array<{ region: string; instanceType: string; availabilityZone?: string }>;
}

const STATES = ['STOPPED', 'INITIATING', 'INITIAL_SYNC', 'BACKLOG', 'CREATING_SNAPSHOT', 'CONTINUOUS', 'PAUSED', 'RESCAN', 'STALLED', 'DISCONNECTED', 'PENDING_SNAPSHOT_SHIPPING', 'SHIPPING_SNAPSHOT'];

const empty = (): ReadinessSwitches => ({ notOffered: [], snapshotAt: {}, recoverAt: {}, originals: {}, removed: { subnets: [], securityGroups: [], instanceProfiles: [] } });

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
  for (const [id, info] of Object.entries(sw.originals)) {
    const s = findServer(state, id);
    if (s) s.dataReplicationInfo = info;
  }
  for (const { accountId, region, item } of sw.removed.subnets) state.accounts[accountId]?.ec2[region]?.subnets.push(item);
  for (const { accountId, region, item } of sw.removed.securityGroups) state.accounts[accountId]?.ec2[region]?.securityGroups.push(item);
  for (const { accountId, item } of sw.removed.instanceProfiles) state.accounts[accountId]?.iam.instanceProfiles.push(item);
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
  const known = ['replication', 'snapshots', 'remove', 'notOffered'];
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
  const notOffered = (patch.notOffered ?? []).map((n) => {
    if (typeof n?.region !== 'string' || typeof n.instanceType !== 'string') throw new Error('notOffered entries need region and instanceType');
    if (n.availabilityZone !== undefined && typeof n.availabilityZone !== 'string') throw new Error('notOffered.availabilityZone must be a string');
    return { region: n.region, instanceType: n.instanceType, ...(n.availabilityZone ? { availabilityZone: n.availabilityZone } : {}) };
  });

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
  sw.notOffered.push(...notOffered);
  return readinessJson(state);
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
    },
    notOffered: sw.notOffered,
  };
}

/** Whether EC2 offers the type in the zone (every catalog type, unless a notOffered switch says not). */
export function offered(state: EmulatorState, region: string, zone: string, instanceType: string): boolean {
  return !(state.readiness?.notOffered ?? []).some((n) => n.region === region && n.instanceType === instanceType && (!n.availabilityZone || n.availabilityZone === zone));
}
