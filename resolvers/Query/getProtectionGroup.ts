// One group by id: a DynamoDB GetItem. Item attributes beyond the schema's fields are not selectable.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryGetProtectionGroupArgs } from '../../functions/shared/generated/graphql.ts';

export function request(ctx: Context<QueryGetProtectionGroupArgs>) {
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues({ pk: `PG#${ctx.args.id}`, sk: 'PG' }),
    consistentRead: true,
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
