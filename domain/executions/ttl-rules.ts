// Drill TTL rules (pure): the range, which TTL an execution starts with, expiry arithmetic and the sweep
// index's keys. The plans service, start and the sweeper share them (drill-ttl.ts, cleanup.ts).
import { AppError } from '../../platform/errors.ts';
import type { ExecutionType } from '../../platform/generated/graphql.ts';

/** A week: the longest a drill's instances may be kept by a TTL. */
export const TTL_MIN_MINUTES = 1;
export const TTL_MAX_MINUTES = 10080;

/** The sweep index: one item per ended drill whose instances expire and are not cleaned up yet. */
export const TTL_INDEX_PK = 'DRILLTTL';
export const ttlIndexKey = (expiresAt: string, executionId: string) => ({ pk: TTL_INDEX_PK, sk: `${expiresAt}#${executionId}` });
/** The index's sort key bound for "expired at `now`": every `<expiresAt>#<id>` with expiresAt ≤ now. */
export const ttlIndexUpTo = (now: string) => `${now}#\uffff`;

/** null/undefined → null; else an integer 1..10080, or INVALID_INPUT naming `field`. */
export function validTtl(v: unknown, field: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < TTL_MIN_MINUTES || v > TTL_MAX_MINUTES) {
    throw new AppError('INVALID_INPUT', `${field} must be a whole number of minutes from ${TTL_MIN_MINUTES} to ${TTL_MAX_MINUTES} (a week)`, {
      field,
      min: TTL_MIN_MINUTES,
      max: TTL_MAX_MINUTES,
    });
  }
  return v;
}

export const recoveryRefusal = (field: string) =>
  new AppError('DRILL_TTL_NOT_ALLOWED', 'A drill TTL applies to DRILL executions only: a RECOVERY keeps its recovery instances', { field });

/** The TTL an execution starts with: its own (drills only), else its plan's for a drill; a RECOVERY none. */
export function effectiveTtl(executionType: ExecutionType, own: unknown, planTtl: number | null | undefined): number | null {
  const minutes = validTtl(own, 'drillTtlMinutes');
  if (executionType !== 'DRILL') {
    if (minutes !== null) throw recoveryRefusal('drillTtlMinutes');
    return null;
  }
  return minutes ?? planTtl ?? null;
}

/** endTime + minutes, as an ISO timestamp (UTC, milliseconds: sorts as text). */
export function expiryOf(endTime: string, minutes: number): string {
  const end = Date.parse(endTime);
  if (Number.isNaN(end)) throw new Error(`not a timestamp: ${endTime}`);
  return new Date(end + minutes * 60_000).toISOString();
}
