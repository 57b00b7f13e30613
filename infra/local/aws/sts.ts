// AWS STS (awsQuery in, XML out): who the caller is, and temporary credentials for a role in a
// known account, which the emulator then accepts like any other credentials.
import { randomBytes } from 'node:crypto';
import { denial } from './deny.ts';
import type { EmulatorState } from './fixtures.ts';
import { type AwsRequest, type AwsService, type CallContext, type Params, ServiceError, paramString, parseFormBody, queryAuthError, queryError, queryResponse } from './protocol.ts';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const CHAINED_SESSION_LIMIT = 3600;

/** An access key id as AWS issues them: AKIA… for IAM users, ASIA… for STS sessions. */
export function newAccessKeyId(prefix: 'AKIA' | 'ASIA'): string {
  return prefix + [...randomBytes(16)].map((b) => KEY_ALPHABET[b % 32]).join('');
}
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

function validation(message: string): ServiceError {
  return new ServiceError('ValidationError', message);
}

export function createStsService(state: EmulatorState): AwsService {
  function assumeRole(req: Params, ctx: CallContext) {
    const roleArn = paramString(req, 'RoleArn') ?? '';
    const sessionName = paramString(req, 'RoleSessionName') ?? '';
    const duration = Number(paramString(req, 'DurationSeconds') ?? 3600);
    const externalId = paramString(req, 'ExternalId');
    const arn = ROLE_ARN.exec(roleArn);
    if (!arn) throw validation(`${roleArn} is invalid`);
    if (!SESSION_NAME.test(sessionName)) {
      throw validation(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}`);
    }
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw validation(`1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
    }
    const [, accountId, roleName] = arn;
    const record = state.accounts[accountId]?.iam.roles.find((r) => r.role.RoleName === roleName);
    const allowed = record && record.trust.accounts.includes(ctx.principal.accountId) && (record.trust.externalId === undefined || record.trust.externalId === externalId);
    if (!record || !allowed) {
      throw new ServiceError('AccessDenied', `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    const chained = ctx.principal.sessionToken !== undefined;
    if (chained && duration > CHAINED_SESSION_LIMIT) throw validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    if (duration > (record.role.MaxSessionDuration ?? 3600)) throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');

    const expiration = new Date(ctx.now.getTime() + duration * 1000);
    const session = {
      accessKeyId: newAccessKeyId('ASIA'),
      secretAccessKey: newSecretAccessKey(),
      sessionToken: randomBytes(224).toString('base64'),
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${record.role.RoleId}:${sessionName}`,
      expiration,
    };
    state.principals[session.accessKeyId] = session;
    const sourceIdentity = paramString(req, 'SourceIdentity');
    return {
      Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: session.userId, Arn: session.arn },
      ...(sourceIdentity ? { SourceIdentity: sourceIdentity } : {}),
    };
  }

  return {
    handle(req: AwsRequest, ctx: CallContext) {
      const params = parseFormBody(req.body);
      const action = paramString(params, 'Action');
      const denied = denial(state, 'sts', action ?? '', ctx);
      if (denied) throw denied;
      if (action === 'GetCallerIdentity') {
        const { userId, accountId, arn } = ctx.principal;
        return queryResponse(action, XMLNS, { UserId: userId, Account: accountId, Arn: arn }, ctx.requestId);
      }
      if (action === 'AssumeRole') return queryResponse(action, XMLNS, assumeRole(params, ctx), ctx.requestId);
      throw new ServiceError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
    },
    authFailure: (failure, requestId) => queryError(queryAuthError(failure), XMLNS, requestId),
    error: (err, requestId) => queryError(err, XMLNS, requestId),
  };
}
