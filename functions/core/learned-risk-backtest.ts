import {
  auc,
  type LabelledCustomer,
  type LabelledPopulation,
  type SignalResult,
  signalResult,
} from './backtest.ts';
import type { ChurnConfig } from './config.ts';
import type { Day } from './days.ts';
import {
  type RiskTrainingOptions,
  learnedRisk,
  snapshotsFromProfiles,
  trainRiskModel,
} from './learned-risk.ts';
import {
  DEFAULT_TRAINING_SNAPSHOTS,
  DEFAULT_TRAINING_STEP_DAYS,
  trainingRetentionDays,
} from './risk-training-days.ts';
import { buildProfiles, type ProfileEvents } from './profile.ts';
import type { OrderLine } from './records.ts';

/** How the self-tuned risk score, trained on history before the as-of day only, did at that day. */
export type LearnedRiskResult =
  | {
      trained: true;
      /** The earlier as-of days it learned from, and what it saw there. */
      trainedOn: string[];
      rows: number;
      lapsed: number;
      /** The at-risk threshold chosen on the training days. */
      threshold: number;
      auc: number | null;
      /** Its at-risk flag (risk ≥ threshold) against what happened. */
      atRisk: SignalResult;
    }
  | { trained: false; reason: 'too_few_rows' | 'one_outcome'; rows: number; lapsed: number };

/**
 * Trains the learned risk score as the product would on the as-of day (on the days D − H − k·28, all of whose
 * outcomes were known by D), then scores the backtest's population at D. Only orders on or before D are seen:
 * the population's labels come from the backtest, never from the training.
 */
export function learnedRiskBacktest(input: {
  lines: readonly OrderLine[];
  events?: ProfileEvents;
  population: LabelledPopulation;
  config: ChurnConfig;
  includeSilent?: boolean;
  training?: Omit<RiskTrainingOptions, 'asOf' | 'horizonDays'>;
}): LearnedRiskResult {
  const { population, config } = input;
  const asOf: Day = population.asOf;
  const horizonDays = population.horizonDays;
  const training = {
    stepDays: DEFAULT_TRAINING_STEP_DAYS,
    snapshots: DEFAULT_TRAINING_SNAPSHOTS,
    ...input.training,
  };
  // Profiles that keep enough history for the earliest training day's features.
  const retentionDays = Math.max(
    config.profile.retentionDays,
    trainingRetentionDays({ horizonDays, stepDays: training.stepDays, snapshots: training.snapshots }),
  );
  const known = input.lines.filter((line) => line.day <= asOf);
  const { profiles } = buildProfiles(known, input.events ?? {}, { asOf, retentionDays });
  const source = snapshotsFromProfiles([...profiles.values()], {
    config,
    horizonDays,
    knownThrough: asOf,
    excludeSilent: !input.includeSilent,
  });
  const result = trainRiskModel(source, { asOf, horizonDays, ...training });
  if (!result.ok) return { trained: false, reason: result.reason, rows: result.rows, lapsed: result.lapsed };
  const { model } = result;
  const today = source(asOf);
  const byId = new Map(today.customerIds.map((id, i) => [id, today.features[i]]));
  const scores: number[] = [];
  const flags: boolean[] = [];
  const scored: LabelledCustomer[] = [];
  for (const customer of population.customers) {
    const row = byId.get(customer.evaluation.customerId);
    // Every backtest customer has a purchase on or before D, so it has features; guard anyway.
    if (row === undefined) continue;
    const result = learnedRisk(model, row);
    scores.push(result.risk);
    flags.push(result.atRisk);
    scored.push(customer);
  }
  return {
    trained: true,
    trainedOn: model.trainedOn,
    rows: model.rows,
    lapsed: model.lapsed,
    threshold: model.threshold,
    auc: auc(
      scores,
      scored.map((customer) => customer.churned),
    ),
    atRisk: signalResult(flags, scored),
  };
}
