// EventBridge content filtering (infra/local/aws/event-patterns.ts): what a pattern matches, and the
// structural check PutRule runs, with EventBridge's reasons.
import { describe, expect, it } from 'vitest';
import { matchesPattern, patternProblem } from '../../infra/local/aws/event-patterns.ts';

const event = (detail: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'DRS Source Server Launch Result',
  source: 'aws.drs',
  account: '111111111111',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:drs:us-east-1:111111111111:source-server/s-0123456789abcdef0'],
  detail,
  ...extra,
});

const launch = event({ state: 'RECOVERY_LAUNCH_SUCCEEDED', 'job-id': 'drsjob-0123456789abcdef0', 'is-drill': 'TRUE', count: 5, ratio: 0.5, ok: true, none: null, tags: ['web', 'prod'], ip: '10.0.1.20' });
const matches = (pattern: unknown, e: unknown = launch) => matchesPattern(pattern as Record<string, unknown>, e);

describe('matching values', () => {
  it('matches exact strings, numbers, booleans and null; every key must match', () => {
    expect(matches({ source: ['aws.drs'], 'detail-type': ['DRS Source Server Launch Result'] })).toBe(true);
    expect(matches({ source: ['aws.drs'], 'detail-type': ['Something else'] })).toBe(false);
    expect(matches({ detail: { count: [5] } })).toBe(true);
    expect(matches({ detail: { count: ['5'] } })).toBe(false);
    expect(matches({ detail: { ratio: [0.5] } })).toBe(true);
    expect(matches({ detail: { ok: [true] } })).toBe(true);
    expect(matches({ detail: { ok: [false] } })).toBe(false);
    expect(matches({ detail: { none: [null] } })).toBe(true);
    expect(matches({ detail: { missing: [null] } })).toBe(false);
    // A list is an OR of values.
    expect(matches({ detail: { state: ['RECOVERY_LAUNCH_FAILED', 'RECOVERY_LAUNCH_SUCCEEDED'] } })).toBe(true);
    // Case matters in values and keys.
    expect(matches({ detail: { state: ['recovery_launch_succeeded'] } })).toBe(false);
    expect(matches({ Source: ['aws.drs'] })).toBe(false);
  });

  it('matches an event array when any element matches; an empty array is no value', () => {
    expect(matches({ detail: { tags: ['prod'] } })).toBe(true);
    expect(matches({ detail: { tags: ['dev', 'test'] } })).toBe(false);
    expect(matches({ resources: [{ prefix: 'arn:aws:drs:us-east-1:' }] })).toBe(true);
    const empty = event({}, { resources: [] });
    expect(matches({ resources: [null] }, empty)).toBe(false);
    expect(matches({ resources: [{ exists: false }] }, empty)).toBe(true);
  });

  it('descends nested keys, and matches objects inside arrays element by element', () => {
    const nested = event({ server: { tags: { app: 'ehr', tier: 'db' } }, disks: [{ name: 'root', gb: 50 }, { name: 'data', gb: 500 }] });
    expect(matches({ detail: { server: { tags: { app: ['ehr'] } } } }, nested)).toBe(true);
    expect(matches({ detail: { server: { tags: { app: ['pacs'] } } } }, nested)).toBe(false);
    expect(matches({ detail: { disks: { name: ['data'], gb: [{ numeric: ['>', 100] }] } } }, nested)).toBe(true);
    // Both keys must hold in the same element.
    expect(matches({ detail: { disks: { name: ['root'], gb: [{ numeric: ['>', 100] }] } } }, nested)).toBe(false);
    // A pattern leaf never matches an object.
    expect(matches({ detail: { server: ['x'] } }, nested)).toBe(false);
  });

  it('prefix and suffix, also ignoring case', () => {
    expect(matches({ detail: { 'job-id': [{ prefix: 'drsjob-' }] } })).toBe(true);
    expect(matches({ detail: { 'job-id': [{ prefix: 'DRSJOB-' }] } })).toBe(false);
    expect(matches({ detail: { 'job-id': [{ prefix: { 'equals-ignore-case': 'DRSJOB-' } }] } })).toBe(true);
    expect(matches({ detail: { state: [{ suffix: '_SUCCEEDED' }] } })).toBe(true);
    expect(matches({ detail: { state: [{ suffix: { 'equals-ignore-case': '_succeeded' } }] } })).toBe(true);
    expect(matches({ detail: { count: [{ prefix: '5' }] } })).toBe(false);
  });

  it('anything-but: values, lists, prefixes, suffixes; never a missing field', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'RECOVERY_LAUNCH_FAILED' }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['RECOVERY_LAUNCH_SUCCEEDED', 'X'] }] } })).toBe(false);
    expect(matches({ detail: { count: [{ 'anything-but': [1, 2, 3] }] } })).toBe(true);
    expect(matches({ detail: { count: [{ 'anything-but': 5 }] } })).toBe(false);
    expect(matches({ detail: { 'job-id': [{ 'anything-but': { prefix: 'drsjob-' } }] } })).toBe(false);
    expect(matches({ detail: { 'job-id': [{ 'anything-but': { prefix: 'job-' } }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { suffix: ['_FAILED', '_PENDING'] } }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'recovery_launch_succeeded' } }] } })).toBe(false);
    expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } })).toBe(false);
  });

  it('numeric comparisons and ranges on numbers only', () => {
    expect(matches({ detail: { count: [{ numeric: ['=', 5] }] } })).toBe(true);
    expect(matches({ detail: { count: [{ numeric: ['>', 0, '<=', 5] }] } })).toBe(true);
    expect(matches({ detail: { count: [{ numeric: ['>', 5] }] } })).toBe(false);
    expect(matches({ detail: { count: [{ numeric: ['>=', 5, '<', 10] }] } })).toBe(true);
    expect(matches({ detail: { ratio: [{ numeric: ['<', 1] }] } })).toBe(true);
    expect(matches({ detail: { state: [{ numeric: ['>', 0] }] } })).toBe(false);
    expect(matches({ detail: { none: [{ numeric: ['>', 0] }] } })).toBe(false);
  });

  it('exists true and false, on leaves only', () => {
    expect(matches({ detail: { state: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { missing: [{ exists: true }] } })).toBe(false);
    expect(matches({ detail: { missing: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { state: [{ exists: false }] } })).toBe(false);
    // A null value exists; a missing parent means its children do not.
    expect(matches({ detail: { none: [{ exists: true }] } })).toBe(true);
    expect(matches({ nothing: { below: [{ exists: false }] } })).toBe(true);
    // An object is not a leaf.
    expect(matches({ detail: [{ exists: true }] })).toBe(false);
  });

  it('equals-ignore-case, wildcard and cidr', () => {
    expect(matches({ 'detail-type': [{ 'equals-ignore-case': 'drs source server launch result' }] })).toBe(true);
    expect(matches({ resources: [{ wildcard: 'arn:aws:drs:*:111111111111:source-server/*' }] })).toBe(true);
    expect(matches({ resources: [{ wildcard: 'arn:aws:drs:*:222222222222:source-server/*' }] })).toBe(false);
    expect(matches({ detail: { 'job-id': [{ wildcard: 'drsjob-*' }] } })).toBe(true);
    // `*` may match nothing; `\*` is a literal star.
    expect(matches({ detail: { 'job-id': [{ wildcard: 'drsjob-*0123456789abcdef0' }] } })).toBe(true);
    expect(matches({ detail: { star: [{ wildcard: 'a\\*b' }] } }, event({ star: 'a*b' }))).toBe(true);
    expect(matches({ detail: { star: [{ wildcard: 'a\\*b' }] } }, event({ star: 'axb' }))).toBe(false);
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.0/16' }] } })).toBe(true);
    expect(matches({ detail: { ip: [{ cidr: '10.1.0.0/16' }] } })).toBe(false);
  });

  it('$or: any alternative, together with the other keys', () => {
    const pattern = { source: ['aws.drs'], $or: [{ detail: { state: ['RECOVERY_LAUNCH_FAILED'] } }, { detail: { 'is-drill': ['TRUE'] } }] };
    expect(matches(pattern)).toBe(true);
    expect(matches({ ...pattern, source: ['aws.ec2'] })).toBe(false);
    expect(matches({ $or: [{ detail: { state: ['X'] } }, { detail: { count: [{ numeric: ['>', 10] }] } }] })).toBe(false);
    // Nested inside a key.
    expect(matches({ detail: { $or: [{ count: [{ numeric: ['<', 0] }] }, { ok: [true] }] } })).toBe(true);
  });

  it('accepts the pattern as JSON text, and never matches a non-object', () => {
    expect(matchesPattern('{"detail":{"state":["RECOVERY_LAUNCH_SUCCEEDED"]}}', launch)).toBe(true);
    expect(matchesPattern({ source: ['aws.drs'] }, null)).toBe(false);
    expect(matchesPattern({ source: ['aws.drs'] }, ['aws.drs'])).toBe(false);
  });
});

describe('patternProblem', () => {
  const reason = (pattern: unknown) => patternProblem(JSON.stringify(pattern))?.split('\n')[0];

  it('accepts every operator in its valid form', () => {
    const valid = [
      { source: ['a', 1, true, null] },
      { a: [{ prefix: 'x' }, { suffix: 'y' }, { prefix: { 'equals-ignore-case': 'x' } }, { 'equals-ignore-case': 'z' }] },
      { a: [{ 'anything-but': 'x' }, { 'anything-but': [1, 2] }, { 'anything-but': { prefix: 'x' } }, { 'anything-but': { wildcard: ['*x', 'y*'] } }] },
      { a: [{ numeric: ['>', 0, '<=', 10] }, { numeric: ['=', 3] }, { exists: false }, { wildcard: 'a*b' }, { cidr: '10.0.0.0/8' }] },
      { $or: [{ a: ['x'] }, { b: { c: ['y'] } }] },
    ];
    for (const pattern of valid) expect(patternProblem(JSON.stringify(pattern)), JSON.stringify(pattern)).toBeUndefined();
  });

  it('answers EventBridge reasons for invalid patterns', () => {
    expect(patternProblem('["not", "an", "object"]')).toMatch(/^Filter is not an object/);
    expect(patternProblem('source')).toMatch(/^Unrecognized token 'source'/);
    expect(reason({ source: 'aws.drs' })).toBe('"source" must be an object or an array');
    expect(reason({ source: [] })).toBe('Empty arrays are not allowed');
    expect(reason({ a: [[1]] })).toBe('Match value must be String, number, true, false, or null');
    expect(reason({ a: [{ NUMERIC: ['=', 5] }] })).toBe('Unrecognized match type NUMERIC');
    expect(reason({ a: [{ prefix: 'x', suffix: 'y' }] })).toBe('Only one key allowed in match expression');
    expect(reason({ a: [{ prefix: ['x'] }] })).toBe('prefix match pattern must be a string');
    expect(reason({ a: [{ suffix: 1 }] })).toBe('suffix match pattern must be a string');
    expect(reason({ a: [{ 'equals-ignore-case': ['x'] }] })).toBe('equals-ignore-case match pattern must be a string');
    expect(reason({ a: [{ exists: 'yes' }] })).toBe('exists match pattern must be either true or false.');
    expect(reason({ a: [{ numeric: 10 }] })).toBe('Value of numeric must be an array.');
    expect(reason({ a: [{ numeric: ['>', 0, '>', 0] }] })).toBe('Bad numeric range operator: >');
    expect(reason({ a: [{ numeric: ['>', 0, '<'] }] })).toBe('Value of < must be numeric');
    expect(reason({ a: [{ numeric: ['>', 5, '<', 1] }] })).toBe('Bottom must be less than top');
    expect(reason({ a: [{ numeric: ['=', 'x'] }] })).toBe('Value of equals must be numeric');
    expect(reason({ a: [{ wildcard: 1 }] })).toBe('wildcard match pattern must be a string');
    expect(reason({ a: [{ wildcard: 'a**b' }] })).toBe('Consecutive wildcard characters at pos 2');
    expect(reason({ a: [{ wildcard: '*a*b*c*d*e*f' }] })).toMatch(/^Rule is too complex/);
    expect(reason({ a: [{ 'anything-but': null }] })).toBe('Value of anything-but must be an array or single string/number value.');
    expect(reason({ a: [{ 'anything-but': ['x', null] }] })).toBe('Inside anything but list, start|null|boolean is not supported.');
    expect(reason({ a: [{ 'anything-but': { prefix: '' } }] })).toBe('Null prefix/suffix not allowed');
    expect(reason({ a: [{ 'anything-but': { suffix: 1 } }] })).toBe('prefix/suffix match pattern must be a string');
    expect(reason({ a: [{ 'anything-but': { numeric: ['>', 1] } }] })).toBe('Unsupported anything-but pattern: numeric');
    expect(reason({ a: [{ cidr: '10.0.0.0' }] })).toBe("Malformed CIDR, one '/' required");
    expect(reason({ $or: [{ a: ['x'] }] })).toBe('$or must be an array of at least two objects');
    expect(reason({ $or: [{ a: ['x'] }, { b: [] }] })).toBe('Empty arrays are not allowed');
  });
});
