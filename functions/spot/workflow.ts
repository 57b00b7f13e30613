// The provisioning workflow's steps (infra/spot/state-machine.asl.json): each takes the run's state and
// answers the next one. acquire → provision | teardown → (wait → refresh)* → release.
import { randomUUID } from 'node:crypto';
import { spotConfig } from '../../domain/spot/model.ts';
import { acquireRunLock, clearSpotInstance, listSpotInstances, recordSpotInstance, releaseRunLock, updateSpotInstance } from '../../domain/spot/store.ts';
import { describe, launchCheapest, terminateTagged } from './ec2.ts';
import { provisioningEnabled } from './state.ts';

export interface RunState {
  mode: 'provision' | 'teardown';
  trigger?: string;
  owner?: string;
  acquired?: boolean;
  attempts?: number;
  /** provision: DISABLED | ACTIVE (one already there) | LAUNCHED (pending) | RUNNING | GONE; teardown: TORN_DOWN. */
  status?: string;
  instance?: { region: string; instanceId: string };
  polls?: number;
  waitSeconds?: number;
  terminated?: string[];
  skipped?: Array<{ region: string; reason: string }>;
}

/** A run holding the lock longer than this is presumed dead (its lock is taken over). */
const LEASE_SECONDS = 900;
const LOCK_RETRY_SECONDS = 5;
const POLL_SECONDS = 10;
const GONE = ['shutting-down', 'terminated'];

export async function acquire(s: RunState): Promise<RunState> {
  const owner = s.owner ?? randomUUID();
  const acquired = await acquireRunLock(owner, s.mode, LEASE_SECONDS);
  return { ...s, owner, acquired, attempts: (s.attempts ?? 0) + 1, waitSeconds: LOCK_RETRY_SECONDS };
}

/** Keeps the records true to EC2: drops instances that are gone, refreshes the others; answers the live ones. */
async function liveRecords() {
  const live = [];
  for (const r of await listSpotInstances()) {
    const i = await describe(r.region, r.instanceId);
    const state = i?.State?.Name ?? 'terminated';
    if (GONE.includes(state)) {
      await clearSpotInstance(r.region, r.instanceId);
      continue;
    }
    await updateSpotInstance(r.region, r.instanceId, { state, publicIp: i?.PublicIpAddress, privateIp: i?.PrivateIpAddress });
    live.push(r);
  }
  return live;
}

export async function provision(s: RunState): Promise<RunState> {
  if (!(await provisioningEnabled())) return { ...s, status: 'DISABLED' };
  const live = await liveRecords();
  if (live.length) return { ...s, status: 'ACTIVE', instance: { region: live[0].region, instanceId: live[0].instanceId } };
  const config = spotConfig();
  const { offer, instance, skipped } = await launchCheapest(config, s.owner!);
  const now = new Date().toISOString();
  await recordSpotInstance({
    instanceId: instance.InstanceId!,
    region: offer.region,
    instanceType: config.instanceType,
    availabilityZone: instance.Placement?.AvailabilityZone,
    subnetId: instance.SubnetId,
    state: instance.State?.Name ?? 'pending',
    publicIp: instance.PublicIpAddress,
    privateIp: instance.PrivateIpAddress,
    spotPrice: String(offer.price),
    launchedAt: now,
    updatedAt: now,
  });
  return { ...s, status: 'LAUNCHED', instance: { region: offer.region, instanceId: instance.InstanceId! }, polls: 0, waitSeconds: POLL_SECONDS, skipped };
}

/** Until the launched instance runs (and has its public address) or is gone. */
export async function refresh(s: RunState): Promise<RunState> {
  const { region, instanceId } = s.instance!;
  const i = await describe(region, instanceId);
  const state = i?.State?.Name ?? 'terminated';
  if (GONE.includes(state)) {
    await clearSpotInstance(region, instanceId);
    return { ...s, status: 'GONE' };
  }
  await updateSpotInstance(region, instanceId, { state, publicIp: i?.PublicIpAddress, privateIp: i?.PrivateIpAddress });
  return { ...s, status: state === 'running' ? 'RUNNING' : 'LAUNCHED', polls: (s.polls ?? 0) + 1 };
}

/** Terminates what provisioning launched in every configured or recorded region, and clears the records. */
export async function teardown(s: RunState): Promise<RunState> {
  const records = await listSpotInstances();
  const regions = new Set([...spotConfig().regions, ...records.map((r) => r.region)]);
  const terminated: string[] = [];
  for (const region of regions) {
    const ids = records.filter((r) => r.region === region).map((r) => r.instanceId);
    terminated.push(...(await terminateTagged(region, ids)));
  }
  for (const r of records) await clearSpotInstance(r.region, r.instanceId);
  return { ...s, status: 'TORN_DOWN', terminated };
}

export async function release(s: RunState): Promise<RunState> {
  if (s.owner && s.acquired) await releaseRunLock(s.owner);
  return s;
}
