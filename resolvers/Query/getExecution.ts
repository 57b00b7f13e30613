// One execution by id: a DynamoDB GetItem (the orchestrator keeps the item current).
import { util, type Context } from '@aws-appsync/utils';
import type { QueryGetExecutionArgs } from '../../platform/generated/graphql.ts';
import { Query_getExecution } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { execKey } from '../../domain/executions/keys.ts';

export function request(ctx: Context<QueryGetExecutionArgs>) {
  checkArgs(ctx, Query_getExecution);
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(execKey(ctx.args.id)),
    consistentRead: true,
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
