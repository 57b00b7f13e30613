// CloudFormation and S3 on the local AWS endpoint (a standalone emulator, a high simSpeed), through the
// unmodified SDK v3 clients and the AWS CLI v1: a YAML VPC template uploaded to S3 and deployed by
// TemplateURL, its events and outputs, failures that roll back (a fault switch, a subnet outside its
// VPC), CreateStack's validation errors, deletion, a cross-account stack, and S3's wire details
// (path and virtual-hosted style, aws-chunked uploads and their checksums, error shapes). The CLI runs
// with execFile, not spawnSync, so the emulator in this process keeps serving while it waits.
import { execFile } from 'node:child_process';
import { crc32 } from 'node:zlib';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, type Stack, type StackEvent } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliEnv } from '../support/aws-cli.ts';
import { type AwsEmulator, createAwsEmulator } from '../../infra/local/aws/index.ts';

const run = promisify(execFile);
const REGION = 'us-east-1';
const BUCKET = 'cluster-templates';

let emu: AwsEmulator;
let url: string;
let s3: S3Client;
let cfn: CloudFormationClient;

// `${Name}` inside the template, kept out of this file's own template literal.
const sub = (name: string) => '${' + name + '}';
const VPC_TEMPLATE = String.raw`AWSTemplateFormatVersion: '2010-09-09'
Description: Cluster network (two public subnets)
Parameters:
  EnvironmentName:
    Type: String
    AllowedPattern: '[a-zA-Z][-a-zA-Z0-9]*'
  VpcCIDR:
    Type: String
    Default: 10.20.0.0/16
    AllowedPattern: '(\d{1,3}\.){3}\d{1,3}/\d{1,2}'
    ConstraintDescription: must be a CIDR block such as 10.0.0.0/16
  Subnet1CIDR:
    Type: String
    Default: 10.20.1.0/24
  Subnet2CIDR:
    Type: String
    Default: 10.20.2.0/24
Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref VpcCIDR
      EnableDnsHostnames: true
      Tags:
        - Key: Name
          Value: !Sub '${sub('EnvironmentName')}-vpc'
  InternetGateway:
    Type: AWS::EC2::InternetGateway
  GatewayAttachment:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref VPC
      InternetGatewayId: !Ref InternetGateway
  Subnet1:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VPC
      CidrBlock: !Ref Subnet1CIDR
      AvailabilityZone: !Select [0, !GetAZs '']
  Subnet2:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VPC
      CidrBlock: !Ref Subnet2CIDR
      AvailabilityZone: !Select [1, !GetAZs '']
Outputs:
  VpcId:
    Value: !Ref VPC
    Export:
      Name: !Sub '${sub('AWS::StackName')}-VpcId'
  SubnetIds:
    Value: !Join [',', [!Ref Subnet1, !Ref Subnet2]]
  VpcCidr:
    Value: !GetAtt VPC.CidrBlock
  SpareCidr:
    Value: !Select [3, !Cidr [!GetAtt VPC.CidrBlock, 4, 8]]
  Zone2:
    Value: !GetAtt Subnet2.AvailabilityZone
`;
const RESOURCES = ['VPC', 'InternetGateway', 'GatewayAttachment', 'Subnet1', 'Subnet2'];
const templateUrl = () => `${url}/${BUCKET}/network/vpc.yaml`;
const params = (values: Record<string, string>) => Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

beforeAll(async () => {
  emu = createAwsEmulator({ simSpeed: 200 });
  ({ url } = await emu.listen(0));
  const config = { region: REGION, endpoint: url, credentials: emu.credentials, maxAttempts: 1 };
  s3 = new S3Client(config);
  cfn = new CloudFormationClient(config);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'network/vpc.yaml', Body: VPC_TEMPLATE, ContentType: 'application/x-yaml' }));
});
afterAll(() => emu.close());

const isStack = (e: StackEvent) => e.ResourceType === 'AWS::CloudFormation::Stack';

/** Polls DescribeStackEvents until the stack's own newest event is no longer *_IN_PROGRESS; answers all events, oldest first. */
async function watch(client: CloudFormationClient, stack: string): Promise<StackEvent[]> {
  for (let i = 0; i < 400; i++) {
    const { StackEvents = [] } = await client.send(new DescribeStackEventsCommand({ StackName: stack }));
    const newest = StackEvents.find(isStack);
    if (newest && !newest.ResourceStatus?.endsWith('_IN_PROGRESS')) return [...StackEvents].reverse();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${stack} did not settle`);
}

async function describeStack(client: CloudFormationClient, stack: string): Promise<Stack> {
  const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stack }));
  expect(Stacks).toHaveLength(1);
  return Stacks[0];
}

const statuses = (events: StackEvent[], logicalId: string) => events.filter((e) => e.LogicalResourceId === logicalId).map((e) => e.ResourceStatus);

describe('CloudFormation: a VPC stack from a template in S3', () => {
  let stackId: string;

  it('creates the stack by TemplateURL and reports it CREATE_IN_PROGRESS at once', async () => {
    const created = await cfn.send(
      new CreateStackCommand({
        StackName: 'cluster-prod-1',
        TemplateURL: templateUrl(),
        Parameters: params({ EnvironmentName: 'prod-cluster', Subnet2CIDR: '10.20.12.0/24' }),
        Tags: [{ Key: 'Environment', Value: 'Production' }],
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    stackId = created.StackId!;
    expect(stackId).toMatch(new RegExp(`^arn:aws:cloudformation:${REGION}:${emu.accountId}:stack/cluster-prod-1/[0-9a-f-]{36}$`));
    const stack = await describeStack(cfn, 'cluster-prod-1');
    expect(stack).toMatchObject({ StackId: stackId, StackStatus: 'CREATE_IN_PROGRESS', StackStatusReason: 'User Initiated', Description: 'Cluster network (two public subnets)' });
    expect(stack.Outputs).toBeUndefined();
  });

  it('walks each resource through CREATE_IN_PROGRESS to CREATE_COMPLETE, newest event first', async () => {
    const events = await watch(cfn, 'cluster-prod-1');
    expect(statuses(events, 'cluster-prod-1')).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    for (const id of RESOURCES) expect(statuses(events, id)).toEqual(['CREATE_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    const vpc = events.filter((e) => e.LogicalResourceId === 'VPC');
    expect(vpc.map((e) => [e.PhysicalResourceId?.replace(/^vpc-[0-9a-f]{17}$/, 'vpc-…'), e.ResourceStatusReason])).toEqual([
      ['', undefined],
      ['vpc-…', 'Resource creation Initiated'],
      ['vpc-…', undefined],
    ]);
    expect(JSON.parse(vpc[0].ResourceProperties!)).toEqual({ CidrBlock: '10.20.0.0/16', EnableDnsHostnames: true, Tags: [{ Key: 'Name', Value: 'prod-cluster-vpc' }] });
    expect(vpc[2].EventId).toBe(`VPC-CREATE_COMPLETE-${vpc[2].Timestamp!.toISOString()}`);
    // Dependencies first: the subnets and the attachment start once the VPC is complete.
    const at = (id: string, status: string) => events.find((e) => e.LogicalResourceId === id && e.ResourceStatus === status)!.Timestamp!.getTime();
    for (const id of ['Subnet1', 'Subnet2', 'GatewayAttachment']) expect(at(id, 'CREATE_IN_PROGRESS')).toBeGreaterThanOrEqual(at('VPC', 'CREATE_COMPLETE'));
    expect(at('GatewayAttachment', 'CREATE_IN_PROGRESS')).toBeGreaterThanOrEqual(at('InternetGateway', 'CREATE_COMPLETE'));
    const times = events.map((e) => e.Timestamp!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('answers the outputs evaluated from the template, and the parameters with their defaults', async () => {
    const stack = await describeStack(cfn, stackId);
    expect(stack).toMatchObject({ StackName: 'cluster-prod-1', StackStatus: 'CREATE_COMPLETE', DisableRollback: false, Tags: [{ Key: 'Environment', Value: 'Production' }], Capabilities: ['CAPABILITY_IAM'] });
    expect(stack.StackStatusReason).toBeUndefined();
    expect(stack.Parameters).toEqual(params({ EnvironmentName: 'prod-cluster', VpcCIDR: '10.20.0.0/16', Subnet1CIDR: '10.20.1.0/24', Subnet2CIDR: '10.20.12.0/24' }));
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(outputs.SubnetIds).toMatch(/^subnet-[0-9a-f]{17},subnet-[0-9a-f]{17}$/);
    expect(outputs).toMatchObject({ VpcCidr: '10.20.0.0/16', SpareCidr: '10.20.3.0/24', Zone2: `${REGION}b` });
    expect(stack.Outputs!.find((o) => o.OutputKey === 'VpcId')?.ExportName).toBe('cluster-prod-1-VpcId');
    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'cluster-prod-1' }));
    const physical = (id: string) => StackEvents.find((e) => e.LogicalResourceId === id && e.ResourceStatus === 'CREATE_COMPLETE')?.PhysicalResourceId;
    expect(outputs.SubnetIds).toBe(`${physical('Subnet1')},${physical('Subnet2')}`);
    expect(physical('GatewayAttachment')).toBe(`IGW|${outputs.VpcId}`);
  });

  it('refuses a second stack of the same name', async () => {
    await expect(cfn.send(new CreateStackCommand({ StackName: 'cluster-prod-1', TemplateBody: VPC_TEMPLATE, Parameters: params({ EnvironmentName: 'x' }) }))).rejects.toMatchObject({
      name: 'AlreadyExistsException',
      message: 'Stack [cluster-prod-1] already exists',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers `aws cloudformation describe-stacks` (CLI v1)', async () => {
    const env = awsCliEnv(url, emu.credentials, REGION);
    const { stdout } = await run('aws', ['cloudformation', 'describe-stacks', '--stack-name', 'cluster-prod-1'], { env });
    const [stack] = JSON.parse(stdout).Stacks;
    expect(stack).toMatchObject({ StackId: stackId, StackStatus: 'CREATE_COMPLETE', NotificationARNs: [], RollbackConfiguration: {}, DriftInformation: { StackDriftStatus: 'NOT_CHECKED' } });
    expect(stack.Outputs.map((o: { OutputKey: string }) => o.OutputKey)).toEqual(['VpcId', 'SubnetIds', 'VpcCidr', 'SpareCidr', 'Zone2']);
    const missing = run('aws', ['cloudformation', 'describe-stacks', '--stack-name', 'no-such-stack'], { env });
    await expect(missing).rejects.toMatchObject({ stderr: expect.stringContaining('An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id no-such-stack does not exist') });
  });

  it('deletes it: DELETE_IN_PROGRESS, each resource deleted dependents first, DELETE_COMPLETE; then only its id finds it', async () => {
    await cfn.send(new DeleteStackCommand({ StackName: 'cluster-prod-1' }));
    expect((await describeStack(cfn, 'cluster-prod-1')).StackStatus).toBe('DELETE_IN_PROGRESS');
    const events = await watch(cfn, stackId);
    expect(statuses(events, 'cluster-prod-1')).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE', 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
    for (const id of RESOURCES) expect(statuses(events, id).slice(-2)).toEqual(['DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
    const at = (id: string, status: string) => events.find((e) => e.LogicalResourceId === id && e.ResourceStatus === status)!.Timestamp!.getTime();
    for (const id of ['Subnet1', 'Subnet2', 'GatewayAttachment']) expect(at('VPC', 'DELETE_IN_PROGRESS')).toBeGreaterThanOrEqual(at(id, 'DELETE_COMPLETE'));

    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'cluster-prod-1' }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack with id cluster-prod-1 does not exist' });
    await expect(cfn.send(new DescribeStackEventsCommand({ StackName: 'cluster-prod-1' }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack [cluster-prod-1] does not exist' });
    const gone = await describeStack(cfn, stackId);
    expect(gone).toMatchObject({ StackStatus: 'DELETE_COMPLETE' });
    expect(gone.DeletionTime).toBeInstanceOf(Date);
    // Deleting again, or a stack that never existed, succeeds as in AWS.
    await cfn.send(new DeleteStackCommand({ StackName: 'cluster-prod-1' }));
    await cfn.send(new DeleteStackCommand({ StackName: 'never-existed' }));
  });
});

describe('CloudFormation: failures that roll back', () => {
  const faults = async (body: unknown) => {
    const res = await fetch(`${url}/__local/cloudformation/faults`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };

  it('fails a stack the fault switch names: CREATE_FAILED, the rest cancelled, ROLLBACK_IN_PROGRESS with the reason, ROLLBACK_COMPLETE', async () => {
    const reason = 'Resource handler returned message: "The maximum number of subnets has been reached." (HandlerErrorCode: ServiceLimitExceeded)';
    expect(await faults({ failStacks: ['cluster-fail-*'], reason })).toEqual({ status: 200, body: { failStacks: ['cluster-fail-*'], reason } });
    try {
      const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'cluster-fail-1', TemplateURL: `https://s3.amazonaws.com/${BUCKET}/network/vpc.yaml`, Parameters: params({ EnvironmentName: 'doomed' }) }));
      const events = await watch(cfn, 'cluster-fail-1');
      expect(statuses(events, 'cluster-fail-1')).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
      // The last resource to be created fails with the switch's reason.
      const failed = events.find((e) => e.ResourceStatus === 'CREATE_FAILED' && e.ResourceStatusReason !== 'Resource creation cancelled')!;
      expect(failed).toMatchObject({ LogicalResourceId: 'Subnet2', ResourceStatusReason: reason });
      const cancelled = events.filter((e) => e.ResourceStatusReason === 'Resource creation cancelled').map((e) => e.LogicalResourceId);
      const rollback = events.find((e) => isStack(e) && e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')!;
      // The names in the order they failed; cancellations of one instant may come in either order.
      const listed = /^The following resource\(s\) failed to create: \[(.*)\]\. Rollback requested by user\.$/.exec(rollback.ResourceStatusReason ?? '');
      expect(listed?.[1].split(', ')[0]).toBe('Subnet2');
      expect(listed?.[1].split(', ').sort()).toEqual(['Subnet2', ...cancelled].sort());
      // Whatever was created is deleted again.
      for (const id of RESOURCES.filter((r) => statuses(events, r).includes('CREATE_COMPLETE'))) expect(statuses(events, id).slice(-1)).toEqual(['DELETE_COMPLETE']);

      const stack = await describeStack(cfn, 'cluster-fail-1');
      expect(stack).toMatchObject({ StackId, StackStatus: 'ROLLBACK_COMPLETE' });
      // As in AWS, the reason is in the events: ROLLBACK_COMPLETE carries none, nor outputs.
      expect(stack.StackStatusReason).toBeUndefined();
      expect(stack.Outputs).toBeUndefined();
      expect(stack.DeletionTime).toBeInstanceOf(Date);
      // A rolled-back stack still holds its name until it is deleted.
      await expect(cfn.send(new CreateStackCommand({ StackName: 'cluster-fail-1', TemplateURL: templateUrl(), Parameters: params({ EnvironmentName: 'x' }) }))).rejects.toMatchObject({ name: 'AlreadyExistsException' });
    } finally {
      expect((await faults({})).body).toEqual({ failStacks: [] });
    }
  });

  it('fails a subnet outside its VPC as EC2 would, and rolls back', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'cluster-bad-subnet', TemplateURL: templateUrl(), Parameters: params({ EnvironmentName: 'dev', Subnet2CIDR: '10.99.2.0/24' }) }));
    const events = await watch(cfn, 'cluster-bad-subnet');
    expect(statuses(events, 'cluster-bad-subnet')).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
    const failed = events.find((e) => e.LogicalResourceId === 'Subnet2' && e.ResourceStatus === 'CREATE_FAILED')!;
    expect(failed.ResourceStatusReason).toMatch(/^Resource handler returned message: "The CIDR '10\.99\.2\.0\/24' is invalid\. \(Service: Ec2, Status Code: 400, Request ID: [0-9a-f-]{36}\)" \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: InvalidRequest\)$/);
  });

  it('refuses bad switches', async () => {
    expect(await faults({ failStacks: 'all' })).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST' } });
    expect(await faults({ failEverything: true })).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST' } });
  });
});

describe('CloudFormation: validation errors', () => {
  const create = (input: Partial<ConstructorParameters<typeof CreateStackCommand>[0]>) => cfn.send(new CreateStackCommand({ StackName: 'cluster-invalid', TemplateURL: templateUrl(), ...input }));
  const refused = (message: string, name = 'ValidationError') => ({ name, message, $metadata: { httpStatusCode: 400 } });

  it('refuses parameter values that break their constraints, and missing or unknown parameters', async () => {
    await expect(create({ Parameters: params({ EnvironmentName: 'prod', VpcCIDR: '10.0.0.0' }) })).rejects.toMatchObject(refused('Parameter VpcCIDR failed to satisfy constraint: must be a CIDR block such as 10.0.0.0/16'));
    await expect(create({ Parameters: params({ EnvironmentName: '9lives' }) })).rejects.toMatchObject(refused("Parameter 'EnvironmentName' must match pattern [a-zA-Z][-a-zA-Z0-9]*"));
    await expect(create({ Parameters: params({ VpcCIDR: '10.1.0.0/16' }) })).rejects.toMatchObject(refused('Parameters: [EnvironmentName] must have values'));
    await expect(create({ Parameters: params({ EnvironmentName: 'prod', Colour: 'blue' }) })).rejects.toMatchObject(refused('Parameters: [Colour] do not exist in the template'));
    // Nothing was created.
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'cluster-invalid' }))).rejects.toMatchObject(refused('Stack with id cluster-invalid does not exist'));
  });

  it('refuses bad templates and template locations as CloudFormation does', async () => {
    await expect(create({ TemplateURL: `${url}/${BUCKET}/network/missing.yaml` })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/^S3 error: The specified key does not exist\./) });
    await expect(create({ TemplateURL: `s3://${BUCKET}/network/vpc.yaml` })).rejects.toMatchObject(refused('TemplateURL must be a supported URL.'));
    await expect(create({ TemplateURL: undefined })).rejects.toMatchObject(refused('Either Template URL or Template Body must be specified.'));
    await expect(create({ TemplateURL: undefined, TemplateBody: 'Resources: {}' })).rejects.toMatchObject(refused('Template format error: At least one Resources member must be defined.'));
    await expect(create({ TemplateURL: undefined, TemplateBody: 'Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Ref Nowhere\n' })).rejects.toMatchObject(
      refused('Template format error: Unresolved resource dependencies [Nowhere] in the Resources block of the template'),
    );
    await expect(create({ TemplateURL: undefined, TemplateBody: '{"Resources": {"A": {"Type": "AWS::EC2::VPC",}}}' })).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/^Template format error: JSON not well-formed\./) });
    await expect(create({ TemplateURL: undefined, TemplateBody: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: cluster-admin\n' })).rejects.toMatchObject(
      refused('Requires capabilities : [CAPABILITY_NAMED_IAM]', 'InsufficientCapabilitiesException'),
    );
    await expect(create({ StackName: '9-lives' })).rejects.toMatchObject(
      refused("1 validation error detected: Value '9-lives' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*"),
    );
  });

  it('answers ValidationError for an unknown stack, by name and by id', async () => {
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'no-such-stack' }))).rejects.toMatchObject(refused('Stack with id no-such-stack does not exist'));
    const arn = `arn:aws:cloudformation:${REGION}:${emu.accountId}:stack/no-such-stack/00000000-0000-0000-0000-000000000000`;
    await expect(cfn.send(new DescribeStacksCommand({ StackName: arn }))).rejects.toMatchObject(refused(`Stack with id ${arn} does not exist`));
  });
});

describe('CloudFormation: conditions, mappings and AWS::NoValue (a JSON template)', () => {
  const template = JSON.stringify({
    Parameters: { ClusterType: { Type: 'String', AllowedValues: ['dedicated', 'shared'] } },
    Mappings: { Network: { dedicated: { Cidr: '10.30.0.0/16' }, shared: { Cidr: '10.40.0.0/16' } } },
    Conditions: { IsDedicated: { 'Fn::Equals': [{ Ref: 'ClusterType' }, 'dedicated'] }, IsShared: { 'Fn::Not': [{ Condition: 'IsDedicated' }] } },
    Resources: {
      VPC: {
        Type: 'AWS::EC2::VPC',
        Properties: { CidrBlock: { 'Fn::FindInMap': ['Network', { Ref: 'ClusterType' }, 'Cidr'] }, InstanceTenancy: { 'Fn::If': ['IsDedicated', 'dedicated', { Ref: 'AWS::NoValue' }] } },
      },
      SharedGroup: { Type: 'AWS::EC2::SecurityGroup', Condition: 'IsShared', Properties: { GroupDescription: 'shared cluster', VpcId: { Ref: 'VPC' } } },
    },
    Outputs: { VpcCidr: { Value: { 'Fn::GetAtt': ['VPC', 'CidrBlock'] } }, GroupId: { Condition: 'IsShared', Value: { 'Fn::GetAtt': ['SharedGroup', 'GroupId'] } } },
  });

  it.each([
    ['dedicated', ['VPC'], { CidrBlock: '10.30.0.0/16', InstanceTenancy: 'dedicated' }, ['VpcCidr']],
    ['shared', ['VPC', 'SharedGroup'], { CidrBlock: '10.40.0.0/16' }, ['VpcCidr', 'GroupId']],
  ])('creates what a %s cluster needs', async (type, resources, vpcProperties, outputs) => {
    await cfn.send(new CreateStackCommand({ StackName: `cluster-${type}`, TemplateBody: template, Parameters: params({ ClusterType: type }) }));
    const events = await watch(cfn, `cluster-${type}`);
    expect([...new Set(events.filter((e) => !isStack(e)).map((e) => e.LogicalResourceId))]).toEqual(resources);
    expect(JSON.parse(events.find((e) => e.LogicalResourceId === 'VPC')!.ResourceProperties!)).toEqual(vpcProperties);
    const stack = await describeStack(cfn, `cluster-${type}`);
    expect(stack.Outputs?.map((o) => o.OutputKey)).toEqual(outputs);
    expect(stack.Outputs?.find((o) => o.OutputKey === 'GroupId')?.OutputValue ?? 'sg-00000000000000000').toMatch(/^sg-[0-9a-f]{17}$/);
  });

  it('refuses a value outside AllowedValues', async () => {
    await expect(cfn.send(new CreateStackCommand({ StackName: 'cluster-odd', TemplateBody: template, Parameters: params({ ClusterType: 'huge' }) }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: "Parameter 'ClusterType' must be one of AllowedValues",
    });
  });
});

describe('CloudFormation: per account and region', () => {
  it('puts a stack created with assumed-role credentials in the role account', async () => {
    const sts = new STSClient({ region: REGION, endpoint: url, credentials: emu.credentials });
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/DRSOrchestrationRole', RoleSessionName: 'cluster-deploy', ExternalId: 'drs-local-external-id' }));
    const credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    const target = new CloudFormationClient({ region: 'us-west-2', endpoint: url, credentials, maxAttempts: 1 });
    const { StackId } = await target.send(new CreateStackCommand({ StackName: 'cluster-remote', TemplateURL: templateUrl(), Parameters: params({ EnvironmentName: 'remote' }) }));
    expect(StackId).toMatch(/^arn:aws:cloudformation:us-west-2:222222222222:stack\/cluster-remote\//);
    await watch(target, 'cluster-remote');
    const stack = await describeStack(target, 'cluster-remote');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs?.find((o) => o.OutputKey === 'Zone2')?.OutputValue).toBe('us-west-2b');
    // Not in the local account, nor in the role account's other regions.
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'cluster-remote' }))).rejects.toMatchObject({ name: 'ValidationError' });
    const east = new CloudFormationClient({ region: REGION, endpoint: url, credentials, maxAttempts: 1 });
    await expect(east.send(new DescribeStacksCommand({ StackName: 'cluster-remote' }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('S3: the template bucket', () => {
  it('stores and answers objects: GetObject, HeadObject, ListObjectsV2 with prefix and delimiter', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'shared/v1.0.0/infrastructure.yaml', Body: 'Resources: {}\n', Metadata: { version: '1.0.0' } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'network/vpc.yaml' }));
    expect(await got.Body!.transformToString()).toBe(VPC_TEMPLATE);
    expect(got).toMatchObject({ ContentType: 'application/x-yaml', ContentLength: Buffer.byteLength(VPC_TEMPLATE) });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'shared/v1.0.0/infrastructure.yaml' }));
    expect(head).toMatchObject({ ContentLength: 14, Metadata: { version: '1.0.0' } });
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const top = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
    expect(top).toMatchObject({ KeyCount: 2, IsTruncated: false, CommonPrefixes: [{ Prefix: 'network/' }, { Prefix: 'shared/' }] });
    expect(top.Contents).toBeUndefined();
    const shared = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'shared/' }));
    expect(shared.Contents?.map((o) => [o.Key, o.Size, o.StorageClass])).toEqual([['shared/v1.0.0/infrastructure.yaml', 14, 'STANDARD']]);
    const paged = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 1 }));
    expect(paged).toMatchObject({ KeyCount: 1, IsTruncated: true, Contents: [{ Key: 'network/vpc.yaml' }] });
    const rest = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: paged.NextContinuationToken }));
    expect(rest.Contents?.map((o) => o.Key)).toEqual(['shared/v1.0.0/infrastructure.yaml']);
  });

  it('takes a stream body as SDK v3 sends it (aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER) and answers its CRC32', async () => {
    const text = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'streamed.yaml', Body: Readable.from([Buffer.from(text)]), ContentLength: text.length }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'streamed.yaml', ChecksumMode: 'ENABLED' }));
    expect(await got.Body!.transformToString()).toBe(text);
    expect(got.ChecksumCRC32).toBe(crc32Of(Buffer.from(text)));
  });

  it('answers NoSuchKey and NoSuchBucket in S3 XML, and HEAD errors without a body', async () => {
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'nope.yaml' }))).rejects.toMatchObject({ name: 'NoSuchKey', message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'x' }))).rejects.toMatchObject({ name: 'NoSuchBucket', message: 'The specified bucket does not exist', $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'nope.yaml' }))).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    const res = await signedS3('GET', `/${BUCKET}/nope.yaml`);
    expect(res.status).toBe(404);
    expect(res.text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist\.<\/Message><Key>nope\.yaml<\/Key><RequestId>[0-9a-f-]{36}<\/RequestId><HostId>[A-Za-z0-9+/=]+<\/HostId><\/Error>$/);
    expect(res.headers.get('x-amz-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves virtual-hosted-style requests (bucket in the Host), as SDK v3 sends them for a host-name endpoint', async () => {
    const vhost = new S3Client({ region: REGION, endpoint: 'http://localhost:4566', credentials: emu.credentials, requestHandler: emu.requestHandler });
    const put = await vhost.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'vhost/a b.yaml', Body: 'Resources: {}\n' }));
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'vhost/a b.yaml' }));
    expect(await got.Body!.transformToString()).toBe('Resources: {}\n');
    const listed = await vhost.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'vhost/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['vhost/a b.yaml']);
  });

  it('checks an aws-chunked body against its trailing checksum, and refuses signed chunks it cannot verify', async () => {
    const data = Buffer.from('Resources: {}\n');
    const chunked = (checksum: string) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from(`\r\n0\r\nx-amz-checksum-crc32:${checksum}\r\n\r\n`)]);
    const headers = (sha: string) => ({ 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': sha, 'x-amz-decoded-content-length': String(data.length), 'x-amz-trailer': 'x-amz-checksum-crc32' });
    const ok = await signedS3('PUT', `/${BUCKET}/raw.yaml`, chunked(crc32Of(data)), headers('STREAMING-UNSIGNED-PAYLOAD-TRAILER'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-amz-checksum-crc32')).toBe(crc32Of(data));
    const tampered = await signedS3('PUT', `/${BUCKET}/raw.yaml`, chunked(crc32Of(Buffer.from('something else'))), headers('STREAMING-UNSIGNED-PAYLOAD-TRAILER'));
    expect(tampered.status).toBe(400);
    expect(tampered.text).toContain('<Code>BadDigest</Code><Message>The CRC32 you specified did not match the calculated checksum.</Message>');
    const signedChunks = await signedS3('PUT', `/${BUCKET}/raw.yaml`, chunked(crc32Of(data)), headers('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'));
    expect(signedChunks.status).toBe(403);
    expect(signedChunks.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    // A signed payload hash must still match the body.
    const wrongHash = await signedS3('PUT', `/${BUCKET}/raw.yaml`, data, { 'x-amz-content-sha256': '0'.repeat(64) });
    expect(wrongHash.status).toBe(403);
  });
});

function crc32Of(data: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
}

/** A SigV4-signed S3 request (path style) with the given body and extra headers, over HTTP. */
async function signedS3(method: string, path: string, body: Buffer = Buffer.alloc(0), extra: Record<string, string> = {}) {
  const u = new URL(url);
  const signer = new SignatureV4({ service: 's3', region: REGION, credentials: emu.credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const signed = await signer.sign({ method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, query: {}, headers: { host: u.host, ...extra }, body });
  const res = await fetch(`${url}${path}`, { method, headers: signed.headers as Record<string, string>, body: method === 'GET' ? undefined : body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
