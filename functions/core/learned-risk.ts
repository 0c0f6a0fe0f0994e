import { auc } from './auc.ts';
import { type BgnbdParams, pAlive, pNoPurchaseWithin } from './bgnbd.ts';
import { type BgnbdRiskBasis, type BgnbdRiskFit, fitBgnbdRisk, riskSummaryOf } from './bgnbd-risk.ts';
import { DAYS_PER_UNIT } from './bgnbd-summary.ts';
import type { ChurnConfig } from './config.ts';
import { type Day, formatDay, parseIsoDay } from './days.ts';
import {
  basicsOf,
  compareByMoneyAtRisk,
  type CustomerBasics,
  type CustomerEvaluation,
  type EvaluationResult,
  evaluateCustomers,
} from './evaluate.ts';
import { type FeatureRow, fitLogistic, type LogisticFit, type LogisticModel, predict } from './logistic.ts';
import type { Minor } from './money.ts';
import type { CustomerProfile } from './profile.ts';
import type { Customer } from './records.ts';
import {
  DEFAULT_TRAINING_SNAPSHOTS,
  DEFAULT_TRAINING_STEP_DAYS,
  riskTrainingRetentionDays,
  trainingAsOfDays,
} from './risk-training-days.ts';
import { firstIndexOnOrAfter } from './windows.ts';
import type { LearnedReason, LearnedVerdict } from './learned-verdict.ts';

/**
 * The risk: the probability that a customer places no order in the next H days, calibrated on the
 * distributor's own history. The rules stay what a rep reads ("no order for 45 days, three cycles late");
 * this decides how much those facts mean for this distributor's customers: a small logistic model over
 * recency, frequency, the personal cycle, sales and BG/NBD's view, fitted on what actually happened after
 * earlier as-of days, with the at-risk line chosen the same way. Without enough history to learn from, the
 * risk is BG/NBD's own probability (bgnbd-risk.ts).
 */

/**
 * The features, in the order of every feature row. Changing them means refitting every stored model (a stored
 * model with other features is not used: learned-scoring.ts).
 *
 * What the data says (real purchase logs: CDNOW, Online Retail, wholesale and grocery): how often a customer
 * buys separates those who stay from those who go far more than how late it is against its own cycle, so the
 * row reads frequency directly, in two windows, beside the silence. The rules' findings are not features: a
 * rule is the reason a rep reads, and measured on real logs the trend rules fire mostly on customers who stay
 * (lift below 1), so they must not push the probability up.
 */
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
  /**
   * log(1 + days silent) × log(1 + purchase days in the last 365): the same silence means more for a
   * frequent buyer than for an occasional one, which a sum of the two cannot say.
   */
  'silenceByFrequency',
  /**
   * Log-odds of BG/NBD's probability of no purchase within the horizon (bgnbd-risk.ts), within ±MAX_LOG_ODDS;
   * missing without a usable fit. It reads frequency, silence and age together the way a repeat-buying model
   * does, which a linear row of them cannot.
   */
  'bgnbdNoPurchase',
  /** 1 when there was no BG/NBD fit to ask. */
  'bgnbdUnknown',
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
  /** Distinct purchase days the profile holds up to the day. */
  purchaseDaysToDate: number;
  /** Under the BG/NBD fit, when one was given: P(alive) and P(no purchase within the horizon). */
  pAlive: number | null;
  noPurchaseProbability: number | null;
}

/**
 * The facts behind one customer's features as of a day, from its profile and its rule evaluation on that
 * same day (and the BG/NBD view when a fit is given). Only facts on or before `asOf` are read, so a profile
 * that already holds later orders gives the same facts as one built up to `asOf`. Null for a customer with
 * no purchase on or before `asOf`: there is no silence to score.
 */
export function riskFacts(input: {
  profile: CustomerProfile;
  evaluation: Pick<CustomerEvaluation, 'cycleDays' | 'trailingSales'>;
  asOf: Day;
  bgnbd?: BgnbdParams | null;
  /** The horizon the BG/NBD probability is for (default 90 days). */
  horizonDays?: number;
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
  let allDays = 0;
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
    allDays++;
    if (day >= yearFrom) yearDays++;
    if (day >= recentFrom) recentDays++;
    else if (day >= previousFrom) previousDays++;
  }
  if (lastDay === null) return null;
  // A pruned first purchase still dates the customer, as long as it is not after the as-of day.
  const pruned = profile.prunedFirstPurchaseDay;
  if (pruned !== null && pruned <= asOf && (firstDay === null || pruned < firstDay)) firstDay = pruned;
  const daysSince = asOf - lastDay;
  const params = input.bgnbd ?? null;
  // Only the lookback window: how much older history a profile keeps depends on its last purchase, which for
  // a training day lies in that day's future, so anything older would leak the label.
  const summary = params ? riskSummaryOf(profile, asOf) : null;
  const horizonWeeks = (input.horizonDays ?? WINDOW_DAYS) / DAYS_PER_UNIT;
  return {
    daysSinceLastPurchase: daysSince,
    cycleDays: Math.max(1, evaluation.cycleDays),
    recentPurchaseDays: recentDays,
    previousPurchaseDays: previousDays,
    yearPurchaseDays: yearDays,
    recentSales,
    previousSales,
    trailingSales: evaluation.trailingSales,
    customerAgeDays: asOf - (firstDay as Day),
    purchaseDaysToDate: allDays,
    pAlive: params && summary ? pAlive(params, summary) : null,
    noPurchaseProbability: params && summary ? pNoPurchaseWithin(params, summary, horizonWeeks) : null,
  };
}

/** A customer the list is about: silent at most this long (longer, it is hardly a warning any more). */
export const LIST_SILENCE_DAYS = 180;

/**
 * Whether the at-risk line is chosen on this customer: one that has come back at least once and bought
 * within LIST_SILENCE_DAYS. A one-time buyer's or a long-silent customer's fate is mostly decided, and
 * letting them set the line would tune it to customers who are not what a rep's list is for.
 */
export const onTheList = (facts: RiskFacts): boolean =>
  facts.purchaseDaysToDate >= 2 && facts.daysSinceLastPurchase <= LIST_SILENCE_DAYS;

/** Log-odds of a probability, kept finite: a model that is "sure" would otherwise dominate the row. */
const logOdds = (p: number): number => {
  const clamped = Math.min(1 - 1e-4, Math.max(1e-4, p));
  return Math.log(clamped / (1 - clamped));
};

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
  const noPurchase = facts.noPurchaseProbability;
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
    Math.log1p(daysSince) * Math.log1p(facts.yearPurchaseDays),
    noPurchase === null || !Number.isFinite(noPurchase) ? null : logOdds(noPurchase),
    noPurchase === null || !Number.isFinite(noPurchase) ? 1 : 0,
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
  /**
   * Whether the row is one the at-risk line is chosen on (onTheList): a repeat customer that bought within
   * LIST_SILENCE_DAYS.
   */
  onTheList: boolean[];
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
   * The BG/NBD parameters the `bgnbdNoPurchase` feature is scored with (bgnbd-risk.ts); none leaves it
   * missing, flagged by `bgnbdUnknown`.
   */
  bgnbd?: BgnbdParams | null;
  /**
   * Leave out customers already silent for `horizonDays` or more (default false). They have lapsed by the
   * label's own definition; backtest.ts leaves them out by default, so a comparison with its figures needs
   * the same population for training and testing.
   */
  excludeSilent?: boolean;
  /**
   * Keep at most about this many customers of each day's population (every k-th in customer id order), so a
   * large distributor's refit stays in a Lambda's memory: a model of a dozen weights learns no better from
   * more. Everyone is still evaluated: tiers need the whole book.
   */
  maxCustomers?: number;
  /**
   * Reps' answers "shop closed": the day each customer was answered closed (the first such answer). A shop
   * closed on or before a snapshot's day is lapsed for certain, whatever its orders say (a last delivery, a
   * clearance). An answer dated after the snapshot's day is not used for it: it was not known that day, and a
   * model must not learn from what the day could not see (see {@link closedShops}).
   */
  closedOn?: ReadonlyMap<string, Day>;
}

/**
 * Snapshots from profiles built once, up to `knownThrough`. Each as-of day gets its own evaluation and tiers,
 * all from facts on or before that day (the evaluator only reads facts up to its as-of day), so a snapshot of
 * an earlier day sees what a run on that day would have seen. The population is every customer with a
 * purchase on or before the day and not already lost: those are the customers a rep's list is about.
 *
 * The profiles must keep RISK_FEATURE_LOOKBACK_DAYS of history before the earliest as-of day asked for (see
 * trainingRetentionDays); a profile pruned closer than that reads as a customer with less history.
 */
export function snapshotsFromProfiles(
  profiles: readonly CustomerProfile[],
  options: ProfileSnapshotOptions,
): SnapshotSource {
  const { config, horizonDays, knownThrough } = options;
  const params = options.bgnbd ?? null;
  // Customer id order: the same data must give the same rows, whatever order the profiles came in.
  const ordered = [...profiles].sort((a, b) =>
    a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0,
  );
  return (asOf) => {
    const labelled = asOf + horizonDays <= knownThrough;
    const snapshot: RiskSnapshot = {
      asOf,
      customerIds: [],
      features: [],
      labels: labelled ? [] : null,
      onTheList: [],
      daysSinceLastPurchase: [],
    };
    // The rules are not features, so a training day needs only each customer's basics, not an evaluation.
    const population: { profile: CustomerProfile; basics: CustomerBasics; daysSince: number }[] = [];
    for (const profile of ordered) {
      const basics = basicsOf(profile, asOf, config);
      if (basics.lastPurchaseDay === null) continue;
      const daysSince = asOf - basics.lastPurchaseDay;
      if (daysSince > config.atRisk.lostAfterDays) continue;
      if (options.excludeSilent && daysSince >= horizonDays) continue;
      population.push({ profile, basics, daysSince });
    }
    const every = Math.max(1, Math.ceil(population.length / (options.maxCustomers ?? Infinity)));
    for (let i = 0; i < population.length; i += every) {
      const { profile, basics, daysSince } = population[i] as (typeof population)[number];
      const evaluation = { cycleDays: basics.cycle.days, trailingSales: basics.key.trailingSales };
      const facts = riskFacts({ profile, evaluation, asOf, bgnbd: params, horizonDays });
      if (facts === null) continue;
      snapshot.customerIds.push(profile.customerId);
      snapshot.features.push(featureRow(facts));
      snapshot.onTheList.push(onTheList(facts));
      const closed = options.closedOn?.get(profile.customerId);
      snapshot.labels?.push(
        (closed !== undefined && closed <= asOf) || lapsedWithin(profile, asOf, horizonDays),
      );
      snapshot.daysSinceLastPurchase.push(daysSince);
    }
    return snapshot;
  };
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
  /**
   * The first day the data holds a purchase: training days closer to it than MIN_HISTORY_DAYS are skipped
   * (every customer would look new there). Default: none skipped.
   */
  dataStart?: Day | null;
  /** Penalty of the logistic fit (default DEFAULT_RISK_L2). */
  l2?: number;
  /** Fewest labelled rows, and fewest of each outcome, to learn from (default 200 and 20). */
  minRows?: number;
  minPerClass?: number;
  /** The BG/NBD fit the model will score with (see LearnedRiskModel.bgnbd); default none. */
  bgnbd?: BgnbdRiskFit | null;
  /** The line in use, kept when it is as good as the best (chooseThreshold `near`). */
  previousLine?: number;
}

export const DEFAULT_RISK_L2 = 1e-3;

/** A training day needs this much history before it, or every customer there reads as new. */
export const MIN_HISTORY_DAYS = 60;

/** Customers per training day the daily product learns from at most (snapshotsFromProfiles maxCustomers). */
export const MAX_TRAINING_CUSTOMERS = 25_000;

/** Why the risk is BG/NBD's own probability rather than a model learned on the distributor's history. */
export type NotLearnedReason =
  /** No training day has both MIN_HISTORY_DAYS before it and its whole horizon before the as-of day. */
  | { reason: 'short_history_days'; historyDays: number; neededDays: number }
  /** Too few labelled customers, or too few lapses (or stays) among them, to learn from. */
  | { reason: 'too_few_rows' | 'one_outcome'; rows: number; lapsed: number }
  /** Profiles pruned closer than training reads (see shortHistoryProfiles): `rebuild-profiles` first. */
  | { reason: 'short_history'; customers: number; neededDays: number };

/**
 * A risk model as plain JSON, ready to store: a logistic model over RISK_FEATURES, the at-risk line, and what
 * it was fitted on. `source: 'learned'` was trained on the distributor's history; `source: 'bgnbd'` passes
 * BG/NBD's probability of no order within the horizon straight through (weight 1 on its log-odds, nothing
 * else), used when there is too little history to learn from (`notLearned` says why). Both score the same way.
 */
export interface LearnedRiskModel extends LogisticModel {
  kind: 'learned-risk';
  source: 'learned' | 'bgnbd';
  horizonDays: number;
  /** Flag a customer at risk when the risk is at or above this. */
  threshold: number;
  /**
   * How the line was chosen: best F1 on the training rows; without labels, the best F1 the probabilities
   * themselves expect (expectedF1Line); with nothing fitted at all, even odds.
   */
  thresholdRule: 'f1' | 'expected_f1' | 'even_odds';
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
   * The BG/NBD parameters the `bgnbdNoPurchase` feature is scored with, fitted on the population's lookback
   * window as of `asOf` (bgnbd-risk.ts); kept with the model, so a daily run scores without a fit of its own.
   */
  bgnbd: BgnbdParams | null;
  /** How those parameters were found (bgnbd-risk.ts). */
  bgnbdBasis: BgnbdRiskBasis | null;
  /**
   * Which features a learned model uses (chooseVariant): all of them, or only BG/NBD's probability or only
   * the silence when one of those ranked the newest training day better. Absent on older models: all.
   */
  variant?: RiskVariant;
  /** The held-out AUC of each variant on the newest training day, when it was checked. */
  validation?: Partial<Record<RiskVariant, number | null>>;
  /** For `source: 'bgnbd'`: why no model was learned. */
  notLearned?: NotLearnedReason;
}

export type RiskTrainingResult =
  | { ok: true; model: LearnedRiskModel }
  | ({ ok: false } & Exclude<NotLearnedReason, { reason: 'short_history' }>);

/** The models a training chooses between (chooseVariant). */
export type RiskVariant = 'full' | 'bgnbd' | 'silence';

/** The features each simpler variant keeps; `full` keeps them all. */
const VARIANT_FEATURES: Record<RiskVariant, readonly number[]> = {
  full: [...RISK_FEATURES.keys()],
  bgnbd: [RISK_FEATURES.indexOf('bgnbdNoPurchase'), RISK_FEATURES.indexOf('bgnbdUnknown')],
  silence: [RISK_FEATURES.indexOf('daysSinceLastPurchase'), RISK_FEATURES.indexOf('cyclesSinceLastPurchase')],
};

/**
 * A variant's logistic fit on its own columns only (a fit's cost grows with the square of its features),
 * spread back over RISK_FEATURES with weight 0 for the others, so every variant scores a full feature row.
 */
function fitVariant(
  X: readonly FeatureRow[],
  y: readonly boolean[],
  variant: RiskVariant,
  l2: number,
): LogisticFit {
  const keep = VARIANT_FEATURES[variant];
  const fit = fitLogistic(
    X.map((row) => keep.map((j) => row[j] ?? null)),
    y,
    { l2 },
  );
  const spread = (values: readonly number[], other: number) => {
    const full: number[] = RISK_FEATURES.map(() => other);
    keep.forEach((j, k) => (full[j] = values[k] as number));
    return full;
  };
  return {
    ...fit,
    featureNames: [...RISK_FEATURES],
    means: spread(fit.means, 0),
    scales: spread(fit.scales, 1),
    weights: spread(fit.weights, 0),
  };
}

/** A simpler variant must rank the held-out day better than the full model by this much to be chosen. */
const VARIANT_MARGIN = 0.005;

/**
 * Which model to fit: the full one, or BG/NBD's probability alone, or the silence alone, whichever ranks the
 * newest training day best when fitted on the older ones (rows from `split` on). A rich model can learn a
 * pattern of one season that the next does not repeat; checked on data it did not see, the simpler one wins
 * when it does better there, so the risk never ranks below what a repeat-buying model or plain recency would
 * have given on the distributor's own recent history. The full model stands without two days to compare.
 */
function chooseVariant(
  X: readonly FeatureRow[],
  y: readonly boolean[],
  split: number,
  l2: number,
  minPerClass: number,
): { variant: RiskVariant; aucs?: Partial<Record<RiskVariant, number | null>> } {
  const trainRows = X.slice(split);
  const trainLabels = y.slice(split);
  const testRows = X.slice(0, split);
  const testLabels = y.slice(0, split);
  const enough = (labels: readonly boolean[]) => {
    const lapsed = labels.filter(Boolean).length;
    return lapsed >= minPerClass && labels.length - lapsed >= minPerClass;
  };
  if (!enough(trainLabels) || !enough(testLabels)) return { variant: 'full' };
  const aucs: Partial<Record<RiskVariant, number | null>> = {};
  for (const variant of ['full', 'bgnbd', 'silence'] as const) {
    const fit = fitVariant(trainRows, trainLabels, variant, l2);
    aucs[variant] = auc(
      testRows.map((row) => predict(fit, row)),
      testLabels,
    );
  }
  let variant: RiskVariant = 'full';
  for (const other of ['bgnbd', 'silence'] as const) {
    if ((aucs[other] ?? 0) > (aucs[variant] ?? 0) + (variant === 'full' ? VARIANT_MARGIN : 0))
      variant = other;
  }
  return { variant, aucs };
}

/**
 * Trains the learned risk "by backtesting": the population as of several earlier days, each labelled with
 * whether it then went `horizonDays` without a purchase, pooled into one logistic fit; the at-risk threshold
 * is the one with the best F1 on those same rows. Refit weekly, the model follows the distributor's
 * seasons and mix. Without enough history (a new distributor, or nobody ever lapsing) it says so, and the
 * caller falls back on BG/NBD (fitRiskModel).
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
  const dataStart = options.dataStart ?? null;
  const asOfDays = trainingAsOfDays(options.asOf, { horizonDays, stepDays, snapshots: count }).filter(
    (day) => dataStart === null || day - dataStart >= MIN_HISTORY_DAYS,
  );
  if (asOfDays.length === 0) {
    return {
      ok: false,
      reason: 'short_history_days',
      historyDays: dataStart === null ? 0 : options.asOf - dataStart,
      neededDays: horizonDays + MIN_HISTORY_DAYS,
    };
  }
  const X: FeatureRow[] = [];
  const y: boolean[] = [];
  const listed: boolean[] = [];
  /** Where each training day's rows start in X, newest day first. */
  const starts: number[] = [];
  for (const day of asOfDays) {
    const taken = snapshot(day);
    if (taken.labels === null) {
      throw new RangeError(`the snapshot of ${formatDay(day)} has no labels: its horizon has not passed`);
    }
    starts.push(X.length);
    X.push(...taken.features);
    y.push(...taken.labels);
    listed.push(...taken.onTheList);
  }
  let lapsed = 0;
  for (const label of y) if (label) lapsed++;
  const minRows = options.minRows ?? 200;
  const minPerClass = options.minPerClass ?? 20;
  if (y.length < minRows) return { ok: false, reason: 'too_few_rows', rows: y.length, lapsed };
  if (lapsed < minPerClass || y.length - lapsed < minPerClass) {
    return { ok: false, reason: 'one_outcome', rows: y.length, lapsed };
  }
  const validation = chooseVariant(X, y, starts[1] ?? X.length, l2, minPerClass);
  const fit = fitVariant(X, y, validation.variant, l2);
  const scores = X.map((row) => predict(fit, row));
  // The line is chosen on the customers a list is about (onTheList) on the newest training day, the nearest
  // in time to today's base rate; on all training days when the newest holds too few of either outcome.
  const newestEnd = starts[1] ?? X.length;
  const newestOnList = scores.map((_, i) => i).filter((i) => listed[i] && i < newestEnd);
  const newestLapsed = newestOnList.filter((i) => y[i]).length;
  const onList =
    newestLapsed >= minPerClass && newestOnList.length - newestLapsed >= minPerClass
      ? newestOnList
      : scores.map((_, i) => i).filter((i) => listed[i]);
  const listLapsed = onList.filter((i) => y[i]).length;
  const choice =
    listLapsed >= minPerClass && onList.length - listLapsed >= minPerClass
      ? chooseThreshold(
          onList.map((i) => scores[i] as number),
          onList.map((i) => y[i] as boolean),
          options.previousLine,
        )
      : chooseThreshold(scores, y, options.previousLine);
  return {
    ok: true,
    model: {
      kind: 'learned-risk',
      source: 'learned',
      featureNames: fit.featureNames,
      means: fit.means,
      scales: fit.scales,
      weights: fit.weights,
      intercept: fit.intercept,
      horizonDays,
      threshold: choice.threshold,
      thresholdRule: 'f1',
      asOf: formatDay(options.asOf),
      trainedOn: asOfDays.map(formatDay),
      l2,
      converged: fit.converged,
      rows: y.length,
      lapsed,
      bgnbd: options.bgnbd?.params ?? null,
      bgnbdBasis: options.bgnbd?.basis ?? null,
      variant: validation.variant,
      ...(validation.aucs ? { validation: validation.aucs } : {}),
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
 * The line with the best F1 the probabilities themselves expect: flagging the customers at or above it,
 * each flagged one is lost with its own probability, so the expected hits are the sum of theirs and the
 * expected losses the sum of all. Used where there are no labels to choose a line on; for calibrated
 * probabilities it lands where the F1 on real outcomes would (half the best F1).
 *
 * @example expectedF1Line([0.9, 0.8, 0.1, 0.05]) // ≈ 0.45: flags the two likely losses
 */
export function expectedF1Line(probabilities: readonly number[]): number {
  const sorted = [...probabilities].sort((a, b) => b - a);
  let total = 0;
  for (const p of sorted) total += p;
  if (sorted.length === 0 || total <= 0) return 0.5;
  let best = { f1: -1, threshold: 0.5 };
  let hits = 0;
  for (let k = 0; k < sorted.length; k++) {
    hits += sorted[k] as number;
    const next = sorted[k + 1];
    // Equal probabilities are flagged together: only cut between different ones.
    if (next !== undefined && next === sorted[k]) continue;
    const f1 = (2 * hits) / (k + 1 + total);
    if (f1 > best.f1 + 1e-12) {
      const here = sorted[k] as number;
      best = { f1, threshold: next === undefined ? here : midpointAbove(next, here) };
    }
  }
  return best.threshold;
}

/**
 * The lowest line chosen without labels. Expected F1 is blind when hardly anyone is likely to stop: with every
 * probability near 0 it would flag the "most likely" of shops that all ordered this week. Below one chance in
 * five, a shop is not worth a rep's morning on a model's word alone.
 */
export const MIN_UNLABELLED_LINE = 0.2;

/**
 * The model that passes BG/NBD's probability of no order within the horizon straight through: weight 1 on
 * its log-odds, 0 on everything else, so σ(row) is that probability. Without labels to choose a line on, its
 * line is the one with the best F1 its own probabilities expect on the day's customers (expectedF1Line), at
 * least MIN_UNLABELLED_LINE, or even odds when nothing could be fitted (a few customers, no repeat purchases): a rough prior must not
 * fill a list.
 */
export function bgnbdRiskModel(
  fit: BgnbdRiskFit,
  asOf: Day,
  horizonDays: number,
  notLearned: NotLearnedReason,
  /** The day's probabilities of the customers the list is about, for the line. */
  probabilities: readonly number[],
): LearnedRiskModel {
  const j = RISK_FEATURES.indexOf('bgnbdNoPurchase');
  return {
    kind: 'learned-risk',
    source: 'bgnbd',
    featureNames: [...RISK_FEATURES],
    means: RISK_FEATURES.map(() => 0),
    scales: RISK_FEATURES.map(() => 1),
    weights: RISK_FEATURES.map((_, k) => (k === j ? 1 : 0)),
    intercept: 0,
    horizonDays,
    // With nothing fitted (the stated prior) the probabilities are rough: only even odds earn a place.
    threshold: fit.basis === 'prior' ? 0.5 : Math.max(MIN_UNLABELLED_LINE, expectedF1Line(probabilities)),
    thresholdRule: fit.basis === 'prior' ? 'even_odds' : 'expected_f1',
    asOf: formatDay(asOf),
    trainedOn: [],
    l2: 0,
    converged: true,
    rows: 'rows' in notLearned ? notLearned.rows : 0,
    lapsed: 'lapsed' in notLearned ? notLearned.lapsed : 0,
    training: { auc: null, f1: 0, precision: 0, recall: 0 },
    bgnbd: fit.params,
    bgnbdBasis: fit.basis,
    notLearned,
  };
}

/**
 * The risk model the product uses as of a day, from profiles that hold the history up to it: learned on the
 * distributor's own history when that history can teach it (enough labelled customers, and lapses as well as
 * stays among them), else BG/NBD's own probability (bgnbdRiskModel), with the reason kept on the model. Never
 * fails for lack of data: a book of one customer still gets the stated prior.
 *
 * @example
 * const model = fitRiskModel(profiles, config, asOf);
 * model.source; // 'learned' | 'bgnbd'
 */
export function fitRiskModel(
  profiles: readonly CustomerProfile[],
  config: ChurnConfig,
  asOf: Day,
  /** The model in use, whose line is kept when the new fit finds it as good (chooseThreshold `near`). */
  previous?: LearnedRiskModel | null,
  /** What reps answered: closed shops, by the day they were answered closed (see {@link closedShops}). */
  answers: { closedOn?: ReadonlyMap<string, Day> } = {},
): LearnedRiskModel {
  const horizonDays = config.riskModel.horizonDays;
  const summaries = profiles.map((profile) => riskSummaryOf(profile, asOf));
  const scoring = fitBgnbdRisk(summaries);
  const fallback = (notLearned: NotLearnedReason) =>
    bgnbdRiskModel(
      scoring,
      asOf,
      horizonDays,
      notLearned,
      summaries.flatMap((summary) =>
        summary === null ? [] : [pNoPurchaseWithin(scoring.params, summary, horizonDays / DAYS_PER_UNIT)],
      ),
    );
  const neededDays = riskTrainingRetentionDays(horizonDays);
  const short = shortHistoryProfiles(profiles, asOf, neededDays);
  if (short > 0) return fallback({ reason: 'short_history', customers: short, neededDays });
  // Training rows are scored with a fit as of the newest training day: the one a run on that day would have
  // made (a fit at the run's own day would have seen the training labels).
  const newest = asOf - horizonDays;
  const training = fitBgnbdRisk(
    profiles.map((profile) => riskSummaryOf(profile, newest)),
    scoring,
  );
  const source = snapshotsFromProfiles(profiles, {
    config,
    horizonDays,
    knownThrough: asOf,
    bgnbd: training.params,
    maxCustomers: MAX_TRAINING_CUSTOMERS,
    ...(answers.closedOn ? { closedOn: answers.closedOn } : {}),
  });
  const previousLine =
    previous && previous.source === 'learned' && previous.horizonDays === horizonDays
      ? previous.threshold
      : undefined;
  const result = trainRiskModel(source, {
    asOf,
    horizonDays,
    dataStart: firstPurchaseDayOf(profiles),
    bgnbd: scoring,
    ...(previousLine === undefined ? {} : { previousLine }),
  });
  if (result.ok) return result.model;
  return fallback(notLearnedOf(result));
}

/**
 * The shops reps answered "closed", by the first day one was answered, from answers given up to `asOf` (a fit
 * as of a day sees no later answer). Answers with an unreadable day are left out.
 *
 * @example closedShops([{ customerId: 'C1', action: 'closed', day: '2026-10-02' }], asOf) // Map { 'C1' => day }
 */
export function closedShops(
  answers: Iterable<{ customerId: string; action: string; day: string }>,
  asOf: Day,
): Map<string, Day> {
  const closed = new Map<string, Day>();
  for (const answer of answers) {
    if (answer.action !== 'closed') continue;
    const day = parseIsoDay(answer.day);
    if (day === null || day > asOf) continue;
    const known = closed.get(answer.customerId);
    if (known === undefined || day < known) closed.set(answer.customerId, day);
  }
  return closed;
}

/** The reason of a training that learned nothing, without its `ok`. */
function notLearnedOf(result: Exclude<RiskTrainingResult, { ok: true }>): NotLearnedReason {
  return result.reason === 'short_history_days'
    ? { reason: result.reason, historyDays: result.historyDays, neededDays: result.neededDays }
    : { reason: result.reason, rows: result.rows, lapsed: result.lapsed };
}

/** The first purchase day in the book (pruned ones included), or null for a book without purchases. */
export function firstPurchaseDayOf(profiles: readonly CustomerProfile[]): Day | null {
  let first: Day | null = null;
  for (const profile of profiles) {
    const pruned = profile.prunedFirstPurchaseDay;
    if (pruned !== null && (first === null || pruned < first)) first = pruned;
    const { days, purchases } = profile.orders;
    const i = purchases.indexOf(1);
    if (i >= 0 && (first === null || (days[i] as Day) < first)) first = days[i] as Day;
  }
  return first;
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

export type { LearnedReason, LearnedVerdict };

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
  bgnbdNoPurchase: { kind: 'unlikely_to_buy', worse: 1 },
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
  // BG/NBD's own probability weighs one feature only: name the silence when it is past the usual cycle.
  if (model.source === 'bgnbd') {
    const kinds: LearnedReason['kind'][] =
      facts.daysSinceLastPurchase > facts.cycleDays ? ['silence', 'unlikely_to_buy'] : ['unlikely_to_buy'];
    return kinds.map((kind) => reasonOf(kind, facts));
  }
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
  // Silence within the usual cycle is no warning a rep can act on, whatever the model weighs it at.
  if (facts.daysSinceLastPurchase <= facts.cycleDays) push.delete('silence');
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
        expectedPurchases: null,
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
  const facts = riskFacts({
    profile,
    evaluation,
    asOf,
    bgnbd: model.bgnbd,
    horizonDays: model.horizonDays,
  });
  if (facts === null) return evaluation;
  const { risk, atRisk: overLine } = learnedRisk(model, featureRow(facts));
  // A rule the admin made flagging puts the customer on the list whatever the model says.
  const atRisk = overLine || evaluation.flaggedBy.length > 0;
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
export function chooseThreshold(
  scores: readonly number[],
  labels: readonly boolean[],
  /**
   * The line in use (the last model's): among cut points whose F1 is within `F1_PLATEAU` of the best, the one
   * nearest it wins, so a weekly refit on nearly the same history does not move the line by noise.
   */
  near?: number,
): ThresholdChoice {
  if (scores.length !== labels.length)
    throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let positives = 0;
  for (const label of labels) if (label) positives++;
  const top = scores.length === 0 ? 0 : (scores[order[0] as number] as number);
  const none: ThresholdChoice = { threshold: top + 1, f1: 0, precision: 0, recall: 0, flagged: 0 };
  const cuts: ThresholdChoice[] = [];
  let truePositives = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    const score = scores[order[start] as number] as number;
    while (end < order.length && scores[order[end] as number] === score) {
      if (labels[order[end] as number]) truePositives++;
      end++;
    }
    const f1 = truePositives === 0 ? 0 : (2 * truePositives) / (end + positives);
    const next = end < order.length ? (scores[order[end] as number] as number) : null;
    cuts.push({
      threshold: next === null ? score : midpointAbove(next, score),
      f1,
      precision: truePositives / end,
      recall: positives === 0 ? 0 : truePositives / positives,
      flagged: end,
    });
    start = end;
  }
  let best = none;
  // Strictly better only: on a tie the earlier (higher) cut point, which flags fewer, stays.
  for (const cut of cuts) if (cut.f1 > best.f1 + 1e-12) best = cut;
  if (near === undefined || best.f1 === 0) return best;
  let kept = best;
  for (const cut of cuts) {
    if (cut.f1 < best.f1 * (1 - F1_PLATEAU)) continue;
    if (Math.abs(cut.threshold - near) < Math.abs(kept.threshold - near)) kept = cut;
  }
  return kept;
}

/** Cut points this close to the best F1 (relative) are as good: noise decides between them. */
export const F1_PLATEAU = 0.01;

/** Half-way between two scores, or the upper one when they are so close that half-way rounds onto the lower. */
function midpointAbove(lower: number, upper: number): number {
  const mid = lower + (upper - lower) / 2;
  return mid > lower ? mid : upper;
}

/**
 * Evaluates every customer as `churn-watch evaluate` does: the rules, then (with `riskModel` on) the risk
 * model, which rescores them; the list sorted by expected loss. The model is the one given (a stored one, as
 * a run would use), else one fitted on the same profiles as of the day; null when `riskModel` is off.
 *
 * @example
 * const { result, model } = evaluateWithRiskModel({ profiles, asOf, config });
 * result.customers[0].risk; // P(no order in the next 90 days)
 */
export function evaluateWithRiskModel(input: {
  profiles: readonly CustomerProfile[];
  customers?: ReadonlyMap<string, Customer>;
  asOf: Day;
  config: ChurnConfig;
  model?: LearnedRiskModel | null;
}): { result: EvaluationResult; model: LearnedRiskModel | null } {
  const { profiles, asOf, config } = input;
  const evaluated = evaluateCustomers({
    profiles,
    asOf,
    config,
    ...(input.customers ? { customers: input.customers } : {}),
  });
  if (!config.riskModel.enabled) return { result: evaluated, model: null };
  const model = input.model ?? fitRiskModel(profiles, config, asOf);
  const customers = learnedRescorer(profiles, model)(evaluated.customers, asOf);
  return { result: { ...evaluated, customers: customers.sort(compareByMoneyAtRisk) }, model };
}
