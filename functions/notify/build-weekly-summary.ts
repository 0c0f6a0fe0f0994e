import { monthlyActivity } from '../core/activity.ts';
import { type AlertRecord, factsOf } from '../core/alerts.ts';
import { type ChurnConfig, type RuleId, TIERS, type Tier } from '../core/config.ts';
import { type Day, formatDay } from '../core/days.ts';
import { compareByMoneyAtRisk, type CustomerEvaluation, evaluateCustomers } from '../core/evaluate.ts';
import { SIGNAL_ORDER, shownRules } from '../core/explain.ts';
import type { CustomerProfile } from '../core/profile.ts';
import type { Customer, Rep } from '../core/records.ts';
import { digestCustomer, recipientOf } from './build-digest.ts';
import { noRecovery, recoveryAroundChange, recoveryBreakdown, recoveryWindow } from '../core/recovery.ts';
import type { RepWeekRow, TierChurn, WeeklySummary } from './weekly-model.ts';

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
  visits: readonly VisitEvent[];
  asOf: Day;
  config: ChurnConfig;
  configVersion?: number;
  /** The latest config change, to compare recovery before and after it. */
  lastConfigChange?: { version: number; changedOn: Day } | undefined;
}

/**
 * Everyone's evaluation on the days the summary compares, computed once for all teams: tiers are the
 * distributor's, not a team's, so they come from all customers.
 */
export interface WeeklyEvaluations {
  now: CustomerEvaluation[];
  weekAgo: CustomerEvaluation[];
  periodStart: CustomerEvaluation[];
  previousPeriodStart: CustomerEvaluation[];
}

export function weeklyEvaluations(input: {
  profiles: readonly CustomerProfile[];
  customers: ReadonlyMap<string, Customer>;
  asOf: Day;
  config: ChurnConfig;
  /**
   * Rescores a day's evaluations the way the daily run did (the learned risk), so the summary counts the
   * customers the reps were told about; applied to this week and the last, which are compared.
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
    weekAgo: scored(input.asOf - 7),
    periodStart: at(input.asOf - period),
    previousPeriodStart: at(input.asOf - 2 * period),
  };
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
  const teamNow = evaluations.now.filter(inTeam);
  let atRiskByModelOnly = 0;
  for (const e of teamNow) {
    if (!e.atRisk) continue;
    atRiskByTier[e.tier]++;
    if (e.learned && !e.findings.some((finding) => finding.rule !== 'visit_overdue')) atRiskByModelOnly++;
    // Under the silence status the rep reads (a churned customer is not also counted as inactive), so the
    // rows add up to customers the manager can ask about.
    for (const rule of shownRules(e.findings.map((finding) => finding.rule))) {
      atRiskBySignal[rule] = (atRiskBySignal[rule] ?? 0) + 1;
    }
    const row = rows.get(e.repId as string) as RepWeekRow;
    row.atRisk++;
    row.moneyAtRisk += e.moneyAtRisk;
  }
  const atRiskLastWeek = evaluations.weekAgo.filter((e) => inTeam(e) && e.atRisk).length;

  let newThisWeek = 0;
  let recoveredThisWeek = 0;
  let escalationsThisWeek = 0;
  const inWeek = (date: string | null) => date !== null && date >= weekStart && date <= weekEnd;
  const openRecords: AlertRecord[] = [];
  for (const record of input.alerts) {
    const state = record.state;
    if (!state || state.repId === null || !teamIds.has(state.repId)) continue;
    const row = rows.get(state.repId) as RepWeekRow;
    if (inWeek(state.firstSeenDate)) {
      newThisWeek++;
      row.newThisWeek++;
    }
    if (state.endedReason === 'recovered' && inWeek(state.endedDate)) {
      recoveredThisWeek++;
      row.recoveredThisWeek++;
    }
    if (inWeek(state.managerEscalatedDate)) escalationsThisWeek++;
    if (state.open) openRecords.push(record);
  }
  const customerRep = new Map(evaluations.now.map((e) => [e.customerId, e.repId]));
  for (const visit of input.visits) {
    if (visit.day < asOf - 6 || visit.day > asOf) continue;
    const repId = visit.repId ?? customerRep.get(visit.customerId) ?? null;
    if (repId === null) continue;
    const row = rows.get(repId);
    if (row) row.visitsLogged++;
  }

  const teamAlerts = [...input.alerts].filter(
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

  const endNow = new Map(evaluations.now.map((e) => [e.customerId, e]));
  const endPrevious = new Map(evaluations.periodStart.map((e) => [e.customerId, e]));
  const teamCustomers = new Set(teamNow.map((e) => e.customerId));
  // Today's facts, not the alert's (written on the last day someone was told).
  const openSince = new Map(openRecords.map((r) => [r.customerId, r.state?.firstSeenDate ?? weekEnd]));
  const periodDays = config.rules.sales_drop.windowDays;
  const largestAtRisk = teamNow
    .filter((e) => e.atRisk)
    .sort(compareByMoneyAtRisk)
    .slice(0, 10)
    .map((e) => ({
      ...digestCustomer({
        customerId: e.customerId,
        facts: factsOf(e, periodDays),
        firstSeenDate: openSince.get(e.customerId) ?? weekEnd,
        day: weekEnd,
      }),
      repId: e.repId,
      repName: e.repId ? (repNames.get(e.repId) ?? null) : null,
    }));

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
    atRiskNow: teamNow.filter((e) => e.atRisk).length,
    newThisWeek,
    recoveredThisWeek,
    churnPeriodDays: config.weekly.churnPeriodDays,
    churnThisPeriod: churnBetween(evaluations.periodStart, endNow, inTeam),
    churnPreviousPeriod: churnBetween(evaluations.previousPeriodStart, endPrevious, inTeam),
    activity: monthlyActivity(
      input.profiles.filter((profile) => teamCustomers.has(profile.customerId)),
      asOf,
    ),
    reps: [...rows.values()]
      .filter((row) => row.repId !== manager.repId || row.atRisk > 0 || row.visitsLogged > 0)
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
  };
}
