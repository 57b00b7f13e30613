// POST /graphql: authenticate the request (401/403 with AppSync's body when that fails), then execute it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator, Headers } from './auth.ts';
import type { Engine } from './engine.ts';
import { requestError } from './errors.ts';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, x-amz-date, x-amz-security-token, x-amz-user-agent, x-api-key',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype',
};

export const GRAPHQL_PATH = '/graphql';

/**
 * The largest POST /graphql body the local AppSync reads (1 MiB, the size of the largest GraphQL operation
 * AWS passes to an AppSync target, EventBridge AppSyncParameters.GraphQLOperation). A larger body is read to
 * its end and discarded, then answered 413 with a request-level error (no GraphQL executed).
 */
export const MAX_REQUEST_BYTES = 1_048_576;

export function sourceIps(req: IncomingMessage): string[] {
  const fwd = req.headers['x-forwarded-for'];
  const list = (Array.isArray(fwd) ? fwd.join(',') : fwd ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return [...list, req.socket.remoteAddress ?? '127.0.0.1'];
}

export function queryOf(url: URL): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = q[k];
    q[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return q;
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...CORS,
    ...extra,
  });
  res.end(text);
}

/** The body, or null when it is larger than `max` bytes (then read to its end but not kept). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createHttpHandler(engine: Engine, authenticator: Authenticator, log: (line: string) => void, maxRequestBytes = MAX_REQUEST_BYTES) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== GRAPHQL_PATH) return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(200, CORS);
      res.end();
      return true;
    }
    if (req.method !== 'POST') return false;
    void (async () => {
      try {
        const body = await readBody(req, maxRequestBytes);
        if (!body) {
          send(res, 413, requestError('PayloadTooLargeException', `Request payload size exceeds the limit of ${maxRequestBytes} bytes.`), { 'x-amzn-errortype': 'PayloadTooLargeException' });
          return;
        }
        const headers = req.headers as Headers;
        const auth = await authenticator.authenticate(headers, { method: 'POST', path: url.pathname, query: queryOf(url), body }, sourceIps(req));
        if (!auth.ok) {
          send(res, auth.status, auth.body, { 'x-amzn-errortype': auth.body.errors[0].errorType });
          return;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          send(res, 400, requestError('MalformedHttpRequestException', 'Unable to parse JSON document'));
          return;
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
          send(res, 400, requestError('MalformedHttpRequestException', 'Invalid request body: expected a JSON object'));
          return;
        }
        send(res, 200, await engine.execute(parsed as Record<string, unknown>, auth.auth, headers));
      } catch (e) {
        log(`appsync: request failed: ${(e as Error).stack ?? e}`);
        if (!res.headersSent) send(res, 500, requestError('InternalFailure', 'An internal failure occurred.'));
      }
    })();
    return true;
  };
}
