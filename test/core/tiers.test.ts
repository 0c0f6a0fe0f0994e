import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import {
  compareTierKeys,
  type TierKey,
  TierKeyList,
  tierCutoffs,
  tierOf,
} from '../../functions/core/tiers.ts';

const shares = DEFAULT_CONFIG.tiers;
const tiersOf = (keys: TierKey[]) => {
  const cutoffs = tierCutoffs(keys, shares);
  return keys.map((key) => tierOf(key, cutoffs));
};
const count = (tiers: string[], tier: string) => tiers.filter((t) => t === tier).length;

describe('tiers', () => {
  it('splits 1,000 customers 5% / 20% of the rest / 50% of the rest / the rest', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => ({
      customerId: `C${i}`,
      trailingSales: (i + 1) * 100,
    }));
    const tiers = tiersOf(keys);
    expect([
      count(tiers, 'vip'),
      count(tiers, 'important'),
      count(tiers, 'general'),
      count(tiers, 'dormant'),
    ]).toEqual([50, 190, 380, 380]);
    expect(tiers[999]).toBe('vip'); // the biggest buyer
    expect(tiers[0]).toBe('dormant');
  });

  it('puts customers who sold nothing (or only had returns) in dormant, whatever their rank', () => {
    const tiers = tiersOf([
      { customerId: 'A', trailingSales: 500 },
      { customerId: 'B', trailingSales: 0 },
      { customerId: 'C', trailingSales: -100 },
    ]);
    expect(tiers).toEqual(['vip', 'dormant', 'dormant']);
  });

  it('breaks ties by customer id, so equal sales give the same tiers in any order', () => {
    const keys = Array.from({ length: 40 }, (_, i) => ({
      customerId: `C${String(i).padStart(2, '0')}`,
      trailingSales: 1000,
    }));
    const tiers = tiersOf(keys);
    expect(tiers.slice(0, 2)).toEqual(['vip', 'vip']);
    expect(tiers[2]).toBe('important');
    fc.assert(
      fc.property(fc.shuffledSubarray(keys, { minLength: 40, maxLength: 40 }), (shuffled) => {
        const cutoffs = tierCutoffs(shuffled, shares);
        expect(keys.map((key) => tierOf(key, cutoffs))).toEqual(tiers);
      }),
      { numRuns: 50 },
    );
  });

  it('rounds tier sizes to the nearest customer', () => {
    const keys = Array.from({ length: 21 }, (_, i) => ({
      customerId: `C${i}`,
      trailingSales: (i + 1) * 100,
    }));
    const tiers = tiersOf(keys);
    expect([
      count(tiers, 'vip'),
      count(tiers, 'important'),
      count(tiers, 'general'),
      count(tiers, 'dormant'),
    ]).toEqual([1, 4, 8, 8]);
  });

  it('gives a small distributor at least one VIP', () => {
    expect(tiersOf([{ customerId: 'A', trailingSales: 1 }])).toEqual(['vip']);
    expect(tiersOf([])).toEqual([]);
  });
});

/** The cut-offs a full sort gives: what the selection must agree with. */
function sortedCutoffs(keys: readonly TierKey[]) {
  const sorted = keys.filter((k) => k.trailingSales > 0).sort(compareTierKeys);
  const n = sorted.length;
  const share = (left: number, part: number) =>
    left > 0 ? Math.min(left, Math.max(1, Math.round(left * part))) : 0;
  const vip = share(n, 0.05);
  const important = share(n - vip, 0.2);
  const general = share(n - vip - important, 0.5);
  const expected = (count: number) => (count > 0 ? sorted[count - 1] : null);
  return {
    vip: expected(vip) ?? null,
    important: expected(vip + important) ?? null,
    general: expected(vip + important + general) ?? null,
  };
}

describe('tier cut-offs by selection', () => {
  it('pick the same customers as a full sort would, for any sales', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 40 }), { maxLength: 300 }), (sales) => {
        const keys = sales.map((trailingSales, i) => ({ customerId: `C${i}`, trailingSales }));
        expect(tierCutoffs(keys, shares)).toEqual(sortedCutoffs(keys));
      }),
      { numRuns: 300 },
    );
  });

  it('pick the same from columns, without a key object per customer, past the first 1,024', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 60 }), { minLength: 900, maxLength: 2500 }),
        (sales) => {
          // Prepare: ties at every cut-off, ids out of sales order.
          const keys = sales.map((trailingSales, i) => ({ customerId: `C${i % 97}-${i}`, trailingSales }));
          const list = new TierKeyList();
          for (const key of keys) list.add(key.customerId, key.trailingSales);
          // Act & Assess
          expect(list.length).toBe(keys.length);
          expect(tierCutoffs(list, shares)).toEqual(sortedCutoffs(keys));
        },
      ),
      // No shrinking: a counterexample of a thousand keys would take minutes to shrink.
      { numRuns: 40, endOnFailure: true },
    );
  });
});
