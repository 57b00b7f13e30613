// Staff records in the table: created with their email lock in one transaction (one staff member per
// email, atomically), enabled/disabled together with the per-user status item the API checks, and the
// password-reset tokens (hashed, single use, expiring) with their per-email throttle.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { AppError } from '../../platform/errors.ts';
import { conditionFailed, lockPut, transact, type TxItem } from '../../platform/tx.ts';
import { userStatusKey } from '../../platform/user-status.ts';
import { resetThrottleKey, resetTokenKey, staffEmailLock, staffKey } from './keys.ts';
import { staffItem, type StaffRecord } from './model.ts';


export async function getStaff(staffId: string): Promise<StaffRecord | null> {
  const r = await ddb().send(new GetCommand({ TableName: tableName(), Key: staffKey(staffId), ConsistentRead: true }));
  if (!r.Item) return null;
  const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _g, gsi1sk: _s, ...record } = r.Item;
  return record as StaffRecord;
}

export async function staffByEmail(email: string): Promise<StaffRecord | null> {
  const lock = await ddb().send(new GetCommand({ TableName: tableName(), Key: staffEmailLock(email), ConsistentRead: true }));
  return typeof lock.Item?.staffId === 'string' ? getStaff(lock.Item.staffId) : null;
}

/** The record and its email lock, atomically: STAFF_EXISTS when the email (or the id) is taken. */
export function staffCreateItems(s: StaffRecord): TxItem[] {
  return [
    { Put: { TableName: tableName(), Item: staffItem(s), ConditionExpression: 'attribute_not_exists(pk)' } },
    lockPut(staffEmailLock(s.email), { staffId: s.staffId }),
  ];
}

export async function createStaff(s: StaffRecord): Promise<void> {
  await transact(staffCreateItems(s), async () => {
    throw new AppError('STAFF_EXISTS', 'A staff member with this email already exists', { field: 'email' });
  });
}

/**
 * Enables or disables the record and, in the same transaction, the status item the API reads: disabling
 * revokes every token issued until the end of this second (revokedBefore, Cognito's iat being in whole
 * seconds); enabling keeps them refused. A sign-in in that same second is refused too: sign in again.
 */
export async function setStaffEnabled(staffId: string, enabled: boolean, now: Date): Promise<void> {
  const status: TxItem = enabled
    ? {
        Update: {
          TableName: tableName(),
          Key: userStatusKey(staffId),
          // revokedBefore stays: the tokens from before the disable remain refused.
          UpdateExpression: 'SET disabled = :f, entity = :e, updatedAt = :now',
          ExpressionAttributeValues: { ':f': false, ':e': 'UserStatus', ':now': now.toISOString() },
        },
      }
    : {
        Put: {
          TableName: tableName(),
          Item: { ...userStatusKey(staffId), entity: 'UserStatus', disabled: true, revokedBefore: Math.floor(now.getTime() / 1000) + 1, updatedAt: now.toISOString() },
        },
      };
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: staffKey(staffId),
          UpdateExpression: 'SET enabled = :en, updatedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':en': enabled, ':now': now.toISOString() },
        },
      },
      status,
    ],
    async () => {
      throw new AppError('STAFF_NOT_FOUND', 'Staff member not found');
    },
  );
}

// ------------------------------------------------------------------ password reset

export interface ResetToken {
  staffId: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export async function putResetToken(tokenHash: string, t: ResetToken): Promise<void> {
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      // ttl: DynamoDB removes it some time after expiry; expiresAt is what the confirmation checks.
      Item: { ...resetTokenKey(tokenHash), entity: 'PasswordResetToken', ...t, ttl: t.expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Deletes the token if it exists and has not expired, and answers it; null otherwise (used, expired, unknown). */
export async function consumeResetToken(tokenHash: string, now: Date): Promise<ResetToken | null> {
  try {
    const r = await ddb().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: resetTokenKey(tokenHash),
        ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const item = r.Attributes;
    return item ? { staffId: String(item.staffId), expiresAt: Number(item.expiresAt) } : null;
  } catch (e) {
    if (conditionFailed(e)) return null;
    throw e;
  }
}

/** Claims the email's reset slot for `windowSeconds`; false while an earlier claim holds it. */
export async function claimResetSlot(email: string, now: Date, windowSeconds: number): Promise<boolean> {
  const nowS = Math.floor(now.getTime() / 1000);
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...resetThrottleKey(email), entity: 'PasswordResetThrottle', until: nowS + windowSeconds, ttl: nowS + windowSeconds + 60 },
        ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: { ':now': nowS },
      }),
    );
    return true;
  } catch (e) {
    if (conditionFailed(e)) return false;
    throw e;
  }
}
