// Seed 001's field rules for staff, login and password reset: email (format, lower-cased), password
// (8–128 with upper, lower, digit and special character), UUID v4 ids, roles (a non-empty array of
// admin|manager|staff).
import { AppError } from '../../platform/errors.ts';
import { STAFF_ROLES, type StaffRole } from '../../platform/rbac.ts';

// Local part, @, a dotted domain whose last label has two letters or more; no spaces, at most 254 long.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A valid email, trimmed and lower-cased; INVALID_EMAIL otherwise. */
export function normalizeEmail(value: unknown, field = 'email'): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!email) throw new AppError('INVALID_EMAIL', `${field} is required`, { field });
  if (email.length > 254 || !EMAIL.test(email)) throw new AppError('INVALID_EMAIL', `${field} is not a valid email address`, { field });
  return email;
}

/** The rule for new passwords; INVALID_PASSWORD naming what is missing. */
export function checkNewPassword(value: unknown, field = 'password'): string {
  if (typeof value !== 'string' || !value) throw new AppError('INVALID_PASSWORD', `${field} is required`, { field });
  const problems: string[] = [];
  if (value.length < 8) problems.push('8 or more characters');
  if (value.length > 128) problems.push('no more than 128 characters');
  if (!/[A-Z]/.test(value)) problems.push('an uppercase letter');
  if (!/[a-z]/.test(value)) problems.push('a lowercase letter');
  if (!/[0-9]/.test(value)) problems.push('a number');
  if (!/[^A-Za-z0-9]/.test(value)) problems.push('a special character');
  if (problems.length) throw new AppError('INVALID_PASSWORD', `${field} needs ${problems.join(', ')}`, { field });
  return value;
}

export function checkStaffId(value: unknown, field = 'staff_id'): string {
  if (typeof value !== 'string' || !UUID_V4.test(value)) throw new AppError('INVALID_STAFF_ID', `${field} must be a UUID v4`, { field });
  return value.toLowerCase();
}

export const isUuidV4 = (value: unknown): boolean => typeof value === 'string' && UUID_V4.test(value);

/** Roles: an array of known roles, at least one; duplicates collapse, answered in STAFF_ROLES order. */
export function checkRoles(value: unknown, field = 'roles'): StaffRole[] {
  if (!Array.isArray(value)) throw new AppError('INVALID_ROLES', `${field} must be an array of ${STAFF_ROLES.join(', ')}`, { field });
  if (!value.length) throw new AppError('INVALID_ROLES', `${field} needs one role or more`, { field });
  const unknown = value.filter((r) => !(STAFF_ROLES as readonly unknown[]).includes(r));
  if (unknown.length) throw new AppError('INVALID_ROLES', `${field} may only hold ${STAFF_ROLES.join(', ')}`, { field, unknown: unknown.map(String) });
  return STAFF_ROLES.filter((r) => value.includes(r));
}
