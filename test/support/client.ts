// What a real client does against the local stack: log in through Cognito, call GraphQL with a token
// or a SigV4 signature, and subscribe over AppSync's real-time protocol.
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import WebSocket from 'ws';
import type { Endpoints } from '../../infra/local/stack.ts';

export interface GqlError {
  message: string;
  errorType?: string;
  errorInfo?: Record<string, unknown> | null;
  path?: Array<string | number>;
}
export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GqlError[];
}

export async function login(ep: Endpoints, username: string): Promise<string> {
  const user = ep.users.find((u) => u.username === username);
  if (!user) throw new Error(`no seeded user ${username}`);
  const cognito = new CognitoIdentityProviderClient({
    region: ep.region,
    endpoint: ep.awsEndpoint,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  });
  const r = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: ep.userPoolClientId,
      AuthParameters: { USERNAME: username, PASSWORD: user.password },
    }),
  );
  cognito.destroy();
  return r.AuthenticationResult!.AccessToken!;
}

export async function gql<T = Record<string, unknown>>(
  ep: Endpoints,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResult<T>> {
  const res = await fetch(ep.graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

export async function gqlIam<T = Record<string, unknown>>(
  ep: Endpoints,
  query: string,
  variables: Record<string, unknown> = {},
  credentials = ep.credentials,
): Promise<GqlResult<T>> {
  const u = new URL(ep.graphql);
  const body = JSON.stringify({ query, variables });
  const signer = new SignatureV4({ service: 'appsync', region: ep.region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: u.protocol,
    hostname: u.hostname,
    port: Number(u.port),
    path: u.pathname,
    headers: { host: u.host, 'content-type': 'application/json' },
    body,
  });
  const res = await fetch(ep.graphql, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  return { status: res.status, ...((await res.json()) as object) };
}

/** Data of a successful call; fails the test with the errors otherwise. */
export function ok<T>(r: GqlResult<T>): T {
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors (${r.status}): ${JSON.stringify(r.errors ?? r)}`);
  return r.data;
}

export function errorOf(r: GqlResult): GqlError {
  if (!r.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
  return r.errors[0];
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');

export interface Subscription {
  messages: Array<Record<string, unknown>>;
  /**
   * Resolves with the first `n` data messages (those `where` accepts, when given: a subscription that
   * sees every change also sees other tests' writes) once they have arrived; rejects after `ms`.
   */
  waitFor(n: number, ms?: number, where?: (data: Record<string, unknown>) => boolean): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/** AppSync real-time protocol: connection_init → ack → start → start_ack → data…, as AWS's clients do. */
export async function subscribe(ep: Endpoints, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Subscription> {
  const host = new URL(ep.graphql).host;
  const auth = { host, Authorization: token };
  const ws = new WebSocket(`${ep.realtime}?header=${b64(auth)}&payload=${b64({})}`, ['graphql-ws']);
  const messages: Array<Record<string, unknown>> = [];
  const data: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMsg = (raw: WebSocket.RawData) => {
        const m = JSON.parse(raw.toString());
        if (m.type === type) {
          ws.off('message', onMsg);
          resolve(m);
        } else if (m.type === 'error' || m.type === 'connection_error') {
          ws.off('message', onMsg);
          reject(new Error(`realtime ${m.type}: ${JSON.stringify(m.payload)}`));
        }
      };
      ws.on('message', onMsg);
    });
  ws.on('message', (raw) => {
    const m = JSON.parse(raw.toString());
    messages.push(m);
    if (m.type === 'data') {
      data.push(m.payload.data);
      waiters.splice(0).forEach((w) => w());
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const ack = next('connection_ack');
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await ack;
  const id = crypto.randomUUID();
  const started = next('start_ack');
  ws.send(
    JSON.stringify({
      id,
      type: 'start',
      payload: { data: JSON.stringify({ query, variables }), extensions: { authorization: auth } },
    }),
  );
  await started;
  return {
    messages,
    async waitFor(n, ms = 10_000, where = () => true) {
      const deadline = Date.now() + ms;
      const wanted = () => data.filter(where);
      while (wanted().length < n) {
        if (Date.now() > deadline) throw new Error(`got ${wanted().length} of ${n} subscription messages`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return wanted().slice(0, n);
    },
    async close() {
      if (ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify({ type: 'stop', id }));
        ws.close();
      }
    },
  };
}
