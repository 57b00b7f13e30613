// SES (v2 SendEmail and the local mailbox), SSM Parameter Store and EventBridge rules on a standalone
// local AWS endpoint, with the unmodified SDK v3 clients and the AWS CLI v1. The CLI runs with
// execFile, not spawnSync, so the emulator in this process keeps serving while it waits.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  InvalidEventPatternException,
  LimitExceededException,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  ParameterVersionNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsCliEnv } from '../support/aws-cli.ts';
import { type AwsEmulator, type SentEmail, createAwsEmulator } from '../../infra/local/aws/index.ts';

const run = promisify(execFile);
const REGION = 'us-east-1';

let emu: AwsEmulator;
let url: string;

beforeAll(async () => {
  emu = createAwsEmulator({ sesVerifiedIdentities: ['no-reply@drs.local', 'mail.example.org'] });
  ({ url } = await emu.listen(0));
});
afterAll(() => emu.close());

const config = (region = REGION) => ({ region, endpoint: url, credentials: emu.credentials, maxAttempts: 1 });

async function mailbox(to?: string): Promise<SentEmail[]> {
  const res = await fetch(`${url}/__local/ses/messages${to ? `?to=${encodeURIComponent(to)}` : ''}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SentEmail[];
}

describe('SES v2 SendEmail and the local mailbox', () => {
  const ses = () => new SESv2Client(config());
  beforeEach(async () => {
    await fetch(`${url}/__local/ses/messages`, { method: 'DELETE' });
  });

  it('keeps a sent message with To/Cc/Bcc, subject and both bodies, readable at /__local/ses/messages', async () => {
    const sent = await ses().send(
      new SendEmailCommand({
        FromEmailAddress: 'DRS Orchestrator <no-reply@drs.local>',
        Destination: { ToAddresses: ['ada@example.com'], CcAddresses: ['Grace <grace@example.com>'], BccAddresses: ['audit@example.com'] },
        Content: {
          Simple: {
            Subject: { Data: 'Reset your password', Charset: 'UTF-8' },
            Body: { Text: { Data: 'Your code is 123456' }, Html: { Data: '<p>Your code is <b>123456</b></p>' } },
          },
        },
      }),
    );
    expect(sent.$metadata.httpStatusCode).toBe(200);
    expect(sent.MessageId).toMatch(/^0100[0-9a-f]{12}-[0-9a-f-]{36}-000000$/);

    const messages = await mailbox();
    expect(messages).toEqual([
      {
        messageId: sent.MessageId,
        from: 'DRS Orchestrator <no-reply@drs.local>',
        to: ['ada@example.com'],
        cc: ['Grace <grace@example.com>'],
        bcc: ['audit@example.com'],
        subject: 'Reset your password',
        text: 'Your code is 123456',
        html: '<p>Your code is <b>123456</b></p>',
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(emu.ses.messages()).toEqual(messages);
  });

  it('filters the mailbox by recipient (To, Cc or Bcc, any case) and empties it on DELETE', async () => {
    const send = (to: string, subject: string) =>
      ses().send(new SendEmailCommand({ FromEmailAddress: 'no-reply@drs.local', Destination: { ToAddresses: [to] }, Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: subject } } } } }));
    await send('one@example.com', 'first');
    await send('two@example.com', 'second');
    await send('ONE@example.com', 'third');
    // A sender from a verified domain identity.
    await ses().send(
      new SendEmailCommand({ FromEmailAddress: 'alerts@mail.example.org', Destination: { BccAddresses: ['one@example.com'] }, Content: { Simple: { Subject: { Data: 'fourth' }, Body: { Html: { Data: '<i>4</i>' } } } } }),
    );

    expect((await mailbox('one@example.com')).map((m) => m.subject)).toEqual(['first', 'third', 'fourth']);
    expect((await mailbox('two@example.com')).map((m) => m.subject)).toEqual(['second']);
    expect(await mailbox('nobody@example.com')).toEqual([]);
    expect((await mailbox()).map((m) => m.subject)).toEqual(['first', 'second', 'third', 'fourth']);
    expect((await mailbox('one@example.com'))[2]).not.toHaveProperty('text');

    // A plus address, percent-encoded or typed as is (the query is not read as a form).
    await send('ops+reset@example.com', 'fifth');
    expect((await mailbox('ops+reset@example.com')).map((m) => m.subject)).toEqual(['fifth']);
    const raw = await fetch(`${url}/__local/ses/messages?to=ops+reset@example.com`);
    expect(((await raw.json()) as SentEmail[]).map((m) => m.subject)).toEqual(['fifth']);

    const cleared = await fetch(`${url}/__local/ses/messages`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toEqual({ deleted: 5 });
    expect(await mailbox()).toEqual([]);
  });

  it('rejects an unverified sender with MessageRejected, as SES does, and keeps nothing', async () => {
    const attempt = ses().send(
      new SendEmailCommand({ FromEmailAddress: 'someone@elsewhere.example', Destination: { ToAddresses: ['ada@example.com'] }, Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } } } }),
    );
    await expect(attempt).rejects.toBeInstanceOf(MessageRejected);
    await expect(attempt).rejects.toMatchObject({
      name: 'MessageRejected',
      message: 'Email address is not verified. The following identities failed the check in region US-EAST-1: someone@elsewhere.example',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await mailbox()).toEqual([]);
  });

  it('refuses a message without recipients or with a malformed address (BadRequestException)', async () => {
    const content = { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } } };
    await expect(ses().send(new SendEmailCommand({ FromEmailAddress: 'no-reply@drs.local', Destination: {}, Content: content }))).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(ses().send(new SendEmailCommand({ FromEmailAddress: 'no-reply@drs.local', Destination: { ToAddresses: ['not-an-address'] }, Content: content }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: "Missing final '@domain'",
    });
  });

  it('has the default verified sender when none is configured', () => {
    const plain = createAwsEmulator();
    expect(plain.ses.verifiedIdentities).toEqual(process.env.SES_VERIFIED_IDENTITIES ? expect.any(Array) : ['no-reply@drs.local']);
  });
});

describe('SSM Parameter Store', () => {
  const ssm = (region = REGION) => new SSMClient(config(region));

  it('puts String, StringList and SecureString parameters and reads them back (SecureString sealed unless decrypted)', async () => {
    expect(await ssm().send(new PutParameterCommand({ Name: '/drs/spot/enabled', Value: 'false', Type: 'String', Description: 'spot switch' }))).toMatchObject({ Version: 1, Tier: 'Standard' });
    await ssm().send(new PutParameterCommand({ Name: '/drs/spot/regions', Value: 'us-east-1,us-west-2', Type: 'StringList' }));
    await ssm().send(new PutParameterCommand({ Name: '/drs/spot/secret', Value: 's3cr3t', Type: 'SecureString' }));

    const plain = await ssm().send(new GetParameterCommand({ Name: '/drs/spot/enabled' }));
    expect(plain.Parameter).toEqual({
      Name: '/drs/spot/enabled',
      Type: 'String',
      Value: 'false',
      Version: 1,
      LastModifiedDate: expect.any(Date),
      ARN: `arn:aws:ssm:${REGION}:${emu.accountId}:parameter/drs/spot/enabled`,
      DataType: 'text',
    });
    expect((await ssm().send(new GetParameterCommand({ Name: '/drs/spot/regions' }))).Parameter).toMatchObject({ Type: 'StringList', Value: 'us-east-1,us-west-2' });

    const sealed = await ssm().send(new GetParameterCommand({ Name: '/drs/spot/secret' }));
    expect(sealed.Parameter?.Type).toBe('SecureString');
    expect(sealed.Parameter?.Value).not.toContain('s3cr3t');
    expect(sealed.Parameter?.Value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await ssm().send(new GetParameterCommand({ Name: '/drs/spot/secret', WithDecryption: true }))).Parameter?.Value).toBe('s3cr3t');

    // By ARN, as the model allows.
    expect((await ssm().send(new GetParameterCommand({ Name: plain.Parameter?.ARN }))).Parameter).toMatchObject({ Name: '/drs/spot/enabled', Value: 'false' });
  });

  it('counts versions on Overwrite, answers ParameterAlreadyExists without it, and reads older versions by selector', async () => {
    await ssm().send(new PutParameterCommand({ Name: 'drs-provisioning-state', Value: 'idle', Type: 'String' }));
    const again = ssm().send(new PutParameterCommand({ Name: 'drs-provisioning-state', Value: 'running', Type: 'String' }));
    await expect(again).rejects.toBeInstanceOf(ParameterAlreadyExists);
    await expect(again).rejects.toMatchObject({ message: 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.' });

    expect(await ssm().send(new PutParameterCommand({ Name: 'drs-provisioning-state', Value: 'running', Overwrite: true }))).toMatchObject({ Version: 2 });
    expect(await ssm().send(new PutParameterCommand({ Name: 'drs-provisioning-state', Value: 'stopped', Overwrite: true }))).toMatchObject({ Version: 3 });
    // The type is kept when an overwrite leaves it out; `/x` and `x` are the same top-level parameter.
    expect((await ssm().send(new GetParameterCommand({ Name: '/drs-provisioning-state' }))).Parameter).toMatchObject({ Name: '/drs-provisioning-state', Type: 'String', Value: 'stopped', Version: 3 });
    expect((await ssm().send(new GetParameterCommand({ Name: 'drs-provisioning-state:1' }))).Parameter).toMatchObject({ Name: 'drs-provisioning-state', Value: 'idle', Version: 1, Selector: ':1' });
    await expect(ssm().send(new GetParameterCommand({ Name: 'drs-provisioning-state:9' }))).rejects.toBeInstanceOf(ParameterVersionNotFound);
  });

  it('refuses a new parameter without a type, a reserved prefix and a malformed path (ValidationException)', async () => {
    await expect(ssm().send(new PutParameterCommand({ Name: '/drs/untyped', Value: 'x' }))).rejects.toMatchObject({ name: 'ValidationException', message: 'A parameter type is required when you create a parameter.' });
    await expect(ssm().send(new PutParameterCommand({ Name: 'ssm-thing', Value: 'x', Type: 'String' }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('can\'t be prefixed with "aws" or "ssm"') });
    await expect(ssm().send(new PutParameterCommand({ Name: 'drs/no/leading/slash', Value: 'x', Type: 'String' }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('sub-paths divided by slash symbol') });
  });

  it('answers ParameterNotFound for GetParameter and DeleteParameter of a missing name, and deletes', async () => {
    const missing = ssm().send(new GetParameterCommand({ Name: '/drs/nothing-here' }));
    await expect(missing).rejects.toBeInstanceOf(ParameterNotFound);
    await expect(missing).rejects.toMatchObject({ message: 'Parameter /drs/nothing-here not found.', $metadata: { httpStatusCode: 400 } });

    await ssm().send(new PutParameterCommand({ Name: '/drs/doomed', Value: 'x', Type: 'String' }));
    expect((await ssm().send(new DeleteParameterCommand({ Name: '/drs/doomed' }))).$metadata.httpStatusCode).toBe(200);
    await expect(ssm().send(new GetParameterCommand({ Name: '/drs/doomed' }))).rejects.toBeInstanceOf(ParameterNotFound);
    await expect(ssm().send(new DeleteParameterCommand({ Name: '/drs/doomed' }))).rejects.toBeInstanceOf(ParameterNotFound);
  });

  it('GetParameters answers found parameters and the missing names as InvalidParameters', async () => {
    await ssm().send(new PutParameterCommand({ Name: '/drs/multi/a', Value: 'A', Type: 'String' }));
    await ssm().send(new PutParameterCommand({ Name: '/drs/multi/b', Value: 'B', Type: 'SecureString' }));
    const got = await ssm().send(new GetParametersCommand({ Names: ['/drs/multi/a', '/drs/multi/b', '/drs/multi/missing'], WithDecryption: true }));
    expect(got.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/drs/multi/a', 'A'],
      ['/drs/multi/b', 'B'],
    ]);
    expect(got.InvalidParameters).toEqual(['/drs/multi/missing']);
  });

  it('GetParametersByPath lists one level or, with Recursive, the whole tree, paging by NextToken', async () => {
    const names = ['/tree/a', '/tree/b', '/tree/sub/c', '/tree/sub/deeper/d', '/treehouse/x'];
    for (const name of names) await ssm().send(new PutParameterCommand({ Name: name, Value: name, Type: name.endsWith('d') ? 'SecureString' : 'String' }));

    const level = await ssm().send(new GetParametersByPathCommand({ Path: '/tree' }));
    expect(level.Parameters?.map((p) => p.Name)).toEqual(['/tree/a', '/tree/b']);

    const all = await ssm().send(new GetParametersByPathCommand({ Path: '/tree/', Recursive: true }));
    expect(all.Parameters?.map((p) => p.Name)).toEqual(['/tree/a', '/tree/b', '/tree/sub/c', '/tree/sub/deeper/d']);
    expect(all.Parameters?.[3].Value).not.toBe('/tree/sub/deeper/d');
    const decrypted = await ssm().send(new GetParametersByPathCommand({ Path: '/tree/sub', Recursive: true, WithDecryption: true }));
    expect(decrypted.Parameters?.map((p) => p.Value)).toEqual(['/tree/sub/c', '/tree/sub/deeper/d']);

    const first = await ssm().send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true, MaxResults: 3 }));
    expect(first.Parameters).toHaveLength(3);
    expect(first.NextToken).toBeTruthy();
    const rest = await ssm().send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true, MaxResults: 3, NextToken: first.NextToken }));
    expect(rest.Parameters?.map((p) => p.Name)).toEqual(['/tree/sub/deeper/d']);
    expect(rest.NextToken).toBeUndefined();
  });

  it('keeps parameters per account and region', async () => {
    await ssm('eu-west-1').send(new PutParameterCommand({ Name: '/drs/regional', Value: 'eu', Type: 'String' }));
    await expect(ssm().send(new GetParameterCommand({ Name: '/drs/regional' }))).rejects.toBeInstanceOf(ParameterNotFound);
    expect((await ssm('eu-west-1').send(new GetParameterCommand({ Name: '/drs/regional' }))).Parameter?.ARN).toBe(`arn:aws:ssm:eu-west-1:${emu.accountId}:parameter/drs/regional`);
  });
});

describe('EventBridge rules', () => {
  const events = () => new EventBridgeClient(config());
  const ruleArn = (name: string) => `arn:aws:events:${REGION}:${emu.accountId}:rule/${name}`;

  it('puts a schedule rule, describes it, disables and enables it, and exposes it parsed to a scheduler', async () => {
    const put = await events().send(new PutRuleCommand({ Name: 'drs-spot-provisioning', ScheduleExpression: 'rate(5 minutes)', State: 'DISABLED', Description: 'spot capacity' }));
    expect(put.RuleArn).toBe(ruleArn('drs-spot-provisioning'));

    const described = await events().send(new DescribeRuleCommand({ Name: 'drs-spot-provisioning' }));
    expect(described).toMatchObject({
      Name: 'drs-spot-provisioning',
      Arn: ruleArn('drs-spot-provisioning'),
      ScheduleExpression: 'rate(5 minutes)',
      State: 'DISABLED',
      Description: 'spot capacity',
      EventBusName: 'default',
      CreatedBy: emu.accountId,
    });
    expect(described.EventPattern).toBeUndefined();

    await events().send(new EnableRuleCommand({ Name: 'drs-spot-provisioning' }));
    expect((await events().send(new DescribeRuleCommand({ Name: 'drs-spot-provisioning' }))).State).toBe('ENABLED');
    await events().send(new DisableRuleCommand({ Name: 'drs-spot-provisioning' }));
    expect((await events().send(new DescribeRuleCommand({ Name: 'drs-spot-provisioning' }))).State).toBe('DISABLED');
    await events().send(new EnableRuleCommand({ Name: 'drs-spot-provisioning' }));

    const scheduled = emu.events.rules({ scheduled: true, state: 'ENABLED' }).find((r) => r.name === 'drs-spot-provisioning');
    expect(scheduled).toMatchObject({
      accountId: emu.accountId,
      region: REGION,
      eventBusName: 'default',
      schedule: { kind: 'rate', value: 5, unit: 'minute', periodMs: 300_000 },
      state: 'ENABLED',
    });
    // A copy: changing it changes nothing stored.
    if (scheduled) scheduled.state = 'DISABLED';
    expect(emu.events.rules().find((r) => r.name === 'drs-spot-provisioning')?.state).toBe('ENABLED');
  });

  it('accepts cron and event-pattern rules and refuses invalid schedules and patterns as EventBridge does', async () => {
    await events().send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0/30 20-23 ? * MON-FRI *)' }));
    expect(emu.events.rules().find((r) => r.name === 'nightly')?.schedule).toEqual({ kind: 'cron', minutes: '0/30', hours: '20-23', dayOfMonth: '?', month: '*', dayOfWeek: 'MON-FRI', year: '*' });
    const pattern = JSON.stringify({ source: ['aws.drs'], 'detail-type': ['DRS Source Server Launch Result'] });
    await events().send(new PutRuleCommand({ Name: 'drs-launches', EventPattern: pattern }));
    expect(await events().send(new DescribeRuleCommand({ Name: 'drs-launches' }))).toMatchObject({ EventPattern: pattern, State: 'ENABLED' });
    expect(emu.events.rules({ scheduled: false }).map((r) => r.name)).toContain('drs-launches');

    for (const bad of ['rate(1 minutes)', 'rate(10 minute)', 'rate(0 minutes)', 'rate(10 seconds)', 'cron(0 1 * * * *)', 'cron(71 8 1 * ? *)', 'cron(7 20 * * NOT *)', 'cron(INVALID)']) {
      await expect(events().send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: bad })), bad).rejects.toMatchObject({ name: 'ValidationException', message: 'Parameter ScheduleExpression is not valid.' });
    }
    await expect(events().send(new PutRuleCommand({ Name: 'bad' }))).rejects.toMatchObject({ name: 'ValidationException', message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.' });
    const notObject = events().send(new PutRuleCommand({ Name: 'bad', EventPattern: '["not", "a", "dict"]' }));
    await expect(notObject).rejects.toBeInstanceOf(InvalidEventPatternException);
    await expect(notObject).rejects.toMatchObject({ message: expect.stringMatching(/^Event pattern is not valid\. Reason: Filter is not an object/) });
    await expect(events().send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": []}' }))).rejects.toMatchObject({ message: expect.stringContaining('Empty arrays are not allowed') });
    await expect(events().send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": ["a"]}', EventBusName: 'custom' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus custom does not exist.',
    });
    expect(emu.events.rules().map((r) => r.name)).not.toContain('bad');
  });

  it('answers ResourceNotFoundException for a missing rule in Describe/Enable/Disable/targets calls; DeleteRule of one succeeds', async () => {
    const message = 'Rule ghost does not exist on EventBus default.';
    for (const call of [
      events().send(new DescribeRuleCommand({ Name: 'ghost' })),
      events().send(new EnableRuleCommand({ Name: 'ghost' })),
      events().send(new DisableRuleCommand({ Name: 'ghost' })),
      events().send(new PutTargetsCommand({ Rule: 'ghost', Targets: [{ Id: 't', Arn: 'arn:aws:lambda:us-east-1:111111111111:function:x' }] })),
      events().send(new RemoveTargetsCommand({ Rule: 'ghost', Ids: ['t'] })),
      events().send(new ListTargetsByRuleCommand({ Rule: 'ghost' })),
    ]) {
      await expect(call).rejects.toBeInstanceOf(ResourceNotFoundException);
      await expect(call).rejects.toMatchObject({ message, $metadata: { httpStatusCode: 400 } });
    }
    expect((await events().send(new DeleteRuleCommand({ Name: 'ghost' }))).$metadata.httpStatusCode).toBe(200);
  });

  it('puts, lists and removes targets; a rule with targets is deleted only after them (or with Force)', async () => {
    await events().send(new PutRuleCommand({ Name: 'with-targets', ScheduleExpression: 'rate(1 hour)' }));
    const lambdaArn = `arn:aws:lambda:${REGION}:${emu.accountId}:function:drs-spot-provisioner`;
    const put = await events().send(
      new PutTargetsCommand({
        Rule: 'with-targets',
        Targets: [
          { Id: 'provisioner', Arn: lambdaArn, Input: '{"action":"tick"}' },
          { Id: 'broken', Arn: 'not-an-arn' },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(1);
    expect(put.FailedEntries).toEqual([{ TargetId: 'broken', ErrorCode: 'ValidationException', ErrorMessage: 'Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.' }]);

    expect((await events().send(new ListTargetsByRuleCommand({ Rule: 'with-targets' }))).Targets).toEqual([{ Id: 'provisioner', Arn: lambdaArn, Input: '{"action":"tick"}' }]);
    expect(emu.events.rules().find((r) => r.name === 'with-targets')?.targets).toEqual([
      { id: 'provisioner', arn: lambdaArn, input: '{"action":"tick"}', wire: { Id: 'provisioner', Arn: lambdaArn, Input: '{"action":"tick"}' } },
    ]);

    await expect(events().send(new DeleteRuleCommand({ Name: 'with-targets' }))).rejects.toMatchObject({ name: 'ValidationException', message: "Rule can't be deleted since it has targets." });

    const tooMany = Array.from({ length: 5 }, (_, i) => ({ Id: `extra-${i}`, Arn: lambdaArn }));
    await expect(events().send(new PutTargetsCommand({ Rule: 'with-targets', Targets: tooMany }))).rejects.toBeInstanceOf(LimitExceededException);
    await expect(events().send(new PutTargetsCommand({ Rule: 'with-targets', Targets: [{ Id: '!@#$', Arn: lambdaArn }] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: String.raw`1 validation error detected: Value '!@#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`,
    });

    const removed = await events().send(new RemoveTargetsCommand({ Rule: 'with-targets', Ids: ['provisioner', 'never-there'] }));
    expect(removed.FailedEntryCount).toBe(1);
    expect(removed.FailedEntries?.[0]).toMatchObject({ TargetId: 'never-there', ErrorCode: 'ResourceNotFoundException' });
    expect((await events().send(new ListTargetsByRuleCommand({ Rule: 'with-targets' }))).Targets).toEqual([]);
    await events().send(new DeleteRuleCommand({ Name: 'with-targets' }));
    await expect(events().send(new DescribeRuleCommand({ Name: 'with-targets' }))).rejects.toBeInstanceOf(ResourceNotFoundException);

    await events().send(new PutRuleCommand({ Name: 'forced', EventPattern: '{"source":["aws.drs"]}' }));
    await events().send(new PutTargetsCommand({ Rule: 'forced', Targets: [{ Id: 't', Arn: lambdaArn }] }));
    await events().send(new DeleteRuleCommand({ Name: 'forced', Force: true }));
    expect(emu.events.rules().map((r) => r.name)).not.toContain('forced');
  });
});

describe('unsigned SSM and EventBridge requests', () => {
  it('are refused in each service\'s own JSON 1.1 terms', async () => {
    for (const target of ['AmazonSSM.GetParameter', 'AWSEvents.DescribeRule']) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body: '{"Name":"x"}' });
      expect(res.status, target).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(await res.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    }
  });
});

describe('the AWS CLI v1 against SES, SSM and EventBridge', () => {
  // Only the emulator's endpoint and keys: no profile, config or session token from the machine.
  const env = () => awsCliEnv(url, emu.credentials, REGION);

  it('sends an email with `aws sesv2 send-email` into the local mailbox', async () => {
    const content = JSON.stringify({ Simple: { Subject: { Data: 'From the CLI' }, Body: { Text: { Data: 'hello' } } } });
    const { stdout } = await run('aws', ['sesv2', 'send-email', '--from-email-address', 'no-reply@drs.local', '--destination', 'ToAddresses=cli@example.com', '--content', content], { env: env() });
    const { MessageId } = JSON.parse(stdout) as { MessageId: string };
    expect(await mailbox('cli@example.com')).toEqual([expect.objectContaining({ messageId: MessageId, subject: 'From the CLI', text: 'hello', to: ['cli@example.com'] })]);
  });

  it('reads a SecureString with `aws ssm get-parameter --with-decryption`', async () => {
    await new SSMClient(config()).send(new PutParameterCommand({ Name: '/cli/secret', Value: 'for-the-cli', Type: 'SecureString' }));
    const { stdout } = await run('aws', ['ssm', 'get-parameter', '--name', '/cli/secret', '--with-decryption'], { env: env() });
    expect(JSON.parse(stdout).Parameter).toMatchObject({ Name: '/cli/secret', Type: 'SecureString', Value: 'for-the-cli', Version: 1 });
  });

  it('describes a rule with `aws events describe-rule`, and reports a missing one', async () => {
    await new EventBridgeClient(config()).send(new PutRuleCommand({ Name: 'cli-rule', ScheduleExpression: 'cron(0 2 ? * SAT *)' }));
    const { stdout } = await run('aws', ['events', 'describe-rule', '--name', 'cli-rule'], { env: env() });
    expect(JSON.parse(stdout)).toMatchObject({ Name: 'cli-rule', ScheduleExpression: 'cron(0 2 ? * SAT *)', State: 'ENABLED', EventBusName: 'default' });
    await expect(run('aws', ['events', 'describe-rule', '--name', 'cli-missing'], { env: env() })).rejects.toMatchObject({
      stderr: expect.stringContaining('An error occurred (ResourceNotFoundException) when calling the DescribeRule operation: Rule cli-missing does not exist on EventBus default.'),
    });
  });
});
