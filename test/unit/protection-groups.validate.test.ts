// The pure input rules of protection groups.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import {
  MAX_EXPLICIT_SERVERS,
  canonicalTags,
  validLaunchConfigShape,
  validName,
  validSelection,
} from '../../domain/protection-groups/validate.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'none';
};
const sid = (n: number) => `s-${n.toString(16).padStart(17, '0')}`;

describe('protection group input rules', () => {
  it('names: trimmed, 1..64 characters', () => {
    expect(validName('  DB  ')).toBe('DB');
    expect(code(() => validName(null))).toBe('MISSING_FIELD');
    expect(code(() => validName(' '))).toBe('INVALID_NAME');
    expect(code(() => validName('x'.repeat(65)))).toBe('INVALID_NAME');
    expect(validName('x'.repeat(64))).toHaveLength(64);
  });

  it('selection: explicit ids or tags, exactly one on create', () => {
    expect(validSelection([sid(1)], null, true)).toEqual({ sourceServerIds: [sid(1)], serverSelectionTags: [] });
    expect(validSelection(null, [{ key: 'b', value: '2' }, { key: 'a', value: '1' }], true)).toEqual({
      sourceServerIds: [],
      serverSelectionTags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }],
    });
    expect(validSelection(null, null, false)).toBeNull();
    expect(code(() => validSelection(null, null, true))).toBe('MISSING_FIELD');
    expect(code(() => validSelection([sid(1)], [{ key: 'a', value: '1' }], true))).toBe('INVALID_SERVERS');
    expect(code(() => validSelection([sid(1), sid(1)], null, true))).toBe('INVALID_SERVERS');
    expect(code(() => validSelection(Array.from({ length: MAX_EXPLICIT_SERVERS + 1 }, (_, i) => sid(i)), null, true))).toBe('INVALID_SERVERS');
    expect(code(() => validSelection(null, [{ key: ' ', value: '1' }], true))).toBe('INVALID_TAGS');
  });

  it('a tag set has one canonical form whatever the order', () => {
    expect(canonicalTags([{ key: 'b', value: '2' }, { key: 'a', value: '1' }])).toBe(canonicalTags([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]));
    expect(canonicalTags([{ key: 'a', value: '1' }])).not.toBe(canonicalTags([{ key: 'a', value: '2' }]));
  });

  it('launch configuration shape: ids, instance type, and only the fields given', () => {
    expect(validLaunchConfigShape({ subnetId: 'subnet-0123456789abcdef0', copyTags: true, instanceType: null })).toEqual({
      subnetId: 'subnet-0123456789abcdef0',
      copyTags: true,
    });
    expect(code(() => validLaunchConfigShape({ subnetId: 'subnet-x' }))).toBe('INVALID_LAUNCH_CONFIG');
    expect(code(() => validLaunchConfigShape({ securityGroupIds: ['sg-0123456789abcdef0'] }))).toBe('INVALID_LAUNCH_CONFIG');
    expect(code(() => validLaunchConfigShape({ instanceType: 'huge' }))).toBe('INVALID_LAUNCH_CONFIG');
  });
});
