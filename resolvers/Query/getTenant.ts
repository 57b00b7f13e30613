// One tenant by id: a DynamoDB GetItem (keys: domain/tenants/keys.ts); null when there is none.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryGetTenantArgs } from '../../platform/generated/graphql.ts';
import { Query_getTenant } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { tenantKey } from '../../domain/tenants/keys.ts';

export function request(ctx: Context<QueryGetTenantArgs>) {
  checkArgs(ctx, Query_getTenant);
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(tenantKey(ctx.args.id)),
    consistentRead: true,
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
