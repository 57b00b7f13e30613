// Target accounts ordered by account ID from the listing index (keys: domain/target-accounts/keys.ts). The
// external id stays in the table: each item is answered field by field, with hasExternalId.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryListTargetAccountsArgs } from '../../platform/generated/graphql.ts';
import { TARGET_ACCOUNT_LIST } from '../../domain/target-accounts/keys.ts';

const MAX_LIMIT = 100;

export function request(ctx: Context<QueryListTargetAccountsArgs>) {
  const limit = ctx.args.limit === null || ctx.args.limit === undefined ? 50 : ctx.args.limit;
  if (limit < 1 || limit > MAX_LIMIT) {
    util.error(`limit must be between 1 and ${MAX_LIMIT}`, 'INVALID_LIMIT');
  }
  return {
    operation: 'Query',
    index: 'gsi1',
    query: { expression: 'gsi1pk = :pk', expressionValues: util.dynamodb.toMapValues({ ':pk': TARGET_ACCOUNT_LIST }) },
    limit,
    nextToken: ctx.args.nextToken,
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const items = ctx.result.items.map((a: Record<string, unknown>) => ({
    id: a.id,
    accountId: a.accountId,
    accountName: a.accountName,
    crossAccountRoleArn: a.crossAccountRoleArn,
    hasExternalId: !!a.externalId,
    validationStatus: a.validationStatus,
    validationMessage: a.validationMessage,
    lastValidatedAt: a.lastValidatedAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  }));
  return { items, nextToken: ctx.result.nextToken };
}
