// A plan's past executions, newest first, from the plan's execution list (gsi2: PLANEXEC#<plan>,
// sorted by "<startTime>#<id>"). A plan has at most one active execution, so a page a little larger
// than the number wanted is usually the only one read.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws.ts';
import type { ExecutionStatus, ExecutionType } from '../../platform/generated/graphql.ts';
import { execListSk, planExecList } from '../executions/keys.ts';
import { TERMINAL } from '../executions/model.ts';
import { fromItem, type StoredExecution } from '../executions/store.ts';

/** How many past executions a figure is drawn from unless the caller says (getDrillReport `last`). */
export const HISTORY_DEFAULT = 10;
export const HISTORY_MAX = 50;

/**
 * At most `limit` executions of the plan in `statuses` (the finished ones by default) and of `executionType`
 * (any by default), newest first;
 * with `before`, only those that started before that execution (in the list's order).
 */
export async function planExecutions(
  planId: string,
  opts: { limit: number; before?: Pick<StoredExecution, 'startTime' | 'id'>; statuses?: readonly ExecutionStatus[]; executionType?: ExecutionType },
): Promise<StoredExecution[]> {
  const statuses = opts.statuses ?? TERMINAL;
  const out: StoredExecution[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: opts.before ? 'gsi2pk = :pk AND gsi2sk < :before' : 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': planExecList(planId), ...(opts.before ? { ':before': execListSk(opts.before.startTime, opts.before.id) } : {}) },
        ScanIndexForward: false,
        Limit: opts.limit + 2,
        ExclusiveStartKey,
      }),
    );
    for (const item of r.Items ?? []) {
      const e = fromItem(item);
      if (statuses.includes(e.status) && (!opts.executionType || e.executionType === opts.executionType) && out.length < opts.limit) out.push(e);
    }
    ExclusiveStartKey = out.length < opts.limit ? r.LastEvaluatedKey : undefined;
  } while (ExclusiveStartKey);
  return out;
}
