// EventBridge Scheduler's recurring expressions, as AWS reads them: `cron(min hour dom month dow year)`
// and `rate(N minute|minutes|hour|hours|day|days)`, evaluated with croner in the schedule's time zone.
// Pure: shared by the drill schedules (validation, next run, contention) and the local Scheduler.
import { Cron } from 'croner';

/** Drills no more often than this: one a minute would only queue drills behind each other. */
export const MIN_INTERVAL_MINUTES = 60;
/** How many future firings of a cron expression the minimum interval is checked over. */
const INTERVAL_SAMPLE = 100;

export type Expression =
  | { kind: 'cron'; fields: string[]; source: string }
  | { kind: 'rate'; value: number; unit: 'minute' | 'hour' | 'day'; periodMs: number; source: string };

export class ExpressionError extends Error {}

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';
// One item of a comma list per field (AWS's documented values and wildcards): value, range, step, and
// L / W / # where AWS allows them.
const num = (lo: number, hi: number) => (s: string) => /^\d{1,4}$/.test(s) && Number(s) >= lo && Number(s) <= hi;
const named = (names: string, lo: number, hi: number) => (s: string) => num(lo, hi)(s) || new RegExp(`^(${names})$`, 'i').test(s);
const FIELDS: Array<{ name: string; value: (s: string) => boolean; extra?: RegExp }> = [
  { name: 'minutes', value: num(0, 59) },
  { name: 'hours', value: num(0, 23) },
  { name: 'day-of-month', value: num(1, 31), extra: /^(L|LW|([1-9]|[12]\d|3[01])W)$/i },
  { name: 'month', value: named(MONTHS, 1, 12) },
  { name: 'day-of-week', value: named(DAYS, 1, 7), extra: new RegExp(`^(L|([1-7]|${DAYS})L|([1-7]|${DAYS})#[1-5])$`, 'i') },
  { name: 'year', value: num(1970, 2199) },
];

function validItem(item: string, f: (typeof FIELDS)[number]): boolean {
  if (f.extra?.test(item)) return true;
  const [range, step, more] = item.split('/');
  if (more !== undefined) return false;
  if (step !== undefined && !(/^\d{1,4}$/.test(step) && Number(step) > 0)) return false;
  if (range === '*') return true;
  const [a, b, c] = range.split('-');
  if (c !== undefined) return false;
  return f.value(a) && (b === undefined || f.value(b));
}

/** Parses an expression; throws ExpressionError with what is wrong (in AWS's terms). */
export function parseExpression(source: string): Expression {
  const text = source.trim();
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(text);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2].replace(/s$/, '') as 'minute' | 'hour' | 'day';
    // AWS: a value of 1 takes the singular unit, any other value the plural.
    if (value < 1) throw new ExpressionError('rate() takes a positive whole number');
    if ((value === 1) !== (rate[2] === unit)) throw new ExpressionError(`rate(${value} ${rate[2]}): use ${value === 1 ? 'the singular unit' : 'the plural unit'} with ${value}`);
    const periodMs = value * { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[unit];
    return { kind: 'rate', value, unit, periodMs, source: text };
  }
  const cron = /^cron\(([^()]*)\)$/.exec(text);
  if (!cron) throw new ExpressionError('The expression must be cron(minutes hours day-of-month month day-of-week year) or rate(value unit)');
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) throw new ExpressionError(`cron() takes 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`);
  const [, , dom, , dow] = fields;
  if ((dom === '?') === (dow === '?')) throw new ExpressionError('cron(): one of day-of-month and day-of-week must be ? (and only one)');
  fields.forEach((field, i) => {
    if (field === '?' && (i === 2 || i === 4)) return;
    if (!field.split(',').every((item) => item !== '' && validItem(item, FIELDS[i]))) throw new ExpressionError(`cron(): invalid ${FIELDS[i].name} field "${field}"`);
  });
  const parsed: Expression = { kind: 'cron', fields, source: text };
  try {
    cronOf(parsed, 'UTC');
  } catch {
    throw new ExpressionError(`cron(): ${cron[1]} is not a valid expression`);
  }
  return parsed;
}

/** croner's 7-part pattern (seconds first, Quartz weekdays 1 = Sunday as AWS numbers them); `?` is "any". */
function cronOf(e: Extract<Expression, { kind: 'cron' }>, timezone: string): Cron {
  const [min, hour, dom, month, dow, year] = e.fields.map((f) => (f === '?' ? '*' : f));
  // AND: the `?` side is a wildcard, so the other field alone decides, as AWS reads it.
  return new Cron(`0 ${min} ${hour} ${dom} ${month} ${dow} ${year}`, { timezone, mode: '7-part', alternativeWeekdays: true, domAndDow: true, sloppyRanges: true, paused: true });
}

/** Whether `tz` is an IANA time zone name this runtime knows. */
export function validTimezone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,49}$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The firings after `after` (exclusive), at most `count`. A rate counts its periods from `anchor` (when
 * the schedule was created or its expression last changed), as Scheduler counts them from creation.
 */
export function nextRuns(e: Expression, timezone: string, after: Date, count: number, anchor?: Date): Date[] {
  if (e.kind === 'rate') {
    const start = (anchor ?? after).getTime();
    const k = Math.max(1, Math.floor((after.getTime() - start) / e.periodMs) + 1);
    return Array.from({ length: count }, (_, i) => new Date(start + (k + i) * e.periodMs));
  }
  return cronOf(e, timezone).nextRuns(count, after);
}

export const nextRun = (e: Expression, timezone: string, after: Date, anchor?: Date): Date | null => nextRuns(e, timezone, after, 1, anchor)[0] ?? null;

/** Whether the schedule fires in the minute of `at` (a rate: a period boundary counted from `anchor`). */
export function firesInMinute(e: Expression, timezone: string, at: Date, anchor: Date): boolean {
  const minute = Math.floor(at.getTime() / 60_000) * 60_000;
  if (e.kind === 'rate') {
    const since = minute - Math.floor(anchor.getTime() / 60_000) * 60_000;
    return since > 0 && since % e.periodMs === 0;
  }
  const next = nextRun(e, timezone, new Date(minute - 1000));
  return next !== null && next.getTime() === minute;
}

/** The shortest gap between firings (minutes) over the next INTERVAL_SAMPLE of them from `from`. */
export function shortestIntervalMinutes(e: Expression, timezone: string, from: Date): number | null {
  if (e.kind === 'rate') return e.periodMs / 60_000;
  const runs = nextRuns(e, timezone, from, INTERVAL_SAMPLE);
  let min: number | null = null;
  for (let i = 1; i < runs.length; i++) {
    const gap = (runs[i].getTime() - runs[i - 1].getTime()) / 60_000;
    if (min === null || gap < min) min = gap;
  }
  return min;
}
