// One group by id: a DynamoDB GetItem. Item attributes beyond the schema's fields are not selectable.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryGetProtectionGroupArgs } from '../../platform/generated/graphql.ts';
import { Query_getProtectionGroup } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { pgKey } from '../../domain/protection-groups/keys.ts';

export function request(ctx: Context<QueryGetProtectionGroupArgs>) {
  checkArgs(ctx, Query_getProtectionGroup);
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(pgKey(ctx.args.id)),
    consistentRead: true,
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
