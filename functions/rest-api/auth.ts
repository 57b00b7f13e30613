// Who is calling. The HTTP door needs a Cognito token (ID or access, raw or "Bearer <token>"), verified
// here with aws-jwt-verify — the same check in AWS and locally, only the issuer differs — and then
// forwarded to AppSync, which verifies it again and applies the schema's groups. The IAM door (direct
// invocation) and the public paths call AppSync signed with the function's own role: the guide's
// "RBAC is bypassed" for lambda:InvokeFunction callers.
import { JwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { AppError } from '../../platform/errors.ts';
import { assertActive } from '../../platform/user-status.ts';
import type { Request } from './http.ts';

export type Caller = { kind: 'token'; token: string; username: string; sub: string } | { kind: 'iam' };

function issuer(): string {
  const explicit = process.env.COGNITO_ISSUER;
  if (explicit) return explicit;
  const pool = process.env.USER_POOL_ID;
  if (!pool) throw new Error('USER_POOL_ID is not set');
  return `https://cognito-idp.${pool.split('_')[0]}.amazonaws.com/${pool}`;
}

let verifier: ReturnType<typeof JwtVerifier.create> | undefined;
function tokenVerifier() {
  const iss = issuer();
  const clientId = process.env.USER_POOL_CLIENT_ID;
  if (!clientId) throw new Error('USER_POOL_CLIENT_ID is not set');
  // The JWKS through fetch(): aws-jwt-verify's own fetcher speaks https only, the local pool http.
  const fetcher = {
    fetch: async (uri: string): Promise<ArrayBuffer> => {
      const r = await fetch(uri, { signal: AbortSignal.timeout(3000) });
      if (r.status !== 200) throw new NonRetryableFetchError(uri, `Status code is ${r.status}, expected 200`);
      return r.arrayBuffer();
    },
  };
  verifier ??= JwtVerifier.create({
    issuer: iss,
    audience: null,
    jwksUri: process.env.COGNITO_JWKS_URI ?? `${iss}/.well-known/jwks.json`,
    // Cognito's own checks (what CognitoJwtVerifier does for its fixed issuer): token use and app client.
    customJwtCheck: ({ payload }) => {
      const use = payload.token_use;
      if (use !== 'id' && use !== 'access') throw new Error('not a Cognito ID or access token');
      const client = use === 'id' ? payload.aud : payload.client_id;
      if (client !== clientId) throw new Error('token issued to another app client');
    },
  }, { jwksCache: new SimpleJwksCache({ fetcher }) });
  return verifier;
}

const unauthorized = (message: string) => new AppError('UNAUTHORIZED', message);

/** The caller of a request; `open` paths (health, login) need no token. */
export async function authenticate(req: Request, open: boolean): Promise<Caller> {
  const header = req.headers.authorization?.trim();
  if (!header) {
    if (open || req.door === 'invoke') return { kind: 'iam' };
    throw unauthorized('Authorization header with a Cognito token is required');
  }
  const token = header.replace(/^Bearer\s+/i, '');
  let payload: Awaited<ReturnType<ReturnType<typeof tokenVerifier>['verify']>>;
  try {
    payload = await tokenVerifier().verify(token);
  } catch (e) {
    if (e instanceof JwtExpiredError) throw unauthorized('The token has expired: sign in again');
    // The user pool's keys could not be read: our failure (500), not the caller's.
    if (e instanceof Error && /Fetch|Jwks/.test(e.name)) throw e;
    throw unauthorized('The token is not a valid Cognito token for this API');
  }
  // A valid token of a disabled (or signed-out) user is refused before anything is forwarded.
  const sub = String(payload.sub ?? '');
  await assertActive(sub, payload.iat);
  const username = String(payload['cognito:username'] ?? payload.username ?? payload.sub);
  return { kind: 'token', token, username, sub };
}
