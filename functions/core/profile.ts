import type { Day } from './days.ts';
import type { Minor } from './money.ts';
import type { CustomerEvent, OrderLine } from './records.ts';

/**
 * One order reduced to what the rules need. Lines of an order are folded in; an order that is returned on
 * a later day under the same number becomes a second fact on that day, so sales fall when the goods came
 * back, not when they were sold.
 */
export interface OrderFact {
  orderId: string;
  day: Day;
  /** Placed lines minus returned lines, cancelled lines left out. Negative for a pure return document. */
  net: Minor;
  /** Whether this counts as the customer ordering (activity): not cancelled, not a return, not returned in full. */
  purchase: boolean;
  /** Distinct SKUs on the placed lines, sorted. */
  skus: readonly string[];
}

/**
 * The compact per-customer summary that ingest keeps and the evaluator reads (one item per customer).
 * Merging facts is idempotent and order-independent: a fact replaces the one with the same order id and day,
 * and pruning depends only on the latest day ever seen, so retries and reordering converge.
 */
export interface CustomerProfile {
  customerId: string;
  /** The rep on the customer's latest order that named one. Master data, when present, wins over this. */
  repId?: string | undefined;
  /** Facts sorted by day, then order id; those older than the retention window are pruned. */
  orders: OrderFact[];
  /** The latest order day ever merged; pruning is relative to it, so it only moves forward. */
  latestDay: Day | null;
  /** The earliest purchase day among pruned facts, so "customer since" survives pruning. */
  prunedFirstPurchaseDay: Day | null;
  lastVisitDay: Day | null;
  lastCouponDay: Day | null;
  /** Complaint days, sorted, within the retention window. */
  complaintDays: Day[];
  /** Visits are tracked for this customer (at least one recorded), so "no visit" means something. */
  visitsTracked: boolean;
}

export function emptyProfile(customerId: string): CustomerProfile {
  return {
    customerId,
    orders: [],
    latestDay: null,
    prunedFirstPurchaseDay: null,
    lastVisitDay: null,
    lastCouponDay: null,
    complaintDays: [],
    visitsTracked: false,
  };
}

/** What an order's lines amount to. Cancelled lines are skipped; every other line is counted exactly once. */
export function orderFactFromLines(lines: readonly OrderLine[]): OrderFact {
  const first = lines[0];
  if (!first) throw new Error('an order needs at least one line');
  let placed = 0;
  let returned = 0;
  let hasPlacedLine = false;
  const skus = new Set<string>();
  for (const line of lines) {
    if (line.status === 'cancelled') continue;
    if (line.status === 'returned' || line.amount < 0) {
      returned += Math.abs(line.amount);
    } else {
      hasPlacedLine = true;
      placed += line.amount;
      if (line.sku) skus.add(line.sku);
    }
  }
  // A free order (all lines at 0) is still the shop ordering; an order returned in full is not.
  const purchase = hasPlacedLine && (placed > returned || (placed === 0 && returned === 0));
  return {
    orderId: first.orderId,
    day: first.day,
    net: placed - returned,
    purchase,
    skus: [...skus].sort(),
  };
}

const compareFacts = (a: OrderFact, b: OrderFact): number =>
  a.day - b.day || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0);

/**
 * Merges order facts into a profile (a new object; the input is not changed). A fact with the same order id
 * and day as an existing one replaces it, which makes re-delivery harmless.
 */
export function mergeOrderFacts(
  profile: CustomerProfile,
  facts: readonly OrderFact[],
  retentionDays: number,
): CustomerProfile {
  const byKey = new Map<string, OrderFact>();
  for (const fact of profile.orders) byKey.set(`${fact.day}|${fact.orderId}`, fact);
  let latestDay = profile.latestDay;
  for (const fact of facts) {
    byKey.set(`${fact.day}|${fact.orderId}`, fact);
    if (latestDay === null || fact.day > latestDay) latestDay = fact.day;
  }
  const all = [...byKey.values()].sort(compareFacts);
  let prunedFirstPurchaseDay = profile.prunedFirstPurchaseDay;
  const horizon = latestDay === null ? Number.NEGATIVE_INFINITY : latestDay - retentionDays + 1;
  const orders: OrderFact[] = [];
  for (const fact of all) {
    if (fact.day >= horizon) orders.push(fact);
    else if (fact.purchase && (prunedFirstPurchaseDay === null || fact.day < prunedFirstPurchaseDay)) {
      prunedFirstPurchaseDay = fact.day;
    }
  }
  return {
    ...profile,
    orders,
    latestDay,
    prunedFirstPurchaseDay,
    complaintDays: profile.complaintDays.filter((day) => day >= horizon),
  };
}

export interface ProfileEvents {
  visits?: readonly CustomerEvent[];
  coupons?: readonly CustomerEvent[];
  complaints?: readonly CustomerEvent[];
}

export interface BuildStats {
  lines: number;
  orders: number;
  purchases: number;
  cancelledOrders: number;
  returnDocuments: number;
  /** Records dated after the as-of day: not used for this evaluation, reported so nothing vanishes quietly. */
  afterAsOf: number;
}

/**
 * Builds every customer's profile from order lines and events, as of a day: anything dated after `asOf`
 * is left out (and counted), which is what a backtest at a past date needs. The result does not depend on
 * the order of the input.
 */
export function buildProfiles(
  lines: readonly OrderLine[],
  events: ProfileEvents,
  options: { asOf: Day; retentionDays: number },
): { profiles: Map<string, CustomerProfile>; stats: BuildStats } {
  const { asOf, retentionDays } = options;
  const stats: BuildStats = {
    lines: 0,
    orders: 0,
    purchases: 0,
    cancelledOrders: 0,
    returnDocuments: 0,
    afterAsOf: 0,
  };
  const orderLines = new Map<string, OrderLine[]>();
  for (const line of lines) {
    if (line.day > asOf) {
      stats.afterAsOf++;
      continue;
    }
    stats.lines++;
    const key = `${line.customerId}\u0000${line.orderId}\u0000${line.day}`;
    const group = orderLines.get(key);
    if (group) group.push(line);
    else orderLines.set(key, [line]);
  }

  const factsByCustomer = new Map<string, OrderFact[]>();
  const repByCustomer = new Map<string, { day: Day; orderId: string; repId: string }>();
  for (const group of orderLines.values()) {
    const fact = orderFactFromLines(group);
    const first = group[0] as OrderLine;
    stats.orders++;
    if (fact.purchase) stats.purchases++;
    else if (group.every((line) => line.status === 'cancelled')) stats.cancelledOrders++;
    else stats.returnDocuments++;
    const facts = factsByCustomer.get(first.customerId);
    if (facts) facts.push(fact);
    else factsByCustomer.set(first.customerId, [fact]);
    const repId = group.map((line) => line.repId).find((id) => id !== undefined);
    if (repId && fact.purchase) {
      const current = repByCustomer.get(first.customerId);
      if (!current || compareFacts(fact, { ...fact, day: current.day, orderId: current.orderId }) > 0) {
        repByCustomer.set(first.customerId, { day: fact.day, orderId: fact.orderId, repId });
      }
    }
  }

  const profiles = new Map<string, CustomerProfile>();
  const profileOf = (customerId: string): CustomerProfile => {
    let profile = profiles.get(customerId);
    if (!profile) {
      profile = emptyProfile(customerId);
      profiles.set(customerId, profile);
    }
    return profile;
  };
  for (const [customerId, facts] of factsByCustomer) {
    const merged = mergeOrderFacts(emptyProfile(customerId), facts, retentionDays);
    merged.repId = repByCustomer.get(customerId)?.repId;
    profiles.set(customerId, merged);
  }
  for (const visit of events.visits ?? []) {
    if (visit.day > asOf) {
      stats.afterAsOf++;
      continue;
    }
    const profile = profileOf(visit.customerId);
    profile.visitsTracked = true;
    if (profile.lastVisitDay === null || visit.day > profile.lastVisitDay) profile.lastVisitDay = visit.day;
  }
  for (const coupon of events.coupons ?? []) {
    if (coupon.day > asOf) {
      stats.afterAsOf++;
      continue;
    }
    const profile = profileOf(coupon.customerId);
    if (profile.lastCouponDay === null || coupon.day > profile.lastCouponDay)
      profile.lastCouponDay = coupon.day;
  }
  for (const complaint of events.complaints ?? []) {
    if (complaint.day > asOf) {
      stats.afterAsOf++;
      continue;
    }
    if (complaint.day <= asOf - retentionDays) continue;
    profileOf(complaint.customerId).complaintDays.push(complaint.day);
  }
  for (const profile of profiles.values()) profile.complaintDays.sort((a, b) => a - b);
  return { profiles, stats };
}
