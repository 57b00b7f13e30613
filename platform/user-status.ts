// A user's standing at the API, beside Cognito's: AppSync and aws-jwt-verify accept a token until it
// expires, even after AdminDisableUser and a global sign-out. The staff disable/enable transaction
// writes one status item per user (keyed by the Cognito sub); the REST façade and every Lambda resolver
// read it (cached briefly per container), and so does the first function of every table-served GraphQL
// field's pipeline (resolvers/lib/user-status.ts); they refuse the token of a disabled user, or a token issued
// before the last revocation (so the old token stays dead after the account is enabled again).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './aws/dynamodb.ts';
import { AppError } from './errors.ts';
import { userStatusKey } from './user-status-key.ts';

export { USER_STATUS_PREFIX, userStatusKey } from './user-status-key.ts';

export interface UserStatus {
  disabled: boolean;
  /** Epoch seconds: tokens issued before it are refused. */
  revokedBefore?: number;
}

/** Seconds a container trusts what it read (env USER_STATUS_CACHE_SECONDS, default 5). */
const cacheMs = () => {
  const v = Number(process.env.USER_STATUS_CACHE_SECONDS);
  return (Number.isFinite(v) && v >= 0 ? v : 5) * 1000;
};
const cache = new Map<string, { at: number; status: UserStatus | null }>();

export async function userStatus(sub: string): Promise<UserStatus | null> {
  const hit = cache.get(sub);
  if (hit && Date.now() - hit.at < cacheMs()) return hit.status;
  const r = await ddb().send(new GetCommand({ TableName: tableName(), Key: userStatusKey(sub), ConsistentRead: true }));
  const status = r.Item ? { disabled: r.Item.disabled === true, revokedBefore: typeof r.Item.revokedBefore === 'number' ? r.Item.revokedBefore : undefined } : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(sub, { at: Date.now(), status });
  return status;
}

/** Forget what this container read about `sub` (after changing it here). */
export const forgetUserStatus = (sub: string) => void cache.delete(sub);

/** Refuses a token of a disabled user (403 ACCOUNT_DISABLED) or one issued before a revocation (401). */
export async function assertActive(sub: string | undefined, issuedAt: unknown): Promise<void> {
  if (!sub) return;
  const s = await userStatus(sub);
  if (!s) return;
  if (s.disabled) throw new AppError('ACCOUNT_DISABLED', 'The account is disabled');
  const iat = typeof issuedAt === 'number' ? issuedAt : Number(issuedAt);
  if (s.revokedBefore !== undefined && (!Number.isFinite(iat) || iat < s.revokedBefore)) {
    throw new AppError('UNAUTHORIZED', 'The session was signed out: sign in again');
  }
}
