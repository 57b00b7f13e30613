// Target accounts in the single table. One registration per AWS account ID (a lock item keyed by the
// account ID) and "no delete while a protection group names the account" (the lock's groupRefCount,
// which the group's own create and delete transactions move) are conditions of one transaction.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../platform/aws/dynamodb.ts';
import { queryAllListed } from '../../platform/query.ts';
import { AppError } from '../../platform/errors.ts';
import { TARGET_ACCOUNT_LIST, targetAccountGroupRef, targetAccountKey, targetAccountListSk, targetAccountLock } from './keys.ts';
import { addReference, lockPut, referencesUnder, removeReference, transact, type TxItem } from '../../platform/tx.ts';
import type { TargetAccount } from '../../platform/generated/graphql.ts';

/** Never answered: the API says only whether one is set (hasExternalId). */
export interface StoredTargetAccount extends TargetAccount {
  externalId: string | null;
  createdBy?: string;
  updatedBy?: string;
}

const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity'];
function fromItem(item: Record<string, unknown>): StoredTargetAccount {
  const a = { ...item };
  for (const k of KEY_ATTRS) delete a[k];
  return { externalId: null, ...a } as unknown as StoredTargetAccount;
}

function toItem(a: StoredTargetAccount) {
  const { externalId, ...rest } = a;
  return {
    ...targetAccountKey(a.id),
    entity: 'TargetAccount',
    gsi1pk: TARGET_ACCOUNT_LIST,
    gsi1sk: targetAccountListSk(a.accountId, a.id),
    ...rest,
    // Absent rather than null, so conditions can say attribute_not_exists(externalId).
    ...(externalId ? { externalId } : {}),
    hasExternalId: !!externalId,
  };
}

/** The account as the API answers it: the external id stays in the table. */
export function publicAccount(a: StoredTargetAccount): TargetAccount {
  const { externalId, createdBy: _c, updatedBy: _u, ...rest } = a;
  return { ...rest, hasExternalId: !!externalId };
}

export async function getTargetAccount(id: string): Promise<StoredTargetAccount | null> {
  const r = await ddb().send(new GetCommand({ TableName: tableName(), Key: targetAccountKey(id), ConsistentRead: true }));
  return r.Item ? fromItem(r.Item) : null;
}

/** The registration of an AWS account ID, or null when that account is not registered. */
export async function getTargetAccountByAccountId(accountId: string): Promise<StoredTargetAccount | null> {
  const lock = await ddb().send(new GetCommand({ TableName: tableName(), Key: targetAccountLock(accountId), ConsistentRead: true }));
  const id = lock.Item?.targetAccountId as string | undefined;
  return id ? getTargetAccount(id) : null;
}

/** Every registered target account (external ids included: for callers that assume the roles). */
export async function listTargetAccounts(): Promise<StoredTargetAccount[]> {
  return (await queryAllListed(TARGET_ACCOUNT_LIST)).map(fromItem);
}

export async function insertTargetAccount(a: StoredTargetAccount): Promise<void> {
  const items: TxItem[] = [
    { Put: { TableName: tableName(), Item: toItem(a), ConditionExpression: 'attribute_not_exists(pk)' } },
    lockPut(targetAccountLock(a.accountId), { targetAccountId: a.id, accountId: a.accountId, groupRefCount: 0 }),
  ];
  await transact(items, async (reasons) => {
    if (reasons[1]?.Code === 'ConditionalCheckFailed') {
      const existingId = (reasons[1].Item?.targetAccountId as { S?: string } | undefined)?.S;
      throw new AppError('TARGET_ACCOUNT_EXISTS', `Account ${a.accountId} is already registered as a target account`, {
        field: 'accountId',
        accountId: a.accountId,
        existingId,
      });
    }
    throw new AppError('INTERNAL_ERROR', `Register failed: ${reasons.map((r) => r.Code).join(',')}`);
  });
}

/**
 * Writes the editable fields; a changed role or external id makes the last validation stale, so the
 * status goes back to NOT_VALIDATED. Answers the stored account after the change.
 */
export async function saveTargetAccount(a: StoredTargetAccount, roleChanged: boolean): Promise<StoredTargetAccount> {
  const set = ['accountName = :name', 'crossAccountRoleArn = :arn', 'hasExternalId = :has', 'updatedAt = :now', 'updatedBy = :by'];
  const remove: string[] = [];
  const values: Record<string, unknown> = {
    ':name': a.accountName,
    ':arn': a.crossAccountRoleArn,
    ':has': !!a.externalId,
    ':now': a.updatedAt,
    ':by': a.updatedBy,
  };
  if (a.externalId) {
    set.push('externalId = :ext');
    values[':ext'] = a.externalId;
  } else {
    remove.push('externalId');
  }
  if (roleChanged) {
    set.push('validationStatus = :status');
    values[':status'] = 'NOT_VALIDATED';
    remove.push('validationMessage');
  }
  try {
    const r = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: targetAccountKey(a.id),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(r.Attributes!);
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') throw notFound(a.id);
    throw e;
  }
}

export const notFound = (id: string) => new AppError('TARGET_ACCOUNT_NOT_FOUND', `Target account ${id} not found`, { id });

export async function removeTargetAccount(a: StoredTargetAccount): Promise<void> {
  const items: TxItem[] = [
    { Delete: { TableName: tableName(), Key: targetAccountKey(a.id), ConditionExpression: 'attribute_exists(pk)' } },
    {
      Delete: {
        TableName: tableName(),
        Key: targetAccountLock(a.accountId),
        ConditionExpression: 'targetAccountId = :id AND (attribute_not_exists(groupRefCount) OR groupRefCount = :zero)',
        ExpressionAttributeValues: { ':id': a.id, ':zero': 0 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  ];
  await transact(items, async (reasons) => {
    if (reasons[0]?.Code === 'ConditionalCheckFailed') throw notFound(a.id);
    if (reasons[1]?.Code === 'ConditionalCheckFailed') {
      const groups = await groupReferences(a.accountId);
      throw new AppError(
        'TARGET_ACCOUNT_IN_USE',
        `Cannot delete target account ${a.accountId} - it is used by ${groups.length} Protection Group(s)`,
        { accountId: a.accountId, protectionGroupIds: groups },
      );
    }
    throw new AppError('INTERNAL_ERROR', `Delete failed: ${reasons.map((r) => r.Code).join(',')}`);
  });
}

/**
 * Records a validation outcome (a result, not an edit: updatedAt stays) if the role it tested is still
 * the stored one; answers false when the account changed or went away meanwhile.
 */
export async function recordValidation(
  a: StoredTargetAccount,
  result: { valid: boolean; message: string | null; validatedAt: string },
): Promise<boolean> {
  const values: Record<string, unknown> = {
    ':status': result.valid ? 'VALID' : 'INVALID',
    ':msg': result.message,
    ':at': result.validatedAt,
    ':arn': a.crossAccountRoleArn,
  };
  let sameExternalId = 'attribute_not_exists(externalId)';
  if (a.externalId) {
    sameExternalId = 'externalId = :ext';
    values[':ext'] = a.externalId;
  }
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: targetAccountKey(a.id),
        UpdateExpression: 'SET validationStatus = :status, validationMessage = :msg, lastValidatedAt = :at',
        ConditionExpression: `attribute_exists(pk) AND crossAccountRoleArn = :arn AND ${sameExternalId}`,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

// ---- group references: the transaction items protection groups add to their own writes.

/** The group names a registered target account: fails the group's transaction when it is not registered. */
export function addGroupReference(accountId: string, groupId: string): TxItem[] {
  return addReference(targetAccountLock(accountId), 'groupRefCount', {
    ...targetAccountGroupRef(accountId, groupId),
    entity: 'TargetAccountRef',
    groupId,
    accountId,
  });
}

export function removeGroupReference(accountId: string, groupId: string): TxItem[] {
  return removeReference(targetAccountLock(accountId), 'groupRefCount', targetAccountGroupRef(accountId, groupId));
}

export async function groupReferences(accountId: string): Promise<string[]> {
  return (await referencesUnder(targetAccountLock(accountId).pk, 'GROUPREF#')).map((i) => i.groupId as string);
}
