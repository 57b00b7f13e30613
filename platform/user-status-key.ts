// The per-user status item's key (platform/user-status.ts), dependency-free so the APPSYNC_JS status
// check (resolvers/lib/user-status.ts) reads the very item the staff disable/enable transaction writes.

export const USER_STATUS_PREFIX = 'USER_STATUS#';
export const userStatusKey = (sub: string) => ({ pk: `${USER_STATUS_PREFIX}${sub}`, sk: 'STATUS' });
