import type { BgnbdCustomer, BgnbdParams } from './bgnbd.ts';
import { bgnbdSummaryOf } from './bgnbd-summary.ts';
import { type ChurnConfig, type RuleId, ruleParamsFor, TIERS, type Tier } from './config.ts';
import { learnCycleFrom, type OrderingCycle } from './cycle.ts';
import { type Day, formatDay } from './days.ts';
import type { Finding, RuleContext } from './findings.ts';
import type { LearnedVerdict } from './learned-verdict.ts';
import type { Minor } from './money.ts';
import { fitPAliveModel, type PAliveModel } from './p-alive-model.ts';
import { type CustomerProfile, emptyProfile, type OrderColumns } from './profile.ts';
import type { Customer } from './records.ts';
import { riskScore } from './risk.ts';
import { runRules, type TierRules, tierRules } from './rules/index.ts';
import { type TierCutoffs, type TierKey, TierKeyList, tierCutoffs, tierOfSales } from './tiers.ts';
import { comparisonWindows, firstIndexOnOrAfter, salesBetween } from './windows.ts';

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

/**
 * What a customer's facts say before any rule runs. `evaluateCustomer` computes it into one object reused for
 * every customer: the daily evaluator does this a million times a day and keeps none of it.
 */
interface Scan {
  trailingSales: Minor;
  lastPurchaseDay: Day | null;
  firstPurchaseDay: Day | null;
  cycle: OrderingCycle;
}

/** Net sales over the tier period up to as-of (scanProfile sums the same facts in the same order). */
function trailingSalesOf(orders: OrderColumns, asOf: Day, config: ChurnConfig): Minor {
  const nets = orders.nets;
  const end = firstIndexOnOrAfter(orders, asOf + 1);
  let sales = 0;
  for (let i = firstIndexOnOrAfter(orders, asOf - config.tiers.trailingDays + 1); i < end; i++) {
    sales += nets[i] as Minor;
  }
  return sales;
}

// The distinct purchase days a cycle is learned from, latest last, filled from the end backwards. Whole
// numbers, so the days and day counts read from here stay small integers: a float would be boxed in a new
// heap number in every evaluation that keeps it (days since the last order).
let recentDays = new Int32Array(64);

/**
 * One pass over a profile's facts as of a day: trailing sales over the tier period, the last and first
 * purchase day, and the ordering cycle.
 */
function scanProfile(profile: CustomerProfile, asOf: Day, config: ChurnConfig, into: Scan): void {
  const { days, nets, purchases } = profile.orders;
  const from = asOf - config.tiers.trailingDays + 1;
  // Forward from the first fact to the last on or before as-of, summing as it goes: over a profile's few
  // dozen facts this costs less than binary searches for the two ends, whose branches the processor cannot
  // predict, and than a separate search for the first purchase.
  let trailingSales = 0;
  let firstPurchase = -1;
  let end = 0;
  for (; end < days.length; end++) {
    const day = days[end] as Day;
    if (day > asOf) break;
    if (day >= from) trailingSales += nets[end] as Minor;
    if (firstPurchase < 0 && purchases[end] === 1) firstPurchase = end;
  }
  // Back from the last fact on or before as-of, only as far as the cycle needs.
  const keepDays = config.cycle.recentGaps + 1;
  if (recentDays.length < keepDays) recentDays = new Int32Array(keepDays);
  let kept = keepDays;
  for (let i = end - 1; i >= 0 && kept > 0; i--) {
    const day = days[i] as Day;
    if (purchases[i] === 1 && (kept === keepDays || recentDays[kept] !== day)) recentDays[--kept] = day;
  }
  into.trailingSales = trailingSales;
  into.lastPurchaseDay = kept < keepDays ? (recentDays[keepDays - 1] as Day) : null;
  const pruned = profile.prunedFirstPurchaseDay;
  into.firstPurchaseDay = pruned !== null ? pruned : firstPurchase >= 0 ? (days[firstPurchase] as Day) : null;
  into.cycle = learnCycleFrom(recentDays, kept, keepDays, config.cycle);
}

const FALLBACK_CYCLE: OrderingCycle = { days: 30, source: 'fallback', gaps: 0 };
const newScan = (): Scan => ({
  trailingSales: 0,
  lastPurchaseDay: null,
  firstPurchaseDay: null,
  cycle: FALLBACK_CYCLE,
});
const scratchScan = newScan();

/**
 * A customer's trailing sales, last and first purchase day and ordering cycle as of a day, without the rules:
 * what the risk model's training reads on each of its days (learned-risk.ts).
 */
export function basicsOf(profile: CustomerProfile, asOf: Day, config: ChurnConfig): CustomerBasics {
  const scan = newScan();
  scanProfile(profile, asOf, config, scan);
  return {
    key: { customerId: profile.customerId, trailingSales: scan.trailingSales },
    lastPurchaseDay: scan.lastPurchaseDay,
    firstPurchaseDay: scan.firstPurchaseDay,
    cycle: scan.cycle,
  };
}

/** The rules of every tier, resolved once for a run. */
export interface RuleSet {
  /** The settings they were resolved from. */
  readonly config: ChurnConfig;
  readonly tiers: Readonly<Record<Tier, TierRules>>;
}

export function ruleSet(config: ChurnConfig): RuleSet {
  const tiers = {} as Record<Tier, TierRules>;
  for (const tier of TIERS) tiers[tier] = tierRules(config, tier);
  return { config, tiers };
}

// What the rules found for the customer at hand, one slot per rule.
const found: Finding[] = [];

// The lists of a customer with no findings, or none that flag it (most customers, every day): one shared
// empty list each instead of two new arrays per customer. Frozen, so a caller that tried to add to one
// would fail loudly rather than change every other customer's. The loops over findings below are indexed:
// for-of over both kinds of list (frozen and not) allocates an iterator per customer.
const NO_FINDINGS = Object.freeze([]) as readonly Finding[] as Finding[];
const NOT_FLAGGED = Object.freeze([]) as readonly RuleId[] as RuleId[];

// One context for every customer: rules read it and keep nothing of it.
const context: RuleContext = {
  profile: emptyProfile(''),
  asOf: 0,
  tier: 'dormant',
  lastPurchaseDay: null,
  firstPurchaseDay: null,
  cycle: FALLBACK_CYCLE,
  pAliveParams: null,
};

function evaluateScanned(
  profile: CustomerProfile,
  scan: Scan,
  tier: Tier,
  rules: RuleSet,
  master: Customer | undefined,
  asOf: Day,
  config: ChurnConfig,
  pAliveParams: BgnbdParams | null,
): CustomerEvaluation {
  const { lastPurchaseDay, firstPurchaseDay, cycle, trailingSales } = scan;
  context.profile = profile;
  context.asOf = asOf;
  context.tier = tier;
  context.lastPurchaseDay = lastPurchaseDay;
  context.firstPurchaseDay = firstPurchaseDay;
  context.cycle = cycle;
  context.pAliveParams = pAliveParams;
  // Copied out at their exact length: the findings of a customer at risk are kept for the whole run.
  const count = runRules(rules.tiers[tier], context, found);
  const findings = count === 0 ? NO_FINDINGS : found.slice(0, count);
  const daysSince = lastPurchaseDay === null ? null : asOf - lastPurchaseDay;
  const risk = riskScore(findings, daysSince, cycle);
  let status: CustomerStatus;
  if (daysSince === null) status = 'no_orders';
  else if (daysSince > config.atRisk.lostAfterDays) status = 'lost';
  else if (hasBuyingSignal(findings)) status = 'at_risk';
  else status = 'active';
  const { current, previous } = comparisonWindows(asOf, config.rules.sales_drop.windowDays);
  const orders = profile.orders;
  const lastVisitDay = profile.lastVisitDay;
  const lastCouponDay = profile.lastCouponDay;
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
    flaggedBy: flaggingRules(findings, rules, config, tier),
    lastOrderDate: lastPurchaseDay === null ? null : formatDay(lastPurchaseDay),
    daysSinceLastOrder: daysSince,
    firstOrderDate: firstPurchaseDay === null ? null : formatDay(firstPurchaseDay),
    cycleDays: cycle.days,
    cycleSource: cycle.source,
    trailingSales,
    lastPeriodSales: salesBetween(orders, current.from, current.to),
    previousPeriodSales: salesBetween(orders, previous.from, previous.to),
    lastVisitDate: lastVisitDay === null || lastVisitDay > asOf ? null : formatDay(lastVisitDay),
    daysSinceLastVisit: lastVisitDay === null || lastVisitDay > asOf ? null : asOf - lastVisitDay,
    lastCouponDate: lastCouponDay === null || lastCouponDay > asOf ? null : formatDay(lastCouponDay),
  };
}

/** Whether any finding is about the customer's buying (a late visit alone is the rep's follow-up). */
function hasBuyingSignal(findings: readonly Finding[]): boolean {
  for (let i = 0; i < findings.length; i++)
    if ((findings[i] as Finding).rule !== 'visit_overdue') return true;
  return false;
}

/** The rules among the findings whose `flag` is on for the tier. */
function flaggingRules(
  findings: readonly Finding[],
  rules: RuleSet,
  config: ChurnConfig,
  tier: Tier,
): RuleId[] {
  // A list only once a rule flags: flags are off by default, so most customers with findings get none.
  let flagged: RuleId[] | null = null;
  // Resolved once with the rules, unless the caller evaluates with other settings than it resolved them from.
  const flags = rules.config === config ? rules.tiers[tier].flags : null;
  for (let i = 0; i < findings.length; i++) {
    const rule = (findings[i] as Finding).rule;
    if (flags ? flags[rule] : ruleParamsFor(config, rule, tier).flag) (flagged ??= []).push(rule);
  }
  return flagged ?? NOT_FLAGGED;
}

/** Orders a list the way a rep works it: most money at risk first, then highest risk, then by id. */
export function compareByMoneyAtRisk(a: CustomerEvaluation, b: CustomerEvaluation): number {
  return (
    b.moneyAtRisk - a.moneyAtRisk ||
    b.risk - a.risk ||
    (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0)
  );
}

/**
 * Sorts a list in place in the order of compareByMoneyAtRisk. A day's list can hold a quarter of a million
 * customers: their positions are sorted by money at risk with a radix sort over the bytes of the amounts, and
 * only customers with the same money at risk (usually few) are put in order by risk and id with a comparator.
 * Calling a comparator for every pair took about 1.5 times as long, and left garbage to collect.
 */
export function sortByMoneyAtRisk(evaluations: CustomerEvaluation[]): CustomerEvaluation[] {
  const n = evaluations.length;
  const money = new Float64Array(n);
  for (let i = 0; i < n; i++) money[i] = (evaluations[i] as CustomerEvaluation).moneyAtRisk + 0; // -0 → 0
  const order = money.every((value) => value >= 0 && value < Infinity)
    ? positionsByMoneyDescending(money)
    : Uint32Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => (money[b] as number) - (money[a] as number),
      );
  const byRiskThenId = (a: number, b: number): number => {
    const riskA = (evaluations[a] as CustomerEvaluation).risk;
    const riskB = (evaluations[b] as CustomerEvaluation).risk;
    if (riskA !== riskB) return riskB - riskA;
    const idA = (evaluations[a] as CustomerEvaluation).customerId;
    const idB = (evaluations[b] as CustomerEvaluation).customerId;
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
  for (let first = 0; first < n;) {
    const amount = money[order[first] as number] as number;
    let end = first + 1;
    while (end < n && money[order[end] as number] === amount) end++;
    if (end - first > 1) order.subarray(first, end).sort(byRiskThenId);
    first = end;
  }
  const inOrder = Array.from(order, (i) => evaluations[i] as CustomerEvaluation);
  for (let i = 0; i < n; i++) evaluations[i] = inOrder[i] as CustomerEvaluation;
  return evaluations;
}

/**
 * Positions 0..n-1 ordered by `money` from highest to lowest (ties in position order), by a least significant
 * byte first radix sort: the bytes of a non-negative double order as its value does.
 */
function positionsByMoneyDescending(money: Float64Array): Uint32Array {
  const n = money.length;
  const bytes = new Uint8Array(money.buffer, money.byteOffset, money.byteLength);
  // Byte b of a value sits at 8 × position + b on a little-endian machine, at 8 × position + 7 − b otherwise.
  const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
  let order = Uint32Array.from({ length: n }, (_, i) => i);
  let next = new Uint32Array(n);
  const counts = new Uint32Array(256);
  for (let b = 0; b < 8; b++) {
    const at = littleEndian ? b : 7 - b;
    counts.fill(0);
    // Inverted bytes, so the highest amounts come first.
    for (let i = 0; i < n; i++) (counts[255 - (bytes[8 * i + at] as number)] as number)++;
    if (counts.includes(n)) continue; // every amount has the same byte here
    let start = 0;
    for (let digit = 0; digit < 256; digit++) {
      const count = counts[digit] as number;
      counts[digit] = start;
      start += count;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      next[(counts[255 - (bytes[8 * i + at] as number)] as number)++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
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
  const scans = profiles.map((profile) => {
    const scan = newScan();
    scanProfile(profile, asOf, config, scan);
    return scan;
  });
  const keys = new TierKeyList();
  scans.forEach((scan, i) => keys.add((profiles[i] as CustomerProfile).customerId, scan.trailingSales));
  const cutoffs = tierCutoffs(keys, config.tiers);
  const rules = ruleSet(config);
  const pAliveModel = pAliveModelOf(
    profiles.map((profile) => bgnbdSummaryOf(profile, asOf)),
    config,
  );
  const pAliveParams = pAliveParamsOf(pAliveModel);
  const customers = profiles.map((profile, i) => {
    const scan = scans[i] as Scan;
    return evaluateScanned(
      profile,
      scan,
      tierOfSales(profile.customerId, scan.trailingSales, cutoffs),
      rules,
      input.customers?.get(profile.customerId),
      asOf,
      config,
      pAliveParams,
    );
  });
  sortByMoneyAtRisk(customers);
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
  scanProfile(profile, context.asOf, context.config, scratchScan);
  return evaluateScanned(
    profile,
    scratchScan,
    tierOfSales(profile.customerId, scratchScan.trailingSales, context.cutoffs),
    context.rules,
    context.customer,
    context.asOf,
    context.config,
    context.pAliveParams ?? null,
  );
}

/** The tier key of a profile as of a day: what the cut-offs are computed from. */
export function tierKeyOf(profile: CustomerProfile, asOf: Day, config: ChurnConfig): TierKey {
  return { customerId: profile.customerId, trailingSales: trailingSalesOf(profile.orders, asOf, config) };
}

/**
 * Adds a profile's tier key as of a day to everyone's: tierKeyOf without an object per customer, for a run
 * that ranks a whole table (`tierCutoffs(keys, config.tiers)` once all are in).
 */
export function addTierKey(
  keys: TierKeyList,
  profile: CustomerProfile,
  asOf: Day,
  config: ChurnConfig,
): void {
  keys.add(profile.customerId, trailingSalesOf(profile.orders, asOf, config));
}

/** Everyone's tier keys as of a day, ready for `tierCutoffs`. */
export function tierKeysOf(profiles: Iterable<CustomerProfile>, asOf: Day, config: ChurnConfig): TierKeyList {
  const keys = new TierKeyList();
  for (const profile of profiles) addTierKey(keys, profile, asOf, config);
  return keys;
}
