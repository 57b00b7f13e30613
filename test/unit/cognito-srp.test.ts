// The local user pool's SRP (infra/local/aws/cognito-srp.ts, infra/local/aws/cognito.ts) against the
// client side as Amplify JS v6 computes it: Amplify's own SRP helpers (AuthenticationHelper, the claim
// signature, the timestamp), loaded from its package by file path (its exports map hides them).
import { describe, expect, it } from 'vitest';
import { buildFixtures, LOCAL_ACCOUNT_ID } from '../../infra/local/aws/fixtures.ts';
import { createCognitoService } from '../../infra/local/aws/cognito.ts';
import { cognitoTimestamp, parseCognitoTimestamp, padHex } from '../../infra/local/aws/cognito-srp.ts';
import type { AwsRequest } from '../../infra/local/aws/protocol.ts';

interface AmplifySrp {
  getAuthenticationHelper(poolName: string): Promise<{
    A: { toString(radix: number): string };
    getPasswordAuthenticationKey(input: { username: string; password: string; serverBValue: unknown; salt: unknown }): Promise<Uint8Array>;
  }>;
  getSignatureString(input: { userPoolName: string; username: string; challengeParameters: Record<string, string>; dateNow: string; hkdf: Uint8Array }): string;
  getNowString(): string;
}
const SRP_DIR = new URL('../../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/', import.meta.url);
const amplify = {
  ...((await import(new URL('index.mjs', SRP_DIR).href)) as AmplifySrp),
  BigInteger: ((await import(new URL('BigInteger/index.mjs', SRP_DIR).href)) as { BigInteger: new (hex: string, radix: number) => unknown }).BigInteger,
};

function pool() {
  const state = buildFixtures({
    now: new Date(),
    simSpeed: 1,
    localPrincipal: { accessKeyId: 'AKIAUNITTEST', secretAccessKey: 'x', accountId: LOCAL_ACCOUNT_ID, arn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/t`, userId: 'AIDAUNIT' },
  });
  const cognito = createCognitoService(state, { issuer: () => `http://127.0.0.1:1/${state.cognito.userPoolId}`, tokenLifetimeSeconds: 3600 });
  const call = (operation: string, body: unknown) => {
    const req: AwsRequest = {
      method: 'POST',
      path: '/',
      query: {},
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
      body: Buffer.from(JSON.stringify(body)),
    };
    const res = cognito.anonymous(req, 'req-1');
    if (!res) throw new Error(`${operation} was not answered unsigned`);
    return { status: res.status, body: res.body ? (JSON.parse(res.body) as Record<string, any>) : {} }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return { state, call, clientId: state.cognito.clientId, poolName: state.cognito.userPoolId.split('_')[1] };
}

/** Amplify's signInWithSRP, step by step: InitiateAuth USER_SRP_AUTH, then the PASSWORD_VERIFIER answer. */
async function srpSignIn(p: ReturnType<typeof pool>, username: string, password: string, tamper: (r: Record<string, string>) => void = () => {}) {
  const helper = await amplify.getAuthenticationHelper(p.poolName);
  const started = p.call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: p.clientId, AuthParameters: { USERNAME: username, SRP_A: helper.A.toString(16) } });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  expect(started.body.ChallengeName).toBe('PASSWORD_VERIFIER');
  const params = started.body.ChallengeParameters as Record<string, string>;
  expect(Object.keys(params).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
  const userId = params.USER_ID_FOR_SRP;
  const hkdf = await helper.getPasswordAuthenticationKey({ username: userId, password, serverBValue: new amplify.BigInteger(params.SRP_B, 16), salt: new amplify.BigInteger(params.SALT, 16) });
  const dateNow = amplify.getNowString();
  const responses: Record<string, string> = {
    USERNAME: userId,
    PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
    TIMESTAMP: dateNow,
    PASSWORD_CLAIM_SIGNATURE: amplify.getSignatureString({ userPoolName: p.poolName, username: userId, challengeParameters: params, dateNow, hkdf }),
  };
  tamper(responses);
  return p.call('RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ClientId: p.clientId, ChallengeResponses: responses, Session: started.body.Session });
}

describe('Cognito SRP (USER_SRP_AUTH → PASSWORD_VERIFIER) as Amplify computes it', () => {
  it('signs a seeded user in with the right password, by username or email alias', async () => {
    const p = pool();
    const admin = p.state.cognito.users.find((u) => u.username === 'admin')!;
    for (const name of ['admin', 'ADMIN', 'admin@drs.local']) {
      const r = await srpSignIn(p, name, admin.password);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.AuthenticationResult).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
      expect(typeof r.body.AuthenticationResult.RefreshToken).toBe('string');
    }
  });

  it('refuses a wrong password, an unknown user, a replayed or altered claim alike', async () => {
    const p = pool();
    const admin = p.state.cognito.users.find((u) => u.username === 'admin')!;
    const refused = { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' };
    expect((await srpSignIn(p, 'admin', `${admin.password}x`)).body).toEqual(refused);
    expect((await srpSignIn(p, 'nobody', 'Whatever1!')).body).toEqual(refused);
    expect((await srpSignIn(p, 'admin', admin.password, (r) => (r.PASSWORD_CLAIM_SIGNATURE = Buffer.alloc(32).toString('base64')))).body).toEqual(refused);
    // A timestamp other than the one signed.
    expect((await srpSignIn(p, 'admin', admin.password, (r) => (r.TIMESTAMP = cognitoTimestamp(new Date(Date.now() - 1000))))).body).toEqual(refused);
    // The same secret block twice: the challenge is single use.
    let kept: Record<string, string> = {};
    expect((await srpSignIn(p, 'admin', admin.password, (r) => (kept = { ...r }))).status).toBe(200);
    const again = p.call('RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ClientId: p.clientId, ChallengeResponses: kept });
    expect(again.body.__type).toBe('NotAuthorizedException');
    // A timestamp not in Cognito's format.
    const badTime = await srpSignIn(p, 'admin', admin.password, (r) => (r.TIMESTAMP = new Date().toISOString()));
    expect(badTime.body.__type).toBe('InvalidParameterException');
  });

  it('answers NEW_PASSWORD_REQUIRED after SRP for a user with a temporary password, then signs in with the new one', async () => {
    const p = pool();
    const user = p.state.cognito.users.find((u) => u.username === 'operator')!;
    Object.assign(user, { status: 'FORCE_CHANGE_PASSWORD', password: 'Temporary1!' });
    const r = await srpSignIn(p, 'operator', 'Temporary1!');
    expect(r.body.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const done = p.call('RespondToAuthChallenge', { ChallengeName: 'NEW_PASSWORD_REQUIRED', ClientId: p.clientId, Session: r.body.Session, ChallengeResponses: { USERNAME: 'operator', NEW_PASSWORD: 'Permanent1!' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await srpSignIn(p, 'operator', 'Permanent1!')).status).toBe(200);
  });

  it('refreshes with GetTokensFromRefreshToken, revokes with RevokeToken, and lists the session as signed out', async () => {
    const p = pool();
    const admin = p.state.cognito.users.find((u) => u.username === 'admin')!;
    const { RefreshToken, AccessToken } = (await srpSignIn(p, 'admin', admin.password)).body.AuthenticationResult;
    const refreshed = p.call('GetTokensFromRefreshToken', { ClientId: p.clientId, RefreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.AuthenticationResult.RefreshToken).toBeUndefined();
    expect(p.call('GetUser', { AccessToken: refreshed.body.AuthenticationResult.AccessToken }).body.Username).toBe('admin');
    expect(p.call('RevokeToken', { ClientId: p.clientId, Token: RefreshToken }).status).toBe(200);
    const originJti = JSON.parse(Buffer.from(AccessToken.split('.')[1], 'base64url').toString()).origin_jti as string;
    expect(p.state.cognito.signedOut[originJti]).toBeGreaterThan(Date.now());
    expect(p.call('GetTokensFromRefreshToken', { ClientId: p.clientId, RefreshToken }).body).toEqual({ __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    expect(p.call('GetUser', { AccessToken }).body).toEqual({ __type: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    expect(p.call('RevokeToken', { ClientId: p.clientId, Token: AccessToken }).body.__type).toBe('UnsupportedTokenTypeException');
  });

  it('lists every session of the user as signed out at GlobalSignOut', async () => {
    const p = pool();
    const admin = p.state.cognito.users.find((u) => u.username === 'admin')!;
    const origin = (t: string) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()).origin_jti as string;
    const a = (await srpSignIn(p, 'admin', admin.password)).body.AuthenticationResult;
    const b = (await srpSignIn(p, 'admin', admin.password)).body.AuthenticationResult;
    expect(p.call('GlobalSignOut', { AccessToken: a.AccessToken }).status).toBe(200);
    for (const t of [a, b]) expect(p.state.cognito.signedOut[origin(t.AccessToken)]).toBeGreaterThan(Date.now());
    expect(p.call('GetTokensFromRefreshToken', { ClientId: p.clientId, RefreshToken: b.RefreshToken }).body.__type).toBe('NotAuthorizedException');
  });

  it('changes a password with the access token and the current password', async () => {
    const p = pool();
    const admin = p.state.cognito.users.find((u) => u.username === 'admin')!;
    const old = admin.password;
    const { AccessToken } = (await srpSignIn(p, 'admin', old)).body.AuthenticationResult;
    expect(p.call('ChangePassword', { AccessToken, PreviousPassword: 'Wrong1!xx', ProposedPassword: 'Changed1!' }).body.__type).toBe('NotAuthorizedException');
    expect(p.call('ChangePassword', { AccessToken, PreviousPassword: old, ProposedPassword: 'short' }).body.__type).toBe('InvalidPasswordException');
    expect(p.call('ChangePassword', { AccessToken, PreviousPassword: old, ProposedPassword: 'Changed1!' }).status).toBe(200);
    expect((await srpSignIn(p, 'admin', 'Changed1!')).status).toBe(200);
  });

  it('answers an operation it does not implement with UnknownOperationException (400), signed or not', () => {
    const p = pool();
    const r = p.call('SignUp', { ClientId: p.clientId, Username: 'x', Password: 'Password1!' });
    expect(r).toEqual({ status: 400, body: { __type: 'UnknownOperationException' } });
    expect(p.call('AdminNoSuchThing', {}).body.__type).toBe('UnknownOperationException');
  });
});

describe('Cognito SRP helpers', () => {
  it("writes and reads Cognito's TIMESTAMP (day unpadded, UTC) and refuses other formats", () => {
    const d = new Date(Date.UTC(2026, 10, 3, 4, 5, 6));
    expect(cognitoTimestamp(d)).toBe('Tue Nov 3 04:05:06 UTC 2026');
    expect(parseCognitoTimestamp('Tue Nov 3 04:05:06 UTC 2026')?.getTime()).toBe(d.getTime());
    expect(parseCognitoTimestamp(amplify.getNowString())).toBeInstanceOf(Date);
    for (const bad of ['Tue Nov 03 04:05:06 UTC 2026', 'Wed Nov 3 04:05:06 UTC 2026', 'Tue Nov 31 04:05:06 UTC 2026', '2026-11-03T04:05:06Z']) expect(parseCognitoTimestamp(bad)).toBeUndefined();
  });

  it('pads hex as Java BigInteger bytes: even length, 00 before a set top bit', () => {
    expect(padHex(0x1n)).toBe('01');
    expect(padHex(0x7fn)).toBe('7f');
    expect(padHex(0x80n)).toBe('0080');
    expect(padHex(0xabcn)).toBe('0abc');
  });
});
