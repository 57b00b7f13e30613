// Staff members ordered by email from the listing index (keys: domain/staff/keys.ts), answered field by
// field: the record's Cognito username stays in the table.
import type { Context } from '@aws-appsync/utils';
import type { QueryListStaffArgs } from '../../platform/generated/graphql.ts';
import { Query_listStaff } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { STAFF_LIST } from '../../domain/staff/keys.ts';
import { listingQuery, raiseDataSourceError } from '../lib/listing.ts';

export function request(ctx: Context<QueryListStaffArgs>) {
  checkArgs(ctx, Query_listStaff);
  return listingQuery(STAFF_LIST, ctx.args);
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
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
