// Fields that later issues implement answer this error, never data (NOT_IMPLEMENTED in infra/api.ts
// WIRING; bundled once, dist/resolvers/notImplemented.js).
import { util, type Context } from '@aws-appsync/utils';

export function request(ctx: Context) {
  util.error(`${ctx.info.parentTypeName}.${ctx.info.fieldName} is not implemented yet`, 'NOT_IMPLEMENTED');
  return {};
}

export function response(ctx: Context) {
  return ctx.result;
}
