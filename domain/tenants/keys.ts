// Tenant items of the single table (infra/table.ts) and their uniqueness locks.

export const tenantKey = (id: string) => ({ pk: `TENANT#${id}`, sk: 'TENANT' });
export const TENANT_LIST = 'TENANT';
export const tenantListSk = (lowerName: string, id: string) => `${lowerName}#${id}`;
/** One tenant per name, case-insensitively. */
export const tenantNameLock = (lowerName: string) => ({ pk: `TENANTNAME#${lowerName}`, sk: 'LOCK' });
/** One tenant per (lower-cased) email. */
export const tenantEmailLock = (email: string) => ({ pk: `TENANTEMAIL#${email}`, sk: 'LOCK' });
