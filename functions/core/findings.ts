import type { BgnbdParams } from './bgnbd.ts';
import type { RuleId, RuleParams, Tier } from './config.ts';
import type { OrderingCycle } from './cycle.ts';
import type { Day } from './days.ts';
import type { Minor } from './money.ts';
import type { CustomerProfile } from './profile.ts';

/**
 * What a rule found, with the facts behind it, so a digest can say it in a rep's language ("sales fell from
 * ¥3,200 to ¥1,100, −65.6%") and a manager can check it. Dates are `YYYY-MM-DD`, money in minor units.
 * `severity` in [0, 1] says how far past its threshold the signal is; the risk score combines them.
 */
interface FindingBase {
  severity: number;
}

export interface InactiveFinding extends FindingBase {
  rule: 'inactive';
  daysSinceLastOrder: number;
  thresholdDays: number;
  lastOrderDate: string;
}

export interface ChurnedFinding extends FindingBase {
  rule: 'churned';
  daysSinceLastOrder: number;
  cycleDays: number;
  /** How many of its own cycles the customer has been silent for, one decimal. */
  cyclesMissed: number;
  thresholdCycles: number;
  lastOrderDate: string;
}

export interface CycleOverdueFinding extends FindingBase {
  rule: 'cycle_overdue';
  daysSinceLastOrder: number;
  cycleDays: number;
  /** Days past the expected next order (days since the last order minus the cycle). */
  daysLate: number;
  thresholdCycles: number;
  lastOrderDate: string;
}

export interface SalesDropFinding extends FindingBase {
  rule: 'sales_drop';
  windowDays: number;
  previousSales: Minor;
  currentSales: Minor;
  changePct: number;
  thresholdPct: number;
}

export interface OrderCountDropFinding extends FindingBase {
  rule: 'order_count_drop';
  windowDays: number;
  previousOrders: number;
  currentOrders: number;
  changePct: number;
  thresholdPct: number;
}

export interface SustainedDeclineFinding extends FindingBase {
  rule: 'sustained_decline';
  /** Complete calendar months, oldest first: the base month and the months that each fell. */
  months: { month: string; sales: Minor }[];
  monthsDeclining: number;
  changePct: number;
}

export interface SkuBreadthDropFinding extends FindingBase {
  rule: 'sku_breadth_drop';
  windowDays: number;
  previousSkus: number;
  currentSkus: number;
  changePct: number;
  thresholdPct: number;
  /** Up to five SKUs bought in the previous window and not in the current one. */
  droppedSkus: string[];
  /**
   * The product name of each of `droppedSkus` ('' where none is known), so a digest can say 可口可乐 330ml
   * instead of 6901234567890. Absent when the export named no product.
   */
  droppedSkuNames?: string[];
}

export interface VisitOverdueFinding extends FindingBase {
  rule: 'visit_overdue';
  /** Null when no visit was ever logged for this customer. */
  lastVisitDate: string | null;
  daysSinceLastVisit: number | null;
  cadenceDays: number;
}

export interface ComplaintsRisingFinding extends FindingBase {
  rule: 'complaints_rising';
  windowDays: number;
  complaints: number;
  previousComplaints: number;
  threshold: number;
}

export interface LowPAliveFinding extends FindingBase {
  rule: 'low_p_alive';
  /** The probability, under the distributor's BG/NBD model, that the customer still buys; 3 decimals. */
  pAlive: number;
  threshold: number;
  /** Days with a repeat purchase in the history the model saw. */
  repeatPurchases: number;
  /** Weeks since the last purchase, one decimal. */
  weeksSinceLastPurchase: number;
}

export type Finding =
  | LowPAliveFinding
  | InactiveFinding
  | ChurnedFinding
  | CycleOverdueFinding
  | SalesDropFinding
  | OrderCountDropFinding
  | SustainedDeclineFinding
  | SkuBreadthDropFinding
  | VisitOverdueFinding
  | ComplaintsRisingFinding;

export type FindingOf<R extends RuleId> = Extract<Finding, { rule: R }>;

/** What every rule sees of one customer on the as-of day. */
export interface RuleContext {
  profile: CustomerProfile;
  asOf: Day;
  tier: Tier;
  /** The last day the customer ordered on or before `asOf`; null if never. */
  lastPurchaseDay: Day | null;
  /** The first day the customer ordered (even if since pruned from the profile); null if never. */
  firstPurchaseDay: Day | null;
  cycle: OrderingCycle;
  /** The distributor's BG/NBD parameters for this run; null when the model is off or was not usable. */
  pAliveParams: BgnbdParams | null;
}

/** A rule is a pure function of the customer's facts and its (tier-resolved) parameters. */
export type Rule<R extends RuleId> = (context: RuleContext, params: RuleParams<R>) => FindingOf<R> | null;

export const clamp01 = (value: number): number => Math.max(0, Math.min(1, value));
export const round1 = (value: number): number => Math.round(value * 10) / 10;
