import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { cycleOverdue } from '../../../functions/core/rules/cycle-overdue.ts';
import { contextOf, regularOrders } from '../helpers.ts';

const params = ruleParamsFor(DEFAULT_CONFIG, 'cycle_overdue', 'general'); // 1.5 cycles, at least 7 days
const rule = cycleOverdue({ cycles: 2, minDays: 14 });

describe('cycle_overdue (订货周期异常)', () => {
  const weekly = regularOrders('2026-06-05', '2026-10-30', 7, 300);

  it('fires from 1.5 cycles up to the churned threshold', () => {
    expect(rule(contextOf(weekly, '2026-11-09'), params)).toBeNull(); // 10 days < 10.5
    expect(rule(contextOf(weekly, '2026-11-10'), params)).toMatchObject({
      rule: 'cycle_overdue',
      daysSinceLastOrder: 11,
      cycleDays: 7,
      daysLate: 4,
    });
    expect(rule(contextOf(weekly, '2026-11-13'), params)?.daysSinceLastOrder).toBe(14); // exactly 2 cycles
    expect(rule(contextOf(weekly, '2026-11-14'), params)).toBeNull(); // churned now
  });

  it('keeps a five-day customer listed until churned takes over at its 14-day minimum', () => {
    const everyFive = regularOrders('2026-08-01', '2026-11-10', 5, 100); // last order 2026-11-09
    for (const [asOf, expected] of [
      ['2026-11-16', null], // 7 days: below the 7.5-day threshold
      ['2026-11-17', 8],
      ['2026-11-20', 11], // beyond 2 cycles, but churned needs 14 days
      ['2026-11-22', 13],
      ['2026-11-23', null], // 14 days: churned from here
    ] as const) {
      expect(rule(contextOf(everyFive, asOf), params)?.daysSinceLastOrder ?? null, asOf).toBe(expected);
    }
  });

  it('respects minDays for very frequent customers', () => {
    const daily = regularOrders('2026-10-01', '2026-11-15', 1, 50);
    expect(rule(contextOf(daily, '2026-11-20'), params)).toBeNull(); // 5 days = 5 cycles but < 7 days
  });

  it('does not apply to customers who never bought', () => {
    expect(rule(contextOf([], '2026-11-20'), params)).toBeNull();
    expect(rule(contextOf([{ date: '2026-11-01', amount: -10 }], '2026-11-20'), params)).toBeNull();
  });
});
