// Target accounts ordered by account ID from the listing index (keys: domain/target-accounts/keys.ts). The
// external id stays in the table: each item is answered field by field, with hasExternalId.
import type { Context } from '@aws-appsync/utils';
import type { QueryListTargetAccountsArgs } from '../../platform/generated/graphql.ts';
import { Query_listTargetAccounts } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { TARGET_ACCOUNT_LIST } from '../../domain/target-accounts/keys.ts';
import { listingQuery, raiseDataSourceError } from '../lib/listing.ts';

export function request(ctx: Context<QueryListTargetAccountsArgs>) {
  checkArgs(ctx, Query_listTargetAccounts);
  return listingQuery(TARGET_ACCOUNT_LIST, ctx.args);
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
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
