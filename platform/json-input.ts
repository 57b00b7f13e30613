// Limits on caller-supplied JSON (the AWSJSON arguments): AppSync passes any JSON through, so the
// Lambdas refuse documents nested deeper or larger than a sane one, and keys that rewrite prototypes
// when merged (`__proto__`, `constructor`, `prototype`). One rule for every AWSJSON input; the walk is
// iterative, so a 10,000-deep document is refused, not a stack overflow.
import { AppError } from './errors.ts';

export interface JsonLimits {
  maxDepth: number;
  maxBytes: number;
}

/** invocationDetails, cluster parameters: small notes. */
export const NOTE_LIMITS: JsonLimits = { maxDepth: 10, maxBytes: 16_384 };
/** A configuration document: AppSync's whole request at most. */
export const DOCUMENT_LIMITS: JsonLimits = { maxDepth: 20, maxBytes: 1_048_576 };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Answers `value` when it is within `limits`; throws INVALID_JSON naming `field` otherwise. */
export function checkJson<T>(value: T, field: string, limits: JsonLimits): T {
  const refuse = (why: string) => new AppError('INVALID_JSON', `${field} ${why}`, { field, ...limits });
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limits.maxDepth) throw refuse(`nests deeper than ${limits.maxDepth} levels`);
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) throw refuse(`may not use the key "${key}"`);
      stack.push([(v as Record<string, unknown>)[key], depth + 1]);
    }
  }
  if (value !== undefined && Buffer.byteLength(JSON.stringify(value)) > limits.maxBytes) throw refuse(`is larger than ${limits.maxBytes} bytes`);
  return value;
}
