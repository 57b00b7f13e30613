// AppSync's error shapes: field errors in the GraphQL response and request-level auth failures.
import { isObjectType, getNamedType, type GraphQLError, type GraphQLSchema, type SourceLocation } from 'graphql';

/** A field error raised by util.error / util.unauthorized / the auth check; AppSync reports its four parts. */
export class AppSyncFieldError extends Error {
  constructor(
    message: string,
    public errorType: string | null = null,
    public data: unknown = null,
    public errorInfo: unknown = null,
  ) {
    super(message);
    this.name = 'AppSyncFieldError';
  }
}

export function unauthorizedField(fieldName: string, typeName: string): AppSyncFieldError {
  return new AppSyncFieldError(`Not Authorized to access ${fieldName} on type ${typeName}`, 'Unauthorized');
}

export interface AppSyncError {
  path: ReadonlyArray<string | number> | null;
  data: unknown;
  errorType: string | null;
  errorInfo: unknown;
  locations: Array<{ line: number; column: number; sourceName: null }> | null;
  message: string;
}

export function locationsOf(locs: ReadonlyArray<SourceLocation> | undefined): AppSyncError['locations'] {
  return locs?.length ? locs.map((l) => ({ line: l.line, column: l.column, sourceName: null })) : null;
}

/** graphql-js error → AppSync's error entry (AppSync is graphql-java: locations carry sourceName). */
export function formatGraphQLError(e: GraphQLError, schema?: GraphQLSchema): AppSyncError {
  const orig = e.originalError;
  if (orig instanceof AppSyncFieldError) {
    return {
      path: e.path ?? null,
      data: orig.data ?? null,
      errorType: orig.errorType,
      errorInfo: orig.errorInfo ?? null,
      locations: locationsOf(e.locations),
      message: orig.message,
    };
  }
  let message = e.message;
  // graphql-java's wording for a null in a non-null position (clients match on it).
  const m = /^Cannot return null for non-nullable field (\w+)\.(\w+)\.$/.exec(message);
  if (m && e.path) {
    const parent = schema?.getType(m[1]);
    const fieldType = parent && isObjectType(parent) ? parent.getFields()[m[2]]?.type : undefined;
    const typeName = fieldType ? getNamedType(fieldType).name : 'Unknown';
    message = `Cannot return null for non-nullable type: '${typeName}' within parent '${m[1]}' (/${e.path.join('/')})`;
  }
  return {
    path: e.path ?? null,
    data: null,
    errorType: orig ? 'Unknown' : null,
    errorInfo: null,
    locations: locationsOf(e.locations),
    message,
  };
}

/** Request-level failure bodies ({"errors":[{"errorType","message"}]}), as AppSync sends them. */
export function requestError(errorType: string, message: string) {
  return { errors: [{ errorType, message }] };
}

export const AUTH_MESSAGES = {
  missing: 'Valid authorization header not provided.',
  unparsable: 'Unable to parse JWT token.',
  expired: 'Token has expired.',
  denied: 'You are not authorized to make this call.',
} as const;
