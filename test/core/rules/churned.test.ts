import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { churned } from '../../../functions/core/rules/churned.ts';
import { contextOf, regularOrders } from '../helpers.ts';

const params = ruleParamsFor(DEFAULT_CONFIG, 'churned', 'general'); // more than 2 cycles, at least 14 days

describe('churned (已流失)', () => {
  const weekly = regularOrders('2026-06-05', '2026-10-30', 7, 300);

  it('fires only after more than two of the customer’s own cycles', () => {
    expect(churned(contextOf(weekly, '2026-11-13'), params)).toBeNull(); // exactly 14 days = 2 cycles
    expect(churned(contextOf(weekly, '2026-11-14'), params)).toMatchObject({
      rule: 'churned',
      daysSinceLastOrder: 15,
      cycleDays: 7,
      cyclesMissed: 2.1,
      thresholdCycles: 2,
      lastOrderDate: '2026-10-30',
    });
  });

  it('waits at least minDays for customers who order every few days', () => {
    const everyTwoDays = regularOrders('2026-09-01', '2026-11-10', 2, 100);
    expect(churned(contextOf(everyTwoDays, '2026-11-20'), params)).toBeNull(); // 10 days = 5 cycles
    expect(churned(contextOf(everyTwoDays, '2026-11-24'), params)?.daysSinceLastOrder).toBe(14);
  });

  it('uses the fallback cycle (30 days) for a single order', () => {
    const single = [{ date: '2026-09-01', amount: 100 }];
    expect(churned(contextOf(single, '2026-10-31'), params)).toBeNull(); // 60 days
    expect(churned(contextOf(single, '2026-11-01'), params)?.cycleDays).toBe(30);
  });

  it('does not apply without purchases: no orders, only returns, only cancelled', () => {
    expect(churned(contextOf([], '2026-11-20'), params)).toBeNull();
    expect(churned(contextOf([{ date: '2026-01-01', amount: -50 }], '2026-11-20'), params)).toBeNull();
    expect(
      churned(contextOf([{ date: '2026-01-01', amount: 50, status: 'cancelled' }], '2026-11-20'), params),
    ).toBeNull();
  });

  it('is robust to one long gap in an otherwise weekly history', () => {
    const withHoliday = [
      ...regularOrders('2026-05-01', '2026-07-31', 7, 300),
      ...regularOrders('2026-09-15', '2026-11-03', 7, 300),
    ];
    const finding = churned(contextOf(withHoliday, '2026-11-20'), params);
    expect(finding?.cycleDays).toBe(7);
  });
});
