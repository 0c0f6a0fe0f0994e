/**
 * When the daily cycle runs: the weekdays, times of day and zones the settings and the deployment share, and
 * the EventBridge Scheduler expressions both write. Dependency-free, so the CDK app imports it.
 */

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export function isWeekday(text: unknown): text is Weekday {
  return typeof text === 'string' && (WEEKDAYS as readonly string[]).includes(text);
}

export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** `07:30` → `{ hour: 7, minute: 30 }`; anything but `HH:MM` from 00:00 to 23:59 → `undefined`. */
export function parseTimeOfDay(text: unknown): TimeOfDay | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : undefined;
}

const validZones = new Map<string, boolean>();

/** Whether the runtime knows this IANA time zone name (e.g. `Asia/Shanghai`). */
export function isValidTimeZone(timeZone: string): boolean {
  let known = validZones.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      known = timeZone.length > 0;
    } catch {
      known = false;
    }
    validZones.set(timeZone, known);
  }
  return known;
}

/** When the cycle runs, as wall-clock times in the configured zone. */
export interface CycleTimes {
  /** `HH:MM`, when the evaluator runs and the reps' digests go out, e.g. `07:30`. */
  dailyTime: string;
  /** The day the managers' weekly summaries go out. */
  weeklyDay: Weekday;
  /** `HH:MM` on `weeklyDay`, e.g. `08:00`. */
  weeklyTime: string;
}

/** The defaults of the settings (`schedule`) and of a fresh deployment alike. */
export const DEFAULT_CYCLE_TIMES: CycleTimes = { dailyTime: '07:30', weeklyDay: 'MON', weeklyTime: '08:00' };

/**
 * The Scheduler expressions for times already checked: every day at `daily`, every `weeklyDay` at `weekly`.
 * Scheduler requires `?` in one of day-of-month and day-of-week; the other is `*` or the weekday. Plain
 * numbers without leading zeros, as CDK's ScheduleExpression.cron wrote them before this was shared.
 *
 * @example cronExpressions({ hour: 7, minute: 30 }, 'MON', { hour: 8, minute: 0 })
 * // → { daily: 'cron(30 7 * * ? *)', weekly: 'cron(0 8 ? * MON *)' }
 */
export function cronExpressions(
  daily: TimeOfDay,
  weeklyDay: Weekday,
  weekly: TimeOfDay,
): { daily: string; weekly: string } {
  return {
    daily: `cron(${daily.minute} ${daily.hour} * * ? *)`,
    weekly: `cron(${weekly.minute} ${weekly.hour} ? * ${weeklyDay} *)`,
  };
}
