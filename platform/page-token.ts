// Opaque page tokens: what a list answers as `nextToken` and accepts back. One implementation for the
// Lambda lists (domain/*/service.ts) and for the local AppSync's DynamoDB data source
// (infra/local/appsync/datasources.ts), which hands clients an opaque token as AppSync does.
//
// Design
// - A token is base64url( 0x01 | iv (12 bytes) | AES-256-GCM ciphertext | tag (16 bytes) ). The plaintext
//   is JSON { p: the position (a sort key, DynamoDB's LastEvaluatedKey), x: expiry in epoch seconds }.
// - The scope — which list and which query (filter, key values, index, table), and who asked (Cognito sub
//   or IAM principal ARN) — is the GCM additional authenticated data: never written into the token, but
//   a token opened under another scope fails authentication exactly as a flipped byte, a junk string, a
//   token sealed with another key, or the old plain-base64 keys do. Expired tokens are refused too
//   (PAGE_TOKEN_TTL_SECONDS, 24 h).
// - Keys are derived with HKDF-SHA256 from the stack's key material, one per purpose ('lambda-lists',
//   'appsync-dynamodb'), so the two kinds of token never open each other.
// - Key material is owned by the stack. Locally: 32 random bytes made at stack start (kept in
//   <DATA_DIR>/page-token.key when DATA_DIR is set, so tokens survive a restart), given to the functions
//   that page (infra/api.ts `pagesLists`) as env PAGE_TOKEN_KEY (base64). In AWS: a Secrets Manager secret
//   CDK generates (infra/cdk/page-token.ts), named by env PAGE_TOKEN_SECRET_ARN, read once per cold start
//   on the first list call (not at init) and cached; only the `pagesLists` functions may read it.
//   Deployed AppSync encrypts its own DynamoDB tokens with a key of its own.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { AppError } from './errors.ts';

export const PAGE_TOKEN_TTL_SECONDS = 24 * 60 * 60;
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Longer than any token a list answers (a DynamoDB key is at most ~2.5 kB): refused before any work. */
const MAX_TOKEN_CHARS = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A token that is not one this key sealed for this scope, or that has expired. */
export class InvalidPageToken extends Error {
  constructor(reason: string) {
    super(`Invalid page token: ${reason}`);
    this.name = 'InvalidPageToken';
  }
}

/** The 32-byte key for one purpose, from the stack's key material (HKDF-SHA256). */
export function derivePageTokenKey(material: Uint8Array | string, purpose: 'lambda-lists' | 'appsync-dynamodb'): Buffer {
  const ikm = typeof material === 'string' ? Buffer.from(material, 'utf8') : material;
  if (ikm.length < 32) throw new Error('page token key material must be at least 32 bytes');
  return Buffer.from(hkdfSync('sha256', ikm, 'drs-orchestrator/page-token', purpose, 32));
}

/** Fresh key material for a stack: 32 random bytes. */
export const newPageTokenKeyMaterial = (): Buffer => randomBytes(32);

const aad = (scope: string) => Buffer.from(`page-token/v${VERSION}\u0000${scope}`, 'utf8');

export interface SealOptions {
  ttlSeconds?: number;
  /** Epoch milliseconds (tests). */
  now?: number;
}

/** The token for `position` in `scope`. */
export function sealPageToken(key: Buffer, scope: string, position: unknown, o: SealOptions = {}): string {
  const expires = Math.floor((o.now ?? Date.now()) / 1000) + (o.ttlSeconds ?? PAGE_TOKEN_TTL_SECONDS);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(scope));
  const body = Buffer.concat([cipher.update(JSON.stringify({ p: position, x: expires }), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The position a token holds, if this key sealed it for this scope and it has not expired; else InvalidPageToken. */
export function openPageToken(key: Buffer, scope: string, token: unknown, now = Date.now()): unknown {
  if (typeof token !== 'string' || token.length === 0) throw new InvalidPageToken('not a string');
  if (token.length > MAX_TOKEN_CHARS) throw new InvalidPageToken('too long');
  if (!BASE64URL.test(token)) throw new InvalidPageToken('not base64url');
  const raw = Buffer.from(token, 'base64url');
  if (raw.length < 1 + IV_BYTES + TAG_BYTES + 1 || raw[0] !== VERSION) throw new InvalidPageToken('not a page token');
  const iv = raw.subarray(1, 1 + IV_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const body = raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES);
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(scope));
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    // Tampered, another key, another scope: GCM cannot tell which, and neither should the caller.
    throw new InvalidPageToken('not authentic for this list');
  }
  const parsed = JSON.parse(plain) as { p?: unknown; x?: unknown };
  if (typeof parsed.x !== 'number' || parsed.x * 1000 <= now) throw new InvalidPageToken('expired');
  return parsed.p;
}

/** Who a token is for: the Cognito user's sub or the IAM principal's ARN (ctx.identity / the resolver event's identity). */
export function callerOf(identity: unknown): string {
  if (!identity || typeof identity !== 'object') return 'anonymous';
  const i = identity as { sub?: unknown; userArn?: unknown };
  if (typeof i.userArn === 'string' && i.userArn) return `iam:${i.userArn}`;
  if (typeof i.sub === 'string' && i.sub) return `cognito:${i.sub}`;
  return 'anonymous';
}

// ---- The Lambda lists -------------------------------------------------------------------------------

let lambdaKey: Promise<Buffer> | undefined;

async function readSecret(secretId: string): Promise<string> {
  // Loaded on the first list call only: cold init of a function that pages stays as it was.
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const r = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!r.SecretString) throw new Error(`secret ${secretId} holds no string`);
    return r.SecretString;
  } finally {
    client.destroy();
  }
}

/** The Lambda lists' key: from env PAGE_TOKEN_KEY (local) or the PAGE_TOKEN_SECRET_ARN secret (AWS), cached per cold start. */
export function lambdaListKey(): Promise<Buffer> {
  lambdaKey ??= (async () => {
    const local = process.env.PAGE_TOKEN_KEY;
    if (local) return derivePageTokenKey(Buffer.from(local, 'base64'), 'lambda-lists');
    const secret = process.env.PAGE_TOKEN_SECRET_ARN;
    if (secret) return derivePageTokenKey(await readSecret(secret), 'lambda-lists');
    throw new Error('No page token key: set PAGE_TOKEN_KEY or PAGE_TOKEN_SECRET_ARN (infra/api.ts pagesLists)');
  })();
  // A failed read is tried again by the next call rather than cached.
  lambdaKey.catch(() => (lambdaKey = undefined));
  return lambdaKey;
}

/** For tests: forget the cached key (the environment changed). */
export const resetLambdaListKey = () => {
  lambdaKey = undefined;
};

/** A list's scope: the list (field), its query (filter and the like: whatever changes what it answers) and the caller. */
export const listScope = (list: string, query: unknown, identity: unknown): string => canonicalJson({ list, query: query ?? null, caller: callerOf(identity) });

/** The nextToken continuing `list` after `position` for this caller and query. */
export async function nextTokenAfter(list: string, query: unknown, identity: unknown, position: unknown): Promise<string> {
  return sealPageToken(await lambdaListKey(), listScope(list, query, identity), position);
}

/** The position a nextToken continues from; INVALID_NEXT_TOKEN naming `nextToken` when it is not this list's, this caller's, current token. */
export async function positionFrom(list: string, query: unknown, identity: unknown, token: string): Promise<unknown> {
  const key = await lambdaListKey();
  try {
    return openPageToken(key, listScope(list, query, identity), token);
  } catch (e) {
    if (e instanceof InvalidPageToken) throw invalidNextToken();
    throw e;
  }
}

export const INVALID_NEXT_TOKEN_MESSAGE = 'nextToken is not one this list answered for this query and caller, or it has expired: start again without it';

export const invalidNextToken = () => new AppError('INVALID_NEXT_TOKEN', INVALID_NEXT_TOKEN_MESSAGE, { field: 'nextToken' });
