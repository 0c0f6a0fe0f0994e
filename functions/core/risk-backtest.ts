import {
  type BacktestReport,
  backtestReport,
  type ComparisonRow,
  compareRiskSignals,
  type DecileRow,
  type LabelledPopulation,
  type LabelledPopulationInput,
  labelledPopulation,
  type RiskSignals,
  type SignalResult,
} from './backtest.ts';
import { type BgnbdRiskBasis, fitBgnbdRisk, riskSummaryOf } from './bgnbd-risk.ts';
import type { CustomerEvaluation } from './evaluate.ts';
import { riskFacts } from './learned/features.ts';
import { fitRiskModel } from './learned/fit.ts';
import type { LearnedRiskModel, NotLearnedReason } from './learned/model.ts';
import { learnedRescorer } from './learned/scoring.ts';
import type { CustomerProfile } from './profile.ts';

/**
 * The risk's backtest: the risk computed exactly as the product computes it on the as-of day (the same
 * profiles, built from the records up to that day only, the same fitRiskModel and the same rescoring), set
 * beside the learned model, BG/NBD's own probability and the simple signals an admin could use instead, all
 * measured on the backtest's population and labels (backtest.ts). Nothing after the as-of day reaches the
 * model: the later records only label the customers.
 */

/**
 * The risk model the product fits on the as-of day, and whether the default risk is its. `source` says
 * which model it is: learned on the history, or BG/NBD's own probability when the history could not teach
 * one (`notLearned` says why).
 */
export interface BacktestRiskModel {
  /** `riskModel.enabled`: the default risk is this model's; off, it is the rules' score and flag. */
  enabled: boolean;
  source: LearnedRiskModel['source'];
  /** What it predicts: no order in this many days (`riskModel.horizonDays`; may differ from the backtest's). */
  horizonDays: number;
  /** The at-risk line (risk ≥ threshold), and how it was chosen: best F1 on the training days, or 50%. */
  threshold: number;
  thresholdRule: LearnedRiskModel['thresholdRule'];
  /** The earlier as-of days it learned from (every one's horizon ended by the as-of day), and their rows. */
  trainedOn: string[];
  rows: number;
  lapsed: number;
  /** On the training rows, for a learned model; null for BG/NBD's. */
  training: LearnedRiskModel['training'] | null;
  /** How BG/NBD's parameters were found (a learned model reads BG/NBD as one of its features too). */
  bgnbdBasis: BgnbdRiskBasis | null;
  notLearned: NotLearnedReason | null;
}

/**
 * The learned model's result as scripts read it before the risk became a probability: trained or not, what
 * on, and how it did. Kept beside `comparison`, which holds the same figures among the other signals.
 */
export type LearnedRiskResult =
  | {
      trained: true;
      trainedOn: string[];
      rows: number;
      lapsed: number;
      threshold: number;
      auc: number | null;
      atRisk: SignalResult;
    }
  | {
      trained: false;
      reason: NotLearnedReason['reason'];
      /** 0 when the reason is not about rows (too short a history, pruned profiles). */
      rows: number;
      lapsed: number;
      notLearned: NotLearnedReason;
    };

export interface RiskBacktestReport extends BacktestReport {
  riskModel: BacktestRiskModel;
  /** Default risk, learned risk (when learned), BG/NBD, days silent, orders in 12 months, the seed rule. */
  comparison: ComparisonRow[];
  /** The default risk's reliability by decile. */
  reliability: DecileRow[];
  learnedRisk: LearnedRiskResult;
}

/** What the comparison is computed from: the labelled population, the day's model, and every signal's scores. */
export interface BacktestRiskSignals {
  population: LabelledPopulation;
  /** The model the product fits on the as-of day (fitRiskModel), whether or not the default risk is its. */
  model: LearnedRiskModel;
  /** Index for index with `population.customers`. */
  signals: RiskSignals;
}

/**
 * Labels the population as of `input.asOf` (labelledPopulation) and scores it with every signal of the
 * comparison. The default risk is computed exactly as the product computes it that day: fitRiskModel on the
 * profiles built from the records up to the day, then the same rescoring (learnedRescorer); with `riskModel`
 * off it is the rules' score and flag, and the model is still fitted, for the learned row.
 *
 * @example
 * const { model, signals } = backtestRiskSignals({ lines, asOf, horizonDays: 90, config: DEFAULT_CONFIG });
 * model.source; // 'learned' | 'bgnbd'
 * signals.defaultRisk.scores[0]; // the first customer's risk, as `evaluate --as-of` shows it
 */
export function backtestRiskSignals(input: LabelledPopulationInput): BacktestRiskSignals {
  const { config, asOf, horizonDays } = input;
  const { evaluation, population, profiles } = labelledPopulation(input);
  const book = [...profiles.values()];
  // As the product fits it that day: shops answered closed by then are lapsed labels of the training days on
  // or after their answer (fitRiskModel); no answer given after the as-of day reaches the model.
  const closedOn = population.answers?.closedBefore;
  const model = fitRiskModel(book, config, asOf, null, closedOn && closedOn.size > 0 ? { closedOn } : {});
  const rescored = new Map(
    learnedRescorer(book, model)(evaluation.customers, asOf).map(
      (customer) => [customer.customerId, customer] as const,
    ),
  );
  // The model keeps the BG/NBD fit of the day it scores with; refit only if a model ever comes without one.
  const bgnbd = model.bgnbd ?? fitBgnbdRisk(book.map((profile) => riskSummaryOf(profile, asOf))).params;
  const modelRisk = {
    scores: [] as number[],
    flags: [] as boolean[],
    line: model.threshold,
    probability: true,
  };
  const rulesRisk = { scores: [] as number[], flags: [] as boolean[], line: null, probability: false };
  const bgnbdRisk: number[] = [];
  const daysSilent: number[] = [];
  const ordersInYear: number[] = [];
  for (const customer of population.customers) {
    const rules = customer.evaluation;
    const scored: CustomerEvaluation = rescored.get(rules.customerId) ?? rules;
    modelRisk.scores.push(scored.risk);
    modelRisk.flags.push(scored.atRisk);
    rulesRisk.scores.push(rules.risk);
    rulesRisk.flags.push(rules.atRisk);
    // Every scored customer has a purchase on or before the as-of day (labelCustomers), so it has facts.
    const facts = riskFacts({
      profile: profiles.get(rules.customerId) as CustomerProfile,
      evaluation: rules,
      asOf,
      bgnbd,
      horizonDays,
    });
    const p = facts?.noPurchaseProbability ?? null;
    // No purchase in the lookback year leaves BG/NBD nothing to read; a year's silence is as near certain a
    // lapse as the data shows.
    bgnbdRisk.push(p !== null && Number.isFinite(p) ? p : 1);
    daysSilent.push(rules.daysSinceLastOrder ?? 0);
    ordersInYear.push(facts?.yearPurchaseDays ?? 0);
  }
  return {
    population,
    model,
    signals: {
      defaultRisk: config.riskModel.enabled ? modelRisk : rulesRisk,
      learnedRisk: model.source === 'learned' ? modelRisk : null,
      bgnbd: bgnbdRisk,
      daysSilent,
      ordersInYear,
    },
  };
}

/**
 * Backtests the risk as of `input.asOf`: every signal of backtestRiskSignals measured side by side
 * (compareRiskSignals), with the rules' report (backtestReport) and which model the default used and why.
 *
 * @example
 * const report = riskBacktest({ lines, asOf, horizonDays: 90, config: DEFAULT_CONFIG });
 * report.riskModel.source; // 'learned' | 'bgnbd'
 * report.comparison.find((row) => row.signal === 'default_risk')?.auc; // e.g. 0.71
 */
export function riskBacktest(input: LabelledPopulationInput): RiskBacktestReport {
  const { population, model, signals } = backtestRiskSignals(input);
  const { rows, reliability } = compareRiskSignals(population.customers, signals);
  return {
    ...backtestReport(population),
    riskModel: {
      enabled: input.config.riskModel.enabled,
      source: model.source,
      horizonDays: model.horizonDays,
      threshold: model.threshold,
      thresholdRule: model.thresholdRule,
      trainedOn: model.trainedOn,
      rows: model.rows,
      lapsed: model.lapsed,
      training: model.source === 'learned' ? model.training : null,
      bgnbdBasis: model.bgnbdBasis,
      notLearned: model.notLearned ?? null,
    },
    comparison: rows,
    reliability,
    learnedRisk: learnedRiskResult(
      model,
      rows.find((row) => row.signal === 'learned_risk'),
    ),
  };
}

function learnedRiskResult(model: LearnedRiskModel, row: ComparisonRow | undefined): LearnedRiskResult {
  if (model.source === 'learned' && row) {
    const { flagged, truePositives, falsePositives, falseNegatives, precision, recall, f1, leadDays } = row;
    return {
      trained: true,
      trainedOn: model.trainedOn,
      rows: model.rows,
      lapsed: model.lapsed,
      threshold: model.threshold,
      auc: row.auc,
      atRisk: { flagged, truePositives, falsePositives, falseNegatives, precision, recall, f1, leadDays },
    };
  }
  // fitRiskModel always says why it fell back; a model without a reason is not one this code knows.
  const notLearned: NotLearnedReason = model.notLearned ?? { reason: 'too_few_rows', rows: 0, lapsed: 0 };
  return {
    trained: false,
    reason: notLearned.reason,
    rows: 'rows' in notLearned ? notLearned.rows : 0,
    lapsed: 'lapsed' in notLearned ? notLearned.lapsed : 0,
    notLearned,
  };
}
