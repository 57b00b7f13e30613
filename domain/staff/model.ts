// The stored staff record: the Cognito user's sub as staffId, its Cognito username (generated, never
// email-shaped: the pool's email is a sign-in alias) and the profile seed 001 answers.
import type { Staff } from '../../platform/generated/graphql.ts';
import type { StaffRole } from '../../platform/rbac.ts';
import { STAFF_LIST, staffKey, staffListSk } from './keys.ts';

export interface StaffRecord extends Staff {
  username: string;
  roles: StaffRole[];
}

/** The record's item (with its listing keys); infra/local seeds the local users' records with it too. */
export function staffItem(s: StaffRecord): Record<string, unknown> {
  return { ...staffKey(s.staffId), entity: 'Staff', gsi1pk: STAFF_LIST, gsi1sk: staffListSk(s.email, s.staffId), ...s };
}

/** What the API answers: the record without its Cognito username. */
export function staffOut(s: StaffRecord): Staff {
  return { staffId: s.staffId, email: s.email, roles: [...s.roles], enabled: s.enabled, createdAt: s.createdAt, updatedAt: s.updatedAt };
}
