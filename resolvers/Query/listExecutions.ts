// Executions newest first: by plan (gsi2) or all (gsi1), a time window on the sort key
// ("<startTime>#<id>", ISO times sort as text) and a status filter.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryListExecutionsArgs } from '../../platform/generated/graphql.ts';
import { Query_listExecutions } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { EXEC_LIST, planExecList } from '../../domain/executions/keys.ts';
import { pageLimit, raiseDataSourceError } from '../lib/listing.ts';

export function request(ctx: Context<QueryListExecutionsArgs>) {
  checkArgs(ctx, Query_listExecutions);
  const filter = ctx.args.filter || {};
  const limit = pageLimit(ctx.args.limit);
  const byPlan = !!filter.recoveryPlanId;
  const pk = byPlan ? 'gsi2pk' : 'gsi1pk';
  const sk = byPlan ? 'gsi2sk' : 'gsi1sk';
  const values: Record<string, string> = { ':pk': filter.recoveryPlanId ? planExecList(filter.recoveryPlanId) : EXEC_LIST };
  let expression = `${pk} = :pk`;
  if (filter.startedAfter || filter.startedBefore) {
    expression = `${pk} = :pk AND ${sk} BETWEEN :from AND :to`;
    values[':from'] = filter.startedAfter || '0';
    // "~" sorts after "#<id>", so executions started at exactly startedBefore are included.
    values[':to'] = `${filter.startedBefore || '9999'}~`;
  }
  const query = {
    operation: 'Query',
    index: byPlan ? 'gsi2' : 'gsi1',
    query: { expression, expressionValues: util.dynamodb.toMapValues(values) },
    scanIndexForward: false,
    limit,
    nextToken: ctx.args.nextToken,
  };
  if (!filter.status) {
    return query;
  }
  return {
    ...query,
    filter: {
      expression: '#status = :status',
      expressionNames: { '#status': 'status' },
      expressionValues: util.dynamodb.toMapValues({ ':status': filter.status }),
    },
  };
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken };
}
