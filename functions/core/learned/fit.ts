import { pNoPurchaseWithin } from '../bgnbd.ts';
import { type BgnbdRiskFit, fitBgnbdRisk, riskSummaryOf } from '../bgnbd-risk.ts';
import { DAYS_PER_UNIT } from '../bgnbd-summary.ts';
import type { ChurnConfig } from '../config.ts';
import { type Day, formatDay, parseIsoDay } from '../days.ts';
import type { CustomerProfile } from '../profile.ts';
import { riskTrainingRetentionDays } from '../risk-training-days.ts';
import { RISK_FEATURES } from './features.ts';
import type { LearnedRiskModel, NotLearnedReason } from './model.ts';
import { snapshotsFromProfiles } from './snapshots.ts';
import { expectedF1Line, MIN_UNLABELLED_LINE } from './threshold.ts';
import { MAX_TRAINING_CUSTOMERS, type RiskTrainingResult, trainRiskModel } from './train.ts';

/**
 * The risk: the probability that a customer places no order in the next H days, calibrated on the
 * distributor's own history. The rules stay what a rep reads ("no order for 45 days, three cycles late");
 * this decides how much those facts mean for this distributor's customers: a small logistic model over
 * recency, frequency, the personal cycle, sales and BG/NBD's view, fitted on what actually happened after
 * earlier as-of days, with the at-risk line chosen the same way. Without enough history to learn from, the
 * risk is BG/NBD's own probability (bgnbd-risk.ts).
 */

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
