import { auc } from '../auc.ts';
import type { BgnbdRiskFit } from '../bgnbd-risk.ts';
import { type Day, formatDay } from '../days.ts';
import {
  featureColumns,
  type FeatureRow,
  fitLogisticColumns,
  type LogisticFit,
  predictColumns,
} from '../logistic.ts';
import {
  DEFAULT_TRAINING_SNAPSHOTS,
  DEFAULT_TRAINING_STEP_DAYS,
  trainingAsOfDays,
} from '../risk-training-days.ts';
import { RISK_FEATURES } from './features.ts';
import type { LearnedRiskModel, NotLearnedReason, RiskVariant } from './model.ts';
import type { SnapshotSource } from './snapshots.ts';
import { chooseThreshold } from './threshold.ts';

/** Training the learned risk by backtesting: pooled past days, one logistic fit, the variant that ranks best. */

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

export type RiskTrainingResult =
  | { ok: true; model: LearnedRiskModel }
  | ({ ok: false } & Exclude<NotLearnedReason, { reason: 'short_history' }>);
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
  columns: readonly Float64Array[],
  y: readonly boolean[],
  from: number,
  to: number,
  variant: RiskVariant,
  l2: number,
): LogisticFit {
  const keep = VARIANT_FEATURES[variant];
  const fit = fitLogisticColumns(
    keep.map((j) => columns[j] as Float64Array),
    y,
    from,
    to,
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
 * newest training day best when fitted on the older ones (rows from `split` on; `columns` are featureColumns). A rich model can learn a
 * pattern of one season that the next does not repeat; checked on data it did not see, the simpler one wins
 * when it does better there, so the risk never ranks below what a repeat-buying model or plain recency would
 * have given on the distributor's own recent history. The full model stands without two days to compare.
 */
function chooseVariant(
  columns: readonly Float64Array[],
  y: readonly boolean[],
  split: number,
  l2: number,
  minPerClass: number,
): { variant: RiskVariant; aucs?: Partial<Record<RiskVariant, number | null>> } {
  const trainLabels = y.slice(split);
  const testLabels = y.slice(0, split);
  const enough = (labels: readonly boolean[]) => {
    const lapsed = labels.filter(Boolean).length;
    return lapsed >= minPerClass && labels.length - lapsed >= minPerClass;
  };
  if (!enough(trainLabels) || !enough(testLabels)) return { variant: 'full' };
  const aucs: Partial<Record<RiskVariant, number | null>> = {};
  for (const variant of ['full', 'bgnbd', 'silence'] as const) {
    const fit = fitVariant(columns, y, split, y.length, variant, l2);
    aucs[variant] = auc(predictColumns(fit, columns, 0, split), testLabels);
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
  // One column per feature for every fit below, instead of a row object per customer and fit.
  const columns = featureColumns(X);
  const validation = chooseVariant(columns, y, starts[1] ?? X.length, l2, minPerClass);
  const fit = fitVariant(columns, y, 0, X.length, validation.variant, l2);
  const scores = predictColumns(fit, columns, 0, X.length);
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
