import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { inactive } from '../../../functions/core/rules/inactive.ts';
import { configWith, contextOf } from '../helpers.ts';

const params = ruleParamsFor(DEFAULT_CONFIG, 'inactive', 'general'); // 30 days

describe('inactive (即将流失)', () => {
  it('fires on the threshold day itself and not the day before', () => {
    expect(inactive(contextOf([{ date: '2026-10-21', amount: 100 }], '2026-11-20'), params)).toMatchObject({
      rule: 'inactive',
      daysSinceLastOrder: 30,
      thresholdDays: 30,
      lastOrderDate: '2026-10-21',
    });
    expect(inactive(contextOf([{ date: '2026-10-22', amount: 100 }], '2026-11-20'), params)).toBeNull();
  });

  it('does not apply to a customer who never ordered', () => {
    expect(inactive(contextOf([], '2026-11-20'), params)).toBeNull();
  });

  it('works from a single order', () => {
    const finding = inactive(contextOf([{ date: '2026-09-01', amount: 80 }], '2026-11-20'), params);
    expect(finding?.daysSinceLastOrder).toBe(80);
    expect(finding?.severity).toBe(1);
  });

  it('does not count returns or cancelled orders as ordering', () => {
    const orders = [
      { date: '2026-09-01', amount: 500 },
      { date: '2026-11-10', amount: -120 }, // a return document
      { date: '2026-11-15', amount: 300, status: 'cancelled' as const },
    ];
    expect(inactive(contextOf(orders, '2026-11-20'), params)?.daysSinceLastOrder).toBe(80);
    expect(inactive(contextOf([{ date: '2026-11-10', amount: -120 }], '2026-11-20'), params)).toBeNull();
    expect(
      inactive(contextOf([{ date: '2026-09-01', amount: 300, status: 'cancelled' }], '2026-11-20'), params),
    ).toBeNull();
  });

  it('counts days in Asia/Shanghai: 23:30 local is still that day, 00:30 is the next', () => {
    const lateEvening = contextOf([{ date: '2026-10-21T15:30:00Z', amount: 100 }], '2026-11-20'); // 23:30 +08
    expect(inactive(lateEvening, params)?.lastOrderDate).toBe('2026-10-21');
    const afterMidnight = contextOf([{ date: '2026-10-21T16:30:00Z', amount: 100 }], '2026-11-20'); // 00:30 +08
    expect(inactive(afterMidnight, params)).toBeNull();
    const localTime = contextOf([{ date: '2026-10-21 23:30:00', amount: 100 }], '2026-11-20');
    expect(inactive(localTime, params)?.daysSinceLastOrder).toBe(30);
  });

  it('counts across a leap day', () => {
    const finding = inactive(contextOf([{ date: '2024-02-29', amount: 100 }], '2024-03-30'), params);
    expect(finding).toMatchObject({ daysSinceLastOrder: 30, lastOrderDate: '2024-02-29' });
  });

  it('ignores orders after the as-of day (a backtest sees only the past)', () => {
    const orders = [
      { date: '2026-09-01', amount: 100 },
      { date: '2026-12-01', amount: 100 },
    ];
    expect(inactive(contextOf(orders, '2026-11-20'), params)?.daysSinceLastOrder).toBe(80);
  });

  it('uses per-tier thresholds', () => {
    const config = configWith({ rules: { inactive: { tiers: { vip: { days: 21 } } } } });
    const context = contextOf([{ date: '2026-10-28', amount: 100 }], '2026-11-20'); // 23 days
    expect(inactive(context, ruleParamsFor(config, 'inactive', 'vip'))?.thresholdDays).toBe(21);
    expect(inactive(context, ruleParamsFor(config, 'inactive', 'general'))).toBeNull();
  });
});
