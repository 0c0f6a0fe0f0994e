import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthlyActivity } from '../../functions/core/activity.ts';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { learnCycle } from '../../functions/core/cycle.ts';
import {
  type CustomerEvaluation,
  compareByMoneyAtRisk,
  evaluateCustomer,
  evaluateCustomers,
  ruleSet,
  sortByMoneyAtRisk,
} from '../../functions/core/evaluate.ts';
import { describeFinding, suggestedAction } from '../../functions/text/explain.ts';
import { buildProfiles } from '../../functions/core/profile.ts';
import { riskScore, silenceHazard } from '../../functions/core/risk.ts';
import { day, orderLines, profileOf, regularOrders, type TestOrder } from './helpers.ts';

const asOf = '2026-11-20';

function evaluate(customers: Record<string, TestOrder[]>, extra: { names?: Record<string, string> } = {}) {
  const lines = Object.entries(customers).flatMap(([id, orders]) => orderLines(id, orders));
  const { profiles } = buildProfiles(lines, {}, { asOf: day(asOf), retentionDays: 400 });
  const master = new Map(
    Object.entries(extra.names ?? {}).map(([id, name]) => [id, { customerId: id, name }]),
  );
  return evaluateCustomers({
    profiles: profiles.values(),
    customers: master,
    asOf: day(asOf),
    config: DEFAULT_CONFIG,
  });
}

describe('evaluateCustomers', () => {
  const steady = regularOrders('2025-11-01', '2026-11-19', 7, 500);
  const stopped = regularOrders('2025-11-01', '2026-09-30', 7, 500);
  const bigStopped = regularOrders('2025-11-01', '2026-09-30', 7, 5000);
  const result = evaluate({ steady, stopped, bigStopped }, { names: { ghost: '新开门店' } });
  const byId = new Map(result.customers.map((c) => [c.customerId, c]));

  it('flags customers who stopped and leaves the steady one alone', () => {
    expect(byId.get('steady')).toMatchObject({ atRisk: false, status: 'active', findings: [] });
    expect(byId.get('stopped')).toMatchObject({ atRisk: true, status: 'at_risk', daysSinceLastOrder: 55 });
    expect(byId.get('stopped')?.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['inactive', 'churned', 'sales_drop']),
    );
  });

  it('lists master-data customers without orders instead of dropping them', () => {
    expect(byId.get('ghost')).toMatchObject({
      name: '新开门店',
      status: 'no_orders',
      atRisk: false,
      risk: 0,
      tier: 'dormant',
    });
  });

  it('orders by money at risk: the bigger account that stopped comes first', () => {
    // Nothing at risk for the last two: equal (zero) money and risk, so by id.
    expect(result.customers.map((c) => c.customerId)).toEqual(['bigStopped', 'stopped', 'ghost', 'steady']);
    expect(byId.get('bigStopped')?.risk).toBe(byId.get('stopped')?.risk);
    expect(byId.get('bigStopped')?.tier).toBe('vip');
  });

  it('reports the facts a rep needs', () => {
    expect(byId.get('stopped')).toMatchObject({
      lastOrderDate: '2026-09-26',
      cycleDays: 7,
      cycleSource: 'own',
      lastPeriodSales: 0,
      previousPeriodSales: 50000,
    });
  });

  it('gives the same result whatever order the profiles come in', () => {
    const again = evaluate({ bigStopped, steady, stopped }, { names: { ghost: '新开门店' } });
    expect(again).toEqual(result);
  });

  it('treats long-gone customers as lost, not at risk', () => {
    const gone = evaluate({ gone: regularOrders('2025-01-01', '2025-10-01', 7, 500) });
    expect(gone.customers[0]).toMatchObject({ status: 'lost', atRisk: false, tier: 'dormant' });
  });

  it('does not put a customer at risk for an overdue visit alone', () => {
    const profile = profileOf(steady, { asOf, visits: ['2026-08-01'] });
    const evaluation = evaluateCustomer(profile, {
      asOf: day(asOf),
      config: DEFAULT_CONFIG,
      cutoffs: { vip: { customerId: 'Z', trailingSales: 1 }, important: null, general: null },
      rules: ruleSet(DEFAULT_CONFIG),
    });
    expect(evaluation.findings.map((f) => f.rule)).toEqual(['visit_overdue']);
    expect(evaluation.atRisk).toBe(false);
  });
});

describe('a silent customer stays on the list', () => {
  it('from the first recency signal until it counts as lost, whatever its cycle', () => {
    for (const every of [1, 2, 3, 5, 6, 7, 10, 14, 21, 30, 45]) {
      const orders = regularOrders('2025-06-01', '2026-06-01', every, 100);
      const lines = orderLines('C1', orders);
      const last = day('2026-06-01') - ((day('2026-06-01') - day('2025-06-01')) % every);
      let flaggedSince: number | null = null;
      for (let asOf = last + 1; asOf <= last + 300; asOf++) {
        const { profiles } = buildProfiles(lines, {}, { asOf, retentionDays: 400 });
        const evaluation = evaluateCustomers({ profiles: profiles.values(), asOf, config: DEFAULT_CONFIG })
          .customers[0];
        if (evaluation?.atRisk) flaggedSince ??= asOf;
        else if (flaggedSince !== null)
          throw new Error(`every ${every} days: off the list on day ${asOf - last}`);
      }
      expect(flaggedSince, `every ${every} days`).not.toBeNull();
    }
  });
});

describe('risk', () => {
  const cycle = learnCycle([0, 7, 14, 21], DEFAULT_CONFIG.cycle);

  it('grows with silence measured in the customer’s own cycles', () => {
    expect(silenceHazard(7, cycle)).toBe(0);
    expect(silenceHazard(14, cycle)).toBeGreaterThan(silenceHazard(10, cycle));
    expect(silenceHazard(70, cycle)).toBeGreaterThan(0.99);
  });

  it('stays in [0, 1] and rises with each independent signal', () => {
    const drop = { rule: 'sales_drop', severity: 0.8 } as const;
    const skus = { rule: 'sku_breadth_drop', severity: 0.5 } as const;
    const one = riskScore([drop as never], 3, cycle);
    const two = riskScore([drop as never, skus as never], 3, cycle);
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(one);
    expect(riskScore([], null, cycle)).toBe(0);
    expect(
      riskScore([{ rule: 'churned', severity: 1 } as never, drop as never], 400, cycle),
    ).toBeLessThanOrEqual(1);
  });
});

describe('explain', () => {
  it('words a finding in Chinese and English with its facts', () => {
    const finding = {
      rule: 'sales_drop',
      severity: 0.6,
      windowDays: 30,
      previousSales: 320000,
      currentSales: 110000,
      changePct: -65.6,
      thresholdPct: 50,
    } as const;
    expect(describeFinding(finding, 'zh-CN')).toBe('近 30 天销售额 ¥1,100.00，前 30 天 ¥3,200.00（-65.6%）');
    expect(describeFinding(finding, 'en')).toBe(
      'Sales ¥1,100.00 in the last 30 days vs ¥3,200.00 before (-65.6%)',
    );
    expect(suggestedAction([finding], 'zh-CN')).toBe('上门拜访，了解竞品和库存情况');
  });
});

describe('monthlyActivity', () => {
  it('counts active customers and average order value per month against the baseline', () => {
    const lines = [
      ...orderLines('A', regularOrders('2026-07-01', '2026-11-15', 10, 100)),
      ...orderLines('B', [
        { date: '2026-08-05', amount: 300 },
        { date: '2026-10-05', amount: 600 },
        { date: '2026-10-06', amount: -100 },
      ]),
    ];
    const { profiles } = buildProfiles(lines, {}, { asOf: day(asOf), retentionDays: 400 });
    const report = monthlyActivity(profiles.values(), day(asOf), { months: 5, baselineMonths: 3 });
    expect(report.months.map((m) => [m.month, m.activeCustomers, m.orders, m.sales, m.complete])).toEqual([
      ['2026-07', 1, 4, 40000, true],
      ['2026-08', 2, 4, 60000, true],
      ['2026-09', 1, 3, 30000, true],
      ['2026-10', 2, 4, 80000, true],
      ['2026-11', 1, 1, 10000, false],
    ]);
    expect(report.latest?.averageOrderValue).toBe(22500); // (3 × 100 + 600) / 4, the return is not an order
    expect(report.baseline).toEqual({ months: 3, activeCustomers: 1.3, averageOrderValue: 11667 });
    expect(report.activeCustomersChangePct).toBe(53.8);
  });
});

/** sortByMoneyAtRisk puts rows in the order compareByMoneyAtRisk gives them. */
function expectComparatorOrder(rows: readonly object[]): void {
  const list = rows.map((row) => row as unknown as CustomerEvaluation);
  const expected = [...list].sort(compareByMoneyAtRisk);
  const sorted = sortByMoneyAtRisk([...list]);
  expect(sorted.map((e) => [e.moneyAtRisk, e.risk, e.customerId])).toEqual(
    expected.map((e) => [e.moneyAtRisk, e.risk, e.customerId]),
  );
}

describe('sortByMoneyAtRisk', () => {
  it('orders a list as compareByMoneyAtRisk does: money at risk, then risk, then id', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            moneyAtRisk: fc.integer({ min: 0, max: 5 }),
            risk: fc.integer({ min: 0, max: 3 }).map((n) => n / 4),
            customerId: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G'),
          }),
          { maxLength: 60 },
        ),
        // Ties in money and risk everywhere, so the id decides often.
        expectComparatorOrder,
      ),
      { numRuns: 200 },
    );
  });

  it('orders amounts of every size, from cents to billions, the same way', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            moneyAtRisk: fc.oneof(
              fc.integer({ min: 0, max: 300 }),
              fc.integer({ min: 0, max: 2 ** 40 }),
              fc.constantFrom(0, 255, 256, 65_535, 65_536, 2 ** 32, 2 ** 53 - 1),
            ),
            risk: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
            customerId: fc.string({ minLength: 1, maxLength: 3 }),
          }),
          { maxLength: 300 },
        ),
        // Amounts that differ in every byte of the number, and some that tie.
        expectComparatorOrder,
      ),
      { numRuns: 200 },
    );
  });
});
