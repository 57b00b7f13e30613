// The first function of every table-served field's pipeline (infra/api.ts USER_STATUS_FUNCTION, bundled
// once, dist/resolvers/userStatus.js): refuses the token of a disabled user, or one issued before the
// user's last revocation, as platform/user-status.ts does for the REST façade and the Lambda resolvers.
// AppSync accepts a Cognito token until it expires; the staff disable/enable transaction writes the
// status item this reads (strongly consistent, no cache: a refusal holds from the next request on).
// IAM callers (AWS services, the REST façade signing for direct invocation) have no status: no read.
import { runtime, util, type Context } from '@aws-appsync/utils';
import { userStatusKey } from '../../platform/user-status-key.ts';

/** The signed-in user's Cognito sub; IAM identities have none. */
function subOf(ctx: Context): string | undefined {
  const identity = ctx.identity as { sub?: string } | null | undefined;
  return identity && identity.sub ? identity.sub : undefined;
}

export function request(ctx: Context) {
  const sub = subOf(ctx);
  if (!sub) {
    // Skips this function's data source and response: the field's own function runs next.
    runtime.earlyReturn({});
  }
  return { operation: 'GetItem', key: util.dynamodb.toMapValues(userStatusKey(sub as string)), consistentRead: true };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const status = ctx.result;
  if (status) {
    if (status.disabled === true) {
      util.error('This account is disabled', 'ACCOUNT_DISABLED');
    }
    if (typeof status.revokedBefore === 'number') {
      // Epoch seconds, like the token's iat: a token issued before the revocation is signed out.
      const claims = (ctx.identity as { claims?: { iat?: unknown } }).claims;
      const iat = claims ? Number(claims.iat) : NaN;
      if (Number.isNaN(iat) || iat < status.revokedBefore) {
        util.unauthorized();
      }
    }
  }
  return {};
}
