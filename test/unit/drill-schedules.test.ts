// Drill schedules' pure rules: EventBridge Scheduler's expression grammar, next run times in a time
// zone (DST included), the minimum interval, and blackout windows across midnight and time zones.
import { describe, expect, it } from 'vitest';
import { coveringWindow, localTime, validWindows } from '../../domain/drill-schedules/blackout.ts';
import { ExpressionError, firesInMinute, nextRuns, parseExpression, shortestIntervalMinutes, validTimezone } from '../../domain/drill-schedules/expression.ts';
import { AppError } from '../../platform/errors.ts';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('expressions (EventBridge Scheduler syntax)', () => {
  it.each([
    'cron(0 2 ? * SAT *)',
    'cron(30 1 15 * ? *)',
    'cron(0 12 L * ? *)',
    'cron(0 2 ? * MON#2 *)',
    'cron(0 8 ? JAN-MAR MON-FRI 2026-2030)',
    'cron(0/30 2 ? * 1,7 *)',
    'cron(15 10 1W * ? *)',
    'rate(1 day)',
    'rate(7 days)',
    'rate(1 hour)',
    'rate(90 minutes)',
  ])('accepts %s', (e) => expect(() => parseExpression(e)).not.toThrow());

  it.each([
    ['cron(0 2 * * SAT *)', 'one of day-of-month and day-of-week must be ?'],
    ['cron(0 2 ? * ? *)', 'one of day-of-month and day-of-week must be ?'],
    ['cron(0 2 ? * SAT)', 'takes 6 fields'],
    ['cron(60 2 ? * SAT *)', 'invalid minutes'],
    ['cron(0 24 ? * SAT *)', 'invalid hours'],
    ['cron(0 2 32 * ? *)', 'invalid day-of-month'],
    ['cron(0 2 ? 13 SAT *)', 'invalid month'],
    ['cron(0 2 ? * 8 *)', 'invalid day-of-week'],
    ['cron(0 2 ? * SAT 1969)', 'invalid year'],
    ['rate(1 days)', 'singular'],
    ['rate(2 day)', 'plural'],
    ['rate(0 days)', 'positive'],
    ['rate(1 week)', 'must be cron'],
    ['at(2026-12-24T10:00:00)', 'must be cron'],
    ['0 2 * * 6', 'must be cron'],
  ])('refuses %s (%s)', (e, why) => {
    expect(() => parseExpression(e)).toThrow(ExpressionError);
    expect(() => parseExpression(e)).toThrow(why);
  });

  it('knows IANA time zones only', () => {
    expect(validTimezone('Europe/Berlin')).toBe(true);
    expect(validTimezone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(validTimezone('UTC')).toBe(true);
    expect(validTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(validTimezone('')).toBe(false);
    expect(validTimezone('Europe/Berlin; DROP')).toBe(false);
  });
});

describe('next run times', () => {
  it('reads cron in the time zone, across the spring DST change (Berlin, 29 March 2026)', () => {
    const e = parseExpression('cron(0 2 ? * SAT *)');
    // 02:00 Berlin is 01:00 UTC in winter and 00:00 UTC in summer.
    expect(iso(nextRuns(e, 'Europe/Berlin', new Date('2026-03-20T00:00:00Z'), 3))).toEqual(['2026-03-21T01:00:00.000Z', '2026-03-28T01:00:00.000Z', '2026-04-04T00:00:00.000Z']);
  });

  it('reads cron in New York across the autumn DST change (1 November 2026)', () => {
    const e = parseExpression('cron(30 9 ? * SUN *)');
    expect(iso(nextRuns(e, 'America/New_York', new Date('2026-10-24T00:00:00Z'), 2))).toEqual(['2026-10-25T13:30:00.000Z', '2026-11-01T14:30:00.000Z']);
  });

  it('numbers weekdays as AWS does (1 = Sunday) and takes L and #', () => {
    expect(iso(nextRuns(parseExpression('cron(0 3 ? * 1 *)'), 'UTC', new Date('2026-12-01T00:00:00Z'), 1))).toEqual(['2026-12-06T03:00:00.000Z']);
    expect(iso(nextRuns(parseExpression('cron(0 12 L * ? *)'), 'UTC', new Date('2026-02-01T00:00:00Z'), 1))).toEqual(['2026-02-28T12:00:00.000Z']);
    expect(iso(nextRuns(parseExpression('cron(0 2 ? * MON#2 *)'), 'UTC', new Date('2026-02-01T00:00:00Z'), 1))).toEqual(['2026-02-09T02:00:00.000Z']);
  });

  it('counts a rate from its anchor', () => {
    const e = parseExpression('rate(7 days)');
    const anchor = new Date('2026-12-01T10:00:00Z');
    expect(iso(nextRuns(e, 'UTC', new Date('2026-12-09T00:00:00Z'), 2, anchor))).toEqual(['2026-12-15T10:00:00.000Z', '2026-12-22T10:00:00.000Z']);
    expect(firesInMinute(e, 'UTC', new Date('2026-12-08T10:00:40Z'), anchor)).toBe(true);
    expect(firesInMinute(e, 'UTC', new Date('2026-12-08T10:01:00Z'), anchor)).toBe(false);
  });

  it('tells whether a cron fires in a given minute', () => {
    const e = parseExpression('cron(0 3 ? * MON *)');
    expect(firesInMinute(e, 'UTC', new Date('2026-12-07T03:00:00Z'), new Date(0))).toBe(true);
    expect(firesInMinute(e, 'UTC', new Date('2026-12-07T03:01:00Z'), new Date(0))).toBe(false);
    expect(firesInMinute(e, 'Europe/Berlin', new Date('2026-12-07T02:00:00Z'), new Date(0))).toBe(true);
  });

  it('measures the shortest interval between firings (the one-hour minimum)', () => {
    const from = new Date('2026-12-01T00:00:00Z');
    expect(shortestIntervalMinutes(parseExpression('rate(5 minutes)'), 'UTC', from)).toBe(5);
    expect(shortestIntervalMinutes(parseExpression('cron(0/10 * ? * MON-FRI *)'), 'UTC', from)).toBe(10);
    expect(shortestIntervalMinutes(parseExpression('cron(0,30 2 ? * SAT *)'), 'UTC', from)).toBe(30);
    expect(shortestIntervalMinutes(parseExpression('cron(0 * ? * * *)'), 'UTC', from)).toBe(60);
    expect(shortestIntervalMinutes(parseExpression('cron(0 2 ? * SAT *)'), 'UTC', from)).toBe(7 * 24 * 60);
  });
});

describe('blackout windows', () => {
  const nightly = validWindows([{ daysOfWeek: ['FRI'], startTime: '22:00', endTime: '02:00', reason: 'release' }]);

  it('covers a window that crosses midnight on the day it starts and the morning after', () => {
    // Berlin in December is UTC+1.
    expect(coveringWindow(nightly, new Date('2026-12-04T21:00:00Z'), 'Europe/Berlin')).toBeTruthy(); // Fri 22:00
    expect(coveringWindow(nightly, new Date('2026-12-05T00:59:00Z'), 'Europe/Berlin')).toBeTruthy(); // Sat 01:59
    expect(coveringWindow(nightly, new Date('2026-12-05T01:00:00Z'), 'Europe/Berlin')).toBeUndefined(); // Sat 02:00: end is exclusive
    expect(coveringWindow(nightly, new Date('2026-12-04T20:59:00Z'), 'Europe/Berlin')).toBeUndefined(); // Fri 21:59
    expect(coveringWindow(nightly, new Date('2026-12-04T00:30:00Z'), 'Europe/Berlin')).toBeUndefined(); // Fri 01:30: Thursday has no window
  });

  it('reads the window in the schedule time zone, DST included', () => {
    const w = validWindows([{ daysOfWeek: ['SUN'], startTime: '01:00', endTime: '04:00' }]);
    // Sunday 29 March 2026, Berlin: 01:00 is 00:00 UTC, 04:00 (summer time) is 02:00 UTC.
    expect(coveringWindow(w, new Date('2026-03-29T00:00:00Z'), 'Europe/Berlin')).toBeTruthy();
    expect(coveringWindow(w, new Date('2026-03-29T01:59:00Z'), 'Europe/Berlin')).toBeTruthy();
    expect(coveringWindow(w, new Date('2026-03-29T02:00:00Z'), 'Europe/Berlin')).toBeUndefined();
    // The same instant in New York is Saturday evening: not covered.
    expect(coveringWindow(w, new Date('2026-03-29T01:00:00Z'), 'America/New_York')).toBeUndefined();
    expect(localTime(new Date('2026-03-29T01:00:00Z'), 'America/New_York')).toEqual({ day: 6, minute: 21 * 60 });
  });

  it('covers a one-off window from (inclusive) to (exclusive)', () => {
    const w = validWindows([{ from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00:00Z', reason: 'holidays' }]);
    expect(coveringWindow(w, new Date('2026-12-24T00:00:00Z'), 'UTC')).toBeTruthy();
    expect(coveringWindow(w, new Date('2026-12-27T00:00:00Z'), 'UTC')).toBeUndefined();
  });

  it.each([
    [{ daysOfWeek: ['FRIDAY'], startTime: '22:00', endTime: '02:00' }, 'daysOfWeek takes'],
    [{ daysOfWeek: ['FRI', 'FRI'], startTime: '22:00', endTime: '02:00' }, 'twice'],
    [{ daysOfWeek: ['FRI'], startTime: '24:00', endTime: '02:00' }, 'HH:MM'],
    [{ daysOfWeek: ['FRI'], startTime: '22:00', endTime: '22:00' }, 'the same'],
    [{ daysOfWeek: ['FRI'], startTime: '22:00', endTime: '02:00', from: '2026-12-24T00:00:00Z' }, 'not both'],
    [{ startTime: '22:00', endTime: '02:00' }, 'need daysOfWeek'],
    [{ from: '2026-12-24T00:00:00Z' }, 'needs from and to'],
    [{ from: '2026-12-24T00:00:00Z', to: '2026-12-23T00:00:00Z' }, 'after from'],
  ])('refuses %j', (w, why) => {
    expect(() => validWindows([w])).toThrow(AppError);
    expect(() => validWindows([w])).toThrow(why);
  });
});
