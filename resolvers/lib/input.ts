// The input limits of a table-served field (platform/input-limits.ts, flattened per field by codegen into
// platform/generated/inputs.ts), checked in the field's own request before it reaches DynamoDB: an
// oversized id or token is refused with the documented code naming the field, never DynamoDB's own text
// ("Hash primary key values must be under 2048 bytes"). Each resolver imports only its own field's
// checks, so a bundle carries a few lines of the table. The Lambda-served fields get the same checks in
// the handler wrapper (platform/resolver-event.ts).
import { util, type Context } from '@aws-appsync/utils';
import type { InputCheck } from '../../platform/generated/inputs.ts';
import { inputViolation } from '../../platform/input-check.ts';

export function checkArgs(ctx: Context, checks: InputCheck[]): void {
  const v = inputViolation(checks, ctx.args);
  if (v) {
    util.error(v.message, v.code, null, { field: v.field, maxLength: v.maxLength, maxItems: v.maxItems });
  }
}
