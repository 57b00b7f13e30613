// Staff use cases: register (a Cognito user in the roles' groups with a permanent password, then the
// record — the user is removed again if the record cannot be written), enable, disable (Cognito, and the
// record with the API's status item in one transaction) and the caller's own profile.
import { randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Logger } from '@aws-lambda-powertools/logger';
import { staffOut, type StaffRecord } from '../../domain/staff/model.ts';
import { checkNewPassword, checkRoles, checkStaffId, normalizeEmail } from '../../domain/staff/rules.ts';
import { createStaff, getStaff, setStaffEnabled } from '../../domain/staff/store.ts';
import { AppError } from '../../platform/errors.ts';
import type { RegisterStaffInput, Staff } from '../../platform/generated/graphql.ts';
import { STAFF_ROLE_GROUP } from '../../platform/rbac.ts';
import { isIam, type Identity } from '../../platform/resolver-event.ts';
import { forgetUserStatus } from '../../platform/user-status.ts';
import { cognito, userPoolId } from './cognito.ts';

const logger = new Logger({ serviceName: 'staff' });

/** Cognito's refusals of a new user that are the caller's to fix. */
function fromCognito(e: unknown): unknown {
  const name = (e as Error).name;
  if (name === 'AliasExistsException' || name === 'UsernameExistsException') {
    return new AppError('STAFF_EXISTS', 'A staff member with this email already exists', { field: 'email' });
  }
  if (name === 'InvalidPasswordException') return new AppError('INVALID_PASSWORD', 'password does not meet the password policy', { field: 'password' });
  return e;
}

export async function registerStaff(input: RegisterStaffInput): Promise<Staff> {
  const email = normalizeEmail(input.email);
  const password = checkNewPassword(input.password);
  const roles = checkRoles(input.roles);
  // The pool's email is a sign-in alias, so the username must not look like one: a generated name.
  const username = `staff-${randomUUID()}`;
  const pool = userPoolId();
  let created;
  try {
    created = await cognito().send(
      new AdminCreateUserCommand({
        UserPoolId: pool,
        Username: username,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
  } catch (e) {
    throw fromCognito(e);
  }
  const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
  try {
    if (!sub) throw new Error('AdminCreateUser answered no sub');
    await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: username, Password: password, Permanent: true }));
    for (const role of roles) {
      await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: username, GroupName: STAFF_ROLE_GROUP[role] }));
    }
    const now = new Date().toISOString();
    const record: StaffRecord = { staffId: sub, username, email, roles, enabled: true, createdAt: now, updatedAt: now };
    await createStaff(record);
    return staffOut(record);
  } catch (e) {
    // Undo the Cognito user: no account without its record (nor one holding the email's alias).
    await cognito()
      .send(new AdminDeleteUserCommand({ UserPoolId: pool, Username: username }))
      .catch((undo) => logger.error('could not remove the Cognito user of a failed registration', { username, error: undo as Error }));
    throw fromCognito(e);
  }
}

async function existing(staffId: unknown): Promise<StaffRecord> {
  const id = checkStaffId(staffId);
  const s = await getStaff(id);
  if (!s) throw new AppError('STAFF_NOT_FOUND', 'Staff member not found', { staffId: id });
  return s;
}

export async function enableStaff(staffId: string): Promise<Staff> {
  const s = await existing(staffId);
  await cognito().send(new AdminEnableUserCommand({ UserPoolId: userPoolId(), Username: s.username }));
  const now = new Date();
  await setStaffEnabled(s.staffId, true, now);
  forgetUserStatus(s.staffId);
  return staffOut({ ...s, enabled: true, updatedAt: now.toISOString() });
}

export async function disableStaff(staffId: string, identity: Identity): Promise<Staff> {
  const s = await existing(staffId);
  if (identity && !isIam(identity) && identity.sub === s.staffId) {
    throw new AppError('FORBIDDEN', 'An administrator cannot disable their own account');
  }
  // The API's refusal first (tokens stop working at once), then Cognito (no sign-in, no refresh).
  const now = new Date();
  await setStaffEnabled(s.staffId, false, now);
  forgetUserStatus(s.staffId);
  await cognito().send(new AdminDisableUserCommand({ UserPoolId: userPoolId(), Username: s.username }));
  await cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId(), Username: s.username }));
  return staffOut({ ...s, enabled: false, updatedAt: now.toISOString() });
}

export async function staffMe(identity: Identity): Promise<Staff> {
  if (!identity || isIam(identity)) throw new AppError('UNAUTHORIZED', "A staff member's token is required");
  const s = await getStaff(identity.sub);
  if (!s) throw new AppError('STAFF_NOT_FOUND', 'Staff member not found');
  if (!s.enabled) throw new AppError('ACCOUNT_DISABLED', 'The account is disabled');
  return staffOut(s);
}
