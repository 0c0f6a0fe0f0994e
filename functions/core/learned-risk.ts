import { auc } from './backtest.ts';
import { type BgnbdCustomer, type BgnbdParams, conditionalExpectedPurchases, pAlive } from './bgnbd.ts';
import { bgnbdSummaryOf, DAYS_PER_UNIT } from './bgnbd-summary.ts';
import type { ChurnConfig } from './config.ts';
import { type Day, formatDay } from './days.ts';
import { type CustomerEvaluation, evaluateCustomers } from './evaluate.ts';
import { type FeatureRow, fitLogistic, type LogisticModel, predict } from './logistic.ts';
import type { Minor } from './money.ts';
import { fitPAliveModel } from './p-alive-model.ts';
import type { CustomerProfile } from './profile.ts';
import { riskScore } from './risk.ts';
import {
  DEFAULT_TRAINING_SNAPSHOTS,
  DEFAULT_TRAINING_STEP_DAYS,
  RISK_FEATURE_LOOKBACK_DAYS,
  riskTrainingRetentionDays,
  trainingAsOfDays,
} from './risk-training-days.ts';
import { firstIndexOnOrAfter } from './windows.ts';

/**
 * A risk score calibrated on the distributor's own history. The rules stay what a rep reads ("no order for
 * 45 days, three cycles late"); this decides how much those facts mean for this distributor's customers: a
 * small logistic model over recency, frequency, the personal cycle, trends, tier and P(alive), fitted on
 * what actually happened after earlier as-of days, with the at-risk threshold chosen the same way.
 */

/** The features, in the order of every feature row. Changing them means refitting every stored model. */
export const RISK_FEATURES = [
  /** log(1 + days since the last purchase). */
  'daysSinceLastPurchase',
  /** Days since the last purchase ÷ the personal ordering cycle, capped at MAX_CYCLES_LATE. */
  'cyclesSinceLastPurchase',
  /** log of the personal ordering cycle in days. */
  'cycleDays',
  /** log(1 + distinct purchase days in the last 90 days). */
  'purchaseDays90',
  /** log(1 + distinct purchase days in the last 365 days). */
  'purchaseDays365',
  /** log((purchase days in the last 90 + 1) ÷ (in the 90 before + 1)). */
  'purchaseTrend',
  /** log(1 + trailing-period net sales in currency units), 0 for net returns. */
  'trailingSales',
  /** log of last-90-day over previous-90-day net sales, smoothed, within ±MAX_LOG_RATIO. */
  'salesTrend',
  /** log(1 + days since the first purchase). */
  'customerAge',
  /** Tier as one-hot; dormant is the baseline. */
  'tierVip',
  'tierImportant',
  'tierGeneral',
  /** BG/NBD probability that the customer still buys; missing without a fitted model. */
  'pAlive',
  /**
   * log(1 + purchases BG/NBD expects in the next 90 days); missing without a model. P(alive) alone is 1 for
   * every one-time buyer (in BG/NBD a customer can only drop out after a repeat purchase), this is not.
   */
  'expectedPurchases90',
  /** 1 when there was no BG/NBD model to ask (or it gave no usable number). */
  'pAliveUnknown',
  /**
   * The strongest severity among the buying-trend rules reps are shown (sales, order count, sustained
   * decline, SKU breadth, complaints); 0 when none fired. Recency rules are left out (the features above
   * read the silence directly), and so is visit_overdue: a profile keeps only its latest visit, so a visit
   * cannot be replayed at an earlier as-of day, and a score trained on it would learn from the future.
   */
  'trendSignal',
  /** The rules' risk (risk.ts) from the same findings, visit_overdue left out for the reason above. */
  'ruleRisk',
] as const;

export type RiskFeatureName = (typeof RISK_FEATURES)[number];

const WINDOW_DAYS = 90;
const MAX_CYCLES_LATE = 8;
const MAX_LOG_RATIO = 3;
const MINOR_PER_UNIT = 100;

/** What the features are computed from, in the units a rep reads: also what a learned verdict quotes. */
export interface RiskFacts {
  daysSinceLastPurchase: number;
  /** The personal ordering cycle, days. */
  cycleDays: number;
  /** Distinct purchase days in the last 90 days, the 90 before, and the last 365. */
  recentPurchaseDays: number;
  previousPurchaseDays: number;
  yearPurchaseDays: number;
  /** Net sales in the same two 90-day windows, and over the tier period, minor units. */
  recentSales: Minor;
  previousSales: Minor;
  trailingSales: Minor;
  /** Days since the first purchase. */
  customerAgeDays: number;
  tier: CustomerEvaluation['tier'];
  /** Under the BG/NBD fit, when one was given and gave a usable number. */
  pAlive: number | null;
  expectedPurchases90: number | null;
  trendSignal: number;
  ruleRisk: number;
}

/**
 * The facts behind one customer's features as of a day, from its profile and its rule evaluation on that
 * same day (and P(alive) when a BG/NBD fit is given). Only facts on or before `asOf` are read, so a profile
 * that already holds later orders gives the same facts as one built up to `asOf`. Null for a customer with
 * no purchase on or before `asOf`: there is no silence to score.
 */
export function riskFacts(input: {
  profile: CustomerProfile;
  evaluation: CustomerEvaluation;
  asOf: Day;
  bgnbd?: BgnbdParams | null;
}): RiskFacts | null {
  const { profile, evaluation, asOf } = input;
  const { days, nets, purchases } = profile.orders;
  const end = firstIndexOnOrAfter(profile.orders, asOf + 1);
  const recentFrom = asOf - WINDOW_DAYS + 1;
  const previousFrom = recentFrom - WINDOW_DAYS;
  const yearFrom = asOf - 365 + 1;
  let lastDay: Day | null = null;
  let firstDay: Day | null = null;
  let recentDays = 0;
  let previousDays = 0;
  let yearDays = 0;
  let recentSales: Minor = 0;
  let previousSales: Minor = 0;
  let previousPurchaseDay: Day | null = null;
  for (let i = 0; i < end; i++) {
    const day = days[i] as Day;
    if (day >= recentFrom) recentSales += nets[i] as Minor;
    else if (day >= previousFrom) previousSales += nets[i] as Minor;
    if (purchases[i] !== 1) continue;
    firstDay ??= day;
    lastDay = day;
    // Several orders on one day are one visit to the shop's stock room, not several decisions to buy.
    if (day === previousPurchaseDay) continue;
    previousPurchaseDay = day;
    if (day >= yearFrom) yearDays++;
    if (day >= recentFrom) recentDays++;
    else if (day >= previousFrom) previousDays++;
  }
  if (lastDay === null) return null;
  // A pruned first purchase still dates the customer, as long as it is not after the as-of day.
  const pruned = profile.prunedFirstPurchaseDay;
  if (pruned !== null && pruned <= asOf && (firstDay === null || pruned < firstDay)) firstDay = pruned;
  const daysSince = asOf - lastDay;
  const cycleDays = Math.max(1, evaluation.cycleDays);
  const params = input.bgnbd ?? null;
  // Only the lookback window: how much older history a profile keeps depends on its last purchase, which for
  // a training day lies in that day's future, so anything older would leak the label.
  const summary = params ? bgnbdSummaryOf(profile, asOf, asOf - RISK_FEATURE_LOOKBACK_DAYS) : null;
  // A fit at the edge of its parameter space (a = 1 divides by zero in E[X]) gives a missing value, not a NaN.
  const finiteOrNull = (value: number | null) => (value !== null && Number.isFinite(value) ? value : null);
  let trendSignal = 0;
  for (const finding of evaluation.findings) {
    if (TREND_RULES.has(finding.rule)) trendSignal = Math.max(trendSignal, finding.severity);
  }
  const buying = evaluation.findings.filter((finding) => finding.rule !== 'visit_overdue');
  const cycle = { days: cycleDays, source: evaluation.cycleSource, gaps: 0 };
  return {
    daysSinceLastPurchase: daysSince,
    cycleDays,
    recentPurchaseDays: recentDays,
    previousPurchaseDays: previousDays,
    yearPurchaseDays: yearDays,
    recentSales,
    previousSales,
    trailingSales: evaluation.trailingSales,
    customerAgeDays: asOf - (firstDay as Day),
    tier: evaluation.tier,
    pAlive: finiteOrNull(params && summary ? pAlive(params, summary) : null),
    expectedPurchases90: finiteOrNull(
      params && summary ? conditionalExpectedPurchases(params, summary, WINDOW_DAYS / DAYS_PER_UNIT) : null,
    ),
    trendSignal,
    ruleRisk:
      buying.length === evaluation.findings.length ? evaluation.risk : riskScore(buying, daysSince, cycle),
  };
}

/** The feature row of a customer's facts, in RISK_FEATURES order. */
export function featureRow(facts: RiskFacts): FeatureRow {
  const daysSince = facts.daysSinceLastPurchase;
  const trailing = Math.max(0, facts.trailingSales);
  // Smoothing of a tenth of an average window's sales: a shop that fell from steady to nothing reads as a
  // large drop, one that never bought much in either window as no change.
  const smoothing = Math.max(MINOR_PER_UNIT, (trailing * WINDOW_DAYS) / 365 / 10);
  const salesRatio = Math.log(
    (Math.max(0, facts.recentSales) + smoothing) / (Math.max(0, facts.previousSales) + smoothing),
  );
  const { pAlive: alive, expectedPurchases90: expected } = facts;
  return [
    Math.log1p(daysSince),
    Math.min(MAX_CYCLES_LATE, daysSince / facts.cycleDays),
    Math.log(facts.cycleDays),
    Math.log1p(facts.recentPurchaseDays),
    Math.log1p(facts.yearPurchaseDays),
    Math.log((facts.recentPurchaseDays + 1) / (facts.previousPurchaseDays + 1)),
    Math.log1p(trailing / MINOR_PER_UNIT),
    Math.max(-MAX_LOG_RATIO, Math.min(MAX_LOG_RATIO, salesRatio)),
    Math.log1p(facts.customerAgeDays),
    facts.tier === 'vip' ? 1 : 0,
    facts.tier === 'important' ? 1 : 0,
    facts.tier === 'general' ? 1 : 0,
    alive,
    expected === null ? null : Math.log1p(expected),
    alive === null || expected === null ? 1 : 0,
    facts.trendSignal,
    facts.ruleRisk,
  ];
}

/**
 * The feature row of one customer as of a day (riskFacts, then featureRow). Null for a customer with no
 * purchase on or before `asOf`.
 *
 * @example
 * riskFeatures({ profile, evaluation, asOf, bgnbd: fit }); // [3.4, 1.5, 3.0, …] in RISK_FEATURES order
 */
export function riskFeatures(input: Parameters<typeof riskFacts>[0]): FeatureRow | null {
  const facts = riskFacts(input);
  return facts === null ? null : featureRow(facts);
}

const TREND_RULES: ReadonlySet<string> = new Set([
  'sales_drop',
  'order_count_drop',
  'sustained_decline',
  'sku_breadth_drop',
  'complaints_rising',
]);

/** The features of a row by name, for explaining a score or reading a test. */
export function namedFeatures(row: FeatureRow): Record<RiskFeatureName, number | null> {
  const named = {} as Record<RiskFeatureName, number | null>;
  RISK_FEATURES.forEach((name, j) => {
    named[name] = row[j] ?? null;
  });
  return named;
}

/** True when the customer made no purchase in (asOf, asOf + horizonDays]: the event the score predicts. */
export function lapsedWithin(profile: CustomerProfile, asOf: Day, horizonDays: number): boolean {
  const { days, purchases } = profile.orders;
  for (let i = firstIndexOnOrAfter(profile.orders, asOf + 1); i < days.length; i++) {
    if ((days[i] as Day) > asOf + horizonDays) break;
    if (purchases[i] === 1) return false;
  }
  return true;
}

/** The labelled population of one as-of day. */
export interface RiskSnapshot {
  asOf: Day;
  customerIds: string[];
  features: FeatureRow[];
  /** True = no purchase within the horizon after `asOf`; null while the horizon has not fully passed. */
  labels: boolean[] | null;
  /** The rules' risk and at-risk flag of the same customers, to compare the learned score with. */
  ruleRisk: number[];
  ruleAtRisk: boolean[];
  daysSinceLastPurchase: number[];
}

/** What training needs from the data: the population's features (and labels) as of a day. */
export type SnapshotSource = (asOf: Day) => RiskSnapshot;

export interface ProfileSnapshotOptions {
  config: ChurnConfig;
  horizonDays: number;
  /** The last day the profiles hold data for: labels are known for as-of days up to this minus the horizon. */
  knownThrough: Day;
  /**
   * Give P(alive) as a feature (default true): the run's BG/NBD model when the config runs `low_p_alive`,
   * else one fitted here with the same checks (p-alive-model.ts). False, or a model that failed its checks,
   * leaves it missing, flagged by `pAliveUnknown`.
   */
  bgnbd?: boolean;
  /**
   * Leave out customers already silent for `horizonDays` or more (default false). They have lapsed by the
   * label's own definition; backtest.ts leaves them out by default, so a comparison with its figures needs
   * the same population for training and testing.
   */
  excludeSilent?: boolean;
  /**
   * Keep at most about this many customers of each day's population (every k-th in customer id order), so a
   * large distributor's refit stays in a Lambda's memory: a model of 17 weights learns no better from more. Everyone is still evaluated: tiers and the BG/NBD fit need the whole book.
   */
  maxCustomers?: number;
}

/**
 * Snapshots from profiles built once, up to `knownThrough`. Each as-of day gets its own evaluation, tiers
 * and BG/NBD fit, all from facts on or before that day (the evaluator and the rules only read facts up to
 * their as-of day), so a snapshot of an earlier day sees what a run on that day would have seen. The
 * population is every customer with a purchase on or before the day and not already lost: those are the
 * customers a rep's list is about.
 *
 * The profiles must keep RISK_FEATURE_LOOKBACK_DAYS of history before the earliest as-of day asked for (see
 * trainingRetentionDays); a profile pruned closer than that reads as a customer with less history.
 */
export function snapshotsFromProfiles(
  profiles: readonly CustomerProfile[],
  options: ProfileSnapshotOptions,
): SnapshotSource {
  const { config, horizonDays, knownThrough } = options;
  const byId = new Map(profiles.map((profile) => [profile.customerId, profile]));
  return (asOf) => {
    const result = evaluateCustomers({ profiles, asOf, config });
    // Fitted on the lookback window the features read, never the run's own model: that one sees all the kept
    // history, whose length depends on each customer's last purchase (the future, for a training day).
    const params =
      options.bgnbd === false
        ? null
        : riskBgnbdParams(
            profiles.map((profile) => riskSummaryOf(profile, asOf)),
            config,
          );
    const labelled = asOf + horizonDays <= knownThrough;
    const snapshot: RiskSnapshot = {
      asOf,
      customerIds: [],
      features: [],
      labels: labelled ? [] : null,
      ruleRisk: [],
      ruleAtRisk: [],
      daysSinceLastPurchase: [],
    };
    // Customer id order, not the list's money order: the same data must give the same rows.
    const population = result.customers
      .filter(
        (evaluation) =>
          evaluation.status !== 'lost' &&
          evaluation.status !== 'no_orders' &&
          !(options.excludeSilent && (evaluation.daysSinceLastOrder ?? 0) >= horizonDays),
      )
      .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
    const every = Math.max(1, Math.ceil(population.length / (options.maxCustomers ?? Infinity)));
    for (let i = 0; i < population.length; i += every) {
      const evaluation = population[i] as CustomerEvaluation;
      const profile = byId.get(evaluation.customerId) as CustomerProfile;
      const row = riskFeatures({ profile, evaluation, asOf, bgnbd: params });
      if (row === null) continue;
      snapshot.customerIds.push(evaluation.customerId);
      snapshot.features.push(row);
      snapshot.labels?.push(lapsedWithin(profile, asOf, horizonDays));
      snapshot.ruleRisk.push(evaluation.risk);
      snapshot.ruleAtRisk.push(evaluation.atRisk);
      snapshot.daysSinceLastPurchase.push(evaluation.daysSinceLastOrder as number);
    }
    return snapshot;
  };
}

/**
 * A customer's BG/NBD summary for the learned risk's P(alive) feature: purchases in the lookback window only,
 * like the other features. Null without a purchase in it.
 */
export const riskSummaryOf = (profile: CustomerProfile, asOf: Day): BgnbdCustomer | null =>
  bgnbdSummaryOf(profile, asOf, asOf - RISK_FEATURE_LOOKBACK_DAYS);

/**
 * The BG/NBD parameters behind the P(alive) feature, fitted on everyone's lookback summaries (lost customers
 * included: they are data) with `low_p_alive`'s checks; null when the fit fails them, which the features
 * flag as `pAliveUnknown`. Training and scoring fit it the same way, so the feature means the same.
 */
export function riskBgnbdParams(
  summaries: Iterable<BgnbdCustomer | null>,
  config: ChurnConfig,
): BgnbdParams | null {
  const known = [...summaries].filter((summary): summary is BgnbdCustomer => summary !== null);
  const model = fitPAliveModel(known, config.rules.low_p_alive);
  return model.status === 'ok' ? model.params : null;
}

export interface RiskTrainingOptions {
  /** The as-of day of the run the model is for; every training label is known by then. */
  asOf: Day;
  /** Days after an as-of day in which no purchase means the customer lapsed (default 90). */
  horizonDays?: number;
  /** Days between training as-of days (default 28: four weeks keeps weekdays and month ends alike). */
  stepDays?: number;
  /** How many training as-of days (default 4). */
  snapshots?: number;
  /** Penalty of the logistic fit (default DEFAULT_RISK_L2). */
  l2?: number;
  /** Fewest labelled rows, and fewest of each outcome, to learn from (default 200 and 20). */
  minRows?: number;
  minPerClass?: number;
  /** The BG/NBD parameters the model will score P(alive) with (see LearnedRiskModel.bgnbd); default none. */
  bgnbd?: BgnbdParams | null;
}

export const DEFAULT_RISK_L2 = 1e-3;

/** Customers per training day the daily product learns from at most (snapshotsFromProfiles maxCustomers). */
export const MAX_TRAINING_CUSTOMERS = 25_000;

/**
 * A learned risk model as plain JSON, ready to store: the logistic model, the at-risk threshold chosen on
 * the training data, and what it was trained on.
 */
export interface LearnedRiskModel extends LogisticModel {
  kind: 'learned-risk';
  horizonDays: number;
  /** Flag a customer at risk when the learned risk is at or above this. */
  threshold: number;
  /** The run's as-of day and the earlier days the rows came from, `YYYY-MM-DD`. */
  asOf: string;
  trainedOn: string[];
  l2: number;
  converged: boolean;
  rows: number;
  lapsed: number;
  /** On the training rows: AUC of the learned risk and F1, precision and recall of the threshold. */
  training: { auc: number | null; f1: number; precision: number; recall: number };
  /**
   * The BG/NBD parameters the P(alive) feature is scored with, fitted on the population's lookback window as
   * of `asOf` (riskBgnbdParams); null when that fit failed its checks (the feature is then missing). Kept with
   * the model, so a daily run scores without a fit of its own: a population's buying pattern moves little in
   * the week until the next refit.
   */
  bgnbd: BgnbdParams | null;
}

export type RiskTrainingResult =
  | { ok: true; model: LearnedRiskModel }
  | { ok: false; reason: 'too_few_rows' | 'one_outcome'; rows: number; lapsed: number };

/** Profiles pruned closer than training reads (see shortHistoryProfiles): rebuild them first. */
export interface ShortHistory {
  ok: false;
  reason: 'short_history';
  customers: number;
  neededDays: number;
}

/**
 * Trains the learned risk "by backtesting": the population as of several earlier days, each labelled with
 * whether it then went `horizonDays` without a purchase, pooled into one logistic fit; the at-risk threshold
 * is the one with the best F1 on those same rows. Refit weekly, the model follows the distributor's
 * seasons and mix. Without enough history (a new distributor, or nobody ever lapsing) it says so, and the
 * caller keeps the rules' risk.
 *
 * @example
 * const source = snapshotsFromProfiles(profiles, { config, horizonDays: 90, knownThrough: asOf });
 * const result = trainRiskModel(source, { asOf });
 * // Scoring uses the same source on the run's own day (its labels are null), so features match training's.
 * const today = source(asOf);
 * if (result.ok) today.features.map((row) => learnedRisk(result.model, row));
 */
export function trainRiskModel(snapshot: SnapshotSource, options: RiskTrainingOptions): RiskTrainingResult {
  const horizonDays = options.horizonDays ?? 90;
  const stepDays = options.stepDays ?? DEFAULT_TRAINING_STEP_DAYS;
  const count = options.snapshots ?? DEFAULT_TRAINING_SNAPSHOTS;
  const l2 = options.l2 ?? DEFAULT_RISK_L2;
  const asOfDays = trainingAsOfDays(options.asOf, { horizonDays, stepDays, snapshots: count });
  const X: FeatureRow[] = [];
  const y: boolean[] = [];
  for (const day of asOfDays) {
    const taken = snapshot(day);
    if (taken.labels === null) {
      throw new RangeError(`the snapshot of ${formatDay(day)} has no labels: its horizon has not passed`);
    }
    X.push(...taken.features);
    y.push(...taken.labels);
  }
  let lapsed = 0;
  for (const label of y) if (label) lapsed++;
  const minRows = options.minRows ?? 200;
  const minPerClass = options.minPerClass ?? 20;
  if (y.length < minRows) return { ok: false, reason: 'too_few_rows', rows: y.length, lapsed };
  if (lapsed < minPerClass || y.length - lapsed < minPerClass) {
    return { ok: false, reason: 'one_outcome', rows: y.length, lapsed };
  }
  const fit = fitLogistic(X, y, { l2, featureNames: RISK_FEATURES });
  const scores = X.map((row) => predict(fit, row));
  const choice = chooseThreshold(scores, y);
  return {
    ok: true,
    model: {
      kind: 'learned-risk',
      featureNames: fit.featureNames,
      means: fit.means,
      scales: fit.scales,
      weights: fit.weights,
      intercept: fit.intercept,
      horizonDays,
      threshold: choice.threshold,
      asOf: formatDay(options.asOf),
      trainedOn: asOfDays.map(formatDay),
      l2,
      converged: fit.converged,
      rows: y.length,
      lapsed,
      bgnbd: options.bgnbd ?? null,
      training: {
        auc: auc(scores, y),
        f1: choice.f1,
        precision: choice.precision,
        recall: choice.recall,
      },
    },
  };
}

/**
 * Trains the model the daily product uses, as of a day, on profiles that hold the history up to it: the
 * configured horizon, the default training days (risk-training-days.ts).
 */
export function trainRiskModelOn(
  profiles: readonly CustomerProfile[],
  config: ChurnConfig,
  asOf: Day,
): RiskTrainingResult | ShortHistory {
  const horizonDays = config.riskModel.horizonDays;
  const neededDays = riskTrainingRetentionDays(horizonDays);
  const short = shortHistoryProfiles(profiles, asOf, neededDays);
  if (short > 0) return { ok: false, reason: 'short_history', customers: short, neededDays };
  const source = snapshotsFromProfiles(profiles, {
    config,
    horizonDays,
    knownThrough: asOf,
    maxCustomers: MAX_TRAINING_CUSTOMERS,
  });
  return trainRiskModel(source, {
    asOf,
    horizonDays,
    bgnbd: riskBgnbdParams(
      profiles.map((profile) => riskSummaryOf(profile, asOf)),
      config,
    ),
  });
}

/** Orders dated ahead of the as-of day (ingest takes tomorrow's) move a horizon on by a day or so. */
const HORIZON_SLACK_DAYS = 7;

/**
 * How many profiles hold less than the `neededDays` before `asOf` that training reads. Pruning counts back
 * from each customer's last purchase, so a retention raised after the fact leaves the customers who went on
 * buying with less history than those who stopped, and a model trained on that learns the difference (the
 * label) instead of the signs. A profile pruned before this was recorded counts as short when it was pruned
 * at all. `churn-watch rebuild-profiles` recomputes them from the orders table with the current retention.
 */
export function shortHistoryProfiles(
  profiles: readonly CustomerProfile[],
  asOf: Day,
  neededDays: number,
): number {
  const from = asOf - neededDays + 1 + HORIZON_SLACK_DAYS;
  let short = 0;
  for (const profile of profiles) {
    const { prunedBefore } = profile;
    if (
      prunedBefore === undefined
        ? profile.prunedFirstPurchaseDay !== null
        : prunedBefore !== null && prunedBefore > from
    )
      short++;
  }
  return short;
}

/**
 * The learned risk of one customer and whether it is at risk by the model's own threshold. The feature row
 * must follow RISK_FEATURES, the order the model was trained on.
 */
export function learnedRisk(
  model: LearnedRiskModel,
  features: FeatureRow,
): { risk: number; atRisk: boolean } {
  if (
    model.featureNames.length !== RISK_FEATURES.length ||
    model.featureNames.some((name, j) => name !== RISK_FEATURES[j])
  ) {
    throw new RangeError('the stored model was trained on other features: refit it');
  }
  const risk = predict(model, features);
  return { risk, atRisk: risk >= model.threshold };
}

/** A fact a learned verdict quotes: the part of the customer's history that pushed its risk up most. */
export type LearnedReason =
  | { kind: 'silence'; daysSinceLastOrder: number; cycleDays: number }
  | { kind: 'fewer_purchase_days'; windowDays: number; recentDays: number; previousDays: number }
  | { kind: 'lower_sales'; windowDays: number; recentSales: Minor; previousSales: Minor }
  | { kind: 'new_customer'; customerAgeDays: number }
  | { kind: 'unlikely_to_buy'; pAlive: number | null; expectedPurchases: number | null };

/** What the learned model said about a customer, kept beside the rules' findings for the digest. */
export interface LearnedVerdict {
  /** The learned risk (3 decimals) and the model's at-risk threshold. */
  risk: number;
  threshold: number;
  /** The rules' own risk, for comparison. */
  ruleRisk: number;
  /** Strongest first, at most MAX_REASONS. Empty when nothing stands out against the average customer. */
  reasons: LearnedReason[];
  /** The model's as-of day, `YYYY-MM-DD`: which weekly fit spoke. */
  modelAsOf: string;
  /** Below the line but kept at risk: its episode is open and the risk has not clearly come down (HOLD_SHARE). */
  held?: true;
}

/**
 * Which facts each feature reads, and which way the feature points to slipping (+1: higher is worse, as for
 * silence; −1: lower is worse, as for orders). Tier and the rules' own signals are left to the findings a rep
 * sees.
 */
const REASON_OF: Partial<Record<RiskFeatureName, { kind: LearnedReason['kind']; worse: 1 | -1 }>> = {
  daysSinceLastPurchase: { kind: 'silence', worse: 1 },
  cyclesSinceLastPurchase: { kind: 'silence', worse: 1 },
  purchaseDays90: { kind: 'fewer_purchase_days', worse: -1 },
  purchaseDays365: { kind: 'fewer_purchase_days', worse: -1 },
  purchaseTrend: { kind: 'fewer_purchase_days', worse: -1 },
  trailingSales: { kind: 'lower_sales', worse: -1 },
  salesTrend: { kind: 'lower_sales', worse: -1 },
  customerAge: { kind: 'new_customer', worse: -1 },
  pAlive: { kind: 'unlikely_to_buy', worse: -1 },
  expectedPurchases90: { kind: 'unlikely_to_buy', worse: -1 },
};

const MAX_REASONS = 2;
/** Beyond the strongest, a group must move the log-odds by at least this much above the average to be named. */
const MIN_REASON_LOGIT = 0.1;

/**
 * Why the model scores a customer high: each group of features' share of the log-odds against the training
 * average (weight × standardised value), summed per group, the groups that push up most first. A feature
 * counts only when it is on its worse side of the average (longer silence, fewer orders): a model may weigh
 * a feature against intuition, and "a long-standing customer" is no reason a rep can act on. A reason carries
 * the facts the rep can check, not the model's numbers.
 */
export function learnedReasons(model: LearnedRiskModel, facts: RiskFacts): LearnedReason[] {
  const row = featureRow(facts);
  const push = new Map<LearnedReason['kind'], number>();
  RISK_FEATURES.forEach((name, j) => {
    const reads = REASON_OF[name];
    const value = row[j] ?? null;
    if (reads === undefined || value === null) return;
    const offset = value - (model.means[j] as number);
    if (Math.sign(offset) !== reads.worse) return;
    const contribution = ((model.weights[j] as number) * offset) / (model.scales[j] as number);
    push.set(reads.kind, (push.get(reads.kind) ?? 0) + contribution);
  });
  return (
    [...push]
      .filter(([, logit]) => logit > 0)
      .sort((a, b) => b[1] - a[1])
      // The strongest always, when anything pushes up at all (a flagged customer deserves a reason); others
      // only when they count.
      .filter(([, logit], i) => i === 0 || logit >= MIN_REASON_LOGIT)
      .slice(0, MAX_REASONS)
      .map(([kind]) => reasonOf(kind, facts))
  );
}

function reasonOf(kind: LearnedReason['kind'], facts: RiskFacts): LearnedReason {
  switch (kind) {
    case 'silence':
      return {
        kind,
        daysSinceLastOrder: facts.daysSinceLastPurchase,
        cycleDays: Math.round(facts.cycleDays * 10) / 10,
      };
    case 'fewer_purchase_days':
      return {
        kind,
        windowDays: WINDOW_DAYS,
        recentDays: facts.recentPurchaseDays,
        previousDays: facts.previousPurchaseDays,
      };
    case 'lower_sales':
      return {
        kind,
        windowDays: WINDOW_DAYS,
        recentSales: facts.recentSales,
        previousSales: facts.previousSales,
      };
    case 'new_customer':
      return { kind, customerAgeDays: facts.customerAgeDays };
    case 'unlikely_to_buy':
      return {
        kind,
        pAlive: facts.pAlive === null ? null : Math.round(facts.pAlive * 100) / 100,
        expectedPurchases:
          facts.expectedPurchases90 === null ? null : Math.round(facts.expectedPurchases90 * 10) / 10,
      };
  }
}

/**
 * A rule evaluation with risk, at-risk and money at risk from the learned model instead. Customers outside
 * the population the model learned from (lost, no orders) keep the rules' evaluation. Whether the customer
 * is at risk is now the model's threshold; its findings stay, as the reasons a rep reads.
 *
 * @example
 * const scored = withLearnedRisk(evaluation, profile, asOf, model);
 * scored.learned?.reasons; // [{ kind: 'silence', daysSinceLastOrder: 45, cycleDays: 14 }]
 */
export function withLearnedRisk(
  evaluation: CustomerEvaluation,
  profile: CustomerProfile,
  asOf: Day,
  model: LearnedRiskModel,
): CustomerEvaluation {
  if (evaluation.status !== 'active' && evaluation.status !== 'at_risk') return evaluation;
  const facts = riskFacts({ profile, evaluation, asOf, bgnbd: model.bgnbd });
  if (facts === null) return evaluation;
  const { risk, atRisk } = learnedRisk(model, featureRow(facts));
  const rounded = Math.round(risk * 1000) / 1000;
  return {
    ...evaluation,
    status: atRisk ? 'at_risk' : 'active',
    atRisk,
    risk: rounded,
    moneyAtRisk: Math.round(rounded * Math.max(0, evaluation.trailingSales)),
    learned: {
      risk: rounded,
      threshold: Math.round(model.threshold * 1000) / 1000,
      ruleRisk: evaluation.risk,
      reasons: atRisk ? learnedReasons(model, facts) : [],
      modelAsOf: model.asOf,
    },
  };
}

/**
 * An open episode ends only when the learned risk falls below this share of the line. A weekly refit moves
 * the line, and a day's facts move the risk, a little either way: without a margin a customer near the line
 * would be "cleared", then announced as new again, the manager's escalation clock restarting each time.
 */
export const HOLD_SHARE = 0.8;

/** Keeps a customer at risk whose episode was open and whose learned risk is still near the line. */
export function holdOpenEpisode(evaluation: CustomerEvaluation, wasOpen: boolean): CustomerEvaluation {
  const { learned } = evaluation;
  if (!wasOpen || !learned || evaluation.status !== 'active') return evaluation;
  if (learned.risk < HOLD_SHARE * learned.threshold) return evaluation;
  return { ...evaluation, status: 'at_risk', atRisk: true, learned: { ...learned, held: true } };
}

/** A rule evaluation as the daily run has it with a model: rescored, and held when its episode was open. */
export const scoredByModel = (
  evaluation: CustomerEvaluation,
  profile: CustomerProfile,
  asOf: Day,
  model: LearnedRiskModel,
  wasOpen: boolean,
): CustomerEvaluation => holdOpenEpisode(withLearnedRisk(evaluation, profile, asOf, model), wasOpen);

/**
 * Rescores rule evaluations of any day with a model, as the daily run does: for the weekly summary and for
 * `churn-watch evaluate`, which hold every profile at once.
 */
export function learnedRescorer(
  profiles: readonly CustomerProfile[],
  model: LearnedRiskModel,
  /** Whether a customer's episode was open before the day (holdOpenEpisode); none known by default. */
  wasOpen: (customerId: string, asOf: Day) => boolean = () => false,
): (evaluations: CustomerEvaluation[], asOf: Day) => CustomerEvaluation[] {
  const byId = new Map(profiles.map((profile) => [profile.customerId, profile]));
  return (evaluations, asOf) =>
    evaluations.map((evaluation) => {
      const profile = byId.get(evaluation.customerId);
      if (!profile) return evaluation;
      return scoredByModel(evaluation, profile, asOf, model, wasOpen(evaluation.customerId, asOf));
    });
}

export interface ThresholdChoice {
  /** Flag a score ≥ threshold. */
  threshold: number;
  f1: number;
  precision: number;
  recall: number;
  /** How many of the given scores the threshold flags. */
  flagged: number;
}

/**
 * The threshold that maximises F1 of flagging scores ≥ threshold. Equal scores are always flagged together.
 * Where several cut points reach the same F1, the one flagging the fewest wins (a shorter list for the same
 * quality), and the threshold sits half-way between the lowest flagged score and the highest unflagged one,
 * so a slightly different score on the next run lands on the same side as its neighbours did. With no
 * positive at all nothing is worth flagging: the threshold is then above every score.
 *
 * @example
 * chooseThreshold([0.9, 0.8, 0.3, 0.1], [true, true, false, false]); // threshold 0.55, f1 1
 */
export function chooseThreshold(scores: readonly number[], labels: readonly boolean[]): ThresholdChoice {
  if (scores.length !== labels.length)
    throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let positives = 0;
  for (const label of labels) if (label) positives++;
  const top = scores.length === 0 ? 0 : (scores[order[0] as number] as number);
  let best: ThresholdChoice = { threshold: top + 1, f1: 0, precision: 0, recall: 0, flagged: 0 };
  let truePositives = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    const score = scores[order[start] as number] as number;
    while (end < order.length && scores[order[end] as number] === score) {
      if (labels[order[end] as number]) truePositives++;
      end++;
    }
    const f1 = truePositives === 0 ? 0 : (2 * truePositives) / (end + positives);
    // Strictly better only: on a tie the earlier (higher) cut point, which flags fewer, stays.
    if (f1 > best.f1 + 1e-12) {
      const next = end < order.length ? (scores[order[end] as number] as number) : null;
      best = {
        threshold: next === null ? score : midpointAbove(next, score),
        f1,
        precision: truePositives / end,
        recall: truePositives / positives,
        flagged: end,
      };
    }
    start = end;
  }
  return best;
}

/** Half-way between two scores, or the upper one when they are so close that half-way rounds onto the lower. */
function midpointAbove(lower: number, upper: number): number {
  const mid = lower + (upper - lower) / 2;
  return mid > lower ? mid : upper;
}
