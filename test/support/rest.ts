// The REST façade's two doors as a client sees them: HTTP on the API port (a Cognito token, as API
// Gateway receives it) and Lambda Invoke of aws-drs-orchestrator-api-handler-<stage> on the local AWS
// endpoint (SigV4-signed, the guide's event format, no token).
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Endpoints } from '../../infra/local/stack.ts';

export type Door = 'http' | 'invoke';

export interface RestRequest {
  method: string;
  /** The path without its query string. */
  path: string;
  query?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as it is (malformed JSON on purpose). */
  body?: unknown;
  /** HTTP door: the Authorization header's value (none when undefined). */
  authorization?: string;
}

export interface RestAnswer {
  status: number;
  /** Header names in lowercase. */
  headers: Record<string, string>;
  /** The raw body text. */
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the façade's answers are plain JSON, checked by the tests
  body: any;
  /** Invoke door: the proxy result itself ({statusCode, headers, body, status?}). */
  result?: Record<string, unknown>;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const bodyText = (body: unknown): string | null => (body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body));

/** A Cognito ID token (what the guide's get_token takes from InitiateAuth). */
export async function idToken(ep: Endpoints, username: string): Promise<string> {
  const user = ep.users.find((u) => u.username === username);
  if (!user) throw new Error(`no seeded user ${username}`);
  const cognito = new CognitoIdentityProviderClient({
    region: ep.region,
    endpoint: ep.awsEndpoint,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  });
  try {
    const r = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: ep.userPoolClientId, AuthParameters: { USERNAME: username, PASSWORD: user.password } }),
    );
    return r.AuthenticationResult!.IdToken!;
  } finally {
    cognito.destroy();
  }
}

/** The HTTP door: what curl with the guide's api_call sends. */
export async function restHttp(ep: Endpoints, req: RestRequest): Promise<RestAnswer> {
  const qs = req.query && Object.keys(req.query).length ? `?${new URLSearchParams(req.query)}` : '';
  const body = bodyText(req.body);
  const headers: Record<string, string> = {};
  if (body !== null) headers['content-type'] = 'application/json';
  if (req.authorization !== undefined) headers.authorization = req.authorization;
  const res = await fetch(`${ep.rest}${req.path}${qs}`, { method: req.method, headers, body: body ?? undefined });
  const text = await res.text();
  return { status: res.status, headers: Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v])), text, body: parse(text) };
}

export const functionName = (ep: Endpoints) => `aws-drs-orchestrator-api-handler-${ep.stage}`;

/** Lambda Invoke of the façade with the guide's event (the Python example's shape), signed as the AWS SDK signs it. */
export async function invokeRaw(ep: Endpoints, event: unknown): Promise<{ status: number; functionError: string | null; payload: string }> {
  const u = new URL(ep.awsEndpoint);
  const path = `/2015-03-31/functions/${functionName(ep)}/invocations`;
  const body = JSON.stringify(event);
  const signer = new SignatureV4({ service: 'lambda', region: ep.region, credentials: ep.credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: u.protocol,
    hostname: u.hostname,
    port: Number(u.port),
    path,
    headers: { host: u.host, 'content-type': 'application/json' },
    body,
  });
  const res = await fetch(`${ep.awsEndpoint}${path}`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  return { status: res.status, functionError: res.headers.get('x-amz-function-error'), payload: await res.text() };
}

/** The invoke door: {httpMethod, path, headers: {}, queryStringParameters (null when none), body (a JSON string or null)}. */
export async function restInvoke(ep: Endpoints, req: RestRequest): Promise<RestAnswer> {
  const event = {
    httpMethod: req.method,
    path: req.path,
    headers: {},
    queryStringParameters: req.query && Object.keys(req.query).length ? req.query : null,
    body: bodyText(req.body),
  };
  const r = await invokeRaw(ep, event);
  if (r.status !== 200 || r.functionError) throw new Error(`Invoke ${req.method} ${req.path}: HTTP ${r.status} ${r.functionError ?? ''} ${r.payload}`);
  const result = JSON.parse(r.payload) as Record<string, unknown>;
  if (typeof result.statusCode !== 'number' || typeof result.body !== 'string' || typeof result.headers !== 'object' || result.headers === null) {
    throw new Error(`Invoke ${req.method} ${req.path}: not a proxy result {statusCode, headers, body-as-string}: ${r.payload}`);
  }
  const headers = Object.fromEntries(Object.entries(result.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return { status: result.statusCode, headers, text: result.body, body: parse(result.body), result };
}

export function rest(ep: Endpoints, door: Door, req: RestRequest): Promise<RestAnswer> {
  return door === 'http' ? restHttp(ep, req) : restInvoke(ep, { ...req, authorization: undefined });
}

/** Text that must never reach a caller: stack frames, SDK exception names, the storage and the GraphQL layer. */
export function leaks(text: string): string[] {
  const found: string[] = [];
  if (/\bat\s/.test(text)) found.push('"at "');
  if (/Exception/.test(text)) found.push('Exception');
  if (/DynamoDB/i.test(text)) found.push('DynamoDB');
  if (/graphql/i.test(text)) found.push('graphql');
  return found;
}
