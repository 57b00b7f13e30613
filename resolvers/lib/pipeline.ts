// The resolver-level handlers of every pipeline resolver (infra/api.ts PIPELINE_RESOLVER, bundled once,
// dist/resolvers/pipeline.js): a pass-through. The functions do the work (the caller's status check, then
// the field's own resolver, which reads ctx.args and answers as a unit resolver would); the field
// resolves to what the last function answered.
import type { Context } from '@aws-appsync/utils';

export function request() {
  return {};
}

export function response(ctx: Context) {
  return ctx.prev.result;
}
