// One cluster by id: a DynamoDB GetItem. Attributes beyond the schema's (the deploy target's external
// id, the CIDR lock bookkeeping) are not selectable.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryGetClusterArgs } from '../../platform/generated/graphql.ts';
import { Query_getCluster } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { clusterKey } from '../../domain/clusters/keys.ts';

export function request(ctx: Context<QueryGetClusterArgs>) {
  checkArgs(ctx, Query_getCluster);
  return { operation: 'GetItem', key: util.dynamodb.toMapValues(clusterKey(ctx.args.id)), consistentRead: true };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
