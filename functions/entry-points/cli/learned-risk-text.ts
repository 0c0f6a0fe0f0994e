import type { BgnbdRiskBasis } from '../../core/bgnbd-risk.ts';
import type { LearnedRiskModel, NotLearnedReason, RiskVariant } from '../../core/learned/model.ts';
import type { Locale } from '../../core/locale.ts';
import type { LearnedRiskStatus } from '../../use-cases/cycle/learned-scoring.ts';
import type { RefitOutcome } from '../../use-cases/cycle/refit-outcome.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

/** What admins read about the learned risk: after a run, a fit, or `churn-watch risk show`. */

const percent = (value: number) => `${Math.round(value * 100)}%`;
const twoDecimals = (value: number | null) => (value === null ? '—' : value.toFixed(2));

/** Why the risk is BG/NBD's own probability: what an admin reads after a fit or a run. */
export function notLearnedText(reason: NotLearnedReason, horizonDays: number, locale: Locale): string {
  const text = cliTextFor(locale).learnedRisk.notLearned;
  switch (reason.reason) {
    case 'short_history_days':
      return text.short_history_days(reason.historyDays, reason.neededDays, horizonDays);
    case 'too_few_rows':
      return text.too_few_rows(reason.rows);
    case 'one_outcome':
      return text.one_outcome(reason.rows, reason.lapsed, horizonDays);
    case 'short_history':
      return text.short_history(reason.customers, reason.neededDays);
  }
}

/** How BG/NBD's parameters were found, in a few words. */
export function bgnbdBasisText(basis: BgnbdRiskBasis | null, locale: Locale): string {
  return cliTextFor(locale).learnedRisk.bgnbdBasis[basis ?? 'prior'];
}

/** How a BG/NBD model's line was chosen (learned-risk.ts bgnbdRiskModel). */
export function lineRuleText(basis: BgnbdRiskBasis | null, locale: Locale): string {
  const { lineRule } = cliTextFor(locale).learnedRisk;
  return basis === 'prior' || basis === null ? lineRule.prior : lineRule.fitted;
}

/** Which model a run or fit used, in a few words: learned, or BG/NBD and why. */
function modelSourceText(
  fit: {
    source: LearnedRiskModel['source'];
    bgnbdBasis: BgnbdRiskBasis | null;
    notLearned?: NotLearnedReason;
  },
  horizonDays: number,
  locale: Locale,
): string {
  const text = cliTextFor(locale).learnedRisk;
  if (fit.source === 'learned') return text.sourceLearned;
  const why = fit.notLearned ? notLearnedText(fit.notLearned, horizonDays, locale) : '';
  return text.sourceBgnbd(bgnbdBasisText(fit.bgnbdBasis, locale), why);
}

/** One line on which model a daily run scored with, or why the rules' risk stood. */
export function learnedRiskStatusLine(status: LearnedRiskStatus, locale: Locale): string {
  const text = cliTextFor(locale).learnedRisk.status;
  switch (status.status) {
    case 'applied':
      return text.applied(
        modelSourceText(status, status.horizonDays, locale),
        status.modelAsOf,
        status.fittedNow === true,
        percent(status.threshold),
      );
    case 'no_model':
      return text.no_model;
    case 'stale':
      return text.stale(status.modelAsOf);
    case 'other_horizon':
      return text.other_horizon(status.modelAsOf);
    case 'other_features':
      return text.other_features(status.modelAsOf);
    case 'unreadable':
      return text.unreadable(status.modelAsOf, status.detail);
  }
}

/**
 * One line on a fit: what it learned from and how well it separated, or why there was nothing to learn.
 * `stored`: the fit was stored for the daily runs (not an in-memory one for `churn-watch evaluate`).
 */
export function refitLine(outcome: RefitOutcome, locale: Locale, stored = true): string {
  const text = cliTextFor(locale).learnedRisk.fit;
  const { horizonDays } = outcome;
  if (outcome.status === 'failed') return text.failed(outcome.message);
  if (outcome.source === 'bgnbd') {
    const head = text.bgnbd(
      outcome.modelAsOf,
      modelSourceText(outcome, horizonDays, locale),
      percent(outcome.threshold),
      lineRuleText(outcome.bgnbdBasis, locale),
    );
    return stored && !outcome.kept ? head + text.usedFromTomorrow : head;
  }
  const head = text.learned(
    outcome.modelAsOf,
    outcome.rows,
    outcome.lapsed,
    horizonDays,
    twoDecimals(outcome.trainingAuc),
    twoDecimals(outcome.trainingF1),
    percent(outcome.threshold),
  );
  if (!stored) return head;
  return head + (outcome.kept ? text.kept : text.usedFromTomorrow);
}

/** A stored model for an admin: when and on what it was fitted, how its line was chosen, and what weighs most. */
export function describeModel(model: LearnedRiskModel, locale: Locale): string {
  const text = cliTextFor(locale).learnedRisk;
  const show = text.show;
  if (model.source === 'bgnbd') {
    const why = model.notLearned ? notLearnedText(model.notLearned, model.horizonDays, locale) : '';
    return [
      show.bgnbdHead(model.asOf, model.horizonDays),
      `  ${bgnbdBasisText(model.bgnbdBasis, locale)}`,
      `  ${show.notLearned(why)}`,
      `  ${show.bgnbdLine(percent(model.threshold), lineRuleText(model.bgnbdBasis, locale))}`,
    ].join('\n');
  }
  // A model stored by an older version may weigh a feature this one no longer names: shown by its code.
  const featureName = (name: string) => (text.feature as Record<string, string | undefined>)[name] ?? name;
  const strongest = model.featureNames
    .map((name, j) => ({ name, weight: model.weights[j] as number }))
    .filter(({ weight }) => weight !== 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 6)
    .map(
      ({ name, weight }) =>
        `  ${weight >= 0 ? '+' : '−'}${Math.abs(weight).toFixed(2)}  ${featureName(name)}`,
    );
  const variant = model.variant ?? 'full';
  const checked = model.validation
    ? (Object.entries(model.validation) as [RiskVariant, number | null][])
        .map(([name, value]) => `${text.variantName[name]} ${value === null ? '—' : value.toFixed(3)}`)
        .join(show.variantSeparator)
    : null;
  return [
    show.learnedHead(model.asOf, model.horizonDays),
    `  ${show.trainedOn(model.trainedOn.join(show.daySeparator))}`,
    `  ${show.training(
      model.rows,
      model.lapsed,
      twoDecimals(model.training.auc),
      twoDecimals(model.training.f1),
      twoDecimals(model.training.precision),
      twoDecimals(model.training.recall),
    )}`,
    `  ${show.features(text.variantChosen[variant], checked)}`,
    `  ${show.learnedLine(percent(model.threshold))}`,
    `  ${show.heaviest}`,
    ...strongest,
  ].join('\n');
}
