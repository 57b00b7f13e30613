// IAM-only, NONE data source: echoes the change so AppSync fans it out to onProtectionGroupChanged.
// `group` is AWSJSON on input; AppSync hands resolvers AWSJSON arguments already parsed.
import type { Context } from '@aws-appsync/utils';
import type { MutationPublishProtectionGroupChangeArgs } from '../../platform/generated/graphql.ts';

export function request(ctx: Context<MutationPublishProtectionGroupChangeArgs>) {
  return { payload: ctx.args.input };
}

export function response(ctx: Context) {
  return ctx.result;
}
