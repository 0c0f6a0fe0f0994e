import type { BgnbdCustomer, BgnbdParams } from './bgnbd.ts';
import { bgnbdSummaryOf } from './bgnbd-summary.ts';
import { type ChurnConfig, type RuleId, ruleParamsFor, TIERS, type Tier } from './config.ts';
import { learnCycle, type OrderingCycle } from './cycle.ts';
import { type Day, formatDay } from './days.ts';
import type { Finding } from './findings.ts';
import type { LearnedVerdict } from './learned-verdict.ts';
import type { Minor } from './money.ts';
import { fitPAliveModel, type PAliveModel } from './p-alive-model.ts';
import { type CustomerProfile, emptyProfile } from './profile.ts';
import type { Customer } from './records.ts';
import { riskScore } from './risk.ts';
import { type BoundRule, rulesForTier } from './rules/index.ts';
import { type TierCutoffs, type TierKey, tierCutoffs, tierOf } from './tiers.ts';
import { comparisonWindows, firstIndexOnOrAfter, totalsBetween } from './windows.ts';

/**
 * - `active`: ordering, no signal that puts it at risk.
 * - `at_risk`: at least one signal about the customer's buying fired (a late visit alone is the rep's
 *   follow-up, not the customer slipping, so `visit_overdue` on its own does not count).
 * - `lost`: silent for longer than `atRisk.lostAfterDays`; out of the daily lists, kept in the history.
 * - `no_orders`: known from master data or visits, no order yet.
 */
export type CustomerStatus = 'active' | 'at_risk' | 'lost' | 'no_orders';

export interface CustomerEvaluation {
  customerId: string;
  name: string | null;
  repId: string | null;
  tier: Tier;
  status: CustomerStatus;
  atRisk: boolean;
  /** In [0, 1]; see risk.ts. */
  risk: number;
  /** risk × trailing 12-month sales, minor units: what a rep's list is ordered by. */
  moneyAtRisk: Minor;
  findings: Finding[];
  /**
   * The fired rules whose `flag` the admin turned on: they put the customer on the list whatever the risk
   * model says. Empty by default.
   */
  flaggedBy: RuleId[];
  lastOrderDate: string | null;
  daysSinceLastOrder: number | null;
  firstOrderDate: string | null;
  cycleDays: number;
  cycleSource: OrderingCycle['source'];
  /** Net sales over the tier period (12 months by default), minor units. */
  trailingSales: Minor;
  /** Net sales in the last period (the sales_drop window, 30 days by default) and the one before. */
  lastPeriodSales: Minor;
  previousPeriodSales: Minor;
  lastVisitDate: string | null;
  daysSinceLastVisit: number | null;
  lastCouponDate: string | null;
  /**
   * Set when the learned risk (learned-risk.ts) scored the customer: then `risk`, `atRisk`, `status` and
   * `moneyAtRisk` are the model's, and this keeps what it said and why.
   */
  learned?: LearnedVerdict;
}

/** What the evaluator needs to know about a customer before tiers exist: one pass over its facts. */
export interface CustomerBasics {
  key: TierKey;
  lastPurchaseDay: Day | null;
  firstPurchaseDay: Day | null;
  cycle: OrderingCycle;
}

/** Net sales over the tier period up to as-of, and the index just past the last fact on or before as-of. */
function trailingSalesOf(
  profile: CustomerProfile,
  asOf: Day,
  config: ChurnConfig,
): { sales: Minor; end: number } {
  const orders = profile.orders;
  const nets = orders.nets;
  const end = firstIndexOnOrAfter(orders, asOf + 1);
  let sales = 0;
  for (let i = firstIndexOnOrAfter(orders, asOf - config.tiers.trailingDays + 1); i < end; i++) {
    sales += nets[i] as Minor;
  }
  return { sales, end };
}

/**
 * A customer's trailing sales, last and first purchase day and ordering cycle as of a day, without the rules:
 * what the risk model's training reads on each of its days (learned-risk.ts).
 */
export function basicsOf(profile: CustomerProfile, asOf: Day, config: ChurnConfig): CustomerBasics {
  const { days, purchases } = profile.orders;
  // Facts are sorted by day: from the last one on or before as-of, walk back only as far as needed.
  const { sales: trailingSales, end } = trailingSalesOf(profile, asOf, config);
  const keepDays = config.cycle.recentGaps + 1;
  const recentDays: Day[] = [];
  for (let i = end - 1; i >= 0 && recentDays.length < keepDays; i--) {
    const day = days[i] as Day;
    if (purchases[i] === 1 && recentDays[recentDays.length - 1] !== day) recentDays.push(day);
  }
  recentDays.reverse();
  let firstPurchaseDay: Day | null = profile.prunedFirstPurchaseDay;
  if (firstPurchaseDay === null) {
    const first = purchases.indexOf(1);
    if (first >= 0 && first < end) firstPurchaseDay = days[first] as Day;
  }
  return {
    key: { customerId: profile.customerId, trailingSales },
    lastPurchaseDay: recentDays[recentDays.length - 1] ?? null,
    firstPurchaseDay,
    cycle: learnCycle(recentDays, config.cycle),
  };
}

/** The rules of every tier, resolved once for a run. */
export type RuleSet = Record<Tier, BoundRule[]>;

export function ruleSet(config: ChurnConfig): RuleSet {
  const set = {} as RuleSet;
  for (const tier of TIERS) set[tier] = rulesForTier(config, tier);
  return set;
}

function evaluateWithBasics(
  profile: CustomerProfile,
  basics: CustomerBasics,
  tier: Tier,
  rules: RuleSet,
  master: Customer | undefined,
  asOf: Day,
  config: ChurnConfig,
  pAliveParams: BgnbdParams | null,
): CustomerEvaluation {
  const { lastPurchaseDay, firstPurchaseDay, cycle } = basics;
  const context = { profile, asOf, tier, lastPurchaseDay, firstPurchaseDay, cycle, pAliveParams };
  const findings: Finding[] = [];
  for (const rule of rules[tier]) {
    const finding = rule(context);
    if (finding) findings.push(finding);
  }
  const daysSince = lastPurchaseDay === null ? null : asOf - lastPurchaseDay;
  const risk = riskScore(findings, daysSince, cycle);
  let status: CustomerStatus;
  if (daysSince === null) status = 'no_orders';
  else if (daysSince > config.atRisk.lostAfterDays) status = 'lost';
  else if (findings.some((finding) => finding.rule !== 'visit_overdue')) status = 'at_risk';
  else status = 'active';
  const { current, previous } = comparisonWindows(asOf, config.rules.sales_drop.windowDays);
  const trailingSales = basics.key.trailingSales;
  return {
    customerId: profile.customerId,
    // Master data's name wins; else the latest one the customer's orders gave.
    name: master?.name ?? profile.customerName ?? null,
    repId: master?.repId ?? profile.repId ?? null,
    tier,
    status,
    atRisk: status === 'at_risk',
    risk,
    moneyAtRisk: Math.round(risk * Math.max(0, trailingSales)),
    findings,
    flaggedBy: findings.length === 0 ? [] : flaggingRules(findings, config, tier),
    lastOrderDate: lastPurchaseDay === null ? null : formatDay(lastPurchaseDay),
    daysSinceLastOrder: daysSince,
    firstOrderDate: basics.firstPurchaseDay === null ? null : formatDay(basics.firstPurchaseDay),
    cycleDays: cycle.days,
    cycleSource: cycle.source,
    trailingSales,
    lastPeriodSales: totalsBetween(profile.orders, current.from, current.to).sales,
    previousPeriodSales: totalsBetween(profile.orders, previous.from, previous.to).sales,
    lastVisitDate:
      profile.lastVisitDay === null || profile.lastVisitDay > asOf ? null : formatDay(profile.lastVisitDay),
    daysSinceLastVisit:
      profile.lastVisitDay === null || profile.lastVisitDay > asOf ? null : asOf - profile.lastVisitDay,
    lastCouponDate:
      profile.lastCouponDay === null || profile.lastCouponDay > asOf
        ? null
        : formatDay(profile.lastCouponDay),
  };
}

/** The rules among the findings whose `flag` is on for the tier. */
function flaggingRules(findings: readonly Finding[], config: ChurnConfig, tier: Tier): RuleId[] {
  return findings
    .filter((finding) => ruleParamsFor(config, finding.rule, tier).flag)
    .map((finding) => finding.rule);
}

/** Orders a list the way a rep works it: most money at risk first, then highest risk, then by id. */
export function compareByMoneyAtRisk(a: CustomerEvaluation, b: CustomerEvaluation): number {
  return (
    b.moneyAtRisk - a.moneyAtRisk ||
    b.risk - a.risk ||
    (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0)
  );
}

export interface EvaluationResult {
  asOf: string;
  cutoffs: TierCutoffs;
  customers: CustomerEvaluation[];
  /** The BG/NBD model of the run, or null when no tier has `low_p_alive` enabled. */
  pAliveModel: PAliveModel | null;
}

/** Whether any tier runs `low_p_alive`, so the run has to fit the model. */
export function usesPAlive(config: ChurnConfig): boolean {
  return TIERS.some((tier) => ruleParamsFor(config, 'low_p_alive', tier).enabled);
}

/**
 * The run's BG/NBD model, from everyone's purchase history as of the day; null when no tier uses it. The
 * summaries are the customers' (x, t_x, T); those without a purchase are left out.
 */
export function pAliveModelOf(
  summaries: Iterable<BgnbdCustomer | null>,
  config: ChurnConfig,
): PAliveModel | null {
  if (!usesPAlive(config)) return null;
  const known = [...summaries].filter((summary): summary is BgnbdCustomer => summary !== null);
  const { minCustomers, minRepeaters } = config.rules.low_p_alive;
  return fitPAliveModel(known, { minCustomers, minRepeaters });
}

/** The parameters the rule runs with: a usable model's, else none (the rule stays silent). */
export const pAliveParamsOf = (model: PAliveModel | null): BgnbdParams | null =>
  model?.status === 'ok' ? model.params : null;

/**
 * Evaluates every customer as of a day: tiers from everyone's trailing sales, then each customer's rules
 * with its tier's thresholds. Customers from master data without orders are included (as `no_orders`), so
 * nobody the distributor knows about is missing from `--all`. Sorted by money at risk.
 */
export function evaluateCustomers(input: {
  profiles: Iterable<CustomerProfile>;
  customers?: ReadonlyMap<string, Customer>;
  asOf: Day;
  config: ChurnConfig;
}): EvaluationResult {
  const { asOf, config } = input;
  const profiles: CustomerProfile[] = [...input.profiles];
  if (input.customers && input.customers.size > 0) {
    const seen = new Set(profiles.map((profile) => profile.customerId));
    for (const customerId of input.customers.keys()) {
      if (!seen.has(customerId)) profiles.push(emptyProfile(customerId));
    }
  }
  const basics = profiles.map((profile) => basicsOf(profile, asOf, config));
  const cutoffs = tierCutoffs(
    basics.map((b) => b.key),
    config.tiers,
  );
  const rules = ruleSet(config);
  const pAliveModel = pAliveModelOf(
    profiles.map((profile) => bgnbdSummaryOf(profile, asOf)),
    config,
  );
  const pAliveParams = pAliveParamsOf(pAliveModel);
  const customers = profiles.map((profile, i) => {
    const b = basics[i] as CustomerBasics;
    return evaluateWithBasics(
      profile,
      b,
      tierOf(b.key, cutoffs),
      rules,
      input.customers?.get(profile.customerId),
      asOf,
      config,
      pAliveParams,
    );
  });
  customers.sort(compareByMoneyAtRisk);
  return { asOf: formatDay(asOf), cutoffs, customers, pAliveModel };
}

/**
 * Evaluates one customer against tier cut-offs computed elsewhere (the daily evaluator computes them once
 * and fans the table scan out over segments).
 */
export function evaluateCustomer(
  profile: CustomerProfile,
  context: {
    asOf: Day;
    config: ChurnConfig;
    cutoffs: TierCutoffs;
    rules: RuleSet;
    customer?: Customer;
    /** The run's BG/NBD parameters (see pAliveModelOf), fitted once on everyone; none: the rule is silent. */
    pAliveParams?: BgnbdParams | null;
  },
): CustomerEvaluation {
  const basics = basicsOf(profile, context.asOf, context.config);
  return evaluateWithBasics(
    profile,
    basics,
    tierOf(basics.key, context.cutoffs),
    context.rules,
    context.customer,
    context.asOf,
    context.config,
    context.pAliveParams ?? null,
  );
}

/** The tier key of a profile as of a day: what the cut-offs are computed from. */
export function tierKeyOf(profile: CustomerProfile, asOf: Day, config: ChurnConfig): TierKey {
  return { customerId: profile.customerId, trailingSales: trailingSalesOf(profile, asOf, config).sales };
}
