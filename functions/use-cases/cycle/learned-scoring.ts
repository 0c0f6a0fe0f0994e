import type { ReadRiskModel } from '../../adapters/dynamodb/risk-model-store.ts';
import { type AlertRecord, wasOpenBefore } from '../../core/alerts.ts';
import type { BgnbdRiskBasis } from '../../core/bgnbd-risk.ts';
import type { ChurnConfig } from '../../core/config.ts';
import type { CustomerEvaluation } from '../../core/evaluate.ts';
import { type Day, parseIsoDay } from '../../core/days.ts';
import { RISK_FEATURES } from '../../core/learned/features.ts';
import { closedShops, fitRiskModel } from '../../core/learned/fit.ts';
import type { LearnedRiskModel, NotLearnedReason } from '../../core/learned/model.ts';
import { learnedRescorer } from '../../core/learned/scoring.ts';
import type { CustomerProfile } from '../../core/profile.ts';

import type { AnswerSource, RiskModelStore } from './cycle-stores.ts';
import { type RefitOutcome, refitOutcomeOf } from './refit-outcome.ts';

export { type RefitOutcome, refitOutcomeOf } from './refit-outcome.ts';

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
      horizonDays: number;
      /** Learned on the distributor's history, or BG/NBD's own probability (and then why). */
      source: LearnedRiskModel['source'];
      bgnbdBasis: BgnbdRiskBasis | null;
      notLearned?: NotLearnedReason;
      /** Fitted by this run because no usable model was stored (the first day, or after a gap). */
      fittedNow?: true;
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
      horizonDays: model.horizonDays,
      source: model.source,
      bgnbdBasis: model.bgnbdBasis,
      ...(model.notLearned ? { notLearned: model.notLearned } : {}),
    },
    model,
  };
}

/** The model the day's run scores with: the newest one fitted before the day. Null when the setting is off. */
export async function modelForRun(
  models: RiskModelStore,
  config: ChurnConfig,
  asOf: Day,
): Promise<RunModel | null> {
  if (!config.riskModel.enabled) return null;
  return runModelOf(await models.latestBefore(asOf), config, asOf);
}

/** The same model again, by its day: what each segment of a fanned-out run reads. */
export async function modelByDay(
  models: RiskModelStore,
  config: ChurnConfig,
  asOf: Day,
  modelAsOf: string,
): Promise<RunModel> {
  return runModelOf(await models.read(modelAsOf), config, asOf);
}

interface RefitDeps {
  models: RiskModelStore;
  config: ChurnConfig;
  configVersion: number;
  now: () => number;
  /**
   * The reps' answers: the fit learns from them (a shop answered closed is lapsed for certain from that day).
   * Absent: from the orders alone (the daily run's stop-gap fit).
   */
  answers?: AnswerSource;
}

/**
 * Fits the risk model as of a day on the stored profiles and stores it (the weekly run, `churn-watch risk
 * fit`, and a daily run that finds no usable model). Fitting the same day again stores the same model; one
 * already stored for the day is kept (it may have scored a run) and returned.
 */
export async function refitRiskModel(
  deps: RefitDeps,
  profiles: readonly CustomerProfile[],
  asOf: Day,
): Promise<{ outcome: RefitOutcome; model: LearnedRiskModel }> {
  // The line in use stays unless the new history clearly prefers another: lists do not jump at each refit.
  const previous = await deps.models.latestBefore((asOf + 1) as Day);
  const closedOn = deps.answers ? closedShops(await deps.answers.since(null), asOf) : undefined;
  const model = fitRiskModel(
    profiles,
    deps.config,
    asOf,
    previous.ok ? previous.stored.model : null,
    closedOn && closedOn.size > 0 ? { closedOn } : {},
  );
  const stored = { model, configVersion: deps.configVersion, fittedAt: new Date(deps.now()).toISOString() };
  const written = await deps.models.write(stored);
  if (!written) {
    const kept = await deps.models.read(model.asOf);
    // A model of the day is kept (a re-run of the day must score as the first run did), unless it was fitted
    // for another horizon (an admin changed riskModel.horizonDays): no run can use that one.
    const replaceable = kept.ok && kept.stored.model.horizonDays !== model.horizonDays;
    if (kept.ok && !(replaceable && (await deps.models.replace(stored, kept.stored.model.horizonDays))))
      return { outcome: { ...refitOutcomeOf(kept.stored.model), kept: true }, model: kept.stored.model };
  }
  return { outcome: refitOutcomeOf(model), model };
}

/**
 * The model a day's run scores with: the newest stored before the day, or, when none is usable (the first
 * run, a model of another horizon or version, five failed refits), one fitted now on the run's profiles as
 * of the day before and stored, so the risk is a probability from the first day on. A re-run of the day
 * finds that model and gives the same result. Null when `riskModel` is off.
 */
export async function modelForRunOrFit(
  deps: RefitDeps & { /** Fit without storing (a dry run writes nothing). */ dryRun?: boolean },
  asOf: Day,
  profiles: () => Promise<readonly CustomerProfile[]>,
): Promise<RunModel | null> {
  const run = await modelForRun(deps.models, deps.config, asOf);
  if (run === null || run.model !== null) return run;
  const model = deps.dryRun
    ? fitRiskModel(await profiles(), deps.config, asOf - 1)
    : (await refitRiskModel(deps, await profiles(), asOf - 1)).model;
  const fitted = runModelOf(
    { ok: true, stored: { model, configVersion: deps.configVersion, fittedAt: '' } },
    deps.config,
    asOf,
  );
  if (fitted.status.status !== 'applied') return run;
  return { status: { ...fitted.status, fittedNow: true }, model: fitted.model };
}

/**
 * Rescores the weekly summary's days as the mornings did: each day with the model its run used (the newest
 * fitted before it), open episodes held as the alert states say. Undefined when no day has a model.
 */
export async function weeklyRescorer(
  store: RiskModelStore,
  config: ChurnConfig,
  profiles: readonly CustomerProfile[],
  alerts: ReadonlyMap<string, AlertRecord>,
  days: readonly Day[],
): Promise<((evaluations: CustomerEvaluation[], asOf: Day) => CustomerEvaluation[]) | undefined> {
  const models = new Map<Day, LearnedRiskModel>();
  for (const day of days) {
    const run = await modelForRun(store, config, day);
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
