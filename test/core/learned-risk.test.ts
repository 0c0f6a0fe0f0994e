import { describe, expect, it } from 'vitest';
import { auc } from '../../functions/core/backtest.ts';
import { pAlive } from '../../functions/core/bgnbd.ts';
import { bgnbdSummaryOf } from '../../functions/core/bgnbd-summary.ts';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import type { Day } from '../../functions/core/days.ts';
import { evaluateCustomers } from '../../functions/core/evaluate.ts';
import {
  chooseThreshold,
  lapsedWithin,
  learnedRisk,
  namedFeatures,
  RISK_FEATURES,
  type RiskSnapshot,
  riskFeatures,
  type SnapshotSource,
  snapshotsFromProfiles,
  trainingAsOfDays,
  trainingRetentionDays,
  trainRiskModel,
} from '../../functions/core/learned-risk.ts';
import { fitLogistic, predict, unstandardised } from '../../functions/core/logistic.ts';
import { buildProfiles, type CustomerProfile } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { day, orderLines, type TestOrder } from './helpers.ts';

/** A seeded generator (mulberry32): the tests need noise, the same noise on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function profilesOf(lines: readonly OrderLine[], asOf: Day): CustomerProfile[] {
  return [...buildProfiles(lines, {}, { asOf, retentionDays: 3650 }).profiles.values()];
}

/**
 * Shops ordering every 7 to 60 days with some jitter; about a third stop for good at some point, so every
 * as-of day has customers who go on to lapse and customers who keep buying.
 */
function shopLines(count: number, from: Day, to: Day, seed = 7): OrderLine[] {
  const random = seeded(seed);
  const lines: OrderLine[] = [];
  for (let c = 0; c < count; c++) {
    const cycle = [7, 14, 30, 60][c % 4] as number;
    const stop = random() < 0.35 ? from + 60 + Math.floor(random() * (to - from - 60)) : to;
    const amount = 10_000 + Math.floor(random() * 90_000);
    let orderDay = from + Math.floor(random() * cycle);
    for (let n = 0; orderDay <= stop; n++) {
      lines.push({
        orderId: `S${c}-${n}`,
        customerId: `S${String(c).padStart(3, '0')}`,
        day: orderDay,
        amount,
        status: 'placed',
      });
      orderDay += Math.max(1, Math.round(cycle * (0.6 + 0.8 * random())));
    }
  }
  return lines;
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
    // The only customer with sales is the top tier.
    expect([named.tierVip, named.tierImportant, named.tierGeneral]).toEqual([1, 0, 0]);
    expect([named.pAlive, named.expectedPurchases90, named.pAliveUnknown]).toEqual([null, null, 1]);
    expect(named.trendSignal).toBe(0);
    expect(named.ruleRisk).toBe(evaluation.risk);
  });

  it('asks BG/NBD when given a fit', () => {
    const { row, profile } = featuresOf(orders, asOf, true);
    const named = namedFeatures(row!);
    expect(named.pAlive).toBe(pAlive({ r: 0.5, alpha: 10, a: 0.8, b: 2.5 }, bgnbdSummaryOf(profile, asOf)!));
    expect(named.expectedPurchases90).toBeGreaterThan(0);
    expect(named.pAliveUnknown).toBe(0);
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
    // P(alive) was known (the population is large enough to fit BG/NBD).
    expect(namedFeatures(now.features[0]!).pAliveUnknown).toBe(0);
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
    expect(asked).toEqual(trainingAsOfDays(end, { horizonDays: 90, stepDays: 28, snapshots: 4 }));
    expect(asked.every((asOf) => asOf + 90 <= end)).toBe(true);
    expect(model.trainedOn).toEqual(['2026-04-01', '2026-03-04', '2026-02-04', '2026-01-07']);
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
          ruleRisk: [],
          ruleAtRisk: [],
          daysSinceLastPurchase: [],
        }) satisfies RiskSnapshot;
    const asOf = day('2026-06-30');
    expect(trainRiskModel(snapshot(new Array(500).fill(false)), { asOf })).toEqual({
      ok: false,
      reason: 'one_outcome',
      rows: 2000,
      lapsed: 0,
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
    };
    expect(() => learnedRisk(model, [1])).toThrow(/refit/);
  });

  it('names the retention a profile needs for the default protocol', () => {
    expect(trainingRetentionDays({ horizonDays: 90, stepDays: 28, snapshots: 4 })).toBe(90 + 84 + 365);
  });
});
