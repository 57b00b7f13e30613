// POST /graphql: authenticate the request (401/403 with AppSync's body when that fails), then execute it.
// Below it, the local pages: the dashboard (GET /dashboard/) and GraphiQL (GET /graphql).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
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

// ------------------------------------------------------------------ pages the local stack serves beside the API
// GET /dashboard/ — the live drill dashboard (dist/dashboard, built by `npm run build`) and its
// amplify_outputs.json, written from the running stack's endpoints for the scheme the page was loaded
// with (https → the GraphQL URL over TLS). GET /graphql — GraphiQL (from node_modules: graphiql's and
// React's UMD builds, no CDN), with a login form against the local user pool or a pasted token.
// Local conveniences only: AppSync in AWS serves neither.
export const DASHBOARD_PATH = '/dashboard/';
const GRAPHIQL_ASSETS: Record<string, [string, string]> = {
  'react.js': ['react/umd/react.production.min.js', 'text/javascript'],
  'react-dom.js': ['react-dom/umd/react-dom.production.min.js', 'text/javascript'],
  'graphiql.js': ['graphiql/graphiql.min.js', 'text/javascript'],
  'graphiql.css': ['graphiql/graphiql.min.css', 'text/css'],
};
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };
const PAGE_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };

export interface StaticPagesOptions {
  /** The built dashboard (dist/dashboard). */
  dashboardDir: string;
  /** Where graphiql and react are installed. */
  nodeModules: string;
  /** The Amplify outputs for a page loaded over TLS (`secure`) or plain HTTP (infra/amplify-outputs.ts). */
  outputs(secure: boolean): { auth: { user_pool_client_id: string }; data: { url: string }; custom?: { user_pool_endpoint: string } };
}

function sendFile(res: ServerResponse, file: string, type: string) {
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch {
    return false;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, ...PAGE_HEADERS });
  res.end(body);
  return true;
}

function notFound(res: ServerResponse, text: string) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...PAGE_HEADERS });
  res.end(text);
}

/** A handler for the dashboard's and GraphiQL's GET requests; false for every other request. */
export function createStaticPages(opts: StaticPagesOptions) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
    if (url.pathname === GRAPHQL_PATH) {
      const html = graphiqlPage(opts.outputs(secure));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), ...PAGE_HEADERS });
      res.end(html);
      return true;
    }
    if (url.pathname.startsWith('/graphiql/')) {
      const asset = GRAPHIQL_ASSETS[url.pathname.slice('/graphiql/'.length)];
      if (!asset || !sendFile(res, join(opts.nodeModules, asset[0]), asset[1])) notFound(res, 'Not found');
      return true;
    }
    if (url.pathname === '/dashboard') {
      res.writeHead(301, { location: DASHBOARD_PATH });
      res.end();
      return true;
    }
    if (!url.pathname.startsWith(DASHBOARD_PATH)) return false;
    const name = url.pathname.slice(DASHBOARD_PATH.length) || 'index.html';
    if (name === 'amplify_outputs.json') {
      const text = JSON.stringify(opts.outputs(secure), null, 2);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...PAGE_HEADERS });
      res.end(text);
      return true;
    }
    // Files of the built dashboard only: one plain name, no path.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.') || !sendFile(res, join(opts.dashboardDir, name), TYPES[extname(name)] ?? 'application/octet-stream')) {
      notFound(res, name === 'index.html' ? 'The dashboard is not built: run `npm run build`.' : 'Not found');
    }
    return true;
  };
}

/** GraphiQL against this API: sign in with the local user pool (USER_PASSWORD_AUTH) or paste a token. */
function graphiqlPage(outputs: ReturnType<StaticPagesOptions['outputs']>): string {
  const config = JSON.stringify({ cognito: outputs.custom?.user_pool_endpoint, clientId: outputs.auth.user_pool_client_id }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL — drs-orchestrator (local)</title>
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>
  body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  #auth { display: flex; gap: .5rem; align-items: center; padding: .4rem .8rem; background: #232f3e; color: #fff; font-size: 13px; }
  #auth input { font: inherit; padding: .2rem .4rem; } #auth .grow { flex: 1; min-width: 12rem; }
  #auth button { font: inherit; padding: .2rem .7rem; cursor: pointer; } #who { opacity: .85; }
  #graphiql { flex: 1; min-height: 0; }
</style></head>
<body>
<form id="auth">
  <strong>drs-orchestrator</strong>
  <input id="u" placeholder="username" autocomplete="username"><input id="p" type="password" placeholder="password" autocomplete="current-password">
  <button type="submit">Log in</button>
  <input id="t" class="grow" placeholder="…or paste a Cognito ID/access token"><button type="button" id="use">Use token</button>
  <span id="who"></span>
</form>
<div id="graphiql"></div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script>
const CONFIG = ${config};
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('drs-token') || '';
// A new fetcher for each token: GraphiQL reads the schema again (introspection) when its fetcher changes.
const fetcherFor = (token) => async (params, options) => {
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: token } : {}), ...(options && options.headers) };
  const r = await fetch(location.pathname, { method: 'POST', headers, body: JSON.stringify(params) });
  return r.json();
};
const root = ReactDOM.createRoot($('graphiql'));
function render() {
  $('who').textContent = token ? 'token set' : 'no token: log in or paste one';
  root.render(React.createElement(GraphiQL, { fetcher: fetcherFor(token), defaultQuery: '# Subscriptions need a WebSocket client (the dashboard at /dashboard/ uses Amplify).\\nquery Me {\\n  me { username groups permissions }\\n}\\n' }));
}
$('auth').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await fetch(CONFIG.cognito, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CONFIG.clientId, AuthParameters: { USERNAME: $('u').value, PASSWORD: $('p').value } }),
  });
  const body = await r.json();
  if (!r.ok || !body.AuthenticationResult) { $('who').textContent = 'login failed: ' + (body.message || body.__type || r.status); return; }
  token = body.AuthenticationResult.IdToken;
  sessionStorage.setItem('drs-token', token);
  render();
});
$('use').addEventListener('click', () => { token = $('t').value.trim().replace(/^Bearer\\s+/i, ''); sessionStorage.setItem('drs-token', token); render(); });
render();
</script>
</body></html>`;
}
