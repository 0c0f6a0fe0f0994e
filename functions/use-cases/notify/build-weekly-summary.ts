import { monthlyActivity } from '../../core/activity.ts';
import { type AlertFacts, type AlertRecord, type AlertState, factsOf } from '../../core/alerts.ts';
import { type ChurnConfig, type RuleId, TIERS, type Tier } from '../../core/config.ts';
import { type Day, formatDay } from '../../core/days.ts';
import { bgnbdSummaryOf } from '../../core/bgnbd-summary.ts';
import {
  type CustomerEvaluation,
  evaluateCustomer,
  evaluateCustomers,
  pAliveModelOf,
  pAliveParamsOf,
  ruleSet,
  tierKeyOf,
} from '../../core/evaluate.ts';
import type { Minor } from '../../core/money.ts';
import { tierCutoffs } from '../../core/tiers.ts';
import { SIGNAL_ORDER, shownRules } from '../../core/shown-signals.ts';
import type { CustomerProfile } from '../../core/profile.ts';
import type { FollowUpAnswer } from '../../core/follow-up.ts';
import type { Customer, Rep } from '../../core/records.ts';
import { digestCustomer, recipientOf } from './build-digest.ts';
import { noFollowUp, type WarnedEpisode, weeklyFollowUp } from './weekly-follow-up.ts';
import {
  type Episode,
  episodesOf,
  noRecovery,
  recoveryAroundChange,
  recoveryBreakdown,
  recoveryWindow,
} from '../../core/recovery.ts';
import type { RepWeekRow, TierChurn, WeeklySummary, WeeklyTrendPoint } from '../../render/weekly-model.ts';

/** A visit as the events table holds it: whose customer, which rep logged it, which day. */
export interface VisitEvent {
  customerId: string;
  repId?: string | undefined;
  day: Day;
}

export interface WeeklyInput {
  manager: Rep;
  /** Every rep and manager; the team is the reps whose manager is `manager`. */
  reps: readonly Rep[];
  profiles: readonly CustomerProfile[];
  customers: ReadonlyMap<string, Customer>;
  alerts: Iterable<AlertRecord>;
  /**
   * Visits logged: those of the week for the reps' counts, and, for the follow-up part, those since the
   * oldest warning still open.
   */
  visits: readonly VisitEvent[];
  /**
   * The reps' answers to warnings (answer-store answersSince, from weekly-follow-up answersFrom). Absent when
   * the digests carry no answer links: then the summary has no follow-up part, as it has none with
   * `followUp.enabled` off.
   */
  answers?: readonly FollowUpAnswer[] | undefined;
  asOf: Day;
  config: ChurnConfig;
  configVersion?: number;
  /** The latest config change, to compare recovery before and after it. */
  lastConfigChange?: { version: number; changedOn: Day } | undefined;
  /**
   * The first day the daily run evaluated: the trend leaves out the weeks that ended before it (nobody was
   * told anything then, so they are not weeks with nobody at risk). Absent: no trend.
   */
  firstEvaluatedDay?: Day | undefined;
}

/** How many weeks the trend shows, this one included. */
export const TREND_WEEKS = 8;

/** The ends of the trend's earlier weeks, oldest first (this week's end, `asOf`, is not among them). */
export const trendDays = (asOf: Day): Day[] =>
  Array.from({ length: TREND_WEEKS - 1 }, (_, i) => asOf - 7 * (TREND_WEEKS - 1 - i));

/**
 * Everyone's evaluation on the days the summary compares, computed once for all teams: tiers are the
 * distributor's, not a team's, so they come from all customers.
 */
export interface WeeklyEvaluations {
  now: CustomerEvaluation[];
  /**
   * Money at risk at the end of each earlier week of the trend, of the customers whose alert was open then,
   * by day and customer id.
   */
  trendMoney?: ReadonlyMap<Day, ReadonlyMap<string, Minor>>;
  periodStart: CustomerEvaluation[];
  previousPeriodStart: CustomerEvaluation[];
}

export function weeklyEvaluations(input: {
  profiles: readonly CustomerProfile[];
  customers: ReadonlyMap<string, Customer>;
  asOf: Day;
  config: ChurnConfig;
  /** With the alerts, the money at risk at the trend's earlier week ends is worked out too. */
  alerts?: readonly AlertRecord[];
  /**
   * Rescores a day's evaluations the way the daily run did (the learned risk), so the summary describes the
   * customers as the reps were told about them.
   */
  rescore?: (evaluations: CustomerEvaluation[], asOf: Day) => CustomerEvaluation[];
}): WeeklyEvaluations {
  const at = (asOf: Day) =>
    evaluateCustomers({ profiles: input.profiles, customers: input.customers, asOf, config: input.config })
      .customers;
  const scored = (asOf: Day) => (input.rescore ? input.rescore(at(asOf), asOf) : at(asOf));
  const period = input.config.weekly.churnPeriodDays;
  return {
    now: scored(input.asOf),
    ...(input.alerts ? { trendMoney: trendMoney({ ...input, alerts: input.alerts }) } : {}),
    periodStart: at(input.asOf - period),
    previousPeriodStart: at(input.asOf - 2 * period),
  };
}

/**
 * The money at risk at each earlier week end of the trend: only the customers whose alert was open that day
 * are evaluated as of it (against tier cut-offs from everyone's sales then), and rescored as that morning
 * was, so a week costs a pass over the tier keys rather than a whole evaluation.
 */
function trendMoney(input: {
  profiles: readonly CustomerProfile[];
  customers: ReadonlyMap<string, Customer>;
  asOf: Day;
  config: ChurnConfig;
  alerts: readonly AlertRecord[];
  rescore?: (evaluations: CustomerEvaluation[], asOf: Day) => CustomerEvaluation[];
}): Map<Day, Map<string, Minor>> {
  const { profiles, config } = input;
  const episodes = input.alerts.flatMap((record) =>
    episodesOf(record).map((episode) => ({ customerId: record.customerId, episode })),
  );
  const rules = ruleSet(config);
  const money = new Map<Day, Map<string, Minor>>();
  for (const day of trendDays(input.asOf)) {
    const open = new Set(
      episodes
        .filter(({ episode }) => openAfter(episode, formatDay(day)))
        .map(({ customerId }) => customerId),
    );
    if (open.size === 0) continue;
    const cutoffs = tierCutoffs(
      profiles.map((profile) => tierKeyOf(profile, day, config)),
      config.tiers,
    );
    const pAliveParams = pAliveParamsOf(
      pAliveModelOf(
        profiles.map((profile) => bgnbdSummaryOf(profile, day)),
        config,
      ),
    );
    const evaluated = profiles
      .filter((profile) => open.has(profile.customerId))
      .map((profile) =>
        evaluateCustomer(profile, {
          asOf: day,
          config,
          cutoffs,
          rules,
          pAliveParams,
          ...(input.customers.get(profile.customerId)
            ? { customer: input.customers.get(profile.customerId) }
            : {}),
        }),
      );
    const scored = input.rescore ? input.rescore(evaluated, day) : evaluated;
    money.set(day, new Map(scored.map((e) => [e.customerId, e.moneyAtRisk])));
  }
  return money;
}

const emptyTierCounts = (): Record<Tier, number> => ({ vip: 0, important: 0, general: 0, dormant: 0 });

const isChurned = (e: CustomerEvaluation | undefined): boolean =>
  e !== undefined && (e.status === 'lost' || e.findings.some((finding) => finding.rule === 'churned'));

/**
 * Churn per tier over a period: of the customers buying at its start (active or at risk, not already
 * churned), the share churned or lost at its end. Tiers are those at the start, the customer's standing
 * when the period began.
 */
function churnBetween(
  start: readonly CustomerEvaluation[],
  end: ReadonlyMap<string, CustomerEvaluation>,
  inTeam: (e: CustomerEvaluation) => boolean,
): Record<Tier, TierChurn> {
  const base = emptyTierCounts();
  const churned = emptyTierCounts();
  for (const e of start) {
    if (!inTeam(e) || (e.status !== 'active' && e.status !== 'at_risk') || isChurned(e)) continue;
    base[e.tier]++;
    if (isChurned(end.get(e.customerId))) churned[e.tier]++;
  }
  return Object.fromEntries(
    TIERS.map((tier) => [
      tier,
      { base: base[tier], churned: churned[tier], rate: base[tier] > 0 ? churned[tier] / base[tier] : null },
    ]),
  ) as Record<Tier, TierChurn>;
}

/** Whether an episode was open after the evaluation of `day` (`YYYY-MM-DD`): begun, and not yet ended. */
export function openAfter(episode: Episode, day: string): boolean {
  return episode.firstSeenDate <= day && (episode.endedDate === null || episode.endedDate > day);
}

/** One manager's weekly summary of their team. */
export function buildWeeklySummary(input: WeeklyInput, evaluations: WeeklyEvaluations): WeeklySummary {
  const { manager, asOf, config } = input;
  const weekEnd = formatDay(asOf);
  const weekStart = formatDay(asOf - 6);
  const team = input.reps.filter((rep) => rep.managerId === manager.repId && rep.repId !== manager.repId);
  const teamIds = new Set(team.map((rep) => rep.repId));
  // A manager who also looks after shops themselves sees those too.
  teamIds.add(manager.repId);
  const repNames = new Map(input.reps.map((rep) => [rep.repId, rep.name ?? null]));
  const inTeam = (e: CustomerEvaluation) => e.repId !== null && teamIds.has(e.repId);

  const atRiskByTier = emptyTierCounts();
  const atRiskBySignal: Partial<Record<RuleId, number>> = {};
  const rows = new Map<string, RepWeekRow>(
    [...teamIds].map((repId) => [
      repId,
      {
        repId,
        name: repNames.get(repId) ?? null,
        atRisk: 0,
        newThisWeek: 0,
        recoveredThisWeek: 0,
        visitsLogged: 0,
        recovery: noRecovery(),
        moneyAtRisk: 0,
      },
    ]),
  );
  const alerts = [...input.alerts];
  // Every count of customers at risk is of alert episodes, the digests' basis (see RepWeekRow): one customer
  // per open episode, under the rep its alert names.
  const teamEpisodes = alerts.flatMap((record) =>
    episodesOf(record)
      .filter((episode) => episode.repId !== null && teamIds.has(episode.repId))
      .map((episode) => ({ record, episode, repId: episode.repId as string })),
  );
  const lastWeekEnd = formatDay(asOf - 7);
  const atRiskLastWeek = teamEpisodes.filter(({ episode }) => openAfter(episode, lastWeekEnd)).length;

  // Described by the evaluation of the week's last day, as the digest of that day describes them; a customer
  // that evaluation no longer finds at risk (settings changed since the morning) by what its alert says.
  const nowById = new Map(evaluations.now.map((e) => [e.customerId, e]));
  const periodDays = config.rules.sales_drop.windowDays;
  const atRiskNow: { customerId: string; facts: AlertFacts; firstSeenDate: string; repId: string }[] = [];
  let atRiskByModelOnly = 0;
  for (const { record, episode, repId } of teamEpisodes) {
    if (!openAfter(episode, weekEnd)) continue;
    const evaluation = nowById.get(record.customerId);
    const facts = evaluation?.atRisk ? factsOf(evaluation, periodDays) : (record.state as AlertState).facts;
    atRiskNow.push({ customerId: record.customerId, facts, firstSeenDate: episode.firstSeenDate, repId });
    atRiskByTier[facts.tier]++;
    if (facts.learned && !facts.findings.some((finding) => finding.rule !== 'visit_overdue'))
      atRiskByModelOnly++;
    // Under the silence status the rep reads (a churned customer is not also counted as inactive), so the
    // rows add up to customers the manager can ask about.
    for (const rule of shownRules(facts.findings.map((finding) => finding.rule))) {
      atRiskBySignal[rule] = (atRiskBySignal[rule] ?? 0) + 1;
    }
    const row = rows.get(repId) as RepWeekRow;
    row.atRisk++;
    row.moneyAtRisk += facts.moneyAtRisk;
  }

  let newThisWeek = 0;
  let recoveredThisWeek = 0;
  let clearedThisWeek = 0;
  let lostThisWeek = 0;
  const inWeek = (date: string | null) => date !== null && date >= weekStart && date <= weekEnd;
  for (const { episode, repId } of teamEpisodes) {
    const row = rows.get(repId) as RepWeekRow;
    if (inWeek(episode.firstSeenDate)) {
      newThisWeek++;
      row.newThisWeek++;
    }
    if (!inWeek(episode.endedDate)) continue;
    if (episode.endedReason === 'recovered') {
      recoveredThisWeek++;
      row.recoveredThisWeek++;
    } else if (episode.endedReason === 'lost') lostThisWeek++;
    else clearedThisWeek++;
  }
  let escalationsThisWeek = 0;
  for (const record of alerts) {
    const state = record.state;
    if (!state || state.repId === null || !teamIds.has(state.repId)) continue;
    if (inWeek(state.managerEscalatedDate)) escalationsThisWeek++;
  }
  const customerRep = new Map(evaluations.now.map((e) => [e.customerId, e.repId]));
  for (const visit of input.visits) {
    if (visit.day < asOf - 6 || visit.day > asOf) continue;
    const repId = visit.repId ?? customerRep.get(visit.customerId) ?? null;
    if (repId === null) continue;
    const row = rows.get(repId);
    if (row) row.visitsLogged++;
  }

  // What the reps did with the warnings, when the admin offers the answers and the digests carry them.
  const followUp =
    config.followUp.enabled && input.answers
      ? weeklyFollowUp({
          episodes: teamEpisodes.flatMap(({ record, episode, repId }): WarnedEpisode[] => {
            const state = record.state as AlertState;
            const current = episode.firstSeenDate === state.firstSeenDate;
            // An episode that ended before anyone was told was no warning.
            if (current && state.lastNotifiedDate === null) return [];
            return [
              {
                customerId: record.customerId,
                name: state.facts.name,
                repId,
                firstSeenDate: episode.firstSeenDate,
                open: openAfter(episode, weekEnd),
                snoozeUntil: current ? state.snoozeUntil : null,
              },
            ];
          }),
          answers: input.answers,
          visits: input.visits,
          asOf,
          withinDays: config.followUp.withinDays,
          repNames,
        })
      : null;
  for (const [repId, counts] of followUp?.byRep ?? []) {
    const row = rows.get(repId);
    if (row) row.followUp = counts;
  }
  if (followUp) {
    for (const row of rows.values()) row.followUp ??= noFollowUp();
  }

  const teamAlerts = alerts.filter(
    (record) => record.state?.repId != null && teamIds.has(record.state.repId),
  );
  const { withinDays, period } = {
    withinDays: config.weekly.recoveryDays,
    period: config.weekly.churnPeriodDays,
  };
  const recoveryWindowNow = recoveryWindow(asOf, period, withinDays);
  const recovery = recoveryBreakdown(teamAlerts, recoveryWindowNow);
  for (const [repId, stats] of recovery.byRep) {
    const row = rows.get(repId);
    if (row) row.recovery = stats;
  }

  const teamNow = evaluations.now.filter(inTeam);
  const endNow = new Map(evaluations.now.map((e) => [e.customerId, e]));
  const endPrevious = new Map(evaluations.periodStart.map((e) => [e.customerId, e]));
  const teamCustomers = new Set(teamNow.map((e) => e.customerId));
  const largestAtRisk = atRiskNow
    .sort(
      (a, b) =>
        b.facts.moneyAtRisk - a.facts.moneyAtRisk ||
        b.facts.risk - a.facts.risk ||
        (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
    )
    .slice(0, 10)
    .map(({ customerId, facts, firstSeenDate, repId }) => ({
      ...digestCustomer({ customerId, facts, firstSeenDate, day: weekEnd }),
      repId,
      repName: repNames.get(repId) ?? null,
    }));

  // The same episodes at each earlier week end; this week's point is the headline's own numbers.
  const first = input.firstEvaluatedDay;
  const trend: WeeklyTrendPoint[] =
    first === undefined
      ? []
      : [
          ...trendDays(asOf)
            .filter((day) => day >= first)
            .map((day) => {
              const money = evaluations.trendMoney?.get(day);
              const open = teamEpisodes.filter(({ episode }) => openAfter(episode, formatDay(day)));
              return {
                weekEnd: formatDay(day),
                atRisk: open.length,
                moneyAtRisk: open.reduce((sum, { record }) => sum + (money?.get(record.customerId) ?? 0), 0),
              };
            }),
          {
            weekEnd,
            atRisk: atRiskNow.length,
            moneyAtRisk: atRiskNow.reduce((sum, { facts }) => sum + facts.moneyAtRisk, 0),
          },
        ];

  return {
    recipient: recipientOf(manager, config.locale),
    teamName: manager.name ?? manager.repId,
    weekStart,
    weekEnd,
    atRiskByTier,
    atRiskBySignal: Object.fromEntries(
      SIGNAL_ORDER.filter((rule) => atRiskBySignal[rule]).map((rule) => [rule, atRiskBySignal[rule]]),
    ),
    ...(atRiskByModelOnly > 0 ? { atRiskByModelOnly } : {}),
    atRiskLastWeek,
    atRiskNow: atRiskNow.length,
    newThisWeek,
    recoveredThisWeek,
    ...(clearedThisWeek > 0 ? { clearedThisWeek } : {}),
    ...(lostThisWeek > 0 ? { lostThisWeek } : {}),
    churnPeriodDays: config.weekly.churnPeriodDays,
    churnThisPeriod: churnBetween(evaluations.periodStart, endNow, inTeam),
    churnPreviousPeriod: churnBetween(evaluations.previousPeriodStart, endPrevious, inTeam),
    activity: monthlyActivity(
      input.profiles.filter((profile) => teamCustomers.has(profile.customerId)),
      asOf,
    ),
    reps: [...rows.values()]
      .filter(
        (row) =>
          row.repId !== manager.repId ||
          row.atRisk > 0 ||
          row.newThisWeek > 0 ||
          row.recoveredThisWeek > 0 ||
          row.visitsLogged > 0,
      )
      .sort((a, b) => b.moneyAtRisk - a.moneyAtRisk || (a.repId < b.repId ? -1 : 1)),
    largestAtRisk,
    escalationsThisWeek,
    recovery: {
      window: recoveryWindowNow,
      team: recovery.total,
      byTier: recovery.byTier,
      ...(input.lastConfigChange
        ? {
            aroundChange: recoveryAroundChange(teamAlerts, input.lastConfigChange, asOf, period, withinDays),
          }
        : {}),
    },
    ...(input.configVersion !== undefined ? { configVersion: input.configVersion } : {}),
    ...(followUp ? { followUp: followUp.summary } : {}),
    ...(trend.length > 0 ? { trend } : {}),
  };
}
