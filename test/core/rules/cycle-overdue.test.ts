import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { cycleOverdue } from '../../../functions/core/rules/cycle-overdue.ts';
import { contextOf, regularOrders } from '../helpers.ts';

const params = ruleParamsFor(DEFAULT_CONFIG, 'cycle_overdue', 'general'); // 1.5 cycles, at least 7 days
const rule = cycleOverdue(2);

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

  it('respects minDays for very frequent customers', () => {
    const daily = regularOrders('2026-10-01', '2026-11-15', 1, 50);
    expect(rule(contextOf(daily, '2026-11-20'), params)).toBeNull(); // 5 days = 5 cycles but < 7 days
  });

  it('does not apply to customers who never bought', () => {
    expect(rule(contextOf([], '2026-11-20'), params)).toBeNull();
    expect(rule(contextOf([{ date: '2026-11-01', amount: -10 }], '2026-11-20'), params)).toBeNull();
  });
});
