// Wave updates of one execution; AppSync matches the executionId argument to the field of that name.
import type { Context } from '@aws-appsync/utils';

export function request() {
  return { payload: null };
}

export function response(ctx: Context) {
  return ctx.result;
}
