// Tenants in the table: the record with its name and email locks in one transaction, so two concurrent
// registrations of one name (in any case) or one email leave exactly one tenant.
import { tableName } from '../../platform/aws/dynamodb.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tenant } from '../../platform/generated/graphql.ts';
import { lockPut, transact } from '../../platform/tx.ts';
import { TENANT_LIST, tenantEmailLock, tenantKey, tenantListSk, tenantNameLock } from './keys.ts';

export async function createTenant(t: Tenant): Promise<void> {
  const lowerName = t.name.toLowerCase();
  await transact(
    [
      {
        Put: {
          TableName: tableName(),
          Item: { ...tenantKey(t.id), entity: 'Tenant', gsi1pk: TENANT_LIST, gsi1sk: tenantListSk(lowerName, t.id), ...t },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      lockPut(tenantNameLock(lowerName), { tenantId: t.id }),
      lockPut(tenantEmailLock(t.email), { tenantId: t.id }),
    ],
    async (reasons) => {
      const field = reasons[2]?.Code === 'ConditionalCheckFailed' && reasons[1]?.Code !== 'ConditionalCheckFailed' ? 'email' : 'name';
      throw new AppError('TENANT_EXISTS', `A tenant with this ${field} already exists`, { field });
    },
  );
}
