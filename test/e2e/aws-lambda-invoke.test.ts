// Lambda Invoke on the local AWS endpoint, with a fake invokeFunction (no stack): SigV4-signed HTTP,
// the unmodified AWS CLI v1 and boto3. The CLI and Python run with execFile, not spawnSync, so the
// emulator in this process keeps serving while they wait.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { awsCliEnv } from '../support/aws-cli.ts';
import { type AwsEmulator, createAwsEmulator } from '../../infra/local/aws/index.ts';
import { FUNCTION_NOT_FOUND } from '../../infra/local/aws/lambda.ts';
import { LambdaError } from '../../infra/local/lambda.ts';

const run = promisify(execFile);
const REGION = 'us-east-1';

let emu: AwsEmulator;
let url: string;
let calls: Array<{ name: string; payload: unknown }> = [];
// Lets a test hold the `slow` function until it has seen Invoke's answer.
let releaseSlow: () => void = () => {};
let slowDone: Promise<unknown> = Promise.resolve();

const functions: Record<string, (payload: unknown) => Promise<unknown>> = {
  echo: async (payload) => ({ received: payload }),
  quiet: async () => undefined,
  fail: async () => {
    throw new LambdaError('DiskFullError', 'The disk is full');
  },
  slow: (payload) => {
    const done = new Promise<void>((resolve) => (releaseSlow = resolve)).then(() => payload);
    slowDone = done;
    return done;
  },
};

beforeAll(async () => {
  emu = createAwsEmulator({
    invokeFunction: async (name, payload) => {
      calls.push({ name, payload });
      const fn = functions[name];
      if (!fn) throw Object.assign(new Error(`Function not found: ${name}`), { name: FUNCTION_NOT_FOUND });
      return fn(payload);
    },
  });
  ({ url } = await emu.listen(0));
});
afterAll(() => emu.close());

const invocations = (ref: string) => `/2015-03-31/functions/${encodeURIComponent(ref)}/invocations`;

interface Sent {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  sign?: boolean;
}

async function call(path: string, { method = 'POST', body = '', headers = {}, query = {}, sign = true }: Sent = {}) {
  const u = new URL(url);
  let sent: Record<string, string> = { host: u.host, ...headers };
  if (sign) {
    const signer = new SignatureV4({ service: 'lambda', region: REGION, credentials: emu.credentials, sha256: Sha256 });
    const signed = await signer.sign({ method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, query, headers: sent, body });
    sent = signed.headers as Record<string, string>;
  }
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${url}${path}${qs ? `?${qs}` : ''}`, { method, headers: sent, body: method === 'GET' ? undefined : body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const arn = (name: string, qualifier = '$LATEST') => `arn:aws:lambda:${REGION}:${emu.accountId}:function:${name}:${qualifier}`;

describe('Lambda Invoke over signed HTTP', () => {
  it('runs a function by name and answers its JSON result with the version headers', async () => {
    calls = [];
    const res = await call(invocations('echo'), { body: '{"httpMethod":"GET","path":"/health"}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ received: { httpMethod: 'GET', path: '/health' } });
    expect(res.headers.get('x-amz-executed-version')).toBe('$LATEST');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-amz-function-error')).toBeNull();
    expect(calls).toEqual([{ name: 'echo', payload: { httpMethod: 'GET', path: '/health' } }]);
  });

  it('accepts a full ARN, a partial ARN and the $LATEST qualifier', async () => {
    calls = [];
    for (const ref of [`arn:aws:lambda:${REGION}:${emu.accountId}:function:echo`, `${emu.accountId}:function:echo`, 'echo:$LATEST', `${emu.accountId}:function:echo:$LATEST`]) {
      const res = await call(invocations(ref), { body: JSON.stringify({ ref }) });
      expect(res.status, ref).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ received: { ref } });
    }
    const viaQuery = await call(invocations('echo'), { body: '{}', query: { Qualifier: '$LATEST' } });
    expect(viaQuery.status).toBe(200);
    expect(calls.map((c) => c.name)).toEqual(['echo', 'echo', 'echo', 'echo', 'echo']);
  });

  it('passes {} for an empty payload and answers null for a handler that returns nothing', async () => {
    calls = [];
    const res = await call(invocations('quiet'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('null');
    expect(calls).toEqual([{ name: 'quiet', payload: {} }]);
  });

  it('answers 404 ResourceNotFoundException for an unknown function, version or alias', async () => {
    const res = await call(invocations('nope'), { body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(JSON.parse(res.text)).toEqual({ Type: 'User', Message: `Function not found: ${arn('nope')}` });

    const alias = await call(invocations(`arn:aws:lambda:${REGION}:${emu.accountId}:function:echo:live`), { body: '{}' });
    expect(alias.status).toBe(404);
    expect(JSON.parse(alias.text)).toEqual({ Type: 'User', Message: `Function not found: ${arn('echo', 'live')}` });
  });

  it("reports a function's error as Unhandled with the error's type and message", async () => {
    const res = await call(invocations('fail'), { body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(res.headers.get('x-amz-executed-version')).toBe('$LATEST');
    expect(JSON.parse(res.text)).toEqual({ errorType: 'DiskFullError', errorMessage: 'The disk is full', trace: [] });
  });

  it('refuses a payload that is not JSON with InvalidRequestContentException', async () => {
    calls = [];
    const res = await call(invocations('echo'), { body: 'Hello World' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    const body = JSON.parse(res.text);
    expect(body).toEqual({ Type: 'User', message: expect.stringMatching(/^Could not parse request body into json: Could not parse payload into json: /) });
    expect(calls).toEqual([]);
  });

  it('refuses malformed names and invocation types with ValidationException', async () => {
    const name = await call(invocations('my-function!'), { body: '{}' });
    expect(name.status).toBe(400);
    expect(name.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(JSON.parse(name.text).message).toMatch(/^1 validation error detected: Value 'my-function!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: /);

    const type = await call(invocations('echo'), { body: '{}', headers: { 'x-amz-invocation-type': 'Later' } });
    expect(type.status).toBe(400);
    expect(JSON.parse(type.text).message).toBe(
      "1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
    );
  });

  it('answers an Event invocation with 202 before the function ends, and logs its failures', async () => {
    calls = [];
    const res = await call(invocations('slow'), { body: '{"n":1}', headers: { 'x-amz-invocation-type': 'Event' } });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect(calls).toEqual([{ name: 'slow', payload: { n: 1 } }]);
    releaseSlow();
    await expect(slowDone).resolves.toEqual({ n: 1 });

    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const failing = await call(invocations('fail'), { body: '{}', headers: { 'x-amz-invocation-type': 'Event' } });
      expect(failing.status).toBe(202);
      await vi.waitFor(() => expect(logged).toHaveBeenCalledWith(expect.stringContaining('The disk is full')));
    } finally {
      logged.mockRestore();
    }
  });

  it('answers DryRun with 204 without running the function', async () => {
    calls = [];
    const res = await call(invocations('echo'), { body: '{}', headers: { 'x-amz-invocation-type': 'DryRun' } });
    expect(res.status).toBe(204);
    expect(calls).toEqual([]);
  });

  it('refuses unsigned and wrongly signed requests as Lambda does', async () => {
    const unsigned = await call(invocations('echo'), { body: '{}', sign: false });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(JSON.parse(unsigned.text)).toEqual({ message: 'Missing Authentication Token' });

    const u = new URL(url);
    const path = invocations('echo');
    const signer = new SignatureV4({ service: 'lambda', region: REGION, credentials: emu.credentials, sha256: Sha256 });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, headers: { host: u.host }, body: '{}' });
    const tampered = await fetch(`${url}${path}`, { method: 'POST', headers: signed.headers as Record<string, string>, body: '{"x":1}' });
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
  });

  it('names Invoke as the only operation it serves', async () => {
    const res = await call('/2015-03-31/functions/', { method: 'GET' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(JSON.parse(res.text).message).toContain('serves only Lambda Invoke');
  });
});

describe('Lambda Invoke from the AWS CLI and boto3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-invoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Only the emulator's endpoint and keys: no profile, config or session token from the machine.
  const env = () => awsCliEnv(url, emu.credentials, REGION);

  it('serves `aws lambda invoke` (CLI v1, raw --payload) by name and by ARN', async () => {
    calls = [];
    const out = join(dir, 'out.json');
    const byName = await run('aws', ['lambda', 'invoke', '--function-name', 'echo', '--payload', '{"httpMethod":"GET","path":"/plans"}', out], { env: env() });
    expect(JSON.parse(byName.stdout)).toEqual({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ received: { httpMethod: 'GET', path: '/plans' } });

    const byArn = await run('aws', ['lambda', 'invoke', '--function-name', arn('fail'), '--payload', '{}', out], { env: env() });
    expect(JSON.parse(byArn.stdout)).toEqual({ StatusCode: 200, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ errorType: 'DiskFullError' });
    expect(calls.map((c) => c.name)).toEqual(['echo', 'fail']);

    const missing = run('aws', ['lambda', 'invoke', '--function-name', 'nope', '--payload', '{}', out], { env: env() });
    await expect(missing).rejects.toMatchObject({
      stderr: expect.stringContaining(`An error occurred (ResourceNotFoundException) when calling the Invoke operation: Function not found: ${arn('nope')}`),
    });
  });

  it('serves boto3 invoke, including Event invocations and its modelled errors', async () => {
    calls = [];
    const script = `
import json, sys, boto3
c = boto3.client('lambda')
out = []
for name, kind in [('echo', 'RequestResponse'), ('fail', 'RequestResponse'), ('echo', 'Event')]:
    r = c.invoke(FunctionName=name, InvocationType=kind, Payload=json.dumps({'from': 'boto3'}).encode())
    body = r['Payload'].read()
    out.append({'StatusCode': r['StatusCode'], 'FunctionError': r.get('FunctionError'), 'Payload': json.loads(body) if body else None})
try:
    c.invoke(FunctionName='nope', Payload=b'{}')
except c.exceptions.ResourceNotFoundException as e:
    out.append({'Code': e.response['Error']['Code'], 'Message': e.response['Error']['Message']})
print(json.dumps(out))
`;
    const { stdout } = await run('python3', ['-c', script], { env: env() });
    expect(JSON.parse(stdout)).toEqual([
      { StatusCode: 200, FunctionError: null, Payload: { received: { from: 'boto3' } } },
      { StatusCode: 200, FunctionError: 'Unhandled', Payload: { errorType: 'DiskFullError', errorMessage: 'The disk is full', trace: [] } },
      { StatusCode: 202, FunctionError: null, Payload: null },
      { Code: 'ResourceNotFoundException', Message: `Function not found: ${arn('nope')}` },
    ]);
    expect(calls.map((c) => c.name)).toEqual(['echo', 'fail', 'echo', 'nope']);
  });
});
