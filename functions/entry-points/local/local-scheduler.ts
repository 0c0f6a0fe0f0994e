import { TZDate } from '@date-fns/tz';
import { WEEKDAYS, type Weekday } from '../../core/config.ts';
import { type Day, dayOfInstant, partsFromDay } from '../../core/days.ts';

/**
 * The local stand-in for EventBridge Scheduler: fires the daily cycle at the configured local time and the
 * weekly summary on its day, in the configured zone. It reads the schedule again on every tick, so an
 * admin's change takes effect without a restart, as UpdateSchedule does on AWS.
 */

export interface ScheduleSpec {
  /** `HH:MM` in `timeZone`. */
  time: string;
  /** Only on this weekday (weekly); every day when absent. */
  weekday?: Weekday;
  timeZone: string;
}

export type CycleKind = 'daily' | 'weekly';

/** Monday = 0 … Sunday = 6, as WEEKDAYS lists them. */
function weekdayOf(day: Day): number {
  const { year, month, day: dom } = partsFromDay(day);
  return (new Date(Date.UTC(year, month - 1, dom)).getUTCDay() + 6) % 7;
}

/** The instant `time` happens on `day` in the zone (a time skipped by a DST jump moves forward with it). */
function instantOn(day: Day, time: string, timeZone: string): number {
  const { year, month, day: dom } = partsFromDay(day);
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new TZDate(year, month - 1, dom, hours, minutes, timeZone).getTime();
}

/** The first instant strictly after `nowMs` at which the schedule fires. */
export function nextRunAt(nowMs: number, spec: ScheduleSpec): number {
  let day = dayOfInstant(nowMs, spec.timeZone);
  for (let i = 0; i < 9; i++, day++) {
    if (spec.weekday !== undefined && WEEKDAYS[weekdayOf(day)] !== spec.weekday) continue;
    const at = instantOn(day, spec.time, spec.timeZone);
    if (at > nowMs) return at;
  }
  throw new Error(`no run found for schedule ${JSON.stringify(spec)}`);
}

export interface LocalSchedulerOptions {
  /** The schedules as the config says now; read on every tick. */
  readSchedules: () => Promise<Record<CycleKind, ScheduleSpec>>;
  /** Runs a cycle for the day it fired on (in the schedule's zone). Errors are reported, not fatal. */
  run: (kind: CycleKind, asOf: Day) => Promise<void>;
  onError?: (kind: CycleKind | 'schedule', error: unknown) => void;
  now?: () => number;
  /** How often the schedule is checked. Default 30 s. */
  pollMs?: number;
}

export interface LocalScheduler {
  /** The next instant each cycle fires, as last computed. */
  next(): Partial<Record<CycleKind, number>>;
  /** One check: runs whatever is due. Called by the timer; tests call it directly. */
  tick(): Promise<void>;
  stop(): void;
}

export function startLocalScheduler(options: LocalSchedulerOptions, autoStart = true): LocalScheduler {
  const now = options.now ?? Date.now;
  const due: Partial<Record<CycleKind, number>> = {};
  const specKeys: Partial<Record<CycleKind, string>> = {};
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const check = async (): Promise<void> => {
    let specs: Record<CycleKind, ScheduleSpec>;
    try {
      specs = await options.readSchedules();
    } catch (error) {
      options.onError?.('schedule', error);
      return;
    }
    for (const kind of ['daily', 'weekly'] as const) {
      const spec = specs[kind];
      const key = JSON.stringify(spec);
      if (specKeys[kind] !== key || due[kind] === undefined) {
        // First look, or the admin changed the time, day or zone: the next run follows the new schedule.
        specKeys[kind] = key;
        due[kind] = nextRunAt(now(), spec);
        continue;
      }
      let at = due[kind] as number;
      if (now() < at) continue;
      // After a sleep or a stop of several days, run once, for the latest time that has passed (today's
      // digest), not for the first day missed.
      for (let next = nextRunAt(at, spec); next <= now(); next = nextRunAt(at, spec)) at = next;
      try {
        await options.run(kind, dayOfInstant(at, spec.timeZone));
      } catch (error) {
        options.onError?.(kind, error);
      }
      due[kind] = nextRunAt(Math.max(now(), at), spec);
    }
  };

  const scheduler: LocalScheduler = {
    next: () => ({ ...due }),
    tick: async () => {
      // A slow run (a big import just landed) never overlaps the next check.
      if (running) return running;
      running = check().finally(() => {
        running = null;
      });
      return running;
    },
    stop: () => clearInterval(timer),
  };
  if (autoStart) {
    void scheduler.tick();
    timer = setInterval(() => void scheduler.tick(), options.pollMs ?? 30_000);
    timer.unref();
  }
  return scheduler;
}
