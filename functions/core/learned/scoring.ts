import type { ChurnConfig } from '../config.ts';
import type { Day } from '../days.ts';
import {
  compareByMoneyAtRisk,
  type CustomerEvaluation,
  type EvaluationResult,
  evaluateCustomers,
} from '../evaluate.ts';
import { type FeatureRow, predict } from '../logistic.ts';
import type { CustomerProfile } from '../profile.ts';
import type { Customer } from '../records.ts';
import { featureRow, RISK_FEATURES, riskFacts } from './features.ts';
import { fitRiskModel } from './fit.ts';
import type { LearnedRiskModel } from './model.ts';
import { learnedReasons } from './reasons.ts';

/** Applying a learned risk model to the rules' evaluations: rescored, held while an episode is open. */

/**
 * The learned risk of one customer and whether it is at risk by the model's own threshold. The feature row
 * must follow RISK_FEATURES, the order the model was trained on.
 */
export function learnedRisk(
  model: LearnedRiskModel,
  features: FeatureRow,
): { risk: number; atRisk: boolean } {
  if (
    model.featureNames.length !== RISK_FEATURES.length ||
    model.featureNames.some((name, j) => name !== RISK_FEATURES[j])
  ) {
    throw new RangeError('the stored model was trained on other features: refit it');
  }
  const risk = predict(model, features);
  return { risk, atRisk: risk >= model.threshold };
}

/**
 * A rule evaluation with risk, at-risk and money at risk from the learned model instead. Customers outside
 * the population the model learned from (lost, no orders) keep the rules' evaluation. Whether the customer
 * is at risk is now the model's threshold; its findings stay, as the reasons a rep reads.
 *
 * @example
 * const scored = withLearnedRisk(evaluation, profile, asOf, model);
 * scored.learned?.reasons; // [{ kind: 'silence', daysSinceLastOrder: 45, cycleDays: 14 }]
 */
export function withLearnedRisk(
  evaluation: CustomerEvaluation,
  profile: CustomerProfile,
  asOf: Day,
  model: LearnedRiskModel,
): CustomerEvaluation {
  if (evaluation.status !== 'active' && evaluation.status !== 'at_risk') return evaluation;
  const facts = riskFacts({
    profile,
    evaluation,
    asOf,
    bgnbd: model.bgnbd,
    horizonDays: model.horizonDays,
  });
  if (facts === null) return evaluation;
  const { risk, atRisk: overLine } = learnedRisk(model, featureRow(facts));
  // A rule the admin made flagging puts the customer on the list whatever the model says.
  const atRisk = overLine || evaluation.flaggedBy.length > 0;
  const rounded = Math.round(risk * 1000) / 1000;
  return {
    ...evaluation,
    status: atRisk ? 'at_risk' : 'active',
    atRisk,
    risk: rounded,
    moneyAtRisk: Math.round(rounded * Math.max(0, evaluation.trailingSales)),
    learned: {
      risk: rounded,
      threshold: Math.round(model.threshold * 1000) / 1000,
      ruleRisk: evaluation.risk,
      reasons: atRisk ? learnedReasons(model, facts) : [],
      modelAsOf: model.asOf,
    },
  };
}

/**
 * An open episode ends only when the learned risk falls below this share of the line. A weekly refit moves
 * the line, and a day's facts move the risk, a little either way: without a margin a customer near the line
 * would be "cleared", then announced as new again, the manager's escalation clock restarting each time.
 */
export const HOLD_SHARE = 0.8;

/** Keeps a customer at risk whose episode was open and whose learned risk is still near the line. */
export function holdOpenEpisode(evaluation: CustomerEvaluation, wasOpen: boolean): CustomerEvaluation {
  const { learned } = evaluation;
  if (!wasOpen || !learned || evaluation.status !== 'active') return evaluation;
  if (learned.risk < HOLD_SHARE * learned.threshold) return evaluation;
  return { ...evaluation, status: 'at_risk', atRisk: true, learned: { ...learned, held: true } };
}

/** A rule evaluation as the daily run has it with a model: rescored, and held when its episode was open. */
export const scoredByModel = (
  evaluation: CustomerEvaluation,
  profile: CustomerProfile,
  asOf: Day,
  model: LearnedRiskModel,
  wasOpen: boolean,
): CustomerEvaluation => holdOpenEpisode(withLearnedRisk(evaluation, profile, asOf, model), wasOpen);

/**
 * Rescores rule evaluations of any day with a model, as the daily run does: for the weekly summary and for
 * `churn-watch evaluate`, which hold every profile at once.
 */
export function learnedRescorer(
  profiles: readonly CustomerProfile[],
  model: LearnedRiskModel,
  /** Whether a customer's episode was open before the day (holdOpenEpisode); none known by default. */
  wasOpen: (customerId: string, asOf: Day) => boolean = () => false,
): (evaluations: CustomerEvaluation[], asOf: Day) => CustomerEvaluation[] {
  const byId = new Map(profiles.map((profile) => [profile.customerId, profile]));
  return (evaluations, asOf) =>
    evaluations.map((evaluation) => {
      const profile = byId.get(evaluation.customerId);
      if (!profile) return evaluation;
      return scoredByModel(evaluation, profile, asOf, model, wasOpen(evaluation.customerId, asOf));
    });
}

/**
 * Evaluates every customer as `churn-watch evaluate` does: the rules, then (with `riskModel` on) the risk
 * model, which rescores them; the list sorted by expected loss. The model is the one given (a stored one, as
 * a run would use), else one fitted on the same profiles as of the day; null when `riskModel` is off.
 *
 * @example
 * const { result, model } = evaluateWithRiskModel({ profiles, asOf, config });
 * result.customers[0].risk; // P(no order in the next 90 days)
 */
export function evaluateWithRiskModel(input: {
  profiles: readonly CustomerProfile[];
  customers?: ReadonlyMap<string, Customer>;
  asOf: Day;
  config: ChurnConfig;
  model?: LearnedRiskModel | null;
}): { result: EvaluationResult; model: LearnedRiskModel | null } {
  const { profiles, asOf, config } = input;
  const evaluated = evaluateCustomers({
    profiles,
    asOf,
    config,
    ...(input.customers ? { customers: input.customers } : {}),
  });
  if (!config.riskModel.enabled) return { result: evaluated, model: null };
  const model = input.model ?? fitRiskModel(profiles, config, asOf);
  const customers = learnedRescorer(profiles, model)(evaluated.customers, asOf);
  return { result: { ...evaluated, customers: customers.sort(compareByMoneyAtRisk) }, model };
}
