// The local API Gateway: an HTTP request on the API port becomes the REST proxy event API Gateway
// would send the façade function (the same bundle CDK deploys), and its proxy result the HTTP answer.
// Every method goes through, OPTIONS too: as in AWS, where each resource's ANY method (no authorizer)
// brings a CORS preflight to the façade, which answers it 204 with its CORS headers.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalFunction } from './lambda.ts';

interface ProxyResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function proxyEvent(req: IncomingMessage, body: Buffer, stage: string) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    headers[k] = values.join(',');
    multiValueHeaders[k] = values;
  }
  const query: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    (multi[k] ??= []).push(v);
  }
  const requestId = randomUUID();
  return {
    resource: '/{proxy+}',
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: Object.keys(query).length ? query : null,
    multiValueQueryStringParameters: Object.keys(multi).length ? multi : null,
    pathParameters: { proxy: url.pathname.slice(1) },
    stageVariables: null,
    requestContext: {
      apiId: 'local',
      stage,
      requestId,
      httpMethod: req.method ?? 'GET',
      path: `/${stage}${url.pathname}`,
      requestTimeEpoch: Date.now(),
      identity: { sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? null },
    },
    body: body.length ? body.toString('utf8') : null,
    isBase64Encoded: false,
  };
}

export function restGateway(fn: LocalFunction, stage: string, log: (line: string) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      try {
        const body = await readBody(req);
        const r = (await fn.invoke(proxyEvent(req, body, stage))) as ProxyResult;
        const payload = r.isBase64Encoded ? Buffer.from(r.body ?? '', 'base64') : Buffer.from(r.body ?? '');
        // A 204 (the preflight's answer) has no body and, per RFC 9110, no Content-Length.
        if (r.statusCode === 204) {
          res.writeHead(204, { ...r.headers });
          res.end();
          return;
        }
        res.writeHead(r.statusCode, { ...r.headers, 'content-length': String(payload.length) });
        res.end(payload);
      } catch (e) {
        // What API Gateway answers when the integration fails.
        log(`rest: ${req.method} ${req.url} failed: ${(e as Error).message}`);
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'Internal server error' }));
        }
      }
    })();
  };
}
