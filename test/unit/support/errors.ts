// What a rule refused with: the guide's code, the `field` it names (details.field), and the details.
import { AppError } from '../../../platform/errors.ts';

export interface Refusal {
  code: string;
  field: unknown;
  message: string;
  details: Record<string, unknown> | undefined;
}

/** The AppError `fn` throws, as a plain object; fails the test if it throws nothing or something else. */
export function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, field: e.details?.field, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('expected an AppError, got none');
}
