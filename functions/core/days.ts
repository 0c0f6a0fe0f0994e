import { TZDate } from '@date-fns/tz';
import { isValidTimeZone, parseTimeOfDay, type TimeOfDay } from '../contracts/schedule.ts';
import { DATE_MARKS } from './input-spellings.ts';

/**
 * A calendar day as an integer: days since 1970-01-01 in the calendar of the configured time zone.
 * The core counts "days since the last order" by subtracting two of these, so it never touches clocks,
 * DST or midnight boundaries once a timestamp has been turned into its local calendar day.
 */
export type Day = number;

/** A calendar month as an integer: year × 12 + (month − 1). */
export type MonthIndex = number;

/**
 * Days from 1970-01-01 to the given civil date (proleptic Gregorian), without Date objects.
 * Algorithm from Howard Hinnant's "chrono-compatible low-level date algorithms".
 *
 * @example dayFromParts(2024, 2, 29) // 19782
 */
export function dayFromParts(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number. */
export function partsFromDay(dayNumber: Day): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

// Reports name the same few hundred days for every customer: format each once (days 1970..2199 only).
const formattedDays: (string | undefined)[] = [];
const MAX_CACHED_DAY = 84_000;

/** `YYYY-MM-DD` of a day number. @example formatDay(19782) // '2024-02-29' */
export function formatDay(dayNumber: Day): string {
  const cacheable = dayNumber >= 0 && dayNumber < MAX_CACHED_DAY && Number.isInteger(dayNumber);
  const cached = cacheable ? formattedDays[dayNumber] : undefined;
  if (cached !== undefined) return cached;
  const { year, month, day } = partsFromDay(dayNumber);
  const text = `${year}-${pad2(month)}-${pad2(day)}`;
  if (cacheable) formattedDays[dayNumber] = text;
  return text;
}

export function monthOfDay(dayNumber: Day): MonthIndex {
  const { year, month } = partsFromDay(dayNumber);
  return year * 12 + (month - 1);
}

export function firstDayOfMonth(month: MonthIndex): Day {
  return dayFromParts(Math.floor(month / 12), (month % 12) + 1, 1);
}

/** `YYYY-MM` of a month index. */
export function formatMonth(month: MonthIndex): string {
  return `${Math.floor(month / 12)}-${pad2((month % 12) + 1)}`;
}

/** The calendar day that an instant falls on in the given IANA time zone. */
export function dayOfInstant(epochMs: number, timeZone: string): Day {
  const local = new TZDate(epochMs, timeZone);
  return dayFromParts(local.getFullYear(), local.getMonth() + 1, local.getDate());
}

/** A local time of day, as schedules are written. */
export { isValidTimeZone, parseTimeOfDay, type TimeOfDay };

export type DayParseResult = { ok: true; day: Day } | { ok: false; reason: 'format' | 'calendar' | 'range' };

/**
 * Years an order can plausibly carry. A typo such as `0224-03-05` is a real calendar date, 1,800 years
 * ago; refusing it points the admin at the row instead of quietly making a customer "lost".
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

// Dates as ERPs and spreadsheets export them: 2024-03-05, 2024/3/5, 2024.03.05, 20240305, 2024年3月5日,
// optionally followed by a time, and for full timestamps an optional UTC offset.
const { year: Y, month: M, day: D } = DATE_MARKS;
const DATE_RE = new RegExp(
  `^(\\d{4})(?:([-/.])(\\d{1,2})\\2(\\d{1,2})|(\\d{2})(\\d{2})|${Y}(\\d{1,2})${M}(\\d{1,2})${D}?)` +
    '(?:(?:[T\\s]+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?)?$',
);

/**
 * Parses an order/visit date into its calendar day in `timeZone`.
 * A date or a date-time without an offset is already local: its date part is the day. A timestamp with an
 * offset (`…Z`, `…+08:00`) is an instant and is converted to the zone, so `2024-03-05T16:30:00Z` is
 * 2024-03-06 in Asia/Shanghai.
 *
 * @example parseDay('2024/3/5 23:30', 'Asia/Shanghai') // { ok: true, day: dayFromParts(2024, 3, 5) }
 */
export function parseDay(text: string, timeZone: string): DayParseResult {
  const m = DATE_RE.exec(text.trim());
  if (!m) return { ok: false, reason: 'format' };
  const year = Number(m[1]);
  const month = Number(m[3] ?? m[5] ?? m[7]);
  const day = Number(m[4] ?? m[6] ?? m[8]);
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: 'range' };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return { ok: false, reason: 'calendar' };
  const offset = m[12];
  if (m[9] !== undefined) {
    const hour = Number(m[9]);
    const minute = Number(m[10]);
    const second = m[11] === undefined ? 0 : Number(m[11]);
    if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'calendar' };
    if (offset !== undefined) {
      const offsetMinutes = parseOffsetMinutes(offset);
      if (offsetMinutes === null) return { ok: false, reason: 'format' };
      const utcMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
      return { ok: true, day: dayOfInstant(utcMs, timeZone) };
    }
  }
  return { ok: true, day: dayFromParts(year, month, day) };
}

function parseOffsetMinutes(offset: string): number | null {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/** Strict `YYYY-MM-DD` (for flags such as `--as-of`). */
export function parseIsoDay(text: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayFromParts(year, month, day);
}
