// What every paginated table listing shares: the page-size rule (INVALID_LIMIT outside 1–100, 50 by
// default), the query on a listing key, and raising a data-source error as AppSync reports it — but a
// nextToken the data source refused, which answers INVALID_NEXT_TOKEN naming the field.
import { util, type Context } from '@aws-appsync/utils';

export const MAX_LIMIT = 100;

export function pageLimit(limit: number | null | undefined): number {
  const n = limit === null || limit === undefined ? 50 : limit;
  if (n < 1 || n > MAX_LIMIT) {
    util.error(`limit must be between 1 and ${MAX_LIMIT}`, 'INVALID_LIMIT');
  }
  return n;
}

/** A page of the items under one listing key: `gsi1pk` on the listing index, or the table's own `pk`. */
export function listingQuery(key: string, args: { limit?: number | null; nextToken?: string | null }, on: 'gsi1' | 'table' = 'gsi1') {
  const attr = on === 'gsi1' ? 'gsi1pk' : 'pk';
  return {
    operation: 'Query',
    ...(on === 'gsi1' ? { index: 'gsi1' } : {}),
    query: { expression: `${attr} = :pk`, expressionValues: util.dynamodb.toMapValues({ ':pk': key }) },
    limit: pageLimit(args.limit),
    nextToken: args.nextToken,
  };
}

/**
 * A nextToken the data source would not use: AppSync reports it as DynamoDB:UserIllegalArgumentException
 * (InvalidPaginationTokenException); a start key DynamoDB refuses is a ValidationException about the
 * "starting key"/"Exclusive Start Key". Either way the client's token is at fault.
 */
function badNextToken(ctx: Context): boolean {
  if (!ctx.args.nextToken || !ctx.error) {
    return false;
  }
  const type = ctx.error.type || '';
  const message = (ctx.error.message || '').toLowerCase();
  if (type === 'DynamoDB:UserIllegalArgumentException') {
    return true;
  }
  return type === 'DynamoDB:ValidationException' && (message.indexOf('starting key') >= 0 || message.indexOf('start key') >= 0);
}

export function raiseDataSourceError(ctx: Context): void {
  if (badNextToken(ctx)) {
    util.error(
      'nextToken is not one this list answered for this query and caller, or it has expired: start again without it',
      'INVALID_NEXT_TOKEN',
      null,
      { field: 'nextToken' },
    );
  }
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
}
