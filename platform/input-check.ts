// Enforces platform/input-limits.ts: each root field's checks (platform/generated/inputs.ts, written by
// codegen) applied to the arguments it was called with. `inputViolation` is written in APPSYNC_JS's
// subset — for-of loops, no throw, regex, recursion or classes — because the table resolvers run it too
// (resolvers/lib/input.ts); `checkInput` is the Lambdas' form, run by the handler wrapper
// (platform/resolver-event.ts) before any domain code.
import { AppError, type ErrorCode } from './errors.ts';
import { INPUT_CHECKS, type InputCheck } from './generated/inputs.ts';
import { checkJson } from './json-input.ts';

export interface Violation {
  code: string;
  message: string;
  /** The field as the arguments name it (`name`, `waves.name`, `filter.region`, `id`). */
  field: string;
  maxLength?: number;
  maxItems?: number;
}

/** The values at `path` in `args`: property by property, through the items of any list on the way. */
function valuesAt(args: unknown, path: string[]): unknown[] {
  let values: unknown[] = [args];
  for (const name of path) {
    const next: unknown[] = [];
    for (const v of values) {
      const items: unknown[] = Array.isArray(v) ? v : [v];
      for (const item of items) {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          const x = (item as Record<string, unknown>)[name];
          if (x !== undefined && x !== null) next.push(x);
        }
      }
    }
    values = next;
  }
  return values;
}

/** The first value past its limit (lengths and counts; AWSJSON sizes are the Lambdas'), or null. */
export function inputViolation(checks: readonly InputCheck[], args: unknown): Violation | null {
  for (const c of checks) {
    for (const value of valuesAt(args, c.path)) {
      if (c.maxItems !== undefined && Array.isArray(value) && value.length > c.maxItems) {
        return { code: c.code, field: c.field, maxItems: c.maxItems, message: `${c.field} may hold ${c.maxItems} items or fewer` };
      }
      if (c.maxLength !== undefined) {
        const items: unknown[] = Array.isArray(value) ? value : [value];
        for (const s of items) {
          if (typeof s === 'string' && s.length > c.maxLength) {
            return { code: c.code, field: c.field, maxLength: c.maxLength, message: `${c.field} must be ${c.maxLength} characters or fewer` };
          }
        }
      }
    }
  }
  return null;
}

/**
 * Refuses arguments of `field` ("Type.field") past a limit: the position's code (INVALID_INPUT unless it
 * has its own; INVALID_JSON for AWSJSON) naming the field. A field without checks passes.
 */
export function checkInput(field: string, args: unknown): void {
  const checks = Object.hasOwn(INPUT_CHECKS, field) ? INPUT_CHECKS[field] : [];
  const v = inputViolation(checks, args);
  if (v) {
    const { code, message, ...details } = v;
    throw new AppError(code as ErrorCode, message, details);
  }
  for (const c of checks) {
    if (c.json) for (const value of valuesAt(args, c.path)) checkJson(value, c.field, c.json);
  }
}
