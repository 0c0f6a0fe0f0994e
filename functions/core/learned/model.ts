import type { BgnbdParams } from '../bgnbd.ts';
import type { BgnbdRiskBasis } from '../bgnbd-risk.ts';
import type { LogisticModel } from '../logistic.ts';

/** The learned risk model as stored: its shape, and why a model was not learned. */

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

/** The models a training chooses between (chooseVariant). */
export type RiskVariant = 'full' | 'bgnbd' | 'silence';
