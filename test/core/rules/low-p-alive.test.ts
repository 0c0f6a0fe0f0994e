import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../functions/core/config.ts';
import { describeFinding } from '../../../functions/text/explain.ts';
import { lowPAlive } from '../../../functions/core/rules/low-p-alive.ts';
import { contextOf, regularOrders } from '../helpers.ts';

// The paper's CDNOW parameters (weeks).
const PARAMS = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const RULE = { ...DEFAULT_CONFIG.rules.low_p_alive, enabled: true };

describe('low_p_alive', () => {
  it('flags a weekly buyer silent for 15 weeks, with the probability and the facts behind it', () => {
    const orders = regularOrders('2026-01-05', '2026-05-25', 7, 100);
    const finding = lowPAlive(contextOf(orders, '2026-09-07', { pAliveParams: PARAMS }), RULE);
    expect(finding).toMatchObject({ rule: 'low_p_alive', threshold: 0.3, repeatPurchases: 20 });
    expect(finding?.pAlive).toBeLessThan(0.3);
    expect(finding?.weeksSinceLastPurchase).toBe(15);
    expect(finding?.severity).toBeGreaterThan(0.5);
    if (!finding) return;
    expect(describeFinding(finding, 'zh-CN')).toMatch(/仍在购买的可能性约 \d+%（回购 20 次，已 15 周未买）/);
    expect(describeFinding(finding, 'en')).toMatch(/20 repeat purchases, 15 weeks since the last/);
  });

  it('leaves alone a weekly buyer who bought last week, and a one-time buyer however long ago', () => {
    const weekly = regularOrders('2026-01-05', '2026-08-31', 7, 100);
    expect(lowPAlive(contextOf(weekly, '2026-09-07', { pAliveParams: PARAMS }), RULE)).toBeNull();
    const once = [{ date: '2026-01-05', amount: 100 }];
    expect(lowPAlive(contextOf(once, '2026-09-07', { pAliveParams: PARAMS }), RULE)).toBeNull();
  });

  it('weighs silence against the customer’s own rate: 8 weeks is long for a weekly buyer, not for a monthly one', () => {
    const weekly = regularOrders('2026-01-05', '2026-07-06', 7, 100);
    const monthly = regularOrders('2025-07-07', '2026-07-06', 28, 100);
    const pOf = (orders: typeof weekly) =>
      lowPAlive(contextOf(orders, '2026-08-31', { pAliveParams: PARAMS }), { ...RULE, threshold: 0.999 })
        ?.pAlive;
    expect(pOf(weekly)).toBeLessThan(pOf(monthly) as number);
  });

  it('says nothing without a usable model', () => {
    const orders = regularOrders('2026-01-05', '2026-05-25', 7, 100);
    expect(lowPAlive(contextOf(orders, '2026-09-07'), RULE)).toBeNull();
  });
});
