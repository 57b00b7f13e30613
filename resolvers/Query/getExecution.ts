// One execution by id: a DynamoDB GetItem (the orchestrator keeps the item current).
import { util, type Context } from '@aws-appsync/utils';
import type { QueryGetExecutionArgs } from '../../functions/shared/generated/graphql.ts';

export function request(ctx: Context<QueryGetExecutionArgs>) {
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues({ pk: `EXEC#${ctx.args.id}`, sk: 'EXEC' }),
    consistentRead: true,
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
