// Staff members ordered by email from the listing index (keys: domain/staff/keys.ts), answered field by
// field: the record's Cognito username stays in the table.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryListStaffArgs } from '../../platform/generated/graphql.ts';
import { STAFF_LIST } from '../../domain/staff/keys.ts';

const MAX_LIMIT = 100;

export function request(ctx: Context<QueryListStaffArgs>) {
  const limit = ctx.args.limit === null || ctx.args.limit === undefined ? 50 : ctx.args.limit;
  if (limit < 1 || limit > MAX_LIMIT) {
    util.error(`limit must be between 1 and ${MAX_LIMIT}`, 'INVALID_LIMIT');
  }
  return {
    operation: 'Query',
    index: 'gsi1',
    query: { expression: 'gsi1pk = :pk', expressionValues: util.dynamodb.toMapValues({ ':pk': STAFF_LIST }) },
    limit,
    nextToken: ctx.args.nextToken,
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const items = ctx.result.items.map((s: Record<string, unknown>) => ({
    staffId: s.staffId,
    email: s.email,
    roles: s.roles,
    enabled: s.enabled,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  }));
  return { items, nextToken: ctx.result.nextToken };
}
