import type { RuleId, Tier } from '../core/config.ts';
import type { ActivityReport } from '../core/activity.ts';
import type { RecoveryAroundChange, RecoveryStats, RecoveryWindow } from '../core/recovery.ts';
import type { Minor } from '../core/money.ts';
import { learnedTitle, ruleTitle, SIGNAL_ORDER } from '../core/explain.ts';
import type { Locale } from '../core/locale.ts';
import type { DigestCustomer, Recipient } from './digest-model.ts';

/**
 * What a manager's weekly summary says about one team, before it is worded for a channel (email with charts,
 * WeCom markdown). Built by the weekly use case from the evaluation, the alert states and the visits.
 */

/** Churn in one tier over one period: of the customers buying at the period's start, how many churned. */
export interface TierChurn {
  /** Customers of the tier that were active or at risk at the start of the period. */
  base: number;
  /** Of those, how many were churned or lost at its end. */
  churned: number;
  /** churned ÷ base, or null when the base is 0. */
  rate: number | null;
}

export interface RepWeekRow {
  repId: string;
  name: string | null;
  /** Customers at risk now. */
  atRisk: number;
  /** Flagged for the first time this week. */
  newThisWeek: number;
  /** Recovered (ordered again after being flagged) this week. */
  recoveredThisWeek: number;
  /** Visits the rep logged this week (any of their customers). */
  visitsLogged: number;
  /** Of the rep's warnings in the recovery window, how many were followed by an order in time. */
  recovery: RecoveryStats;
  moneyAtRisk: Minor;
}

export interface WeeklySummary {
  recipient: Recipient;
  /** The team's name for the heading: the manager's name or id. */
  teamName: string;
  /** The week covered: seven days ending on `weekEnd` (the as-of day), `YYYY-MM-DD`. */
  weekStart: string;
  weekEnd: string;
  atRiskByTier: Record<Tier, number>;
  /**
   * How many at-risk customers each signal fired for (a customer counts once per signal, and under one silence
   * status only: the one its digest shows, see shownRules).
   */
  atRiskBySignal: Partial<Record<RuleId, number>>;
  /** At-risk customers flagged by the learned risk with no rule about their buying (absent: none, or off). */
  atRiskByModelOnly?: number;
  /** At-risk customers of the team at the end of last week, for the change. */
  atRiskLastWeek: number;
  atRiskNow: number;
  newThisWeek: number;
  recoveredThisWeek: number;
  /** Length of the churn period in days (30 by default) and the churn per tier in this and the previous one. */
  churnPeriodDays: number;
  churnThisPeriod: Record<Tier, TierChurn>;
  churnPreviousPeriod: Record<Tier, TierChurn>;
  /** Monthly active customers and average order value of the team's customers against the baseline. */
  activity: ActivityReport;
  reps: RepWeekRow[];
  /** The team's customers with the most money at risk, with their rep. */
  largestAtRisk: (DigestCustomer & { repId: string | null; repName: string | null })[];
  /** Escalations sent to the manager this week (vip/important customers at risk with no visit). */
  escalationsThisWeek: number;
  /**
   * How often warnings were followed by an order within `window.withinDays`: the team's, per tier, and split
   * at the latest config change when there is one.
   */
  recovery: {
    window: RecoveryWindow;
    team: RecoveryStats;
    byTier: Record<Tier, RecoveryStats>;
    aroundChange?: RecoveryAroundChange | undefined;
  };
  configVersion?: number | undefined;
  /**
   * The team's at-risk customers and money at risk at the end of each of the last weeks, oldest first, ending
   * with this week (up to 8 points; weeks before the team's first evaluation are left out, not shown as 0).
   */
  trend?: WeeklyTrendPoint[] | undefined;
}

/** One week of the 8-week trend in a manager's weekly summary. */
export interface WeeklyTrendPoint {
  /** The last day of the week, `YYYY-MM-DD`. */
  weekEnd: string;
  atRisk: number;
  moneyAtRisk: Minor;
}

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
  const title =
    locale === 'zh-CN'
      ? `${learnedTitle(locale)}（无规则信号）`
      : `${learnedTitle(locale)} only (no rule fired)`;
  return [...rules, { title, count: modelOnly }];
}
