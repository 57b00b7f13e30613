// Tenant registration: the seed's rules, status pending, unique by name (case-insensitive) and email.
import { randomUUID } from 'node:crypto';
import { checkTenant } from '../../domain/tenants/rules.ts';
import { createTenant } from '../../domain/tenants/store.ts';
import type { RegisterTenantInput, Tenant } from '../../platform/generated/graphql.ts';

export async function registerTenant(input: RegisterTenantInput): Promise<Tenant> {
  const draft = checkTenant(input);
  const tenant: Tenant = { id: randomUUID(), ...draft, status: 'pending', createdAt: new Date().toISOString() };
  await createTenant(tenant);
  return tenant;
}
