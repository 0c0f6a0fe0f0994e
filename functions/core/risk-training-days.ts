import type { Day } from './days.ts';

/**
 * Which days the learned risk (learned/train.ts) trains on, and so how much history a profile must keep for
 * it. Apart from the model so that the settings can check retention without loading the model's code.
 */

/** How far back the features look: profiles used for training must keep this much before the earliest as-of. */
export const RISK_FEATURE_LOOKBACK_DAYS = 365;

/** Days between training as-of days (four weeks keeps weekdays and month ends alike), and how many. */
export const DEFAULT_TRAINING_STEP_DAYS = 28;
export const DEFAULT_TRAINING_SNAPSHOTS = 2;

export interface TrainingDays {
  horizonDays: number;
  stepDays: number;
  snapshots: number;
}

/** The as-of days a model for `asOf` trains on: asOf − horizon − k·step, newest first, all labelled by asOf. */
export function trainingAsOfDays(asOf: Day, options: TrainingDays): Day[] {
  return Array.from(
    { length: options.snapshots },
    (_, k) => asOf - options.horizonDays - k * options.stepDays,
  );
}

/**
 * The retention a profile needs for training as of any day: the oldest training day's lookback. Profiles
 * are pruned from their last purchase back, so a shorter retention would leave more history to customers who
 * stopped buying than to those who went on, and the model would learn that difference instead of the signs.
 *
 * @example trainingRetentionDays({ horizonDays: 90, stepDays: 28, snapshots: 4 }) // 539
 */
export function trainingRetentionDays(options: TrainingDays): number {
  return options.horizonDays + (options.snapshots - 1) * options.stepDays + RISK_FEATURE_LOOKBACK_DAYS;
}

/** The retention the daily product's training (the default protocol) needs for a horizon. */
export const riskTrainingRetentionDays = (horizonDays: number): number =>
  trainingRetentionDays({
    horizonDays,
    stepDays: DEFAULT_TRAINING_STEP_DAYS,
    snapshots: DEFAULT_TRAINING_SNAPSHOTS,
  });
