import type { Day } from './days.ts';
import type { Minor } from './money.ts';
import type { OrderFact } from './profile.ts';

/**
 * Sums over day ranges of a profile's facts. Facts are sorted by day, so each range is found by binary
 * search and only its own facts are visited: the evaluator's cost per customer stays proportional to the
 * handful of orders in the windows, not to the whole history.
 */

/** Index of the first fact on or after `day`. */
export function firstIndexOnOrAfter(orders: readonly OrderFact[], day: Day): number {
  let lo = 0;
  let hi = orders.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((orders[mid] as OrderFact).day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface WindowTotals {
  /** Net sales (returns subtracted) in minor units. */
  sales: Minor;
  /** Orders that count as purchases. */
  orders: number;
}

/** Totals over the inclusive day range [from, to]. */
export function totalsBetween(orders: readonly OrderFact[], from: Day, to: Day): WindowTotals {
  let sales = 0;
  let count = 0;
  for (let i = firstIndexOnOrAfter(orders, from); i < orders.length; i++) {
    const fact = orders[i] as OrderFact;
    if (fact.day > to) break;
    sales += fact.net;
    if (fact.purchase) count++;
  }
  return { sales, orders: count };
}

/** Distinct SKUs bought in the inclusive day range [from, to]. */
export function skusBetween(orders: readonly OrderFact[], from: Day, to: Day): Set<string> {
  const skus = new Set<string>();
  for (let i = firstIndexOnOrAfter(orders, from); i < orders.length; i++) {
    const fact = orders[i] as OrderFact;
    if (fact.day > to) break;
    if (fact.purchase) for (const sku of fact.skus) skus.add(sku);
  }
  return skus;
}

/** Distinct purchase days up to and including `asOf`, ascending. */
export function purchaseDaysUpTo(orders: readonly OrderFact[], asOf: Day): Day[] {
  const days: Day[] = [];
  for (const fact of orders) {
    if (fact.day > asOf) break;
    if (fact.purchase && days[days.length - 1] !== fact.day) days.push(fact.day);
  }
  return days;
}

/**
 * The window a comparison rule uses for one customer: the configured length, widened (up to half a year) to
 * cover `minCycles` of the customer's own cycles, so each window holds a few orders and one order falling
 * either side of the edge is not read as a collapse.
 *
 * @example effectiveWindowDays(30, 28, 3) // 84: a shop ordering every four weeks is compared quarter on quarter
 */
export function effectiveWindowDays(windowDays: number, cycleDays: number, minCycles: number): number {
  return Math.min(183, Math.max(windowDays, Math.ceil(cycleDays * minCycles)));
}

/**
 * The two back-to-back windows a 环比 (period-over-period) rule compares, each `windowDays` long, the
 * current one ending on `asOf` inclusive.
 */
export function comparisonWindows(asOf: Day, windowDays: number) {
  return {
    current: { from: asOf - windowDays + 1, to: asOf },
    previous: { from: asOf - 2 * windowDays + 1, to: asOf - windowDays },
  };
}

/**
 * Change from `previous` to `current` in percent, one decimal (−100 = fell to nothing). For display only:
 * rules compare `current × 100` with `previous × (100 − threshold)`, which is exact for whole percentages,
 * so "exactly at the threshold" never depends on float rounding.
 */
export function changePct(previous: number, current: number): number {
  return Math.round(((current - previous) / previous) * 1000) / 10;
}
