// The modules a resolver bundle imports: `@aws-appsync/utils` (util, extensions, runtime) and
// `@aws-appsync/utils/dynamodb`. AppSync ships no JS for them (the npm package is types only), so this is
// the runtime. Handlers run synchronously, so one "current invocation" slot carries per-call state.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthMode } from '../directives.ts';
import { AppSyncFieldError, unauthorizedField } from '../errors.ts';
import { toSubscriptionFilter, validateFilter, type SubscriptionFilter } from '../filters.ts';
import { conditionExpression, toDynamoDB, toMapValues } from './expressions.ts';
import { dynamodbHelpers } from './dynamodb-helpers.ts';
import { timeUtils } from './time.ts';

export interface Invocation {
  fieldName: string;
  parentTypeName: string;
  authMode: AuthMode;
  appendedErrors: AppSyncFieldError[];
  subscriptionFilter?: SubscriptionFilter;
  invalidationFilter?: SubscriptionFilter;
  invalidations: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
  responseHeaders: Record<string, string>;
}

/** runtime.earlyReturn: unwinds the handler; the executor decides what it skips. */
export class EarlyReturn {
  constructor(public value: unknown, public skipTo?: 'END' | 'NEXT') {}
}

let current: Invocation | undefined;

/** Runs `fn` with `inv` as the invocation util/extensions act on. */
export function withInvocation<T>(inv: Invocation, fn: () => T): T {
  const prev = current;
  current = inv;
  try {
    return fn();
  } finally {
    current = prev;
  }
}

function inv(): Invocation {
  if (!current) throw new Error('AppSync utilities are only available while a resolver handler runs');
  return current;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function ulid(): string {
  let t = Date.now();
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const r = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[r[i] % 32];
  return time + rand;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function ksuid(): string {
  const buf = Buffer.alloc(20);
  buf.writeUInt32BE(Math.floor(Date.now() / 1000) - 1400000000, 0);
  randomBytes(16).copy(buf, 4);
  let n = BigInt('0x' + buf.toString('hex'));
  let out = '';
  while (n > 0n) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(27, '0');
}

function urlEncode(s: string): string {
  // application/x-www-form-urlencoded, as java.net.URLEncoder writes it.
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'Null';
  if (Array.isArray(v)) return 'List';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'Number';
  if (typeof v === 'boolean') return 'Boolean';
  return 'Map';
}

const notSupported = (what: string) => () => {
  throw new Error(`${what} is not supported by the local AppSync runtime`);
};

function buildUtil() {
  const dynamodb = {
    toDynamoDB,
    toString: (v: string | null | undefined) => (v === null || v === undefined ? null : { S: v }),
    toStringSet: (v: string[] | null | undefined) => (v === null || v === undefined ? null : { SS: v }),
    toNumber: (v: number | null | undefined) => (v === null || v === undefined ? null : { N: String(v) }),
    toNumberSet: (v: number[] | null | undefined) => (v === null || v === undefined ? null : { NS: v.map(String) }),
    toBinary: (v: string | null | undefined) => (v === null || v === undefined ? null : { B: v }),
    toBinarySet: (v: string[] | null | undefined) => (v === null || v === undefined ? null : { BS: v }),
    toBoolean: (v: boolean | null | undefined) => (v === null || v === undefined ? null : { BOOL: v }),
    toNull: () => ({ NULL: null }),
    toList: (v: unknown[] | null | undefined) => (v === null || v === undefined ? null : { L: v.map(toDynamoDB) }),
    toMap: (v: Record<string, unknown> | null | undefined) => (v === null || v === undefined ? null : { M: toMapValues(v) }),
    toMapValues: (v: Record<string, unknown> | null | undefined) => (v === null || v === undefined ? null : toMapValues(v)),
    toS3Object: (key: string, bucket: string, region: string, version?: string) =>
      ({ S: JSON.stringify({ s3: version === undefined ? { key, bucket, region } : { key, bucket, region, version } }) }),
    fromS3ObjectJson: (s: string) => JSON.parse(s).s3,
  };

  return {
    escapeJavaScript: (s: string) => JSON.stringify(String(s)).slice(1, -1).replace(/'/g, "\\'").replace(/\//g, '\\/'),
    urlEncode,
    urlDecode: (s: string) => decodeURIComponent(String(s).replace(/\+/g, ' ')),
    base64Encode: (s: string) => Buffer.from(String(s), 'utf8').toString('base64'),
    base64Decode: (s: string) => Buffer.from(String(s), 'base64').toString('utf8'),
    autoId: () => randomUUID(),
    autoUlid: ulid,
    autoKsuid: ksuid,
    unauthorized: (): never => {
      const i = inv();
      throw unauthorizedField(i.fieldName, i.parentTypeName);
    },
    error: (message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never => {
      throw new AppSyncFieldError(String(message), errorType ?? null, data ?? null, errorInfo ?? null);
    },
    appendError: (message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void => {
      inv().appendedErrors.push(new AppSyncFieldError(String(message), errorType ?? null, data ?? null, errorInfo ?? null));
    },
    matches: (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(String(value)),
    authType: () => (inv().authMode === 'AWS_IAM' ? 'IAM Authorization' : 'User Pool Authorization'),
    // The VTL-era type helpers; resolvers ported from VTL still call them.
    isNull: (v: unknown) => v === null || v === undefined,
    isNullOrEmpty: (v: unknown) => v === null || v === undefined || v === '',
    isNullOrBlank: (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === ''),
    defaultIfNull: (v: unknown, d: unknown) => (v === null || v === undefined ? d : v),
    defaultIfNullOrEmpty: (v: unknown, d: unknown) => (v === null || v === undefined || v === '' ? d : v),
    defaultIfNullOrBlank: (v: unknown, d: unknown) => (v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? d : v),
    isString: (v: unknown) => typeof v === 'string',
    isNumber: (v: unknown) => typeof v === 'number',
    isBoolean: (v: unknown) => typeof v === 'boolean',
    isList: (v: unknown) => Array.isArray(v),
    isMap: (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v),
    typeOf,
    time: timeUtils(),
    dynamodb,
    transform: {
      toDynamoDBFilterExpression: (obj: Record<string, unknown>) => JSON.stringify(conditionExpression(obj)),
      toDynamoDBConditionExpression: (obj: Record<string, unknown>) => JSON.stringify(conditionExpression(obj)),
      toSubscriptionFilter: (obj: Record<string, unknown>, ignoredFields?: string[], rules?: Record<string, unknown>) =>
        toSubscriptionFilter(obj, ignoredFields, rules),
      toElasticsearchQueryDSL: notSupported('util.transform.toElasticsearchQueryDSL'),
    },
    math: {
      roundNum: (n: number) => Math.round(n),
      minVal: (a: number, b: number) => Math.min(a, b),
      maxVal: (a: number, b: number) => Math.max(a, b),
      randomDouble: () => Math.random(),
      randomWithinRange: (start: number, end: number) => Math.floor(start + Math.random() * (end - start)),
    },
    str: {
      normalize: (v: string, form: string) => String(v).normalize(String(form).toUpperCase() as 'NFC'),
    },
    http: {
      copyHeaders: (h: Record<string, unknown>) => ({ ...(h ?? {}) }),
      addResponseHeader: (name: string, value: unknown) => void (inv().responseHeaders[name] = String(value)),
      addResponseHeaders: (h: Record<string, unknown>) => {
        for (const [k, v] of Object.entries(h ?? {})) inv().responseHeaders[k] = String(v);
      },
    },
    xml: { toMap: notSupported('util.xml.toMap'), toJsonString: notSupported('util.xml.toJsonString') },
    rds: { toJsonObject: notSupported('util.rds.toJsonObject') },
  };
}

function setFilter(which: 'subscriptionFilter' | 'invalidationFilter', filter: unknown) {
  const f = typeof filter === 'string' ? JSON.parse(filter) : filter;
  const problem = validateFilter(f);
  if (problem) throw new AppSyncFieldError(problem, 'BadRequestException');
  inv()[which] = f as SubscriptionFilter;
}

/** Fresh module objects for one resolver bundle (each bundle gets its own copies). */
export function appSyncModules(): Record<string, Record<string, unknown>> {
  const util = buildUtil();
  const extensions = {
    setSubscriptionFilter: (f: unknown) => setFilter('subscriptionFilter', f),
    setSubscriptionInvalidationFilter: (f: unknown) => setFilter('invalidationFilter', f),
    invalidateSubscriptions: (obj: { subscriptionField: string; payload: Record<string, unknown> }) => {
      inv().invalidations.push({ subscriptionField: obj.subscriptionField, payload: obj.payload ?? {} });
    },
    evictFromApiCache: () => {},
  };
  const runtime = {
    earlyReturn: (value?: unknown, opts?: { skipTo?: 'END' | 'NEXT' }): never => {
      throw new EarlyReturn(value, opts?.skipTo);
    },
  };
  return {
    '@aws-appsync/utils': { util, extensions, runtime },
    '@aws-appsync/utils/dynamodb': dynamodbHelpers(),
  };
}
