import { describe, expect, it } from 'vitest';
import { auc } from '../../functions/core/backtest.ts';
import { pAlive, pNoPurchaseWithin } from '../../functions/core/bgnbd.ts';
import { fitBgnbdRisk, riskSummaryOf } from '../../functions/core/bgnbd-risk.ts';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import type { Day } from '../../functions/core/days.ts';
import { type CustomerEvaluation, evaluateCustomers } from '../../functions/core/evaluate.ts';
import {
  namedFeatures,
  RISK_FEATURES,
  riskFacts,
  riskFeatures,
} from '../../functions/core/learned/features.ts';
import { fitRiskModel, shortHistoryProfiles } from '../../functions/core/learned/fit.ts';
import { learnedReasons } from '../../functions/core/learned/reasons.ts';
import { learnedRisk, holdOpenEpisode, withLearnedRisk } from '../../functions/core/learned/scoring.ts';
import {
  lapsedWithin,
  type RiskSnapshot,
  type SnapshotSource,
  snapshotsFromProfiles,
} from '../../functions/core/learned/snapshots.ts';
import { chooseThreshold } from '../../functions/core/learned/threshold.ts';
import { trainRiskModel } from '../../functions/core/learned/train.ts';
import { trainingAsOfDays, trainingRetentionDays } from '../../functions/core/risk-training-days.ts';
import { fitLogistic, predict, unstandardised } from '../../functions/core/logistic.ts';
import { buildProfiles, type CustomerProfile } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { normal, seeded, shopLines } from '../support/shops.ts';
import { day, orderLines, type TestOrder } from './helpers.ts';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function profilesOf(lines: readonly OrderLine[], asOf: Day): CustomerProfile[] {
  return [...buildProfiles(lines, {}, { asOf, retentionDays: 3650 }).profiles.values()];
}

describe('fitLogistic', () => {
  it('recovers the weights the labels were drawn with', () => {
    // Prepare: x1 standard normal, x2 uniform on [0, 10), P(y) = σ(−1 + 1.5·x1 − 0.3·x2).
    const random = seeded(1);
    const X: number[][] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x1 = normal(random);
      const x2 = 10 * random();
      X.push([x1, x2]);
      y.push(random() < sigmoid(-1 + 1.5 * x1 - 0.3 * x2));
    }
    // Act
    const model = fitLogistic(X, y, { l2: 1e-6, featureNames: ['x1', 'x2'] });
    const raw = unstandardised(model);
    // Assess
    // Newton converges in a handful of steps; dozens would mean a wrong Hessian.
    expect(model.converged).toBe(true);
    expect(model.iterations).toBeLessThan(12);
    // The intercept is not penalised, so at the optimum the mean prediction is the base rate.
    const meanPrediction = X.reduce((sum, row) => sum + predict(model, row), 0) / X.length;
    expect(meanPrediction).toBeCloseTo(y.filter(Boolean).length / y.length, 7);
    expect(Math.abs(raw.intercept + 1)).toBeLessThan(0.15);
    expect(Math.abs((raw.weights[0] as number) - 1.5)).toBeLessThan(0.1);
    expect(Math.abs((raw.weights[1] as number) + 0.3)).toBeLessThan(0.03);
    expect(predict(model, [0, 0])).toBeCloseTo(sigmoid(raw.intercept), 12);
  });

  it('keeps the weights finite when the classes separate, and shrinks them as l2 grows', () => {
    const X = [[0], [1], [2], [3]];
    const y = [false, false, true, true];
    const loose = fitLogistic(X, y, { l2: 1e-4 });
    const tight = fitLogistic(X, y, { l2: 0.1 });
    for (const model of [loose, tight]) {
      expect(model.converged).toBe(true);
      expect(Number.isFinite(model.weights[0])).toBe(true);
      expect(predict(model, [3])).toBeGreaterThan(0.5);
      expect(predict(model, [0])).toBeLessThan(0.5);
    }
    expect(loose.weights[0] as number).toBeGreaterThan(tight.weights[0] as number);
    // Symmetric data: the boundary sits half-way, at 1.5.
    expect(predict(tight, [1.5])).toBeCloseTo(0.5, 9);
  });

  it('gives a constant feature scale 1 and weight 0, so its value never moves the score', () => {
    const random = seeded(2);
    const X: (number | null)[][] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 500; i++) {
      const x = normal(random);
      X.push([x, 5, null]);
      y.push(random() < sigmoid(2 * x));
    }
    const model = fitLogistic(X, y, { l2: 1e-3 });
    expect(model.means.slice(1)).toEqual([5, 0]);
    expect(model.scales.slice(1)).toEqual([1, 1]);
    expect(model.weights.slice(1)).toEqual([0, 0]);
    expect(predict(model, [0.3, 5, null])).toBe(predict(model, [0.3, 1000, 7]));
  });

  it('reads a missing value as the training mean', () => {
    const X = [
      [1, 10],
      [2, null],
      [3, 30],
      [4, 40],
      [0, 5],
      [5, 35],
    ];
    const y = [false, false, true, true, false, true];
    const model = fitLogistic(X, y, { l2: 0.01 });
    expect(model.means[1]).toBe(24);
    expect(predict(model, [2, null])).toBe(predict(model, [2, 24]));
  });

  it('is plain JSON and the same for the same rows', () => {
    const X = [
      [1, 2],
      [2, 1],
      [3, 5],
      [4, 3],
      [5, 4],
    ];
    const y = [false, true, false, true, true];
    const first = fitLogistic(X, y, { l2: 0.01 });
    const again = fitLogistic(X, y, { l2: 0.01 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('refuses what it cannot fit', () => {
    expect(() => fitLogistic([[1]], [true], { l2: 0 })).toThrow(RangeError);
    expect(() => fitLogistic([[1], [2]], [true], { l2: 1 })).toThrow(RangeError);
    expect(() => fitLogistic([], [], { l2: 1 })).toThrow(RangeError);
    expect(() => fitLogistic([[1], [Number.NaN]], [true, false], { l2: 1 })).toThrow(/finite/);
    expect(() =>
      predict({ featureNames: ['x'], means: [0], scales: [1], weights: [1], intercept: 0 }, []),
    ).toThrow(RangeError);
  });
});

describe('auc (backtest.ts, which the learned risk reports with)', () => {
  it('counts ties between the classes as half', () => {
    expect(auc([0.9, 0.5, 0.5, 0.1], [true, true, false, false])).toBe(0.875);
    expect(auc([0.5, 0.5, 0.5], [true, false, false])).toBe(0.5);
    expect(auc([3, 2, 1], [true, false, false])).toBe(1);
    expect(auc([1, 2, 3], [true, false, false])).toBe(0);
    expect(auc([1, 2], [true, true])).toBeNull();
  });
});

describe('chooseThreshold', () => {
  it('puts the threshold half-way between the lowest flagged and the highest unflagged score', () => {
    expect(chooseThreshold([0.9, 0.8, 0.3, 0.1], [true, true, false, false])).toEqual({
      threshold: 0.55,
      f1: 1,
      precision: 1,
      recall: 1,
      flagged: 2,
    });
  });

  it('maximises F1, not accuracy', () => {
    // Cut points flag 1..4: F1 2/3, 1/2, 4/5, 2/3.
    const choice = chooseThreshold([0.9, 0.8, 0.7, 0.6], [true, false, true, false]);
    expect(choice.f1).toBeCloseTo(0.8, 12);
    expect(choice.threshold).toBeCloseTo(0.65, 12);
    expect(choice.flagged).toBe(3);
  });

  it('flags equal scores together', () => {
    const choice = chooseThreshold([0.8, 0.8, 0.2], [true, false, false]);
    expect(choice).toMatchObject({ threshold: 0.5, flagged: 2, precision: 0.5, recall: 1 });
    expect(choice.f1).toBeCloseTo(2 / 3, 12);
  });

  it('on a flat stretch of F1 takes the cut point that flags fewest', () => {
    // Flagging 1 and flagging all 4 both give F1 = 2/3.
    const choice = chooseThreshold([0.9, 0.8, 0.7, 0.6], [true, false, false, true]);
    expect(choice.flagged).toBe(1);
    expect(choice.threshold).toBeCloseTo(0.85, 12);
  });

  it('flags nobody when nobody lapsed', () => {
    const choice = chooseThreshold([0.3, 0.7], [false, false]);
    expect(choice).toMatchObject({ f1: 0, flagged: 0 });
    expect(choice.threshold).toBeGreaterThan(0.7);
    expect(chooseThreshold([], []).flagged).toBe(0);
  });

  it('keeps the line in use when it is as good as the best, so a refit does not move it by noise', () => {
    // Two cut points of equal F1 (2/3): flag the 0.9 alone (line 0.8) or the top four (line 0.2)
    const scores = [0.9, 0.7, 0.5, 0.3, 0.1];
    const labels = [true, false, false, true, false];
    expect(chooseThreshold(scores, labels).threshold).toBeCloseTo(0.8, 10);
    expect(chooseThreshold(scores, labels, 0.25).threshold).toBeCloseTo(0.2, 10);
    // A line far off the plateau is not kept: the best cut wins.
    expect(chooseThreshold([0.9, 0.8, 0.2, 0.1], [true, true, false, false], 0.05).threshold).toBeCloseTo(
      0.5,
      10,
    );
  });

  it('flags, in-sample, exactly as many as it reports', () => {
    const random = seeded(3);
    const scores = Array.from({ length: 300 }, () => Math.round(random() * 20) / 20);
    const labels = scores.map((score) => random() < score);
    const choice = chooseThreshold(scores, labels);
    expect(scores.filter((score) => score >= choice.threshold)).toHaveLength(choice.flagged);
  });
});

describe('riskFeatures', () => {
  const asOf = day('2026-11-20');
  const orders: TestOrder[] = [
    { date: '2026-03-01', amount: 100 },
    { date: '2026-06-01', amount: 200 },
    { date: '2026-09-01', amount: 300 },
    { date: '2026-10-01', amount: 400 },
    // A second order the same day is the same purchase day.
    { date: '2026-10-01', amount: 50 },
  ];
  const later: TestOrder[] = [
    { date: '2026-11-21', amount: 9000 },
    { date: '2027-01-10', amount: 9000 },
  ];

  const featuresOf = (all: readonly TestOrder[], builtTo: Day, bgnbd = false) => {
    const [profile] = profilesOf(orderLines('C1', all), builtTo) as [CustomerProfile];
    const { customers } = evaluateCustomers({ profiles: [profile], asOf, config: DEFAULT_CONFIG });
    const evaluation = customers[0]!;
    const params = bgnbd ? { r: 0.5, alpha: 10, a: 0.8, b: 2.5 } : null;
    return { profile, evaluation, row: riskFeatures({ profile, evaluation, asOf, bgnbd: params }) };
  };

  it('describes a hand-built customer', () => {
    const { row, evaluation } = featuresOf(orders, asOf);
    const smoothing = (105_000 * 90) / 365 / 10;
    expect(row).toHaveLength(RISK_FEATURES.length);
    const named = namedFeatures(row!);
    expect(named.daysSinceLastPurchase).toBeCloseTo(Math.log1p(50), 12);
    // Gaps of 92, 92 and 30 days: the median cycle is 92.
    expect(evaluation.cycleDays).toBe(92);
    expect(named.cyclesSinceLastPurchase).toBeCloseTo(50 / 92, 12);
    expect(named.cycleDays).toBeCloseTo(Math.log(92), 12);
    // The last 90 days start on 2026-08-23: 09-01 and 10-01 in, 06-01 in the 90 before.
    expect(named.purchaseDays90).toBeCloseTo(Math.log1p(2), 12);
    expect(named.purchaseDays365).toBeCloseTo(Math.log1p(4), 12);
    expect(named.purchaseTrend).toBeCloseTo(Math.log(3 / 2), 12);
    expect(named.trailingSales).toBeCloseTo(Math.log1p(1050), 12);
    expect(named.salesTrend).toBeCloseTo(Math.log((75_000 + smoothing) / (20_000 + smoothing)), 12);
    expect(named.customerAge).toBeCloseTo(Math.log1p(264), 12);
    expect(named.silenceByFrequency).toBeCloseTo(Math.log1p(50) * Math.log1p(4), 12);
    expect([named.bgnbdNoPurchase, named.bgnbdUnknown]).toEqual([null, 1]);
  });

  it('asks BG/NBD when given a fit: the log-odds of no purchase within the horizon', () => {
    const { row, profile } = featuresOf(orders, asOf, true);
    const named = namedFeatures(row!);
    const p = pNoPurchaseWithin({ r: 0.5, alpha: 10, a: 0.8, b: 2.5 }, riskSummaryOf(profile, asOf)!, 90 / 7);
    expect(named.bgnbdNoPurchase).toBeCloseTo(Math.log(p / (1 - p)), 12);
    expect(named.bgnbdUnknown).toBe(0);
  });

  it("reads BG/NBD's view of the lookback window exactly as riskSummaryOf does, its first day included", () => {
    // Prepare: a purchase before the window, one on its first day (asOf − 365, outside the 365-day count),
    // two orders on one day, and one after the as-of day.
    const params = { r: 0.5, alpha: 10, a: 0.8, b: 2.5 };
    const edge: TestOrder[] = [
      { date: '2025-10-01', amount: 100 },
      { date: '2025-11-20', amount: 100 },
      { date: '2026-04-02', amount: 100 },
      { date: '2026-04-02', amount: 60 },
      { date: '2026-10-30', amount: 100 },
      { date: '2026-11-25', amount: 100 },
    ];
    const [profile] = profilesOf(orderLines('C1', edge), day('2026-12-01')) as [CustomerProfile];
    const evaluation = { cycleDays: 60, trailingSales: 36_000 };
    // Act
    const facts = riskFacts({ profile, evaluation, asOf, bgnbd: params })!;
    // Assess
    const summary = riskSummaryOf(profile, asOf)!;
    expect(summary.frequency).toBe(2);
    expect(facts.yearPurchaseDays).toBe(2);
    expect(facts.pAlive).toBe(pAlive(params, summary));
    expect(facts.noPurchaseProbability).toBe(pNoPurchaseWithin(params, summary, 90 / 7));
  });

  it('ignores everything after the as-of day', () => {
    const built = featuresOf(orders, asOf, true).row;
    const withFuture = featuresOf([...orders, ...later], day('2027-02-01'), true).row;
    expect(withFuture).toEqual(built);
  });

  it('has nothing to score before the first purchase', () => {
    expect(featuresOf([{ date: '2026-12-01', amount: 10 }], day('2027-01-01')).row).toBeNull();
  });
});

describe('lapsedWithin', () => {
  const [profile] = profilesOf(
    orderLines('C1', [
      { date: '2026-01-01', amount: 10 },
      { date: '2026-04-01', amount: 10 },
      { date: '2026-05-01', amount: -10, id: 'R1' },
    ]),
    day('2026-12-31'),
  ) as [CustomerProfile];

  it('looks at (asOf, asOf + horizon]: a purchase on the last day counts, one on the as-of day does not', () => {
    expect(lapsedWithin(profile, day('2026-04-01') - 30, 30)).toBe(false);
    expect(lapsedWithin(profile, day('2026-04-01') - 31, 30)).toBe(true);
    expect(lapsedWithin(profile, day('2026-04-01'), 90)).toBe(true);
  });

  it('does not count a return as buying', () => {
    expect(lapsedWithin(profile, day('2026-04-15'), 30)).toBe(true);
  });
});

describe('training by backtesting', () => {
  const from = day('2025-01-01');
  const end = day('2026-06-30');
  const lines = shopLines(300, from, end);
  const options = { config: DEFAULT_CONFIG, horizonDays: 90 };
  const known = profilesOf(lines, end);

  /** Records the days a source is asked about, so a test can check none lies beyond what is known. */
  function recording(source: SnapshotSource): { source: SnapshotSource; asked: Day[] } {
    const asked: Day[] = [];
    return {
      asked,
      source: (asOf) => {
        asked.push(asOf);
        return source(asOf);
      },
    };
  }

  it('builds the same snapshot from profiles that already hold the future', () => {
    const asOf = end - 120;
    const then = snapshotsFromProfiles(profilesOf(lines, asOf), { ...options, knownThrough: asOf })(asOf);
    const now = snapshotsFromProfiles(known, { ...options, knownThrough: end })(asOf);
    expect(now.customerIds).toEqual(then.customerIds);
    expect(now.features).toEqual(then.features);
    expect(then.labels).toBeNull();
    expect(now.labels).toHaveLength(now.customerIds.length);
    // The BG/NBD probability is there when the source was given a fit.
    const fit = fitBgnbdRisk(known.map((profile) => riskSummaryOf(profile, asOf)));
    const withFit = snapshotsFromProfiles(known, { ...options, knownThrough: end, bgnbd: fit.params })(asOf);
    expect(namedFeatures(withFit.features[0]!).bgnbdUnknown).toBe(0);
    expect(namedFeatures(now.features[0]!).bgnbdUnknown).toBe(1);
  });

  it('labels only customers who had bought and are not lost', () => {
    const asOf = from + 30;
    const snapshot = snapshotsFromProfiles(known, { ...options, knownThrough: end })(asOf);
    const bought = new Set(lines.filter((line) => line.day <= asOf).map((line) => line.customerId));
    expect(snapshot.customerIds.length).toBe(bought.size);
    expect(snapshot.daysSinceLastPurchase.every((days) => days <= 30)).toBe(true);
  });

  it('trains on earlier days whose horizon has passed, and the model ranks who lapses', () => {
    const { source, asked } = recording(snapshotsFromProfiles(known, { ...options, knownThrough: end }));
    const result = trainRiskModel(source, { asOf: end });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const model = result.model;
    expect(asked).toEqual(trainingAsOfDays(end, { horizonDays: 90, stepDays: 28, snapshots: 2 }));
    expect(asked.every((asOf) => asOf + 90 <= end)).toBe(true);
    expect(model.trainedOn).toEqual(['2026-04-01', '2026-03-04']);
    expect(model.source).toBe('learned');
    expect(model.featureNames).toEqual([...RISK_FEATURES]);
    expect(model.converged).toBe(true);
    expect(model.training.auc).toBeGreaterThan(0.8);
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
    // Scored on a day it never saw, with that day's outcome.
    const test = snapshotsFromProfiles(known, { ...options, knownThrough: end })(end - 90);
    const scores = test.features.map((row) => learnedRisk(model, row).risk);
    expect(auc(scores, test.labels!)).toBeGreaterThan(0.8);
  });

  it('gives the same model JSON for the same data', () => {
    const train = () =>
      trainRiskModel(snapshotsFromProfiles(profilesOf(lines, end), { ...options, knownThrough: end }), {
        asOf: end,
      });
    const first = train();
    expect(JSON.stringify(train())).toBe(JSON.stringify(first));
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('says so when history holds too little to learn from', () => {
    const snapshot =
      (labels: boolean[] | null): SnapshotSource =>
      (asOf) =>
        ({
          asOf,
          customerIds: labels?.map((_, i) => `C${i}`) ?? [],
          features: labels?.map(() => RISK_FEATURES.map(() => 0)) ?? [],
          labels,
          onTheList: labels?.map(() => true) ?? [],
          daysSinceLastPurchase: [],
        }) satisfies RiskSnapshot;
    const asOf = day('2026-06-30');
    expect(trainRiskModel(snapshot(new Array(500).fill(false)), { asOf })).toEqual({
      ok: false,
      reason: 'one_outcome',
      rows: 1000,
      lapsed: 0,
    });
    // A history too short for any training day: 100 days, the horizon and 60 days before it are needed.
    expect(trainRiskModel(snapshot([true, false]), { asOf, dataStart: asOf - 100 })).toEqual({
      ok: false,
      reason: 'short_history_days',
      historyDays: 100,
      neededDays: 150,
    });
    expect(trainRiskModel(snapshot([true, false]), { asOf })).toMatchObject({
      ok: false,
      reason: 'too_few_rows',
    });
    expect(() => trainRiskModel(snapshot(null), { asOf })).toThrow(/horizon has not passed/);
  });

  it('refuses a stored model trained on other features', () => {
    const model = {
      kind: 'learned-risk' as const,
      source: 'learned' as const,
      thresholdRule: 'f1' as const,
      bgnbdBasis: null,
      featureNames: ['x'],
      means: [0],
      scales: [1],
      weights: [1],
      intercept: 0,
      horizonDays: 90,
      threshold: 0.5,
      asOf: '2026-06-30',
      trainedOn: [],
      l2: 0.001,
      converged: true,
      rows: 0,
      lapsed: 0,
      training: { auc: null, f1: 0, precision: 0, recall: 0 },
      bgnbd: null,
    };
    expect(() => learnedRisk(model, [1])).toThrow(/refit/);
  });

  it('names the retention a profile needs for the default protocol', () => {
    expect(trainingRetentionDays({ horizonDays: 90, stepDays: 28, snapshots: 2 })).toBe(90 + 28 + 365);
  });
});

describe('the learned risk in a run (withLearnedRisk)', () => {
  const from = day('2025-01-01');
  const end = day('2026-06-30');
  const lines = shopLines(300, from, end);
  const profiles = profilesOf(lines, end);
  const model = fitRiskModel(profiles, DEFAULT_CONFIG, end);
  if (model.source !== 'learned') throw new Error('the shops must train a model');
  const byId = new Map(profiles.map((profile) => [profile.customerId, profile]));

  /** The run a day after the weekly fit: everyone evaluated by the rules, then scored by the model. */
  function run(asOf: Day) {
    const rules = evaluateCustomers({ profiles, asOf, config: DEFAULT_CONFIG }).customers;
    const scored = rules.map((e) => withLearnedRisk(e, byId.get(e.customerId)!, asOf, model));
    return { rules, scored };
  }

  it('keeps the BG/NBD fit of its own day, the same one the features of that day are scored with', () => {
    const today = snapshotsFromProfiles(profiles, {
      config: DEFAULT_CONFIG,
      horizonDays: 90,
      knownThrough: end,
      bgnbd: model.bgnbd,
    })(end);
    expect(model.bgnbd).toEqual(fitBgnbdRisk(profiles.map((profile) => riskSummaryOf(profile, end))).params);
    expect(model.bgnbd).not.toBeNull();
    const { scored } = run(end);
    const byCustomer = new Map(scored.map((e) => [e.customerId, e]));
    today.customerIds.forEach((id, i) => {
      expect(byCustomer.get(id)?.learned?.risk).toBe(
        Math.round(learnedRisk(model, today.features[i]!).risk * 1000) / 1000,
      );
    });
  });

  it("flags by the model's threshold, keeps the rules' findings, and weighs money by the learned risk", () => {
    // Act
    const { rules, scored } = run(end);

    // Assess
    const lost = scored.filter((e) => e.status === 'lost');
    expect(lost.every((e) => e.learned === undefined)).toBe(true);
    const judged = scored.filter((e) => e.learned !== undefined);
    expect(judged.length).toBeGreaterThan(100);
    for (const e of judged) {
      const before = rules.find((r) => r.customerId === e.customerId)!;
      expect(e.atRisk).toBe(e.learned!.risk >= model.threshold - 5e-4);
      expect(e.status).toBe(e.atRisk ? 'at_risk' : 'active');
      expect(e.findings).toEqual(before.findings);
      expect(e.learned!.ruleRisk).toBe(before.risk);
      expect(e.moneyAtRisk).toBe(Math.round(e.risk * Math.max(0, e.trailingSales)));
      expect(e.learned!.modelAsOf).toBe('2026-06-30');
    }
    // The model disagrees with the rules somewhere: otherwise it would add nothing.
    const flagged = (list: typeof scored) => new Set(list.filter((e) => e.atRisk).map((e) => e.customerId));
    expect(flagged(scored)).not.toEqual(flagged(rules));
  });

  it('tells why a flagged customer scores high, in facts the rep can check', () => {
    const { scored } = run(end);
    const flagged = scored.filter((e) => e.learned && e.atRisk);
    expect(flagged.length).toBeGreaterThan(10);
    for (const e of flagged) {
      expect(e.learned!.reasons.length).toBeGreaterThan(0);
      const silence = e.learned!.reasons.find((reason) => reason.kind === 'silence');
      if (silence?.kind === 'silence') expect(silence.daysSinceLastOrder).toBe(e.daysSinceLastOrder);
    }
    // Silence is what drives lapsing in these shops: it is the first reason of most flagged ones.
    const silenceFirst = flagged.filter((e) => e.learned!.reasons[0]?.kind === 'silence').length;
    expect(silenceFirst / flagged.length).toBeGreaterThan(0.5);
    // Customers the model leaves alone carry no reasons.
    expect(scored.filter((e) => e.learned && !e.atRisk).every((e) => e.learned!.reasons.length === 0)).toBe(
      true,
    );
  });

  it('names only the features that push the risk up, strongest first, at most two', () => {
    // Prepare: a model that reads silence and a falling order count, and nothing else
    const weights = RISK_FEATURES.map((name) =>
      name === 'daysSinceLastPurchase' ? 1 : name === 'purchaseTrend' ? -2 : name === 'customerAge' ? -1 : 0,
    );
    const hand = { ...model, means: weights.map(() => 0), scales: weights.map(() => 1), weights };
    // Twice a month from January to early April, none since (end is 2026-06-30).
    const dates = ['01-03', '01-17', '02-01', '02-15', '03-01', '03-15', '03-29', '04-02'];
    const [profile] = profilesOf(
      orderLines(
        'C1',
        dates.map((date): TestOrder => ({ date: `2026-${date}`, amount: 100 })),
      ),
      end,
    ) as [CustomerProfile];
    const evaluation = evaluateCustomers({ profiles: [profile], asOf: end, config: DEFAULT_CONFIG })
      .customers[0]!;

    // Act
    const facts = riskFacts({ profile, evaluation, asOf: end })!;
    const reasons = learnedReasons(hand, facts);

    // Assess: 89 days silent (log1p ≈ 4.5) beats one order day in the last 90 against seven in the 90
    // before (−2 × log(2/8) ≈ 2.8); the customer's age pushes risk down and is not named.
    expect(reasons).toEqual([
      {
        kind: 'silence',
        daysSinceLastOrder: facts.daysSinceLastPurchase,
        cycleDays: Math.round(facts.cycleDays * 10) / 10,
      },
      {
        kind: 'fewer_purchase_days',
        windowDays: 90,
        recentDays: 1,
        previousDays: 7,
      },
    ]);
    expect(facts.daysSinceLastPurchase).toBe(89);
  });
});

describe('shortHistoryProfiles', () => {
  it('counts profiles pruned closer than training reads, and pruned ones that predate the record', () => {
    const asOf = day('2026-06-30');
    const base = profilesOf(
      orderLines('C1', [{ date: '2026-06-01', amount: 10 }]),
      asOf,
    )[0] as CustomerProfile;
    const profiles: CustomerProfile[] = [
      base, // nothing ever pruned
      { ...base, prunedFirstPurchaseDay: day('2024-01-01'), prunedBefore: asOf - 539 + 1 }, // pruned at 539
      { ...base, prunedFirstPurchaseDay: day('2024-01-01'), prunedBefore: asOf - 400 + 1 }, // pruned at 400
      { ...base, prunedFirstPurchaseDay: day('2024-01-01'), prunedBefore: undefined }, // pruned, not recorded
      { ...base, prunedBefore: undefined }, // stored before the record, never pruned
    ];
    expect(shortHistoryProfiles(profiles, asOf, 539)).toBe(2);
    expect(shortHistoryProfiles(profiles, asOf, 400)).toBe(1);
  });
});

describe('holdOpenEpisode', () => {
  const evaluation = (risk: number): CustomerEvaluation =>
    ({
      customerId: 'C1',
      status: 'active',
      atRisk: false,
      risk,
      learned: { risk, threshold: 0.5, ruleRisk: 0.2, reasons: [], modelAsOf: '2026-06-29' },
    }) as unknown as CustomerEvaluation;

  it('keeps an open episode at risk while the learned risk stays near the line', () => {
    expect(holdOpenEpisode(evaluation(0.45), true)).toMatchObject({
      status: 'at_risk',
      atRisk: true,
      learned: { held: true },
    });
    // Clearly down (below 80% of the line), or no open episode: the model's verdict stands.
    expect(holdOpenEpisode(evaluation(0.39), true)).toMatchObject({ status: 'active', atRisk: false });
    expect(holdOpenEpisode(evaluation(0.45), false)).toMatchObject({ status: 'active', atRisk: false });
  });
});
