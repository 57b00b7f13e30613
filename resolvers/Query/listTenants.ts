// Tenants ordered by lower-cased name from the listing index (keys: domain/tenants/keys.ts).
import type { Context } from '@aws-appsync/utils';
import type { QueryListTenantsArgs } from '../../platform/generated/graphql.ts';
import { Query_listTenants } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { TENANT_LIST } from '../../domain/tenants/keys.ts';
import { listingQuery, raiseDataSourceError } from '../lib/listing.ts';

export function request(ctx: Context<QueryListTenantsArgs>) {
  checkArgs(ctx, Query_listTenants);
  return listingQuery(TENANT_LIST, ctx.args);
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken };
}
