// What a façade route is: a documented method and path, the GraphQL operation it maps to, what it reads
// from the request (for the OpenAPI document, generated from these) and how it runs.
import { AppError } from '../../platform/errors.ts';
import type { FieldKey } from '../../platform/fields.ts';
import type { Api } from './api.ts';
import type { Caller } from './auth.ts';
import { jsonBody, type Request } from './http.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** Which document's conventions the path answers in: seed 000 (the guide), 001 (control plane) or 003 (spot). */
export type Envelope = 'guide' | 'control-plane' | 'spot';

export interface Param {
  name: string;
  description: string;
  type?: 'string' | 'integer' | 'boolean';
  required?: boolean;
  enum?: readonly string[];
}

export interface Context {
  req: Request;
  params: Record<string, string>;
  api: Api;
  caller: Caller;
  /** The JSON body as an object ({} when empty); malformed JSON answers 400 INVALID_REQUEST. */
  body(): Record<string, unknown>;
}

export interface Route {
  method: Method;
  path: string;
  tag: string;
  summary: string;
  envelope?: Envelope;
  /** No token needed (health, login). */
  open?: boolean;
  /** Its operations are IAM-only (login, password reset): always called signed with the façade's role; a token is not read. */
  signed?: boolean;
  /** Answers 201 Created. */
  created?: boolean;
  /** The GraphQL operation(s) it runs, as "Type.field" (a key the schema has). */
  operations: readonly FieldKey[];
  query?: readonly Param[];
  body?: { description: string; example?: unknown };
  /** Absent: no GraphQL operation exists yet, and the path answers 501 NOT_IMPLEMENTED. */
  run?: (c: Context) => Promise<unknown>;
}

export function context(req: Request, params: Record<string, string>, api: Api, caller: Caller): Context {
  let parsed: Record<string, unknown> | undefined;
  return { req, params, api, caller, body: () => (parsed ??= jsonBody(req)) };
}

// ------------------------------------------------------------ query-string readers

export function text(c: Context, name: string): string | undefined {
  const v = c.req.query[name];
  return v === undefined || v === '' ? undefined : v;
}

export function integer(c: Context, name: string, min = 1, max = 1000): number | undefined {
  const v = text(c, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError('INVALID_REQUEST', `${name} must be an integer from ${min} to ${max}`, { field: name });
  }
  return n;
}

export function flag(c: Context, name: string): boolean | undefined {
  const v = text(c, name)?.toLowerCase();
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new AppError('INVALID_REQUEST', `${name} must be true or false`, { field: name });
}

/** The region a lookup needs: ?region=… (the guide's MISSING_REGION when absent). */
export function region(c: Context): string {
  const r = text(c, 'region') ?? (typeof c.body().region === 'string' ? (c.body().region as string) : undefined);
  if (!r) throw new AppError('MISSING_REGION', 'region query parameter is required', { field: 'region' });
  return r;
}

export const REGION_PARAM: Param = { name: 'region', description: 'AWS region, e.g. us-east-1', required: true };
export const ACCOUNT_PARAM: Param = { name: 'accountId', description: 'A registered target account (default: this account)' };
