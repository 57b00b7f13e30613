// Protection groups end to end on the started local stack: Cognito logins of each role, GraphQL
// over HTTP, the protection-groups Lambda against the DRS/EC2 emulator, DynamoDB Local, subscriptions.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DrsClient, GetLaunchConfigurationCommand } from '@aws-sdk/client-drs';
import { DescribeLaunchTemplateVersionsCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListInstanceProfilesCommand } from '@aws-sdk/client-iam';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { errorOf, gql, gqlIam, login, ok, subscribe } from '../support/client.ts';
import type { LaunchConfig, LaunchConfigApplyResults, ProtectionGroupChange } from '../../platform/generated/graphql.ts';

const ep = inject('endpoints');
// Other test files may switch on DRS throttling while this one runs: retry as the functions do.
const aws = { region: ep.region, endpoint: ep.awsEndpoint, credentials: ep.credentials, maxAttempts: 8 };
const run = Math.random().toString(36).slice(2, 8);
const uniq = (s: string) => `${s}-${run}`;

const GROUP = `id version name description region accountId sourceServerIds serverSelectionTags { key value }
  launchConfig { subnetId securityGroupIds instanceType instanceProfileName copyPrivateIp copyTags licensing { osByol }
    targetInstanceTypeRightSizingMethod launchDisposition }
  launchConfigApplyResults { applied skipped failed details { serverId status templateId templateVersion reason } }
  createdAt updatedAt`;
const CREATE = `mutation C($input: CreateProtectionGroupInput!) { createProtectionGroup(input: $input) { ${GROUP} } }`;
const UPDATE = `mutation U($id: ID!, $input: UpdateProtectionGroupInput!) { updateProtectionGroup(id: $id, input: $input) { ${GROUP} } }`;
const DELETE = `mutation D($id: ID!) { deleteProtectionGroup(id: $id) { id name } }`;
const GET = `query G($id: ID!) { getProtectionGroup(id: $id) { ${GROUP} } }`;
const LIST = `query L($filter: ProtectionGroupFilter, $limit: Int, $nextToken: String) {
  listProtectionGroups(filter: $filter, limit: $limit, nextToken: $nextToken) { items { id name region version } nextToken } }`;
const SERVERS = `query S($region: String!) { listSourceServers(region: $region) { items {
  sourceServerId hostname nameTag replicationState state tags { key value } assignedProtectionGroupId assignedProtectionGroupName } } }`;

type Group = { id: string; version: number; name: string; sourceServerIds: string[]; launchConfigApplyResults: LaunchConfigApplyResults; launchConfig: LaunchConfig };
type Server = { sourceServerId: string; hostname: string; tags: Array<{ key: string; value: string }>; assignedProtectionGroupId: string | null; assignedProtectionGroupName: string | null };

let admin: string, planManager: string, operator: string, readonly: string;
let pool: Server[] = [];
/** Hands each test servers no other test uses (the estate is shared by the whole run). */
const take = (n: number) => {
  const got = pool.splice(0, n);
  if (got.length < n) throw new Error('fixture estate ran out of free servers');
  return got.map((s) => s.sourceServerId);
};
let subnetId: string, otherVpcSg: string, sgIds: string[], profile: string;
const created: string[] = [];

async function createGroup(input: Record<string, unknown>, token = admin): Promise<Group> {
  const g = ok(await gql<{ createProtectionGroup: Group }>(ep, token, CREATE, { input })).createProtectionGroup;
  created.push(g.id);
  return g;
}

beforeAll(async () => {
  [admin, planManager, operator, readonly] = await Promise.all(
    ['admin', 'plan-manager', 'operator', 'readonly'].map((u) => login(ep, u)),
  );
  const servers = ok(await gql<{ listSourceServers: { items: Server[] } }>(ep, admin, SERVERS, { region: 'us-east-1' }));
  pool = servers.listSourceServers.items.filter((s) => !s.assignedProtectionGroupId);
  const ec2 = new EC2Client(aws);
  const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!;
  subnetId = subnets[0].SubnetId!;
  const sgs = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!;
  sgIds = sgs.filter((g) => g.VpcId === subnets[0].VpcId).map((g) => g.GroupId!).slice(0, 2);
  otherVpcSg = sgs.find((g) => g.VpcId !== subnets[0].VpcId)!.GroupId!;
  profile = (await new IAMClient(aws).send(new ListInstanceProfilesCommand({}))).InstanceProfiles![0].InstanceProfileName!;
});

afterAll(async () => {
  for (const id of created) await gql(ep, admin, DELETE, { id });
});

describe('protection groups', () => {
  it('creates a group of explicit servers and applies its launch configuration through DRS and EC2', async () => {
    const ids = take(2);
    const g = await createGroup({
      name: uniq('Database-Servers'),
      description: 'Primary database servers',
      region: 'us-east-1',
      sourceServerIds: ids,
      launchConfig: {
        subnetId,
        securityGroupIds: sgIds,
        instanceType: 'r5.xlarge',
        instanceProfileName: profile,
        copyPrivateIp: true,
        copyTags: true,
        licensing: { osByol: false },
        targetInstanceTypeRightSizingMethod: 'NONE',
        launchDisposition: 'STARTED',
      },
    });
    expect(g.version).toBe(1);
    expect(g.sourceServerIds).toEqual(ids);
    expect(g.launchConfigApplyResults).toMatchObject({ applied: 2, skipped: 0, failed: 0 });
    // What DRS and EC2 now hold for the first server.
    const drs = new DrsClient(aws);
    const lc = await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: ids[0] }));
    expect(lc).toMatchObject({ copyPrivateIp: true, copyTags: true, launchDisposition: 'STARTED', targetInstanceTypeRightSizingMethod: 'NONE' });
    const detail = g.launchConfigApplyResults.details[0];
    const v = await new EC2Client(aws).send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: detail.templateId!, Versions: ['$Default'] }),
    );
    const data = v.LaunchTemplateVersions![0].LaunchTemplateData!;
    expect(v.LaunchTemplateVersions![0].VersionNumber).toBe(detail.templateVersion);
    expect(data.InstanceType).toBe('r5.xlarge');
    expect(data.IamInstanceProfile?.Name).toBe(profile);
    expect(data.NetworkInterfaces?.[0]).toMatchObject({ SubnetId: subnetId, Groups: sgIds });

    // Applying the same configuration again changes nothing: every server is skipped.
    const again = ok(await gql<{ updateProtectionGroup: Group }>(ep, admin, UPDATE, {
      id: g.id,
      input: { version: 1, launchConfig: { subnetId, securityGroupIds: sgIds, instanceType: 'r5.xlarge', instanceProfileName: profile,
        copyPrivateIp: true, copyTags: true, licensing: { osByol: false }, targetInstanceTypeRightSizingMethod: 'NONE', launchDisposition: 'STARTED' } },
    })).updateProtectionGroup;
    expect(again.launchConfigApplyResults).toMatchObject({ applied: 0, skipped: 2, failed: 0 });

    const got = ok(await gql<{ getProtectionGroup: Group }>(ep, readonly, GET, { id: g.id })).getProtectionGroup;
    expect(got).toMatchObject({ id: g.id, name: g.name, version: 2 });
    const listed = ok(await gql<{ listSourceServers: { items: Server[] } }>(ep, readonly, SERVERS, { region: 'us-east-1' }));
    const mine = listed.listSourceServers.items.filter((s) => s.assignedProtectionGroupId === g.id);
    expect(mine.map((s) => s.sourceServerId).sort()).toEqual([...ids].sort());
    expect(mine[0].assignedProtectionGroupName).toBe(g.name);
  });

  it('updates with optimistic locking and answers VERSION_CONFLICT for a stale version', async () => {
    const g = await createGroup({ name: uniq('Versioned'), region: 'us-east-1', sourceServerIds: take(1) });
    const u = ok(await gql<{ updateProtectionGroup: Group }>(ep, operator, UPDATE, { id: g.id, input: { version: 1, description: 'changed', name: uniq('Versioned-2') } }));
    expect(u.updateProtectionGroup).toMatchObject({ version: 2, name: uniq('Versioned-2') });
    const stale = await gql(ep, admin, UPDATE, { id: g.id, input: { version: 1, description: 'lost update' } });
    expect(errorOf(stale).errorType).toBe('VERSION_CONFLICT');
    const missing = await gql(ep, admin, UPDATE, { id: 'no-such-group', input: { version: 1 } });
    expect(errorOf(missing).errorType).toBe('PROTECTION_GROUP_NOT_FOUND');
    // The old name is free again after the rename; the new one is taken.
    const reuse = await createGroup({ name: uniq('versioned'), region: 'us-east-1', sourceServerIds: take(1) });
    expect(reuse.name).toBe(uniq('versioned'));
    const clash = await gql(ep, admin, CREATE, { input: { name: uniq('VERSIONED-2'), region: 'us-east-1', sourceServerIds: take(1) } });
    expect(errorOf(clash).errorType).toBe('PG_NAME_EXISTS');
  });

  it('moves server ownership atomically on update and reports SERVER_CONFLICT with the holder', async () => {
    const [a, b, c] = take(3);
    const g1 = await createGroup({ name: uniq('Owner-1'), region: 'us-east-1', sourceServerIds: [a, b] });
    const conflict = await gql(ep, admin, CREATE, { input: { name: uniq('Owner-2'), region: 'us-east-1', sourceServerIds: [c, b] } });
    const err = errorOf(conflict);
    expect(err.errorType).toBe('SERVER_CONFLICT');
    expect(err.errorInfo).toMatchObject({ conflictingServers: [{ serverId: b, existingGroupId: g1.id, existingGroupName: g1.name }] });
    // Nothing of the refused create was written: c is still free, the name too.
    const g2 = await createGroup({ name: uniq('Owner-2'), region: 'us-east-1', sourceServerIds: [c] });
    // g1 releases b; g2 can then take it.
    ok(await gql(ep, admin, UPDATE, { id: g1.id, input: { version: 1, sourceServerIds: [a] } }));
    const moved = ok(await gql<{ updateProtectionGroup: Group }>(ep, admin, UPDATE, { id: g2.id, input: { version: 1, sourceServerIds: [c, b] } }));
    expect(moved.updateProtectionGroup.sourceServerIds).toEqual([c, b]);
  });

  it('selects servers by tags, previews them and refuses a second group with the same tag set', async () => {
    const servers = ok(await gql<{ listSourceServers: { items: Server[] } }>(ep, admin, SERVERS, { region: 'us-west-2' })).listSourceServers.items;
    const sample = servers.find((s) => s.tags.some((t) => t.key === 'DR-Application') && s.tags.some((t) => t.key === 'DR-Tier'))!;
    const tags = sample.tags.filter((t) => t.key === 'DR-Application' || t.key === 'DR-Tier');
    const preview = ok(await gql<{ previewServersByTags: { servers: Server[]; matchedTags: unknown[] } }>(ep, readonly,
      `query P($region: String!, $tags: [TagInput!]!) { previewServersByTags(region: $region, tags: $tags) {
         servers { sourceServerId tags { key value } } matchedTags { key value } } }`, { region: 'us-west-2', tags }));
    const expected = servers.filter((s) => tags.every((t) => s.tags.some((x) => x.key === t.key && x.value === t.value)));
    expect(preview.previewServersByTags.servers.map((s) => s.sourceServerId).sort()).toEqual(expected.map((s) => s.sourceServerId).sort());
    expect(preview.previewServersByTags.servers.length).toBeGreaterThan(0);

    const g = await createGroup({ name: uniq('Tagged'), region: 'us-west-2', serverSelectionTags: tags }, planManager);
    expect(g.sourceServerIds).toEqual([]);
    const same = await gql(ep, admin, CREATE, { input: { name: uniq('Tagged-again'), region: 'us-west-2', serverSelectionTags: [...tags].reverse() } });
    expect(errorOf(same).errorType).toBe('TAG_CONFLICT');
    expect(errorOf(same).errorInfo).toMatchObject({ existingGroupId: g.id });
    // The same tags in another region are another selection.
    const east = await createGroup({ name: uniq('Tagged-east'), region: 'us-east-1', serverSelectionTags: tags });
    expect(east.id).not.toBe(g.id);
  });

  it('answers the documented codes for bad input', async () => {
    const code = async (input: Record<string, unknown>) => errorOf(await gql(ep, admin, CREATE, { input })).errorType;
    const [free] = take(1);
    expect(await code({ name: '  ', region: 'us-east-1', sourceServerIds: [free] })).toBe('INVALID_NAME');
    expect(await code({ name: 'x'.repeat(65), region: 'us-east-1', sourceServerIds: [free] })).toBe('INVALID_NAME');
    expect(await code({ name: uniq('none'), region: 'us-east-1' })).toBe('MISSING_FIELD');
    expect(await code({ name: uniq('none'), region: '', sourceServerIds: [free] })).toBe('MISSING_FIELD');
    expect(await code({ name: uniq('empty'), region: 'us-east-1', sourceServerIds: [] })).toBe('INVALID_SERVERS');
    expect(await code({ name: uniq('bad'), region: 'us-east-1', sourceServerIds: ['server-1'] })).toBe('INVALID_SERVERS');
    expect(await code({ name: uniq('both'), region: 'us-east-1', sourceServerIds: [free], serverSelectionTags: [{ key: 'a', value: 'b' }] })).toBe('INVALID_SERVERS');
    expect(await code({ name: uniq('ghost'), region: 'us-east-1', sourceServerIds: ['s-0000000000000dead'] })).toBe('INVALID_SERVER_IDS');
    expect(await code({ name: uniq('notags'), region: 'us-east-1', serverSelectionTags: [] })).toBe('INVALID_TAGS');
    expect(await code({ name: uniq('dupkey'), region: 'us-east-1', serverSelectionTags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] })).toBe('INVALID_TAGS');
    expect(await code({ name: uniq('lc'), region: 'us-east-1', sourceServerIds: [free], launchConfig: { subnetId: 'subnet-00000000000000000' } })).toBe('INVALID_LAUNCH_CONFIG');
    expect(await code({ name: uniq('lc2'), region: 'us-east-1', sourceServerIds: [free], launchConfig: { subnetId, securityGroupIds: [otherVpcSg] } })).toBe('INVALID_LAUNCH_CONFIG');
    expect(await code({ name: uniq('lc3'), region: 'us-east-1', sourceServerIds: [free], launchConfig: { instanceType: 'z9.huge' } })).toBe('INVALID_LAUNCH_CONFIG');
    expect(await code({ name: uniq('uninit'), region: 'eu-west-1', serverSelectionTags: [{ key: 'a', value: 'b' }] })).toBe('DRS_NOT_INITIALIZED');
    const noRegion = await gql(ep, admin, `query { previewServersByTags(region: "", tags: [{key: "a", value: "b"}]) { matchedTags { key } } }`);
    expect(errorOf(noRegion).errorType).toBe('MISSING_REGION');
    const uninit = errorOf(await gql(ep, admin, SERVERS, { region: 'eu-west-1' }));
    expect(uninit.errorType).toBe('DRS_NOT_INITIALIZED');
    expect(uninit.message).toMatch(/initialization wizard/);
    // None of the refused creates left anything behind: the server is still free.
    const g = await createGroup({ name: uniq('after-errors'), region: 'us-east-1', sourceServerIds: [free] });
    expect(g.sourceServerIds).toEqual([free]);
  });

  it('lists with name, substring and region filters and pages with nextToken', async () => {
    const prefix = uniq('List');
    for (const [i, region] of ['us-east-1', 'us-east-1', 'us-west-2'].entries()) {
      await createGroup({ name: `${prefix}-${i}`, region, sourceServerIds: region === 'us-east-1' ? take(1) : undefined,
        serverSelectionTags: region === 'us-west-2' ? [{ key: 'Name', value: `none-${run}` }] : undefined });
    }
    type L = { listProtectionGroups: { items: Group[]; nextToken: string | null } };
    // A filter applies to each page DynamoDB reads, so matches may be on any page: read them all.
    const all = async (filter: Record<string, unknown>) => {
      const items: Group[] = [];
      let token: string | null = null;
      do {
        const page: L['listProtectionGroups'] = ok(await gql<L>(ep, readonly, LIST, { filter, nextToken: token })).listProtectionGroups;
        items.push(...page.items);
        token = page.nextToken;
      } while (token);
      return items;
    };
    const contains = await all({ nameContains: prefix.toUpperCase() });
    expect(contains.map((g) => g.name)).toEqual([`${prefix}-0`, `${prefix}-1`, `${prefix}-2`]);
    const west = await all({ nameContains: prefix, region: 'us-west-2' });
    expect(west.map((g) => g.name)).toEqual([`${prefix}-2`]);
    const exact = await all({ name: `${prefix}-1`.toLowerCase() });
    expect(exact.map((g) => g.name)).toEqual([`${prefix}-1`]);
    const seen: string[] = [];
    let nextToken: string | null = null;
    do {
      const page: L['listProtectionGroups'] = ok(await gql<L>(ep, readonly, LIST, { limit: 2, nextToken })).listProtectionGroups;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((g) => g.id));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(new Set(seen).size).toBe(seen.length);
    for (const name of [`${prefix}-0`, `${prefix}-1`, `${prefix}-2`]) expect(seen).toContain(contains.find((g) => g.name === name)!.id);
  });

  it('refuses to delete a group that a recovery plan references (PG_IN_USE)', async () => {
    const g = await createGroup({ name: uniq('Referenced'), region: 'us-east-1', sourceServerIds: take(1) });
    process.env.TABLE_NAME = ep.tableName;
    const { addPlanReference, removePlanReference } = await import('../../domain/protection-groups/store.ts');
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: ep.region, endpoint: ep.dynamodbEndpoint, credentials: ep.credentials }));
    await doc.send(new TransactWriteCommand({ TransactItems: addPlanReference(g.id, 'plan-1') }));
    const refused = errorOf(await gql(ep, admin, DELETE, { id: g.id }));
    expect(refused.errorType).toBe('PG_IN_USE');
    expect(refused.errorInfo).toMatchObject({ recoveryPlanIds: ['plan-1'] });
    expect(ok(await gql<{ getProtectionGroup: Group }>(ep, admin, GET, { id: g.id })).getProtectionGroup.id).toBe(g.id);
    await doc.send(new TransactWriteCommand({ TransactItems: removePlanReference(g.id, 'plan-1') }));
    expect(ok(await gql<{ deleteProtectionGroup: Group }>(ep, admin, DELETE, { id: g.id })).deleteProtectionGroup.id).toBe(g.id);
    expect(ok(await gql<{ getProtectionGroup: Group | null }>(ep, admin, GET, { id: g.id })).getProtectionGroup).toBeNull();
    expect(errorOf(await gql(ep, admin, DELETE, { id: g.id })).errorType).toBe('PROTECTION_GROUP_NOT_FOUND');
  });

  it('leaves exactly one group when 20 creates of the same name race', async () => {
    const name = uniq('Race');
    // Distinct tag sets (matching nothing yet), so only the name can collide.
    const selections = Array.from({ length: 20 }, (_, i) => [{ key: 'Race', value: `${run}-${i}` }]);
    const results = await Promise.all(
      selections.map((tags) =>
        gql<{ createProtectionGroup: Group & { serverSelectionTags: unknown[] } }>(ep, admin, CREATE, {
          input: { name, region: 'us-east-1', serverSelectionTags: tags },
        }),
      ),
    );
    const wins = results.filter((r) => r.data?.createProtectionGroup);
    wins.forEach((w) => created.push(w.data!.createProtectionGroup.id));
    expect(wins).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.errorType === 'PG_NAME_EXISTS')).toHaveLength(19);
    const listed = ok(await gql<{ listProtectionGroups: { items: Group[] } }>(ep, admin, LIST, { filter: { name } })).listProtectionGroups.items;
    expect(listed).toHaveLength(1);
    // The losers' tag locks were never written: their tag sets are still free to take.
    const winner = JSON.stringify(wins[0].data!.createProtectionGroup.serverSelectionTags);
    const loser = selections.find((t) => JSON.stringify(t) !== winner)!;
    await createGroup({ name: uniq('Race-after'), region: 'us-east-1', serverSelectionTags: loser });
  });

  it('publishes every create, update and delete to onProtectionGroupChanged subscribers', async () => {
    const sub = await subscribe(ep, readonly,
      `subscription { onProtectionGroupChanged { id action name version changedBy group { id name version sourceServerIds } } }`);
    const g = await createGroup({ name: uniq('Watched'), region: 'us-east-1', sourceServerIds: take(1) }, planManager);
    ok(await gql(ep, operator, UPDATE, { id: g.id, input: { version: 1, description: 'seen live' } }));
    ok(await gql(ep, admin, DELETE, { id: g.id }));
    // Other test files write groups meanwhile: wait for this group's three changes among them.
    const ofThisGroup = (d: Record<string, unknown>) => (d.onProtectionGroupChanged as ProtectionGroupChange).id === g.id;
    const events = (await sub.waitFor(3, 10_000, ofThisGroup)).map((d) => d.onProtectionGroupChanged as ProtectionGroupChange);
    await sub.close();
    expect(events.map((e) => [e.action, e.version])).toEqual([['CREATED', 1], ['UPDATED', 2], ['DELETED', 2]]);
    expect(events[0].changedBy).toBe('plan-manager');
    expect(events[0].group).toMatchObject({ id: g.id, name: g.name, version: 1, sourceServerIds: g.sourceServerIds });
    expect(events[2].group).toBeNull();
  });
});

describe('authorization', () => {
  it('applies the role matrix to group operations', async () => {
    const input = { name: uniq('RBAC'), region: 'us-east-1', sourceServerIds: take(1) };
    for (const token of [readonly, operator]) {
      const denied = await gql(ep, token, CREATE, { input });
      expect(errorOf(denied).errorType).toBe('Unauthorized');
      expect(denied.data?.createProtectionGroup ?? null).toBeNull();
    }
    const g = await createGroup(input, planManager);
    expect(errorOf(await gql(ep, operator, DELETE, { id: g.id })).errorType).toBe('Unauthorized');
    expect(errorOf(await gql(ep, readonly, UPDATE, { id: g.id, input: { version: 1 } })).errorType).toBe('Unauthorized');
    expect(ok(await gql<{ getProtectionGroup: Group }>(ep, readonly, GET, { id: g.id })).getProtectionGroup.id).toBe(g.id);
  });

  it('refuses forged, expired and missing tokens and bad signatures; accepts a valid IAM signature', async () => {
    const [h, p, s] = admin.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['DRSOrchestrationAdmin'], username: 'mallory' })).toString('base64url');
    const forged = await gql(ep, `${h}.${forgedPayload}.${s}`, LIST);
    expect(forged.status).toBe(401);
    const expired = await gql(ep, inject('expiredToken'), LIST);
    expect(expired.status).toBe(401);
    const none = await gql(ep, '', LIST);
    expect(none.status).toBe(401);
    const badSig = await gqlIam(ep, LIST, {}, { accessKeyId: ep.credentials.accessKeyId, secretAccessKey: 'not-the-secret' });
    expect([401, 403]).toContain(badSig.status);
    expect(badSig.data ?? null).toBeNull();
    const signed = await gqlIam<{ listProtectionGroups: { items: unknown[] } }>(ep, LIST, { limit: 5 });
    expect(ok(signed).listProtectionGroups.items.length).toBeLessThanOrEqual(5);
    // The publish mutation is IAM-only: a Cognito admin cannot fake a change event.
    const fake = await gql(ep, admin, `mutation { publishProtectionGroupChange(input: {id: "x", action: CREATED, name: "x", region: "us-east-1", version: 1, changedAt: "2026-01-01T00:00:00Z"}) { id } }`);
    expect(errorOf(fake).errorType).toBe('Unauthorized');
  });

});
