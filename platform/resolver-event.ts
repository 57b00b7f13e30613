// The event our APPSYNC_JS resolvers send to Lambda data sources (resolvers/lib/lambda.ts builds it)
// and what the Lambda answers. Errors travel as data so the resolver can raise them with util.error.
import { Logger } from '@aws-lambda-powertools/logger';
import { AppError, type ErrorBody } from './errors.ts';
import { isAllowed } from './rbac.ts';

export interface CognitoIdentity {
  sub: string;
  username: string;
  groups?: string[] | null;
  claims?: Record<string, unknown>;
}
export interface IamIdentity {
  accountId: string;
  userArn: string;
  username?: string;
}
export type Identity = CognitoIdentity | IamIdentity | null;

export interface ResolverEvent<A = Record<string, unknown>> {
  /** "Type.field", e.g. "Mutation.createProtectionGroup". */
  field: string;
  arguments: A;
  identity: Identity;
}

export type ResolverAnswer = { data: unknown } | { error: ErrorBody };

export const isIam = (i: Identity): i is IamIdentity => !!i && 'userArn' in i && !!i.userArn;

/** Who did it, for audit fields. */
export function actor(i: Identity): string {
  if (!i) return 'unknown';
  return isIam(i) ? i.userArn : i.username;
}

/**
 * RBAC from the one table. AppSync has already verified the caller and applied the schema's
 * cognito_groups; this repeats the check so a wiring mistake cannot widen access. IAM callers are
 * governed by their IAM policy (appsync:GraphQL on named fields), as the guide specifies.
 */
export function authorize(field: string, identity: Identity): void {
  if (isIam(identity)) return;
  const groups = identity && 'groups' in identity ? (identity.groups ?? []) : [];
  if (!isAllowed(field, groups)) throw new AppError('FORBIDDEN', `Not authorized to call ${field}`);
}

/** Runs a resolver-facing handler: errors with a code become `{ error }`, anything else is internal. */
export async function answer(fn: () => Promise<unknown>, log: (e: unknown) => void): Promise<ResolverAnswer> {
  try {
    return { data: await fn() };
  } catch (e) {
    if (e instanceof AppError) return { error: { code: e.code, message: e.message, details: e.details } };
    log(e);
    return { error: { code: 'INTERNAL_ERROR', message: 'Internal error; the function log has the details' } };
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Routes = Record<string, (args: any, event: ResolverEvent) => Promise<unknown>>;

/** A Lambda data source: checks the role table, routes the field to its domain function, answers data or error. */
export function resolverHandler(service: string, routes: Routes) {
  const logger = new Logger({ serviceName: service });
  return async (event: ResolverEvent): Promise<ResolverAnswer> =>
    answer(
      async () => {
        const route = routes[event.field];
        if (!route) throw new AppError('NOT_IMPLEMENTED', `${event.field} is not served by this function`);
        authorize(event.field, event.identity);
        return route(event.arguments, event);
      },
      (e) => logger.error('unhandled', { error: e as Error, field: event.field }),
    );
}
