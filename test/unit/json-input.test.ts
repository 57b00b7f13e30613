// Caller-supplied JSON (AWSJSON arguments) within one set of limits: depth, size, prototype keys.
import { describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS, NOTE_LIMITS, checkJson } from '../../platform/json-input.ts';
import { AppError } from '../../platform/errors.ts';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? { code: e.code, message: e.message, field: e.details?.field } : e;
  }
  return undefined;
};
const nested = (depth: number) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('checkJson', () => {
  it('answers what is within the limits, unchanged; null and scalars pass', () => {
    const ok = { ticket: 'CHG-1', steps: [1, 2, { by: 'ops' }] };
    expect(checkJson(ok, 'invocationDetails', NOTE_LIMITS)).toBe(ok);
    for (const v of [null, undefined, 'text', 42]) expect(refusal(() => checkJson(v, 'x', NOTE_LIMITS))).toBeUndefined();
    expect(refusal(() => checkJson(nested(NOTE_LIMITS.maxDepth - 1), 'x', NOTE_LIMITS))).toBeUndefined();
  });

  it('refuses too deep (even 10,000 levels, without a stack overflow), too large, and prototype keys, naming the field', () => {
    expect(refusal(() => checkJson(nested(NOTE_LIMITS.maxDepth + 1), 'invocationDetails', NOTE_LIMITS))).toEqual({
      code: 'INVALID_JSON', message: `invocationDetails nests deeper than ${NOTE_LIMITS.maxDepth} levels`, field: 'invocationDetails',
    });
    expect(refusal(() => checkJson(nested(10_000), 'input', DOCUMENT_LIMITS))).toMatchObject({ code: 'INVALID_JSON', field: 'input' });
    expect(refusal(() => checkJson({ blob: 'x'.repeat(NOTE_LIMITS.maxBytes) }, 'parameters', NOTE_LIMITS))).toMatchObject({ code: 'INVALID_JSON', message: `parameters is larger than ${NOTE_LIMITS.maxBytes} bytes` });
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const v = JSON.parse(`{"a":[{"${key}":{"polluted":true}}]}`);
      expect(refusal(() => checkJson(v, 'invocationDetails', NOTE_LIMITS))).toMatchObject({ code: 'INVALID_JSON', message: `invocationDetails may not use the key "${key}"` });
    }
  });
});
