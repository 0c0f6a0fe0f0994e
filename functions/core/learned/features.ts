import { type BgnbdCustomer, type BgnbdParams, pAlive, pNoPurchaseWithin } from '../bgnbd.ts';
import { DAYS_PER_UNIT } from '../bgnbd-summary.ts';
import type { Day } from '../days.ts';
import type { CustomerEvaluation } from '../evaluate.ts';
import type { FeatureRow } from '../logistic.ts';
import type { Minor } from '../money.ts';
import type { CustomerProfile } from '../profile.ts';
import { RISK_FEATURE_LOOKBACK_DAYS } from '../risk-training-days.ts';
import { firstIndexOnOrAfter } from '../windows.ts';

/** The learned risk's features: the facts of one customer as of a day, and the row the model reads. */

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

/** The length of the two recent windows the features compare, days. */
export const WINDOW_DAYS = 90;
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
  // BG/NBD reads the lookback window only (riskSummaryOf): counted in the same pass.
  const summaryFrom = asOf - RISK_FEATURE_LOOKBACK_DAYS;
  let summaryFirstDay: Day | null = null;
  let summaryDays = 0;
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
    if (day >= summaryFrom) {
      summaryFirstDay ??= day;
      summaryDays++;
    }
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
  // The summary riskSummaryOf(profile, asOf) gives, from the pass above.
  const summary: BgnbdCustomer | null =
    params && summaryFirstDay !== null
      ? {
          frequency: summaryDays - 1,
          recency: (lastDay - summaryFirstDay) / DAYS_PER_UNIT,
          T: (asOf - summaryFirstDay) / DAYS_PER_UNIT,
        }
      : null;
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
