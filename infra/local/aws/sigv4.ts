// SigV4 verification for the local stack: recomputes the signature of a received request with the
// same signer the SDK uses (@smithy/signature-v4) and compares. Shared by the AWS emulator and the
// local AppSync server (IAM-signed GraphQL requests).
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: string | Buffer;
}
export interface Principal {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  accountId: string;
  arn: string;
  userId: string;
}
export type VerifyResult =
  | { ok: true; principal: Principal; service: string; region: string }
  | { ok: false; code: 'MissingAuthenticationToken' | 'UnrecognizedClient' | 'InvalidSignature' | 'SignatureExpired'; message: string };

type Failure = Extract<VerifyResult, { ok: false }>;

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 5 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
// S3's aws-chunked upload whose chunks are not signed: the seed signature covers the headers only and
// the body's integrity rests on the checksum trailer, which the S3 service checks. SDK v3 sends it for
// a stream body (PutObject with a Readable). Signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD…) are
// not accepted: nothing here verifies chunk signatures, and neither SDK v3 nor the CLI sends them.
const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
// Headers @smithy's signer adds by itself; when the client did not sign them they must stay out.
const SIGNER_ADDED = ['x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];
// Query parameters the presigner writes itself.
const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token'];

const MESSAGES = {
  missing: 'Missing Authentication Token',
  unknownKey: 'The security token included in the request is invalid.',
  mismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
};

interface ParsedAuth {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  sessionToken?: string;
  presignExpires?: number;
}

function fail(code: Failure['code'], message: string): Failure {
  return { ok: false, code, message };
}

export function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return Array.isArray(value) ? value.join(',') : value;
  }
  return undefined;
}

function queryValue(query: SignedRequest['query'], name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseCredential(credential: string): Omit<ParsedAuth, 'signedHeaders' | 'signature' | 'amzDate'> | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1])) return undefined;
  return { accessKeyId: parts[0], scopeDate: parts[1], region: parts[2], service: parts[3] };
}

function parseAuth(req: SignedRequest): ParsedAuth | Failure {
  const authorization = headerValue(req.headers, 'authorization');
  if (authorization !== undefined) {
    if (!authorization.startsWith(`${ALGORITHM} `)) return fail('InvalidSignature', `Unsupported Authorization Type; only ${ALGORITHM} is accepted.`);
    const fields = new Map<string, string>();
    for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const credential = parseCredential(fields.get('Credential') ?? '');
    const signedHeaders = fields.get('SignedHeaders');
    const signature = fields.get('Signature');
    if (!credential || !signedHeaders || !signature) {
      return fail('InvalidSignature', "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
    }
    const amzDate = headerValue(req.headers, 'x-amz-date');
    if (!amzDate) return fail('InvalidSignature', "Authorization header requires existence of a 'X-Amz-Date' header.");
    return {
      ...credential,
      signedHeaders: signedHeaders.split(';'),
      signature,
      amzDate,
      sessionToken: headerValue(req.headers, 'x-amz-security-token'),
    };
  }
  if (queryValue(req.query, 'X-Amz-Signature') !== undefined) {
    if (queryValue(req.query, 'X-Amz-Algorithm') !== ALGORITHM) return fail('InvalidSignature', `X-Amz-Algorithm only supports "${ALGORITHM}".`);
    const credential = parseCredential(queryValue(req.query, 'X-Amz-Credential') ?? '');
    const amzDate = queryValue(req.query, 'X-Amz-Date');
    const expires = Number(queryValue(req.query, 'X-Amz-Expires'));
    const signedHeaders = queryValue(req.query, 'X-Amz-SignedHeaders');
    if (!credential || !amzDate || !signedHeaders) {
      return fail('InvalidSignature', 'Query-string authentication requires the X-Amz-Credential, X-Amz-Date and X-Amz-SignedHeaders parameters.');
    }
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
      return fail('InvalidSignature', 'X-Amz-Expires must be a whole number of seconds between 1 and 604800.');
    }
    return {
      ...credential,
      signedHeaders: signedHeaders.split(';'),
      signature: queryValue(req.query, 'X-Amz-Signature') ?? '',
      amzDate,
      sessionToken: queryValue(req.query, 'X-Amz-Security-Token') ?? headerValue(req.headers, 'x-amz-security-token'),
      presignExpires: expires,
    };
  }
  return fail('MissingAuthenticationToken', MESSAGES.missing);
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function amzDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function checkTime(auth: ParsedAuth, signedAt: Date, now: Date): Failure | undefined {
  const t = now.getTime();
  if (auth.presignExpires !== undefined) {
    if (signedAt.getTime() - t > MAX_SKEW_MS) return fail('SignatureExpired', `Request is not yet valid: ${auth.amzDate} is later than ${amzDate(now)}.`);
    if (t > signedAt.getTime() + auth.presignExpires * 1000) {
      return fail('SignatureExpired', `Signature expired: ${auth.amzDate} + ${auth.presignExpires} s is now earlier than ${amzDate(now)}.`);
    }
    return undefined;
  }
  if (signedAt.getTime() < t - MAX_SKEW_MS) {
    return fail('SignatureExpired', `Signature expired: ${auth.amzDate} is now earlier than ${amzDate(new Date(t - MAX_SKEW_MS))} (${amzDate(now)} - 5 min.)`);
  }
  if (signedAt.getTime() > t + MAX_SKEW_MS) {
    return fail('SignatureExpired', `Signature not yet current: ${auth.amzDate} is still later than ${amzDate(new Date(t + MAX_SKEW_MS))} (${amzDate(now)} + 5 min.)`);
  }
  return undefined;
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function recompute(req: SignedRequest, auth: ParsedAuth, principal: Principal, signedAt: Date): Promise<string | Failure> {
  const signed = new Set(auth.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = headerValue(req.headers, name);
    if (value === undefined) return fail('InvalidSignature', `Signed header '${name}' is missing from the request.`);
    headers[name] = value;
  }
  const contentSha = headerValue(req.headers, 'x-amz-content-sha256');
  if (contentSha !== undefined) {
    // The client's signer used this header as the payload hash: it must describe the body we got.
    const literal = contentSha === UNSIGNED_PAYLOAD || (contentSha === STREAMING_UNSIGNED_TRAILER && auth.service === 's3');
    if (!literal && contentSha !== createHash('sha256').update(req.body).digest('hex')) {
      return fail('InvalidSignature', 'The provided x-amz-content-sha256 header does not match what was computed.');
    }
    headers['x-amz-content-sha256'] = contentSha;
  }
  const unsignable = new Set(SIGNER_ADDED.filter((name) => !signed.has(name)));
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (auth.presignExpires === undefined || !PRESIGN_PARAMS.includes(key)) query[key] = value;
  }
  const presignToken = auth.presignExpires !== undefined ? queryValue(req.query, 'X-Amz-Security-Token') : undefined;
  const signer = new SignatureV4({
    credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey, sessionToken: presignToken },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    applyChecksum: false,
    uriEscapePath: auth.service !== 's3',
  });
  const request = { method: req.method.toUpperCase(), protocol: 'http:', hostname: headers.host ?? 'localhost', path: req.path, query, headers, body: req.body };
  const options = { signingDate: signedAt, signingRegion: auth.region, signingService: auth.service, signableHeaders: signed, unsignableHeaders: unsignable };
  if (auth.presignExpires !== undefined) {
    const presigned = await signer.presign(request, { ...options, expiresIn: auth.presignExpires, unhoistableHeaders: new Set(Object.keys(headers)) });
    return String(presigned.query?.['X-Amz-Signature'] ?? '');
  }
  const result = await signer.sign(request, options);
  return /Signature=([0-9a-f]+)/.exec(String(result.headers.authorization))?.[1] ?? '';
}

/**
 * Verifies a SigV4-signed request (Authorization header or presigned query string) against the
 * principals `lookup` knows. Checks, in AWS's order: known key, session token, clock skew or
 * expiry, payload hash, signature.
 */
export async function verifySigV4(
  req: SignedRequest,
  lookup: (accessKeyId: string) => Principal | undefined,
  now: Date = new Date(),
): Promise<VerifyResult> {
  const auth = parseAuth(req);
  if ('ok' in auth) return auth;
  const principal = lookup(auth.accessKeyId);
  if (!principal || (principal.sessionToken ?? '') !== (auth.sessionToken ?? '')) return fail('UnrecognizedClient', MESSAGES.unknownKey);
  const signedAt = parseAmzDate(auth.amzDate);
  if (!signedAt) return fail('InvalidSignature', `Invalid X-Amz-Date '${auth.amzDate}': expected the form YYYYMMDD'T'HHMMSS'Z'.`);
  if (auth.scopeDate !== auth.amzDate.slice(0, 8)) {
    return fail('InvalidSignature', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${auth.amzDate.slice(0, 8)}'`);
  }
  const timeFailure = checkTime(auth, signedAt, now);
  if (timeFailure) return timeFailure;
  const expected = await recompute(req, auth, principal, signedAt);
  if (typeof expected !== 'string') return expected;
  if (!sameSignature(expected, auth.signature)) return fail('InvalidSignature', MESSAGES.mismatch);
  return { ok: true, principal, service: auth.service, region: auth.region };
}

/** The credential scope of a signed request, read without verifying anything (for routing). */
export function credentialScope(req: SignedRequest): { accessKeyId: string; region: string; service: string } | undefined {
  const auth = parseAuth(req);
  return 'ok' in auth ? undefined : { accessKeyId: auth.accessKeyId, region: auth.region, service: auth.service };
}
