import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { orderCountDrop } from '../../../functions/core/rules/order-count-drop.ts';
import { configWith, contextOf, regularOrders, type TestOrder } from '../helpers.ts';

// −50%, fixed 30-day windows, at least 2 orders before (the default of 3 and window widening are tested below)
const params = {
  ...ruleParamsFor(DEFAULT_CONFIG, 'order_count_drop', 'general'),
  minPreviousOrders: 2,
  minCyclesPerWindow: 0,
};
const on = (...dates: string[]): TestOrder[] => dates.map((date) => ({ date, amount: 100 }));

describe('order_count_drop (交易次数暴跌)', () => {
  it('fires at exactly half as many orders', () => {
    const orders = on('2026-09-25', '2026-10-02', '2026-10-09', '2026-10-16', '2026-10-30', '2026-11-13');
    expect(orderCountDrop(contextOf(orders, '2026-11-20'), params)).toMatchObject({
      previousOrders: 4,
      currentOrders: 2,
      changePct: -50,
    });
    const three = on(
      '2026-09-25',
      '2026-10-02',
      '2026-10-09',
      '2026-10-16',
      '2026-10-30',
      '2026-11-06',
      '2026-11-13',
    );
    expect(orderCountDrop(contextOf(three, '2026-11-20'), params)).toBeNull();
  });

  it('needs at least minPreviousOrders before (one order either side of the edge is noise)', () => {
    expect(orderCountDrop(contextOf(on('2026-10-15'), '2026-11-20'), params)).toBeNull();
    expect(orderCountDrop(contextOf([], '2026-11-20'), params)).toBeNull();
  });

  it('does not count cancelled orders or returns as orders', () => {
    const orders: TestOrder[] = [
      ...on('2026-09-25', '2026-10-02'),
      { date: '2026-11-01', amount: 100, status: 'cancelled' },
      { date: '2026-11-02', amount: -100 },
    ];
    expect(orderCountDrop(contextOf(orders, '2026-11-20'), params)?.currentOrders).toBe(0);
  });

  it('by default needs three orders before and widens the windows to three of the customer’s cycles', () => {
    const defaults = ruleParamsFor(DEFAULT_CONFIG, 'order_count_drop', 'general');
    const biweekly = regularOrders('2026-03-02', '2026-10-19', 14, 100); // stops after 2026-10-19
    const finding = orderCountDrop(contextOf(biweekly, '2026-11-20'), defaults);
    expect(finding).toMatchObject({ windowDays: 42, previousOrders: 3, currentOrders: 1 });
    expect(orderCountDrop(contextOf(on('2026-10-01', '2026-10-15'), '2026-11-20'), defaults)).toBeNull();
  });

  it('can fire on an absolute drop', () => {
    const config = configWith({ rules: { order_count_drop: { minDropOrders: 3 } } });
    const before = on(
      '2026-09-23',
      '2026-09-26',
      '2026-09-29',
      '2026-10-02',
      '2026-10-05',
      '2026-10-08',
      '2026-10-11',
      '2026-10-14',
      '2026-10-17',
      '2026-10-20',
    );
    const after = on('2026-10-25', '2026-10-30', '2026-11-04', '2026-11-09', '2026-11-14', '2026-11-19');
    const context = contextOf([...before, ...after], '2026-11-20');
    expect(orderCountDrop(context, params)).toBeNull(); // −40%
    expect(orderCountDrop(context, ruleParamsFor(config, 'order_count_drop', 'general'))?.changePct).toBe(
      -40,
    );
  });
});
