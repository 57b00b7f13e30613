// The event our APPSYNC_JS resolvers send to Lambda data sources (resolvers/lib/lambda.ts builds it)
// and what the Lambda answers. Errors travel as data so the resolver can raise them with util.error.
import { Logger } from '@aws-lambda-powertools/logger';
import { AppError, type ErrorBody } from './errors.ts';
import type { ArgsOf, FieldKey } from './fields.ts';
import { instrument } from './observability.ts';
import { checkInput } from './input-check.ts';
import { isAllowed } from './rbac.ts';
import { assertActive } from './user-status.ts';

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

/**
 * A Cognito caller whose account was disabled (or whose session was revoked) is refused although AppSync
 * accepted the still-valid token (platform/user-status.ts). Functions without a table skip the check.
 */
export async function assertActiveCaller(identity: Identity): Promise<void> {
  if (!identity || isIam(identity) || !process.env.TABLE_NAME) return;
  await assertActive(identity.sub, identity.claims?.iat);
}

/**
 * Runs a resolver-facing handler: errors with a code become `{ error }`, anything else is internal: its
 * text goes to the log only, and the caller gets the request id to quote.
 */
export async function answer(fn: () => Promise<unknown>, log: (e: unknown) => void, requestId?: string): Promise<ResolverAnswer> {
  try {
    return { data: await fn() };
  } catch (e) {
    if (e instanceof AppError) return { error: { code: e.code, message: e.message, details: e.details } };
    log(e);
    const quote = requestId ? ` (request id ${requestId})` : '';
    return { error: { code: 'INTERNAL_ERROR', message: `Internal error${quote}; the function log has the details`, ...(requestId ? { details: { requestId } } : {}) } };
  }
}

/** One route: the field's generated argument type in, its answer out. */
export type Route<F extends FieldKey> = (args: ArgsOf<F>, event: ResolverEvent<ArgsOf<F>>) => Promise<unknown>;

/** A Lambda's route table: exactly the fields `K`, each taking its own generated argument type. */
export type Routes<K extends FieldKey> = { [F in K]: Route<F> };

/**
 * A Lambda data source: checks the role table and the input limits, routes the field to its domain function, answers data or
 * error. `K` is stated, never inferred (left out, it is every field): the fields the wiring gives this
 * Lambda (infra/api.ts `ServedBy<'fn'>`), so a missing route, or one the wiring does not send here, is a
 * compile error.
 */
export function resolverHandler<K extends FieldKey>(service: string, routes: Routes<NoInfer<K>>) {
  const logger = new Logger({ serviceName: service });
  // The run-time view, by any field name: AppSync checked the arguments against the schema (`never`: the
  // types cannot follow a field chosen at run time).
  const table: Partial<Record<string, (args: never, event: never) => Promise<unknown>>> = routes;
  const run = async (event: ResolverEvent, context?: { awsRequestId?: string }): Promise<ResolverAnswer> =>
    answer(
      async () => {
        const route = Object.hasOwn(table, event.field) ? table[event.field] : undefined;
        if (!route) throw new AppError('NOT_IMPLEMENTED', `${event.field} is not served by this function`);
        authorize(event.field, event.identity);
        await assertActiveCaller(event.identity);
        // Input limits (platform/input-limits.ts) before any domain code: no oversized value reaches a store.
        checkInput(event.field, event.arguments);
        return route(event.arguments as never, event as never);
      },
      (e) => logger.error('unhandled', { error: e as Error, field: event.field, requestId: context?.awsRequestId }),
      context?.awsRequestId,
    );
  // Metrics (and traces) per field: an INTERNAL_ERROR answer counts as an internal error, any other as a client's.
  const outcome = (a: ResolverAnswer) => ('error' in a ? (a.error.code === 'INTERNAL_ERROR' ? 'internal-error' : 'client-error') : 'ok');
  return instrument(service, run, outcome, (event) => ({ field: event.field }));
}
