// Fields that later issues implement answer this error, never data (infra/api.ts NOT_IMPLEMENTED).
import { util, type Context } from '@aws-appsync/utils';

export function request(ctx: Context) {
  util.error(`${ctx.info.parentTypeName}.${ctx.info.fieldName} is not implemented yet`, 'NOT_IMPLEMENTED');
  return {};
}

export function response(ctx: Context) {
  return ctx.result;
}
