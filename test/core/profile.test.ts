import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildProfiles,
  emptyProfile,
  mergeOrderFacts,
  type OrderFact,
  orderFactFromLines,
} from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { day } from './helpers.ts';

const line = (over: Partial<OrderLine>): OrderLine => ({
  orderId: 'O1',
  customerId: 'C1',
  day: day('2026-11-01'),
  amount: 10000,
  status: 'placed',
  ...over,
});

describe('orderFactFromLines', () => {
  it('folds lines into one order with its distinct SKUs', () => {
    const fact = orderFactFromLines([
      line({ sku: 'B', amount: 3000 }),
      line({ sku: 'A', amount: 2000 }),
      line({ sku: 'B', amount: 1000 }),
    ]);
    expect(fact).toEqual({
      orderId: 'O1',
      day: day('2026-11-01'),
      net: 6000,
      purchase: true,
      skus: ['A', 'B'],
    });
  });

  it('leaves cancelled and returned lines out and subtracts return documents', () => {
    const fact = orderFactFromLines([
      line({ sku: 'A', amount: 5000 }),
      line({ sku: 'B', amount: 4000, status: 'cancelled' }),
      line({ sku: 'C', amount: 1000, status: 'returned' }), // sold, then came back: not a sale
      line({ sku: 'D', amount: -500 }), // a return line on the order
    ]);
    expect(fact).toMatchObject({ net: 4500, purchase: true, skus: ['A'] });
  });

  it('does not count a fully cancelled, fully returned or pure return document as ordering', () => {
    expect(orderFactFromLines([line({ status: 'cancelled' })])).toMatchObject({ net: 0, purchase: false });
    expect(orderFactFromLines([line({ status: 'returned' })])).toMatchObject({ net: 0, purchase: false });
    expect(orderFactFromLines([line({ amount: -2500 })])).toMatchObject({ net: -2500, purchase: false });
    expect(orderFactFromLines([line({ amount: -2500, status: 'returned' })])).toMatchObject({
      net: -2500,
      purchase: false,
    });
  });

  it('counts a free order (all lines at zero) as ordering', () => {
    expect(orderFactFromLines([line({ amount: 0 })])).toMatchObject({ net: 0, purchase: true });
  });
});

const arbitraryLine = fc.record({
  orderId: fc.constantFrom('O1', 'O2', 'O3', 'O4', 'O5', 'O6'),
  customerId: fc.constantFrom('C1', 'C2', 'C3'),
  day: fc.integer({ min: day('2025-06-01'), max: day('2026-11-20') }),
  amount: fc.integer({ min: -50000, max: 200000 }),
  sku: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: undefined }),
  repId: fc.option(fc.constantFrom('R1', 'R2'), { nil: undefined }),
  status: fc.constantFrom('placed', 'placed', 'placed', 'cancelled', 'returned') as fc.Arbitrary<
    OrderLine['status']
  >,
}) as fc.Arbitrary<OrderLine>;

describe('buildProfiles', () => {
  const options = { asOf: day('2026-11-20'), retentionDays: 400 };

  it('gives the same profiles for the same lines in any order', () => {
    fc.assert(
      fc.property(fc.array(arbitraryLine, { maxLength: 60 }), fc.integer(), (lines, seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }),
          {
            seed,
            numRuns: 1,
          },
        )[0] as OrderLine[];
        const a = buildProfiles(lines, {}, options);
        const b = buildProfiles(shuffled, {}, options);
        expect([...b.profiles.entries()].sort()).toEqual([...a.profiles.entries()].sort());
        expect(b.stats).toEqual(a.stats);
      }),
      { numRuns: 300 },
    );
  });

  it('accounts for every line: used, or dated after the as-of day', () => {
    fc.assert(
      fc.property(fc.array(arbitraryLine, { maxLength: 60 }), (lines) => {
        const { stats } = buildProfiles(lines, {}, { ...options, asOf: day('2026-06-01') });
        expect(stats.lines + stats.afterAsOf).toBe(lines.length);
        expect(stats.purchases + stats.cancelledOrders + stats.returnDocuments).toBe(stats.orders);
      }),
    );
  });

  it('takes the rep from the latest order that names one', () => {
    const { profiles } = buildProfiles(
      [
        line({ orderId: 'A', day: day('2026-10-01'), repId: 'R1' }),
        line({ orderId: 'B', day: day('2026-11-01'), repId: 'R2' }),
        line({ orderId: 'C', day: day('2026-11-10') }),
      ],
      {},
      options,
    );
    expect(profiles.get('C1')?.repId).toBe('R2');
  });

  it('keeps visits, coupons and complaints up to the as-of day', () => {
    const event = (date: string) => ({ customerId: 'C9', day: day(date) });
    const { profiles, stats } = buildProfiles(
      [],
      {
        visits: [event('2026-11-01'), event('2026-10-01'), event('2026-12-01')],
        coupons: [event('2026-09-09')],
        complaints: [event('2026-11-02'), event('2026-10-02')],
      },
      options,
    );
    expect(profiles.get('C9')).toMatchObject({
      lastVisitDay: day('2026-11-01'),
      visitsTracked: true,
      lastCouponDay: day('2026-09-09'),
      complaintDays: [day('2026-10-02'), day('2026-11-02')],
    });
    expect(stats.afterAsOf).toBe(1);
  });
});

describe('mergeOrderFacts', () => {
  const fact = (orderId: string, date: string, net = 1000): OrderFact => ({
    orderId,
    day: day(date),
    net,
    purchase: net > 0,
    skus: [],
  });

  it('is idempotent and order-independent, whatever is delivered twice', () => {
    const facts = [
      fact('A', '2025-01-05'),
      fact('B', '2025-06-01'),
      fact('C', '2026-02-01'),
      fact('D', '2026-11-01'),
      fact('E', '2026-11-01', -200),
    ];
    const reference = mergeOrderFacts(emptyProfile('C1'), facts, 400);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...facts), { minLength: 1, maxLength: 12 }), (deliveries) => {
        const seen = new Set(deliveries);
        if (seen.size !== facts.length) return;
        let profile = emptyProfile('C1');
        for (const delivered of deliveries) profile = mergeOrderFacts(profile, [delivered], 400);
        expect(profile).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the last orders when a return document arrives long after them', () => {
    const profile = mergeOrderFacts(
      emptyProfile('C1'),
      [fact('A', '2025-01-01'), fact('B', '2025-01-15'), fact('R', '2026-03-01', -100)],
      400,
    );
    expect(profile.orders.ids).toEqual(['A', 'B', 'R']);
  });

  it('replaces a corrected order and prunes beyond retention, remembering the first purchase', () => {
    let profile = mergeOrderFacts(
      emptyProfile('C1'),
      [fact('A', '2025-01-05'), fact('B', '2026-11-01')],
      400,
    );
    expect(profile.orders.ids).toEqual(['B']);
    expect(profile.prunedFirstPurchaseDay).toBe(day('2025-01-05'));
    profile = mergeOrderFacts(profile, [fact('B', '2026-11-01', 0)], 400);
    expect(profile.orders.ids).toHaveLength(1);
    expect(profile.orders.nets).toEqual([0]);
  });
});
