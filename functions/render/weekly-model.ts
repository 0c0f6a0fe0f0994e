import type { RuleId, Tier } from '../core/config.ts';
import type { ActivityReport } from '../core/activity.ts';
import type { EffectReport } from '../core/effect.ts';
import type { RecoveryAroundChange, RecoveryStats, RecoveryWindow } from '../core/recovery.ts';
import type { Minor } from '../core/money.ts';
import type { DigestCustomer, Recipient } from './digest-model.ts';

/**
 * What a manager's weekly summary says about one team, before it is worded (weekly-text.ts, once for both
 * channels) and laid out for a channel (email with charts, WeCom markdown): figures only, no words. Built by
 * the weekly use case from the evaluation, the alert states and the visits.
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

/**
 * Every count of customers at risk in the summary is of alert episodes, the basis of the reps' digests: a
 * customer is at risk from the morning its alert opens (new) until the morning it ends (recovered: ordered
 * again; cleared: the signals lapsed without an order, e.g. after a settings change; lost: silent a year),
 * and is counted under the rep its alert names, as in that rep's digest. So a rep's "at risk" is the total
 * their digest of the week's last day gave, and now = last week + new − recovered − cleared − lost.
 */
export interface RepWeekRow {
  repId: string;
  name: string | null;
  /** Customers at risk after the week's last evaluation: the total the rep's digest of that day gave. */
  atRisk: number;
  /** Alert episodes that opened this week. */
  newThisWeek: number;
  /** Episodes that ended this week with an order (the customer ordered again). */
  recoveredThisWeek: number;
  /** Visits the rep logged this week (any of their customers). */
  visitsLogged: number;
  /** Of the rep's warnings in the recovery window, how many were followed by an order in time. */
  recovery: RecoveryStats;
  moneyAtRisk: Minor;
  /** What became of the rep's warnings of the week (absent when follow-up is off). */
  followUp?: FollowUpCounts | undefined;
}

/**
 * The week's warnings and what became of each, every warning in exactly one of the outcomes (so they add up
 * to `warned`); see weekly-follow-up.ts for the order they are decided in.
 */
export interface FollowUpCounts {
  /** Alert episodes that started this week: the customers the digests tagged New. */
  warned: number;
  /** A call, visit or coupon answered, or a visit logged, within `withinDays` of the warning. */
  followedUp: number;
  /** Answered "not a real risk". */
  notReal: number;
  /** Answered "shop closed". */
  closed: number;
  /** Nothing yet, and `withinDays` have not passed. */
  waiting: number;
  /** `withinDays` passed without a follow-up or a verdict. */
  notFollowedUp: number;
  /** The reasons given for "not a real risk" (built-in ids or an admin's text), most given first. */
  reasons: { reason: string; count: number }[];
}

/** A warning still at risk that nobody answered, for the manager to ask about. */
export interface UnansweredWarning {
  customerId: string;
  name: string | null;
  repId: string;
  repName: string | null;
  /** The day of the warning (the episode's first day), `YYYY-MM-DD`. */
  warnedOn: string;
  daysSinceWarned: number;
}

/** The follow-up part of the summary: the team's tally and the warnings nobody answered. */
export interface WeeklyFollowUp {
  withinDays: number;
  team: FollowUpCounts;
  /**
   * Warnings still at risk at the week's end, more than `withinDays` old, with no answer of any kind and no
   * visit logged since (an admin's snooze excepted), oldest first, the first UNANSWERED_SHOWN of them.
   */
  unanswered: UnansweredWarning[];
  unansweredTotal: number;
  /**
   * Does following up work: the effect report of the team's warnings of the last `days` days (the same figures
   * as `churn-watch effect`), shown once there are enough warnings to compare. Absent: nothing to report.
   */
  effect?: { days: number; report: EffectReport } | undefined;
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
  /** At-risk customers of the team at the end of last week (after that day's evaluation), for the change. */
  atRiskLastWeek: number;
  atRiskNow: number;
  newThisWeek: number;
  recoveredThisWeek: number;
  /** Episodes that ended this week without an order: the signals lapsed (absent: none). */
  clearedThisWeek?: number;
  /** Episodes that ended this week because the customer has been silent so long it counts as lost (absent: none). */
  lostThisWeek?: number;
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
  /** What the reps did with the warnings; absent when the admin turned follow-up off. */
  followUp?: WeeklyFollowUp | undefined;
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
