// Staff items of the single table (infra/table.ts): the record, its email lock, reset tokens and the
// per-email reset throttle. The per-user status item is platform/user-status.ts's (the API reads it).

export const staffKey = (staffId: string) => ({ pk: `STAFF#${staffId}`, sk: 'STAFF' });
export const STAFF_LIST = 'STAFF';
export const staffListSk = (email: string, staffId: string) => `${email}#${staffId}`;
/** One staff member per (lower-cased) email. */
export const staffEmailLock = (email: string) => ({ pk: `STAFFEMAIL#${email}`, sk: 'LOCK' });
/** A password-reset token, by the SHA-256 of the token (the token itself is never stored). */
export const resetTokenKey = (tokenHash: string) => ({ pk: `PWRESET#${tokenHash}`, sk: 'TOKEN' });
/** At most one reset mail per email per throttle window. */
export const resetThrottleKey = (email: string) => ({ pk: `PWRESETTHROTTLE#${email}`, sk: 'THROTTLE' });
