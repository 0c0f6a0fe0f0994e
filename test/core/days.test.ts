import { describe, expect, it } from 'vitest';
import {
  dayFromParts,
  dayOfInstant,
  formatDay,
  formatMonth,
  isValidTimeZone,
  monthOfDay,
  parseDay,
  parseIsoDay,
  partsFromDay,
} from '../../functions/core/days.ts';

const ZONE = 'Asia/Shanghai';

describe('calendar days', () => {
  it('round-trips every day from 1999 to 2031, leap days included', () => {
    for (let d = dayFromParts(1999, 1, 1); d <= dayFromParts(2031, 12, 31); d++) {
      const { year, month, day } = partsFromDay(d);
      expect(dayFromParts(year, month, day)).toBe(d);
      expect(new Date(d * 86_400_000).toISOString().slice(0, 10)).toBe(formatDay(d));
    }
  });

  it('knows leap years', () => {
    expect(formatDay(dayFromParts(2024, 2, 29))).toBe('2024-02-29');
    expect(dayFromParts(2024, 3, 1) - dayFromParts(2024, 2, 28)).toBe(2);
    expect(dayFromParts(2100, 3, 1) - dayFromParts(2100, 2, 28)).toBe(1);
    expect(parseDay('2023-02-29', ZONE)).toEqual({ ok: false, reason: 'calendar' });
    expect(parseDay('2000-02-29', ZONE).ok).toBe(true);
  });

  it('formats months', () => {
    expect(formatMonth(monthOfDay(dayFromParts(2026, 1, 31)))).toBe('2026-01');
    expect(formatMonth(monthOfDay(dayFromParts(2026, 12, 1)))).toBe('2026-12');
  });
});

describe('parseDay', () => {
  const d = (y: number, m: number, day: number) => ({ ok: true, day: dayFromParts(y, m, day) });

  it('accepts the spellings ERPs and spreadsheets export', () => {
    expect(parseDay('2026-03-05', ZONE)).toEqual(d(2026, 3, 5));
    expect(parseDay('2026/3/5', ZONE)).toEqual(d(2026, 3, 5));
    expect(parseDay('2026.03.05', ZONE)).toEqual(d(2026, 3, 5));
    expect(parseDay('20260305', ZONE)).toEqual(d(2026, 3, 5));
    expect(parseDay('2026年3月5日', ZONE)).toEqual(d(2026, 3, 5));
    expect(parseDay(' 2026-03-05 08:15 ', ZONE)).toEqual(d(2026, 3, 5));
    expect(parseDay('2026-03-05T23:59:59.123', ZONE)).toEqual(d(2026, 3, 5));
  });

  it('reads a date-time without offset as local, one with an offset as an instant', () => {
    expect(parseDay('2026-03-05 23:30:00', ZONE)).toEqual(d(2026, 3, 5));
    expect(parseDay('2026-03-05T15:30:00Z', ZONE)).toEqual(d(2026, 3, 5)); // 23:30 in Shanghai
    expect(parseDay('2026-03-05T16:30:00Z', ZONE)).toEqual(d(2026, 3, 6)); // 00:30 next day
    expect(parseDay('2026-03-05T23:30:00+08:00', ZONE)).toEqual(d(2026, 3, 5));
    expect(parseDay('2026-03-05T23:30:00-0500', ZONE)).toEqual(d(2026, 3, 6));
    expect(parseDay('2026-03-05T15:30:00Z', 'America/New_York')).toEqual(d(2026, 3, 5));
  });

  it('refuses what is not a date', () => {
    for (const text of [
      '',
      '05/03/2026',
      '2026-13-01',
      '2026-00-10',
      'yesterday',
      '2026-03-05T25:00',
      '45321',
    ]) {
      expect(parseDay(text, ZONE).ok, text).toBe(false);
    }
  });

  it('strict ISO for flags', () => {
    expect(parseIsoDay('2026-11-20')).toBe(dayFromParts(2026, 11, 20));
    expect(parseIsoDay('2026/11/20')).toBeNull();
    expect(parseIsoDay('2026-02-30')).toBeNull();
  });
});

describe('zones', () => {
  it('puts an instant on its local calendar day across DST', () => {
    // 2026-03-08 02:30 does not exist in New York; 07:30Z is 03:30 EDT that day.
    expect(formatDay(dayOfInstant(Date.UTC(2026, 2, 8, 7, 30), 'America/New_York'))).toBe('2026-03-08');
    expect(formatDay(dayOfInstant(Date.UTC(2026, 2, 8, 4, 59), 'America/New_York'))).toBe('2026-03-07');
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('implausible years', () => {
  it('refuses a year typo instead of dating an order 1,800 years back', () => {
    expect(parseDay('0224-03-05', 'Asia/Shanghai')).toEqual({ ok: false, reason: 'range' });
    expect(parseDay('2224-03-05', 'Asia/Shanghai')).toEqual({ ok: false, reason: 'range' });
    expect(parseDay('1900-01-01', 'Asia/Shanghai').ok).toBe(true);
  });
});
