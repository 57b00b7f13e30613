// What every paginated table listing shares: the page-size rule (INVALID_LIMIT outside 1–100, 50 by
// default), the query on a listing key, and raising a data-source error as AppSync reports it.
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

export function raiseDataSourceError(ctx: Context): void {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
}
