// The façade's two doors, normalized: an API Gateway proxy event (the HTTP door, from API Gateway or
// the local API port) or the guide's direct-invocation event `{httpMethod, path, queryStringParameters?,
// body?}` (the IAM door: whoever may call lambda:InvokeFunction). Answers are API Gateway proxy results.
import { AppError, ERROR_STATUS, type ErrorCode } from '../../platform/errors.ts';

export type Door = 'http' | 'invoke';

export interface Request {
  door: Door;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The raw body text (null when none). */
  body: string | null;
  /** API Gateway's request id, or one of our own. */
  requestId: string;
}

export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** Direct invocation of GET /executions/{id}: SSM's aws:waitForAwsResourceProperty reads $.Payload.status. */
  status?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const bad = (message: string) => new AppError('INVALID_REQUEST', message);

function strings(v: unknown, what: string): Record<string, string> {
  if (v == null) return {};
  if (!isObj(v)) throw bad(`${what} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x == null) continue;
    // Step Functions and SSM may send numbers and booleans; a query string is text.
    if (typeof x === 'object') throw bad(`${what}.${k} must be a string`);
    out[k] = String(x);
  }
  return out;
}

/** Reads either door's event; a direct invocation that is not the guide's event format answers 400. */
export function readEvent(event: unknown, requestId: string): Request {
  if (!isObj(event)) throw bad('The event must be a JSON object: {httpMethod, path, queryStringParameters?, body?}');
  const ctx = isObj(event.requestContext) ? event.requestContext : null;
  // API Gateway builds requestContext (with the apiId) itself; a direct invoker is the IAM door.
  const door: Door = ctx && typeof ctx.apiId === 'string' ? 'http' : 'invoke';
  const method = event.httpMethod;
  if (typeof method !== 'string' || !method) throw new AppError('MISSING_FIELD', 'httpMethod is required', { field: 'httpMethod' });
  const rawPath = event.path;
  if (typeof rawPath !== 'string' || !rawPath.startsWith('/')) throw new AppError('MISSING_FIELD', 'path is required and starts with /', { field: 'path' });
  // A path may carry its own query string (scripts build "/recovery-plans?nameExact=…" by hand).
  const [pathPart, inlineQuery] = rawPath.split('?', 2);
  const query: Record<string, string> = {};
  if (inlineQuery) for (const [k, v] of new URLSearchParams(inlineQuery)) query[k] = v;
  Object.assign(query, strings(event.queryStringParameters, 'queryStringParameters'));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(strings(event.headers, 'headers'))) headers[k.toLowerCase()] = v;
  let body: string | null = null;
  if (typeof event.body === 'string') body = event.body.length ? event.body : null;
  else if (event.body != null && typeof event.body === 'object') body = JSON.stringify(event.body);
  else if (event.body != null) throw bad('body must be a JSON string');
  if (body !== null && event.isBase64Encoded === true) body = Buffer.from(body, 'base64').toString('utf8');
  const id = ctx && typeof ctx.requestId === 'string' ? ctx.requestId : requestId;
  return { door, method: method.toUpperCase(), path: normalizePath(pathPart), query, headers, body, requestId: id };
}

function normalizePath(p: string): string {
  let path: string;
  try {
    path = decodeURI(p);
  } catch {
    throw bad('The path is not valid percent-encoding');
  }
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** The body as a JSON object ({} when there is none). */
export function jsonBody(req: Request): Obj {
  if (req.body === null || !req.body.trim()) return {};
  let v: unknown;
  try {
    v = JSON.parse(req.body);
  } catch {
    throw bad('The request body is not valid JSON');
  }
  if (!isObj(v)) throw bad('The request body must be a JSON object');
  return v;
}

/**
 * On every answer, and the whole answer to a CORS preflight. No max-age, as the gateway's OPTIONS mocks
 * this replaced had none: browsers cache a preflight for the Fetch standard's default, 5 seconds.
 */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, x-amz-date, x-amz-security-token',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
};

/**
 * A CORS preflight: OPTIONS on any path, through either door. Read from the raw event, before anything
 * that could refuse it (a path that is not valid percent-encoding, a token): API Gateway sends it on
 * through the ANY method of whichever resource matched, without authorizer (infra/cdk/rest-api.ts).
 */
export const isPreflight = (event: unknown): boolean =>
  isObj(event) && typeof event.httpMethod === 'string' && event.httpMethod.toUpperCase() === 'OPTIONS';

/** The preflight's answer: 204, the CORS headers, nothing else (no route lookup, token, or GraphQL call). */
export const preflight = (): ProxyResult => ({ statusCode: 204, headers: { ...CORS_HEADERS }, body: '' });

export function result(statusCode: number, body: unknown, requestId: string, extra: Record<string, string> = {}): ProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...CORS_HEADERS, ...extra },
    body: JSON.stringify(body),
  };
}

export const statusOf = (code: ErrorCode): number => ERROR_STATUS[code] ?? 500;
