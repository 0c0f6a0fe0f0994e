import { type ChurnConfig, isWeekday, WEEKDAYS } from './config.ts';
import { isValidTimeZone, parseTimeOfDay, type TimeOfDay } from './days.ts';
import { ProblemError } from './localized-error.ts';
import { cronExpressions } from '../contracts/schedule.ts';

/**
 * EventBridge Scheduler expressions for the cycle times in the config. Pure, so the CDK stack that creates
 * the schedules and the admin's config change that updates them write the very same strings.
 */

/** When the cycle runs, as the config holds it: wall-clock times in the config's time zone. */
export type CycleTimes = ChurnConfig['schedule'];

export interface ScheduleExpressions {
  /** Every day at `dailyTime`, e.g. `cron(30 7 * * ? *)`. */
  daily: string;
  /** Every `weeklyDay` at `weeklyTime`, e.g. `cron(0 8 ? * MON *)`. */
  weekly: string;
  /** IANA name, for `ScheduleExpressionTimezone`. */
  timeZone: string;
}

/** Which cycle time cannot be used, with the value as JSON (`"25:00"`). */
export type CycleTimesProblem =
  | { code: 'not-a-weekday'; value: string; weekdays: readonly string[] }
  | { code: 'not-a-time-of-day'; key: string; value: string }
  | { code: 'not-a-time-zone'; value: string };

/** A config value the schedules cannot be built from; the config store should never let one through. */
export class InvalidCycleTimesError extends ProblemError<CycleTimesProblem> {
  override readonly name = 'InvalidCycleTimesError';
}

/**
 * The Scheduler expressions for the config's cycle times, exactly as the stack (`DailyCycle`) deploys them,
 * so a sync right after a deployment changes nothing.
 *
 * @example
 * scheduleExpressions({ dailyTime: '07:30', weeklyDay: 'MON', weeklyTime: '08:00' }, 'Asia/Shanghai');
 * // → { daily: 'cron(30 7 * * ? *)', weekly: 'cron(0 8 ? * MON *)', timeZone: 'Asia/Shanghai' }
 */
export function scheduleExpressions(schedule: CycleTimes, timeZone: string): ScheduleExpressions {
  const daily = timeOfDay('schedule.dailyTime', schedule.dailyTime);
  const weekly = timeOfDay('schedule.weeklyTime', schedule.weeklyTime);
  if (!isWeekday(schedule.weeklyDay)) {
    throw new InvalidCycleTimesError({
      code: 'not-a-weekday',
      value: JSON.stringify(schedule.weeklyDay),
      weekdays: WEEKDAYS,
    });
  }
  checkTimeZone(timeZone);
  return { ...cronExpressions(daily, schedule.weeklyDay, weekly), timeZone };
}

function timeOfDay(key: string, text: string): TimeOfDay {
  const time = parseTimeOfDay(text);
  if (!time) {
    throw new InvalidCycleTimesError({ code: 'not-a-time-of-day', key, value: JSON.stringify(text) });
  }
  return time;
}

function checkTimeZone(timeZone: string): void {
  if (isValidTimeZone(timeZone)) return;
  throw new InvalidCycleTimesError({ code: 'not-a-time-zone', value: JSON.stringify(timeZone) });
}
