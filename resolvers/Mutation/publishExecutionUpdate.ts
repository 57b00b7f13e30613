// IAM-only, NONE data source: the orchestrator's full execution state, fanned out to
// onExecutionUpdated and onExecutionsChanged. `waves` is AWSJSON, handed over already parsed.
import type { Context } from '@aws-appsync/utils';
import type { MutationPublishExecutionUpdateArgs } from '../../platform/generated/graphql.ts';

export function request(ctx: Context<MutationPublishExecutionUpdateArgs>) {
  return { payload: ctx.args.input };
}

export function response(ctx: Context) {
  return ctx.result;
}
