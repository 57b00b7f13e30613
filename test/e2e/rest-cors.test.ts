// CORS preflights on the REST façade's HTTP door (the local stack's API port, as API Gateway's ANY method
// brings them in AWS: no authorizer, a proxy event to the façade). A browser sends OPTIONS with Origin,
// Access-Control-Request-Method and Access-Control-Request-Headers and no token; the façade answers 204
// with the CORS headers the gateway's OPTIONS mocks used to send (allow-origin, allow-headers,
// allow-methods; no max-age), on any path — documented, nested with ids, unknown — and does nothing else.
import { request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';
import { CORS_HEADERS } from '../../functions/rest-api/http.ts';
import { ROUTES } from '../../functions/rest-api/routes/index.ts';
import { idToken, invokeRaw, restHttp } from '../support/rest.ts';

const ep = inject('endpoints');
const ORIGIN = 'https://console.example.com';
const ID = '3f6c1a52-0d7e-4c1b-9a43-5b2f7e8d9c10';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** What a browser sends before a cross-origin call with a token and a JSON body (raw HTTP: fetch may not send Origin). */
function preflight(path: string, method: string, extra: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, ep.rest);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization,content-type',
          ...extra,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const list = (v: unknown) =>
  String(v ?? '')
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);

/** The answer a browser accepts for `method` with authorization and content-type, and nothing more. */
function expectPreflight(r: Answer, method: string, what: string) {
  expect(r.status, `${what}: ${r.body}`).toBe(204);
  expect(r.body, what).toBe('');
  expect(r.headers['access-control-allow-origin'], what).toBe('*');
  expect(list(r.headers['access-control-allow-headers']), what).toEqual(expect.arrayContaining(['authorization', 'content-type']));
  expect(list(r.headers['access-control-allow-methods']), what).toContain(method.toLowerCase());
  // The same three headers the mocks sent, with the façade's values; no max-age (the mocks had none).
  for (const [name, value] of Object.entries(CORS_HEADERS)) expect(r.headers[name], `${what}: ${name}`).toBe(value);
  expect(r.headers['access-control-max-age'], what).toBeUndefined();
  // 204: no body, so no Content-Length or Content-Type; no route ran (its answers carry x-request-id).
  expect(r.headers['content-length'], what).toBeUndefined();
  expect(r.headers['content-type'], what).toBeUndefined();
  expect(r.headers['x-request-id'], what).toBeUndefined();
}

describe('CORS preflight (OPTIONS) through the HTTP door', () => {
  const cases: Array<{ what: string; path: string; method: string }> = [
    { what: 'a documented path whose methods need a token', path: '/protection-groups', method: 'POST' },
    { what: 'a documented open path', path: '/health', method: 'GET' },
    { what: 'a nested path with an id', path: `/protection-groups/${ID}`, method: 'PUT' },
    { what: 'a deeper nested path with an id', path: `/executions/${ID}/terminate-instances`, method: 'POST' },
    { what: 'a path with an id and a query string', path: `/recovery-plans/${ID}/execute?dryRun=true`, method: 'POST' },
    { what: 'a path that only leads somewhere', path: '/drs', method: 'GET' },
    { what: 'an unknown path', path: '/no-such-path', method: 'GET' },
    { what: 'an unknown path under a route ({proxy+} in AWS)', path: `/protection-groups/${ID}/no/such/thing`, method: 'DELETE' },
    { what: 'the root', path: '/', method: 'GET' },
    { what: 'the OpenAPI document', path: '/openapi.json', method: 'GET' },
  ];
  it.each(cases)('$what: OPTIONS $path → 204 with the CORS headers', async ({ what, path, method }) => {
    expectPreflight(await preflight(path, method), method, what);
  });

  it('every path of the route table, its ids filled in, answers the preflight for each of its methods', async () => {
    const answers = await Promise.all(
      ROUTES.map(async (r) => {
        const path = r.path.replace(/\{[^}]+\}/g, ID);
        return { what: `${r.method} ${r.path}`, method: r.method, answer: await preflight(path, r.method) };
      }),
    );
    for (const { what, method, answer } of answers) expectPreflight(answer, method, what);
  });

  it('needs no token and reads none: a refused token changes nothing', async () => {
    expectPreflight(await preflight('/protection-groups', 'GET', { authorization: 'Bearer not-a-token' }), 'GET', 'with a bad token');
    // The same path without OPTIONS still wants a token.
    expect((await restHttp(ep, { method: 'GET', path: '/protection-groups', authorization: 'Bearer not-a-token' })).status).toBe(401);
  });

  it('answers even where a request would be refused before routing (a path that is not valid percent-encoding)', async () => {
    expectPreflight(await preflight('/protection-groups/%E0%A4%A', 'GET'), 'GET', 'bad percent-encoding');
    expect((await restHttp(ep, { method: 'GET', path: '/protection-groups/%E0%A4%A' })).status).toBe(400);
  });

  it('does nothing else: OPTIONS with a token and a body on a creating path creates nothing', async () => {
    const token = await idToken(ep, 'admin');
    const name = `cors-${Math.random().toString(36).slice(2, 8)}`;
    const body = JSON.stringify({ GroupName: name, Region: 'us-east-1', ServerSelectionTags: { Fleet: name } });
    const r = await new Promise<Answer>((resolve, reject) => {
      // Node's client sends no Content-Length of its own for an OPTIONS body.
      const headers = { origin: ORIGIN, authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      const req = request(new URL('/protection-groups', ep.rest), { method: 'OPTIONS', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expectPreflight(r, 'POST', 'OPTIONS with a body');
    const after = await restHttp(ep, { method: 'GET', path: '/protection-groups', query: { nameExact: name }, authorization: `Bearer ${token}` });
    expect(after.status, after.text).toBe(200);
    expect(after.body.groups).toEqual([]);
  });
});

describe('CORS preflight through the invoke door', () => {
  it("answers an OPTIONS event in the guide's format 204 with the CORS headers", async () => {
    const r = await invokeRaw(ep, { httpMethod: 'OPTIONS', path: `/executions/${ID}`, queryStringParameters: null, body: null });
    expect(r.functionError, r.payload).toBeNull();
    const result = JSON.parse(r.payload);
    expect(result).toEqual({ statusCode: 204, headers: CORS_HEADERS, body: '' });
  });
});
