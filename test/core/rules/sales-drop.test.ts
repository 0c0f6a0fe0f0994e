import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { salesDrop } from '../../../functions/core/rules/sales-drop.ts';
import { configWith, contextOf, regularOrders } from '../helpers.ts';

const defaults = ruleParamsFor(DEFAULT_CONFIG, 'sales_drop', 'general'); // 30-day windows, −50%, ≥ 2 cycles
// Fixed 30-day windows for the threshold tests: as of 2026-11-20 the current window is 10-22..11-20 and the
// previous one 09-22..10-21.
const params = { ...defaults, minCyclesPerWindow: 0 };

describe('sales_drop (销售额暴跌)', () => {
  it('fires at exactly the threshold and not a cent above it', () => {
    const exactly = [
      { date: '2026-09-22', amount: 1000 },
      { date: '2026-11-20', amount: 500 },
    ];
    expect(salesDrop(contextOf(exactly, '2026-11-20'), params)).toMatchObject({
      rule: 'sales_drop',
      previousSales: 100000,
      currentSales: 50000,
      changePct: -50,
      windowDays: 30,
    });
    const justAbove = [
      { date: '2026-10-21', amount: 1000 },
      { date: '2026-10-22', amount: 500.01 },
    ];
    expect(salesDrop(contextOf(justAbove, '2026-11-20'), params)).toBeNull();
  });

  it('needs sales in the previous window', () => {
    expect(salesDrop(contextOf([], '2026-11-20'), params)).toBeNull();
    expect(salesDrop(contextOf([{ date: '2026-11-01', amount: 300 }], '2026-11-20'), params)).toBeNull();
  });

  it('fires when sales stopped altogether, with severity 1', () => {
    const finding = salesDrop(contextOf([{ date: '2026-10-01', amount: 300 }], '2026-11-20'), params);
    expect(finding).toMatchObject({ currentSales: 0, changePct: -100, severity: 1 });
  });

  it('nets returns in the window where the goods came back', () => {
    const orders = [
      { date: '2026-10-01', amount: 1000 },
      { date: '2026-11-01', amount: 900 },
      { date: '2026-11-05', amount: -450 }, // return document
    ];
    expect(salesDrop(contextOf(orders, '2026-11-20'), params)?.currentSales).toBe(45000);
  });

  it('ignores cancelled orders on both sides', () => {
    const orders = [
      { date: '2026-10-01', amount: 1000 },
      { date: '2026-10-02', amount: 5000, status: 'cancelled' as const },
      { date: '2026-11-01', amount: 800 },
    ];
    expect(salesDrop(contextOf(orders, '2026-11-20'), params)).toBeNull();
  });

  it('widens the windows to two of the customer’s cycles, so a monthly shop is compared two months on two', () => {
    const monthly = ['2026-06-25', '2026-07-25', '2026-08-25', '2026-09-25', '2026-10-20', '2026-11-15'].map(
      (date) => ({ date, amount: 1000 }),
    );
    // Two orders fell in the previous 30 days and one in the last 30: noise, not a drop.
    expect(salesDrop(contextOf(monthly, '2026-11-20'), params)?.changePct).toBe(-50);
    expect(salesDrop(contextOf(monthly, '2026-11-20'), defaults)).toBeNull(); // 60-day windows
    const weekly = regularOrders('2026-06-01', '2026-10-10', 7, 100);
    expect(salesDrop(contextOf(weekly, '2026-11-20'), defaults)?.windowDays).toBe(30); // 2 × 7 < 30
    // A fortnightly shop keeps 30-day windows: three orders of ¥1,000, then two of ¥400.
    const fortnightly = [
      ...regularOrders('2026-06-01', '2026-10-19', 14, 1000),
      { date: '2026-11-02', amount: 400 },
      { date: '2026-11-16', amount: 400 },
    ];
    expect(salesDrop(contextOf(fortnightly, '2026-11-20'), defaults)).toMatchObject({
      windowDays: 30,
      currentSales: 80000,
    });
  });

  it('honours a minimum previous-period amount', () => {
    const config = configWith({ rules: { sales_drop: { minPreviousSales: 2000 } } });
    const orders = [{ date: '2026-10-01', amount: 1999.99 }];
    expect(
      salesDrop(contextOf(orders, '2026-11-20'), ruleParamsFor(config, 'sales_drop', 'general')),
    ).toBeNull();
  });
});
