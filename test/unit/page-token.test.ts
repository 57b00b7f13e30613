// platform/page-token.ts: sealed tokens open under their own key and scope only, and every other token is
// refused alike (junk, altered, another scope or key, expired, the old plain-base64 keys).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageTokenKeyFile, pageTokenKeyMaterial } from '../../infra/local/persist.ts';
import {
  callerOf, derivePageTokenKey, InvalidPageToken, listScope, newPageTokenKeyMaterial, nextTokenAfter, openPageToken,
  PAGE_TOKEN_TTL_SECONDS, positionFrom, resetLambdaListKey, sealPageToken,
} from '../../platform/page-token.ts';
import { AppError } from '../../platform/errors.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';

const material = newPageTokenKeyMaterial();
const key = derivePageTokenKey(material, 'appsync-dynamodb');
const scope = canonicalJson({ list: 'Query.listThings', caller: 'cognito:alice' });
const position = { pk: { S: 'LIST' }, sk: { S: 'thing#42' } };

const flip = (token: string, at: number) => {
  const raw = Buffer.from(token, 'base64url');
  raw[at] ^= 0x01;
  return raw.toString('base64url');
};

describe('page tokens', () => {
  it('open under the key and scope that sealed them, as the position sealed', () => {
    const t = sealPageToken(key, scope, position);
    expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(openPageToken(key, scope, t)).toEqual(position);
    // Opaque: neither the key's values nor JSON in the clear.
    expect(Buffer.from(t, 'base64url').toString('latin1')).not.toContain('thing#42');
    // A fresh IV each time: the same position never gives the same token.
    expect(sealPageToken(key, scope, position)).not.toBe(t);
  });

  it('refuses junk, altered bytes anywhere, other scopes and keys, and the old plain-base64 keys', () => {
    const t = sealPageToken(key, scope, position);
    const refused = [
      '', 'junk', 'not a token!', '%%%', 'a'.repeat(10_000), 42, null,
      ...[0, 1, 13, Math.floor(Buffer.from(t, 'base64url').length / 2), Buffer.from(t, 'base64url').length - 1].map((i) => flip(t, i)),
      t.slice(0, -2),
      Buffer.from(JSON.stringify(position)).toString('base64'),
      Buffer.from(JSON.stringify(position)).toString('base64url'),
      Buffer.from('plan name#1234').toString('base64url'),
    ];
    for (const bad of refused) expect(() => openPageToken(key, scope, bad), String(bad).slice(0, 40)).toThrow(InvalidPageToken);
    expect(() => openPageToken(key, canonicalJson({ list: 'Query.listOthers', caller: 'cognito:alice' }), t)).toThrow(InvalidPageToken);
    expect(() => openPageToken(key, canonicalJson({ list: 'Query.listThings', caller: 'cognito:bob' }), t)).toThrow(InvalidPageToken);
    expect(() => openPageToken(derivePageTokenKey(material, 'lambda-lists'), scope, t)).toThrow(InvalidPageToken);
    expect(() => openPageToken(derivePageTokenKey(newPageTokenKeyMaterial(), 'appsync-dynamodb'), scope, t)).toThrow(InvalidPageToken);
  });

  it('expire after 24 hours', () => {
    const now = Date.UTC(2026, 0, 1);
    const t = sealPageToken(key, scope, position, { now });
    expect(openPageToken(key, scope, t, now + (PAGE_TOKEN_TTL_SECONDS - 1) * 1000)).toEqual(position);
    expect(() => openPageToken(key, scope, t, now + PAGE_TOKEN_TTL_SECONDS * 1000)).toThrow(/expired/);
  });

  it('derive keys of 32 bytes, one per purpose, from material of at least 32 bytes', () => {
    expect(derivePageTokenKey(material, 'lambda-lists')).toHaveLength(32);
    expect(derivePageTokenKey(material, 'lambda-lists').equals(derivePageTokenKey(material, 'appsync-dynamodb'))).toBe(false);
    expect(derivePageTokenKey(material, 'lambda-lists').equals(derivePageTokenKey(Buffer.from(material), 'lambda-lists'))).toBe(true);
    expect(derivePageTokenKey('x'.repeat(64), 'lambda-lists')).toHaveLength(32);
    expect(() => derivePageTokenKey(Buffer.alloc(16), 'lambda-lists')).toThrow();
  });

  it('scopes by sorted keys and names the caller by Cognito sub or IAM ARN', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe('{"a":{"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(callerOf({ sub: 's-1', username: 'alice' })).toBe('cognito:s-1');
    expect(callerOf({ userArn: 'arn:aws:iam::1:role/r', accountId: '1' })).toBe('iam:arn:aws:iam::1:role/r');
    expect(callerOf(null)).toBe('anonymous');
    expect(listScope('Query.l', { name: 'x' }, { sub: 'a' })).not.toBe(listScope('Query.l', { name: 'y' }, { sub: 'a' }));
  });
});

describe('the Lambda lists', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetLambdaListKey();
  });

  it('seal with PAGE_TOKEN_KEY and refuse with INVALID_NEXT_TOKEN naming nextToken', async () => {
    process.env.PAGE_TOKEN_KEY = newPageTokenKeyMaterial().toString('base64');
    delete process.env.PAGE_TOKEN_SECRET_ARN;
    resetLambdaListKey();
    const alice = { sub: 'alice', username: 'alice' };
    const t = await nextTokenAfter('Query.listRecoveryPlans', { nameContains: 'x' }, alice, 'plan#1');
    expect(await positionFrom('Query.listRecoveryPlans', { nameContains: 'x' }, alice, t)).toBe('plan#1');
    for (const [filter, who, token] of [
      [{ nameContains: 'y' }, alice, t],
      [{ nameContains: 'x' }, { sub: 'bob', username: 'bob' }, t],
      [{ nameContains: 'x' }, alice, Buffer.from('plan#1').toString('base64url')],
    ] as const) {
      const e = await positionFrom('Query.listRecoveryPlans', filter, who, token).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: 'INVALID_NEXT_TOKEN', details: { field: 'nextToken' } });
    }
    // Another stack's key (a restart without DATA_DIR): refused too.
    process.env.PAGE_TOKEN_KEY = newPageTokenKeyMaterial().toString('base64');
    resetLambdaListKey();
    await expect(positionFrom('Query.listRecoveryPlans', { nameContains: 'x' }, alice, t)).rejects.toMatchObject({ code: 'INVALID_NEXT_TOKEN' });
  });

  it('without a key configured, fail as an internal error (not as a refused token)', async () => {
    delete process.env.PAGE_TOKEN_KEY;
    delete process.env.PAGE_TOKEN_SECRET_ARN;
    resetLambdaListKey();
    await expect(nextTokenAfter('Query.l', null, null, 'p')).rejects.toThrow(/No page token key/);
  });
});

describe("the local stack's key material", () => {
  it('is kept in DATA_DIR (mode 0600), so tokens survive a restart; fresh on every start without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'page-token-'));
    try {
      const first = pageTokenKeyMaterial(dir);
      expect(first).toHaveLength(32);
      expect(statSync(pageTokenKeyFile(dir)).mode & 0o777).toBe(0o600);
      expect(pageTokenKeyMaterial(dir).equals(first)).toBe(true);
      const k = derivePageTokenKey(first, 'appsync-dynamodb');
      const t = sealPageToken(k, scope, position);
      expect(openPageToken(derivePageTokenKey(pageTokenKeyMaterial(dir), 'appsync-dynamodb'), scope, t)).toEqual(position);
      expect(pageTokenKeyMaterial(undefined).equals(pageTokenKeyMaterial(undefined))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
