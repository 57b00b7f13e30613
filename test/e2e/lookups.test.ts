// Lookups end to end on the started local stack: Cognito logins, GraphQL over HTTP, the lookups Lambda
// against the DRS/EC2/IAM/STS/Cognito/Step Functions emulator, compared with what the SDK reads there.
// A region of its own (seeded with more source servers than one DRS page) keeps tag sync and job
// counts away from the estate the other test files share.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DescribeJobsCommand,
  DescribeSourceServersCommand,
  DrsClient,
  StartRecoveryCommand,
  type SourceServer as DrsServer,
} from '@aws-sdk/client-drs';
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { IAMClient, ListInstanceProfilesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { permissionsOf } from '../../platform/rbac.ts';
import { errorOf, gql, gqlIam, login, ok } from '../support/client.ts';

const ep = inject('endpoints');
// Other test files may switch on DRS throttling while this one runs: retry as the functions do.
const aws = { region: ep.region, endpoint: ep.awsEndpoint, credentials: ep.credentials, maxAttempts: 8 };
const run = Math.random().toString(36).slice(2, 8);
/** This file's own DRS region: not among the fixture regions, nor the DRS_REGIONS probed by default. */
const OWN = 'sa-east-1';
const SEEDED = 1001;
const SUITE_TAG = { key: 'LookupSuite', value: `lookups-${run}` };

const drsIn = (region: string) => new DrsClient({ ...aws, region });
const ec2In = (region: string) => new EC2Client({ ...aws, region });

async function seed(count: number, hostnamePrefix: string, tags: Record<string, string>): Promise<string[]> {
  const res = await fetch(`${ep.awsEndpoint}/__local/drs/source-servers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ region: OWN, count, hostnamePrefix, tags }),
  });
  if (!res.ok) throw new Error(`seed failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ids: string[] }).ids;
}

async function allServers(region: string): Promise<DrsServer[]> {
  const out: DrsServer[] = [];
  let nextToken: string | undefined;
  do {
    const page = await drsIn(region).send(new DescribeSourceServersCommand({ filters: {}, nextToken }));
    out.push(...(page.items ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

const byKey = <T extends { key: string }>(xs: T[]) => [...xs].sort((a, b) => a.key.localeCompare(b.key));
const tagList = (m: Record<string, string> | undefined) => byKey(Object.entries(m ?? {}).map(([key, value]) => ({ key, value })));

let admin: string, operator: string, readonly: string, planManager: string;
let seeded: string[] = [];

beforeAll(async () => {
  [admin, operator, readonly, planManager] = await Promise.all(['admin', 'operator', 'readonly', 'plan-manager'].map((u) => login(ep, u)));
  // Two calls: the seed control adds at most 1000 servers at a time.
  seeded = [...(await seed(1000, `lk${run}a`, { [SUITE_TAG.key]: SUITE_TAG.value, Tier: 'App' })), ...(await seed(SEEDED - 1000, `lk${run}b`, { [SUITE_TAG.key]: SUITE_TAG.value, Tier: 'App' }))];
}, 60_000);

describe('DRS lookups', () => {
  const QUERY = `query Q($region: String!, $tags: [TagInput!]!, $accountId: String) {
    queryServersByTags(region: $region, tags: $tags, accountId: $accountId) {
      servers { sourceServerId hostname nameTag sourceInstanceId sourceRegion replicationState state tags { key value } assignedProtectionGroupId }
      matchedTags { key value } } }`;
  type Match = { queryServersByTags: { servers: Array<{ sourceServerId: string; tags: Array<{ key: string; value: string }>; sourceRegion: string }>; matchedTags: Array<{ key: string; value: string }> } };

  it('queryServersByTags answers the servers whose tags include every given tag, with the matched tags', async () => {
    const tags = [{ key: 'DR-Tier', value: 'Database' }, { key: 'DR-Application', value: 'HRP' }];
    const r = ok(await gql<Match>(ep, readonly, QUERY, { region: 'us-east-1', tags })).queryServersByTags;
    const want = (await allServers('us-east-1')).filter((s) => tags.every((t) => s.tags?.[t.key] === t.value)).map((s) => s.sourceServerID).sort();
    expect(want.length).toBeGreaterThan(0);
    expect(r.servers.map((s) => s.sourceServerId).sort()).toEqual(want);
    expect(r.matchedTags).toEqual(byKey(tags));
    for (const s of r.servers) expect(s.sourceRegion).toBe('us-east-1');
    // The caller's own account named explicitly is the same lookup.
    const account = (await new STSClient(aws).send(new GetCallerIdentityCommand({}))).Account!;
    const same = ok(await gql<Match>(ep, readonly, QUERY, { region: 'us-east-1', tags, accountId: account })).queryServersByTags;
    expect(same.servers.map((s) => s.sourceServerId).sort()).toEqual(want);
  });

  it('answers every page: more servers than DRS answers at once', async () => {
    const first = await drsIn(OWN).send(new DescribeSourceServersCommand({ filters: {} }));
    expect(first.items).toHaveLength(1000);
    expect(first.nextToken).toBeTruthy();
    const r = ok(await gql<Match>(ep, readonly, QUERY, { region: OWN, tags: [SUITE_TAG] })).queryServersByTags;
    expect(r.servers).toHaveLength(SEEDED);
    expect(new Set(r.servers.map((s) => s.sourceServerId))).toEqual(new Set(seeded));
  });

  it('answers MISSING_REGION, DRS_NOT_INITIALIZED with the console hint, and TARGET_ACCOUNT_NOT_FOUND', async () => {
    const tags = [{ key: 'DR-Tier', value: 'Database' }];
    expect(errorOf(await gql(ep, readonly, QUERY, { region: '', tags })).errorType).toBe('MISSING_REGION');
    expect(errorOf(await gql(ep, readonly, `{ getDrsQuotas(region: " ") { region } }`)).errorType).toBe('MISSING_REGION');
    const uninit = errorOf(await gql(ep, readonly, QUERY, { region: 'eu-west-1', tags }));
    expect(uninit.errorType).toBe('DRS_NOT_INITIALIZED');
    expect(uninit.message).toMatch(/initializ.*Console/i);
    expect(uninit.errorInfo).toMatchObject({ region: 'eu-west-1' });
    expect(errorOf(await gql(ep, readonly, `{ getDrsQuotas(region: "eu-west-1") { region } }`)).errorType).toBe('DRS_NOT_INITIALIZED');
    const stranger = await gql(ep, readonly, QUERY, { region: 'us-east-1', tags, accountId: '999999999999' });
    expect(errorOf(stranger).errorType).toBe('TARGET_ACCOUNT_NOT_FOUND');
    expect(errorOf(await gql(ep, readonly, `{ listSubnets(region: "us-east-1", accountId: "999999999999") { subnetId } }`)).errorType).toBe('TARGET_ACCOUNT_NOT_FOUND');
  });

  const QUOTAS = `query Q($region: String!) { getDrsQuotas(region: $region) { region maxReplicatingServers currentReplicatingServers
    maxConcurrentJobs currentActiveJobs maxServersPerJob maxTotalServersInActiveJobs currentServersInActiveJobs } }`;
  type Quotas = { getDrsQuotas: Record<string, number | string> };

  it('getDrsQuotas answers the run-time limits and the replicating servers DRS holds', async () => {
    const q = ok(await gql<Quotas>(ep, readonly, QUOTAS, { region: 'us-east-1' })).getDrsQuotas;
    const replicating = (await allServers('us-east-1')).filter((s) => !['DISCONNECTED', 'STOPPED'].includes(s.dataReplicationInfo?.dataReplicationState ?? 'STOPPED'));
    expect(q).toMatchObject({
      region: 'us-east-1',
      maxReplicatingServers: 300,
      maxConcurrentJobs: 20,
      maxServersPerJob: 100,
      maxTotalServersInActiveJobs: 500,
      currentReplicatingServers: replicating.length,
    });
    // The estate has a disconnected server: it is not counted.
    expect((await allServers('us-east-1')).length).toBeGreaterThan(replicating.length);
  });

  it('getDrsQuotas counts a running job and the servers in it, and nothing once it has ended', async () => {
    const idle = ok(await gql<Quotas>(ep, readonly, QUOTAS, { region: OWN })).getDrsQuotas;
    expect(idle).toMatchObject({ currentReplicatingServers: SEEDED, currentActiveJobs: 0, currentServersInActiveJobs: 0 });
    // Jobs run on the emulator's simulated clock (SIM_SPEED 1000 in tests: about half a second), so a
    // job that ended before the quota call answered is retried with other servers.
    let seen: Quotas['getDrsQuotas'] | undefined;
    for (let attempt = 0; attempt < 5 && !seen; attempt++) {
      const servers = seeded.slice(10 + attempt * 2, 12 + attempt * 2);
      const { job } = await drsIn(OWN).send(new StartRecoveryCommand({ isDrill: true, sourceServers: servers.map((sourceServerID) => ({ sourceServerID })) }));
      const q = ok(await gql<Quotas>(ep, readonly, QUOTAS, { region: OWN })).getDrsQuotas;
      const after = await drsIn(OWN).send(new DescribeJobsCommand({ filters: { jobIDs: [job!.jobID!] } }));
      if (['PENDING', 'STARTED'].includes(after.items![0].status!)) seen = q;
    }
    expect(seen, 'a job still running when the quotas answered').toBeDefined();
    expect(seen).toMatchObject({ currentActiveJobs: 1, currentServersInActiveJobs: 2 });
    // Wait for the job to end: the usage goes back to zero.
    const deadline = Date.now() + 20_000;
    let q = seen!;
    while (Date.now() < deadline && q.currentActiveJobs !== 0) {
      await new Promise((r) => setTimeout(r, 200));
      q = ok(await gql<Quotas>(ep, readonly, QUOTAS, { region: OWN })).getDrsQuotas;
    }
    expect(q).toMatchObject({ currentActiveJobs: 0, currentServersInActiveJobs: 0 });
  });

  it('listDrsAccounts answers the current account with the regions where DRS is initialized', async () => {
    // The default DRS_REGIONS, as the SDK finds them now; other test files may seed DRS into one of
    // them meanwhile (a region only ever becomes initialized), so the answer lies between two readings.
    const probe = async () => {
      const regions = ['us-east-1', 'us-west-2', 'us-east-2', 'eu-west-1'];
      const ok = await Promise.all(regions.map((r) => drsIn(r).send(new DescribeSourceServersCommand({ filters: {}, maxResults: 1 })).then(() => true, () => false)));
      return regions.filter((_, i) => ok[i]);
    };
    const before = await probe();
    const r = ok(await gql<{ listDrsAccounts: Array<{ accountId: string; regions: string[]; isCurrentAccount: boolean; accountName: string | null }> }>(
      ep, readonly, `{ listDrsAccounts { accountId accountName regions isCurrentAccount } }`,
    )).listDrsAccounts;
    const after = await probe();
    const account = (await new STSClient(aws).send(new GetCallerIdentityCommand({}))).Account!;
    const current = r.filter((a) => a.isCurrentAccount);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ accountId: account, accountName: null });
    expect(current[0].regions).toEqual(expect.arrayContaining(before));
    for (const region of current[0].regions) expect(after).toContain(region);
    // The fixture regions are there; eu-west-1, where DRS was never initialized, is not.
    expect(current[0].regions).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2']));
    expect(current[0].regions).not.toContain('eu-west-1');
    // Any other entries are registered target accounts (other test files may register some).
    for (const a of r.filter((x) => !x.isCurrentAccount)) expect(a.accountId).not.toBe(account);
  });
});

describe('lookups in a registered target account (its assumed cross-account role)', () => {
  const TARGET = '222222222222';
  const ROLE = `arn:aws:iam::${TARGET}:role/DRSOrchestrationRole`;
  const EXTERNAL_ID = 'drs-local-external-id';

  /** The emulator's target account, seen with the same role assumed by the test's own keys. */
  async function targetConfig(region: string) {
    const sts = new STSClient(aws);
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'lookups-e2e', ExternalId: EXTERNAL_ID }))).Credentials!;
    return { region, endpoint: ep.awsEndpoint, maxAttempts: 8, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
  }

  beforeAll(async () => {
    // Shared with other test files: whoever registers the target account first, the others reuse it
    // (and nobody deletes it).
    const r = await gql(ep, admin, `mutation R($input: RegisterTargetAccountInput!) { registerTargetAccount(input: $input) { id } }`, {
      input: { accountId: TARGET, accountName: 'Clinical Systems', crossAccountRoleArn: ROLE, externalId: EXTERNAL_ID },
    });
    if (!r.data) expect(errorOf(r).errorType).toBe('TARGET_ACCOUNT_EXISTS');
  });

  it("answers the target account's DRS servers, quotas, subnets and instance profiles, not the local ones", async () => {
    const cfg = await targetConfig('us-east-1');
    const theirServers = (await new DrsClient(cfg).send(new DescribeSourceServersCommand({ filters: {} }))).items!;
    const tags = [{ key: 'DR-Tier', value: 'Database' }];
    const matched = ok(await gql<{ queryServersByTags: { servers: Array<{ sourceServerId: string; sourceAccount: string }> } }>(ep, readonly,
      `query Q($tags: [TagInput!]!) { queryServersByTags(region: "us-east-1", tags: $tags, accountId: "${TARGET}") { servers { sourceServerId sourceAccount } } }`,
      { tags })).queryServersByTags.servers;
    const want = theirServers.filter((s) => s.tags?.['DR-Tier'] === 'Database').map((s) => s.sourceServerID).sort();
    expect(want.length).toBeGreaterThan(0);
    expect(matched.map((s) => s.sourceServerId).sort()).toEqual(want);
    for (const s of matched) expect(s.sourceAccount).toBe(TARGET);

    const quotas = ok(await gql<{ getDrsQuotas: { currentReplicatingServers: number } }>(ep, readonly,
      `{ getDrsQuotas(region: "us-east-1", accountId: "${TARGET}") { currentReplicatingServers } }`)).getDrsQuotas;
    expect(quotas.currentReplicatingServers).toBe(theirServers.filter((s) => !['DISCONNECTED', 'STOPPED'].includes(s.dataReplicationInfo?.dataReplicationState ?? 'STOPPED')).length);

    const subnets = ok(await gql<{ listSubnets: Array<{ subnetId: string }> }>(ep, readonly,
      `{ listSubnets(region: "us-east-1", accountId: "${TARGET}") { subnetId } }`)).listSubnets;
    const theirSubnets = (await new EC2Client(cfg).send(new DescribeSubnetsCommand({}))).Subnets!.map((x) => x.SubnetId).sort();
    const ourSubnets = (await ec2In('us-east-1').send(new DescribeSubnetsCommand({}))).Subnets!.map((x) => x.SubnetId).sort();
    expect(subnets.map((x) => x.subnetId).sort()).toEqual(theirSubnets);
    expect(theirSubnets).not.toEqual(ourSubnets);

    const profiles = ok(await gql<{ listInstanceProfiles: Array<{ arn: string }> }>(ep, readonly,
      `{ listInstanceProfiles(region: "us-east-1", accountId: "${TARGET}") { arn } }`)).listInstanceProfiles;
    expect(profiles.length).toBeGreaterThan(0);
    for (const p of profiles) expect(p.arn).toContain(`:${TARGET}:`);
  });

  it('listDrsAccounts lists the target account with the regions where its DRS answers', async () => {
    const r = ok(await gql<{ listDrsAccounts: Array<{ accountId: string; accountName: string | null; regions: string[]; isCurrentAccount: boolean }> }>(
      ep, readonly, `{ listDrsAccounts { accountId accountName regions isCurrentAccount } }`)).listDrsAccounts;
    const target = r.find((a) => a.accountId === TARGET);
    // The target's fixture region; eu-west-1 is uninitialized in every account.
    expect(target).toMatchObject({ isCurrentAccount: false, regions: expect.arrayContaining(['us-east-1']) });
    expect(target!.regions).not.toContain('eu-west-1');
    expect(target!.accountName).toEqual(expect.any(String));
  });
});

describe('tag sync', () => {
  const SYNC = `mutation S($regions: [String!]!, $dryRun: Boolean) { syncDrsTags(regions: $regions, dryRun: $dryRun) {
    dryRun regions serversScanned serversChanged changes { sourceServerId sourceInstanceId region tagsAdded { key value } tagsChanged { key value } } } }`;
  type Sync = { syncDrsTags: { dryRun: boolean; regions: string[]; serversScanned: number; serversChanged: number;
    changes: Array<{ sourceServerId: string; sourceInstanceId: string; region: string; tagsAdded: Array<{ key: string; value: string }>; tagsChanged: Array<{ key: string; value: string }> }> } };

  it('dry run reports what differs and writes nothing; the sync then makes DRS tags equal the EC2 tags', async () => {
    const servers = await allServers(OWN);
    const [a, b] = seeded.slice(0, 2).map((id) => servers.find((s) => s.sourceServerID === id)!);
    const instanceOf = (s: DrsServer) => s.sourceProperties!.identificationHints!.awsInstanceID!;
    const ec2 = ec2In(OWN);
    // A new tag on one instance, a changed value on another.
    await ec2.send(new CreateTagsCommand({ Resources: [instanceOf(a)], Tags: [{ Key: 'CostCenter', Value: `cc-${run}` }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [instanceOf(b)], Tags: [{ Key: 'Tier', Value: 'Web' }, { Key: 'Owner', Value: 'ops' }] }));
    const before = new Map(servers.map((s) => [s.sourceServerID, s.tags]));

    const dry = ok(await gql<Sync>(ep, operator, SYNC, { regions: [OWN], dryRun: true })).syncDrsTags;
    expect(dry).toMatchObject({ dryRun: true, regions: [OWN], serversScanned: SEEDED, serversChanged: 2 });
    const expected = [
      { sourceServerId: a.sourceServerID, sourceInstanceId: instanceOf(a), region: OWN, tagsAdded: [{ key: 'CostCenter', value: `cc-${run}` }], tagsChanged: [] },
      { sourceServerId: b.sourceServerID, sourceInstanceId: instanceOf(b), region: OWN, tagsAdded: [{ key: 'Owner', value: 'ops' }], tagsChanged: [{ key: 'Tier', value: 'Web' }] },
    ];
    const sortChanges = (cs: Sync['syncDrsTags']['changes']) => [...cs].sort((x, y) => x.sourceServerId.localeCompare(y.sourceServerId));
    expect(sortChanges(dry.changes)).toEqual(sortChanges(expected as Sync['syncDrsTags']['changes']));
    // Nothing written.
    const untouched = await allServers(OWN);
    for (const s of untouched) expect(s.tags).toEqual(before.get(s.sourceServerID));

    const real = ok(await gql<Sync>(ep, operator, SYNC, { regions: [OWN] })).syncDrsTags;
    expect(real).toMatchObject({ dryRun: false, serversScanned: SEEDED, serversChanged: 2 });
    expect(sortChanges(real.changes)).toEqual(sortChanges(dry.changes));
    // Every server's DRS tags now equal its instance's EC2 tags.
    const instances = new Map<string, Record<string, string>>();
    let NextToken: string | undefined;
    do {
      const page = await ec2.send(new DescribeInstancesCommand({ MaxResults: 1000, NextToken }));
      for (const i of (page.Reservations ?? []).flatMap((res) => res.Instances ?? [])) {
        instances.set(i.InstanceId!, Object.fromEntries((i.Tags ?? []).map((t) => [t.Key!, t.Value!])));
      }
      NextToken = page.NextToken;
    } while (NextToken);
    const synced = await allServers(OWN);
    expect(synced).toHaveLength(SEEDED);
    for (const s of synced) expect(tagList(s.tags)).toEqual(tagList(instances.get(instanceOf(s))));
    expect(synced.find((s) => s.sourceServerID === b.sourceServerID)!.tags).toMatchObject({ Tier: 'Web', Owner: 'ops' });

    // In sync: nothing left to change. Tag sync copies, it never removes: a tag gone from EC2 stays on DRS.
    await ec2.send(new DeleteTagsCommand({ Resources: [instanceOf(b)], Tags: [{ Key: 'Owner' }] }));
    const again = ok(await gql<Sync>(ep, operator, SYNC, { regions: [OWN], dryRun: true })).syncDrsTags;
    expect(again).toMatchObject({ serversScanned: SEEDED, serversChanged: 0, changes: [] });
  });

  it('refuses an empty region list and an uninitialized region before writing anything', async () => {
    expect(errorOf(await gql(ep, admin, SYNC, { regions: [] })).errorType).toBe('MISSING_REGION');
    expect(errorOf(await gql(ep, admin, SYNC, { regions: [''] })).errorType).toBe('MISSING_REGION');
    expect(errorOf(await gql(ep, admin, SYNC, { regions: [OWN, 'eu-west-1'], dryRun: false })).errorType).toBe('DRS_NOT_INITIALIZED');
  });
});

describe('EC2 lookups', () => {
  it('listSubnets answers every subnet of the region with its Name tag', async () => {
    const r = ok(await gql<{ listSubnets: Array<Record<string, string | null>> }>(ep, readonly,
      `{ listSubnets(region: "us-east-1") { subnetId vpcId availabilityZone cidrBlock name } }`)).listSubnets;
    const sdk = (await ec2In('us-east-1').send(new DescribeSubnetsCommand({}))).Subnets!;
    const want = sdk.map((s) => ({ subnetId: s.SubnetId, vpcId: s.VpcId, availabilityZone: s.AvailabilityZone, cidrBlock: s.CidrBlock,
      name: s.Tags?.find((t) => t.Key === 'Name')?.Value ?? null }));
    expect(r.length).toBeGreaterThan(1);
    expect(r.every((s) => s.name)).toBe(true);
    expect(new Set(r.map((s) => JSON.stringify(s)))).toEqual(new Set(want.map((s) => JSON.stringify(s))));
    // Another region answers its own network.
    const own = ok(await gql<{ listSubnets: Array<{ availabilityZone: string }> }>(ep, readonly, `{ listSubnets(region: "${OWN}") { availabilityZone } }`)).listSubnets;
    expect(own.length).toBeGreaterThan(0);
    for (const s of own) expect(s.availabilityZone.startsWith(OWN)).toBe(true);
  });

  it('listSecurityGroups answers every group of the region', async () => {
    const r = ok(await gql<{ listSecurityGroups: Array<Record<string, string | null>> }>(ep, readonly,
      `{ listSecurityGroups(region: "us-west-2") { groupId groupName vpcId description } }`)).listSecurityGroups;
    const sdk = (await ec2In('us-west-2').send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!;
    expect(r.length).toBe(sdk.length);
    expect(new Set(r.map((g) => JSON.stringify(g)))).toEqual(
      new Set(sdk.map((g) => JSON.stringify({ groupId: g.GroupId, groupName: g.GroupName, vpcId: g.VpcId ?? null, description: g.Description ?? null }))),
    );
  });

  it('listInstanceTypes answers vCPUs and memory in GiB for every type', async () => {
    const r = ok(await gql<{ listInstanceTypes: Array<{ instanceType: string; vCpus: number; memoryGiB: number }> }>(ep, readonly,
      `{ listInstanceTypes(region: "us-east-1") { instanceType vCpus memoryGiB } }`)).listInstanceTypes;
    const sdk = (await ec2In('us-east-1').send(new DescribeInstanceTypesCommand({}))).InstanceTypes!;
    expect(r).toHaveLength(sdk.length);
    for (const t of sdk) {
      expect(r).toContainEqual({ instanceType: t.InstanceType, vCpus: t.VCpuInfo!.DefaultVCpus, memoryGiB: t.MemoryInfo!.SizeInMiB! / 1024 });
    }
    expect(r.find((t) => t.instanceType === 't3.micro')).toEqual({ instanceType: 't3.micro', vCpus: 2, memoryGiB: 1 });
  });

  it('listInstanceProfiles answers the IAM instance profiles with their role names', async () => {
    const r = ok(await gql<{ listInstanceProfiles: Array<{ instanceProfileName: string; instanceProfileId: string; arn: string; roles: string[] }> }>(
      ep, readonly, `{ listInstanceProfiles(region: "us-east-1") { instanceProfileName instanceProfileId arn roles } }`)).listInstanceProfiles;
    const sdk = (await new IAMClient(aws).send(new ListInstanceProfilesCommand({}))).InstanceProfiles!;
    expect(r).toEqual(sdk.map((p) => ({ instanceProfileName: p.InstanceProfileName, instanceProfileId: p.InstanceProfileId, arn: p.Arn, roles: p.Roles!.map((x) => x.RoleName) })));
    expect(r.find((p) => p.instanceProfileName === 'EC2-DRS-Recovery-Role')?.roles).toEqual(['EC2-DRS-Recovery-Role']);
  });

  it('answers MISSING_REGION for an empty region', async () => {
    for (const field of ['listSubnets', 'listSecurityGroups', 'listInstanceTypes', 'listInstanceProfiles']) {
      const r = await gql(ep, readonly, `{ ${field}(region: "") { __typename } }`);
      expect(errorOf(r).errorType, field).toBe('MISSING_REGION');
    }
  });
});

describe('pagination through AWS, page by page (the lookups modules against the same emulator, small pages)', () => {
  // The modules read the endpoint and credentials from the environment, as in the deployed Lambda.
  beforeAll(() => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: ep.awsEndpoint,
      AWS_REGION: ep.region,
      AWS_ACCESS_KEY_ID: ep.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ep.credentials.secretAccessKey,
    });
  });

  it('walks every page of subnets, security groups, instance types and instance profiles', async () => {
    const m = await import('../../functions/protection-groups/launch-resources.ts');
    const subnets = (await ec2In(OWN).send(new DescribeSubnetsCommand({}))).Subnets!;
    expect(subnets.length).toBeGreaterThan(5);
    expect((await m.listSubnets(OWN, null, 5)).map((s) => s.subnetId).sort()).toEqual(subnets.map((s) => s.SubnetId).sort());
    const groups = (await ec2In(OWN).send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!;
    expect(groups.length).toBeGreaterThan(5);
    expect((await m.listSecurityGroups(OWN, null, 5)).map((g) => g.groupId).sort()).toEqual(groups.map((g) => g.GroupId).sort());
    const types = await m.listInstanceTypes('us-east-1', null, 5);
    expect(types).toEqual(await m.listInstanceTypes('us-east-1'));
    expect(types.length).toBeGreaterThan(10);
    const profiles = await m.listInstanceProfiles('us-east-1', null, 1);
    expect(profiles).toEqual(await m.listInstanceProfiles('us-east-1'));
    expect(profiles.length).toBeGreaterThan(1);
  });

  it('walks every page of DRS source servers and EC2 instances (tag sync batches)', async () => {
    const drs = await import('../../functions/lookups/drs.ts');
    const sync = await import('../../functions/lookups/tag-sync.ts');
    const all = await allServers('us-east-1');
    expect((await drs.describeAllServers('us-east-1', null, 3)).map((s) => s.sourceServerID)).toEqual(all.map((s) => s.sourceServerID));
    const ids = all.map((s) => s.sourceProperties!.identificationHints!.awsInstanceID!);
    const tags = await sync.instanceTags('us-east-1', ids, 5);
    expect([...tags.keys()].sort()).toEqual([...ids].sort());
  });

  it('leaves reserved aws: tags and equal tags alone', async () => {
    const { tagDiff } = await import('../../functions/lookups/tag-sync.ts');
    expect(tagDiff({ Name: 'a', Tier: 'App' }, { Name: 'a', Tier: 'Web', 'aws:cloudformation:stack-name': 's', New: 'n' })).toEqual({
      added: [{ key: 'New', value: 'n' }],
      changed: [{ key: 'Tier', value: 'Web' }],
    });
  });
});

describe('account, user, health', () => {
  it('getCurrentAccount answers STS GetCallerIdentity and the region', async () => {
    const r = ok(await gql<{ getCurrentAccount: Record<string, string> }>(ep, readonly, `{ getCurrentAccount { accountId arn region } }`)).getCurrentAccount;
    const id = await new STSClient(aws).send(new GetCallerIdentityCommand({}));
    expect(r).toEqual({ accountId: id.Account, arn: id.Arn, region: ep.region });
  });

  const ME = `{ me { username email groups permissions } }`;
  type Me = { me: { username: string; email: string | null; groups: string[]; permissions: string[] } };

  it('me answers the user, email, groups and the permissions the role table grants', async () => {
    for (const [username, token] of [['admin', admin], ['readonly', readonly], ['plan-manager', planManager]] as const) {
      const user = ep.users.find((u) => u.username === username)!;
      const r = ok(await gql<Me>(ep, token, ME)).me;
      expect(r).toEqual({ username, email: user.email, groups: user.groups, permissions: permissionsOf(user.groups) });
    }
    const ro = ok(await gql<Me>(ep, readonly, ME)).me;
    expect(ro.permissions).toEqual(['view_accounts', 'view_executions', 'view_protection_groups', 'view_recovery_plans']);
  });

  it('me answers an IAM caller by its ARN, with no groups or permissions (IAM governs it)', async () => {
    const r = ok(await gqlIam<Me>(ep, ME)).me;
    const id = await new STSClient(aws).send(new GetCallerIdentityCommand({}));
    expect(r).toEqual({ username: id.Arn, email: null, groups: [], permissions: [] });
  });

  it('health is healthy with the table, DRS and Step Functions, and the package version', async () => {
    const r = ok(await gql<{ health: { status: string; version: string; timestamp: string; dependencies: Array<{ name: string; status: string; latencyMs: number; message: string }> } }>(
      ep, operator, `{ health { status version timestamp dependencies { name status latencyMs message } } }`)).health;
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(r.status).toBe('healthy');
    expect(r.version).toBe(pkg.version);
    expect(Math.abs(Date.parse(r.timestamp) - Date.now())).toBeLessThan(60_000);
    expect(r.dependencies.map((d) => d.name)).toEqual(['dynamodb', 'drs', 'stepfunctions']);
    for (const d of r.dependencies) {
      expect(d.status, `${d.name}: ${d.message}`).toBe('healthy');
      expect(d.latencyMs).toBeGreaterThanOrEqual(0);
    }
    // IAM callers may ask too (monitoring).
    expect(ok(await gqlIam<{ health: { status: string } }>(ep, `{ health { status } }`)).health.status).toBe('healthy');
  });
});

describe('roles', () => {
  const denied = (r: Awaited<ReturnType<typeof gql>>) => r.errors?.some((e) => e.errorType === 'Unauthorized') ?? false;

  it('readonly cannot sync tags; operator can (dry run)', async () => {
    expect(denied(await gql(ep, readonly, `mutation { syncDrsTags(regions: ["${OWN}"], dryRun: true) { dryRun } }`))).toBe(true);
    const r = await gql<{ syncDrsTags: { dryRun: boolean } }>(ep, operator, `mutation { syncDrsTags(regions: ["${OWN}"], dryRun: true) { dryRun } }`);
    expect(ok(r).syncDrsTags.dryRun).toBe(true);
  });

  it('every role may read the lookups, me and health', async () => {
    for (const token of [admin, operator, readonly, planManager]) {
      const r = await gql(ep, token, `{ me { username } health { status } listSubnets(region: "us-east-1") { subnetId } getCurrentAccount { accountId } }`);
      expect(denied(r)).toBe(false);
      ok(r);
    }
  });
});
