// The local AppSync's date and time scalars refuse what AppSync refuses: not only the wrong shape, but
// dates and times no calendar or clock has (issue 11: 2024-13-45T99:99:99Z was accepted).
import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { installAwsScalars } from '../../infra/local/appsync/scalars.ts';

const schema = buildSchema('scalar AWSDateTime scalar AWSDate scalar AWSTime type Query { dt(v: AWSDateTime): String d(v: AWSDate): String t(v: AWSTime): String }');
installAwsScalars(schema);
const TYPES = { dt: 'AWSDateTime', d: 'AWSDate', t: 'AWSTime' } as const;

async function accepts(field: keyof typeof TYPES, v: string): Promise<boolean> {
  const asVariable = await graphql({ schema, source: `query($v: ${TYPES[field]}) { ${field}(v: $v) }`, variableValues: { v }, rootValue: { [field]: () => 'ok' } });
  const asLiteral = await graphql({ schema, source: `{ ${field}(v: ${JSON.stringify(v)}) }`, rootValue: { [field]: () => 'ok' } });
  expect(Boolean(asVariable.errors)).toBe(Boolean(asLiteral.errors));
  return !asVariable.errors;
}

describe('AWSDateTime, AWSDate and AWSTime', () => {
  it('accept real dates and times, leap days and offsets up to ±18:00 included', async () => {
    for (const v of ['2024-02-29T23:59:59.123Z', '2024-12-31T23:59:59+05:30', '2025-06-01T00:00Z', '2025-06-01T12:00:00-18:00']) expect(await accepts('dt', v), v).toBe(true);
    for (const v of ['2024-04-30', '2024-04-30Z', '2000-02-29+01:00']) expect(await accepts('d', v), v).toBe(true);
    for (const v of ['12:30', '12:30:15.5-08:00', '00:00:00Z']) expect(await accepts('t', v), v).toBe(true);
  });

  it('refuse impossible months, days, hours, minutes, seconds and offsets, as well as wrong shapes', async () => {
    for (const v of ['2024-13-45T99:99:99Z', '2023-02-29T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T00:00:00+19:00', '2024-01-01', 'yesterday']) {
      expect(await accepts('dt', v), v).toBe(false);
    }
    for (const v of ['2024-04-31', '2024-00-10', '1900-02-29', '2024-1-1']) expect(await accepts('d', v), v).toBe(false);
    for (const v of ['23:59:60Z', '25:00', '12:61:00']) expect(await accepts('t', v), v).toBe(false);
  });
});
