// IAM-only, NONE data source: one wave's state (with its servers), fanned out to onWaveUpdated.
import type { Context } from '@aws-appsync/utils';
import type { MutationPublishWaveUpdateArgs } from '../../platform/generated/graphql.ts';

export function request(ctx: Context<MutationPublishWaveUpdateArgs>) {
  return { payload: ctx.args.input };
}

export function response(ctx: Context) {
  return ctx.result;
}
