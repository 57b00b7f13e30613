// The emulator's calls and switches that readiness findings are provoked with, on an emulator of its
// own (it breaks the target account's trust): IAM GetRole/UpdateAssumeRolePolicy as STS then decides,
// EC2 DeleteLaunchTemplate, and the readiness switches deny, remove.sourceServerIds/launchTemplateIds
// and uninitialized (validated before anything changes, undone by `{}`).
import { DescribeRecoverySnapshotsCommand, DescribeSourceServersCommand, DrsClient, GetLaunchConfigurationCommand } from '@aws-sdk/client-drs';
import { DeleteLaunchTemplateCommand, DescribeInstanceTypeOfferingsCommand, DescribeLaunchTemplateVersionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMClient, ListInstanceProfilesCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, createAwsEmulator } from '../../infra/local/aws/index.ts';

const TARGET = '222222222222';
const ROLE = `arn:aws:iam::${TARGET}:role/DRSOrchestrationRole`;
const EXTERNAL_ID = 'drs-local-external-id';
let emu: AwsEmulator;
let url: string;

beforeAll(async () => {
  emu = createAwsEmulator();
  ({ url } = await emu.listen(0));
});
afterAll(() => emu.close());

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const config = (region = 'us-east-1', credentials: Credentials = emu.credentials) => ({ region, credentials, endpoint: url, maxAttempts: 1 });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the control answers are plain JSON
const switches = async (patch: unknown): Promise<{ status: number; body: any }> => {
  const r = await fetch(`${url}/__local/readiness`, { method: 'POST', body: JSON.stringify(patch) });
  return { status: r.status, body: await r.json() };
};
afterEach(async () => {
  expect((await switches({})).status).toBe(200);
});

/** The target account's role assumed as the local account: credentials that act in 222222222222. */
async function targetCredentials(externalId = EXTERNAL_ID): Promise<Credentials> {
  const c = (await new STSClient(config()).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'switches', ExternalId: externalId }))).Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}
const assume = (externalId?: string) => new STSClient(config()).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'probe', ExternalId: externalId }));
const trust = (principal: unknown, condition?: unknown) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] });

describe('IAM trust policies', () => {
  it('GetRole answers the trust policy URL-encoded; UpdateAssumeRolePolicy changes who may assume the role, as STS then decides', async () => {
    const iam = new IAMClient(config('us-east-1', await targetCredentials()));
    const before = (await iam.send(new GetRoleCommand({ RoleName: 'DRSOrchestrationRole' }))).Role!;
    expect(before.Arn).toBe(ROLE);
    const original = decodeURIComponent(before.AssumeRolePolicyDocument!);
    expect(JSON.parse(original).Statement[0]).toMatchObject({ Principal: { AWS: ['arn:aws:iam::111111111111:root'] }, Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } });

    // A rotated external id: the old one is refused, the new one works.
    const rotated = trust({ AWS: 'arn:aws:iam::111111111111:root' }, { StringEquals: { 'sts:ExternalId': 'rotated-id' } });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'DRSOrchestrationRole', PolicyDocument: rotated }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'DRSOrchestrationRole' }))).Role!.AssumeRolePolicyDocument).toBe(encodeURIComponent(rotated));
    await expect(assume(EXTERNAL_ID)).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((await assume('rotated-id')).AssumedRoleUser?.Arn).toMatch(/^arn:aws:sts::222222222222:assumed-role\/DRSOrchestrationRole\//);

    // Another account as principal (bare id, no condition): the local account is refused with any id.
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'DRSOrchestrationRole', PolicyDocument: trust({ AWS: '333333333333' }) }));
    await expect(assume()).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume('rotated-id')).rejects.toMatchObject({ name: 'AccessDenied' });
    // An unconditional Deny beside the Allow takes the account out.
    const denied = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ['111111111111'] }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
        { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:*' },
      ],
    });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'DRSOrchestrationRole', PolicyDocument: denied }));
    await expect(assume()).rejects.toMatchObject({ name: 'AccessDenied' });

    // Repaired with the session taken before the trust broke (it outlives the policy, as in AWS).
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'DRSOrchestrationRole', PolicyDocument: original }));
    expect((await assume(EXTERNAL_ID)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    // Each account has its own role of that name: the local one was never touched.
    const mine = (await new IAMClient(config()).send(new GetRoleCommand({ RoleName: 'DRSOrchestrationRole' }))).Role!;
    expect(mine.Arn).toBe('arn:aws:iam::111111111111:role/DRSOrchestrationRole');
  });

  it('refuses what IAM refuses, and what the local IAM cannot model, changing nothing', async () => {
    const iam = new IAMClient(config());
    const update = (PolicyDocument: string, RoleName = 'DRSOrchestrationRole') => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument }));
    const root = { AWS: 'arn:aws:iam::111111111111:root' };
    await expect(update(trust(root), 'NoSuchRole')).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 }, message: 'The role with name NoSuchRole cannot be found.' });
    const cases: Array<[string, string]> = [
      ['{"Statement": [', 'This policy contains invalid Json'],
      [JSON.stringify({ Version: '2012-10-17' }), 'Missing required field Statement'],
      [JSON.stringify({ Version: '2020-01-01', Statement: [] }), 'The policy must contain a valid version string'],
      [JSON.stringify({ Statement: [{ Effect: 'Maybe', Principal: root, Action: 'sts:AssumeRole' }] }), 'Invalid effect: Maybe'],
      [JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }), 'Missing required field Principal'],
      [JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: root, Action: 'sts:AssumeRole', Resource: '*' }] }), 'Has prohibited field Resource'],
      [JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: root, Action: 'AssumeRole' }] }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
      [trust({ AWS: 'not-an-account' }), 'Invalid principal in policy: "AWS":"not-an-account"'],
    ];
    for (const [doc, message] of cases) await expect(update(doc), doc).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException', $metadata: { httpStatusCode: 400 }, message });
    await expect(update(trust(root, { StringLike: { 'sts:ExternalId': 'x*' } }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: expect.stringMatching(/^The local IAM keeps trust by account and sts:ExternalId only; it cannot model the condition/),
    });
    await expect(update(trust({ AWS: Array.from({ length: 100 }, (_, i) => `arn:aws:iam::${String(i).padStart(12, '0')}:root`) }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      $metadata: { httpStatusCode: 409 },
    });
    // Nothing changed: the local account still assumes its own role.
    const own = await new STSClient(config()).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/DRSOrchestrationRole', RoleSessionName: 'own' }));
    expect(own.Credentials?.AccessKeyId).toBeDefined();
  });
});

describe('EC2 DeleteLaunchTemplate', () => {
  it('deletes a DRS server’s launch template (its launch configuration still names it) and refuses unknown or malformed ids', async () => {
    const drs = new DrsClient(config());
    const ec2 = new EC2Client(config());
    const server = (await drs.send(new DescribeSourceServersCommand({ maxResults: 1 }))).items![0];
    const { ec2LaunchTemplateID: id } = await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: server.sourceServerID }));
    const deleted = await ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id }));
    expect(deleted.LaunchTemplate).toMatchObject({ LaunchTemplateId: id, LaunchTemplateName: expect.any(String) });
    await expect(ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['$Default'] }))).rejects.toMatchObject({ name: 'InvalidLaunchTemplateId.NotFound' });
    expect((await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: server.sourceServerID }))).ec2LaunchTemplateID).toBe(id);
    await expect(ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id }))).rejects.toMatchObject({ name: 'InvalidLaunchTemplateId.NotFound' });
    await expect(ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: 'lt-nope' }))).rejects.toMatchObject({ name: 'InvalidLaunchTemplateId.Malformed' });
  });
});

describe('readiness switches', () => {
  it('deny answers each service’s own access-denied error to the callers it names, and `{}` lifts it', async () => {
    const target = await targetCredentials();
    const set = await switches({
      deny: [
        { action: 'iam:ListInstanceProfiles', accountId: TARGET },
        { action: 'drs:DescribeRecoverySnapshots', region: 'us-west-2' },
        { action: 'ec2:DescribeInstanceTypeOfferings' },
        { action: 'sts:GetCallerIdentity', accountId: TARGET },
      ],
    });
    expect(set.status).toBe(200);
    expect(set.body.deny).toHaveLength(4);
    const iamOf = (c?: Credentials) => new IAMClient(config('us-east-1', c));
    await expect(iamOf(target).send(new ListInstanceProfilesCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringMatching(/^User: arn:aws:sts::222222222222:assumed-role\/DRSOrchestrationRole\/switches is not authorized to perform: iam:ListInstanceProfiles/),
    });
    expect((await iamOf().send(new ListInstanceProfilesCommand({}))).InstanceProfiles!.length).toBeGreaterThan(0);

    const id = (await new DrsClient(config('us-west-2')).send(new DescribeSourceServersCommand({ maxResults: 1 }))).items![0].sourceServerID;
    await expect(new DrsClient(config('us-west-2')).send(new DescribeRecoverySnapshotsCommand({ sourceServerID: id }))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    const east = (await new DrsClient(config()).send(new DescribeSourceServersCommand({ maxResults: 1 }))).items![0].sourceServerID;
    expect((await new DrsClient(config()).send(new DescribeRecoverySnapshotsCommand({ sourceServerID: east }))).items).toBeDefined();

    await expect(new EC2Client(config()).send(new DescribeInstanceTypeOfferingsCommand({}))).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringMatching(/^You are not authorized to perform this operation\./),
    });
    await expect(new STSClient(config('us-east-1', target)).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await new STSClient(config()).send(new GetCallerIdentityCommand({}))).Account).toBe('111111111111');

    expect((await switches({})).body.deny).toEqual([]);
    expect((await iamOf(target).send(new ListInstanceProfilesCommand({}))).InstanceProfiles).toBeDefined();
    expect((await new EC2Client(config()).send(new DescribeInstanceTypeOfferingsCommand({}))).InstanceTypeOfferings!.length).toBeGreaterThan(0);
  });

  it('refuses a bad switch with 400 and a clear message, before changing anything', async () => {
    const server = emu.state.accounts['111111111111'].drs['us-east-1'].servers[0];
    const stateBefore = server.dataReplicationInfo?.dataReplicationState;
    const bad: Array<[unknown, RegExp]> = [
      [{ deny: [{ action: 'ListInstanceProfiles' }] }, /^deny\.action must be "<service>:<Operation>" with service iam, sts, drs or ec2/],
      [{ deny: [{ action: 's3:GetObject' }] }, /^deny\.action must be/],
      [{ deny: { action: 'iam:ListInstanceProfiles' } }, /^deny must be a list/],
      [{ deny: [{ action: 'iam:ListInstanceProfiles', accountId: '999999999999' }] }, /^deny\.accountId: no account "999999999999"/],
      [{ deny: [{ action: 'drs:DescribeJobs', region: 'moon' }] }, /^deny\.region must be an AWS region name/],
      [{ uninitialized: [{ region: 'nowhere' }] }, /^uninitialized\.region must be an AWS region name/],
      [{ remove: { sourceServerIds: ['s-00000000000000000'] } }, /^remove\.sourceServerIds: no source server s-00000000000000000 in account 111111111111/],
      [{ remove: { launchTemplateIds: ['lt-00000000000000000'] } }, /^remove\.launchTemplateIds: no launch template lt-00000000000000000/],
      [{ remove: { sourceServerIds: server.sourceServerID } }, /^remove\.sourceServerIds must be a list of strings/],
    ];
    for (const [patch, message] of bad) {
      // Each bad part beside a valid one: the valid one must not have been applied either.
      const r = await switches({ ...(patch as object), replication: [{ sourceServerId: server.sourceServerID, state: 'STALLED' }] });
      expect(r, JSON.stringify(patch)).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST', message: expect.stringMatching(message) } });
    }
    expect(server.dataReplicationInfo?.dataReplicationState).toBe(stateBefore);
    expect(((await fetch(`${url}/__local/readiness`).then((r) => r.json())) as { replication: unknown[] }).replication).toEqual([]);
  });

  it('removes source servers and launch templates, uninitializes DRS in a region, and `{}` puts everything back', async () => {
    const drs = new DrsClient(config('us-west-2'));
    const ec2 = new EC2Client(config('us-west-2'));
    const [a, b] = (await drs.send(new DescribeSourceServersCommand({ maxResults: 2 }))).items!.map((s) => s.sourceServerID!);
    const template = (await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: b }))).ec2LaunchTemplateID!;
    const all = async () => (await drs.send(new DescribeSourceServersCommand({}))).items!.map((s) => s.sourceServerID);
    const count = (await all()).length;

    // An id named twice is removed once.
    const r = await switches({ remove: { sourceServerIds: [a, a], launchTemplateIds: [template, template] } });
    expect(r.body.removed).toMatchObject({ sourceServerIds: [a], launchTemplateIds: [template] });
    expect(await all()).not.toContain(a);
    await expect(drs.send(new GetLaunchConfigurationCommand({ sourceServerID: a }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: template, Versions: ['$Default'] }))).rejects.toMatchObject({ name: 'InvalidLaunchTemplateId.NotFound' });

    // DRS uninitialized in us-west-2 of the local account only; the target account's us-east-1 is untouched.
    expect((await switches({ uninitialized: [{ region: 'us-west-2' }, { region: 'eu-west-1' }] })).body.uninitialized).toEqual([{ accountId: '111111111111', region: 'us-west-2' }]);
    await expect(drs.send(new DescribeSourceServersCommand({}))).rejects.toMatchObject({ name: 'UninitializedAccountException', $metadata: { httpStatusCode: 400 } });
    expect((await new DrsClient(config('us-east-1', await targetCredentials())).send(new DescribeSourceServersCommand({}))).items!.length).toBeGreaterThan(0);

    await switches({});
    expect(await all()).toHaveLength(count);
    expect((await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: a }))).sourceServerID).toBe(a);
    expect((await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: template, Versions: ['$Default'] }))).LaunchTemplateVersions).toHaveLength(1);
    // eu-west-1 was never initialized: `{}` leaves it so.
    await expect(new DrsClient(config('eu-west-1')).send(new DescribeSourceServersCommand({}))).rejects.toMatchObject({ name: 'UninitializedAccountException' });
  });
});
