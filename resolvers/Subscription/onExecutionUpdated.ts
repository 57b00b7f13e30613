// One execution's updates: the argument is executionId, the field it must match is `id`.
import { extensions, util, type Context } from '@aws-appsync/utils';
import type { SubscriptionOnExecutionUpdatedArgs } from '../../platform/generated/graphql.ts';

export function request() {
  return { payload: null };
}

export function response(ctx: Context<SubscriptionOnExecutionUpdatedArgs>) {
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ id: { eq: ctx.args.executionId } }));
  return null;
}
