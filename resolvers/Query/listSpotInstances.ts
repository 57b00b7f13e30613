// The spot instances provisioning launched and has not torn down (keys: domain/spot/keys.ts), in
// region then instance-id order. Written by the spot workflow (functions/spot/workflow.ts).
import { util, type Context } from '@aws-appsync/utils';
import type { QueryListSpotInstancesArgs } from '../../platform/generated/graphql.ts';
import { SPOT_INSTANCES_PK } from '../../domain/spot/keys.ts';

const MAX_LIMIT = 100;

export function request(ctx: Context<QueryListSpotInstancesArgs>) {
  const limit = ctx.args.limit === null || ctx.args.limit === undefined ? 50 : ctx.args.limit;
  if (limit < 1 || limit > MAX_LIMIT) {
    util.error(`limit must be between 1 and ${MAX_LIMIT}`, 'INVALID_LIMIT');
  }
  return {
    operation: 'Query',
    query: { expression: 'pk = :pk', expressionValues: util.dynamodb.toMapValues({ ':pk': SPOT_INSTANCES_PK }) },
    limit,
    nextToken: ctx.args.nextToken,
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const items = ctx.result.items.map((i: Record<string, unknown>) => ({
    instanceId: i.instanceId,
    region: i.region,
    publicIp: i.publicIp,
    privateIp: i.privateIp,
  }));
  return { items, nextToken: ctx.result.nextToken };
}
