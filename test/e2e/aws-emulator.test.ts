// The local AWS endpoint, exercised with the unmodified SDK clients over the network and through the
// in-process request handler: wire formats, state changes, SigV4 refusals, STS sessions, Cognito.
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeSourceServersCommand,
  DrsClient,
  GetLaunchConfigurationCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UninitializedAccountException,
  UntagResourceCommand,
  UpdateLaunchConfigurationCommand,
  type SourceServer,
} from '@aws-sdk/client-drs';
import {
  CreateLaunchTemplateVersionCommand,
  DescribeInstanceTypesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  ModifyLaunchTemplateCommand,
} from '@aws-sdk/client-ec2';
import { IAMClient, ListInstanceProfilesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { JwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, createAwsEmulator } from '../../infra/local/aws/index.ts';
import { type SignedRequest, verifySigV4 } from '../../infra/local/aws/sigv4.ts';

let emu: AwsEmulator;
let url: string;

beforeAll(async () => {
  emu = createAwsEmulator();
  ({ url } = await emu.listen(0));
});
afterAll(() => emu.close());

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
interface Transport {
  name: string;
  config(region?: string, credentials?: Credentials): { region: string; credentials: Credentials; endpoint?: string; requestHandler?: AwsEmulator['requestHandler']; maxAttempts?: number };
}
// The same suite runs against the listening endpoint and against the in-process handler (which
// never touches the network, so the SDK's default AWS endpoints can stay).
const transports: Transport[] = [
  { name: 'network', config: (region = 'us-east-1', credentials = emu.credentials) => ({ region, credentials, endpoint: url }) },
  { name: 'requestHandler', config: (region = 'us-east-1', credentials = emu.credentials) => ({ region, credentials, requestHandler: emu.requestHandler }) },
];

function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), payload: JSON.parse(Buffer.from(p, 'base64url').toString()) };
}

const local = () => emu.state.accounts[emu.accountId];

describe.each(transports)('AWS emulator via $name', (t) => {
  describe('DRS', () => {
    it('pages through every source server of a region and filters by id', async () => {
      const drs = new DrsClient(t.config());
      const seen: SourceServer[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await drs.send(new DescribeSourceServersCommand({ maxResults: 7, nextToken }));
        seen.push(...(page.items ?? []));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken);
      const expected = local().drs['us-east-1'].servers;
      expect(seen.map((s) => s.sourceServerID)).toEqual(expected.map((s) => s.sourceServerID));
      expect(pages).toBe(Math.ceil(expected.length / 7));
      expect(seen).toEqual(expected);

      const server = seen[0];
      expect(server.sourceServerID).toMatch(/^s-[0-9a-f]{17}$/);
      expect(server.arn).toBe(`arn:aws:drs:us-east-1:${emu.accountId}:source-server/${server.sourceServerID}`);
      expect(server.tags).toMatchObject({ 'DR-Application': expect.any(String), 'DR-Tier': expect.any(String), Name: expect.any(String) });
      expect(server.sourceProperties?.identificationHints?.awsInstanceID).toMatch(/^i-[0-9a-f]{17}$/);
      expect(server.sourceProperties?.networkInterfaces?.[0]).toMatchObject({ isPrimary: true, ips: [expect.stringMatching(/^10\./)] });
      expect(server.dataReplicationInfo?.dataReplicationState).toBeDefined();
      expect(server.sourceCloudProperties).toEqual({ originAccountID: emu.accountId, originRegion: 'us-east-1', originAvailabilityZone: expect.any(String) });

      const ids = [seen[3].sourceServerID!, seen[1].sourceServerID!];
      const filtered = await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: ids } }));
      expect(filtered.items?.map((s) => s.sourceServerID).sort()).toEqual([...ids].sort());
      expect(filtered.nextToken).toBeUndefined();
    });

    it('has at least 30 servers over two regions with varied replication states', async () => {
      const west = await new DrsClient(t.config('us-west-2')).send(new DescribeSourceServersCommand({}));
      const east = local().drs['us-east-1'].servers;
      expect(east.length + (west.items?.length ?? 0)).toBeGreaterThanOrEqual(30);
      const states = new Set([...east, ...(west.items ?? [])].map((s) => s.dataReplicationInfo?.dataReplicationState));
      expect([...states].sort()).toEqual(['CONTINUOUS', 'DISCONNECTED', 'INITIAL_SYNC', 'STALLED']);
    });

    it('round-trips UpdateLaunchConfiguration and refuses unknown servers', async () => {
      const drs = new DrsClient(t.config());
      const id = local().drs['us-east-1'].servers[5].sourceServerID!;
      const update = {
        sourceServerID: id,
        name: `renamed-${t.name}`,
        copyPrivateIp: true,
        copyTags: false,
        launchDisposition: 'STOPPED' as const,
        licensing: { osByol: false },
        targetInstanceTypeRightSizingMethod: 'NONE' as const,
        postLaunchEnabled: true,
      };
      const { $metadata: _m1, ...updated } = await drs.send(new UpdateLaunchConfigurationCommand(update));
      expect(updated).toEqual({ ...update, ec2LaunchTemplateID: expect.stringMatching(/^lt-[0-9a-f]{17}$/) });
      const { $metadata: _m2, ...read } = await drs.send(new GetLaunchConfigurationCommand({ sourceServerID: id }));
      expect(read).toEqual(updated);

      const missing = drs.send(new GetLaunchConfigurationCommand({ sourceServerID: 's-00000000000000000' }));
      await expect(missing).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
      const invalid = drs.send(new UpdateLaunchConfigurationCommand({ sourceServerID: id, launchDisposition: 'PAUSED' as never }));
      await expect(invalid).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('lists, adds and removes tags', async () => {
      const drs = new DrsClient(t.config());
      const server = local().drs['us-east-1'].servers[2];
      const before = await drs.send(new ListTagsForResourceCommand({ resourceArn: server.arn }));
      expect(before.tags).toEqual(server.tags);
      await drs.send(new TagResourceCommand({ resourceArn: server.arn, tags: { [`Owner-${t.name}`]: 'dr-team' } }));
      const after = await drs.send(new ListTagsForResourceCommand({ resourceArn: server.arn }));
      expect(after.tags?.[`Owner-${t.name}`]).toBe('dr-team');
      await drs.send(new UntagResourceCommand({ resourceArn: server.arn, tagKeys: [`Owner-${t.name}`] }));
      const last = await drs.send(new ListTagsForResourceCommand({ resourceArn: server.arn }));
      expect(last.tags?.[`Owner-${t.name}`]).toBeUndefined();
    });

    it('answers UninitializedAccountException where DRS was never initialized', async () => {
      const drs = new DrsClient(t.config('eu-west-1'));
      const err = await drs.send(new DescribeSourceServersCommand({})).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UninitializedAccountException);
      expect(err).toMatchObject({ name: 'UninitializedAccountException', $metadata: { httpStatusCode: 400 } });
    });
  });

  describe('EC2', () => {
    it('describes subnets, security groups, instance types and instances exactly as stored', async () => {
      const ec2 = new EC2Client(t.config());
      const region = local().ec2['us-east-1'];
      expect((await ec2.send(new DescribeSubnetsCommand({}))).Subnets).toEqual(region.subnets);
      expect((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups).toEqual(region.securityGroups);
      expect((await ec2.send(new DescribeInstanceTypesCommand({}))).InstanceTypes).toEqual(emu.state.instanceTypes);
      const reservations = (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
      expect(reservations.flatMap((r) => r.Instances)).toEqual(region.instances.map((r) => r.instance));
      expect(reservations[0]).toMatchObject({ ReservationId: expect.stringMatching(/^r-/), OwnerId: emu.accountId });
      // Every source server's instance exists, with the server's tags.
      const instances = new Map(reservations.flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i]));
      for (const server of local().drs['us-east-1'].servers) {
        const instance = instances.get(server.sourceProperties?.identificationHints?.awsInstanceID);
        expect(Object.fromEntries((instance?.Tags ?? []).map((tag) => [tag.Key, tag.Value]))).toEqual(server.tags);
        expect(instance?.PrivateIpAddress).toBe(server.sourceProperties?.networkInterfaces?.[0].ips?.[0]);
      }
    });

    it('filters, paginates and refuses unknown ids', async () => {
      const ec2 = new EC2Client(t.config());
      const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['DR-*'] }] }));
      expect(subnets.Subnets?.map((s) => s.Tags?.find((tag) => tag.Key === 'Name')?.Value)).toEqual(['DR-Private-1a', 'DR-Private-1b', 'DR-Staging-1a']);
      expect(subnets.Subnets?.[0].SubnetId).toMatch(/^subnet-[0-9a-f]{17}$/);

      const types = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['r5.xlarge'] }));
      expect(types.InstanceTypes?.[0]).toMatchObject({ VCpuInfo: { DefaultVCpus: 4 }, MemoryInfo: { SizeInMiB: 32768 } });

      const hrp: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:DR-Application', Values: ['HRP'] }], MaxResults: 5, NextToken }));
        hrp.push(...(page.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId!));
        NextToken = page.NextToken;
      } while (NextToken);
      const drsHrp = local().drs['us-east-1'].servers.filter((s) => s.tags?.['DR-Application'] === 'HRP');
      expect(hrp.sort()).toEqual(drsHrp.map((s) => s.sourceProperties?.identificationHints?.awsInstanceID).sort());

      await expect(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] }))).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
      await expect(ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] }))).rejects.toMatchObject({
        name: 'InvalidParameterValue',
      });
    });

    it('creates a launch template version, makes it the default and describes it', async () => {
      const ec2 = new EC2Client(t.config());
      const region = local().ec2['us-east-1'];
      // One template per transport, so the two runs do not see each other's versions.
      const template = region.launchTemplates[3 + transports.indexOf(t)].template;
      const subnet = region.subnets.find((s) => s.Tags?.[0]?.Value === 'DR-Private-1b')!;
      const groups = region.securityGroups.filter((g) => g.GroupName === 'DRS-Recovery-SG' || g.GroupName === 'App-Tier-SG').map((g) => g.GroupId!);
      const created = await ec2.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: template.LaunchTemplateId,
          SourceVersion: '$Latest',
          VersionDescription: 'orchestrator launch settings',
          LaunchTemplateData: {
            InstanceType: 'r5.2xlarge',
            IamInstanceProfile: { Name: 'EC2-DRS-Recovery-Role' },
            NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet.SubnetId, Groups: groups, DeleteOnTermination: true }],
            TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'DR-Application', Value: 'HRP' }, { Key: 'Recovery', Value: 'drill' }] }],
          },
        }),
      );
      const version = created.LaunchTemplateVersion!;
      expect(created.Warning).toBeUndefined();
      expect(version).toMatchObject({ LaunchTemplateId: template.LaunchTemplateId, DefaultVersion: false, VersionDescription: 'orchestrator launch settings' });

      const modified = await ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: template.LaunchTemplateId, DefaultVersion: String(version.VersionNumber) }));
      expect(modified.LaunchTemplate).toMatchObject({ DefaultVersionNumber: version.VersionNumber, LatestVersionNumber: version.VersionNumber });

      const described = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: template.LaunchTemplateId, Versions: ['$Default'] }));
      expect(described.LaunchTemplateVersions).toHaveLength(1);
      const current = described.LaunchTemplateVersions![0];
      expect(current).toMatchObject({ VersionNumber: version.VersionNumber, DefaultVersion: true });
      expect(current.LaunchTemplateData).toMatchObject({
        InstanceType: 'r5.2xlarge',
        IamInstanceProfile: { Name: 'EC2-DRS-Recovery-Role' },
        NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet.SubnetId, Groups: groups, DeleteOnTermination: true }],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'DR-Application', Value: 'HRP' }, { Key: 'Recovery', Value: 'drill' }] }],
        // Inherited from the source version.
        InstanceInitiatedShutdownBehavior: 'stop',
        DisableApiTermination: false,
      });
      const all = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: template.LaunchTemplateId }));
      expect(all.LaunchTemplateVersions?.filter((v) => v.DefaultVersion).map((v) => v.VersionNumber)).toEqual([version.VersionNumber]);

      const unknown = ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: 'lt-0123456789abcdef0', Versions: ['$Latest'] }));
      await expect(unknown).rejects.toMatchObject({ name: 'InvalidLaunchTemplateId.NotFound' });
      const warned = await ec2.send(
        new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: template.LaunchTemplateId, LaunchTemplateData: { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: 'subnet-0123456789abcdef0' }] } }),
      );
      expect(warned.Warning?.Errors?.[0]?.Code).toBe('InvalidSubnetID.NotFound');
    });
  });

  describe('IAM and STS', () => {
    it('pages instance profiles with their roles', async () => {
      const iam = new IAMClient(t.config());
      const names: string[] = [];
      let Marker: string | undefined;
      do {
        const page = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2, Marker }));
        for (const p of page.InstanceProfiles ?? []) {
          expect(p.Roles?.[0]?.Arn).toMatch(new RegExp(`^arn:aws:iam::${emu.accountId}:role/`));
          expect(p.CreateDate).toBeInstanceOf(Date);
          names.push(p.InstanceProfileName!);
        }
        Marker = page.IsTruncated ? page.Marker : undefined;
      } while (Marker);
      expect(names).toEqual(local().iam.instanceProfiles.map((p) => p.InstanceProfileName));
      expect(names.length).toBeGreaterThanOrEqual(3);
    });

    it('identifies the caller and issues working cross-account credentials', async () => {
      const sts = new STSClient(t.config());
      const me = await sts.send(new GetCallerIdentityCommand({}));
      expect(me).toMatchObject({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/drs-local-admin', UserId: expect.stringMatching(/^AIDA/) });

      const RoleArn = 'arn:aws:iam::222222222222:role/DRSOrchestrationRole';
      await expect(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'drs-orchestrator', ExternalId: 'wrong' }))).rejects.toMatchObject({ name: 'AccessDenied' });
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'drs-orchestrator', ExternalId: 'drs-local-external-id' }));
      const c = assumed.Credentials!;
      expect(c.AccessKeyId).toMatch(/^ASIA/);
      expect(c.Expiration!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
      expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/DRSOrchestrationRole/drs-orchestrator');

      const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
      const target = await new STSClient(t.config('us-east-1', credentials)).send(new GetCallerIdentityCommand({}));
      expect(target).toMatchObject({ Account: '222222222222', Arn: assumed.AssumedRoleUser?.Arn });
      const servers = await new DrsClient(t.config('us-east-1', credentials)).send(new DescribeSourceServersCommand({}));
      expect(servers.items).toHaveLength(6);
      expect(servers.items?.every((s) => s.arn?.includes(':222222222222:'))).toBe(true);

      // The session token is part of the credentials: without it the key is not recognized.
      const noToken = new DrsClient({ ...t.config('us-east-1', { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey! }), maxAttempts: 1 });
      await expect(noToken.send(new DescribeSourceServersCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    });
  });

  describe('SigV4', () => {
    const wrongSecret = () => ({ accessKeyId: emu.credentials.accessKeyId, secretAccessKey: 'not-the-secret' });
    const unknownKey = () => ({ accessKeyId: 'AKIAXXXXXXXXXXXXXXXX', secretAccessKey: 'whatever' });

    it('refuses a wrong secret and an unknown key in each service’s own terms', async () => {
      const once = (credentials: Credentials) => ({ ...t.config('us-east-1', credentials), maxAttempts: 1 });
      await expect(new DrsClient(once(wrongSecret())).send(new DescribeSourceServersCommand({}))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
        $metadata: { httpStatusCode: 403 },
      });
      await expect(new EC2Client(once(wrongSecret())).send(new DescribeSubnetsCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
      await expect(new STSClient(once(wrongSecret())).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
      await expect(new IAMClient(once(wrongSecret())).send(new ListInstanceProfilesCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
      const cognito = new CognitoIdentityProviderClient(once(wrongSecret()));
      await expect(cognito.send(new AdminGetUserCommand({ UserPoolId: emu.cognito.userPoolId, Username: 'admin' }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });

      await expect(new DrsClient(once(unknownKey())).send(new DescribeSourceServersCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
      await expect(new EC2Client(once(unknownKey())).send(new DescribeSubnetsCommand({}))).rejects.toMatchObject({ name: 'AuthFailure' });
      await expect(new STSClient(once(unknownKey())).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    });

    it('refuses a clock 10 minutes off, and the SDK recovers from the Date header as with AWS', async () => {
      const skewed = { ...t.config(), systemClockOffset: -10 * 60_000 };
      const once = new DrsClient({ ...skewed, maxAttempts: 1 });
      await expect(once.send(new DescribeSourceServersCommand({ maxResults: 1 }))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
        message: expect.stringMatching(/^Signature expired/),
      });
      const retrying = new DrsClient(skewed);
      const answer = await retrying.send(new DescribeSourceServersCommand({ maxResults: 1 }));
      expect(answer.items).toHaveLength(1);
      expect(answer.$metadata.attempts).toBe(2);
    });
  });

  describe('Cognito', () => {
    const cognito = () => new CognitoIdentityProviderClient(t.config(emu.cognito.region));
    const login = (USERNAME: string, PASSWORD: string) =>
      cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: emu.cognito.clientId, AuthParameters: { USERNAME, PASSWORD } }));

    it('signs in every seeded user with tokens that carry its group', async () => {
      const expected = {
        admin: 'DRSOrchestrationAdmin',
        'recovery-manager': 'DRSRecoveryManager',
        'plan-manager': 'DRSPlanManager',
        operator: 'DRSOperator',
        readonly: 'DRSReadOnly',
      };
      expect(emu.cognito.users.map((u) => u.username)).toEqual(Object.keys(expected));
      for (const user of emu.cognito.users) {
        expect(user.email).toBe(`${user.username}@drs.local`);
        const { AuthenticationResult: r } = await login(user.username, user.password);
        expect(r).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600, RefreshToken: expect.any(String) });
        const access = decodeJwt(r!.AccessToken!);
        const id = decodeJwt(r!.IdToken!);
        expect(access.header).toEqual({ kid: expect.any(String), alg: 'RS256' });
        expect(access.payload).toMatchObject({
          'cognito:groups': [expected[user.username as keyof typeof expected]],
          iss: emu.cognito.issuer(),
          client_id: emu.cognito.clientId,
          token_use: 'access',
          scope: 'aws.cognito.signin.user.admin',
          username: user.username,
        });
        expect(Object.keys(access.payload)).toEqual(['sub', 'cognito:groups', 'iss', 'client_id', 'origin_jti', 'event_id', 'token_use', 'scope', 'auth_time', 'exp', 'iat', 'jti', 'username']);
        expect(id.payload).toMatchObject({ 'cognito:groups': user.groups, email: user.email, email_verified: true, aud: emu.cognito.clientId, token_use: 'id', 'cognito:username': user.username, sub: access.payload.sub });
      }
    });

    it('refuses a wrong password and refreshes with the refresh token', async () => {
      const admin = emu.cognito.users[0];
      await expect(login(admin.username, `${admin.password}x`)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      await expect(login('nobody', 'Whatever1!')).rejects.toMatchObject({ name: 'NotAuthorizedException' });

      const first = (await login(admin.username, admin.password)).AuthenticationResult!;
      const refreshed = await cognito().send(
        new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: emu.cognito.clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } }),
      );
      const r = refreshed.AuthenticationResult!;
      expect(r.RefreshToken).toBeUndefined();
      expect(r.AccessToken).not.toBe(first.AccessToken);
      expect(decodeJwt(r.AccessToken!).payload.origin_jti).toBe(decodeJwt(first.AccessToken!).payload.origin_jti);
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: emu.cognito.clientId, AuthParameters: { REFRESH_TOKEN: 'forged' } })),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    });

    it('manages users with the admin calls, including the first-sign-in password change', async () => {
      const client = cognito();
      const UserPoolId = emu.cognito.userPoolId;
      const Username = `analyst-${t.name}`;
      await client.send(new AdminCreateUserCommand({ UserPoolId, Username, TemporaryPassword: 'Temp0rary!pass', UserAttributes: [{ Name: 'email', Value: `${Username}@drs.local` }], MessageAction: 'SUPPRESS' }));
      await expect(client.send(new AdminCreateUserCommand({ UserPoolId, Username }))).rejects.toMatchObject({ name: 'UsernameExistsException' });
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'DRSOperator' }));
      await expect(client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'NoSuchGroup' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

      const challenge = await login(Username, 'Temp0rary!pass');
      expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      const answered = await client.send(
        new RespondToAuthChallengeCommand({ ClientId: emu.cognito.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session, ChallengeResponses: { USERNAME: Username, NEW_PASSWORD: 'Chosen-Passw0rd' } }),
      );
      expect(decodeJwt(answered.AuthenticationResult!.AccessToken!).payload['cognito:groups']).toEqual(['DRSOperator']);

      await expect(client.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: 'short', Permanent: true }))).rejects.toMatchObject({ name: 'InvalidPasswordException' });
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: 'An0ther-Passw0rd', Permanent: true }));
      await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName: 'DRSOperator' }));
      expect((await client.send(new AdminListGroupsForUserCommand({ UserPoolId, Username }))).Groups).toEqual([]);
      const signedIn = await login(Username, 'An0ther-Passw0rd');
      expect(decodeJwt(signedIn.AuthenticationResult!.AccessToken!).payload['cognito:groups']).toBeUndefined();

      const user = await client.send(new AdminGetUserCommand({ UserPoolId, Username }));
      expect(user).toMatchObject({ Username, UserStatus: 'CONFIRMED', Enabled: true, UserCreateDate: expect.any(Date) });
      expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: `${Username}@drs.local` });
      const listed = await client.send(new ListUsersCommand({ UserPoolId, Filter: `email ^= "${Username}"` }));
      expect(listed.Users?.map((u) => u.Username)).toEqual([Username]);

      await client.send(new AdminDeleteUserCommand({ UserPoolId, Username }));
      await expect(client.send(new AdminGetUserCommand({ UserPoolId, Username }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await expect(login(Username, 'An0ther-Passw0rd')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    });
  });
});

describe('Cognito tokens and aws-jwt-verify', () => {
  // aws-jwt-verify's own fetcher speaks https only; the local pool serves its JWKS over http.
  const fetcher = {
    fetch: async (uri: string): Promise<ArrayBuffer> => {
      const r = await fetch(uri);
      if (r.status !== 200) throw new NonRetryableFetchError(uri, `Status code is ${r.status}, expected 200`);
      return r.arrayBuffer();
    },
  };
  const verifier = () =>
    JwtVerifier.create({ issuer: emu.cognito.issuer(), audience: null, jwksUri: emu.cognito.jwksUri() }, { jwksCache: new SimpleJwksCache({ fetcher }) });

  it('verifies an access token against the JWKS URL, and rejects an expired one', async () => {
    const user = emu.cognito.users[1];
    const signIn = await new CognitoIdentityProviderClient({ region: emu.cognito.region, endpoint: url, credentials: emu.credentials }).send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: emu.cognito.clientId, AuthParameters: { USERNAME: user.username, PASSWORD: user.password } }),
    );
    const payload = await verifier().verify(signIn.AuthenticationResult!.AccessToken!);
    expect(payload).toMatchObject({ token_use: 'access', username: user.username, 'cognito:groups': user.groups });
    expect(emu.cognito.jwksUri()).toBe(`${url}/${emu.cognito.userPoolId}/.well-known/jwks.json`);

    const expired = emu.cognito.mintToken(user.username, { expiresInSeconds: -60 });
    await expect(verifier().verify(expired)).rejects.toBeInstanceOf(JwtExpiredError);
    const idToken = emu.cognito.mintToken(user.username, { tokenUse: 'id' });
    expect(await verifier().verify(idToken)).toMatchObject({ token_use: 'id', aud: emu.cognito.clientId });
  });
});

describe('verifySigV4', () => {
  const sha256 = Sha256;
  const body = JSON.stringify({ query: '{ health }' });
  const request = () => ({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4000,
    path: '/graphql',
    query: {} as Record<string, string>,
    headers: { host: '127.0.0.1:4000', 'content-type': 'application/json' } as Record<string, string>,
    body,
  });
  const asSigned = (r: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string>; body?: unknown }): SignedRequest => ({
    method: r.method,
    path: r.path,
    query: Object.fromEntries(Object.entries(r.query ?? {}).map(([k, v]) => [k, v ?? ''])),
    headers: r.headers,
    body: String(r.body ?? ''),
  });
  const signer = (secretAccessKey = emu.credentials.secretAccessKey) =>
    new SignatureV4({ credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey }, region: 'us-east-1', service: 'appsync', sha256 });

  it('accepts header and presigned signatures of the local principal', async () => {
    const signed = await signer().sign(request());
    const header = await verifySigV4(asSigned(signed), emu.lookupPrincipal);
    expect(header).toMatchObject({ ok: true, service: 'appsync', region: 'us-east-1', principal: { accountId: emu.accountId } });

    const presigned = await signer().presign(request(), { expiresIn: 300 });
    expect(await verifySigV4(asSigned(presigned), emu.lookupPrincipal)).toMatchObject({ ok: true });
    const expired = await signer().presign(request(), { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
    expect(await verifySigV4(asSigned(expired), emu.lookupPrincipal)).toMatchObject({ ok: false, code: 'SignatureExpired' });
  });

  it('accepts STS session credentials only with their session token', async () => {
    const sts = new STSClient({ region: 'us-east-1', endpoint: url, credentials: emu.credentials });
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${emu.accountId}:role/DRSOrchestrationRole`, RoleSessionName: 'appsync-test' }));
    const credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    const session = new SignatureV4({ credentials, region: 'us-east-1', service: 'appsync', sha256 });
    const presigned = await session.presign(request(), { expiresIn: 300 });
    expect(presigned.query?.['X-Amz-Security-Token']).toBe(credentials.sessionToken);
    expect(await verifySigV4(asSigned(presigned), emu.lookupPrincipal)).toMatchObject({
      ok: true,
      principal: { arn: `arn:aws:sts::${emu.accountId}:assumed-role/DRSOrchestrationRole/appsync-test` },
    });
    const header = await session.sign(request());
    expect(await verifySigV4(asSigned(header), emu.lookupPrincipal)).toMatchObject({ ok: true });
    const { 'x-amz-security-token': _token, ...withoutToken } = header.headers;
    expect(await verifySigV4({ ...asSigned(header), headers: withoutToken }, emu.lookupPrincipal)).toMatchObject({ ok: false, code: 'UnrecognizedClient' });
  });

  it('refuses tampering, wrong keys, skewed clocks and a lying content hash', async () => {
    const signed = await signer().sign(request());
    expect(await verifySigV4({ ...asSigned(signed), body: '{ "query": "mutation" }' }, emu.lookupPrincipal)).toMatchObject({ ok: false, code: 'InvalidSignature' });
    expect(await verifySigV4(asSigned(await signer('wrong').sign(request())), emu.lookupPrincipal)).toMatchObject({ ok: false, code: 'InvalidSignature' });
    expect(await verifySigV4(asSigned(signed), () => undefined)).toMatchObject({ ok: false, code: 'UnrecognizedClient' });
    expect(await verifySigV4(asSigned(request()), emu.lookupPrincipal)).toMatchObject({ ok: false, code: 'MissingAuthenticationToken' });
    expect(await verifySigV4(asSigned(signed), emu.lookupPrincipal, new Date(Date.now() + 6 * 60_000))).toMatchObject({ ok: false, code: 'SignatureExpired' });

    const withHash = request();
    withHash.headers['x-amz-content-sha256'] = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(await verifySigV4(asSigned(await signer().sign(withHash)), emu.lookupPrincipal)).toMatchObject({ ok: false, code: 'InvalidSignature' });
  });
});
