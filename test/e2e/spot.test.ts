// Spot capacity (seed 003) end to end on the local stack, through REST (the seed's bodies) and GraphQL:
// 404 when none; enable → an instance in the cheapest region (us-east-2 on the emulator's price model)
// → disable with teardown → nothing of ours left running in EC2; a capacity fault in the cheapest
// region → the next one (us-west-2, into the configured subnet); disable without teardown keeps the
// instance; 400 on a bad body; 403 for a role that may not change provisioning.
import { DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SPOT_TAG } from '../../domain/spot/model.ts';
import { SPOT } from '../../infra/api.ts';
import { gql, login, type GqlResult } from '../support/client.ts';
import { idToken, restHttp, type RestAnswer } from '../support/rest.ts';

const ep = inject('endpoints');
const REGIONS = ['us-east-2', 'us-west-2', 'us-east-1'];
let adminId: string;
let readonlyId: string;
let adminAccess: string;
let operatorAccess: string;
let readonlyAccess: string;

const ec2 = (region: string) => new EC2Client({ region, endpoint: ep.awsEndpoint, credentials: ep.credentials });
const get = (token = readonlyId) => restHttp(ep, { method: 'GET', path: '/spot-instances', authorization: `Bearer ${token}` });
const post = (body: unknown, token = adminId) => restHttp(ep, { method: 'POST', path: '/spot-provisioning', body, authorization: `Bearer ${token}` });
const faults = (body: unknown) => fetch(`${ep.awsEndpoint}/__local/ec2/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const LIST = `query { listSpotInstances { items { instanceId region publicIp privateIp } } }`;
const SET = `mutation S($a: SpotProvisioningAction!, $t: Boolean) { setSpotProvisioning(action: $a, teardown: $t) { enabled teardownRequested message } }`;
type Listed = { listSpotInstances: { items: Array<{ instanceId: string; region: string; publicIp: string | null; privateIp: string | null }> } };

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 25_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Our instances EC2 lists in a region (any state), by the tag provisioning puts on them. */
async function ours(region: string): Promise<Instance[]> {
  const c = ec2(region);
  try {
    const r = await c.send(new DescribeInstancesCommand({ Filters: [{ Name: `tag:${SPOT_TAG}`, Values: [ep.stage] }] }));
    return (r.Reservations ?? []).flatMap((x) => x.Instances ?? []);
  } finally {
    c.destroy();
  }
}
async function liveOurs(): Promise<Instance[]> {
  const all = (await Promise.all(REGIONS.map(ours))).flat();
  return all.filter((i) => ['pending', 'running'].includes(i.State?.Name ?? ''));
}

function expectError(r: RestAnswer, status: number, code: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.body).toMatchObject({ error: code, message: expect.any(String) });
  expect(r.text).not.toMatch(/stack|Exception|arn:aws/i);
}

beforeAll(async () => {
  [adminId, readonlyId, adminAccess, operatorAccess, readonlyAccess] = await Promise.all([
    idToken(ep, 'admin'),
    idToken(ep, 'readonly'),
    login(ep, 'admin'),
    login(ep, 'operator'),
    login(ep, 'readonly'),
  ]);
  // Nothing live before this file: no other file may turn provisioning on in the shared stack (rbac.test.ts
  // once did, calling setSpotProvisioning(enable) as every admitted role; it now sends enable + teardown,
  // which is refused after authorization).
  expect(await liveOurs()).toEqual([]);
  expect((await get()).status).toBe(404);
});

/** No workflow run in flight (a run cut short by the stack's stop would hold its Lambda call open). */
async function quiet(): Promise<void> {
  const sfn = new SFNClient({ region: ep.region, endpoint: ep.awsEndpoint, credentials: ep.credentials });
  try {
    const machines = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? [];
    const stateMachineArn = machines.find((m) => m.name === SPOT.name(ep.stage))!.stateMachineArn!;
    await until('no spot workflow run in flight', async () => {
      const running = (await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }))).executions ?? [];
      return running.length === 0 ? true : undefined;
    });
  } finally {
    sfn.destroy();
  }
}

afterAll(async () => {
  await faults({});
  // Leave nothing running for other files, and no run in flight when the stack stops.
  if ((await liveOurs()).length || (await get()).status !== 404) await post({ action: 'disable', teardown: true });
  await until('nothing of ours live', async () => ((await liveOurs()).length === 0 && (await get()).status === 404 ? true : undefined));
  await quiet();
});

describe('spot capacity', () => {
  it('GET /spot-instances answers 404 when there are none', async () => {
    expect(await liveOurs()).toEqual([]);
    expectError(await get(), 404, 'NOT_FOUND');
    const r = await gql<Listed>(ep, readonlyAccess, LIST);
    expect(r.data?.listSpotInstances.items).toEqual([]);
  });

  it('refuses bad bodies with 400 and a role that may not change provisioning with 403', async () => {
    expectError(await post({ action: 'pause' }), 400, 'INVALID_REQUEST');
    expectError(await post({}), 400, 'INVALID_REQUEST');
    expectError(await post({ action: 'disable', teardown: 'yes' }), 400, 'INVALID_REQUEST');
    expectError(await post({ action: 'enable', teardown: true }), 400, 'INVALID_REQUEST');
    expectError(await post({ action: 'enable' }, readonlyId), 403, 'FORBIDDEN');
    const g: GqlResult = await gql(ep, operatorAccess, SET, { a: 'enable' });
    expect(g.data?.setSpotProvisioning ?? null).toBeNull();
    expect(g.errors?.[0]?.errorType).toMatch(/^(Unauthorized|FORBIDDEN)$/);
    // Nothing was started by any of them.
    expect(await liveOurs()).toEqual([]);
    expectError(await get(), 404, 'NOT_FOUND');
  });

  it('enable → an instance in the cheapest region → disable with teardown → none left running (REST)', { timeout: 60_000 }, async () => {
    const on = await post({ action: 'enable' });
    expect(on.status, on.text).toBe(200);
    expect(on.body).toEqual({ message: 'Spot provisioning enabled successfully' });

    const listed = await until('a running spot instance', async () => {
      const r = await get();
      return r.status === 200 && r.body.instances[0]?.public_ip ? r.body : undefined;
    });
    expect(listed).toEqual({ region: 'us-east-2', instances: [{ instance_id: expect.stringMatching(/^i-/), public_ip: expect.any(String), private_ip: expect.any(String), region: 'us-east-2' }] });
    const id = listed.instances[0].instance_id as string;
    const [inEc2] = (await ours('us-east-2')).filter((i) => i.InstanceId === id);
    expect(inEc2).toMatchObject({ InstanceLifecycle: 'spot', State: { Name: 'running' }, PublicIpAddress: listed.instances[0].public_ip });
    // One instance, even after the schedule has fired again (one run at a time, one live instance).
    await new Promise((r) => setTimeout(r, 2500));
    expect((await liveOurs()).map((i) => i.InstanceId)).toEqual([id]);

    const off = await post({ action: 'disable', teardown: true });
    expect(off.status, off.text).toBe(200);
    expect(off.body).toEqual({ message: 'Spot provisioning disabled successfully' });
    await until('the record cleared', async () => ((await get()).status === 404 ? true : undefined));
    await until('no instance of ours left running', async () => ((await liveOurs()).length === 0 ? true : undefined));
    await until('the instance terminated', async () => ((await ours('us-east-2')).find((i) => i.InstanceId === id)?.State?.Name === 'terminated' ? true : undefined));
  });

  it('falls back to the next region on InsufficientInstanceCapacity; disable without teardown keeps it (GraphQL)', { timeout: 60_000 }, async () => {
    expect((await faults({ insufficientCapacity: [{ region: 'us-east-2', marketType: 'spot' }] })).status).toBe(200);
    const on = await gql<{ setSpotProvisioning: unknown }>(ep, adminAccess, SET, { a: 'enable' });
    expect(on.data?.setSpotProvisioning, JSON.stringify(on.errors)).toEqual({ enabled: true, teardownRequested: false, message: 'Spot provisioning enabled successfully' });
    const item = await until('a running spot instance', async () => {
      const r = await gql<Listed>(ep, readonlyAccess, LIST);
      const i = r.data?.listSpotInstances.items[0];
      return i?.publicIp ? i : undefined;
    });
    expect(item.region).toBe('us-west-2');
    const [inEc2] = (await ours('us-west-2')).filter((i) => i.InstanceId === item.instanceId);
    // us-west-2 has no default VPC: into the configured (fixture) subnet, with a public address.
    expect(inEc2).toMatchObject({ InstanceLifecycle: 'spot', PrivateIpAddress: item.privateIp, PublicIpAddress: item.publicIp });
    expect(inEc2.SubnetId).toMatch(/^subnet-/);
    expect(await ours('us-east-2').then((l) => l.filter((i) => i.State?.Name !== 'terminated'))).toEqual([]);

    const off = await gql<{ setSpotProvisioning: unknown }>(ep, adminAccess, SET, { a: 'disable' });
    expect(off.data?.setSpotProvisioning).toEqual({ enabled: false, teardownRequested: false, message: 'Spot provisioning disabled successfully' });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await liveOurs()).map((i) => i.InstanceId)).toEqual([item.instanceId]);
    expect((await get()).body).toMatchObject({ region: 'us-west-2', instances: [{ instance_id: item.instanceId }] });

    const down = await gql<{ setSpotProvisioning: unknown }>(ep, adminAccess, SET, { a: 'disable', t: true });
    expect(down.data?.setSpotProvisioning).toEqual({ enabled: false, teardownRequested: true, message: 'Spot provisioning disabled successfully' });
    await until('no instance of ours left running', async () => ((await liveOurs()).length === 0 ? true : undefined));
    await until('the record cleared', async () => ((await gql<Listed>(ep, readonlyAccess, LIST)).data?.listSpotInstances.items.length === 0 ? true : undefined));
  });
});
