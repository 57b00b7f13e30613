// Amazon Cognito user pool (JSON 1.1): SRP (USER_SRP_AUTH → PASSWORD_VERIFIER, ./cognito-srp.ts),
// password and refresh-token sign-in issuing RS256 tokens with Cognito's claims, the admin user calls,
// the calls clients make unsigned with a token or password (GetUser, GetTokensFromRefreshToken,
// RevokeToken, GlobalSignOut, ChangePassword), and the pool's JWKS. An operation the pool does not
// implement answers UnknownOperationException (HTTP 400), as AWS's JSON services do. The key pair is made at start. The pool is configured as infra/cdk/auth.ts configures
// the real one: sign-in by username or by verified email (an alias, so a username cannot look like an
// email), email required, no custom attributes declared.
//
// Revocation, as Cognito does it: AdminDisableUser revokes the user's access tokens (a disabled user
// cannot sign in or refresh); GlobalSignOut and AdminUserGlobalSignOut revoke every session of the user
// (its refresh tokens and the access tokens they issued). The tokens stay validly signed JWTs:
// aws-jwt-verify and AppSync cannot see a revocation; GetUser (and GlobalSignOut) with the access token
// answer NotAuthorizedException, and AdminGetUser answers Enabled. The sessions a user signed out of
// themselves (RevokeToken, GlobalSignOut) are listed in state.cognito.signedOut, which the local
// AppSync reads to refuse their tokens (see README "Log in").
import { generateKeyPairSync, randomBytes, randomUUID, sign, verify } from 'node:crypto';
import { N, type SrpChallenge, fromHex, newSalt, parseCognitoTimestamp, poolName, startSrp, verifier, verifyClaim } from './cognito-srp.ts';
import type { CognitoState, CognitoUserRecord, EmulatorState } from './fixtures.ts';
import { randomPassword } from './fixtures.ts';
import { headerValue } from './sigv4.ts';
import { type AwsRequest, type AwsResponse, type AwsService, type CallContext, ServiceError, awsJsonError, jsonAuthError, jsonResponse, paginate, parseJsonBody } from './protocol.ts';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const REFRESH_TOKEN_DAYS = 30;
const SESSION_SECONDS = 180;
/** Operations Cognito serves without SigV4: the caller proves itself with a password or token. */
const UNSIGNED = new Set(['InitiateAuth', 'RespondToAuthChallenge', 'GetUser', 'GetTokensFromRefreshToken', 'RevokeToken', 'GlobalSignOut', 'ChangePassword']);
/** How far a PASSWORD_VERIFIER TIMESTAMP may be from the pool's clock. */
const TIMESTAMP_SKEW_MS = 5 * 60_000;
/** What browsers may send to the user pool from another origin (Amplify's own headers included). */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, x-amz-target, x-amz-user-agent, cache-control, authorization, x-amz-date, x-amz-security-token',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage',
  'access-control-max-age': '86400',
};
/** The pool's schema: the standard attributes and the custom ones declared (`custom:` prefixed; keep in step with infra/cdk/auth.ts). */
const STANDARD_ATTRIBUTES = new Set([
  'sub',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
]);
export const CUSTOM_ATTRIBUTES: readonly string[] = [];
const REQUIRED_ATTRIBUTES = ['email'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CognitoService extends AwsService {
  /** Answers the unsigned operations and the JWKS document; undefined for anything else. */
  anonymous(req: AwsRequest, requestId: string): AwsResponse | undefined;
  mintToken(username: string, opts?: { expiresInSeconds?: number; tokenUse?: 'access' | 'id' }): string;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function invalidParameter(message: string): ServiceError {
  return new ServiceError('InvalidParameterException', message);
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidParameter(`1 validation error detected: Value at '${field[0].toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

/** Cognito's default password policy: 8+ characters with upper, lower, digit and symbol. */
function checkPassword(password: string): void {
  const rules: Array<[RegExp, string]> = [
    [/^.{8,}$/, 'Password not long enough'],
    [/[a-z]/, 'Password must have lowercase characters'],
    [/[A-Z]/, 'Password must have uppercase characters'],
    [/[0-9]/, 'Password must have numeric characters'],
    [/[^A-Za-z0-9]/, 'Password must have symbol characters'],
  ];
  const broken = rules.find(([rule]) => !rule.test(password));
  if (broken) throw new ServiceError('InvalidPasswordException', `Password did not conform with policy: ${broken[1]}`);
}

const epochSeconds = (d: Date) => d.getTime() / 1000;

export function createCognitoService(state: EmulatorState, opts: { issuer: () => string; tokenLifetimeSeconds: number }): CognitoService {
  const pool: CognitoState = state.cognito;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(32).toString('base64');
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), alg: 'RS256', kid, use: 'sig' }] });

  // What was issued and what is revoked, for the token-authorized calls.
  const accessTokens = new Map<string, { username: string; originJti: string }>();
  const revokedAccessTokens = new Set<string>();
  const revokedSessions = new Set<string>();
  /** PASSWORD_VERIFIER challenges in flight, by SECRET_BLOCK (single use). */
  const srpChallenges = new Map<string, { username?: string; userId: string; challenge: SrpChallenge; verifier: bigint; expires: number }>();
  const SRP_POOL = poolName(pool.userPoolId);

  function jwt(claims: Record<string, unknown>): string {
    const signingInput = `${base64url(JSON.stringify({ kid, alg: 'RS256' }))}.${base64url(JSON.stringify(claims))}`;
    return `${signingInput}.${base64url(sign('RSA-SHA256', Buffer.from(signingInput), privateKey))}`;
  }

  /** Access or ID token with the claims (and claim order) Cognito issues. */
  function token(user: CognitoUserRecord, use: 'access' | 'id', session: { originJti: string; authTime: number; eventId: string }, lifetime: number): string {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + lifetime;
    // An already-expired token still needs a plausible issue time before its expiry.
    const iat = lifetime > 0 ? now : exp - opts.tokenLifetimeSeconds;
    const groups = user.groups.length ? { 'cognito:groups': [...user.groups] } : {};
    const authTime = Math.min(session.authTime, iat);
    const jti = randomUUID();
    if (use === 'access') {
      accessTokens.set(jti, { username: user.username, originJti: session.originJti });
      return jwt({
        sub: user.sub,
        ...groups,
        iss: opts.issuer(),
        client_id: pool.clientId,
        origin_jti: session.originJti,
        event_id: session.eventId,
        token_use: use,
        scope: 'aws.cognito.signin.user.admin',
        auth_time: authTime,
        exp,
        iat,
        jti,
        username: user.username,
      });
    }
    return jwt({
      sub: user.sub,
      ...groups,
      email_verified: user.attributes.email_verified === 'true',
      iss: opts.issuer(),
      'cognito:username': user.username,
      origin_jti: session.originJti,
      aud: pool.clientId,
      event_id: session.eventId,
      token_use: use,
      auth_time: authTime,
      exp,
      iat,
      jti,
      email: user.attributes.email,
    });
  }

  function findUser(username: string): CognitoUserRecord | undefined {
    // User pools created today are case-insensitive for usernames; a verified email is an alias.
    const name = username.toLowerCase();
    return pool.users.find((u) => u.username.toLowerCase() === name) ?? pool.users.find((u) => u.attributes.email_verified === 'true' && u.attributes.email?.toLowerCase() === name);
  }

  function existingUser(username: string): CognitoUserRecord {
    const user = findUser(username);
    if (!user) throw new ServiceError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  function checkPool(body: Record<string, unknown>): void {
    const id = requireString(body, 'UserPoolId');
    if (id !== pool.userPoolId) throw new ServiceError('ResourceNotFoundException', `User pool ${id} does not exist.`);
  }

  function checkClient(body: Record<string, unknown>): void {
    const id = requireString(body, 'ClientId');
    if (id !== pool.clientId) throw new ServiceError('ResourceNotFoundException', `User pool client ${id} does not exist.`);
  }

  function group(name: unknown): string {
    if (typeof name !== 'string' || !pool.groups.some((g) => g.name === name)) throw new ServiceError('ResourceNotFoundException', 'Group not found.');
    return name;
  }

  function tokens(user: CognitoUserRecord, session: { originJti: string; authTime: number }, withRefresh: boolean) {
    const s = { ...session, eventId: randomUUID() };
    const result: Record<string, unknown> = {
      AccessToken: token(user, 'access', s, opts.tokenLifetimeSeconds),
      ExpiresIn: opts.tokenLifetimeSeconds,
      TokenType: 'Bearer',
      IdToken: token(user, 'id', s, opts.tokenLifetimeSeconds),
    };
    if (withRefresh) {
      // Cognito's refresh tokens are opaque (encrypted) to clients: an unguessable handle serves.
      const refresh = `${base64url(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' }))}.${base64url(randomBytes(256))}.${base64url(randomBytes(12))}.${base64url(randomBytes(384))}.${base64url(randomBytes(16))}`;
      pool.refreshTokens[refresh] = { username: user.username, ...session, expires: Date.now() + REFRESH_TOKEN_DAYS * 86_400_000 };
      result.RefreshToken = refresh;
    }
    return { ChallengeParameters: {}, AuthenticationResult: result };
  }

  const notAuthorized = (message = 'Incorrect username or password.') => new ServiceError('NotAuthorizedException', message);

  /** A user whose password (or SRP proof) was right: tokens, or the challenge or refusal their state calls for. */
  function passwordVerified(user: CognitoUserRecord) {
    if (!user.enabled) throw notAuthorized('User is disabled.');
    if (user.status === 'RESET_REQUIRED') throw new ServiceError('PasswordResetRequiredException', 'Password reset required for the user');
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      const session = base64url(randomBytes(96));
      pool.challengeSessions[session] = { username: user.username, expires: Date.now() + SESSION_SECONDS * 1000 };
      const visible = Object.fromEntries(Object.entries(user.attributes).filter(([name]) => name !== 'sub'));
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(visible) },
      };
    }
    return tokens(user, { originJti: randomUUID(), authTime: Math.floor(Date.now() / 1000) }, true);
  }

  /** New access and ID tokens for a refresh token's session (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken). */
  function refreshed(refreshToken: string) {
    const session = pool.refreshTokens[refreshToken];
    if (!session || session.expires < Date.now()) throw notAuthorized('Invalid Refresh Token');
    if (revokedSessions.has(session.originJti)) throw notAuthorized('Refresh Token has been revoked');
    const user = findUser(session.username);
    if (!user) throw notAuthorized('Refresh Token has been revoked');
    if (!user.enabled) throw notAuthorized('User is disabled.');
    return tokens(user, session, false);
  }

  /** USER_SRP_AUTH: the PASSWORD_VERIFIER challenge (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME). */
  function startSrpAuth(params: Record<string, string>) {
    if (!params.USERNAME) throw invalidParameter('Missing required parameter USERNAME');
    if (!params.SRP_A) throw invalidParameter('Missing required parameter SRP_A');
    const user = findUser(params.USERNAME);
    // An unknown user gets a challenge like any other and is refused at the answer, as with
    // PreventUserExistenceErrors (the default): the answer cannot tell users apart.
    const userId = user?.username ?? params.USERNAME;
    const salt = newSalt();
    const v = user ? verifier(SRP_POOL, userId, user.password, salt) : fromHex(randomBytes(384).toString('hex')) % N;
    const started = startSrp(params.SRP_A, salt, v);
    if (!started) throw invalidParameter('Invalid SRP_A value.');
    const now = Date.now();
    for (const [block, c] of srpChallenges) if (c.expires < now) srpChallenges.delete(block);
    const secretBlock = randomBytes(1024).toString('base64');
    srpChallenges.set(secretBlock, { username: user?.username, userId, challenge: started.challenge, verifier: v, expires: now + SESSION_SECONDS * 1000 });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { SALT: started.SALT, SECRET_BLOCK: secretBlock, SRP_B: started.SRP_B, USERNAME: userId, USER_ID_FOR_SRP: userId },
    };
  }

  /** PASSWORD_VERIFIER: checks the client's proof of the password, then signs in as USER_PASSWORD_AUTH does. */
  function passwordVerifier(responses: Record<string, string>) {
    for (const name of ['USERNAME', 'PASSWORD_CLAIM_SECRET_BLOCK', 'PASSWORD_CLAIM_SIGNATURE', 'TIMESTAMP']) {
      if (!responses[name]) throw invalidParameter(`Missing required parameter ${name}`);
    }
    const pending = srpChallenges.get(responses.PASSWORD_CLAIM_SECRET_BLOCK);
    if (!pending || pending.expires < Date.now()) throw notAuthorized('Invalid session for the user, session is expired.');
    srpChallenges.delete(responses.PASSWORD_CLAIM_SECRET_BLOCK);
    const at = parseCognitoTimestamp(responses.TIMESTAMP);
    if (!at) throw invalidParameter('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
    if (Math.abs(at.getTime() - Date.now()) > TIMESTAMP_SKEW_MS) throw notAuthorized('Incorrect username or password.');
    const named = findUser(responses.USERNAME);
    const user = pending.username ? findUser(pending.username) : undefined;
    if (!user || named !== user) throw notAuthorized();
    const proved = verifyClaim({
      challenge: pending.challenge,
      verifier: pending.verifier,
      pool: SRP_POOL,
      userId: pending.userId,
      secretBlock: responses.PASSWORD_CLAIM_SECRET_BLOCK,
      timestamp: responses.TIMESTAMP,
      signature: responses.PASSWORD_CLAIM_SIGNATURE,
    });
    if (!proved) throw notAuthorized();
    return passwordVerified(user);
  }

  function initiateAuth(body: Record<string, unknown>) {
    checkClient(body);
    const flow = requireString(body, 'AuthFlow');
    const params = (body.AuthParameters ?? {}) as Record<string, string>;
    if (flow === 'USER_SRP_AUTH') return startSrpAuth(params);
    if (flow === 'USER_PASSWORD_AUTH') {
      if (!params.USERNAME) throw invalidParameter('Missing required parameter USERNAME');
      if (!params.PASSWORD) throw invalidParameter('Missing required parameter PASSWORD');
      const user = findUser(params.USERNAME);
      // Unknown user and wrong password answer alike (PreventUserExistenceErrors, the default).
      if (!user || user.password !== params.PASSWORD) throw notAuthorized();
      return passwordVerified(user);
    }
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      if (!params.REFRESH_TOKEN) throw invalidParameter('Missing required parameter REFRESH_TOKEN');
      return refreshed(params.REFRESH_TOKEN);
    }
    throw invalidParameter(`${flow} is not enabled for the client.`);
  }

  /** GetTokensFromRefreshToken (what Amplify v6 refreshes with): new access and ID tokens; the refresh token is not rotated. */
  function getTokensFromRefreshToken(body: Record<string, unknown>) {
    checkClient(body);
    const { AuthenticationResult } = refreshed(requireString(body, 'RefreshToken'));
    return { AuthenticationResult };
  }

  /** RevokeToken: the refresh token and every access token issued under it stop working (Amplify's signOut()). */
  function revokeToken(body: Record<string, unknown>) {
    checkClient(body);
    const token = requireString(body, 'Token');
    const session = pool.refreshTokens[token];
    if (!session) {
      // An access or ID token is not what this call takes; an unknown refresh token is answered as revoked.
      if (token.split('.').length === 3) throw new ServiceError('UnsupportedTokenTypeException', 'Unsupported token type.');
      return {};
    }
    revokedSessions.add(session.originJti);
    pool.signedOut[session.originJti] = session.expires;
    return {};
  }

  /** ChangePassword with the access token and the current password. */
  function changePassword(body: Record<string, unknown>) {
    const user = accessTokenUser(body);
    const previous = requireString(body, 'PreviousPassword');
    const proposed = requireString(body, 'ProposedPassword');
    if (previous !== user.password) throw notAuthorized();
    checkPassword(proposed);
    Object.assign(user, { password: proposed, modified: new Date() });
    return {};
  }

  function respondToAuthChallenge(body: Record<string, unknown>) {
    checkClient(body);
    const challengeName = requireString(body, 'ChallengeName');
    if (challengeName === 'PASSWORD_VERIFIER') return passwordVerifier((body.ChallengeResponses ?? {}) as Record<string, string>);
    if (challengeName !== 'NEW_PASSWORD_REQUIRED') throw invalidParameter(`${challengeName} is not a challenge this user pool issues.`);
    const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
    const session = pool.challengeSessions[String(body.Session)];
    if (!session || session.expires < Date.now() || session.username.toLowerCase() !== String(responses.USERNAME).toLowerCase()) {
      throw notAuthorized('Invalid session for the user, session is expired.');
    }
    if (!responses.NEW_PASSWORD) throw invalidParameter('Missing required parameter NEW_PASSWORD');
    checkPassword(responses.NEW_PASSWORD);
    const user = existingUser(session.username);
    delete pool.challengeSessions[String(body.Session)];
    Object.assign(user, { password: responses.NEW_PASSWORD, status: 'CONFIRMED', modified: new Date() });
    return tokens(user, { originJti: randomUUID(), authTime: Math.floor(Date.now() / 1000) }, true);
  }

  const attributeList = (user: CognitoUserRecord, only?: string[]) =>
    Object.entries(user.attributes)
      .filter(([name]) => !only || only.includes(name))
      .map(([Name, Value]) => ({ Name, Value }));

  const userType = (user: CognitoUserRecord, only?: string[]) => ({
    Username: user.username,
    Attributes: attributeList(user, only),
    UserCreateDate: epochSeconds(user.created),
    UserLastModifiedDate: epochSeconds(user.modified),
    Enabled: user.enabled,
    UserStatus: user.status,
  });

  function adminCreateUser(body: Record<string, unknown>) {
    checkPool(body);
    const username = requireString(body, 'Username');
    if (EMAIL.test(username)) throw invalidParameter('Username cannot be of email format, since user pool is configured for email alias.');
    const existing = findUser(username);
    if (existing && body.MessageAction === 'RESEND') return { User: userType(existing) };
    if (existing) throw new ServiceError('UsernameExistsException', 'User account already exists');
    const given = checkAttributes((body.UserAttributes ?? []) as Array<{ Name?: string; Value?: string }>);
    const password = typeof body.TemporaryPassword === 'string' ? body.TemporaryPassword : randomPassword();
    checkPassword(password);
    // A verified email belongs to one user: ForceAliasCreation moves it from its holder.
    const holder = given.email_verified === 'true' ? findUser(given.email) : undefined;
    if (holder && body.ForceAliasCreation !== true) throw new ServiceError('AliasExistsException', 'An account with the given email already exists.');
    if (holder) holder.attributes.email_verified = 'false';
    const sub = randomUUID();
    const attributes: Record<string, string> = { sub, ...given };
    const now = new Date();
    const user: CognitoUserRecord = { username, sub, password, enabled: true, status: 'FORCE_CHANGE_PASSWORD', attributes, groups: [], created: now, modified: now };
    pool.users.push(user);
    return { User: userType(user) };
  }

  /** The attributes given, checked against the pool's schema as Cognito checks them. */
  function checkAttributes(given: Array<{ Name?: string; Value?: string }>): Record<string, string> {
    const attributes: Record<string, string> = {};
    const problems: string[] = [];
    for (const { Name, Value } of given) {
      if (!Name) throw invalidParameter("1 validation error detected: Value at 'userAttributes.1.member.name' failed to satisfy constraint: Member must not be null");
      if (Name === 'sub') throw invalidParameter('Cannot modify the non-mutable attribute sub');
      if (!STANDARD_ATTRIBUTES.has(Name) && !CUSTOM_ATTRIBUTES.includes(Name)) problems.push(`${Name}: Attribute does not exist in the schema.`);
      attributes[Name] = Value ?? '';
    }
    for (const name of REQUIRED_ATTRIBUTES) if (!attributes[name]) problems.push(`${name}: The attribute is required`);
    if (problems.length) throw invalidParameter(`Attributes did not conform to the schema: ${problems.map((p) => `${p}\n`).join('')}`);
    if (attributes.email !== undefined && !EMAIL.test(attributes.email)) throw invalidParameter('Invalid email address format.');
    return attributes;
  }

  /** The user an access token was issued to, if the token still stands (GetUser, GlobalSignOut). */
  function accessTokenUser(body: Record<string, unknown>): CognitoUserRecord {
    const [header, payload, signature] = requireString(body, 'AccessToken').split('.');
    let claims: Record<string, unknown> = {};
    try {
      if (verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature ?? '', 'base64url'))) claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      // not a token of this pool: refused below
    }
    if (claims.token_use !== 'access' || claims.client_id !== pool.clientId) throw notAuthorized('Invalid Access Token');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) throw notAuthorized('Access Token has expired');
    const user = pool.users.find((u) => u.username === claims.username && u.sub === claims.sub);
    if (!user) throw new ServiceError('UserNotFoundException', 'User does not exist.');
    if (!user.enabled) throw notAuthorized('User is disabled.');
    if (revokedSessions.has(String(claims.origin_jti)) || revokedAccessTokens.has(String(claims.jti))) throw notAuthorized('Access Token has been revoked');
    return user;
  }

  /** Revokes every session of the user: its refresh tokens and every token issued under them. */
  function signOut(user: CognitoUserRecord): void {
    for (const issued of accessTokens.values()) if (issued.username === user.username) revokedSessions.add(issued.originJti);
    for (const session of Object.values(pool.refreshTokens)) if (session.username === user.username) revokedSessions.add(session.originJti);
  }

  function getUser(body: Record<string, unknown>) {
    const user = accessTokenUser(body);
    return { Username: user.username, UserAttributes: attributeList(user) };
  }

  function globalSignOut(body: Record<string, unknown>) {
    const user = accessTokenUser(body);
    signOut(user);
    // Signed out by the user: the local AppSync refuses these sessions' tokens too.
    const until = Date.now() + REFRESH_TOKEN_DAYS * 86_400_000;
    for (const issued of accessTokens.values()) if (issued.username === user.username) pool.signedOut[issued.originJti] = until;
    for (const session of Object.values(pool.refreshTokens)) if (session.username === user.username) pool.signedOut[session.originJti] = session.expires;
    return {};
  }

  function adminUserGlobalSignOut(body: Record<string, unknown>) {
    checkPool(body);
    signOut(existingUser(requireString(body, 'Username')));
    return {};
  }

  function adminDisableUser(body: Record<string, unknown>) {
    checkPool(body);
    const user = existingUser(requireString(body, 'Username'));
    Object.assign(user, { enabled: false, modified: new Date() });
    // Disabling revokes the user's access tokens; its refresh tokens answer "User is disabled." meanwhile.
    for (const [jti, issued] of accessTokens) if (issued.username === user.username) revokedAccessTokens.add(jti);
    return {};
  }

  function adminEnableUser(body: Record<string, unknown>) {
    checkPool(body);
    Object.assign(existingUser(requireString(body, 'Username')), { enabled: true, modified: new Date() });
    return {};
  }

  function adminResetUserPassword(body: Record<string, unknown>) {
    checkPool(body);
    const user = existingUser(requireString(body, 'Username'));
    if (!user.enabled) throw notAuthorized('User is disabled.');
    if (user.status === 'FORCE_CHANGE_PASSWORD') throw notAuthorized('User password cannot be reset in the current state.');
    if (user.attributes.email_verified !== 'true' && user.attributes.phone_number_verified !== 'true') {
      throw invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
    }
    // The old password no longer signs in; a new one comes from AdminSetUserPassword (the local pool sends no codes).
    Object.assign(user, { status: 'RESET_REQUIRED', modified: new Date() });
    return {};
  }

  function adminSetUserPassword(body: Record<string, unknown>) {
    checkPool(body);
    const user = existingUser(requireString(body, 'Username'));
    const password = requireString(body, 'Password');
    checkPassword(password);
    Object.assign(user, { password, status: body.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD', modified: new Date() });
    return {};
  }

  function adminAddUserToGroup(body: Record<string, unknown>) {
    checkPool(body);
    const user = existingUser(requireString(body, 'Username'));
    const name = group(body.GroupName);
    if (!user.groups.includes(name)) user.groups.push(name);
    return {};
  }

  function adminRemoveUserFromGroup(body: Record<string, unknown>) {
    checkPool(body);
    const user = existingUser(requireString(body, 'Username'));
    const name = group(body.GroupName);
    user.groups = user.groups.filter((g) => g !== name);
    return {};
  }

  function adminGetUser(body: Record<string, unknown>) {
    checkPool(body);
    const { Attributes, ...rest } = userType(existingUser(requireString(body, 'Username')));
    return { ...rest, UserAttributes: Attributes };
  }

  function adminDeleteUser(body: Record<string, unknown>) {
    checkPool(body);
    const user = existingUser(requireString(body, 'Username'));
    pool.users = pool.users.filter((u) => u !== user);
    signOut(user);
    // Deleting a user revokes its refresh tokens.
    for (const [token, session] of Object.entries(pool.refreshTokens)) if (session.username === user.username) delete pool.refreshTokens[token];
    return {};
  }

  function listUsers(body: Record<string, unknown>) {
    checkPool(body);
    const limit = body.Limit === undefined ? 60 : Number(body.Limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > 60) throw invalidParameter('Limit must be between 0 and 60');
    let users = pool.users;
    if (typeof body.Filter === 'string' && body.Filter.trim() !== '') {
      const m = /^\s*([\w:]+)\s*(\^?=)\s*"(.*)"\s*$/.exec(body.Filter);
      if (!m) throw invalidParameter('Error while parsing filter.');
      const [, attribute, op, value] = m;
      const read = (u: CognitoUserRecord) =>
        attribute === 'username' ? u.username : attribute === 'cognito:user_status' ? u.status : attribute === 'status' ? (u.enabled ? 'Enabled' : 'Disabled') : u.attributes[attribute];
      users = users.filter((u) => {
        const actual = read(u);
        return actual !== undefined && (op === '=' ? actual === value : actual.startsWith(value));
      });
    }
    const only = Array.isArray(body.AttributesToGet) ? (body.AttributesToGet as string[]) : undefined;
    const token = typeof body.PaginationToken === 'string' ? body.PaginationToken : undefined;
    const { page, next } = paginate(users, limit || 60, token, `cognito:list-users:${String(body.Filter)}`, () => invalidParameter('Invalid pagination token.'));
    return { Users: page.map((u) => userType(u, only)), ...(next ? { PaginationToken: next } : {}) };
  }

  function adminListGroupsForUser(body: Record<string, unknown>) {
    checkPool(body);
    const user = existingUser(requireString(body, 'Username'));
    return {
      Groups: pool.groups
        .filter((g) => user.groups.includes(g.name))
        .map((g) => ({ GroupName: g.name, UserPoolId: pool.userPoolId, Description: g.description, Precedence: g.precedence, CreationDate: epochSeconds(g.created), LastModifiedDate: epochSeconds(g.created) })),
    };
  }

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    InitiateAuth: initiateAuth,
    RespondToAuthChallenge: respondToAuthChallenge,
    GetTokensFromRefreshToken: getTokensFromRefreshToken,
    RevokeToken: revokeToken,
    ChangePassword: changePassword,
    AdminCreateUser: adminCreateUser,
    AdminSetUserPassword: adminSetUserPassword,
    AdminResetUserPassword: adminResetUserPassword,
    AdminEnableUser: adminEnableUser,
    AdminDisableUser: adminDisableUser,
    AdminUserGlobalSignOut: adminUserGlobalSignOut,
    GetUser: getUser,
    GlobalSignOut: globalSignOut,
    AdminAddUserToGroup: adminAddUserToGroup,
    AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
    AdminGetUser: adminGetUser,
    AdminDeleteUser: adminDeleteUser,
    AdminListGroupsForUser: adminListGroupsForUser,
    ListUsers: listUsers,
  };

  function operationOf(req: AwsRequest): string {
    return (headerValue(req.headers, 'x-amz-target') ?? '').replace(TARGET_PREFIX, '');
  }

  /** AWS's JSON services' answer to an X-Amz-Target they do not have: 400, the type and no message. */
  const unknownOperation = (requestId: string): AwsResponse => {
    const res = jsonResponse(400, { __type: 'UnknownOperationException' }, requestId, CONTENT_TYPE);
    res.headers['x-amzn-errortype'] = 'UnknownOperationException';
    return res;
  };

  function run(req: AwsRequest, requestId: string): AwsResponse {
    const operation = operations[operationOf(req)];
    if (!operation) return unknownOperation(requestId);
    return jsonResponse(200, operation(parseJsonBody(req)), requestId, CONTENT_TYPE);
  }

  const error = (err: ServiceError, requestId: string) => awsJsonError(err, requestId, CONTENT_TYPE);
  const withCors = (res: AwsResponse): AwsResponse => ({ ...res, headers: { ...res.headers, ...CORS } });
  const isCognitoTarget = (req: AwsRequest) => (headerValue(req.headers, 'x-amz-target') ?? '').startsWith(TARGET_PREFIX);

  return {
    anonymous(req, requestId) {
      if (req.method === 'GET' && req.path === `/${pool.userPoolId}/.well-known/jwks.json`) {
        return withCors({ status: 200, headers: { 'content-type': 'application/json', date: new Date().toUTCString() }, body: jwks });
      }
      // A browser's preflight before a user-pool call (the emulator's other services are not called from browsers).
      if (req.method === 'OPTIONS' && headerValue(req.headers, 'access-control-request-method') !== undefined && (req.path === '/' || req.path === '')) {
        const preflight = withCors({ status: 200, headers: { 'content-length': '0', date: new Date().toUTCString() }, body: '' });
        // The headers the browser asks for (Amplify sends cache-control and x-amz-user-agent besides Cognito's own).
        const asked = headerValue(req.headers, 'access-control-request-headers');
        if (asked) preflight.headers['access-control-allow-headers'] = asked;
        return preflight;
      }
      if (req.method !== 'POST' || !isCognitoTarget(req)) return undefined;
      // Unknown to the pool, signed or not: UnknownOperationException, never a signature complaint.
      if (!operations[operationOf(req)]) return withCors(unknownOperation(requestId));
      if (!UNSIGNED.has(operationOf(req))) return undefined;
      try {
        return withCors(run(req, requestId));
      } catch (err) {
        if (err instanceof ServiceError) return withCors(error(err, requestId));
        throw err;
      }
    },
    handle: (req: AwsRequest, ctx: CallContext) => run(req, ctx.requestId),
    authFailure: (failure, requestId) => error(jsonAuthError(failure), requestId),
    error,
    mintToken(username, mint = {}) {
      const user = existingUser(username);
      const session = { originJti: randomUUID(), authTime: Math.floor(Date.now() / 1000), eventId: randomUUID() };
      return token(user, mint.tokenUse ?? 'access', session, mint.expiresInSeconds ?? opts.tokenLifetimeSeconds);
    },
  };
}
