// The GraphQL API as the façade sees it: one operation per call, made as the caller (their token) or
// signed with IAM, and every GraphQL error turned into the guide's code and HTTP status.
import { graphql, type GraphQLError } from '../../platform/appsync.ts';
import { AppError, ERROR_STATUS, type ErrorCode } from '../../platform/errors.ts';
import type { FieldKey, FieldOf } from '../../platform/fields.ts';
import type { Caller } from './auth.ts';

/** A Query or Mutation field of the schema, e.g. "getExecution". */
export type ApiField = FieldOf<'Query'> | FieldOf<'Mutation'>;

export interface Api {
  /** Runs `document` (a query or mutation selecting `field`) and answers `data[field]`; GraphQL errors throw as AppError. */
  call<T>(field: ApiField, document: string, variables?: Record<string, unknown>): Promise<T>;
  /** Every GraphQL operation this request ran ("Query.getExecution"), for logs and the OpenAPI notes. */
  readonly operations: FieldKey[];
}

const isCode = (t: string | null | undefined): t is ErrorCode => !!t && t in ERROR_STATUS;

/** graphql-js's coercion wording → which field, and whether it was missing or wrong. */
export function fromValidation(message: string): AppError {
  const at = /at "(?:[A-Za-z]+\.)?([^"]+)"/.exec(message)?.[1];
  const missing = /Field "([^"]+)" of required type "[^"]+" was not provided/.exec(message)?.[1];
  const variable = /^Variable "\$(\w+)" of required type "[^"]+" was not provided/.exec(message)?.[1];
  const field = [at, missing ?? variable].filter(Boolean).join('.') || undefined;
  if (missing || variable) return new AppError('MISSING_FIELD', `${field} is required`, { field });
  const reason = message.includes('; ') ? message.slice(message.lastIndexOf('; ') + 2) : 'invalid value';
  return new AppError('INVALID_REQUEST', field ? `${field}: ${reason}` : `Invalid request: ${reason}`, field ? { field } : {});
}

export function fromGraphQL(e: GraphQLError, status: number, operation: string): AppError {
  if (status === 401) return new AppError('UNAUTHORIZED', 'The token was refused: sign in again');
  if (isCode(e.errorType)) return new AppError(e.errorType, e.message, e.errorInfo ?? undefined);
  if (status === 403 || e.errorType === 'Unauthorized') {
    return new AppError('FORBIDDEN', `Your role may not perform ${operation}`, { operation });
  }
  // Variable coercion: what the façade passed on from the request had a wrong type or was missing.
  if (e.errorType === 'ValidationError' || e.message.startsWith('Variable "$')) return fromValidation(e.message);
  // Anything else is ours to look into, not the caller's to read.
  return new AppError('INTERNAL_ERROR', `${operation} failed; the request id identifies it in the logs`, { cause: e.errorType ?? 'unknown' });
}

export function createApi(caller: Caller, log: (msg: string, extra: Record<string, unknown>) => void): Api {
  const operations: FieldKey[] = [];
  return {
    operations,
    async call<T>(field: ApiField, document: string, variables: Record<string, unknown> = {}): Promise<T> {
      // No field name is both a Query and a Mutation: the document's kind completes the key.
      const operation = `${document.trimStart().startsWith('mutation') ? 'Mutation' : 'Query'}.${field}` as FieldKey;
      operations.push(operation);
      const r = await graphql<Record<string, T>>(document, variables, caller.kind === 'token' ? caller.token : undefined);
      const err = r.errors?.[0];
      if (err || r.status !== 200) {
        const mapped = fromGraphQL(err ?? { message: `HTTP ${r.status}` }, r.status, operation);
        if (mapped.code === 'INTERNAL_ERROR') log('graphql error', { operation, status: r.status, error: err });
        throw mapped;
      }
      if (!r.data || !(field in r.data)) throw new AppError('INTERNAL_ERROR', `${operation} answered no data`);
      return r.data[field];
    },
  };
}
