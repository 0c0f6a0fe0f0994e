import { describe, expect, it } from 'vitest';
import type { AlertRecord, AlertState } from '../../functions/core/alerts.ts';
import type { Tier } from '../../functions/core/config.ts';
import { recoveryAroundChange, recoveryBreakdown, recoveryWindow } from '../../functions/core/recovery.ts';
import { day } from './helpers.ts';

const AS_OF = day('2026-11-20');

/** An alert record of one episode: first warned on `first`, ended (or not) on `ended`. */
function episode(
  customerId: string,
  first: string,
  ended: { on: string; reason: 'recovered' | 'cleared' | 'lost' } | null,
  options: { repId?: string | null; tier?: Tier } = {},
): AlertRecord {
  const state = {
    customerId,
    repId: options.repId === undefined ? 'R01' : options.repId,
    open: ended === null,
    firstSeenDate: first,
    endedDate: ended?.on ?? null,
    endedReason: ended?.reason ?? null,
    facts: { tier: options.tier ?? 'general' },
  } as unknown as AlertState;
  return {
    customerId,
    day: '2026-11-20',
    before: null,
    state,
    outcome: { section: null, escalated: false, newRules: [], escalateToManager: false },
  };
}

describe('recovery after a warning', () => {
  it('counts a recovery that was followed by a new warning, from the episode kept before it', () => {
    const window = recoveryWindow(AS_OF, 30, 30);
    const again = episode('C1', '2026-10-20', null);
    (again.state as AlertState).previousEpisode = {
      firstSeenDate: '2026-09-25',
      endedDate: '2026-10-01',
      endedReason: 'recovered',
      tier: 'vip',
      repId: 'R01',
    };
    const { total, byTier } = recoveryBreakdown([again], window);
    expect(total).toEqual({ episodes: 2, recovered: 1, rate: 0.5 });
    expect(byTier.vip).toEqual({ episodes: 1, recovered: 1, rate: 1 });
  });

  it('counts the warnings that had the whole window to play out, and those followed by an order in time', () => {
    // The window: warnings from 2026-09-22 to 2026-10-21, each with 30 days to recover by 2026-11-20.
    const window = recoveryWindow(AS_OF, 30, 30);
    expect(window).toEqual({ from: '2026-09-22', to: '2026-10-21', withinDays: 30 });
    const records = [
      episode('C1', '2026-09-22', { on: '2026-10-22', reason: 'recovered' }), // 30 days: in time
      episode('C2', '2026-10-01', { on: '2026-11-01', reason: 'recovered' }), // 31 days: too late
      episode('C3', '2026-10-21', null), // still open
      episode('C4', '2026-10-05', { on: '2026-10-20', reason: 'cleared' }), // signals lapsed, no order
      episode('C5', '2026-10-22', { on: '2026-10-25', reason: 'recovered' }), // not 30 days yet: left out
      episode('C6', '2026-09-21', { on: '2026-09-25', reason: 'recovered' }), // before the window
      episode('C7', '2026-10-10', { on: '2026-10-12', reason: 'recovered' }, { repId: 'R02', tier: 'vip' }),
      episode('C8', '2026-10-10', { on: '2026-10-12', reason: 'recovered' }, { repId: null }),
    ];
    const { total, byTier, byRep } = recoveryBreakdown(records, window);
    expect(total).toEqual({ episodes: 6, recovered: 3, rate: 0.5 });
    expect(byTier.vip).toEqual({ episodes: 1, recovered: 1, rate: 1 });
    expect(byTier.general).toEqual({ episodes: 5, recovered: 2, rate: 0.4 });
    expect(byTier.dormant).toEqual({ episodes: 0, recovered: 0, rate: null });
    expect(byRep.get('R01')).toEqual({ episodes: 4, recovered: 1, rate: 0.25 });
    expect(byRep.get('R02')).toEqual({ episodes: 1, recovered: 1, rate: 1 });
  });

  it('compares the warnings before a config change with those after it, alike', () => {
    const records = [
      episode('B1', '2026-08-05', { on: '2026-08-10', reason: 'recovered' }),
      episode('B2', '2026-08-20', null),
      episode('A1', '2026-09-05', { on: '2026-09-06', reason: 'recovered' }),
      episode('A2', '2026-09-25', { on: '2026-09-30', reason: 'recovered' }),
      episode('A3', '2026-10-25', null), // after the change, but not 30 days old by the as-of day
    ];
    const change = recoveryAroundChange(records, { version: 7, changedOn: day('2026-09-01') }, AS_OF, 30, 30);
    expect(change).toMatchObject({
      version: 7,
      changedOn: '2026-09-01',
      before: { episodes: 2, recovered: 1, rate: 0.5 },
      after: { episodes: 2, recovered: 2, rate: 1 },
      beforeWindow: { from: '2026-08-02', to: '2026-08-31' },
      afterWindow: { from: '2026-09-01', to: '2026-09-30' },
    });
  });

  it('says there is no "after" yet while no warning since the change has had its days', () => {
    const change = recoveryAroundChange([], { version: 8, changedOn: day('2026-11-01') }, AS_OF, 30, 30);
    expect(change.after).toBeNull();
    expect(change.afterWindow).toBeNull();
    expect(change.before).toEqual({ episodes: 0, recovered: 0, rate: null });
    // Nor do warnings just before the change that have not had their 30 days: the window stops at 10-21.
    expect(change.beforeWindow).toEqual({ from: '2026-10-02', to: '2026-10-21', withinDays: 30 });
  });
});
