import { describe, expect, it } from 'vitest';
import { bgnbdSummaryOf } from '../../functions/core/bgnbd-summary.ts';
import { day, profileOf, regularOrders } from './helpers.ts';

describe('the BG/NBD summary of a profile', () => {
  it('counts repeat purchase days and measures in weeks from the first purchase', () => {
    const orders = [
      { date: '2026-01-05', amount: 100 },
      { date: '2026-01-05', amount: 50, id: 'same-day' },
      { date: '2026-01-19', amount: 100 },
      { date: '2026-02-02', amount: 100 },
    ];
    expect(bgnbdSummaryOf(profileOf(orders, { asOf: '2026-03-02' }), day('2026-03-02'))).toEqual({
      frequency: 2,
      recency: 4,
      T: 8,
    });
  });

  it('keeps a long-standing weekly buyer a weekly buyer when the oldest orders were pruned', () => {
    // Three years of weekly orders, silent for six weeks; the profile keeps 400 days.
    const orders = regularOrders('2023-09-04', '2026-07-20', 7, 100);
    const summary = bgnbdSummaryOf(profileOf(orders, { asOf: '2026-08-31' }), day('2026-08-31'));
    expect(summary).not.toBeNull();
    if (!summary) return;
    // About one repeat purchase a week over the kept span, not a third of that over the whole age.
    expect(summary.frequency / summary.recency).toBeCloseTo(1, 1);
    expect(summary.T - summary.recency).toBe(6);
  });

  it('looks only from `since` when asked, and knows nothing of a customer with no purchase there', () => {
    const orders = regularOrders('2026-01-05', '2026-06-29', 7, 100);
    const profile = profileOf(orders, { asOf: '2026-08-31' });
    expect(bgnbdSummaryOf(profile, day('2026-08-31'), day('2026-06-01'))).toEqual({
      frequency: 4,
      recency: 4,
      T: 13,
    });
    expect(bgnbdSummaryOf(profile, day('2026-08-31'), day('2026-07-01'))).toBeNull();
  });
});
