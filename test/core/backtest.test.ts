import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auc,
  BASELINE_DAYS,
  BGNBD_LINE,
  backtestReport,
  compareRiskSignals,
  flagMetrics,
  labelCustomers,
  labelledPopulation,
  matchedCut,
  type Outcome,
  type RiskSignals,
  summarizeLeadTimes,
} from '../../functions/core/backtest.ts';
import { DEFAULT_CONFIG, RULE_IDS } from '../../functions/core/config.ts';
import { formatDay } from '../../functions/core/days.ts';
import { evaluateCustomers } from '../../functions/core/evaluate.ts';
import { buildProfiles } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { readRecordFile } from '../../functions/adapters/csv/read-records.ts';
import { configWith, day, orderLines, regularOrders, type TestOrder } from './helpers.ts';

/** Every (positive, negative) pair, ties half: the definition AUC must agree with. */
function pairwiseAuc(scores: number[], labels: boolean[]): number | null {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!labels[i]) return;
    scores.forEach((n, j) => {
      if (labels[j]) return;
      pairs++;
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : wins / pairs;
}

describe('auc', () => {
  it('counts ties half (hand-checked)', () => {
    // Positives 0.9 and 0.5; negatives 0.5 and 0.1: pairs (0.9,0.5)=1 (0.9,0.1)=1 (0.5,0.5)=½ (0.5,0.1)=1.
    expect(auc([0.9, 0.5, 0.5, 0.1], [true, true, false, false])).toBe(3.5 / 4);
    // Three positives, two negatives, a tie across classes at 0.4 and one within the positives at 0.7.
    // Pairs won: 0.7 beats both (2 + 2), 0.4 beats 0.2 and ties 0.4 (1.5): 5.5 of 6.
    expect(auc([0.7, 0.7, 0.4, 0.4, 0.2], [true, true, true, false, false])).toBe(5.5 / 6);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and ½ when every score is equal', () => {
    expect(auc([3, 2, 1], [true, false, false])).toBe(1);
    expect(auc([1, 2, 3], [true, false, false])).toBe(0);
    expect(auc([0.3, 0.3, 0.3, 0.3], [true, false, true, false])).toBe(0.5);
  });

  it('is undefined (null) without positives or without negatives', () => {
    expect(auc([0.1, 0.2], [false, false])).toBeNull();
    expect(auc([0.1, 0.2], [true, true])).toBeNull();
    expect(auc([], [])).toBeNull();
  });

  it('does not depend on the input order and matches the pairwise definition', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { maxLength: 40 }),
        (rows) => {
          const scores = rows.map(([score]) => score / 5);
          const labels = rows.map(([, label]) => label);
          const expected = pairwiseAuc(scores, labels);
          const actual = auc(scores, labels);
          if (expected === null) expect(actual).toBeNull();
          else expect(actual).toBeCloseTo(expected, 12);
          expect(auc([...scores].reverse(), [...labels].reverse())).toBe(actual);
        },
      ),
    );
  });

  it('refuses lists of different lengths and NaN scores', () => {
    expect(() => auc([1, 2], [true])).toThrow(RangeError);
    expect(() => auc([Number.NaN, 1], [true, false])).toThrow(RangeError);
  });
});

describe('flagMetrics', () => {
  it('computes precision, recall and F1', () => {
    const flags = [true, true, true, false, false];
    const labels = [true, true, false, true, false];
    expect(flagMetrics(flags, labels)).toEqual({
      flagged: 3,
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      precision: 2 / 3,
      recall: 2 / 3,
      f1: 2 / 3,
    });
  });

  it('leaves precision undefined when nothing is flagged (recall and F1 are then 0)', () => {
    expect(flagMetrics([false, false], [true, false])).toMatchObject({
      flagged: 0,
      precision: null,
      recall: 0,
      f1: 0,
    });
  });

  it('leaves recall undefined when nobody churned (precision and F1 are then 0)', () => {
    expect(flagMetrics([true, false], [false, false])).toMatchObject({
      flagged: 1,
      precision: 0,
      recall: null,
      f1: 0,
    });
  });

  it('leaves F1 undefined only when nothing is flagged and nobody churned', () => {
    expect(flagMetrics([false, false], [false, false])).toMatchObject({
      precision: null,
      recall: null,
      f1: null,
    });
    expect(flagMetrics([], [])).toMatchObject({ flagged: 0, f1: null });
  });

  it('gives F1 = 1 for a perfect flag', () => {
    expect(flagMetrics([true, false], [true, false])).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });

  it('refuses lists of different lengths', () => {
    expect(() => flagMetrics([true], [true, false])).toThrow(RangeError);
  });
});

describe('summarizeLeadTimes', () => {
  it('gives the median and quartiles (linear interpolation)', () => {
    expect(summarizeLeadTimes([40, 10, 30, 20])).toEqual({ count: 4, median: 25, p25: 17.5, p75: 32.5 });
    expect(summarizeLeadTimes([7])).toEqual({ count: 1, median: 7, p25: 7, p75: 7 });
    expect(summarizeLeadTimes([])).toBeNull();
  });
});

const asOf = day('2026-06-30');
const horizonDays = 90;
const horizonEnd = formatDay(asOf + horizonDays); // 2026-09-28

/** A customer ordering weekly up to `last`, plus `later` orders after as-of. */
function customer(last: string, later: TestOrder[] = []): TestOrder[] {
  return [...regularOrders('2026-01-05', last, 7, 500), ...later];
}

function populationOf(customers: Record<string, TestOrder[]>, options: { includeSilent?: boolean } = {}) {
  const lines = Object.entries(customers).flatMap(([id, orders]) => orderLines(id, orders));
  return labelledPopulation({ lines, asOf, horizonDays, config: DEFAULT_CONFIG, ...options });
}

describe('labelledPopulation', () => {
  const { population } = populationOf({
    onTheLastDay: customer('2026-06-29', [{ date: horizonEnd, amount: 500 }]),
    dayAfter: customer('2026-06-29', [{ date: formatDay(asOf + horizonDays + 1), amount: 500 }]),
    returnedInFull: customer('2026-06-29', [{ date: '2026-07-10', amount: 500, status: 'returned' }]),
    cancelled: customer('2026-06-29', [{ date: '2026-07-10', amount: 500, status: 'cancelled' }]),
    returnDocument: customer('2026-06-29', [{ date: '2026-07-10', amount: -300 }]),
    steady: customer('2026-09-28'),
    quiet: customer('2026-05-01'),
    lost: [{ date: '2025-05-01', amount: 500 }],
    newLater: [{ date: '2026-07-15', amount: 500 }],
  });
  const byId = new Map(population.customers.map((c) => [c.evaluation.customerId, c]));

  it('counts a purchase exactly on the last day of the horizon as ordering again', () => {
    expect(byId.get('onTheLastDay')?.churned).toBe(false);
    expect(byId.get('dayAfter')?.churned).toBe(true);
    expect(byId.get('steady')?.churned).toBe(false);
  });

  it('does not count a later order returned in full, cancelled, or a return document as ordering', () => {
    expect(byId.get('returnedInFull')?.churned).toBe(true);
    expect(byId.get('cancelled')?.churned).toBe(true);
    expect(byId.get('returnDocument')?.churned).toBe(true);
  });

  it('leaves out customers already lost, those silent for the whole horizon, and those with no order yet', () => {
    expect(byId.has('lost')).toBe(false);
    expect(byId.get('quiet')?.churned).toBe(true); // silent 60 days at as-of: still a prediction
    expect(byId.has('newLater')).toBe(false);
    expect(population.excluded).toEqual({ lost: 1, noOrders: 0, alreadySilent: 0 });
    expect(population.evaluated).toBe(8); // newLater had no order by as-of: not known then
  });

  it('gives a churned customer its lead time: last purchase + horizon − as-of', () => {
    // Last purchase 2026-06-29, one day before as-of: churn mark 89 days after as-of.
    expect(byId.get('dayAfter')?.leadDays).toBe(89);
    expect(byId.get('steady')?.leadDays).toBeNull();
  });
});

describe('labelCustomers exclusions', () => {
  it('excludes customers silent for the horizon or longer unless asked to keep them', () => {
    const lastOrderDaysAgo = (days: number): TestOrder[] => [
      { date: '2026-01-10', amount: 500 },
      { date: formatDay(asOf - days), amount: 500 },
    ];
    const customers = { silent89: lastOrderDaysAgo(89), silent90: lastOrderDaysAgo(90) };
    const { population } = populationOf(customers);
    // Silent 90 days at as-of means the churn mark (last order + 90) is as-of itself: already churned.
    expect(population.customers.map((c) => c.evaluation.customerId)).toEqual(['silent89']);
    expect(population.customers[0]?.leadDays).toBe(1);
    expect(population.excluded).toEqual({ lost: 0, noOrders: 0, alreadySilent: 1 });

    const kept = populationOf(customers, { includeSilent: true }).population;
    expect(kept.customers.map((c) => [c.evaluation.customerId, c.leadDays]).sort()).toEqual([
      ['silent89', 1],
      ['silent90', 0],
    ]);
    expect(kept.excluded.alreadySilent).toBe(0);
  });

  it('counts a customer from master data without orders as no_orders', () => {
    const lines = orderLines('A', customer('2026-06-29'));
    const { population } = labelledPopulation({
      lines,
      customers: new Map([['B', { customerId: 'B', name: '新店' }]]),
      asOf,
      horizonDays,
      config: DEFAULT_CONFIG,
    });
    expect(population.excluded.noOrders).toBe(1);
    expect(population.customers.map((c) => c.evaluation.customerId)).toEqual(['A']);
  });

  it('is pure over given evaluations and purchase sets', () => {
    const { evaluation } = populationOf({ a: customer('2026-06-29'), b: customer('2026-06-15') });
    const labelled = labelCustomers(evaluation.customers, new Set(['a']), { asOf, horizonDays });
    expect(Object.fromEntries(labelled.customers.map((c) => [c.evaluation.customerId, c.churned]))).toEqual({
      a: false,
      b: true,
    });
    expect(() => labelCustomers(evaluation.customers, new Set(), { asOf, horizonDays: 0 })).toThrow(
      RangeError,
    );
  });
});

describe('no look-ahead', () => {
  it('evaluates exactly as evaluate does on the export cut at the as-of day', async () => {
    const { records } = await readRecordFile(
      new URL('../fixtures/sample-small/orders.csv', import.meta.url).pathname,
      'orders',
      { timeZone: DEFAULT_CONFIG.timeZone, locale: 'en' },
    );
    const cutDay = day('2026-08-22');
    const lines: OrderLine[] = records;
    expect(lines.some((line) => line.day > cutDay)).toBe(true);
    const { evaluation } = labelledPopulation({
      lines,
      asOf: cutDay,
      horizonDays: 90,
      config: DEFAULT_CONFIG,
    });
    const cut = lines.filter((line) => line.day <= cutDay);
    const { profiles } = buildProfiles(
      cut,
      {},
      {
        asOf: cutDay,
        retentionDays: DEFAULT_CONFIG.profile.retentionDays,
      },
    );
    const expected = evaluateCustomers({ profiles: profiles.values(), asOf: cutDay, config: DEFAULT_CONFIG });
    expect(evaluation).toEqual(expected);
  });
});

describe('backtestReport', () => {
  const customers: Record<string, TestOrder[]> = {
    // Weekly up to Sunday 2026-05-31, then never again: silent 30 days at as-of, churn mark 60 days later.
    stopped: regularOrders('2026-01-04', '2026-05-31', 7, 500),
    // Every six weeks, last on 2026-05-11 (silent 50 days at as-of), and again in July.
    slow: [...regularOrders('2026-01-05', '2026-05-18', 42, 500), { date: '2026-07-20', amount: 500 }],
    steady: customer('2026-09-28'),
    steady2: customer('2026-09-28'),
  };
  const lines = Object.entries(customers).flatMap(([id, orders]) => orderLines(id, orders));

  it('has a row for every rule, including rules that never fired, plus at-risk, baseline and AUC', () => {
    const { population } = labelledPopulation({ lines, asOf, horizonDays, config: DEFAULT_CONFIG });
    const report = backtestReport(population);
    expect(report.rules.map((row) => row.rule)).toEqual(RULE_IDS);
    expect(report.rules.find((row) => row.rule === 'complaints_rising')).toMatchObject({
      flagged: 0,
      precision: null,
    });
    expect(report).toMatchObject({
      asOf: '2026-06-30',
      horizonEnd: '2026-09-28',
      population: 4,
      positives: 1,
    });
    expect(report.baseRate).toBe(0.25);
    expect(report.baseline).toMatchObject({
      days: BASELINE_DAYS,
      flagged: 2,
      truePositives: 1,
      precision: 0.5,
    });
    expect(report.baseline.leadDays).toEqual({ count: 1, median: 60, p25: 60, p75: 60 });
    expect(report.risk.auc).not.toBeNull();
  });

  it('measures the configured rules but keeps the fixed 30-day baseline', () => {
    const config = configWith({ rules: { inactive: { days: 35 } } });
    const { population } = labelledPopulation({ lines, asOf, horizonDays, config });
    const report = backtestReport(population);
    const inactive = report.rules.find((row) => row.rule === 'inactive');
    expect(inactive).toMatchObject({ flagged: 1, truePositives: 0 }); // only the slow one, silent 50 days
    expect(report.baseline).toMatchObject({ days: 30, flagged: 2, truePositives: 1 });
  });
});

describe('matchedCut', () => {
  it('flags the number closest to the target, equal scores together, fewer on a tie', () => {
    expect(matchedCut([5, 9, 9, 1], 2)).toBe(9);
    expect(matchedCut([5, 9, 9, 1], 3)).toBe(5);
    // Target 2 between groups of 1 (distance 1) and 3 (distance 1): the shorter list wins.
    expect(matchedCut([1, 3, 3, 12], 2)).toBe(12);
    // Flagging nobody is closest.
    expect(matchedCut([3, 3, 3, 1], 1)).toBeNull();
    expect(matchedCut([4, 2], 0)).toBeNull();
    expect(matchedCut([], 3)).toBeNull();
    // More than everyone: everyone.
    expect(matchedCut([4, 2], 5)).toBe(2);
  });

  it('flags no further from the target than any other cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 35 }),
        (scores, target) => {
          const cut = matchedCut(scores, target);
          const flagged = cut === null ? 0 : scores.filter((score) => score >= cut).length;
          // Every cut there is: flag nobody, or everyone at or above one of the scores.
          const counts = [0, ...[...new Set(scores)].map((c) => scores.filter((score) => score >= c).length)];
          const best = Math.min(...counts.map((count) => Math.abs(count - target)));
          expect(Math.abs(flagged - target)).toBe(best);
        },
      ),
    );
  });
});

describe('compareRiskSignals on a hand-made population', () => {
  // Two churned customers (lead 20 and 60 days) and two who stayed.
  const customers: Outcome[] = [
    { churned: true, leadDays: 20 },
    { churned: true, leadDays: 60 },
    { churned: false, leadDays: null },
    { churned: false, leadDays: null },
  ];
  const signals: RiskSignals = {
    defaultRisk: {
      scores: [0.8, 0.4, 0.6, 0.2],
      flags: [true, false, true, false],
      line: 0.5,
      probability: true,
    },
    learnedRisk: null,
    bgnbd: [0.9, 0.7, 0.6, 0.1],
    daysSilent: [70, 30, 10, 5],
    ordersInYear: [1, 3, 3, 12],
  };
  const { rows, reliability } = compareRiskSignals(customers, signals);
  const bySignal = new Map(rows.map((row) => [row.signal, row]));

  it('has the rows in order, without a learned row when no model was learned', () => {
    expect(rows.map((row) => row.signal)).toEqual([
      'default_risk',
      'bgnbd',
      'days_silent',
      'orders_12m',
      'seed_rule',
    ]);
  });

  it('measures the default risk: AUC, its own flag, lead time, Brier and ECE', () => {
    const row = bySignal.get('default_risk');
    // Pairs (churned, stayed): 0.8 > 0.6, 0.8 > 0.2, 0.4 < 0.6, 0.4 > 0.2.
    expect(row?.auc).toBe(3 / 4);
    expect(row).toMatchObject({
      flagRule: { kind: 'at_least', value: 0.5 },
      matchedToDefault: false,
      flagged: 2,
      truePositives: 1,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      shareFlagged: 0.5,
      leadDays: { count: 1, median: 20, p25: 20, p75: 20 },
    });
    // ((1 − 0.8)² + (1 − 0.4)² + 0.6² + 0.2²) / 4 = (0.04 + 0.36 + 0.36 + 0.04) / 4.
    expect(row?.brier).toBeCloseTo(0.2, 12);
    // Each risk alone in its bin: (0.2 + 0.6 + 0.6 + 0.2) / 4.
    expect(row?.ece).toBeCloseTo(0.4, 12);
  });

  it('flags BG/NBD at even odds and measures it as a probability', () => {
    const row = bySignal.get('bgnbd');
    expect(row).toMatchObject({
      flagRule: { kind: 'at_least', value: BGNBD_LINE },
      auc: 1,
      flagged: 3,
      truePositives: 2,
      precision: 2 / 3,
      recall: 1,
      f1: 0.8,
    });
    expect(row?.brier).toBeCloseTo((0.01 + 0.09 + 0.36 + 0.01) / 4, 12);
    expect(row?.ece).toBeCloseTo((0.1 + 0.3 + 0.6 + 0.1) / 4, 12);
  });

  it('cuts days silent and orders to flag as many as the default risk, and gives them no calibration', () => {
    // The default flags 2: days silent ≥ 30 flags exactly the two churned.
    expect(bySignal.get('days_silent')).toMatchObject({
      flagRule: { kind: 'at_least', value: 30 },
      matchedToDefault: true,
      auc: 1,
      flagged: 2,
      f1: 1,
      leadDays: { count: 2, median: 40 },
      brier: null,
      ece: null,
    });
    // Orders ≤ 1 flags one, ≤ 3 three: equally far from 2, so the shorter list. Fewer orders rank riskier:
    // −1 > −3, −1 > −12, −3 = −3 (half), −3 > −12.
    expect(bySignal.get('orders_12m')).toMatchObject({
      flagRule: { kind: 'at_most', value: 1 },
      matchedToDefault: true,
      auc: 3.5 / 4,
      flagged: 1,
      truePositives: 1,
      precision: 1,
      recall: 0.5,
      brier: null,
    });
  });

  it('measures the seed rule as a flag without a score', () => {
    expect(bySignal.get('seed_rule')).toMatchObject({
      flagRule: { kind: 'at_least', value: BASELINE_DAYS },
      auc: null,
      brier: null,
      ece: null,
      flagged: 2,
      f1: 1,
    });
  });

  it('gives a reliability row per customer when there are fewer than ten, lowest risk first', () => {
    expect(reliability.map((bin) => [bin.decile, bin.customers, bin.meanRisk, bin.observed])).toEqual([
      [1, 1, 0.2, 0],
      [2, 1, 0.4, 1],
      [3, 1, 0.6, 0],
      [4, 1, 0.8, 1],
    ]);
  });

  it("puts the learned row second and marks the rules' flag, which is no probability", () => {
    const compared = compareRiskSignals(customers, {
      ...signals,
      defaultRisk: {
        scores: [0.7, 0.1, 0.5, 0.3],
        flags: [true, false, false, false],
        line: null,
        probability: false,
      },
      learnedRisk: signals.defaultRisk,
    });
    expect(compared.rows.map((row) => row.signal).slice(0, 2)).toEqual(['default_risk', 'learned_risk']);
    expect(compared.rows[0]).toMatchObject({
      flagRule: { kind: 'rules' },
      brier: null,
      ece: null,
      flagged: 1,
    });
    expect(compared.rows[1]).toMatchObject({ flagRule: { kind: 'at_least', value: 0.5 }, auc: 3 / 4 });
    expect(compared.rows[1]?.brier).toBeCloseTo(0.2, 12);
    // Matched to the default's one flag now: days silent ≥ 70.
    expect(compared.rows.find((row) => row.signal === 'days_silent')?.flagRule).toEqual({
      kind: 'at_least',
      value: 70,
    });
  });

  it('matches nobody when the default flags nobody', () => {
    const compared = compareRiskSignals(customers, {
      ...signals,
      defaultRisk: { ...signals.defaultRisk, flags: [false, false, false, false] },
    });
    for (const signal of ['days_silent', 'orders_12m'] as const) {
      expect(compared.rows.find((row) => row.signal === signal)).toMatchObject({
        flagRule: { kind: 'nobody' },
        flagged: 0,
        precision: null,
        recall: 0,
      });
    }
  });

  it('has ten deciles summing to the population, each with its mean risk and observed share', () => {
    // Risks (i + ½)/20; every odd one churned: each decile holds one of each.
    const n = 20;
    const risks = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    const outcomes = risks.map((_, i) => ({ churned: i % 2 === 1, leadDays: i % 2 === 1 ? 30 : null }));
    const { reliability: deciles } = compareRiskSignals(outcomes, {
      defaultRisk: { scores: risks, flags: risks.map((r) => r >= 0.5), line: 0.5, probability: true },
      learnedRisk: null,
      bgnbd: risks,
      daysSilent: risks.map((r) => Math.round(r * 100)),
      ordersInYear: risks.map(() => 4),
    });
    expect(deciles).toHaveLength(10);
    expect(deciles.reduce((sum, bin) => sum + bin.customers, 0)).toBe(n);
    deciles.forEach((bin, k) => {
      expect(bin.decile).toBe(k + 1);
      expect(bin.customers).toBe(2);
      expect(bin.meanRisk).toBeCloseTo((2 * k + 1) / n, 12);
      expect(bin.observed).toBe(0.5);
    });
  });

  it('refuses signals of another length than the population', () => {
    expect(() => compareRiskSignals(customers, { ...signals, bgnbd: [0.5] })).toThrow(RangeError);
  });
});
