// Tenants ordered by lower-cased name from the listing index (keys: domain/tenants/keys.ts).
import { util, type Context } from '@aws-appsync/utils';
import type { QueryListTenantsArgs } from '../../platform/generated/graphql.ts';
import { TENANT_LIST } from '../../domain/tenants/keys.ts';

const MAX_LIMIT = 100;

export function request(ctx: Context<QueryListTenantsArgs>) {
  const limit = ctx.args.limit === null || ctx.args.limit === undefined ? 50 : ctx.args.limit;
  if (limit < 1 || limit > MAX_LIMIT) {
    util.error(`limit must be between 1 and ${MAX_LIMIT}`, 'INVALID_LIMIT');
  }
  return {
    operation: 'Query',
    index: 'gsi1',
    query: { expression: 'gsi1pk = :pk', expressionValues: util.dynamodb.toMapValues({ ':pk': TENANT_LIST }) },
    limit,
    nextToken: ctx.args.nextToken,
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return { items: ctx.result.items, nextToken: ctx.result.nextToken };
}
