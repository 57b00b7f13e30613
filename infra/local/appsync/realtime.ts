// The AppSync real-time endpoint (/graphql/realtime), protocol as AppSync speaks it: subprotocol graphql-ws;
// connection auth from the `header`/`payload` query parameters or a `header-<base64url>` subprotocol (IAM signs
// POST <graphql endpoint>/connect with body "{}"); connection_init → connection_ack {connectionTimeoutMs};
// periodic ka; start (its own authorization: IAM signs POST <graphql endpoint> with the data string as body)
// → start_ack or error; data; stop → complete; connection_error for a refused connection.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLOutputType } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthContext, AuthResult, Authenticator, Headers } from './auth.ts';
import type { Engine, Publication, SubscriptionStart } from './engine.ts';
import { AUTH_MESSAGES } from './errors.ts';
import { argumentsMatch, evaluateFilter } from './filters.ts';
import { sourceIps } from './http.ts';
import { shapeForSubscriber, type ShapeContext } from './selection.ts';

export const REALTIME_PATH = '/graphql/realtime';
/** What AppSync announces in connection_ack: the longest a client should wait for a `ka`. */
export const CONNECTION_TIMEOUT_MS = 300_000;

interface ActiveSub {
  id: string;
  conn: Connection;
  auth: AuthContext;
  start: SubscriptionStart;
}

interface Connection {
  ws: WebSocket;
  auth: Promise<AuthResult>;
  sourceIp: string[];
  ka?: NodeJS.Timeout;
  acked: boolean;
  subs: Map<string, ActiveSub>;
  /** start ids being processed; a stop for one of them cancels it. */
  pending: Set<string>;
}

/** A query parameter without form decoding: clients put standard base64 ('+' included) in the URL as is. */
function rawParam(rawUrl: string, name: string): string | undefined {
  const q = rawUrl.indexOf('?');
  if (q < 0) return undefined;
  for (const part of rawUrl.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    if ((eq < 0 ? part : part.slice(0, eq)) === name) return decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
  }
  return undefined;
}

function decodeBase64Json(s: string): unknown {
  return JSON.parse(Buffer.from(s, 'base64').toString('utf8'));
}

export class Realtime {
  private wss: WebSocketServer;
  private connections = new Set<Connection>();
  /** Active subscriptions per subscription field, in the order they started. */
  private byField = new Map<string, Map<string, ActiveSub>>();
  private servers: Array<{ server: Server; listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void }> = [];

  constructor(
    private engine: Engine,
    private authenticator: Authenticator,
    private keepAliveMs: number,
    private log: (line: string) => void,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false),
    });
    engine.onPublish = (p) => this.publish(p);
    engine.onInvalidate = (field, payload) => this.invalidate(field, payload);
  }

  attach(server: Server): void {
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== REALTIME_PATH && url.pathname !== `${REALTIME_PATH}/`) {
        // Leave other upgrade paths to other listeners; refuse when there are none.
        if (server.listenerCount('upgrade') <= 1) socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    };
    server.on('upgrade', listener);
    this.servers.push({ server, listener });
  }

  private connectAuth(req: IncomingMessage): Promise<AuthResult> {
    let header: Record<string, unknown> | undefined;
    let payload = '{}';
    try {
      const fromQuery = rawParam(req.url ?? '', 'header');
      const proto = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .find((p) => p.startsWith('header-'));
      if (fromQuery) header = decodeBase64Json(fromQuery) as Record<string, unknown>;
      else if (proto) header = decodeBase64Json(proto.slice('header-'.length)) as Record<string, unknown>;
      const p = rawParam(req.url ?? '', 'payload');
      if (p) payload = Buffer.from(p, 'base64').toString('utf8');
    } catch {
      header = undefined;
    }
    if (!header || typeof header !== 'object') {
      return Promise.resolve({ ok: false, status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message: AUTH_MESSAGES.missing }] } });
    }
    // IAM clients sign POST <graphql endpoint>/connect with the payload ("{}") as body.
    return this.authenticator.authenticate(header as Headers, { method: 'POST', path: '/graphql/connect', query: {}, body: payload }, sourceIps(req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage) {
    const conn: Connection = {
      ws, auth: this.connectAuth(req), sourceIp: sourceIps(req), acked: false, subs: new Map(), pending: new Set(),
    };
    this.connections.add(conn);
    if (ws.protocol !== 'graphql-ws') {
      this.send(conn, { type: 'connection_error', payload: { errors: [{ message: 'SubProtocolNotSupportedError', errorCode: 400 }] } });
      ws.close(1002);
    }
    ws.on('message', (raw) => {
      this.onMessage(conn, raw.toString()).catch((e) => {
        this.log(`appsync realtime: message failed: ${(e as Error).stack ?? e}`);
        this.send(conn, { type: 'error', payload: { errors: [{ errorType: 'InternalFailure', message: 'An internal failure occurred.' }] } });
      });
    });
    ws.on('close', () => this.drop(conn));
    ws.on('error', (e) => this.log(`appsync realtime: socket error: ${e.message}`));
  }

  private send(conn: Connection, msg: unknown) {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(msg));
  }

  private async connectionRefused(conn: Connection): Promise<boolean> {
    const auth = await conn.auth;
    if (auth.ok) return false;
    this.log(`appsync realtime: connection refused: ${auth.body.errors[0].errorType}: ${auth.body.errors[0].message}`);
    this.send(conn, {
      type: 'connection_error',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: AUTH_MESSAGES.denied, errorCode: 401 }] },
    });
    conn.ws.close(1000);
    return true;
  }

  private ack(conn: Connection) {
    if (conn.acked) return;
    conn.acked = true;
    this.send(conn, { type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
    this.send(conn, { type: 'ka' });
    conn.ka = setInterval(() => this.send(conn, { type: 'ka' }), this.keepAliveMs);
  }

  private async onMessage(conn: Connection, raw: string) {
    let msg: { type?: string; id?: string; payload?: { data?: unknown; extensions?: { authorization?: Record<string, unknown> } } };
    try {
      msg = JSON.parse(raw);
    } catch {
      this.send(conn, { type: 'error', payload: { errors: [{ errorType: 'BadRequestException', message: 'Message is not valid JSON' }] } });
      return;
    }
    switch (msg.type) {
      case 'connection_init':
        if (!(await this.connectionRefused(conn))) this.ack(conn);
        return;
      case 'start':
        return this.onStart(conn, msg);
      case 'stop': {
        const id = String(msg.id ?? '');
        conn.pending.delete(id);
        this.removeSub(conn, id);
        this.send(conn, { type: 'complete', id });
        return;
      }
      default:
        this.send(conn, { type: 'error', id: msg.id, payload: { errors: [{ errorType: 'UnsupportedOperation', message: `Unsupported message type '${String(msg.type)}'` }] } });
    }
  }

  private async onStart(conn: Connection, msg: { id?: string; payload?: { data?: unknown; extensions?: { authorization?: Record<string, unknown> } } }) {
    const id = msg.id;
    const fail = (errors: unknown[]) => this.send(conn, { type: 'error', id, payload: { errors } });
    if (typeof id !== 'string' || !id) return fail([{ errorType: 'BadRequestException', message: 'A start message needs an id' }]);
    if (await this.connectionRefused(conn)) return;
    conn.pending.add(id);
    const data = typeof msg.payload?.data === 'string' ? msg.payload.data : JSON.stringify(msg.payload?.data ?? {});
    const authorization = msg.payload?.extensions?.authorization;
    if (!authorization || typeof authorization !== 'object') {
      conn.pending.delete(id);
      return fail([{ errorType: 'UnauthorizedException', message: AUTH_MESSAGES.missing }]);
    }
    // Each start carries its own authorization; IAM clients sign POST <graphql endpoint> with `data` as body.
    const auth = await this.authenticator.authenticate(authorization as Headers, { method: 'POST', path: '/graphql', query: {}, body: data }, conn.sourceIp);
    if (!auth.ok) {
      conn.pending.delete(id);
      return fail([{ ...auth.body.errors[0], errorCode: auth.status }]);
    }
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(data);
    } catch {
      conn.pending.delete(id);
      return fail([{ errorType: 'BadRequestException', message: 'The start payload data is not valid JSON' }]);
    }
    const started = await this.engine.startSubscription(request, auth.auth, authorization as Headers);
    if (!conn.pending.delete(id)) return; // stopped while starting
    if (!started.ok) return fail(started.errors);
    this.removeSub(conn, id);
    const sub: ActiveSub = { id, conn, auth: auth.auth, start: started.start };
    conn.subs.set(id, sub);
    const field = started.start.fieldName;
    if (!this.byField.has(field)) this.byField.set(field, new Map());
    this.byField.get(field)!.set(`${this.connIndex(conn)}:${id}`, sub);
    this.send(conn, { type: 'start_ack', id });
  }

  private connKeys = new WeakMap<Connection, number>();
  private nextConn = 0;
  private connIndex(conn: Connection): number {
    let n = this.connKeys.get(conn);
    if (n === undefined) this.connKeys.set(conn, (n = this.nextConn++));
    return n;
  }

  private removeSub(conn: Connection, id: string) {
    const sub = conn.subs.get(id);
    if (!sub) return;
    conn.subs.delete(id);
    this.byField.get(sub.start.fieldName)?.delete(`${this.connIndex(conn)}:${id}`);
  }

  private drop(conn: Connection) {
    if (conn.ka) clearInterval(conn.ka);
    for (const id of [...conn.subs.keys()]) this.removeSub(conn, id);
    this.connections.delete(conn);
  }

  /** A mutation answered: deliver to each matching subscriber, synchronously, so order follows mutations. */
  publish(p: Publication): void {
    const subType = this.engine.schema.getSubscriptionType();
    if (!subType) return;
    for (const fieldName of this.engine.subscriptionsByMutation.get(p.mutationField) ?? []) {
      const def = subType.getFields()[fieldName];
      for (const sub of this.byField.get(fieldName)?.values() ?? []) {
        // Enhanced filters replace argument matching (the resolver states the whole filter).
        const match = sub.start.filter ? evaluateFilter(p.payload, sub.start.filter) : argumentsMatch(sub.start.args, p.payload);
        if (!match) continue;
        this.deliver(sub, def.type, p.payload);
      }
    }
  }

  private deliver(sub: ActiveSub, type: GraphQLOutputType, payload: unknown) {
    const key = sub.start.field.alias?.value ?? sub.start.fieldName;
    const sc: ShapeContext = {
      fragments: sub.start.fragments, vars: sub.start.variables, auth: this.engine.auth, caller: sub.auth, errors: [],
    };
    const shaped = shapeForSubscriber(payload, type, sub.start.field.selectionSet, [key], sc);
    const body: Record<string, unknown> = { data: { [key]: shaped } };
    if (sc.errors.length) body.errors = sc.errors;
    this.send(sub.conn, { type: 'data', id: sub.id, payload: body });
  }

  /** extensions.invalidateSubscriptions: end the subscriptions whose invalidation filter matches. */
  invalidate(fieldName: string, payload: Record<string, unknown>): void {
    for (const sub of [...(this.byField.get(fieldName)?.values() ?? [])]) {
      if (!sub.start.invalidationFilter || !evaluateFilter(payload, sub.start.invalidationFilter)) continue;
      this.removeSub(sub.conn, sub.id);
      this.send(sub.conn, { type: 'complete', id: sub.id });
    }
  }

  async close(): Promise<void> {
    for (const { server, listener } of this.servers) server.off('upgrade', listener);
    this.servers = [];
    for (const conn of this.connections) {
      if (conn.ka) clearInterval(conn.ka);
      conn.ws.terminate();
    }
    this.connections.clear();
    this.byField.clear();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}

