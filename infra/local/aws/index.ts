// The local AWS endpoint: one HTTP listener (or an in-process SDK request handler) that verifies
// SigV4 against the emulator's own credentials and dispatches on the credential scope's service
// (or X-Amz-Target for Cognito's unsigned calls) to modules that speak each service's protocol.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '@smithy/types';
import { type CognitoService, createCognitoService } from './cognito.ts';
import { createDrsService } from './drs.ts';
import { createEc2Service } from './ec2.ts';
import { type EmulatorState, LOCAL_ACCOUNT_ID, buildFixtures, upperId } from './fixtures.ts';
import { createIamService } from './iam.ts';
import { type AwsRequest, type AwsResponse, type AwsService, ServiceError, paramString, parseFormBody, restJsonError } from './protocol.ts';
import { type Principal, credentialScope, headerValue, verifySigV4 } from './sigv4.ts';
import { createStsService, newAccessKeyId, newSecretAccessKey } from './sts.ts';

export type { EmulatorState } from './fixtures.ts';
export type { Principal } from './sigv4.ts';

export interface AwsEmulatorOptions {
  /** The local account (default '111111111111'). */
  accountId?: string;
  /** Divides simulated DRS durations (default Number(process.env.SIM_SPEED ?? 20)). */
  simSpeed?: number;
  /** Lifetime of Cognito access and ID tokens (default 3600 s). */
  tokenLifetimeSeconds?: number;
}

export interface AwsEmulator {
  handle(req: IncomingMessage, res: ServerResponse): void;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  requestHandler: { handle(req: HttpRequest): Promise<{ response: HttpResponse }> };
  /** The local IAM principal's keys. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  accountId: string;
  lookupPrincipal(accessKeyId: string): Principal | undefined;
  cognito: {
    region: string;
    userPoolId: string;
    clientId: string;
    issuer(): string;
    jwksUri(): string;
    users: Array<{ username: string; password: string; email: string; groups: string[] }>;
    mintToken(username: string, opts?: { expiresInSeconds?: number; tokenUse?: 'access' | 'id' }): string;
  };
  state: EmulatorState;
}

// Which service an unsigned request was meant for, so it is refused in that service's own terms.
const QUERY_VERSIONS: Record<string, string> = { '2016-11-15': 'ec2', '2010-05-08': 'iam', '2011-06-15': 'sts' };
const DEFAULT_PORT = 4566;

function serviceOfUnsigned(req: AwsRequest): string {
  if (headerValue(req.headers, 'x-amz-target')?.startsWith('AWSCognitoIdentityProviderService.')) return 'cognito-idp';
  if (headerValue(req.headers, 'content-type')?.startsWith('application/x-www-form-urlencoded')) {
    return QUERY_VERSIONS[paramString(parseFormBody(req.body), 'Version') ?? ''] ?? 'drs';
  }
  return 'drs';
}

async function bodyOf(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  // A view, not Buffer.from(body): the SDK's JSON bodies are Uint8Array subclasses whose valueOf() is a string.
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function createAwsEmulator(opts: AwsEmulatorOptions = {}): AwsEmulator {
  const accountId = opts.accountId ?? LOCAL_ACCOUNT_ID;
  const localPrincipal: Principal = {
    accessKeyId: newAccessKeyId('AKIA'),
    secretAccessKey: newSecretAccessKey(),
    accountId,
    arn: `arn:aws:iam::${accountId}:user/drs-local-admin`,
    userId: `AIDA${upperId(`${accountId}:user:drs-local-admin`, 17)}`,
  };
  const state = buildFixtures({ now: new Date(), simSpeed: opts.simSpeed ?? Number(process.env.SIM_SPEED ?? 20), localPrincipal });
  let server: Server | undefined;
  let port: number | undefined;
  // Tokens carry the issuer of the port they were issued on; before listen() that is the documented default.
  const baseUrl = () => `http://127.0.0.1:${port ?? Number(process.env.AWS_EMULATOR_PORT ?? DEFAULT_PORT)}`;

  const cognito: CognitoService = createCognitoService(state, {
    issuer: () => `${baseUrl()}/${state.cognito.userPoolId}`,
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 3600,
  });
  const services: Record<string, AwsService> = {
    drs: createDrsService(state),
    ec2: createEc2Service(state),
    iam: createIamService(state),
    sts: createStsService(state),
    'cognito-idp': cognito,
  };

  function lookupPrincipal(accessKeyId: string): Principal | undefined {
    const found = state.principals[accessKeyId];
    if (found?.expiration && found.expiration.getTime() <= Date.now()) {
      delete state.principals[accessKeyId];
      return undefined;
    }
    return found;
  }

  async function dispatch(req: AwsRequest): Promise<AwsResponse> {
    const requestId = randomUUID();
    const open = cognito.anonymous(req, requestId);
    if (open) return open;
    const name = credentialScope(req)?.service ?? serviceOfUnsigned(req);
    const service = services[name];
    if (!service) {
      return restJsonError(new ServiceError('UnknownServiceException', `The local AWS emulator does not serve '${name}'.`, 400), requestId);
    }
    const now = new Date();
    const verified = await verifySigV4(req, lookupPrincipal, now);
    if (!verified.ok) return service.authFailure(verified, requestId);
    try {
      return await service.handle(req, { principal: verified.principal, region: verified.region, requestId, now });
    } catch (err) {
      if (err instanceof ServiceError) return service.error(err, requestId);
      return service.error(new ServiceError('InternalFailure', err instanceof Error ? err.message : String(err), 500), requestId);
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    bodyOf(req)
      .then((body) => {
        const url = new URL(req.url ?? '/', 'http://local');
        const query: Record<string, string | string[]> = {};
        for (const [key, value] of url.searchParams) {
          const prior = query[key];
          query[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
        }
        // The raw (still percent-encoded) path: SigV4 signs it as sent.
        const path = (req.url ?? '/').split('?')[0];
        return dispatch({ method: req.method ?? 'GET', path, query, headers: req.headers, body });
      })
      .then((answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  }

  const requestHandler = {
    async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
      const query: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(request.query ?? {})) query[key] = value ?? '';
      const answer = await dispatch({ method: request.method, path: request.path, query, headers: request.headers, body: await bodyOf(request.body) });
      return { response: { statusCode: answer.status, headers: answer.headers, body: Readable.from([Buffer.from(answer.body)]) } };
    },
  };

  return {
    handle,
    async listen(listenPort: number, host = '127.0.0.1') {
      server = createServer(handle);
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(listenPort, host, () => resolve());
      });
      port = (s.address() as AddressInfo).port;
      return { port, url: `http://${host}:${port}` };
    },
    async close() {
      const s = server;
      if (!s) return;
      server = undefined;
      s.closeAllConnections();
      await new Promise<void>((resolve, reject) => s.close((err) => (err ? reject(err) : resolve())));
    },
    requestHandler,
    credentials: { accessKeyId: localPrincipal.accessKeyId, secretAccessKey: localPrincipal.secretAccessKey },
    accountId,
    lookupPrincipal,
    cognito: {
      region: state.cognito.region,
      userPoolId: state.cognito.userPoolId,
      clientId: state.cognito.clientId,
      issuer: () => `${baseUrl()}/${state.cognito.userPoolId}`,
      jwksUri: () => `${baseUrl()}/${state.cognito.userPoolId}/.well-known/jwks.json`,
      get users() {
        return state.cognito.users.map((u) => ({ username: u.username, password: u.password, email: u.attributes.email ?? '', groups: [...u.groups] }));
      },
      mintToken: cognito.mintToken,
    },
    state,
  };
}
