// DynamoDB's wire protocol (JSON 1.0 over HTTP, SigV4), for the local AppSync's DynamoDB data source. AppSync
// reads DynamoDB with its own client, not the JS SDK; the data source ran every read through the SDK's
// DynamoDBClient, whose per-call machinery (middleware, schema-driven serde walking every attribute,
// SignatureV4, user agent) cost more CPU than everything else the local AppSync does for a page of items.
// This sends the request the SDK sends and reads the answer as plain JSON, which the data source converts to
// what resolvers see in one pass. Errors come out as the SDK shapes them (name from __type, message,
// $metadata, the body's members such as CancellationReasons), with the SDK's standard retries (the client's
// maxAttempts, throttling, transient and server errors, jittered exponential backoff).
import http from 'node:http';
import https from 'node:https';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Hash } from '@smithy/hash-node';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/service-error-classification';
import { SignatureV4 } from '@smithy/signature-v4';

export interface WireCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface WireError extends Error {
  $metadata: { httpStatusCode?: number; requestId?: string; attempts?: number; totalRetryDelay?: number };
  $fault?: 'client' | 'server';
  [member: string]: unknown;
}

const TARGET_PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** The SDK's retry classification: throttling (longer base delay), transient and server errors are retried. */
function retryBase(e: WireError | NodeJS.ErrnoException): number | undefined {
  const err = e as Parameters<typeof isThrottlingError>[0];
  if (isThrottlingError(err)) return 500;
  if (isTransientError(err) || isServerError(err)) return 100;
  return undefined;
}

/** As @smithy/core's sanitizeErrorCode: "ns#Name:extra,more" → "Name". */
function errorName(raw: string): string {
  let v = raw;
  if (v.includes(',')) v = v.split(',')[0];
  if (v.includes(':')) v = v.split(':')[0];
  if (v.includes('#')) v = v.split('#')[1];
  return v;
}

export class DynamoDBWire {
  private agent: http.Agent;
  private signer: SignatureV4;
  private host: string;

  constructor(
    private endpoint: URL,
    region: string,
    credentials: () => Promise<WireCredentials>,
    private maxAttempts = 3,
  ) {
    const secure = endpoint.protocol === 'https:';
    // The SDK's Node handler: keep-alive, at most 50 sockets.
    this.agent = secure ? new https.Agent({ keepAlive: true, maxSockets: 50 }) : new http.Agent({ keepAlive: true, maxSockets: 50 });
    // The SDK's own signer and its Node hash (node:crypto), as the DynamoDB client uses them.
    this.signer = new SignatureV4({ service: 'dynamodb', region, credentials, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    this.host = endpoint.host;
  }

  /** One operation (GetItem, Query, ...): its SDK-shaped input in, its output as DynamoDB wrote it out. */
  async call(operation: string, input: object): Promise<Record<string, unknown>> {
    const body = JSON.stringify(input);
    let totalRetryDelay = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(operation, body);
      } catch (e) {
        const err = e as WireError;
        const base = retryBase(err);
        if (base === undefined || attempt >= this.maxAttempts) {
          err.$metadata = { ...(err.$metadata ?? {}), attempts: attempt, totalRetryDelay };
          throw err;
        }
        const delay = Math.floor(Math.random() * Math.min(base * 2 ** (attempt - 1), 20_000));
        totalRetryDelay += delay;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private async once(operation: string, body: string): Promise<Record<string, unknown>> {
    const signed = await this.signer.sign({
      method: 'POST', protocol: this.endpoint.protocol, hostname: this.endpoint.hostname, port: Number(this.endpoint.port) || undefined, path: '/', query: {}, body,
      headers: { 'content-type': CONTENT_TYPE, host: this.host, 'x-amz-target': TARGET_PREFIX + operation },
    });
    const headers: Record<string, string> = { ...signed.headers, 'content-length': String(Buffer.byteLength(body)) };
    const { status, requestId, errorType, text } = await new Promise<{ status: number; requestId?: string; errorType?: string; text: string }>((resolve, reject) => {
      const req = (this.endpoint.protocol === 'https:' ? https : http).request({
        protocol: this.endpoint.protocol, hostname: this.endpoint.hostname, port: this.endpoint.port, path: this.endpoint.pathname || '/',
        method: 'POST', headers, agent: this.agent,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({
          status: res.statusCode ?? 0,
          requestId: (res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id']) as string | undefined,
          errorType: res.headers['x-amzn-errortype'] as string | undefined,
          text: Buffer.concat(chunks).toString('utf8'),
        }));
      });
      req.on('error', reject);
      req.end(body);
    });
    if (status >= 200 && status < 300) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    let data: Record<string, unknown> = {};
    try {
      if (text) data = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON (a proxy's page): the error is named by its status alone.
    }
    const code = errorType ?? (typeof data.code === 'string' ? data.code : typeof data.__type === 'string' ? data.__type : 'Unknown');
    const err = new Error(String(data.message ?? data.Message ?? 'UnknownError')) as WireError;
    const { __type: _t, message: _m, Message: _M, ...members } = data;
    Object.assign(err, members);
    err.name = errorName(code);
    err.$fault = status < 500 ? 'client' : 'server';
    err.$metadata = { httpStatusCode: status, requestId };
    throw err;
  }

  destroy(): void {
    this.agent.destroy();
  }
}

const wires = new WeakMap<DynamoDBClient, Promise<DynamoDBWire | undefined>>();

/**
 * The wire to the endpoint a client was configured with (the local stack's DynamoDB Local, or whatever
 * DYNAMODB_ENDPOINT names), with the client's region and credentials; undefined for a client without a
 * custom endpoint (real DynamoDB, found by the SDK's endpoint rules): the data source keeps the SDK for that.
 */
export function wireFor(client: DynamoDBClient): Promise<DynamoDBWire | undefined> {
  let w = wires.get(client);
  if (!w) {
    w = (async () => {
      const config = client.config as (DynamoDBClient['config'] & { isCustomEndpoint?: boolean }) | undefined;
      if (!config?.isCustomEndpoint || !config.endpoint) return undefined;
      const ep = await config.endpoint();
      const url = new URL(`${ep.protocol}//${ep.hostname}${ep.port ? `:${ep.port}` : ''}${ep.path ?? '/'}`);
      if (url.search || (url.pathname !== '/' && url.pathname !== '')) return undefined;
      const region = await config.region();
      const maxAttempts = await config.maxAttempts();
      return new DynamoDBWire(url, region, async () => (await config.credentials()) as WireCredentials, maxAttempts);
    })();
    wires.set(client, w);
  }
  return w;
}
