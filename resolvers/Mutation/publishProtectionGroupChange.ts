// IAM-only, NONE data source: echoes the change so AppSync fans it out to onProtectionGroupChanged.
import type { Context } from '@aws-appsync/utils';
import type { MutationPublishProtectionGroupChangeArgs } from '../../functions/shared/generated/graphql.ts';

export function request(ctx: Context<MutationPublishProtectionGroupChangeArgs>) {
  const input = ctx.args.input;
  return { payload: { ...input, group: input.group ? JSON.parse(input.group) : null } };
}

export function response(ctx: Context) {
  return ctx.result;
}
