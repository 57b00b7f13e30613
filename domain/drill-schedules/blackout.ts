// Blackout windows: when a scheduled drill must not start. A recurring window (days of week, HH:MM to
// HH:MM) is read in the schedule's time zone and belongs to the day it starts on, so 22:00–02:00 on FRI
// covers Friday 22:00 to Saturday 02:00. A one-off window is an absolute [from, to).
import { AppError } from '../../platform/errors.ts';
import type { BlackoutWindowInput } from '../../platform/generated/graphql.ts';

export const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
export const MAX_BLACKOUT_WINDOWS = 20;
export const BLACKOUT_REASON_MAX = 256;

export interface StoredBlackoutWindow {
  daysOfWeek: string[];
  startTime: string | null;
  endTime: string | null;
  from: string | null;
  to: string | null;
  reason: string | null;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const invalid = (i: number, message: string) => new AppError('INVALID_BLACKOUT_WINDOW', `blackoutWindows[${i}]: ${message}`, { field: 'blackoutWindows', index: i });

export function validWindows(input: readonly BlackoutWindowInput[] | null | undefined): StoredBlackoutWindow[] {
  const list = input ?? [];
  if (list.length > MAX_BLACKOUT_WINDOWS) throw new AppError('INVALID_BLACKOUT_WINDOW', `At most ${MAX_BLACKOUT_WINDOWS} blackout windows`, { field: 'blackoutWindows' });
  return list.map((w, i) => {
    const days = (w.daysOfWeek ?? []).map((d) => d.toUpperCase());
    const reason = w.reason ?? null;
    if (reason !== null && reason.length > BLACKOUT_REASON_MAX) throw invalid(i, `reason is longer than ${BLACKOUT_REASON_MAX} characters`);
    if (days.length) {
      if (w.from != null || w.to != null) throw invalid(i, 'a window recurs on daysOfWeek with startTime/endTime, or is one-off with from/to, not both');
      const unknown = days.find((d) => !(DAYS as readonly string[]).includes(d));
      if (unknown) throw invalid(i, `daysOfWeek takes MON, TUE, WED, THU, FRI, SAT, SUN, not "${unknown}"`);
      if (new Set(days).size !== days.length) throw invalid(i, 'daysOfWeek names a day twice');
      if (!w.startTime || !HHMM.test(w.startTime) || !w.endTime || !HHMM.test(w.endTime)) throw invalid(i, 'startTime and endTime are HH:MM (00:00–23:59)');
      if (w.startTime === w.endTime) throw invalid(i, 'startTime and endTime are the same');
      return { daysOfWeek: days, startTime: w.startTime, endTime: w.endTime, from: null, to: null, reason };
    }
    if (w.startTime != null || w.endTime != null) throw invalid(i, 'startTime/endTime need daysOfWeek');
    const from = w.from ? Date.parse(w.from) : NaN;
    const to = w.to ? Date.parse(w.to) : NaN;
    if (Number.isNaN(from) || Number.isNaN(to)) throw invalid(i, 'a one-off window needs from and to (ISO 8601); a recurring one daysOfWeek, startTime and endTime');
    if (to <= from) throw invalid(i, 'to must be after from');
    return { daysOfWeek: [], startTime: null, endTime: null, from: new Date(from).toISOString(), to: new Date(to).toISOString(), reason };
  });
}

/** The weekday (SUN…SAT) and minute of the day of `at` on the wall clock of `timezone`. */
export function localTime(at: Date, timezone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { day: DAYS.indexOf(get('weekday').toUpperCase() as (typeof DAYS)[number]), minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** The first window covering `at` (start inclusive, end exclusive), if any. */
export function coveringWindow(windows: readonly StoredBlackoutWindow[], at: Date, timezone: string): StoredBlackoutWindow | undefined {
  const { day, minute } = localTime(at, timezone);
  const t = at.getTime();
  return windows.find((w) => {
    if (w.from && w.to) return Date.parse(w.from) <= t && t < Date.parse(w.to);
    if (!w.startTime || !w.endTime) return false;
    const start = minutesOf(w.startTime);
    const end = minutesOf(w.endTime);
    const on = (d: number) => w.daysOfWeek.includes(DAYS[(d + 7) % 7]);
    if (start < end) return on(day) && minute >= start && minute < end;
    // Crosses midnight: the evening part on its own day, the morning part on the next.
    return (on(day) && minute >= start) || (on(day - 1) && minute < end);
  });
}

export function describeWindow(w: StoredBlackoutWindow, timezone: string): string {
  const when = w.from ? `${w.from} to ${w.to}` : `${w.daysOfWeek.join(',')} ${w.startTime}–${w.endTime} ${timezone}`;
  return `Blackout window ${when}${w.reason ? ` (${w.reason})` : ''}`;
}
