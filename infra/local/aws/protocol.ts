// Wire-format helpers shared by the emulated services: request/response types, the service error
// every handler throws, the four AWS protocols' answers (restJson1, JSON 1.x, awsQuery, ec2Query),
// form-parameter parsing and opaque pagination tokens.
import { createHash } from 'node:crypto';
import type { Principal, SignedRequest, VerifyResult } from './sigv4.ts';

export interface AwsRequest extends SignedRequest {
  body: Buffer;
}
export interface AwsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
export interface CallContext {
  principal: Principal;
  region: string;
  requestId: string;
  now: Date;
}
export type AuthFailure = Extract<VerifyResult, { ok: false }>;

/** What each emulated service module provides to the dispatcher. */
export interface AwsService {
  handle(req: AwsRequest, ctx: CallContext): Promise<AwsResponse> | AwsResponse;
  /** The service's own answer to a request that failed SigV4 verification. */
  authFailure(failure: AuthFailure, requestId: string): AwsResponse;
  /** Renders an error thrown by `handle` (or by routing) in the service's protocol. */
  error(err: ServiceError, requestId: string): AwsResponse;
}

/** An error answer in AWS terms: code (the SDK's exception name), message, HTTP status, extra fields. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- JSON protocols

export function jsonResponse(status: number, body: unknown, requestId: string, contentType = 'application/json'): AwsResponse {
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, date: new Date().toUTCString() },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** restJson1 errors: type in `x-amzn-errortype`, fields in the body (as DRS and API Gateway answer). */
export function restJsonError(err: ServiceError, requestId: string): AwsResponse {
  const res = jsonResponse(err.status, { message: err.message, ...err.fields }, requestId);
  res.headers['x-amzn-errortype'] = err.code;
  return res;
}

/** awsJson1.0/1.1 errors: `__type` in the body and `x-amzn-errortype`. */
export function awsJsonError(err: ServiceError, requestId: string, contentType: string): AwsResponse {
  const res = jsonResponse(err.status, { __type: err.code, message: err.message, ...err.fields }, requestId, contentType);
  res.headers['x-amzn-errortype'] = err.code;
  return res;
}

/** How JSON services (restJson1 and awsJson) name SigV4 failures. */
export function jsonAuthError(failure: AuthFailure): ServiceError {
  const code = {
    MissingAuthenticationToken: 'MissingAuthenticationTokenException',
    UnrecognizedClient: 'UnrecognizedClientException',
    InvalidSignature: 'InvalidSignatureException',
    SignatureExpired: 'InvalidSignatureException',
  }[failure.code];
  return new ServiceError(code, failure.message, 403);
}

export function parseJsonBody(req: AwsRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(req.body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the SerializationException below
  }
  throw new ServiceError('SerializationException', 'Could not parse the request body as a JSON object.');
}

// ---------------------------------------------------------------- XML protocols

/** A list rendered with a member element other than the protocol's default (`item`/`member`). */
export class XmlList {
  constructor(
    readonly memberName: string,
    readonly items: readonly unknown[],
  ) {}
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * Renders `<name>value</name>`: objects (SDK-shaped data) become child elements in key order, lists
 * wrap each entry in `memberName`, dates are ISO 8601, undefined members are left out.
 */
export function toXml(name: string, value: unknown, memberName: string): string {
  if (value === undefined || value === null) return '';
  if (value instanceof XmlList) return `<${name}>${value.items.map((v) => toXml(value.memberName, v, memberName)).join('')}</${name}>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v: unknown) => toXml(memberName, v, memberName)).join('')}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([k, v]) => toXml(k, v, memberName)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function xmlResponse(status: number, xml: string, requestId: string): AwsResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId, date: new Date().toUTCString() },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`,
  };
}

const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** ec2Query answer: `<ActionResponse>` with a lower-camel `requestId` and the result members inline. */
export function ec2Response(action: string, result: Record<string, unknown>, requestId: string): AwsResponse {
  const inner = toXml('requestId', requestId, 'item') + Object.entries(result).map(([k, v]) => toXml(k, v, 'item')).join('');
  return xmlResponse(200, `<${action}Response xmlns="${EC2_XMLNS}">${inner}</${action}Response>`, requestId);
}

export function ec2Error(err: ServiceError, requestId: string): AwsResponse {
  const error = toXml('Error', { Code: err.code, Message: err.message }, 'item');
  return xmlResponse(err.status, `<Response><Errors>${error}</Errors><RequestID>${requestId}</RequestID></Response>`, requestId);
}

/** awsQuery answer: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata/></ActionResponse>`. */
export function queryResponse(action: string, xmlns: string, result: Record<string, unknown>, requestId: string): AwsResponse {
  const inner = toXml(`${action}Result`, result, 'member') + toXml('ResponseMetadata', { RequestId: requestId }, 'member');
  return xmlResponse(200, `<${action}Response xmlns="${xmlns}">${inner}</${action}Response>`, requestId);
}

/** How awsQuery services (IAM, STS) name SigV4 failures. */
export function queryAuthError(failure: AuthFailure): ServiceError {
  const code = {
    MissingAuthenticationToken: 'MissingAuthenticationToken',
    UnrecognizedClient: 'InvalidClientTokenId',
    InvalidSignature: 'SignatureDoesNotMatch',
    SignatureExpired: 'SignatureDoesNotMatch',
  }[failure.code];
  return new ServiceError(code, failure.message, 403);
}

export function queryError(err: ServiceError, xmlns: string, requestId: string): AwsResponse {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  const error = toXml('Error', { Type: type, Code: err.code, Message: err.message }, 'member');
  return xmlResponse(err.status, `<ErrorResponse xmlns="${xmlns}">${error}<RequestId>${requestId}</RequestId></ErrorResponse>`, requestId);
}

// ---------------------------------------------------------------- query parameters

export type Params = { [key: string]: string | Params | Params[] | string[] | undefined };

/**
 * Parses a form body (`A.1.B=x&A.1.C.1=y`) into nested objects, numbered segments becoming lists
 * in index order. awsQuery's `.member.N` lists come out the same as ec2Query's `.N` lists.
 */
export function parseFormBody(body: Buffer): Params {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    const path = key.split('.').filter((seg, i, all) => !(seg === 'member' && /^\d+$/.test(all[i + 1] ?? '')));
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length - 1; i++) node = (node[path[i]] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]] = value;
  }
  return listify(root) as Params;
}

function listify(node: unknown): unknown {
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, unknown>);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => listify(v));
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, listify(v)]));
}

export function paramString(params: Params | undefined, key: string): string | undefined {
  const value = params?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function paramList(params: Params | undefined, key: string): Params[] {
  const value = params?.[key];
  return Array.isArray(value) ? value.filter((v): v is Params => typeof v === 'object') : [];
}

export function paramStrings(params: Params | undefined, key: string): string[] {
  const value = params?.[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function paramObject(params: Params | undefined, key: string): Params | undefined {
  const value = params?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

// ---------------------------------------------------------------- pagination

/**
 * One page of `items`. Tokens are opaque (base64 of offset and a digest of the request's scope) so
 * a token from one listing is refused by another, as AWS refuses foreign tokens; `badToken` is the
 * service's own error for that.
 */
export function paginate<T>(
  items: readonly T[],
  pageSize: number,
  token: string | undefined,
  scope: string,
  badToken: () => ServiceError,
): { page: T[]; next?: string } {
  const digest = createHash('sha256').update(scope).digest('hex').slice(0, 12);
  let offset = 0;
  if (token) {
    const [tokenDigest, tokenOffset] = Buffer.from(token, 'base64url').toString('utf8').split(':');
    offset = Number(tokenOffset);
    if (tokenDigest !== digest || !Number.isInteger(offset) || offset < 0) throw badToken();
  }
  const page = items.slice(offset, offset + pageSize);
  const end = offset + page.length;
  return { page, next: end < items.length ? Buffer.from(`${digest}:${end}`).toString('base64url') : undefined };
}
