// EC2 spot capacity and the Cognito admin and token calls on the standalone local AWS endpoint, through
// the unmodified SDK v3 clients and the AWS CLI v1 (run with execFile, not spawnSync, so the emulator
// in this process keeps serving while it waits): per-region spot prices, a spot launch's lifecycle,
// the capacity fault, disabled users, global sign-out and the pool's schema.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeInstancesCommand,
  DescribeSpotPriceHistoryCommand,
  DescribeSubnetsCommand,
  EC2Client,
  type Instance,
  RunInstancesCommand,
  type RunInstancesCommandInput,
  type SpotPrice,
  TerminateInstancesCommand,
  paginateDescribeSpotPriceHistory,
} from '@aws-sdk/client-ec2';
import { JwtVerifier } from 'aws-jwt-verify';
import { NonRetryableFetchError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliEnv } from '../support/aws-cli.ts';
import { type AwsEmulator, createAwsEmulator } from '../../infra/local/aws/index.ts';

const run = promisify(execFile);
const AMI = 'ami-0123456789abcdef0';
const DOC_RANGES = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/;

let emu: AwsEmulator;
let url: string;

beforeAll(async () => {
  // 1000× simulated time: a boot takes 20–30 ms, a shutdown 30–45 ms, a terminated instance stays listed 3.6 s.
  emu = createAwsEmulator({ simSpeed: 1000 });
  ({ url } = await emu.listen(0));
});
afterAll(async () => {
  await emu.close();
});

const ec2 = (region: string, maxAttempts?: number) => new EC2Client({ region, endpoint: url, credentials: emu.credentials, ...(maxAttempts ? { maxAttempts } : {}) });
const cognito = () => new CognitoIdentityProviderClient({ region: emu.cognito.region, endpoint: url, credentials: emu.credentials });
const control = async (method: string, body?: unknown) => {
  const res = await fetch(`${url}/__local/ec2/faults`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function describe1(region: string, id: string): Promise<Instance> {
  const r = await ec2(region).send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return r.Reservations![0].Instances![0];
}

const spotLaunch = (extra: Partial<RunInstancesCommandInput> = {}): RunInstancesCommandInput => ({
  ImageId: AMI,
  InstanceType: 't3.micro',
  MinCount: 1,
  MaxCount: 1,
  InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' } },
  ...extra,
});

describe('EC2 spot prices', () => {
  const current = async (region: string) =>
    (await ec2(region).send(new DescribeSpotPriceHistoryCommand({ InstanceTypes: ['m5.large', 't3.micro'], ProductDescriptions: ['Linux/UNIX'], StartTime: new Date() }))).SpotPriceHistory!;
  const byType = (prices: SpotPrice[], type: string) => prices.filter((p) => p.InstanceType === type).map((p) => Number(p.SpotPrice));

  it('answers one price in force per zone and type, region by region, the cheapest region always the same', async () => {
    const [east2, west2, east1] = await Promise.all([current('us-east-2'), current('us-west-2'), current('us-east-1')]);
    expect(east1).toHaveLength(6 * 2);
    expect(west2).toHaveLength(4 * 2);
    expect(east2).toHaveLength(3 * 2);
    for (const p of east1) {
      expect(p).toEqual({
        AvailabilityZone: expect.stringMatching(/^us-east-1[a-f]$/),
        AvailabilityZoneId: expect.stringMatching(/^use1-az[1-6]$/),
        InstanceType: expect.stringMatching(/^(m5\.large|t3\.micro)$/),
        ProductDescription: 'Linux/UNIX',
        SpotPrice: expect.stringMatching(/^0\.\d{6}$/),
        Timestamp: expect.any(Date),
      });
      expect(p.Timestamp!.getTime()).toBeLessThanOrEqual(Date.now());
    }
    // Every us-east-2 price is below every us-west-2 price, which are below every us-east-1 price.
    for (const type of ['m5.large', 't3.micro']) {
      expect(Math.max(...byType(east2, type))).toBeLessThan(Math.min(...byType(west2, type)));
      expect(Math.max(...byType(west2, type))).toBeLessThan(Math.min(...byType(east1, type)));
    }
    // A spot price is a fraction of on-demand (m5.large: $0.096 an hour in us-east-1).
    for (const price of byType(east1, 'm5.large')) {
      expect(price).toBeGreaterThan(0.02);
      expect(price).toBeLessThan(0.06);
    }
  });

  it('is the same on every start, and pages and filters the history', async () => {
    const end = new Date(Date.now() - 86_400_000);
    const input = { InstanceTypes: ['c5.xlarge' as const], StartTime: new Date(end.getTime() - 5 * 86_400_000), EndTime: end };
    const other = createAwsEmulator();
    const mine = (await ec2('eu-west-1').send(new DescribeSpotPriceHistoryCommand(input))).SpotPriceHistory!;
    const theirs = (await new EC2Client({ region: 'eu-west-1', credentials: other.credentials, requestHandler: other.requestHandler }).send(new DescribeSpotPriceHistoryCommand(input))).SpotPriceHistory!;
    expect(mine.length).toBeGreaterThan(3 * 6);
    expect(theirs).toEqual(mine);
    // Newest first; all within the window but the price in force at its start.
    const times = mine.map((p) => p.Timestamp!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times.filter((t) => t < input.StartTime.getTime()).length).toBeLessThanOrEqual(3 * 6);
    expect(Math.max(...times)).toBeLessThanOrEqual(end.getTime());

    const paged: SpotPrice[] = [];
    // (The paginator writes each NextToken into the input it is given: a copy.)
    for await (const page of paginateDescribeSpotPriceHistory({ client: ec2('eu-west-1'), pageSize: 7 }, { ...input })) {
      expect(page.SpotPriceHistory!.length).toBeLessThanOrEqual(7);
      paged.push(...page.SpotPriceHistory!);
    }
    expect(paged).toEqual(mine);

    const windows = (await ec2('eu-west-1').send(new DescribeSpotPriceHistoryCommand({ ...input, Filters: [{ Name: 'product-description', Values: ['Windows*'] }], AvailabilityZone: 'eu-west-1b' })))
      .SpotPriceHistory!;
    expect(new Set(windows.map((p) => `${p.AvailabilityZone} ${p.ProductDescription}`))).toEqual(new Set(['eu-west-1b Windows', 'eu-west-1b Windows (Amazon VPC)']));
    await expect(ec2('eu-west-1').send(new DescribeSpotPriceHistoryCommand({ AvailabilityZone: 'us-east-1a' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    expect((await ec2('eu-west-1').send(new DescribeSpotPriceHistoryCommand({ InstanceTypes: ['p5.48xlarge'], StartTime: new Date() }))).SpotPriceHistory).toEqual([]);
  });
});

describe('EC2 spot launches', () => {
  it('launches a spot instance that boots, gets its addresses, and terminates', async () => {
    const client = ec2('us-east-2');
    const tag = `spot-${Date.now()}`;
    const launch = await client.send(new RunInstancesCommand(spotLaunch({ TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Purpose', Value: tag }] }] })));
    expect(launch).toMatchObject({ ReservationId: expect.stringMatching(/^r-[0-9a-f]{17}$/), OwnerId: emu.accountId });
    const launched = launch.Instances![0];
    expect(launched).toMatchObject({
      InstanceId: expect.stringMatching(/^i-[0-9a-f]{17}$/),
      State: { Code: 0, Name: 'pending' },
      StateReason: { Code: 'pending', Message: 'pending' },
      InstanceLifecycle: 'spot',
      SpotInstanceRequestId: expect.stringMatching(/^sir-[a-z0-9]{8}$/),
      InstanceType: 't3.micro',
      ImageId: AMI,
      PrivateIpAddress: expect.stringMatching(/^172\.31\./),
      Tags: [{ Key: 'Purpose', Value: tag }],
    });
    expect(launched.PublicIpAddress).toBeUndefined();
    // Into the default VPC's subnet of the zone where t3.micro spot is cheapest.
    const subnets = (await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets!;
    expect(subnets.map((s) => s.AvailabilityZone).sort()).toEqual(['us-east-2a', 'us-east-2b', 'us-east-2c']);
    const prices = (await client.send(new DescribeSpotPriceHistoryCommand({ InstanceTypes: ['t3.micro'], ProductDescriptions: ['Linux/UNIX'], StartTime: new Date() }))).SpotPriceHistory!;
    const cheapest = [...prices].sort((a, b) => Number(a.SpotPrice) - Number(b.SpotPrice))[0].AvailabilityZone;
    expect(launched.Placement?.AvailabilityZone).toBe(cheapest);
    expect(launched.SubnetId).toBe(subnets.find((s) => s.AvailabilityZone === cheapest)?.SubnetId);

    const filters = [
      { Name: 'instance-lifecycle', Values: ['spot'] },
      { Name: 'tag:Purpose', Values: [tag] },
      { Name: 'instance-state-name', Values: ['running'] },
    ];
    const running = await until('running', async () => (await client.send(new DescribeInstancesCommand({ Filters: filters }))).Reservations?.[0]?.Instances?.[0]);
    expect(running).toMatchObject({ InstanceId: launched.InstanceId, State: { Code: 16, Name: 'running' }, InstanceLifecycle: 'spot', SpotInstanceRequestId: launched.SpotInstanceRequestId });
    expect(running.PublicIpAddress).toMatch(DOC_RANGES);
    expect(running.PublicDnsName).toBe(`ec2-${running.PublicIpAddress!.replace(/\./g, '-')}.us-east-2.compute.amazonaws.com`);
    expect(running.PrivateIpAddress).toBe(launched.PrivateIpAddress);
    expect(running.PrivateDnsName).toBe(`ip-${running.PrivateIpAddress!.replace(/\./g, '-')}.us-east-2.compute.internal`);
    expect(running.NetworkInterfaces?.[0]?.Association).toEqual({ IpOwnerId: 'amazon', PublicDnsName: running.PublicDnsName, PublicIp: running.PublicIpAddress });
    expect(running.SecurityGroups?.map((g) => g.GroupName)).toEqual(['default']);
    expect(running.StateReason).toBeUndefined();

    const terminate = await client.send(new TerminateInstancesCommand({ InstanceIds: [launched.InstanceId!] }));
    expect(terminate.TerminatingInstances).toEqual([
      { InstanceId: launched.InstanceId, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } },
    ]);
    const gone = await until('terminated', async () => {
      const i = await describe1('us-east-2', launched.InstanceId!);
      return i.State?.Name === 'terminated' ? i : undefined;
    });
    expect(gone).toMatchObject({
      State: { Code: 48, Name: 'terminated' },
      StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' },
      StateTransitionReason: expect.stringMatching(/^User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)$/),
      InstanceLifecycle: 'spot',
    });
    expect(gone.PublicIpAddress).toBeUndefined();
    expect(gone.PrivateIpAddress).toBeUndefined();
    expect((await client.send(new DescribeInstancesCommand({ Filters: filters }))).Reservations).toEqual([]);
    // Terminating again changes nothing.
    expect((await client.send(new TerminateInstancesCommand({ InstanceIds: [launched.InstanceId!] }))).TerminatingInstances![0]).toMatchObject({
      CurrentState: { Name: 'terminated' },
      PreviousState: { Name: 'terminated' },
    });
  });

  it('launches on-demand into a named subnet, and refuses what EC2 refuses', async () => {
    const client = ec2('us-east-1');
    const subnet = (await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['DR-Private-1a'] }] }))).Subnets![0];
    const launch = await client.send(
      new RunInstancesCommand({ ImageId: AMI, InstanceType: 'm5.large', MinCount: 2, MaxCount: 2, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet.SubnetId, AssociatePublicIpAddress: true }] }),
    );
    expect(launch.Instances).toHaveLength(2);
    expect(launch.Instances!.map((i) => i.AmiLaunchIndex)).toEqual([0, 1]);
    for (const i of launch.Instances!) {
      expect(i.InstanceLifecycle).toBeUndefined();
      expect(i.SpotInstanceRequestId).toBeUndefined();
      expect(i).toMatchObject({ SubnetId: subnet.SubnetId, VpcId: subnet.VpcId, Placement: { AvailabilityZone: 'us-east-1a' }, PrivateIpAddress: expect.stringMatching(/^10\.20\.1\./) });
    }
    const ids = launch.Instances!.map((i) => i.InstanceId!);
    await until('both running', async () => ((await Promise.all(ids.map((id) => describe1('us-east-1', id)))).every((i) => i.PublicIpAddress) ? true : undefined));
    const onDemand = await client.send(new DescribeInstancesCommand({ InstanceIds: ids, Filters: [{ Name: 'instance-lifecycle', Values: ['spot'] }] }));
    expect(onDemand.Reservations).toEqual([]);
    await client.send(new TerminateInstancesCommand({ InstanceIds: ids }));

    // The estate's own regions have no default VPC.
    await expect(client.send(new RunInstancesCommand(spotLaunch()))).rejects.toMatchObject({ name: 'VPCIdNotSpecified' });
    const west = ec2('us-east-2');
    await expect(west.send(new RunInstancesCommand(spotLaunch({ InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { MaxPrice: '0.0001' } } })))).rejects.toMatchObject({
      name: 'SpotMaxPriceTooLow',
      message: expect.stringMatching(/^Your Spot request price of 0\.0001 is lower than the minimum required Spot request fulfillment price of 0\.\d+\.$/),
    });
    await expect(west.send(new RunInstancesCommand(spotLaunch({ ImageId: 'ami-123' })))).rejects.toMatchObject({ name: 'InvalidAMIID.Malformed' });
    await expect(west.send(new RunInstancesCommand(spotLaunch({ InstanceType: 'x9.huge' as 't3.micro' })))).rejects.toMatchObject({ name: 'InvalidParameterValue', message: "Invalid value 'x9.huge' for InstanceType." });
    await expect(west.send(new RunInstancesCommand(spotLaunch({ DryRun: true })))).rejects.toMatchObject({ name: 'DryRunOperation' });
    await expect(west.send(new TerminateInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
  });

  it('answers InsufficientInstanceCapacity where the fault switch says, so a fallback can be tested', async () => {
    expect(await control('GET')).toEqual({ status: 200, body: { insufficientCapacity: [] } });
    const set = await control('POST', { insufficientCapacity: [{ region: 'us-east-2', marketType: 'spot' }] });
    expect(set).toEqual({ status: 200, body: { insufficientCapacity: [{ region: 'us-east-2', marketType: 'spot' }] } });
    try {
      // A server error: the SDK retries it (three attempts by default) before giving up, as against EC2.
      const refused = await ec2('us-east-2')
        .send(new RunInstancesCommand(spotLaunch()))
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ name: 'InsufficientInstanceCapacity', message: 'There is no Spot capacity available that matches your request.', $metadata: { httpStatusCode: 500, attempts: 3 } });
      // The fallbacks: on-demand in the same region, or spot in the next cheapest region (an estate region:
      // no default VPC there, so into a named subnet, with a public address asked for).
      const onDemand = await ec2('us-east-2').send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
      expect(onDemand.Instances![0].InstanceLifecycle).toBeUndefined();
      const [drSubnet] = (await ec2('us-west-2').send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['DR-Private-2b'] }] }))).Subnets!;
      const elsewhere = await ec2('us-west-2').send(new RunInstancesCommand(spotLaunch({ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: drSubnet.SubnetId, AssociatePublicIpAddress: true }] })));
      expect(elsewhere.Instances![0]).toMatchObject({ InstanceLifecycle: 'spot', SubnetId: drSubnet.SubnetId, Placement: { AvailabilityZone: 'us-west-2b' } });
      const up = await until('running in us-west-2', async () => {
        const i = await describe1('us-west-2', elsewhere.Instances![0].InstanceId!);
        return i.State?.Name === 'running' ? i : undefined;
      });
      expect(up.PublicIpAddress).toMatch(DOC_RANGES);
      await ec2('us-east-2').send(new TerminateInstancesCommand({ InstanceIds: [onDemand.Instances![0].InstanceId!] }));
      await ec2('us-west-2').send(new TerminateInstancesCommand({ InstanceIds: [elsewhere.Instances![0].InstanceId!] }));

      await control('POST', { insufficientCapacity: [{ region: 'ap-south-1', instanceTypes: ['m5.large'] }] });
      await expect(ec2('ap-south-1', 1).send(new RunInstancesCommand(spotLaunch({ InstanceType: 'm5.large' })))).rejects.toMatchObject({ name: 'InsufficientInstanceCapacity' });
      await expect(ec2('ap-south-1', 1).send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 'm5.large', MinCount: 1, MaxCount: 1 }))).rejects.toMatchObject({
        name: 'InsufficientInstanceCapacity',
        message: expect.stringMatching(/^We currently do not have sufficient m5\.large capacity in the Availability Zone you requested \(ap-south-1[a-c]\)\./),
      });
      expect((await control('POST', { insufficientCapacity: [{ market: 'spot' }] })).status).toBe(400);
      expect((await control('POST', { unknownSwitch: true })).status).toBe(400);
    } finally {
      expect(await control('POST', {})).toEqual({ status: 200, body: { insufficientCapacity: [] } });
    }
    expect((await ec2('us-east-2').send(new RunInstancesCommand(spotLaunch()))).Instances![0].InstanceLifecycle).toBe('spot');
  });

  it('answers the AWS CLI v1 the same prices as the SDK', async () => {
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 3 * 86_400_000);
    const env = awsCliEnv(url, emu.credentials, 'us-west-2');
    const args = ['ec2', 'describe-spot-price-history', '--instance-types', 'm5.large', 'r5.large', '--product-descriptions', 'Linux/UNIX', '--start-time', start.toISOString(), '--page-size', '5'];
    const { stdout } = await run('aws', args, { env });
    const cli = JSON.parse(stdout) as { SpotPriceHistory: Array<Record<string, string>> };
    const sdk = (await ec2('us-west-2').send(new DescribeSpotPriceHistoryCommand({ InstanceTypes: ['m5.large', 'r5.large'], ProductDescriptions: ['Linux/UNIX'], StartTime: start })))
      .SpotPriceHistory!;
    expect(cli.SpotPriceHistory.length).toBeGreaterThan(5);
    // CLI v1 prints timestamps as they came over the wire (EC2 writes milliseconds and Z).
    expect(cli.SpotPriceHistory).toEqual(sdk.map((p) => ({ ...p, Timestamp: p.Timestamp!.toISOString() })));
  });
});

describe('Cognito admin calls and token revocation', () => {
  const UserPoolId = () => emu.cognito.userPoolId;
  const login = (USERNAME: string, PASSWORD: string) =>
    cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: emu.cognito.clientId, AuthParameters: { USERNAME, PASSWORD } }));
  const refresh = (REFRESH_TOKEN: string) => cognito().send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: emu.cognito.clientId, AuthParameters: { REFRESH_TOKEN } }));
  const getUser = (AccessToken: string) => cognito().send(new GetUserCommand({ AccessToken }));
  const refused = (message: string) => ({ name: 'NotAuthorizedException', message });

  /** A staff member as the control plane would create one: an opaque username, the email as the sign-in alias. */
  async function staff(name: string, password = 'Staff-Passw0rd!') {
    const Username = `${name}-${Math.random().toString(36).slice(2, 8)}`;
    const email = `${Username}@example.com`;
    await cognito().send(
      new AdminCreateUserCommand({
        UserPoolId: UserPoolId(),
        Username,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
    await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: UserPoolId(), Username, Password: password, Permanent: true }));
    return { Username, email, password };
  }

  it('refuses a disabled user at sign-in, refresh and GetUser, and lets it back in when enabled', async () => {
    const user = await staff('disabled');
    // The verified email signs in as an alias of the username.
    const first = (await login(user.email, user.password)).AuthenticationResult!;
    expect((await getUser(first.AccessToken!)).Username).toBe(user.Username);

    await cognito().send(new AdminDisableUserCommand({ UserPoolId: UserPoolId(), Username: user.Username }));
    expect(await cognito().send(new AdminGetUserCommand({ UserPoolId: UserPoolId(), Username: user.Username }))).toMatchObject({ Enabled: false, UserStatus: 'CONFIRMED' });
    await expect(login(user.email, user.password)).rejects.toMatchObject(refused('User is disabled.'));
    await expect(login(user.Username, 'Wrong-Passw0rd!')).rejects.toMatchObject(refused('Incorrect username or password.'));
    await expect(refresh(first.RefreshToken!)).rejects.toMatchObject(refused('User is disabled.'));
    await expect(getUser(first.AccessToken!)).rejects.toMatchObject(refused('User is disabled.'));
    // The token is still a validly signed, unexpired JWT: a verifier (aws-jwt-verify, AppSync) cannot tell.
    const fetcher = {
      fetch: async (uri: string): Promise<ArrayBuffer> => {
        const r = await fetch(uri);
        if (r.status !== 200) throw new NonRetryableFetchError(uri, `Status code is ${r.status}`);
        return r.arrayBuffer();
      },
    };
    const verifier = JwtVerifier.create({ issuer: emu.cognito.issuer(), audience: null, jwksUri: emu.cognito.jwksUri() }, { jwksCache: new SimpleJwksCache({ fetcher }) });
    expect(await verifier.verify(first.AccessToken!)).toMatchObject({ username: user.Username, token_use: 'access' });

    await cognito().send(new AdminEnableUserCommand({ UserPoolId: UserPoolId(), Username: user.Username }));
    const again = (await login(user.email, user.password)).AuthenticationResult!;
    expect(await getUser(again.AccessToken!)).toMatchObject({ Username: user.Username, UserAttributes: expect.arrayContaining([{ Name: 'email', Value: user.email }]) });
    // Disabling revoked the access tokens issued before it; the refresh token works again.
    await expect(getUser(first.AccessToken!)).rejects.toMatchObject(refused('Access Token has been revoked'));
    expect((await refresh(first.RefreshToken!)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    await expect(cognito().send(new AdminDisableUserCommand({ UserPoolId: UserPoolId(), Username: 'nobody-here' }))).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('revokes every session at global sign-out, by the user or by an administrator', async () => {
    const user = await staff('signout');
    const a = (await login(user.Username, user.password)).AuthenticationResult!;
    const b = (await login(user.email, user.password)).AuthenticationResult!;
    await cognito().send(new GlobalSignOutCommand({ AccessToken: a.AccessToken! }));
    for (const session of [a, b]) {
      await expect(refresh(session.RefreshToken!)).rejects.toMatchObject(refused('Refresh Token has been revoked'));
      await expect(getUser(session.AccessToken!)).rejects.toMatchObject(refused('Access Token has been revoked'));
    }
    await expect(cognito().send(new GlobalSignOutCommand({ AccessToken: a.AccessToken! }))).rejects.toMatchObject(refused('Access Token has been revoked'));
    // A new sign-in is a new session.
    const c = (await login(user.Username, user.password)).AuthenticationResult!;
    expect((await refresh(c.RefreshToken!)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    await cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId: UserPoolId(), Username: user.Username }));
    await expect(refresh(c.RefreshToken!)).rejects.toMatchObject(refused('Refresh Token has been revoked'));
    await expect(getUser(c.AccessToken!)).rejects.toMatchObject(refused('Access Token has been revoked'));
    await expect(getUser('not.a.token')).rejects.toMatchObject(refused('Invalid Access Token'));
    await expect(getUser(emu.cognito.mintToken(user.Username, { expiresInSeconds: -60 }))).rejects.toMatchObject(refused('Access Token has expired'));
  });

  it('holds to the pool schema, the email alias and password resets', async () => {
    const create = (Username: string, UserAttributes: Array<{ Name: string; Value: string }>) =>
      cognito().send(new AdminCreateUserCommand({ UserPoolId: UserPoolId(), Username, UserAttributes, MessageAction: 'SUPPRESS' }));
    await expect(create('staff-custom', [{ Name: 'email', Value: 'c@example.com' }, { Name: 'custom:staff_id', Value: '550e8400-e29b-41d4-a716-446655440002' }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Attributes did not conform to the schema: custom:staff_id: Attribute does not exist in the schema.\n',
    });
    await expect(create('staff-noemail', [])).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Attributes did not conform to the schema: email: The attribute is required\n' });
    await expect(create('someone@example.com', [{ Name: 'email', Value: 'someone@example.com' }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Username cannot be of email format, since user pool is configured for email alias.',
    });
    await expect(create('staff-bademail', [{ Name: 'email', Value: 'not-an-email' }])).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid email address format.' });
    const taken = await staff('taken');
    await expect(create('staff-copy', [{ Name: 'email', Value: taken.email }, { Name: 'email_verified', Value: 'true' }])).rejects.toMatchObject({
      name: 'AliasExistsException',
      message: 'An account with the given email already exists.',
    });
    // The staff id can be the user's sub: a UUID v4 Cognito assigns and never changes.
    const got = await cognito().send(new AdminGetUserCommand({ UserPoolId: UserPoolId(), Username: taken.email }));
    expect(got.Username).toBe(taken.Username);
    expect(got.UserAttributes?.find((a) => a.Name === 'sub')?.Value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    await cognito().send(new AdminResetUserPasswordCommand({ UserPoolId: UserPoolId(), Username: taken.Username }));
    expect((await cognito().send(new AdminGetUserCommand({ UserPoolId: UserPoolId(), Username: taken.Username }))).UserStatus).toBe('RESET_REQUIRED');
    await expect(login(taken.email, taken.password)).rejects.toMatchObject({ name: 'PasswordResetRequiredException', message: 'Password reset required for the user' });
    await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: UserPoolId(), Username: taken.Username, Password: 'Brand-New-Passw0rd', Permanent: true }));
    expect((await login(taken.email, 'Brand-New-Passw0rd')).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });
});
