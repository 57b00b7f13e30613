// Dashboard-wide feed with server-side filters: planId matches recoveryPlanId, status matches status.
import { extensions, util, type Context } from '@aws-appsync/utils';
import type { SubscriptionOnExecutionsChangedArgs } from '../../platform/generated/graphql.ts';

export function request() {
  return { payload: null };
}

export function response(ctx: Context<SubscriptionOnExecutionsChangedArgs>) {
  const filter: Record<string, { eq: string }> = {};
  if (ctx.args.planId) {
    filter.recoveryPlanId = { eq: ctx.args.planId };
  }
  if (ctx.args.status) {
    filter.status = { eq: ctx.args.status };
  }
  if (Object.keys(filter).length > 0) {
    extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  }
  return null;
}
