// Staff locally: the environment the staff function and the façade's status check need (as
// infra/cdk/staff.ts sets it in AWS), and a staff record for each seeded Cognito user, so a new user
// can log in through POST /auth/login and see GET /staff/me at once. The records are built by the
// domain's own item builder (domain/staff/model.ts), with their email locks.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { staffEmailLock } from '../../domain/staff/keys.ts';
import { staffItem } from '../../domain/staff/model.ts';
import { staffRolesOf } from '../../platform/rbac.ts';
import type { LAMBDAS } from '../api.ts';
import type { CognitoUserRecord } from './aws/fixtures.ts';
import { DEFAULT_SES_SENDER } from './aws/ses.ts';

export function localStaffEnv(
  fn: keyof typeof LAMBDAS,
  o: { tableName: string; userPoolId: string; clientId: string },
): Record<string, string> {
  if (fn === 'staff') {
    const link: Record<string, string> = process.env.RESET_LINK_BASE ? { RESET_LINK_BASE: process.env.RESET_LINK_BASE } : {};
    return { USER_POOL_ID: o.userPoolId, USER_POOL_CLIENT_ID: o.clientId, RESET_SENDER: process.env.RESET_SENDER ?? DEFAULT_SES_SENDER, ...link };
  }
  // The façade has no table, but reads the per-user status items (platform/user-status.ts).
  if (fn === 'rest-api') return { TABLE_NAME: o.tableName };
  return {};
}

/** A record per seeded user (kept as they are when DATA_DIR already holds them). */
export async function seedLocalStaff(client: DynamoDBClient, table: string, users: readonly CognitoUserRecord[]): Promise<void> {
  // Not destroyed: it wraps the stack's client, which the stack closes.
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  for (const u of users) {
    const email = (u.attributes.email ?? '').toLowerCase();
    if (!email) continue;
    const at = u.created.toISOString();
    const item = staffItem({ staffId: u.sub, username: u.username, email, roles: staffRolesOf(u.groups), enabled: u.enabled, createdAt: at, updatedAt: at });
    const put = (i: Record<string, unknown>) => ({ Put: { TableName: table, Item: i, ConditionExpression: 'attribute_not_exists(pk)' } });
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: [put(item), put({ ...staffEmailLock(email), entity: 'Lock', staffId: u.sub })] }));
    } catch (e) {
      if ((e as Error).name !== 'TransactionCanceledException') throw e;
    }
  }
}
