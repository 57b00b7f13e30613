// Subscribing needs no data; AppSync matches the optional `id` argument against each change's id.
import type { Context } from '@aws-appsync/utils';

export function request() {
  return { payload: null };
}

export function response(ctx: Context) {
  return ctx.result;
}
