// The spot instances provisioning launched and has not torn down (keys: domain/spot/keys.ts), in
// region then instance-id order. Written by the spot workflow (functions/spot/workflow.ts).
import type { Context } from '@aws-appsync/utils';
import type { QueryListSpotInstancesArgs } from '../../platform/generated/graphql.ts';
import { Query_listSpotInstances } from '../../platform/generated/inputs.ts';
import { checkArgs } from '../lib/input.ts';
import { SPOT_INSTANCES_PK } from '../../domain/spot/keys.ts';
import { listingQuery, raiseDataSourceError } from '../lib/listing.ts';

export function request(ctx: Context<QueryListSpotInstancesArgs>) {
  checkArgs(ctx, Query_listSpotInstances);
  return listingQuery(SPOT_INSTANCES_PK, ctx.args, 'table');
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  const items = ctx.result.items.map((i: Record<string, unknown>) => ({
    instanceId: i.instanceId,
    region: i.region,
    publicIp: i.publicIp,
    privateIp: i.privateIp,
  }));
  return { items, nextToken: ctx.result.nextToken };
}
