import {
  brierScore,
  expectedCalibrationError,
  type ReliabilityBin,
  reliabilityByDecile,
} from './calibration.ts';
import { type AnswerOutcomes, answerOutcomes, type BacktestAnswer } from './answer-outcomes.ts';
import { type ChurnConfig, effectiveRetentionDays, RULE_IDS, type RuleId } from './config.ts';
import { type Day, formatDay } from './days.ts';
import { type CustomerEvaluation, type EvaluationResult, evaluateCustomers } from './evaluate.ts';
import { buildProfiles, type CustomerProfile, type ProfileEvents } from './profile.ts';
import type { Customer, OrderLine } from './records.ts';

/**
 * 效果评估 (backtest): evaluate as of a past day with only what was known then, look at who actually
 * stopped ordering over the next `horizonDays`, and measure each signal against that. How an admin judges
 * thresholds before changing them.
 *
 * The label: a customer "churned" when it made no purchase in (asOf, asOf + horizon]. Purchases are the
 * order facts that count as ordering in a profile (not cancelled, not a return, not returned in full), so the
 * label treats returns and cancellations exactly as the rules do.
 */

/** The fixed rule the seed products use, and what every signal is compared against: no order for 30 days. */
export const BASELINE_DAYS = 30;

/** How one yes/no signal did against the labels. Ratios are null where they are undefined (0 / 0). */
export interface FlagMetrics {
  flagged: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** truePositives / flagged; null when nothing was flagged. */
  precision: number | null;
  /** truePositives / positives; null when there are no positives. */
  recall: number | null;
  /**
   * 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall, and 0 when one of them is undefined
   * and the other 0 (nothing flagged among positives); null only when nothing was flagged and nobody churned.
   */
  f1: number | null;
}

/**
 * Precision, recall and F1 of a flag against labels (`true` = churned), index for index.
 *
 * @example flagMetrics([true, true, false], [true, false, true]) // precision 0.5, recall 0.5, f1 0.5
 */
export function flagMetrics(flags: readonly boolean[], labels: readonly boolean[]): FlagMetrics {
  if (flags.length !== labels.length) throw new RangeError('flags and labels must have the same length');
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) {
      if (labels[i]) truePositives++;
      else falsePositives++;
    } else if (labels[i]) falseNegatives++;
  }
  const flagged = truePositives + falsePositives;
  const positives = truePositives + falseNegatives;
  const f1Denominator = 2 * truePositives + falsePositives + falseNegatives;
  return {
    flagged,
    truePositives,
    falsePositives,
    falseNegatives,
    precision: flagged === 0 ? null : truePositives / flagged,
    recall: positives === 0 ? null : truePositives / positives,
    f1: f1Denominator === 0 ? null : (2 * truePositives) / f1Denominator,
  };
}

import { auc } from './auc.ts';

export { auc };

/** Quartiles of a list of day counts. */
export interface LeadTimeSummary {
  count: number;
  median: number;
  p25: number;
  p75: number;
}

/** Linear interpolation between closest ranks (numpy's default, R's type 7); `sorted` ascending, not empty. */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}

export function summarizeLeadTimes(days: readonly number[]): LeadTimeSummary | null {
  if (days.length === 0) return null;
  const sorted = [...days].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
  };
}

export interface LabelledCustomer {
  evaluation: CustomerEvaluation;
  /** No purchase in (asOf, asOf + horizon]. */
  churned: boolean;
  /**
   * For a churned customer, days from the evaluation to its churn mark: the day a hindsight observer using
   * the same definition marks it churned, its last purchase + horizon. Null for customers who ordered again.
   */
  leadDays: number | null;
}

export interface LabelledPopulation {
  asOf: Day;
  horizonDays: number;
  /** Every customer evaluated (the population plus the excluded). */
  evaluated: number;
  /** The customers a prediction is made about, in the evaluation's order. */
  customers: LabelledCustomer[];
  excluded: {
    /** Already lost at asOf (silent beyond `atRisk.lostAfterDays`): out of the lists, nothing to predict. */
    lost: number;
    /** No purchase on or before asOf. */
    noOrders: number;
    /**
     * Silent for `horizonDays` or more at asOf: already churned by the label's own definition (the churn mark
     * is behind), so any recency rule would score them for free. Zero with `includeSilent`.
     */
    alreadySilent: number;
    /** Answered "closed" on or before asOf: lost that day, as the product had them. Only with answers. */
    closed?: number;
  };
  /** The reps' answers as of asOf, when the backtest was given any (answerOutcomes). */
  answers?: AnswerOutcomes & {
    /** Scored customers answered closed within the horizon although they ordered in it: churned by the answer. */
    closedDespiteOrders: number;
  };
}

export interface LabelOptions {
  asOf: Day;
  horizonDays: number;
  /** Keep customers already silent for `horizonDays` or more (default: exclude them, see `excluded`). */
  includeSilent?: boolean;
  /**
   * Reps' answers split at asOf (answerOutcomes): a shop closed by asOf is left out as lost; one closed within
   * the horizon is churned, whatever its orders say, its churn mark the day it was answered closed if sooner.
   */
  answers?: AnswerOutcomes;
}

/**
 * Labels evaluations made as of `asOf` with what happened next: `purchasedAfter` holds the customers who
 * made a purchase in (asOf, asOf + horizon]. Pure; the evaluations must come from data up to asOf only.
 */
export function labelCustomers(
  evaluations: readonly CustomerEvaluation[],
  purchasedAfter: ReadonlySet<string>,
  options: LabelOptions,
): LabelledPopulation {
  const { asOf, horizonDays } = options;
  if (!Number.isInteger(horizonDays) || horizonDays < 1)
    throw new RangeError('horizonDays must be a whole number ≥ 1');
  const { answers } = options;
  const excluded: LabelledPopulation['excluded'] = {
    lost: 0,
    noOrders: 0,
    alreadySilent: 0,
    ...(answers ? { closed: 0 } : {}),
  };
  let closedDespiteOrders = 0;
  const customers: LabelledCustomer[] = [];
  for (const evaluation of evaluations) {
    const daysSince = evaluation.daysSinceLastOrder;
    if (evaluation.status === 'no_orders' || daysSince === null) excluded.noOrders++;
    else if (evaluation.status === 'lost') excluded.lost++;
    else if (answers?.closedBefore.has(evaluation.customerId)) excluded.closed = (excluded.closed ?? 0) + 1;
    else if (daysSince >= horizonDays && !options.includeSilent) excluded.alreadySilent++;
    else {
      const lapsed = !purchasedAfter.has(evaluation.customerId);
      // Last purchase + horizon − asOf: the churn mark is relative to the last purchase, which for a churned
      // customer is the one on or before asOf.
      const orderMark = lapsed ? horizonDays - daysSince : null;
      const closedOn = answers?.closedWithin.get(evaluation.customerId);
      if (closedOn === undefined) {
        customers.push({ evaluation, churned: lapsed, leadDays: orderMark });
        continue;
      }
      // Closed within the horizon: churned, and known so on the day answered if that came first.
      if (!lapsed) closedDespiteOrders++;
      const answerMark = closedOn - asOf;
      customers.push({
        evaluation,
        churned: true,
        leadDays: orderMark === null ? answerMark : Math.min(orderMark, answerMark),
      });
    }
  }
  return {
    asOf,
    horizonDays,
    evaluated: evaluations.length,
    customers,
    excluded,
    ...(answers ? { answers: { ...answers, closedDespiteOrders } } : {}),
  };
}

export interface LabelledPopulationInput {
  /** Every order line known, including those after asOf: they are used for the labels only. */
  lines: readonly OrderLine[];
  events?: ProfileEvents;
  customers?: ReadonlyMap<string, Customer>;
  asOf: Day;
  horizonDays: number;
  config: ChurnConfig;
  includeSilent?: boolean;
  /**
   * Reps' answers, of any day: those up to asOf shape who is scored (and the model fitted that day), those in
   * the horizon only the labels; see answerOutcomes. Absent, nothing changes from a backtest without them.
   */
  answers?: readonly BacktestAnswer[];
}

/**
 * Evaluates as of `asOf` from the records up to that day (exactly what `evaluate --as-of` would have said
 * then) and labels the result from the purchases in the following `horizonDays`. Call it once per as-of day
 * to backtest several days over one export. The caller checks that the data reaches asOf + horizon.
 * `profiles` are the ones the evaluation read, built from the records up to asOf only: what a model fitted
 * "on that day" may see.
 *
 * @example
 * const { population } = labelledPopulation({ lines, asOf, horizonDays: 90, config: DEFAULT_CONFIG });
 * population.customers.filter((customer) => customer.churned).length; // who went 90 days without an order
 */
export function labelledPopulation(input: LabelledPopulationInput): {
  evaluation: EvaluationResult;
  population: LabelledPopulation;
  profiles: Map<string, CustomerProfile>;
} {
  const { lines, asOf, horizonDays, config } = input;
  const events = input.events ?? {};
  const retentionDays = effectiveRetentionDays(config);
  const { profiles } = buildProfiles(lines, events, { asOf, retentionDays });
  const evaluation = evaluateCustomers({
    profiles: profiles.values(),
    customers: input.customers,
    asOf,
    config,
  });
  // The same order facts as of the end of the horizon: `latestDay` is the last purchase on or before it, so
  // a later one than asOf is a purchase within the horizon, returns and cancellations judged as above.
  const later = buildProfiles(lines, {}, { asOf: asOf + horizonDays, retentionDays });
  const purchasedAfter = new Set<string>();
  for (const profile of later.profiles.values())
    if (profile.latestDay !== null && profile.latestDay > asOf) purchasedAfter.add(profile.customerId);
  const population = labelCustomers(evaluation.customers, purchasedAfter, {
    asOf,
    horizonDays,
    includeSilent: input.includeSilent,
    ...(input.answers ? { answers: answerOutcomes(input.answers, asOf, horizonDays) } : {}),
  });
  return { evaluation, population, profiles };
}

export interface SignalResult extends FlagMetrics {
  /** Lead time of the true positives: days from the evaluation to their churn mark. */
  leadDays: LeadTimeSummary | null;
}

/** What a measure needs to know of a scored customer: whether it churned, and how far ahead its churn mark lay. */
export type Outcome = Pick<LabelledCustomer, 'churned' | 'leadDays'>;

export interface BacktestReport {
  asOf: string;
  horizonDays: number;
  /** The last day of the horizon, asOf + horizonDays. */
  horizonEnd: string;
  evaluated: number;
  population: number;
  positives: number;
  /** positives / population; null for an empty population. */
  baseRate: number | null;
  excluded: LabelledPopulation['excluded'];
  /** One entry per rule the product knows (config RULE_IDS), in that order, including rules that never fired. */
  rules: ({ rule: RuleId } & SignalResult)[];
  /**
   * The rules' own at-risk flag (any buying signal), before a risk model rescores it: the flag reps' lists
   * showed before the risk became a probability, and still what they show with `riskModel` off.
   */
  atRisk: SignalResult;
  /** No purchase for BASELINE_DAYS days or more at asOf, whatever the config says. */
  baseline: { days: number } & SignalResult;
  /** How well the rules' own risk score (risk.ts) ranks churned customers above the others. */
  risk: { auc: number | null };
  /** What the reps' answers added; only when the backtest was given answers. */
  answers?: AnswersReport;
}

/** Of the customers a signal flagged on the as-of day, how many a rep marked "not a real risk" in the horizon. */
export interface FalseAlarms {
  flagged: number;
  notReal: number;
}

/**
 * The reps' answers in a backtest: how they moved the population and the labels, and a precision measure of
 * their own beside the labels' (what the reps said of the warnings, not what the orders did).
 */
export interface AnswersReport {
  /** Customers answered "closed" on or before the as-of day and left out as lost (`excluded.closed`). */
  closedBefore: number;
  /** Scored customers answered "closed" within the horizon: churned. */
  closedWithin: number;
  /** Of those, the ones that ordered within the horizon: churned by the answer alone. */
  closedDespiteOrders: number;
  /** Scored customers a rep marked "not a real risk" within the horizon. */
  notReal: number;
  /** One entry per rule, in the order of `rules`. */
  rules: ({ rule: RuleId } & FalseAlarms)[];
  /** The rules' at-risk flag (any signal). */
  atRisk: FalseAlarms;
}

/**
 * A yes/no signal's metrics on the population (index for index), with the lead time of its hits.
 *
 * @example
 * signalResult([true, false], [{ churned: true, leadDays: 40 }, { churned: false, leadDays: null }]);
 * // precision 1, recall 1, leadDays { count: 1, median: 40, … }
 */
export function signalResult(flags: readonly boolean[], population: readonly Outcome[]): SignalResult {
  const labels = population.map((customer) => customer.churned);
  const leads: number[] = [];
  population.forEach((customer, i) => {
    if (flags[i] && customer.leadDays !== null) leads.push(customer.leadDays);
  });
  return { ...flagMetrics(flags, labels), leadDays: summarizeLeadTimes(leads) };
}

/**
 * Every rule, the rules' at-risk flag, the 30-day baseline and the rules' risk score measured on a labelled
 * population (the risk model's comparison is compareRiskSignals, over the same customers).
 *
 * @example
 * const report = backtestReport(labelledPopulation({ lines, asOf, horizonDays: 90, config }).population);
 * report.baseline.precision; // share of the 30-day rule's flags that really churned
 */
export function backtestReport(population: LabelledPopulation): BacktestReport {
  const customers = population.customers;
  const positives = customers.filter((customer) => customer.churned).length;
  const ruleIds: RuleId[] = [...RULE_IDS];
  for (const customer of customers)
    for (const finding of customer.evaluation.findings)
      if (!ruleIds.includes(finding.rule)) ruleIds.push(finding.rule);
  const fired = (rule: RuleId) =>
    customers.map((customer) => customer.evaluation.findings.some((finding) => finding.rule === rule));
  return {
    asOf: formatDay(population.asOf),
    horizonDays: population.horizonDays,
    horizonEnd: formatDay(population.asOf + population.horizonDays),
    evaluated: population.evaluated,
    population: customers.length,
    positives,
    baseRate: customers.length === 0 ? null : positives / customers.length,
    excluded: { ...population.excluded },
    rules: ruleIds.map((rule) => ({ rule, ...signalResult(fired(rule), customers) })),
    atRisk: signalResult(
      customers.map((customer) => customer.evaluation.atRisk),
      customers,
    ),
    baseline: {
      days: BASELINE_DAYS,
      ...signalResult(
        customers.map((customer) => (customer.evaluation.daysSinceLastOrder ?? 0) >= BASELINE_DAYS),
        customers,
      ),
    },
    risk: {
      auc: auc(
        customers.map((customer) => customer.evaluation.risk),
        customers.map((customer) => customer.churned),
      ),
    },
    ...(population.answers ? { answers: answersReport(population, ruleIds) } : {}),
  };
}

function answersReport(population: LabelledPopulation, ruleIds: readonly RuleId[]): AnswersReport {
  const answers = population.answers as NonNullable<LabelledPopulation['answers']>;
  const customers = population.customers;
  const notReal = customers.map((customer) => answers.notRealWithin.has(customer.evaluation.customerId));
  const falseAlarms = (flagged: (customer: LabelledCustomer) => boolean): FalseAlarms => {
    let count = 0;
    let marked = 0;
    customers.forEach((customer, i) => {
      if (!flagged(customer)) return;
      count++;
      if (notReal[i]) marked++;
    });
    return { flagged: count, notReal: marked };
  };
  return {
    closedBefore: population.excluded.closed ?? 0,
    closedWithin: customers.filter((customer) => answers.closedWithin.has(customer.evaluation.customerId))
      .length,
    closedDespiteOrders: answers.closedDespiteOrders,
    notReal: notReal.filter(Boolean).length,
    rules: ruleIds.map((rule) => ({
      rule,
      ...falseAlarms((customer) => customer.evaluation.findings.some((finding) => finding.rule === rule)),
    })),
    atRisk: falseAlarms((customer) => customer.evaluation.atRisk),
  };
}

/**
 * The side-by-side comparison of the risk against the simple signals an admin could use instead. Every
 * signal is measured on the same customers with the same labels; what differs is only how each one flags.
 */

/** BG/NBD's probability is flagged at even odds: "more likely to stop than not", as the fallback model does. */
export const BGNBD_LINE = 0.5;

/** The signals of the comparison, in the order they are shown. */
export type ComparisonSignal =
  /** The risk the product shows on the day (the risk model's, or the rules' score with `riskModel` off). */
  | 'default_risk'
  /** The logistic model learned on the distributor's history; only when the history could teach one. */
  | 'learned_risk'
  /** BG/NBD's own probability of no order within the horizon. */
  | 'bgnbd'
  /** Days since the last order, alone. */
  | 'days_silent'
  /** Purchase days in the last 12 months, alone (fewer = riskier). */
  | 'orders_12m'
  /** No order for BASELINE_DAYS days: the seed products' fixed rule. */
  | 'seed_rule';

/** How a comparison row flags. */
export type FlagRule =
  /** Its score (a risk, or days silent) at or above `value`. */
  | { kind: 'at_least'; value: number }
  /** Orders in the last 12 months at or below `value`. */
  | { kind: 'at_most'; value: number }
  /** The rules' own at-risk flag: the default with `riskModel` off, which has no line on its score. */
  | { kind: 'rules' }
  /** Nobody: the default risk flagged no one, so neither does a signal matched to it. */
  | { kind: 'nobody' };

export interface ComparisonRow extends SignalResult {
  signal: ComparisonSignal;
  flagRule: FlagRule;
  /**
   * True for a signal without a line of its own (days silent, orders): its cut was drawn to flag as many
   * customers as the default risk, so that its precision and recall compare with the default's.
   */
  matchedToDefault: boolean;
  /** How well its score ranks; null for a flag without a score (the seed rule), or with one class only. */
  auc: number | null;
  /** flagged / population; null for an empty population. */
  shareFlagged: number | null;
  /** For a probability of the label only (default, learned, BG/NBD); null otherwise. */
  brier: number | null;
  /** Expected calibration error over ten equal-width bins; as `brier`. */
  ece: number | null;
}

/** One tenth of the customers by default risk, lowest first: `from`/`to` are the lowest and highest risk in it. */
export interface DecileRow extends ReliabilityBin {
  /** 1 to 10 (fewer rows, numbered in order, when there are fewer than ten customers). */
  decile: number;
}

/** A risk and its own at-risk flag, index for index with the population. */
export interface ScoredFlag {
  scores: readonly number[];
  flags: readonly boolean[];
  /** The line the flag is drawn at (score ≥ line); null when it is the rules' flag, which has none. */
  line: number | null;
  /** The scores are probabilities of the label, so calibration is measured too. */
  probability: boolean;
}

/** Every signal of the comparison, index for index with the population. */
export interface RiskSignals {
  defaultRisk: ScoredFlag;
  /** Null when the history could not teach a model (the default is then BG/NBD's own probability). */
  learnedRisk: ScoredFlag | null;
  /** BG/NBD's P(no order within the horizon). */
  bgnbd: readonly number[];
  daysSilent: readonly number[];
  /** Distinct purchase days in the 365 days up to the as-of day. */
  ordersInYear: readonly number[];
}

export interface RiskComparison {
  rows: ComparisonRow[];
  /** The default risk's reliability by decile: mean predicted risk against the observed share lost. */
  reliability: DecileRow[];
}

/**
 * The cut on a score (flag score ≥ cut) that flags the number of customers closest to `target`. Customers
 * with equal scores are flagged together, so the match is not always exact; between two cuts equally close
 * the one flagging fewer wins (the shorter list). Null when flagging nobody is closest.
 *
 * @example matchedCut([5, 9, 9, 1], 2) // 9: flags the two 9s
 * @example matchedCut([3, 3, 3, 1], 1) // null: flagging nobody (0 away) beats flagging all three 3s (2 away)
 */
export function matchedCut(scores: readonly number[], target: number): number | null {
  const sorted = [...scores].sort((a, b) => b - a);
  let best: number | null = null;
  let bestDistance = Math.abs(target);
  for (let end = 0; end < sorted.length;) {
    const score = sorted[end] as number;
    while (end < sorted.length && sorted[end] === score) end++;
    const distance = Math.abs(end - target);
    if (distance < bestDistance) {
      best = score;
      bestDistance = distance;
    } else if (end > target) break; // past the target, every further cut flags more and is further away
  }
  return best;
}

/**
 * Measures every signal of the comparison on one population: AUC of its score, precision, recall, F1, share
 * flagged and lead time of its flag, and for the probabilities Brier score and calibration error; plus the
 * default risk's reliability by decile. Pure: the scores come from the caller (risk-backtest.ts).
 *
 * @example
 * const { rows } = compareRiskSignals(customers, {
 *   defaultRisk: { scores: [0.9, 0.2], flags: [true, false], line: 0.5, probability: true },
 *   learnedRisk: null,
 *   bgnbd: [0.7, 0.4],
 *   daysSilent: [60, 3],
 *   ordersInYear: [2, 30],
 * });
 * rows.map((row) => row.signal); // ['default_risk', 'bgnbd', 'days_silent', 'orders_12m', 'seed_rule']
 */
export function compareRiskSignals(customers: readonly Outcome[], signals: RiskSignals): RiskComparison {
  const labels = customers.map((customer) => customer.churned);
  const n = customers.length;
  for (const [name, values] of Object.entries({
    defaultRisk: signals.defaultRisk.scores,
    defaultRiskFlags: signals.defaultRisk.flags,
    learnedRisk: signals.learnedRisk?.scores ?? labels,
    learnedRiskFlags: signals.learnedRisk?.flags ?? labels,
    bgnbd: signals.bgnbd,
    daysSilent: signals.daysSilent,
    ordersInYear: signals.ordersInYear,
  })) {
    if (values.length !== n) throw new RangeError(`${name} has ${values.length} values for ${n} customers`);
  }
  const row = (
    signal: ComparisonSignal,
    flags: readonly boolean[],
    options: {
      flagRule: FlagRule;
      scores?: readonly number[];
      probability?: boolean;
      matchedToDefault?: boolean;
    },
  ): ComparisonRow => {
    const result = signalResult(flags, customers);
    const { scores, probability = false } = options;
    return {
      signal,
      flagRule: options.flagRule,
      matchedToDefault: options.matchedToDefault ?? false,
      auc: scores ? auc(scores, labels) : null,
      shareFlagged: n === 0 ? null : result.flagged / n,
      brier: scores && probability ? brierScore(scores, labels) : null,
      ece: scores && probability ? expectedCalibrationError(scores, labels) : null,
      ...result,
    };
  };
  const risk = (signal: ComparisonSignal, scored: ScoredFlag): ComparisonRow =>
    row(signal, scored.flags, {
      scores: scored.scores,
      probability: scored.probability,
      flagRule: scored.line === null ? { kind: 'rules' } : { kind: 'at_least', value: scored.line },
    });
  // Days silent and orders have no line of their own: any cut would make their precision look better or
  // worse than the default's only by flagging fewer or more. Flagging as many as the default compares like
  // with like.
  const target = signals.defaultRisk.flags.filter(Boolean).length;
  const matched = (signal: ComparisonSignal, scores: readonly number[], sign: 1 | -1): ComparisonRow => {
    const cut = matchedCut(scores, target);
    return row(
      signal,
      scores.map((score) => cut !== null && score >= cut),
      {
        scores,
        matchedToDefault: true,
        flagRule:
          cut === null
            ? { kind: 'nobody' }
            : { kind: sign === 1 ? 'at_least' : 'at_most', value: sign * cut },
      },
    );
  };
  const rows = [
    risk('default_risk', signals.defaultRisk),
    ...(signals.learnedRisk ? [risk('learned_risk', signals.learnedRisk)] : []),
    row(
      'bgnbd',
      signals.bgnbd.map((p) => p >= BGNBD_LINE),
      { scores: signals.bgnbd, probability: true, flagRule: { kind: 'at_least', value: BGNBD_LINE } },
    ),
    matched('days_silent', signals.daysSilent, 1),
    // Fewer orders is riskier: ranked and cut on the negated count.
    matched(
      'orders_12m',
      signals.ordersInYear.map((count) => -count),
      -1,
    ),
    row(
      'seed_rule',
      signals.daysSilent.map((days) => days >= BASELINE_DAYS),
      { flagRule: { kind: 'at_least', value: BASELINE_DAYS } },
    ),
  ];
  const reliability = reliabilityByDecile(signals.defaultRisk.scores, labels).map((bin, k) => ({
    decile: k + 1,
    ...bin,
  }));
  return { rows, reliability };
}
