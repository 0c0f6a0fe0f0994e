import { type Tier, TIERS } from '../core/config.ts';
import type { Locale } from '../core/locale.ts';
import { formatMoney } from '../core/money.ts';
import { SIGNAL_ORDER, shownFindings } from '../core/shown-signals.ts';
import { textFor } from '../text/catalogue.ts';
import { learnedTitle, riskLabel, ruleTitle, tierName } from '../text/explain.ts';
import { ratioPercent, signedPercent, wholeMoney } from './html.ts';
import { recoveryRate } from './recovery-text.ts';
import type { RepWeekRow, TierChurn, WeeklyFollowUp, WeeklySummary } from './weekly-model.ts';

/**
 * The figures of a manager's weekly summary, written once for both channels: the email (HTML, plain text,
 * charts) and WeCom lay these out differently but never format or word a figure themselves, so a manager
 * reading both sees one number for one fact (the WeCom summary once said `371.3` and `¥12,000.50` where the
 * email said `371` and `¥12,001`). Plain text: each renderer escapes names for its own markup.
 */

/**
 * The rows of "at risk by signal" as both channels show them: the rules in the fixed order signals are listed
 * in everywhere (SIGNAL_ORDER, as in the reps' digests, so a manager finds a signal in the same row every
 * week), then the customers the learned risk flagged with no rule about their buying.
 */
export function signalCounts(summary: WeeklySummary, locale: Locale): { title: string; count: number }[] {
  const rules = SIGNAL_ORDER.map((rule) => ({
    title: ruleTitle(rule, locale),
    count: summary.atRiskBySignal[rule] ?? 0,
  })).filter(({ count }) => count > 0);
  const modelOnly = summary.atRiskByModelOnly ?? 0;
  if (modelOnly === 0) return rules;
  return [
    ...rules,
    { title: textFor(locale).weekly.signals.modelOnly(learnedTitle(locale)), count: modelOnly },
  ];
}

/**
 * The headline sentence both channels' summaries open with: the team's customers at risk now and at the end
 * of last week, and the movements that take one to the other (they add up: now = last week + new −
 * recovered − cleared − lost).
 *
 * @example weeklyOverview(summary, 'zh-CN')
 * // '目前 24 位客户有流失风险（上周末 20 位，+4）。本周新增 7 位，恢复 3 位，净增 4 位。'
 */
export function weeklyOverview(summary: WeeklySummary, locale: Locale): string {
  const say = textFor(locale).weekly.overview;
  const change = summary.atRiskNow - summary.atRiskLastWeek;
  const changeText = `${change > 0 ? '+' : ''}${change}`;
  const cleared = summary.clearedThisWeek ?? 0;
  const lost = summary.lostThisWeek ?? 0;
  const net = summary.newThisWeek - summary.recoveredThisWeek - cleared - lost;
  const moves = [say.fresh(summary.newThisWeek), say.recovered(summary.recoveredThisWeek)];
  if (cleared > 0) moves.push(say.cleared(cleared));
  if (lost > 0) moves.push(say.lost(lost));
  return say.sentence(summary.atRiskNow, summary.atRiskLastWeek, changeText, moves, net);
}

/** What "at risk" counts in the summary, said once under the headline numbers in both channels. */
export const weeklyBasisNote = (locale: Locale): string => textFor(locale).weekly.basisNote;

/** What the follow-up counts mean, said once under them in both channels. */
export const followUpBasisNote = (withinDays: number, locale: Locale): string =>
  textFor(locale).weekly.followUp.basisNote(withinDays);

/** What the list of unanswered warnings holds, said above it in both channels. */
export function unansweredNote(followUp: WeeklyFollowUp, locale: Locale): string {
  const { withinDays, unansweredTotal: total, unanswered } = followUp;
  const say = textFor(locale).weekly.unanswered;
  if (total === 0) return say.none(withinDays);
  return say.some(total, withinDays, total > unanswered.length ? unanswered.length : null);
}

/** `+4`, `-2`, `持平`: the change in customers at risk since the end of last week (a bare 0 reads as a count). */
export function atRiskChange(summary: WeeklySummary, locale: Locale): string {
  const change = summary.atRiskNow - summary.atRiskLastWeek;
  if (change === 0) return textFor(locale).weekly.unchanged;
  return `${change > 0 ? '+' : ''}${change}`;
}

/** Customers at risk per tier, in tier order. */
export function tierCounts(
  summary: WeeklySummary,
  locale: Locale,
): { tier: Tier; label: string; count: number }[] {
  return TIERS.map((tier) => ({
    tier,
    label: tierName(tier, locale),
    count: summary.atRiskByTier[tier] ?? 0,
  }));
}

/** One period's churn in a tier: the rate as shown (`4.2%`, `—` without a base), churned/base beside it. */
export interface ChurnFigure {
  rate: string;
  /** `5/120`; null without a base. */
  counts: string | null;
  /** The ratio itself, for the chart's bar; null without a base. */
  value: number | null;
}

export interface TierChurnRow {
  tier: Tier;
  label: string;
  now: ChurnFigure;
  before: ChurnFigure;
  /** The change in percentage points, signed (`+0.9`); null when either period has no base. */
  change: string | null;
}

const EMPTY_CHURN: TierChurn = { base: 0, churned: 0, rate: null };

const churnFigure = (churn: TierChurn): ChurnFigure =>
  churn.rate === null
    ? { rate: '—', counts: null, value: null }
    : { rate: ratioPercent(churn.rate), counts: `${churn.churned}/${churn.base}`, value: churn.rate };

/** `+0.9`, `-1`, `0`: one decimal at most. */
const signedNumber = (value: number): string => {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded > 0 ? '+' : ''}${rounded}`;
};

/** Churn per tier, this period against the previous one. */
export function churnRows(summary: WeeklySummary, locale: Locale): TierChurnRow[] {
  return TIERS.map((tier) => {
    const now = summary.churnThisPeriod[tier] ?? EMPTY_CHURN;
    const before = summary.churnPreviousPeriod[tier] ?? EMPTY_CHURN;
    // From the percentages as shown (one decimal), so 4.7% against 3.8% reads +0.9, not the unrounded +0.8.
    const shown = (rate: number) => Math.round(rate * 1000) / 10;
    const change =
      now.rate === null || before.rate === null
        ? null
        : signedNumber(Math.round((shown(now.rate) - shown(before.rate)) * 10) / 10);
    return {
      tier,
      label: tierName(tier, locale),
      now: churnFigure(now),
      before: churnFigure(before),
      change,
    };
  });
}

/** The latest complete month's activity against the months before it (the baseline). */
export interface ActivityFigures {
  month: string;
  activeCustomers: number;
  averageOrderValue: string;
  /** How many months the baseline is the mean of; 0: none yet, and the baseline figures are `—`. */
  baselineMonths: number;
  /** A mean over months in whole customers: "166.3 customers" reads as a mistake. */
  baselineActiveCustomers: number;
  baselineOrderValue: string;
  /** Signed percentages (`-5.2%`), computed from the exact mean; `—` without a baseline. */
  activeCustomersChange: string;
  averageOrderValueChange: string;
}

/** Null before the first complete month. */
export function activityFigures(summary: WeeklySummary): ActivityFigures | null {
  const { latest, baseline, activeCustomersChangePct, averageOrderValueChangePct } = summary.activity;
  if (latest === null) return null;
  const money = (value: number | null) => (value === null ? '—' : formatMoney(value));
  const pct = (value: number | null) => (value === null ? '—' : signedPercent(value));
  return {
    month: latest.month,
    activeCustomers: latest.activeCustomers,
    averageOrderValue: money(latest.averageOrderValue),
    baselineMonths: baseline.months,
    baselineActiveCustomers: Math.round(baseline.activeCustomers),
    baselineOrderValue: money(baseline.averageOrderValue),
    activeCustomersChange: pct(activeCustomersChangePct),
    averageOrderValueChange: pct(averageOrderValueChangePct),
  };
}

/** A rep's money at risk (whole yuan: an estimate) and recovery rate as both channels show them. */
export const repFigures = (rep: RepWeekRow): { moneyAtRisk: string; recoveryRate: string } => ({
  moneyAtRisk: wholeMoney(rep.moneyAtRisk),
  recoveryRate: recoveryRate(rep.recovery),
});

/** One of the customers with the most money at risk: its figures and signals. */
export interface LargestFigures {
  /** Whole yuan: an estimate. */
  moneyAtRisk: string;
  risk: string;
  /** `今天新增`, `已持续 12 天`. */
  age: string;
  /** As the rep's digest lists them: one silence status, the fixed order, the model last. */
  signals: string[];
}

export function largestFigures(
  customer: WeeklySummary['largestAtRisk'][number],
  locale: Locale,
): LargestFigures {
  const say = textFor(locale).weekly.largest;
  return {
    moneyAtRisk: wholeMoney(customer.moneyAtRisk),
    risk: riskLabel(customer.risk, customer.learned !== undefined, locale),
    age: customer.daysAtRisk === 0 ? say.newToday : say.daysAtRisk(customer.daysAtRisk),
    signals: [
      ...shownFindings(customer.findings).map((finding) => ruleTitle(finding.rule, locale)),
      ...(customer.learned ? [learnedTitle(locale)] : []),
    ],
  };
}
