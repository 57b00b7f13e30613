// The pure input rules of protection groups.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import {
  MAX_EXPLICIT_SERVERS,
  canonicalTags,
  validAccount,
  validLaunchConfigShape,
  validName,
  validRegion,
  validSelection,
  validServerIds,
  validTags,
} from '../../domain/protection-groups/validate.ts';
import { refusal } from './support/errors.ts';

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

describe('the guide\'s codes and the field each refusal names', () => {
  it('name: MISSING_FIELD / INVALID_NAME with the guide\'s messages, on field name', () => {
    expect(refusal(() => validName(undefined))).toMatchObject({ code: 'MISSING_FIELD', field: 'name', message: 'name is required' });
    expect(refusal(() => validName(''))).toMatchObject({ code: 'INVALID_NAME', field: 'name', message: 'Name cannot be empty' });
    expect(refusal(() => validName('x'.repeat(65)))).toMatchObject({ code: 'INVALID_NAME', field: 'name', message: 'Name must be 64 characters or fewer' });
  });

  it('region: required, and an AWS region name', () => {
    expect(validRegion(' us-east-1 ')).toBe('us-east-1');
    expect(validRegion('us-gov-west-1')).toBe('us-gov-west-1');
    expect(refusal(() => validRegion(null))).toMatchObject({ code: 'MISSING_FIELD', field: 'region' });
    expect(refusal(() => validRegion('', 'MISSING_REGION'))).toMatchObject({ code: 'MISSING_REGION', field: 'region' });
    expect(refusal(() => validRegion('Virginia'))).toMatchObject({ code: 'MISSING_REGION', field: 'region' });
  });

  it('account: absent is none; else 12 digits (INVALID_ACCOUNT_ID on accountId)', () => {
    expect(validAccount(null)).toBeNull();
    expect(validAccount('')).toBeNull();
    expect(validAccount('123456789012')).toBe('123456789012');
    expect(refusal(() => validAccount('12345'))).toMatchObject({ code: 'INVALID_ACCOUNT_ID', field: 'accountId' });
  });

  it('server ids: INVALID_SERVERS on sourceServerIds, naming the malformed ones and the limit', () => {
    expect(refusal(() => validServerIds([]))).toMatchObject({ code: 'INVALID_SERVERS', field: 'sourceServerIds', message: 'SourceServerIds must be a non-empty array' });
    expect(refusal(() => validServerIds([sid(1), 's-nothex', 'i-0123']))).toMatchObject({
      code: 'INVALID_SERVERS',
      field: 'sourceServerIds',
      details: { invalidServerIds: ['s-nothex', 'i-0123'] },
    });
    expect(refusal(() => validServerIds(Array.from({ length: 96 }, (_, i) => sid(i))))).toMatchObject({ details: { field: 'sourceServerIds', max: 95 } });
    expect(validServerIds(Array.from({ length: 95 }, (_, i) => sid(i)))).toHaveLength(95);
  });

  it('tags: INVALID_TAGS on serverSelectionTags (empty set, blank or repeated key); sorted by key', () => {
    expect(refusal(() => validTags([]))).toMatchObject({ code: 'INVALID_TAGS', field: 'serverSelectionTags', message: 'ServerSelectionTags must be a non-empty object' });
    expect(refusal(() => validTags([{ key: 'a', value: '1' }, { key: 'a', value: '2' }]))).toMatchObject({ code: 'INVALID_TAGS', field: 'serverSelectionTags' });
    expect(validTags([{ key: 'Tier', value: '' }, { key: 'App', value: 'HRP' }])).toEqual([
      { key: 'App', value: 'HRP' },
      { key: 'Tier', value: '' },
    ]);
  });

  it('selection: an empty list beside a non-empty one is no conflict; on update nothing given is no change', () => {
    expect(validSelection([], [{ key: 'a', value: '1' }], true)).toEqual({ sourceServerIds: [], serverSelectionTags: [{ key: 'a', value: '1' }] });
    expect(validSelection([sid(2)], [], true)).toEqual({ sourceServerIds: [sid(2)], serverSelectionTags: [] });
    expect(refusal(() => validSelection(null, null, true))).toMatchObject({ code: 'MISSING_FIELD', field: 'sourceServerIds' });
    expect(refusal(() => validSelection([sid(1)], [{ key: 'a', value: '1' }], false))).toMatchObject({ code: 'INVALID_SERVERS', field: 'sourceServerIds' });
  });

  it('launch configuration: INVALID_LAUNCH_CONFIG on launchConfig.<field>', () => {
    const field = (lc: Parameters<typeof validLaunchConfigShape>[0]) => refusal(() => validLaunchConfigShape(lc));
    expect(field({ subnetId: 'subnet-x' })).toMatchObject({ code: 'INVALID_LAUNCH_CONFIG', field: 'launchConfig.subnetId' });
    expect(field({ subnetId: 'subnet-12345678', securityGroupIds: ['sg-1'] })).toMatchObject({ field: 'launchConfig.securityGroupIds' });
    const six = Array.from({ length: 6 }, (_, i) => `sg-0000000${i}`);
    expect(field({ subnetId: 'subnet-12345678', securityGroupIds: six })).toMatchObject({ field: 'launchConfig.securityGroupIds', message: 'At most 5 security groups per network interface' });
    expect(field({ securityGroupIds: ['sg-12345678'] })).toMatchObject({ field: 'launchConfig.subnetId', message: 'SecurityGroupIds need a SubnetId' });
    expect(field({ instanceType: 'R5.XLARGE' })).toMatchObject({ field: 'launchConfig.instanceType' });
    expect(field({ instanceProfileName: 'has space' })).toMatchObject({ field: 'launchConfig.instanceProfileName' });
    // The guide's own example passes.
    expect(
      validLaunchConfigShape({
        subnetId: 'subnet-12345678',
        securityGroupIds: ['sg-12345678', 'sg-87654321'],
        instanceType: 'r5.xlarge',
        instanceProfileName: 'EC2-DRS-Recovery-Role',
        copyPrivateIp: true,
        copyTags: true,
        licensing: { osByol: false },
        targetInstanceTypeRightSizingMethod: 'BASIC',
        launchDisposition: 'STARTED',
      }),
    ).toMatchObject({ subnetId: 'subnet-12345678', licensing: { osByol: false }, launchDisposition: 'STARTED' });
    expect(validLaunchConfigShape(null)).toBeNull();
  });
});
