import { describe, expect, it } from 'vitest';
import { auc, labelledPopulation } from '../../functions/core/backtest.ts';
import { type ChurnConfig, DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { type Day, formatDay } from '../../functions/core/days.ts';
import { evaluateCustomers } from '../../functions/core/evaluate.ts';
import { fitRiskModel } from '../../functions/core/learned/fit.ts';
import { learnedRescorer } from '../../functions/core/learned/scoring.ts';
import { buildProfiles } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { backtestRiskSignals, riskBacktest } from '../../functions/core/risk-backtest.ts';
import { configWith, day } from './helpers.ts';

/** A small deterministic generator (LCG): the same book on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A distributor's book: shops ordering every 5–30 days from `from`, a third of them stopping for good on a
 * random day, until `to`. Enough customers, and enough of them stopping, for the risk to be learned.
 */
function book(options: { customers: number; from: Day; to: Day; seed?: number }): OrderLine[] {
  const next = random(options.seed ?? 7);
  const lines: OrderLine[] = [];
  for (let c = 0; c < options.customers; c++) {
    const customerId = `C${String(c).padStart(4, '0')}`;
    const gap = 5 + Math.floor(next() * 26);
    const stops =
      next() < 0.35 ? options.from + 60 + Math.floor(next() * (options.to - options.from - 60)) : null;
    let n = 0;
    for (
      let d = options.from + Math.floor(next() * gap);
      d <= options.to;
      d += gap + Math.floor(next() * 5) - 2
    ) {
      if (stops !== null && d > stops) break;
      lines.push({
        orderId: `${customerId}-${++n}`,
        customerId,
        day: d,
        amount: 10_000 + Math.floor(next() * 50_000),
        sku: `SKU-${1 + Math.floor(next() * 9)}`,
        status: 'placed',
      });
    }
  }
  return lines;
}

const asOf = day('2026-09-01');
const horizonDays = 90;
const lines = book({ customers: 400, from: day('2025-01-01'), to: day('2026-12-31') });

/** The default risk as `churn-watch evaluate --as-of` computes it, from the export cut at the day. */
function productRisk(all: readonly OrderLine[], config: ChurnConfig, at: Day) {
  const cut = all.filter((line) => line.day <= at);
  const { profiles } = buildProfiles(cut, {}, { asOf: at, retentionDays: config.profile.retentionDays });
  const list = [...profiles.values()];
  const evaluated = evaluateCustomers({ profiles: list, asOf: at, config });
  const model = fitRiskModel(list, config, at);
  const scored = learnedRescorer(list, model)(evaluated.customers, at);
  return { model, byId: new Map(scored.map((customer) => [customer.customerId, customer])) };
}

describe('riskBacktest with a history the model can learn from', () => {
  const input = { lines, asOf, horizonDays, config: DEFAULT_CONFIG };
  const { population, model, signals } = backtestRiskSignals(input);
  const report = riskBacktest(input);

  it('learns, only on days whose horizon had passed by the as-of day', () => {
    expect(model.source).toBe('learned');
    expect(report.riskModel).toMatchObject({
      enabled: true,
      source: 'learned',
      horizonDays: 90,
      thresholdRule: 'f1',
      notLearned: null,
    });
    expect(report.riskModel.trainedOn.length).toBeGreaterThan(0);
    for (const trainingDay of report.riskModel.trainedOn)
      expect(day(trainingDay) + horizonDays).toBeLessThanOrEqual(asOf);
    expect(report.riskModel.training?.auc).toBeGreaterThan(0.5);
  });

  it('scores every customer exactly as the product does on the day, from the data up to it', () => {
    const product = productRisk(lines, DEFAULT_CONFIG, asOf);
    expect(model).toEqual(product.model);
    population.customers.forEach((customer, i) => {
      const expected = product.byId.get(customer.evaluation.customerId);
      expect(signals.defaultRisk.scores[i]).toBe(expected?.risk);
      expect(signals.defaultRisk.flags[i]).toBe(expected?.atRisk);
    });
    expect(signals.defaultRisk.line).toBe(product.model.threshold);
  });

  it('never sees past the as-of day: other later orders change the labels, never the risk', () => {
    // Everyone orders again ten days later, and the data stops there: nobody churns now.
    const rewritten = [
      ...lines.filter((line) => line.day <= asOf),
      ...[...new Set(lines.map((line) => line.customerId))].map((customerId): OrderLine => ({
        orderId: `${customerId}-later`,
        customerId,
        day: asOf + 10,
        amount: 10_000,
        status: 'placed',
      })),
    ];
    const other = backtestRiskSignals({ ...input, lines: rewritten });
    expect(other.model).toEqual(model);
    expect(other.signals).toEqual(signals);
    expect(other.population.customers.some((customer) => customer.churned)).toBe(false);
    expect(population.customers.some((customer) => customer.churned)).toBe(true);
  });

  it('compares the default, learned, BG/NBD, days silent, orders and the seed rule on one population', () => {
    expect(report.comparison.map((row) => row.signal)).toEqual([
      'default_risk',
      'learned_risk',
      'bgnbd',
      'days_silent',
      'orders_12m',
      'seed_rule',
    ]);
    const labels = population.customers.map((customer) => customer.churned);
    const row = (signal: string) => report.comparison.find((r) => r.signal === signal);
    expect(row('default_risk')?.auc).toBe(auc(signals.defaultRisk.scores, labels));
    expect(row('default_risk')?.flagged).toBe(signals.defaultRisk.flags.filter(Boolean).length);
    expect(row('learned_risk')).toEqual({ ...row('default_risk'), signal: 'learned_risk' });
    for (const r of report.comparison) {
      expect(r.truePositives + r.falseNegatives).toBe(report.positives);
      expect(r.shareFlagged).toBe(r.flagged / report.population);
      if (r.auc !== null) expect(r.auc).toBeGreaterThan(0.5);
    }
    // The seed rule is the baseline scripts already read.
    const { days, ...baseline } = report.baseline;
    expect(days).toBe(30);
    expect(row('seed_rule')).toMatchObject(baseline);
    expect(report.learnedRisk).toMatchObject({
      trained: true,
      trainedOn: report.riskModel.trainedOn,
      threshold: report.riskModel.threshold,
      auc: row('learned_risk')?.auc,
    });
  });

  it('has a reliability table of ten deciles covering the population', () => {
    expect(report.reliability).toHaveLength(10);
    expect(report.reliability.reduce((sum, bin) => sum + bin.customers, 0)).toBe(report.population);
    for (const bin of report.reliability) {
      expect(bin.meanRisk).toBeGreaterThanOrEqual(bin.from);
      expect(bin.meanRisk).toBeLessThanOrEqual(bin.to);
    }
  });

  it("keeps the rules' score and flag as the default with riskModel off, and the learned row beside it", () => {
    const config = configWith({ riskModel: { enabled: false, horizonDays: 90 } });
    const off = riskBacktest({ ...input, config });
    expect(off.riskModel).toMatchObject({ enabled: false, source: 'learned' });
    const [first, second] = off.comparison;
    expect(first).toMatchObject({
      signal: 'default_risk',
      flagRule: { kind: 'rules' },
      brier: null,
      ece: null,
    });
    expect(first?.flagged).toBe(off.atRisk.flagged);
    expect(first?.auc).toBe(off.risk.auc);
    expect(second).toEqual(report.comparison[1]);
  });
});

describe('riskBacktest with too little history to learn from', () => {
  // 100 days of history before the as-of day: shorter than a horizon plus the 60 days training needs.
  const from = day('2026-05-24');
  const short = book({ customers: 120, from, to: day('2026-12-31'), seed: 11 });
  const report = riskBacktest({ lines: short, asOf, horizonDays, config: DEFAULT_CONFIG });

  it('falls back on BG/NBD at the line its own probabilities expect best, and says why the learned row is missing', () => {
    const line = report.riskModel.threshold;
    expect(line).toBeGreaterThan(0);
    expect(line).toBeLessThan(1);
    expect(report.riskModel).toMatchObject({
      source: 'bgnbd',
      thresholdRule: 'expected_f1',
      trainedOn: [],
      training: null,
      notLearned: { reason: 'short_history_days', historyDays: asOf - from },
    });
    expect(report.learnedRisk).toMatchObject({ trained: false, reason: 'short_history_days', rows: 0 });
    expect(report.comparison.map((row) => row.signal)).not.toContain('learned_risk');
    expect(report.comparison.find((row) => row.signal === 'default_risk')?.flagRule).toEqual({
      kind: 'at_least',
      value: line,
    });
  });

  it("gives the BG/NBD row the same probability as the default, up to the product's rounding", () => {
    const { signals } = backtestRiskSignals({ lines: short, asOf, horizonDays, config: DEFAULT_CONFIG });
    signals.bgnbd.forEach((p, i) => expect(signals.defaultRisk.scores[i]).toBeCloseTo(p, 3));
  });
});

describe("riskBacktest over a horizon other than the model's", () => {
  it("still scores with the product's model (riskModel.horizonDays) and labels with the backtest's", () => {
    const shorter = riskBacktest({ lines, asOf, horizonDays: 60, config: DEFAULT_CONFIG });
    expect(shorter).toMatchObject({ horizonDays: 60, horizonEnd: formatDay(asOf + 60) });
    expect(shorter.riskModel.horizonDays).toBe(90);
    const labelled = labelledPopulation({ lines, asOf, horizonDays: 60, config: DEFAULT_CONFIG });
    expect(shorter.positives).toBe(labelled.population.customers.filter((c) => c.churned).length);
  });
});
