import { type ChurnConfig, type RuleId, TIERS, type Tier } from './config.ts';
import { type Day, formatDay, parseIsoDay } from './days.ts';
import type { CustomerEvaluation } from './evaluate.ts';
import { FOLLOW_UP_CONTACTS, type FollowUpAction, type FollowUpAnswer } from './follow-up.ts';
import type { WarningLogEntry } from './warning-log.ts';

/**
 * Does following a warning up work? For the warnings of a period (the warning log), the share of warned
 * customers who recovered (ordered again within `recoveryDays` of the warning and were no longer at risk: the
 * episode ended `recovered`), with a follow-up against without.
 *
 * Followed up: a call, visit or coupon answered for the episode (or a visit record for the customer) within
 * `followUpWithinDays` of the warning, and not after the episode ended: a call made after the shop already
 * ordered again did not bring it back. Judged early and the same way for everyone, so a warning is not
 * counted as "followed up" merely because it stayed open long enough for someone to get round to it.
 *
 * Made fair: reps follow up the customers that look worst, and those recover less whatever anyone does, so
 * the raw rates are not compared alone. Warnings are grouped by tier and risk band (0–25–50–75–100%) and
 * compared within each group, the groups combined by Mantel–Haenszel (a weighted mean of the within-group
 * differences, weights n₁n₀/N), with Sato's variance for its 95% interval. It removes the difference tier and
 * risk make; it cannot remove what the rep knew and the risk did not (a rep who skips a shop they know is
 * fine), so it is evidence, not an experiment.
 *
 * Left out of the comparison: warnings whose window has not closed yet (pending, not failures), and warnings
 * the rep marked "not a real risk" (counted on their own: the rep judged there was nothing to win back).
 * "Shop closed" stays in as a warning that did not recover.
 */

/** Upper bounds of the risk bands below 1: four fixed bands, the same for every report. */
export const RISK_BAND_EDGES = [0.25, 0.5, 0.75] as const;

/** Fewest warnings a rate is given for, and fewest compared per arm for a difference. */
export const DEFAULT_MIN_PER_ARM = 10;

/**
 * Least share of each arm that must fall in groups where the other arm is present too. Below it, the few
 * warnings that could be compared are not the arm they stand for.
 */
export const MIN_COVERAGE = 0.5;

const Z95 = 1.959964;

export type ContactAction = 'called' | 'visited' | 'coupon';

export interface EffectSettings {
  recoveryDays: number;
  followUpWithinDays: number;
  /** Default {@link DEFAULT_MIN_PER_ARM}. */
  minPerArm?: number;
}

export interface EffectInput {
  warnings: readonly WarningLogEntry[];
  answers: readonly FollowUpAnswer[];
  /** Visit records (events table): a visit counts as a follow-up like a "visited" answer. */
  visits?: readonly { customerId: string; day: string }[];
  /** First and last warning day reported on, `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
  /** The day the report is made: a warning's window is closed when `recoveryDays` have passed by it. */
  asOf: string;
  settings: EffectSettings;
}

/** A share with its count and 95% Wilson interval; the rate and interval are null below the minimum. */
export interface RateGroup {
  warnings: number;
  recovered: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export type AdjustedDifference =
  | {
      verdict: 'estimate';
      /** Recovery with follow-up minus without, at the same tier and risk band (−1 … 1). */
      difference: number;
      low: number;
      high: number;
      /** Groups that had both arms, and the warnings of each arm in them. */
      strata: number;
      comparedWith: number;
      comparedWithout: number;
    }
  | { verdict: 'too_few'; strata: number; comparedWith: number; comparedWithout: number };

export interface Comparison {
  withFollowUp: RateGroup;
  withoutFollowUp: RateGroup;
  /** The raw difference of the two rates (null when either is too few): shown beside the fair one. */
  crudeDifference: number | null;
  adjusted: AdjustedDifference;
}

export interface RulePrecision {
  rule: RuleId;
  /** Warnings in the period that named the rule on their first day. */
  warnings: number;
  /** Of those, marked "not a real risk" by the rep. */
  notReal: number;
}

export interface EffectReport {
  from: string;
  to: string;
  asOf: string;
  recoveryDays: number;
  followUpWithinDays: number;
  minPerArm: number;
  /** Warnings given in the period. */
  warnings: number;
  /** Of those: window not closed yet; marked not a real risk; answered "shop closed". */
  pending: number;
  notReal: number;
  closed: number;
  /** Warnings compared (window closed, not marked not real). */
  compared: number;
  overall: Comparison;
  byTier: Record<Tier, Comparison>;
  /** Each contact against no follow-up at all (a warning followed up two ways counts for both). */
  byAction: Record<ContactAction, Comparison>;
  /** The rep's verdicts per rule, over every warning of the period (pending ones too). */
  falseAlarms: RulePrecision[];
}

/** The band of a risk: 0 for [0, .25), 1 for [.25, .5), 2 for [.5, .75), 3 for [.75, 1]. */
export function riskBand(risk: number): number {
  let band = 0;
  for (const edge of RISK_BAND_EDGES) if (risk >= edge) band++;
  return band;
}

/**
 * The 95% Wilson score interval of `successes` out of `trials`: unlike the normal approximation it stays
 * inside 0–1 and is honest for small counts and rates near 0 or 1.
 *
 * @example wilsonInterval(14, 30) // { low: 0.302…, high: 0.638… }
 */
export function wilsonInterval(successes: number, trials: number): { low: number; high: number } {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // At 0 or all the bound is exactly 0 or 1; rounding would leave it a hair inside.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

export function rateGroup(recovered: number, warnings: number, minimum: number): RateGroup {
  if (warnings < minimum || warnings === 0) return { warnings, recovered, rate: null, low: null, high: null };
  const { low, high } = wilsonInterval(recovered, warnings);
  return { warnings, recovered, rate: recovered / warnings, low, high };
}

/** One group's two arms: warnings and recoveries with follow-up (1) and without (0). */
export interface Stratum {
  n1: number;
  a: number;
  n0: number;
  b: number;
}

/**
 * The Mantel–Haenszel risk difference over strata, with Sato's (1989) variance, which holds for many small
 * strata as well as a few large ones. Strata lacking an arm carry no comparison and are skipped. Null when no
 * stratum has both arms.
 */
export function mantelHaenszelDifference(
  strata: readonly Stratum[],
): { difference: number; variance: number; low: number; high: number } | null {
  let weights = 0;
  let weighted = 0;
  let sumP = 0;
  let sumQ = 0;
  for (const { n1, a, n0, b } of strata) {
    if (n1 === 0 || n0 === 0) continue;
    const n = n1 + n0;
    weights += (n1 * n0) / n;
    weighted += (a * n0 - b * n1) / n;
    sumP += (n1 * n1 * b - n0 * n0 * a + (n1 * n0 * (n0 - n1)) / 2) / (n * n);
    sumQ += (a * (n0 - b) + b * (n1 - a)) / (2 * n);
  }
  if (weights === 0) return null;
  const difference = weighted / weights;
  const variance = Math.max(0, (difference * sumP + sumQ) / (weights * weights));
  const half = Z95 * Math.sqrt(variance);
  return { difference, variance, low: difference - half, high: difference + half };
}

/** A warning as the report counts it. */
interface Judged {
  entry: WarningLogEntry;
  outcome: 'recovered' | 'not_recovered' | 'pending';
  followUps: Set<ContactAction>;
  notReal: boolean;
  closed: boolean;
}

const dayOf = (text: string): Day => {
  const parsed = parseIsoDay(text);
  if (parsed === null) throw new RangeError(`not a day: ${text}`);
  return parsed;
};

const episodeKey = (customerId: string, episode: string) => `${customerId}\u0000${episode}`;

function judge(input: EffectInput): Judged[] {
  const { recoveryDays, followUpWithinDays } = input.settings;
  const asOf = dayOf(input.asOf);
  const answersByEpisode = new Map<string, FollowUpAnswer[]>();
  for (const answer of input.answers) {
    const key = episodeKey(answer.customerId, answer.episode);
    const list = answersByEpisode.get(key) ?? [];
    list.push(answer);
    answersByEpisode.set(key, list);
  }
  const visitsByCustomer = new Map<string, Day[]>();
  for (const visit of input.visits ?? []) {
    const day = parseIsoDay(visit.day);
    if (day === null) continue;
    const list = visitsByCustomer.get(visit.customerId) ?? [];
    list.push(day);
    visitsByCustomer.set(visit.customerId, list);
  }
  return input.warnings
    .filter((entry) => entry.warnedDay >= input.from && entry.warnedDay <= input.to)
    .map((entry) => {
      const warned = dayOf(entry.warnedDay);
      const ended = entry.endedDate === null ? null : dayOf(entry.endedDate);
      // In time: within the days allowed, and not after the episode was over.
      const lastDay = Math.min(warned + followUpWithinDays, ended ?? Infinity);
      const inTime = (day: Day) => day >= warned && day <= lastDay;
      const answers = answersByEpisode.get(episodeKey(entry.customerId, entry.episode)) ?? [];
      const followUps = new Set<ContactAction>();
      for (const answer of answers) {
        if (FOLLOW_UP_CONTACTS.includes(answer.action) && inTime(dayOf(answer.day))) {
          followUps.add(answer.action as ContactAction);
        }
      }
      if ((visitsByCustomer.get(entry.customerId) ?? []).some(inTime)) followUps.add('visited');
      const recovered = entry.endedReason === 'recovered' && ended !== null && ended - warned <= recoveryDays;
      const outcome = warned + recoveryDays > asOf ? 'pending' : recovered ? 'recovered' : 'not_recovered';
      const answered = (action: FollowUpAction) => answers.some((answer) => answer.action === action);
      return { entry, outcome, followUps, notReal: answered('not_real'), closed: answered('closed') };
    });
}

/** The comparison of the given warnings (all closed and comparable), stratified by tier × risk band. */
function compare(warnings: readonly Judged[], withArm: (w: Judged) => boolean, minimum: number): Comparison {
  const strata = new Map<string, Stratum>();
  let n1 = 0;
  let a = 0;
  let n0 = 0;
  let b = 0;
  for (const warning of warnings) {
    const treated = withArm(warning);
    const untreated = warning.followUps.size === 0;
    if (!treated && !untreated) continue;
    const recovered = warning.outcome === 'recovered' ? 1 : 0;
    const key = `${warning.entry.tier}|${riskBand(warning.entry.risk)}`;
    const stratum = strata.get(key) ?? { n1: 0, a: 0, n0: 0, b: 0 };
    if (treated) {
      stratum.n1++;
      stratum.a += recovered;
      n1++;
      a += recovered;
    } else {
      stratum.n0++;
      stratum.b += recovered;
      n0++;
      b += recovered;
    }
    strata.set(key, stratum);
  }
  const shared = [...strata.values()].filter((s) => s.n1 > 0 && s.n0 > 0);
  const comparedWith = shared.reduce((sum, s) => sum + s.n1, 0);
  const comparedWithout = shared.reduce((sum, s) => sum + s.n0, 0);
  const withFollowUp = rateGroup(a, n1, minimum);
  const withoutFollowUp = rateGroup(b, n0, minimum);
  const enough =
    comparedWith >= minimum &&
    comparedWithout >= minimum &&
    comparedWith >= MIN_COVERAGE * n1 &&
    comparedWithout >= MIN_COVERAGE * n0;
  const estimate = enough ? mantelHaenszelDifference(shared) : null;
  const counts = { strata: shared.length, comparedWith, comparedWithout };
  return {
    withFollowUp,
    withoutFollowUp,
    crudeDifference:
      withFollowUp.rate !== null && withoutFollowUp.rate !== null
        ? withFollowUp.rate - withoutFollowUp.rate
        : null,
    adjusted: estimate
      ? {
          verdict: 'estimate',
          difference: estimate.difference,
          low: estimate.low,
          high: estimate.high,
          ...counts,
        }
      : { verdict: 'too_few', ...counts },
  };
}

const CONTACTS: readonly ContactAction[] = ['called', 'visited', 'coupon'];

/** The report's settings, from the admin's config: what counts as recovered, and as followed up in time. */
export function effectSettingsOf(config: Pick<ChurnConfig, 'weekly' | 'followUp'>): EffectSettings {
  return { recoveryDays: config.weekly.recoveryDays, followUpWithinDays: config.followUp.withinDays };
}

/** Visit records as stored (calendar day numbers) as the report reads them (`YYYY-MM-DD`). */
export function visitsByDay(
  visits: readonly { customerId: string; day: number }[],
): { customerId: string; day: string }[] {
  return visits.map((visit) => ({ customerId: visit.customerId, day: formatDay(visit.day as Day) }));
}

/** The effect report of the warnings given from `from` to `to`. Pure: the same log and answers, the same report. */
export function effectReport(input: EffectInput): EffectReport {
  const minimum = input.settings.minPerArm ?? DEFAULT_MIN_PER_ARM;
  const judged = judge(input);
  const compared = judged.filter((w) => w.outcome !== 'pending' && !w.notReal);
  const followedUp = (w: Judged) => w.followUps.size > 0;
  const rules = new Map<RuleId, RulePrecision>();
  for (const warning of judged) {
    for (const rule of warning.entry.rules) {
      const row = rules.get(rule) ?? { rule, warnings: 0, notReal: 0 };
      row.warnings++;
      if (warning.notReal) row.notReal++;
      rules.set(rule, row);
    }
  }
  return {
    from: input.from,
    to: input.to,
    asOf: input.asOf,
    recoveryDays: input.settings.recoveryDays,
    followUpWithinDays: input.settings.followUpWithinDays,
    minPerArm: minimum,
    warnings: judged.length,
    pending: judged.filter((w) => w.outcome === 'pending').length,
    notReal: judged.filter((w) => w.notReal).length,
    closed: judged.filter((w) => w.closed).length,
    compared: compared.length,
    overall: compare(compared, followedUp, minimum),
    byTier: Object.fromEntries(
      TIERS.map((tier) => [
        tier,
        compare(
          compared.filter((w) => w.entry.tier === tier),
          followedUp,
          minimum,
        ),
      ]),
    ) as Record<Tier, Comparison>,
    byAction: Object.fromEntries(
      CONTACTS.map((action) => [action, compare(compared, (w) => w.followUps.has(action), minimum)]),
    ) as Record<ContactAction, Comparison>,
    falseAlarms: [...rules.values()].sort((x, y) => y.warnings - x.warnings || x.rule.localeCompare(y.rule)),
  };
}

/** Churn of one tier over a period, with its interval (null below the minimum). */
export interface TierChurnRate {
  /** Customers buying at the start (active or at risk, not already churned). */
  base: number;
  churned: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface ChurnPeriod {
  /** First and last day of the period, `YYYY-MM-DD`. */
  from: string;
  to: string;
  total: TierChurnRate;
  byTier: Record<Tier, TierChurnRate>;
}

const isChurned = (e: CustomerEvaluation | undefined): boolean =>
  e !== undefined && (e.status === 'lost' || e.findings.some((finding) => finding.rule === 'churned'));

/**
 * Churn over a period as the weekly summary counts it: of the customers buying at its start (active or at
 * risk, not already churned), the share churned or lost at its end, per tier at the start.
 */
export function churnOverPeriod(
  start: readonly CustomerEvaluation[],
  end: readonly CustomerEvaluation[],
  period: { from: string; to: string },
  minimum = DEFAULT_MIN_PER_ARM,
): ChurnPeriod {
  const atEnd = new Map(end.map((e) => [e.customerId, e]));
  const base = Object.fromEntries(TIERS.map((tier) => [tier, 0])) as Record<Tier, number>;
  const churned = { ...base };
  for (const e of start) {
    if ((e.status !== 'active' && e.status !== 'at_risk') || isChurned(e)) continue;
    base[e.tier]++;
    if (isChurned(atEnd.get(e.customerId))) churned[e.tier]++;
  }
  const rate = (lost: number, of: number): TierChurnRate => {
    const group = rateGroup(lost, of, minimum);
    return { base: of, churned: lost, rate: group.rate, low: group.low, high: group.high };
  };
  const sum = (counts: Record<Tier, number>) => TIERS.reduce((total, tier) => total + counts[tier], 0);
  return {
    ...period,
    total: rate(sum(churned), sum(base)),
    byTier: Object.fromEntries(TIERS.map((tier) => [tier, rate(churned[tier], base[tier])])) as Record<
      Tier,
      TierChurnRate
    >,
  };
}
