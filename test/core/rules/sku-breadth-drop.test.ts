import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { skuBreadthDrop } from '../../../functions/core/rules/sku-breadth-drop.ts';
import { contextOf } from '../helpers.ts';

// −40%, needs 3 SKUs before, fixed 30-day windows (defaults: −50%, 5 SKUs, windows of 4 cycles)
const params = {
  ...ruleParamsFor(DEFAULT_CONFIG, 'sku_breadth_drop', 'general'),
  dropPct: 40,
  minPreviousSkus: 3,
  minCyclesPerWindow: 0,
};

describe('sku_breadth_drop (动销品项数下滑)', () => {
  it('fires when the shop stops buying most of its lines and names them', () => {
    const orders = [
      { date: '2026-10-01', amount: 400, skus: ['A', 'B', 'C', 'D'] },
      { date: '2026-11-01', amount: 400, skus: ['A'] },
    ];
    expect(skuBreadthDrop(contextOf(orders, '2026-11-20'), params)).toMatchObject({
      previousSkus: 4,
      currentSkus: 1,
      changePct: -75,
      droppedSkus: ['B', 'C', 'D'],
    });
  });

  it('fires at exactly the threshold (5 → 3 is −40%) and not above it', () => {
    const at = [
      { date: '2026-10-01', amount: 500, skus: ['A', 'B', 'C', 'D', 'E'] },
      { date: '2026-11-01', amount: 300, skus: ['A', 'B', 'C'] },
    ];
    expect(skuBreadthDrop(contextOf(at, '2026-11-20'), params)?.changePct).toBe(-40);
    const above = [
      { date: '2026-10-01', amount: 500, skus: ['A', 'B', 'C', 'D', 'E'] },
      { date: '2026-11-01', amount: 400, skus: ['A', 'B', 'C', 'D'] },
    ];
    expect(skuBreadthDrop(contextOf(above, '2026-11-20'), params)).toBeNull();
  });

  it('says nothing without SKUs, with too few SKUs, or for SKUs only on cancelled orders', () => {
    expect(skuBreadthDrop(contextOf([{ date: '2026-10-01', amount: 100 }], '2026-11-20'), params)).toBeNull();
    const few = [{ date: '2026-10-01', amount: 100, skus: ['A', 'B'] }];
    expect(skuBreadthDrop(contextOf(few, '2026-11-20'), params)).toBeNull();
    const cancelled = [
      { date: '2026-10-01', amount: 100, skus: ['A', 'B', 'C'], status: 'cancelled' as const },
    ];
    expect(skuBreadthDrop(contextOf(cancelled, '2026-11-20'), params)).toBeNull();
  });
});
