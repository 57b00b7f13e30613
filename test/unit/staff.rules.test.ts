// Seed 001's field rules (domain/staff/rules.ts, domain/tenants/rules.ts): email format and
// lower-casing, passwords 8–128 with the four character classes, UUID v4 ids, roles, tenant fields.
import { describe, expect, it } from 'vitest';
import { checkNewPassword, checkRoles, checkStaffId, normalizeEmail } from '../../domain/staff/rules.ts';
import { checkTenant } from '../../domain/tenants/rules.ts';
import { AppError } from '../../platform/errors.ts';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return undefined;
};

describe('email', () => {
  it('trims and lower-cases a valid address', () => {
    expect(normalizeEmail('  NewStaff@Example.COM ')).toBe('newstaff@example.com');
    expect(normalizeEmail('a.b+tag@sub.example.co.uk')).toBe('a.b+tag@sub.example.co.uk');
  });
  for (const bad of ['', 'user', 'user@', '@example.com', 'user@example', 'us er@example.com', 'user@@example.com', 'user@exa mple.com', 42, null, undefined, `${'a'.repeat(250)}@example.com`]) {
    it(`refuses ${JSON.stringify(bad)?.slice(0, 30)}`, () => expect(code(() => normalizeEmail(bad))).toBe('INVALID_EMAIL'));
  }
});

describe('new passwords', () => {
  it('accepts the seed’s examples and the bounds', () => {
    for (const ok of ['StrongPassword123!', 'NewPassword123!', 'Aa1!aaaa', `Aa1!${'a'.repeat(124)}`]) expect(checkNewPassword(ok)).toBe(ok);
  });
  const cases: Array<[string, string]> = [
    ['Aa1!aaa', '8 or more characters'],
    [`Aa1!${'a'.repeat(125)}`, 'no more than 128 characters'],
    ['password123!', 'an uppercase letter'],
    ['PASSWORD123!', 'a lowercase letter'],
    ['Password!!!!', 'a number'],
    ['Password1234', 'a special character'],
  ];
  for (const [bad, why] of cases) {
    it(`refuses one without ${why}`, () => {
      expect(code(() => checkNewPassword(bad))).toBe('INVALID_PASSWORD');
      expect(() => checkNewPassword(bad)).toThrow(why);
    });
  }
  it('refuses a missing one', () => {
    expect(code(() => checkNewPassword(undefined))).toBe('INVALID_PASSWORD');
    expect(code(() => checkNewPassword(''))).toBe('INVALID_PASSWORD');
  });
});

describe('staff ids (UUID v4)', () => {
  it('accepts a v4 UUID in any case', () => {
    expect(checkStaffId('550e8400-e29b-41d4-a716-446655440002')).toBe('550e8400-e29b-41d4-a716-446655440002');
    expect(checkStaffId('550E8400-E29B-41D4-A716-446655440002')).toBe('550e8400-e29b-41d4-a716-446655440002');
  });
  for (const bad of ['', 'not-a-uuid', '550e8400-e29b-11d4-a716-446655440002', '550e8400-e29b-41d4-c716-446655440002', '550e8400e29b41d4a716446655440002', 7]) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(code(() => checkStaffId(bad))).toBe('INVALID_STAFF_ID'));
  }
});

describe('roles', () => {
  it('accepts known roles, collapses duplicates, answers them in admin, manager, staff order', () => {
    expect(checkRoles(['staff'])).toEqual(['staff']);
    expect(checkRoles(['staff', 'admin', 'staff'])).toEqual(['admin', 'staff']);
  });
  for (const bad of [[], ['superuser'], ['staff', 'Admin'], 'staff', null, undefined, [1]]) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(code(() => checkRoles(bad))).toBe('INVALID_ROLES'));
  }
});

describe('tenants', () => {
  it('accepts the seed’s example, trims the name and lower-cases the email', () => {
    expect(
      checkTenant({ name: ' Acme Corporation ', email: 'Contact@Acme.com', contactInfo: { phone: '+1-555-123-4567', address: '123 Main St, City, State', company: 'Acme Corp' } }),
    ).toEqual({ name: 'Acme Corporation', email: 'contact@acme.com', contactInfo: { phone: '+1-555-123-4567', address: '123 Main St, City, State', company: 'Acme Corp' } });
    expect(checkTenant({ name: 'x', email: 'a@b.io' })).toEqual({ name: 'x', email: 'a@b.io', contactInfo: null });
  });
  it('refuses an empty or over-long name, a bad email, over-long contact info', () => {
    expect(code(() => checkTenant({ name: '  ', email: 'a@b.io' }))).toBe('INVALID_TENANT');
    expect(code(() => checkTenant({ name: 'x'.repeat(256), email: 'a@b.io' }))).toBe('INVALID_TENANT');
    expect(checkTenant({ name: 'x'.repeat(255), email: 'a@b.io' }).name).toHaveLength(255);
    expect(code(() => checkTenant({ name: 'x', email: 'nope' }))).toBe('INVALID_EMAIL');
    expect(code(() => checkTenant({ name: 'x', email: 'a@b.io', contactInfo: { phone: 'p'.repeat(256) } }))).toBe('INVALID_TENANT');
  });
});
