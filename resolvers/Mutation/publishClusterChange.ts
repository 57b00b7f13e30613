// IAM-only, NONE data source: echoes the committed cluster so AppSync fans it out to onClusterChanged.
import type { Context } from '@aws-appsync/utils';
import type { MutationPublishClusterChangeArgs } from '../../platform/generated/graphql.ts';

export function request(ctx: Context<MutationPublishClusterChangeArgs>) {
  return { payload: ctx.args.input };
}

export function response(ctx: Context) {
  return ctx.result;
}
