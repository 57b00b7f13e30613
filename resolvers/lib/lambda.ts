// The resolver of every Lambda-served field (infra/api.ts WIRING names a Lambda data source; bundled
// once, dist/resolvers/lambda.js): calls the Lambda with the field, arguments and verified identity,
// and turns the function's `{ error }` answer into an AppSync error whose errorType is the guide's code.
import { util, type Context } from '@aws-appsync/utils';

export function request(ctx: Context) {
  return {
    operation: 'Invoke',
    payload: {
      field: `${ctx.info.parentTypeName}.${ctx.info.fieldName}`,
      arguments: ctx.args,
      identity: ctx.identity,
    },
  };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const answer = ctx.result;
  if (answer.error) {
    util.error(answer.error.message, answer.error.code, null, answer.error.details);
  }
  return answer.data;
}
