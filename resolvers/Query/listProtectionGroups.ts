// Groups ordered by name from the listing index, filtered by exact name, name substring and region.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryListProtectionGroupsArgs } from '../../platform/generated/graphql.ts';
import { Query_listProtectionGroups } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { PG_LIST } from '../../domain/protection-groups/keys.ts';
import { pageLimit, raiseDataSourceError } from '../lib/listing.ts';

export function request(ctx: Context<QueryListProtectionGroupsArgs>) {
  checkArgs(ctx, Query_listProtectionGroups);
  const filter = ctx.args.filter || {};
  const limit = pageLimit(ctx.args.limit);
  const keyValues: Record<string, string> = { ':pk': PG_LIST };
  let keyExpression = 'gsi1pk = :pk';
  if (filter.name) {
    // gsi1sk is "<lower-cased name>#<id>", so an exact name is a key prefix.
    keyExpression = 'gsi1pk = :pk AND begins_with(gsi1sk, :name)';
    keyValues[':name'] = `${filter.name.trim().toLowerCase()}#`;
  }
  const conditions: string[] = [];
  const filterValues: Record<string, string> = {};
  if (filter.nameContains) {
    conditions.push('contains(nameLower, :contains)');
    filterValues[':contains'] = filter.nameContains.toLowerCase();
  }
  if (filter.region) {
    conditions.push('#region = :region');
    filterValues[':region'] = filter.region;
  }
  const query = {
    operation: 'Query',
    index: 'gsi1',
    query: { expression: keyExpression, expressionValues: util.dynamodb.toMapValues(keyValues) },
    limit,
    nextToken: ctx.args.nextToken,
  };
  if (conditions.length === 0) {
    return query;
  }
  return {
    ...query,
    filter: {
      expression: conditions.join(' AND '),
      expressionNames: filter.region ? { '#region': 'region' } : undefined,
      expressionValues: util.dynamodb.toMapValues(filterValues),
    },
  };
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken };
}
