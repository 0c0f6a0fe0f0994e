import { type ChurnConfig, RULE_IDS, type RuleId } from './config.ts';
import { type Day, formatDay } from './days.ts';
import { type CustomerEvaluation, type EvaluationResult, evaluateCustomers } from './evaluate.ts';
import { buildProfiles, type ProfileEvents } from './profile.ts';
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

/**
 * The area under the ROC curve of a score (higher = more likely churned): the chance that a random churned
 * customer scores above a random one who stayed, ties counted half (the Mann–Whitney U statistic over
 * n₊·n₋). Exact, O(n log n). Null when either class is empty.
 *
 * @example auc([0.9, 0.5, 0.5, 0.1], [true, true, false, false]) // (1 + 1 + 0.5 + 1) / 4 = 0.875
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): number | null {
  if (scores.length !== labels.length) throw new RangeError('scores and labels must have the same length');
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let negatives = 0;
  // Twice the count of (positive, negative) pairs ordered correctly, ties as half: integers, so exact.
  let twiceWins = 0;
  for (let start = 0; start < order.length;) {
    const score = scores[order[start] as number] as number;
    if (Number.isNaN(score)) throw new RangeError('scores must be numbers, not NaN');
    let end = start;
    let groupPositives = 0;
    let groupNegatives = 0;
    while (end < order.length && scores[order[end] as number] === score) {
      if (labels[order[end] as number]) groupPositives++;
      else groupNegatives++;
      end++;
    }
    twiceWins += groupPositives * (2 * negatives + groupNegatives);
    positives += groupPositives;
    negatives += groupNegatives;
    start = end;
  }
  return positives === 0 || negatives === 0 ? null : twiceWins / (2 * positives * negatives);
}

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
  };
}

export interface LabelOptions {
  asOf: Day;
  horizonDays: number;
  /** Keep customers already silent for `horizonDays` or more (default: exclude them, see `excluded`). */
  includeSilent?: boolean;
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
  const excluded = { lost: 0, noOrders: 0, alreadySilent: 0 };
  const customers: LabelledCustomer[] = [];
  for (const evaluation of evaluations) {
    const daysSince = evaluation.daysSinceLastOrder;
    if (evaluation.status === 'no_orders' || daysSince === null) excluded.noOrders++;
    else if (evaluation.status === 'lost') excluded.lost++;
    else if (daysSince >= horizonDays && !options.includeSilent) excluded.alreadySilent++;
    else {
      const churned = !purchasedAfter.has(evaluation.customerId);
      // Last purchase + horizon − asOf: the churn mark is relative to the last purchase, which for a churned
      // customer is the one on or before asOf.
      customers.push({ evaluation, churned, leadDays: churned ? horizonDays - daysSince : null });
    }
  }
  return { asOf, horizonDays, evaluated: evaluations.length, customers, excluded };
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
}

/**
 * Evaluates as of `asOf` from the records up to that day (exactly what `evaluate --as-of` would have said
 * then) and labels the result from the purchases in the following `horizonDays`. Call it once per as-of day
 * to backtest several days over one export. The caller checks that the data reaches asOf + horizon.
 */
export function labelledPopulation(input: LabelledPopulationInput): {
  evaluation: EvaluationResult;
  population: LabelledPopulation;
} {
  const { lines, asOf, horizonDays, config } = input;
  const events = input.events ?? {};
  const { profiles } = buildProfiles(lines, events, { asOf, retentionDays: config.profile.retentionDays });
  const evaluation = evaluateCustomers({
    profiles: profiles.values(),
    customers: input.customers,
    asOf,
    config,
  });
  // The same order facts as of the end of the horizon: `latestDay` is the last purchase on or before it, so
  // a later one than asOf is a purchase within the horizon, returns and cancellations judged as above.
  const later = buildProfiles(
    lines,
    {},
    { asOf: asOf + horizonDays, retentionDays: config.profile.retentionDays },
  );
  const purchasedAfter = new Set<string>();
  for (const profile of later.profiles.values())
    if (profile.latestDay !== null && profile.latestDay > asOf) purchasedAfter.add(profile.customerId);
  const population = labelCustomers(evaluation.customers, purchasedAfter, {
    asOf,
    horizonDays,
    includeSilent: input.includeSilent,
  });
  return { evaluation, population };
}

export interface SignalResult extends FlagMetrics {
  /** Lead time of the true positives: days from the evaluation to their churn mark. */
  leadDays: LeadTimeSummary | null;
}

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
  /** The product's at-risk flag (any buying signal), which the reps' lists show. */
  atRisk: SignalResult;
  /** No purchase for BASELINE_DAYS days or more at asOf, whatever the config says. */
  baseline: { days: number } & SignalResult;
  /** How well the risk score ranks churned customers above the others. */
  risk: { auc: number | null };
}

/** A yes/no signal's metrics on the population (index for index), with the lead time of its hits. */
export function signalResult(flags: boolean[], population: readonly LabelledCustomer[]): SignalResult {
  const labels = population.map((customer) => customer.churned);
  const leads: number[] = [];
  population.forEach((customer, i) => {
    if (flags[i] && customer.leadDays !== null) leads.push(customer.leadDays);
  });
  return { ...flagMetrics(flags, labels), leadDays: summarizeLeadTimes(leads) };
}

/** Every signal and the risk score measured on a labelled population. */
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
  };
}
