// Clusters in registration order from the listing index (keys: domain/clusters/keys.ts).
import type { Context } from '@aws-appsync/utils';
import type { QueryListClustersArgs } from '../../platform/generated/graphql.ts';
import { Query_listClusters } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { CLUSTER_LIST } from '../../domain/clusters/keys.ts';
import { listingQuery, raiseDataSourceError } from '../lib/listing.ts';

export function request(ctx: Context<QueryListClustersArgs>) {
  checkArgs(ctx, Query_listClusters);
  return listingQuery(CLUSTER_LIST, ctx.args);
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken };
}
