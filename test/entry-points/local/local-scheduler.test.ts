import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../functions/core/days.ts';
import {
  type CycleKind,
  nextRunAt,
  type ScheduleSpec,
  startLocalScheduler,
} from '../../../functions/entry-points/local/local-scheduler.ts';

const at = (iso: string) => Date.parse(iso);
const shanghai = (time: string, weekday?: ScheduleSpec['weekday']): ScheduleSpec => ({
  time,
  timeZone: 'Asia/Shanghai',
  ...(weekday ? { weekday } : {}),
});

describe('nextRunAt', () => {
  it('fires at the local time in the zone, later today or tomorrow', () => {
    // 2026-11-22 23:00 UTC is 07:00 on the 23rd in Shanghai
    expect(new Date(nextRunAt(at('2026-11-22T23:00:00Z'), shanghai('07:30'))).toISOString()).toBe(
      '2026-11-22T23:30:00.000Z',
    );
    // exactly at the time: the next one is tomorrow (never twice for one instant)
    expect(new Date(nextRunAt(at('2026-11-22T23:30:00Z'), shanghai('07:30'))).toISOString()).toBe(
      '2026-11-23T23:30:00.000Z',
    );
  });

  it('fires on the configured weekday only', () => {
    // Monday 2026-11-23 08:00 Shanghai = 00:00 UTC; asked on Monday 09:00 local, the next is the 30th
    expect(new Date(nextRunAt(at('2026-11-23T01:00:00Z'), shanghai('08:00', 'MON'))).toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(new Date(nextRunAt(at('2026-11-22T12:00:00Z'), shanghai('08:00', 'MON'))).toISOString()).toBe(
      '2026-11-23T00:00:00.000Z',
    );
  });

  it('follows daylight saving time in zones that have it', () => {
    const berlin: ScheduleSpec = { time: '07:30', timeZone: 'Europe/Berlin' };
    // Summer time ends on 2026-10-25: 07:30 is UTC+2 on the 24th and UTC+1 on the 25th
    expect(new Date(nextRunAt(at('2026-10-24T00:00:00Z'), berlin)).toISOString()).toBe(
      '2026-10-24T05:30:00.000Z',
    );
    expect(new Date(nextRunAt(at('2026-10-24T06:00:00Z'), berlin)).toISOString()).toBe(
      '2026-10-25T06:30:00.000Z',
    );
  });
});

describe('local scheduler', () => {
  function harness(initial: Record<CycleKind, ScheduleSpec>) {
    let clock = at('2026-11-22T22:00:00Z'); // 06:00 Monday in Shanghai
    let specs = initial;
    const runs: string[] = [];
    const scheduler = startLocalScheduler(
      {
        readSchedules: async () => specs,
        run: async (kind, asOf) => {
          runs.push(`${kind} ${formatDay(asOf)}`);
        },
        now: () => clock,
      },
      false,
    );
    return {
      scheduler,
      runs,
      setClock: (iso: string) => {
        clock = at(iso);
      },
      setSpecs: (next: Record<CycleKind, ScheduleSpec>) => {
        specs = next;
      },
    };
  }

  it('runs the daily cycle when its time comes, once, for the local day', async () => {
    // Prepare
    const h = harness({ daily: shanghai('07:30'), weekly: shanghai('08:00', 'MON') });
    await h.scheduler.tick();
    // Act
    h.setClock('2026-11-22T23:29:00Z');
    await h.scheduler.tick();
    h.setClock('2026-11-22T23:30:30Z');
    await h.scheduler.tick();
    await h.scheduler.tick();
    h.setClock('2026-11-23T00:00:10Z');
    await h.scheduler.tick();
    // Assess
    expect(h.runs).toEqual(['daily 2026-11-23', 'weekly 2026-11-23']);
  });

  it('picks up a changed time without a restart', async () => {
    // Prepare
    const h = harness({ daily: shanghai('07:30'), weekly: shanghai('08:00', 'MON') });
    await h.scheduler.tick();
    // Act: the admin moves the digest to 06:30 at 06:10 local
    h.setClock('2026-11-22T22:10:00Z');
    h.setSpecs({ daily: shanghai('06:30'), weekly: shanghai('08:00', 'MON') });
    await h.scheduler.tick();
    h.setClock('2026-11-22T22:31:00Z');
    await h.scheduler.tick();
    // Assess
    expect(h.runs).toEqual(['daily 2026-11-23']);
    expect(new Date(h.scheduler.next().daily as number).toISOString()).toBe('2026-11-23T22:30:00.000Z');
  });

  it('after the laptop slept for days, runs once, for today', async () => {
    // Prepare
    const h = harness({ daily: shanghai('07:30'), weekly: shanghai('08:00', 'MON') });
    await h.scheduler.tick();
    // Act: next look on Thursday 26th at 10:00 local
    h.setClock('2026-11-26T02:00:00Z');
    await h.scheduler.tick();
    // Assess
    expect(h.runs).toEqual(['daily 2026-11-26', 'weekly 2026-11-23']);
    expect(new Date(h.scheduler.next().daily as number).toISOString()).toBe('2026-11-26T23:30:00.000Z');
  });

  it('keeps going after a failed run', async () => {
    // Prepare
    const errors: string[] = [];
    let calls = 0;
    let clock = at('2026-11-22T23:00:00Z');
    const scheduler = startLocalScheduler(
      {
        readSchedules: async () => ({ daily: shanghai('07:30'), weekly: shanghai('08:00', 'MON') }),
        run: async () => {
          calls++;
          throw new Error('dynamodb went away');
        },
        onError: (kind) => errors.push(kind),
        now: () => clock,
      },
      false,
    );
    await scheduler.tick();
    // Act
    clock = at('2026-11-22T23:31:00Z');
    await scheduler.tick();
    clock = at('2026-11-23T23:31:00Z');
    await scheduler.tick();
    // Assess
    expect(calls).toBe(3); // daily twice, weekly once (Monday 08:00 passed on the second day's check)
    expect(errors).toContain('daily');
  });
});
