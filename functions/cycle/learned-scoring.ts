import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  latestRiskModelBefore,
  type ReadRiskModel,
  readRiskModel,
  writeRiskModel,
} from '../adapters/dynamodb/risk-model-store.ts';
import { type AlertRecord, wasOpenBefore } from '../core/alerts.ts';
import type { ChurnConfig } from '../core/config.ts';
import type { CustomerEvaluation } from '../core/evaluate.ts';
import { type Day, parseIsoDay } from '../core/days.ts';
import {
  type LearnedRiskModel,
  learnedRescorer,
  RISK_FEATURES,
  type RiskTrainingResult,
  type ShortHistory,
  trainRiskModelOn,
} from '../core/learned-risk.ts';
import type { CustomerProfile } from '../core/profile.ts';

/**
 * The learned risk in the daily product: which stored model a run scores with (or why none), and the weekly
 * refit that stores a new one. The model itself is core/learned-risk.ts.
 */

/** A model older than this is not used: five weekly refits in a row have failed, and the rules take over. */
export const MAX_MODEL_AGE_DAYS = 35;

/** What the run record says about the learned risk, so an admin can tell whether it was used and why not. */
export type LearnedRiskStatus =
  | {
      status: 'applied';
      modelAsOf: string;
      threshold: number;
      /** AUC of the model on its own training rows. */
      trainingAuc: number | null;
      /** Whether the model's BG/NBD fit passed its checks, so P(alive) is one of its features. */
      pAliveFeature: boolean;
    }
  /** No model fitted yet (the weekly run fits it; `churn-watch risk fit` at once). */
  | { status: 'no_model' }
  /** The newest model is older than MAX_MODEL_AGE_DAYS, or was fitted for another horizon or other features. */
  | { status: 'stale' | 'other_horizon' | 'other_features'; modelAsOf: string }
  | { status: 'unreadable'; modelAsOf: string; detail: string };

export interface RunModel {
  status: LearnedRiskStatus;
  /** The model to score with; null: the rules' risk stands. */
  model: LearnedRiskModel | null;
}

/** Whether a stored model may score the day's run. */
export function runModelOf(read: ReadRiskModel, config: ChurnConfig, asOf: Day): RunModel {
  if (!read.ok) {
    return read.reason === 'none'
      ? { status: { status: 'no_model' }, model: null }
      : { status: { status: 'unreadable', modelAsOf: read.modelAsOf, detail: read.detail }, model: null };
  }
  const { model } = read.stored;
  const modelAsOf = model.asOf;
  if (
    model.featureNames.length !== RISK_FEATURES.length ||
    model.featureNames.some((name, j) => name !== RISK_FEATURES[j])
  ) {
    return { status: { status: 'other_features', modelAsOf }, model: null };
  }
  if (model.horizonDays !== config.riskModel.horizonDays) {
    return { status: { status: 'other_horizon', modelAsOf }, model: null };
  }
  if (asOf - (parseIsoDay(modelAsOf) as Day) > MAX_MODEL_AGE_DAYS) {
    return { status: { status: 'stale', modelAsOf }, model: null };
  }
  return {
    status: {
      status: 'applied',
      modelAsOf,
      threshold: model.threshold,
      trainingAuc: model.training.auc,
      pAliveFeature: model.bgnbd !== null,
    },
    model,
  };
}

/** The model the day's run scores with: the newest one fitted before the day. Null when the setting is off. */
export async function modelForRun(
  doc: DynamoDBDocumentClient,
  table: string,
  config: ChurnConfig,
  asOf: Day,
): Promise<RunModel | null> {
  if (!config.riskModel.enabled) return null;
  return runModelOf(await latestRiskModelBefore(doc, table, asOf), config, asOf);
}

/** The same model again, by its day: what each segment of a fanned-out run reads. */
export async function modelByDay(
  doc: DynamoDBDocumentClient,
  table: string,
  config: ChurnConfig,
  asOf: Day,
  modelAsOf: string,
): Promise<RunModel> {
  return runModelOf(await readRiskModel(doc, table, modelAsOf), config, asOf);
}

export type RefitOutcome = { horizonDays: number } & (
  | {
      status: 'fitted';
      modelAsOf: string;
      rows: number;
      lapsed: number;
      threshold: number;
      trainingAuc: number | null;
      trainingF1: number;
      /** The day already had a stored model, which was kept as it was. */
      kept?: boolean;
    }
  | { status: 'not_fitted'; reason: 'too_few_rows' | 'one_outcome'; rows: number; lapsed: number }
  /** Profiles hold less history than training reads: `churn-watch rebuild-profiles` first. */
  | { status: 'not_fitted'; reason: 'short_history'; customers: number; neededDays: number }
  /** The fit itself failed (reported, never thrown, by the weekly run). */
  | { status: 'failed'; message: string }
);

/**
 * Fits the learned risk as of a day on the stored profiles and stores it (the weekly run, `churn-watch risk
 * fit`). Fitting the same day again stores the same model. When history cannot support a model, nothing is
 * stored and the daily run keeps the last good one (up to MAX_MODEL_AGE_DAYS), then the rules.
 */
export async function refitRiskModel(
  deps: {
    doc: DynamoDBDocumentClient;
    table: string;
    config: ChurnConfig;
    configVersion: number;
    now: () => number;
  },
  profiles: readonly CustomerProfile[],
  asOf: Day,
): Promise<RefitOutcome> {
  const result = trainRiskModelOn(profiles, deps.config, asOf);
  if (result.ok) {
    const written = await writeRiskModel(deps.doc, deps.table, {
      model: result.model,
      configVersion: deps.configVersion,
      fittedAt: new Date(deps.now()).toISOString(),
    });
    // Already fitted for this day: that model stays (it may have scored a run); say so, with its figures.
    if (!written) {
      const kept = await readRiskModel(deps.doc, deps.table, result.model.asOf);
      if (kept.ok) {
        const outcome = refitOutcomeOf({ ok: true, model: kept.stored.model }, kept.stored.model.horizonDays);
        return outcome.status === 'fitted' ? { ...outcome, kept: true } : outcome;
      }
    }
  }
  return refitOutcomeOf(result, deps.config.riskModel.horizonDays);
}

/** What a training came to, as the weekly run and the CLI report it. */
export function refitOutcomeOf(result: RiskTrainingResult | ShortHistory, horizonDays: number): RefitOutcome {
  if (!result.ok) {
    if (result.reason === 'short_history') {
      const { customers, neededDays } = result;
      return { status: 'not_fitted', reason: 'short_history', customers, neededDays, horizonDays };
    }
    const { reason, rows, lapsed } = result;
    return { status: 'not_fitted', reason, rows, lapsed, horizonDays };
  }
  const { model } = result;
  return {
    status: 'fitted',
    horizonDays,
    modelAsOf: model.asOf,
    rows: model.rows,
    lapsed: model.lapsed,
    threshold: model.threshold,
    trainingAuc: model.training.auc,
    trainingF1: model.training.f1,
  };
}

/**
 * Rescores the weekly summary's days as the mornings did: each day with the model its run used (the newest
 * fitted before it), open episodes held as the alert states say. Undefined when no day has a model.
 */
export async function weeklyRescorer(
  deps: { doc: DynamoDBDocumentClient; table: string },
  config: ChurnConfig,
  profiles: readonly CustomerProfile[],
  alerts: ReadonlyMap<string, AlertRecord>,
  days: readonly Day[],
): Promise<((evaluations: CustomerEvaluation[], asOf: Day) => CustomerEvaluation[]) | undefined> {
  const models = new Map<Day, LearnedRiskModel>();
  for (const day of days) {
    const run = await modelForRun(deps.doc, deps.table, config, day);
    if (run?.model) models.set(day, run.model);
  }
  if (models.size === 0) return undefined;
  // The alert states are today's: whether an episode was open a week ago is not kept, so that day holds none.
  const wasOpen = (customerId: string, asOf: Day) => wasOpenBefore(alerts.get(customerId) ?? null, asOf);
  return (evaluations, asOf) => {
    const model = models.get(asOf);
    return model ? learnedRescorer(profiles, model, wasOpen)(evaluations, asOf) : evaluations;
  };
}
