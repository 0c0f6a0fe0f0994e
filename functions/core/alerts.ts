import type { ChurnConfig, RuleId, Tier } from './config.ts';
import { type Day, formatDay, parseIsoDay } from './days.ts';
import type { CustomerEvaluation } from './evaluate.ts';
import type { Finding } from './findings.ts';
import type { LearnedVerdict } from './learned-verdict.ts';
import type { Minor } from './money.ts';

/**
 * The alert lifecycle of one customer. An *episode* starts the first day the customer is at risk and ends
 * when it orders again (recovered), when its signals lapse without an order (cleared), or when it has been
 * silent so long that it counts as lost. Within an episode the rep hears about the customer on the first
 * day (new), then at most every `digest.repeatIntervalDays` (still at risk), at once when it gets worse
 * (escalated: a signal the rep has not heard about, or a higher tier), and once when it recovers.
 *
 * Dates are `YYYY-MM-DD` strings, so an admin reading the alerts table in the console reads them as dates.
 */

export type EpisodeEnd = 'recovered' | 'cleared' | 'lost';

/** The facts a digest shows, copied from the day's evaluation. */
export interface AlertFacts {
  name: string | null;
  tier: Tier;
  risk: number;
  moneyAtRisk: Minor;
  lastPeriodSales: Minor;
  periodDays: number;
  lastOrderDate: string | null;
  daysSinceLastOrder: number | null;
  lastVisitDate: string | null;
  daysSinceLastVisit: number | null;
  lastCouponDate: string | null;
  findings: Finding[];
  /** What the learned risk said, when it scored the customer (then `risk` is its risk). */
  learned?: LearnedVerdict;
  /** Fired rules the admin made flagging (`rules.<rule>.flag`); absent when none. */
  flaggedBy?: RuleId[];
}

export interface AlertState {
  customerId: string;
  repId: string | null;
  /** Open while the episode lasts. */
  open: boolean;
  firstSeenDate: string;
  /** The last order day when the episode started: a later order is a recovery. */
  lastOrderAtStart: string | null;
  /** Null only for an episode that ended before anyone was told. */
  lastNotifiedDate: string | null;
  /** What the rep last heard: a rule outside this set, or a higher tier, is an escalation. */
  notifiedRules: RuleId[];
  notifiedTier: Tier | null;
  /** Reminders pause until this day (escalations still get through). */
  snoozeUntil: string | null;
  /** When the manager was told about this episode (vip/important at risk with no visit). */
  managerEscalatedDate: string | null;
  endedDate: string | null;
  endedReason: EpisodeEnd | null;
  /**
   * How the customer's episode before this one went, kept when this one starts, so a customer warned again
   * soon after recovering still counts as a recovery in the weekly summary. Absent on records written before
   * it existed.
   */
  previousEpisode?: EndedEpisode | null;
  facts: AlertFacts;
}

/** What the weekly summary needs of an episode that has ended. */
export interface EndedEpisode {
  firstSeenDate: string;
  endedDate: string;
  endedReason: EpisodeEnd;
  tier: Tier;
  repId: string | null;
}

/** A state without the day's facts: what a record keeps of the day before (the facts are always fresh). */
export type PriorState = Omit<AlertState, 'facts'>;

export type DigestSection = 'new' | 'still_at_risk' | 'recovered';

/** What a day's evaluation means for the people who hear about this customer. */
export interface DayOutcome {
  /** The digest section the customer appears in today, or null when the rep does not hear about it. */
  section: DigestSection | null;
  escalated: boolean;
  /** Rules the rep had not heard about (set when escalated). */
  newRules: RuleId[];
  /** The manager hears about this customer today. */
  escalateToManager: boolean;
}

export const QUIET_DAY: DayOutcome = Object.freeze({
  section: null,
  escalated: false,
  newRules: [],
  escalateToManager: false,
}) as DayOutcome;

/** The settings the lifecycle reads. */
export type AlertSettings = Pick<ChurnConfig, 'digest' | 'escalation'>;

const TIER_RANK: Record<Tier, number> = { dormant: 0, general: 1, important: 2, vip: 3 };

/** Rules about the customer's buying; a late visit is the rep's own follow-up and never escalates. */
const escalatingRule = (rule: RuleId): boolean => rule !== 'visit_overdue';

function daysBetween(from: string, to: string): number {
  return (parseIsoDay(to) as Day) - (parseIsoDay(from) as Day);
}

export function factsOf(evaluation: CustomerEvaluation, periodDays: number): AlertFacts {
  return {
    name: evaluation.name,
    tier: evaluation.tier,
    risk: evaluation.risk,
    moneyAtRisk: evaluation.moneyAtRisk,
    lastPeriodSales: evaluation.lastPeriodSales,
    periodDays,
    lastOrderDate: evaluation.lastOrderDate,
    daysSinceLastOrder: evaluation.daysSinceLastOrder,
    lastVisitDate: evaluation.lastVisitDate,
    daysSinceLastVisit: evaluation.daysSinceLastVisit,
    lastCouponDate: evaluation.lastCouponDate,
    // Strongest first: the digest names the worst signal first.
    findings: [...evaluation.findings].sort((a, b) => b.severity - a.severity),
    ...(evaluation.learned ? { learned: evaluation.learned } : {}),
    ...(evaluation.flaggedBy.length > 0 ? { flaggedBy: evaluation.flaggedBy } : {}),
  };
}

/**
 * The state after a day's evaluation and what it means that day. Pure: the same `before`, evaluation and
 * day give the same result, which is what makes a re-run of the same day change nothing.
 *
 * `before` is the state as it was before this day (null for a customer never at risk).
 */
export function advanceAlert(
  before: PriorState | null,
  evaluation: CustomerEvaluation,
  asOf: Day,
  settings: AlertSettings,
  periodDays: number,
): { state: AlertState | null; outcome: DayOutcome } {
  const today = formatDay(asOf);
  const atRisk = evaluation.status === 'at_risk';
  const rules = evaluation.findings.map((finding) => finding.rule);
  const facts = factsOf(evaluation, periodDays);
  const repId = evaluation.repId;

  if (before === null || !before.open) {
    if (!atRisk) {
      // Nothing to say; an ended episode keeps its record (and its snooze) for the weekly summary.
      return { state: before && { ...before, repId, facts }, outcome: QUIET_DAY };
    }
    const state: AlertState = {
      customerId: evaluation.customerId,
      repId,
      open: true,
      firstSeenDate: today,
      lastOrderAtStart: evaluation.lastOrderDate,
      lastNotifiedDate: today,
      notifiedRules: rules,
      notifiedTier: evaluation.tier,
      snoozeUntil: null,
      managerEscalatedDate: null,
      endedDate: null,
      endedReason: null,
      previousEpisode:
        before?.endedDate && before.endedReason
          ? {
              firstSeenDate: before.firstSeenDate,
              endedDate: before.endedDate,
              endedReason: before.endedReason,
              tier: before.notifiedTier ?? evaluation.tier,
              repId: before.repId,
            }
          : null,
      facts,
    };
    return withManagerEscalation(state, evaluation, today, settings, {
      section: 'new',
      escalated: false,
      newRules: [],
      escalateToManager: false,
    });
  }

  if (!atRisk) {
    const reordered =
      evaluation.lastOrderDate !== null &&
      (before.lastOrderAtStart === null || evaluation.lastOrderDate > before.lastOrderAtStart);
    const reason: EpisodeEnd = reordered ? 'recovered' : evaluation.status === 'lost' ? 'lost' : 'cleared';
    const state: AlertState = { ...before, repId, open: false, endedDate: today, endedReason: reason, facts };
    const told = before.lastNotifiedDate !== null;
    return {
      state,
      outcome: reason === 'recovered' && told ? { ...QUIET_DAY, section: 'recovered' } : QUIET_DAY,
    };
  }

  const newRules = rules.filter((rule) => escalatingRule(rule) && !before.notifiedRules.includes(rule));
  const tierUp = before.notifiedTier !== null && TIER_RANK[evaluation.tier] > TIER_RANK[before.notifiedTier];
  const escalated = newRules.length > 0 || tierUp;
  const snoozed = before.snoozeUntil !== null && today < before.snoozeUntil;
  const due =
    before.lastNotifiedDate === null ||
    daysBetween(before.lastNotifiedDate, today) >= settings.digest.repeatIntervalDays;
  const tell = escalated || (due && !snoozed);
  const state: AlertState = {
    ...before,
    repId,
    facts,
    // Everything the rep heard in this episode, so a signal that flickers off and on is not news twice.
    ...(tell
      ? {
          lastNotifiedDate: today,
          notifiedRules: [...new Set([...before.notifiedRules, ...rules])],
          notifiedTier:
            before.notifiedTier !== null && TIER_RANK[before.notifiedTier] > TIER_RANK[evaluation.tier]
              ? before.notifiedTier
              : evaluation.tier,
        }
      : {}),
  };
  return withManagerEscalation(state, evaluation, today, settings, {
    section: tell ? 'still_at_risk' : null,
    escalated,
    newRules: escalated ? newRules : [],
    escalateToManager: false,
  });
}

/**
 * A vip or important customer at risk for `escalation.days` with no visit logged since the episode began:
 * the manager hears, once per episode.
 */
function withManagerEscalation(
  state: AlertState,
  evaluation: CustomerEvaluation,
  today: string,
  settings: AlertSettings,
  outcome: DayOutcome,
): { state: AlertState; outcome: DayOutcome } {
  if (state.managerEscalatedDate !== null) return { state, outcome };
  // Paused by the rep's "not a real risk" (or an admin's snooze): the rep has looked and answered; the weekly
  // summary shows that answer and its reason to the manager instead.
  if (state.snoozeUntil !== null && today < state.snoozeUntil) return { state, outcome };
  if (!settings.escalation.tiers.includes(evaluation.tier)) return { state, outcome };
  if (daysBetween(state.firstSeenDate, today) < settings.escalation.days) return { state, outcome };
  const visitedSince = evaluation.lastVisitDate !== null && evaluation.lastVisitDate >= state.firstSeenDate;
  if (visitedSince) return { state, outcome };
  return {
    state: { ...state, managerEscalatedDate: today },
    outcome: { ...outcome, escalateToManager: true },
  };
}

/**
 * A stored alert: the state after the last evaluated day, and the state before it, so that evaluating the
 * same day again starts from the same place (and gives the same outcome) instead of from its own result.
 */
export interface AlertRecord {
  customerId: string;
  /** The last day evaluated, `YYYY-MM-DD`. */
  day: string;
  /** Without its facts: only the lifecycle fields are needed to evaluate the day again. */
  before: PriorState | null;
  state: AlertState | null;
  outcome: DayOutcome;
  /**
   * Set by a rep or admin (`churn-watch snooze`): reminders pause until this day. Kept on the record, not in
   * the day's state, so re-evaluating the day a snooze was set does not lose it.
   */
  snoozeUntil?: string | null;
  /**
   * Set when a rep answers "shop closed" (客户已关店). Kept on the record like the snooze, until the customer
   * orders after that day: a shop that reopens and buys again is watched as before.
   */
  closed?: ClosedMark | null;
}

/** Who said the shop closed, and on which of the distributor's days (`YYYY-MM-DD`). */
export interface ClosedMark {
  day: string;
  repId: string;
}

export type AlertStep =
  | { kind: 'write'; record: AlertRecord }
  | { kind: 'unchanged'; record: AlertRecord | null }
  /** The record is already past this day (an older --as-of): left alone. */
  | { kind: 'later-day-kept'; record: AlertRecord };

/** Applies a day's evaluation to a stored record: what to write, if anything. */
/** Whether the customer's episode was open before `asOf` (a re-run of a day starts from the day before it). */
export function wasOpenBefore(stored: AlertRecord | null, asOf: Day): boolean {
  return stateBefore(stored, formatDay(asOf))?.open === true;
}

/** The state a day starts from: the record's own day again starts from the day before it (a re-run). */
function stateBefore(stored: AlertRecord | null, today: string): PriorState | null {
  if (stored === null) return null;
  return stored.day === today ? stored.before : stored.state;
}

export function stepAlert(
  stored: AlertRecord | null,
  evaluation: CustomerEvaluation,
  asOf: Day,
  settings: AlertSettings,
  periodDays: number,
): AlertStep {
  const today = formatDay(asOf);
  if (stored && stored.day > today) return { kind: 'later-day-kept', record: stored };
  const previous = priorOf(stateBefore(stored, today));
  // The snooze is the record's alone (set and cleared by `churn-watch snooze`); it ends with the episode.
  const snoozeUntil = stored?.snoozeUntil ?? null;
  const before = previous && { ...previous, snoozeUntil };
  const closed = standingClosure(stored?.closed ?? null, evaluation);
  const { state, outcome } =
    closed && today > closed.day
      ? closeAlert(before, evaluation, today, periodDays)
      : advanceAlert(before, evaluation, asOf, settings, periodDays);
  // A customer who was never at risk needs no record at all.
  if (state === null && stored === null) return { kind: 'unchanged', record: null };
  const record: AlertRecord = {
    customerId: evaluation.customerId,
    day: today,
    before: previous,
    state,
    outcome,
    ...(snoozeUntil && state?.open ? { snoozeUntil } : {}),
    ...(closed ? { closed } : {}),
  };
  // A quiet day (nobody hears anything, nothing but the day's facts moved) is not worth a write: the facts
  // are read only on days someone is told, and those days are written. This keeps the daily writes to the
  // customers whose story changed instead of every open alert. Checked first: it is most customers' day.
  const quiet = !outcome.section && !outcome.escalated && !outcome.escalateToManager;
  if (
    quiet &&
    stored?.state &&
    state &&
    sameLifecycle(stored.state, state) &&
    (stored.closed ?? null) === (record.closed ?? null)
  ) {
    return { kind: 'unchanged', record: stored };
  }
  // The same day evaluated again with the same data: nothing to write.
  if (stored && stored.day === today && sameRecord(stored, record))
    return { kind: 'unchanged', record: stored };
  return { kind: 'write', record };
}

/**
 * The closed mark that still stands: none once the customer has ordered after the day it was marked closed
 * (the shop reopened, or the answer was wrong). An order on that very day was placed before it closed.
 */
function standingClosure(closed: ClosedMark | null, evaluation: CustomerEvaluation): ClosedMark | null {
  if (closed === null) return null;
  return evaluation.lastOrderDate !== null && evaluation.lastOrderDate > closed.day ? null : closed;
}

/**
 * A day after the rep said the shop closed: an open episode ends as lost (it leaves the daily lists and the
 * weekly summary counts it lost), and no new one starts however the signals look, because a closed shop
 * never orders and would be warned of for ever.
 */
function closeAlert(
  before: PriorState | null,
  evaluation: CustomerEvaluation,
  today: string,
  periodDays: number,
): { state: AlertState | null; outcome: DayOutcome } {
  if (before === null) return { state: null, outcome: QUIET_DAY };
  const facts = factsOf(evaluation, periodDays);
  const repId = evaluation.repId;
  if (!before.open) return { state: { ...before, repId, facts }, outcome: QUIET_DAY };
  return {
    state: { ...before, repId, open: false, endedDate: today, endedReason: 'lost', facts },
    outcome: QUIET_DAY,
  };
}

/** Whether two states agree on everything but the day's facts (field by field: this runs for every alert). */
function sameLifecycle(a: PriorState, b: PriorState): boolean {
  return (
    a.customerId === b.customerId &&
    a.repId === b.repId &&
    a.open === b.open &&
    a.firstSeenDate === b.firstSeenDate &&
    a.lastOrderAtStart === b.lastOrderAtStart &&
    a.lastNotifiedDate === b.lastNotifiedDate &&
    a.notifiedTier === b.notifiedTier &&
    a.snoozeUntil === b.snoozeUntil &&
    a.managerEscalatedDate === b.managerEscalatedDate &&
    a.endedDate === b.endedDate &&
    a.endedReason === b.endedReason &&
    a.notifiedRules.length === b.notifiedRules.length &&
    a.notifiedRules.every((rule, i) => rule === b.notifiedRules[i])
  );
}

/** The lifecycle fields of a state (the facts are half an alert item and are never read from `before`). */
function priorOf(state: PriorState | null): PriorState | null {
  if (state === null) return null;
  const prior: PriorState & { facts?: unknown } = { ...state };
  delete prior.facts;
  return prior;
}

function sameRecord(a: AlertRecord, b: AlertRecord): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Key order differs between what we build and what DynamoDB hands back; compare sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Marks the shop closed (a rep's answer): from the next evaluated day its warnings end as lost. */
export function closeCustomer(record: AlertRecord, mark: ClosedMark): AlertRecord {
  return { ...record, closed: mark };
}

/** Sets or clears a snooze: reminders about the customer pause until `until` (escalations still get through). */
export function snoozeAlert(record: AlertRecord, until: string | null): AlertRecord {
  return { ...record, snoozeUntil: until };
}
