// Request authentication as AppSync does it: the Authorization header decides the mode. A SigV4 header
// ("AWS4-HMAC-SHA256 ...") is IAM (the additional mode), verified against the local credentials; anything
// else must be a Cognito user-pool JWT (the default mode), verified with aws-jwt-verify against the pool's
// JWKS. AppSync takes the raw token: "Bearer <jwt>" does not parse there, so it does not parse here.
import { JwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { verifySigV4, type Principal } from '../aws/sigv4.ts';
import type { AuthMode } from './directives.ts';
import { AUTH_MESSAGES, requestError } from './errors.ts';
import { TextKeyedCache } from './lru.ts';

export interface CognitoConfig {
  issuer: string;
  jwksUri: string;
  clientId: string;
  userPoolId: string;
  /**
   * Whether the session (origin_jti) was signed out by its user (RevokeToken, GlobalSignOut): its tokens
   * are then refused (401), as Cognito refuses them. Locally from the user pool emulator.
   */
  signedOut?: (originJti: string) => boolean;
}
export interface IamConfig {
  region: string;
  lookup(accessKeyId: string): Principal | undefined;
}

export interface AuthContext {
  mode: AuthMode;
  groups: string[];
  /** ctx.identity, in the shape AppSync gives for the mode. */
  identity: Record<string, unknown>;
}

export type AuthResult =
  | { ok: true; auth: AuthContext }
  | { ok: false; status: number; body: { errors: Array<{ errorType: string; message: string }> } };

export type Headers = Record<string, string | string[] | undefined>;

/** What a SigV4 signature covers besides the headers. */
export interface SignedParts {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: string | Buffer;
}

export function lowerHeaders(h: Record<string, unknown>): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

const deny = (status: number, errorType: string, message: string): AuthResult => ({
  ok: false,
  status,
  body: requestError(errorType, message),
});

function decodeSegment(s: string): unknown {
  return JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
}

/** Structural check first: AppSync tells "cannot parse" apart from "not authorized". */
function parsesAsJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return false;
  try {
    const h = decodeSegment(parts[0]);
    const p = decodeSegment(parts[1]);
    return typeof h === 'object' && h !== null && typeof p === 'object' && p !== null;
  } catch {
    return false;
  }
}

export class Authenticator {
  private jwt: ReturnType<typeof JwtVerifier.create<{ issuer: string; audience: null; jwksUri: string }>>;
  /** Tokens verified, with their claims (see stillValid). */
  private verified = new TextKeyedCache<Record<string, unknown>>(1000);

  constructor(
    private cognito: CognitoConfig,
    private iam: IamConfig,
    private log: (line: string) => void = () => {},
  ) {
    // aws-jwt-verify's Node fetcher speaks https only; the local user pool serves its JWKS over http.
    const fetcher = {
      fetch: async (uri: string): Promise<ArrayBuffer> => {
        const r = await fetch(uri, { signal: AbortSignal.timeout(3000) });
        if (r.status !== 200) throw new NonRetryableFetchError(uri, `Status code is ${r.status}, expected 200`);
        return r.arrayBuffer();
      },
    };
    this.jwt = JwtVerifier.create(
      { issuer: cognito.issuer, audience: null, jwksUri: cognito.jwksUri },
      { jwksCache: new SimpleJwksCache({ fetcher }) },
    );
  }

  async authenticate(rawHeaders: Headers, signed: SignedParts, sourceIp: string[]): Promise<AuthResult> {
    const headers = lowerHeaders(rawHeaders);
    const authorization = first(headers['authorization'])?.trim();
    if (!authorization) return deny(401, 'UnauthorizedException', AUTH_MESSAGES.missing);
    if (authorization.startsWith('AWS4-HMAC-SHA256')) return this.iamAuth(headers, signed, sourceIp);
    return this.cognitoAuth(authorization, sourceIp);
  }

  async cognitoAuth(token: string, sourceIp: string[]): Promise<AuthResult> {
    let claims = this.stillValid(token);
    if (!claims) {
      if (!parsesAsJwt(token)) return deny(401, 'UnauthorizedException', AUTH_MESSAGES.unparsable);
      try {
        claims = (await this.jwt.verify(token)) as Record<string, unknown>;
      } catch (e) {
        if (e instanceof JwtExpiredError) return deny(401, 'UnauthorizedException', AUTH_MESSAGES.expired);
        this.log(`appsync: JWT refused: ${(e as Error).message}`);
        return deny(401, 'UnauthorizedException', AUTH_MESSAGES.denied);
      }
      this.verified.set(token, claims);
      // Each request gets claims of its own: a resolver changing ctx.identity changes no other request's.
      claims = structuredClone(claims);
    }
    // The checks AppSync adds for a user pool: a Cognito access or ID token issued to the configured client.
    const tokenUse = claims.token_use;
    const client = tokenUse === 'access' ? claims.client_id : tokenUse === 'id' ? claims.aud : undefined;
    if ((tokenUse !== 'access' && tokenUse !== 'id') || client !== this.cognito.clientId) {
      this.log(`appsync: JWT refused: token_use=${String(tokenUse)} client=${String(client)}`);
      return deny(401, 'UnauthorizedException', AUTH_MESSAGES.denied);
    }
    // A session its user signed out of: refused like any token Cognito no longer stands behind.
    if (typeof claims.origin_jti === 'string' && this.cognito.signedOut?.(claims.origin_jti)) {
      this.log(`appsync: JWT refused: session ${claims.origin_jti} signed out`);
      return deny(401, 'UnauthorizedException', AUTH_MESSAGES.denied);
    }
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
    return {
      ok: true,
      auth: {
        mode: 'AMAZON_COGNITO_USER_POOLS',
        groups,
        identity: {
          sub: claims.sub,
          issuer: claims.iss,
          username: claims['cognito:username'] ?? claims.username,
          claims,
          sourceIp,
          defaultAuthStrategy: 'ALLOW',
          groups: groups.length ? groups : null,
        },
      },
    };
  }

  /**
   * The claims of a token this verifier already accepted, if its time checks still pass (a copy), else
   * undefined and the token is verified again. The signature, issuer and decoding of a given token text
   * never change, and the JWKS is cached by the verifier itself (it fetches again only for an unknown key
   * id), so the only checks that can turn are the time ones: aws-jwt-verify's exp and nbf (no grace).
   * Verifying the RS256 signature of the same token on every request was 4% of the local AppSync's time under load.
   */
  private stillValid(token: string): Record<string, unknown> | undefined {
    const claims = this.verified.get(token);
    if (!claims) return undefined;
    const now = Date.now() / 1000;
    const { exp, nbf } = claims as { exp?: number; nbf?: number };
    if ((exp !== undefined && exp < now) || (nbf !== undefined && nbf > now)) {
      this.verified.delete(token);
      return undefined;
    }
    return structuredClone(claims);
  }

  async iamAuth(headers: Headers, signed: SignedParts, sourceIp: string[]): Promise<AuthResult> {
    const r = await verifySigV4({ ...signed, headers }, (id) => this.iam.lookup(id));
    if (!r.ok) {
      switch (r.code) {
        case 'UnrecognizedClient':
          return deny(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
        case 'MissingAuthenticationToken':
          return deny(403, 'IncompleteSignatureException', r.message);
        default:
          return deny(403, 'InvalidSignatureException', r.message);
      }
    }
    if (r.service !== 'appsync') {
      return deny(403, 'InvalidSignatureException', `Credential should be scoped to correct service: 'appsync'. `);
    }
    if (r.region !== this.iam.region) {
      return deny(403, 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${r.region}'. `);
    }
    const p = r.principal;
    return {
      ok: true,
      auth: {
        mode: 'AWS_IAM',
        groups: [],
        identity: {
          accountId: p.accountId,
          cognitoIdentityPoolId: null,
          cognitoIdentityId: null,
          sourceIp,
          username: p.userId,
          userArn: p.arn,
          cognitoIdentityAuthType: null,
          cognitoIdentityAuthProvider: null,
        },
      },
    };
  }
}
