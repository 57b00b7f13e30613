// Executions newest first: by plan (gsi2) or all (gsi1), a time window on the sort key
// ("<startTime>#<id>", ISO times sort as text) and filters on status and execution type.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryListExecutionsArgs } from '../../platform/generated/graphql.ts';
import { Query_listExecutions } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { EXEC_LIST, planExecList } from '../../domain/executions/keys.ts';
import { pageLimit, raiseDataSourceError } from '../lib/listing.ts';

/**
 * A time bound as startExecution stores startTime: UTC with milliseconds (an offset or a time without
 * milliseconds would not compare as text; AppSync's formatter drops a zero fraction). AppSync checks
 * AWSDateTime before the resolver runs: anything else is passed on as it came.
 */
function bound(v: string): string {
  if (!util.matches('\\d{4}-\\d{2}-\\d{2}T.+', v)) return v;
  const iso = util.time.epochMilliSecondsToISO8601(util.time.parseISO8601ToEpochMilliSeconds(v));
  return iso.indexOf('.') < 0 ? `${iso.slice(0, -1)}.000Z` : iso;
}

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
    const from = filter.startedAfter ? bound(filter.startedAfter) : '0';
    const to = filter.startedBefore ? bound(filter.startedBefore) : '9999';
    if (filter.startedAfter && filter.startedBefore && from > to) {
      util.error('startedAfter must not be later than startedBefore', 'INVALID_INPUT', null, { field: 'filter.startedAfter' });
    }
    expression = `${pk} = :pk AND ${sk} BETWEEN :from AND :to`;
    values[':from'] = from;
    // "~" sorts after "#<id>", so executions started at exactly startedBefore are included.
    values[':to'] = `${to}~`;
  }
  const query = {
    operation: 'Query',
    index: byPlan ? 'gsi2' : 'gsi1',
    query: { expression, expressionValues: util.dynamodb.toMapValues(values) },
    scanIndexForward: false,
    limit,
    nextToken: ctx.args.nextToken,
  };
  // Status and type in one filter expression (DynamoDB takes one per query), ANDed.
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const filterValues: Record<string, string> = {};
  if (filter.status) {
    conditions.push('#status = :status');
    names['#status'] = 'status';
    filterValues[':status'] = filter.status;
  }
  if (filter.executionType) {
    conditions.push('#executionType = :executionType');
    names['#executionType'] = 'executionType';
    filterValues[':executionType'] = filter.executionType;
  }
  if (!conditions.length) {
    return query;
  }
  return {
    ...query,
    filter: {
      expression: conditions.join(' AND '),
      expressionNames: names,
      expressionValues: util.dynamodb.toMapValues(filterValues),
    },
  };
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken };
}
