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
  /** The rep named on the order, if any. */
  repId?: string | undefined;
  /** The shop's name on the order (客户名称), if the export had one. */
  customerName?: string | undefined;
  /** Names of the order's SKUs (商品名称) where the export had them: SKU → name. */
  productNames?: Readonly<Record<string, string>> | undefined;
}

/**
 * A profile's order facts as parallel columns, sorted by day, then order id. Columns of numbers are stored
 * contiguously by the engine (and as compact lists in a DynamoDB item), so a daily run over a million
 * customers reads memory in order instead of chasing a million small objects each.
 */
export interface OrderColumns {
  ids: string[];
  days: Day[];
  nets: Minor[];
  /** 1 when the fact counts as the customer ordering (OrderFact.purchase), else 0. */
  purchases: number[];
  /** The rep named on each order ('' for none): the profile's rep follows the latest purchase naming one. */
  reps: string[];
  /** The distinct SKUs this customer bought, sorted; facts refer to them by position. */
  skuNames: string[];
  /**
   * The product name of each of `skuNames` ('' where none is known), the latest one an order gave: what a
   * digest says instead of the code. Absent when no order named a product. Kept here, beside the SKUs, because
   * the rule naming dropped SKUs reads only the profile, and only the SKUs a customer still has in its history
   * are named (a few hundred short names at most, well inside an item's 400 KB).
   */
  productNames?: string[];
  /** Fact i's SKUs are `skuRefs[skuStarts[i]]` up to `skuRefs[skuStarts[i + 1]]` (one more start than facts). */
  skuStarts: number[];
  skuRefs: number[];
}

export function emptyColumns(): OrderColumns {
  return { ids: [], days: [], nets: [], purchases: [], reps: [], skuNames: [], skuStarts: [0], skuRefs: [] };
}

/** The columns as one fact per order (for merging and for people reading a profile). */
export function factsOf(columns: OrderColumns): OrderFact[] {
  const { skuNames, skuStarts, skuRefs, productNames } = columns;
  return columns.ids.map((orderId, i) => {
    const refs = skuRefs.slice(skuStarts[i], skuStarts[i + 1]);
    const fact: OrderFact = {
      orderId,
      day: columns.days[i] as Day,
      net: columns.nets[i] as Minor,
      purchase: columns.purchases[i] === 1,
      skus: refs.map((ref) => skuNames[ref] as string),
      repId: columns.reps[i] || undefined,
    };
    // Each fact carries the name its SKUs have now, so merging the facts again keeps the same names.
    if (productNames) {
      const named: Record<string, string> = {};
      for (const ref of refs) if (productNames[ref]) named[skuNames[ref] as string] = productNames[ref];
      if (Object.keys(named).length > 0) fact.productNames = named;
    }
    return fact;
  });
}

/** Facts (already sorted) as columns. */
export function columnsOf(facts: readonly OrderFact[]): OrderColumns {
  const columns = emptyColumns();
  const refOf = new Map<string, number>();
  for (const fact of facts) for (const sku of fact.skus) refOf.set(sku, 0);
  columns.skuNames = [...refOf.keys()].sort();
  columns.skuNames.forEach((sku, i) => refOf.set(sku, i));
  for (const fact of facts) {
    columns.ids.push(fact.orderId);
    columns.days.push(fact.day);
    columns.nets.push(fact.net);
    columns.purchases.push(fact.purchase ? 1 : 0);
    columns.reps.push(fact.repId ?? '');
    for (const sku of fact.skus) columns.skuRefs.push(refOf.get(sku) as number);
    columns.skuStarts.push(columns.skuRefs.length);
  }
  // Facts are sorted by day, so the last name given for a SKU is the latest.
  let productNames: string[] | undefined;
  for (const fact of facts) {
    if (!fact.productNames) continue;
    for (const sku of fact.skus) {
      const name = fact.productNames[sku];
      if (!name) continue;
      productNames ??= columns.skuNames.map(() => '');
      productNames[refOf.get(sku) as number] = name;
    }
  }
  if (productNames) columns.productNames = productNames;
  return columns;
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
  /**
   * The name on the customer's latest order that gave one (客户名称 in an order export), and that order's day:
   * the name to show when master data has none. On one day with two names, the first in sort order, so any
   * order of delivery and a rebuild agree. Absent until an order names the customer.
   */
  customerName?: string | undefined;
  customerNameDay?: Day | undefined;
  /** Order facts sorted by day, then order id; those older than the retention window are pruned. */
  orders: OrderColumns;
  /**
   * The latest purchase day ever merged; pruning is relative to it, so it only moves forward, and a late
   * return document cannot push a customer's last orders out of its history.
   */
  latestDay: Day | null;
  /** The earliest purchase day among pruned facts, so "customer since" survives pruning. */
  prunedFirstPurchaseDay: Day | null;
  /**
   * Facts before this day have been pruned (the retention horizon, once any fact was dropped); null: nothing
   * ever was.
   * Absent on profiles stored before it was recorded. Whatever the retention setting says now, this is what
   * a profile really holds: the learned risk checks it before training (learned-risk.ts).
   */
  prunedBefore?: Day | null;
  lastVisitDay: Day | null;
  lastCouponDay: Day | null;
  /** Complaint days, sorted, within the retention window. */
  complaintDays: Day[];
  /** The distributor records visits, so "no visit logged" means something for this customer. */
  visitsTracked: boolean;
}

export function emptyProfile(customerId: string): CustomerProfile {
  return {
    customerId,
    orders: emptyColumns(),
    latestDay: null,
    prunedFirstPurchaseDay: null,
    prunedBefore: null,
    lastVisitDay: null,
    lastCouponDay: null,
    complaintDays: [],
    visitsTracked: false,
  };
}

/**
 * What an order's lines amount to. An export shows each line's current state: a `cancelled` line was never
 * sold and a `returned` line with a positive amount was sold and came back, so neither counts; a negative
 * amount (under any status but cancelled) is a return document and subtracts from sales on its day.
 */
export function orderFactFromLines(lines: readonly OrderLine[]): OrderFact {
  const first = lines[0];
  if (!first) throw new Error('an order needs at least one line');
  let placed = 0;
  let returned = 0;
  let hasPlacedLine = false;
  const skus: string[] = [];
  let productNames: Record<string, string> | undefined;
  let customerName: string | undefined;
  for (const line of lines) {
    if (line.customerName !== undefined && (customerName === undefined || line.customerName < customerName))
      customerName = line.customerName;
    if (line.status === 'cancelled') continue;
    if (line.amount < 0) {
      returned -= line.amount;
    } else if (line.status === 'placed') {
      hasPlacedLine = true;
      placed += line.amount;
      if (line.sku) {
        skus.push(line.sku);
        // Two names for one SKU in one order: the first in sort order, whatever the line order.
        const named = productNames?.[line.sku];
        if (line.productName && (named === undefined || line.productName < named))
          (productNames ??= {})[line.sku] = line.productName;
      }
    }
  }
  // A free order (all lines at 0) is still the shop ordering; an order returned in full is not.
  const purchase = hasPlacedLine && (placed > returned || (placed === 0 && returned === 0));
  return {
    orderId: first.orderId,
    day: first.day,
    net: placed - returned,
    purchase,
    skus: sortedDistinct(skus),
    repId: firstRepId(lines),
    ...(customerName === undefined ? {} : { customerName }),
    ...(productNames === undefined ? {} : { productNames }),
  };
}

/** Sorted without repeats; orders have a handful of lines, so this beats building a Set per order. */
function sortedDistinct(values: string[]): string[] {
  if (values.length < 2) return values;
  values.sort();
  let kept = 1;
  for (let i = 1; i < values.length; i++) {
    if (values[i] !== values[kept - 1]) values[kept++] = values[i] as string;
  }
  values.length = kept;
  return values;
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
  removedOrderIds: readonly string[] = [],
): CustomerProfile {
  // Stored orders have unique ids (a return booked later under the original number is stored as
  // ORDERID@date), so the id alone is the key: a corrected date or amount replaces the old fact wherever
  // it was, and a retry after a crash can never leave the same order counted on two days.
  const byId = new Map<string, OrderFact>();
  for (const fact of factsOf(profile.orders)) byId.set(fact.orderId, fact);
  for (const orderId of removedOrderIds) byId.delete(orderId);
  for (const fact of facts) byId.set(fact.orderId, fact);
  return withFacts(profile, [...byId.values()], retentionDays);
}

/** The first day a profile still keeps: everything before it has been pruned. */
export function retentionHorizon(latestDay: Day | null, retentionDays: number): Day {
  return latestDay === null ? Number.NEGATIVE_INFINITY : latestDay - retentionDays + 1;
}

/**
 * The profile with exactly these facts (distinct by day and order id), sorted and pruned. `latestDay` only
 * moves forward, so a fact pruned once stays pruned whatever arrives later.
 */
function withFacts(profile: CustomerProfile, facts: OrderFact[], retentionDays: number): CustomerProfile {
  let latestDay = profile.latestDay;
  for (const fact of facts)
    if (fact.purchase && (latestDay === null || fact.day > latestDay)) latestDay = fact.day;
  facts.sort(compareFacts);
  let prunedFirstPurchaseDay = profile.prunedFirstPurchaseDay;
  const horizon = retentionHorizon(latestDay, retentionDays);
  let keepFrom = 0;
  while (keepFrom < facts.length && (facts[keepFrom] as OrderFact).day < horizon) {
    const fact = facts[keepFrom] as OrderFact;
    if (fact.purchase && (prunedFirstPurchaseDay === null || fact.day < prunedFirstPurchaseDay)) {
      prunedFirstPurchaseDay = fact.day;
    }
    keepFrom++;
  }
  const kept = keepFrom === 0 ? facts : facts.slice(keepFrom);
  // The rep of the latest purchase that names one, by the same order as the facts: any delivery order
  // and a rebuild agree.
  let repId = profile.repId;
  for (let i = kept.length - 1; i >= 0; i--) {
    const fact = kept[i] as OrderFact;
    if (fact.purchase && fact.repId) {
      repId = fact.repId;
      break;
    }
  }
  const named = latestCustomerName(profile, facts);
  const complaintDays = profile.complaintDays.filter((day) => day >= horizon);
  // Once anything was dropped, the horizon itself: it only moves forward, and facts before it are gone or
  // never were. So merging batch by batch and a rebuild from all orders agree.
  const dropped = keepFrom > 0 || complaintDays.length < profile.complaintDays.length;
  const prunedBefore =
    dropped || (profile.prunedBefore !== undefined && profile.prunedBefore !== null)
      ? horizon
      : profile.prunedBefore;
  return {
    ...profile,
    repId,
    ...named,
    orders: columnsOf(kept),
    latestDay,
    prunedFirstPurchaseDay,
    ...(prunedBefore === undefined ? {} : { prunedBefore }),
    complaintDays,
  };
}

/**
 * The name of the latest fact naming the customer, or the profile's when that is later: a maximum by day
 * (ties: the first name in sort order), which merging in any order and a rebuild reach alike. Pruned facts
 * count too, so the name outlives the orders that gave it.
 */
function latestCustomerName(
  profile: CustomerProfile,
  facts: readonly OrderFact[],
): Pick<CustomerProfile, 'customerName' | 'customerNameDay'> {
  let name = profile.customerName;
  let day = profile.customerNameDay;
  for (const fact of facts) {
    if (fact.customerName === undefined) continue;
    if (
      day === undefined ||
      fact.day > day ||
      (fact.day === day && (name === undefined || fact.customerName < name))
    ) {
      name = fact.customerName;
      day = fact.day;
    }
  }
  return name === undefined || day === undefined ? {} : { customerName: name, customerNameDay: day };
}

function allCancelled(lines: readonly OrderLine[]): boolean {
  for (const line of lines) if (line.status !== 'cancelled') return false;
  return true;
}

/** The order's rep; lines naming different reps (a data error) resolve to the same one in any line order. */
function firstRepId(lines: readonly OrderLine[]): string | undefined {
  let rep: string | undefined;
  for (const line of lines)
    if (line.repId !== undefined && (rep === undefined || line.repId < rep)) rep = line.repId;
  return rep;
}

/**
 * Notes a visit on the profile (in place): visits are tracked from then on, and the latest day is kept, a
 * maximum that any order of delivery reaches.
 */
export function noteVisit(profile: CustomerProfile, day: Day): void {
  profile.visitsTracked = true;
  if (profile.lastVisitDay === null || day > profile.lastVisitDay) profile.lastVisitDay = day;
}

/** Notes a coupon on the profile (in place): the latest day is kept. */
export function noteCoupon(profile: CustomerProfile, day: Day): void {
  if (profile.lastCouponDay === null || day > profile.lastCouponDay) profile.lastCouponDay = day;
}

/** The complaint days a profile keeps: sorted, and only within the window its orders are kept for. */
export function keptComplaintDays(
  profile: CustomerProfile,
  days: readonly Day[],
  retentionDays: number,
): Day[] {
  const horizon = retentionHorizon(profile.latestDay, retentionDays);
  return days.filter((day) => day >= horizon).sort((a, b) => a - b);
}

export interface ProfileEvents {
  /** Given (even empty) when the distributor records visits: every customer's visits are then tracked. */
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
  // Lines are grouped into orders by order id. An order id seen again with another day (a return booked
  // later under the original number) becomes an order of its own on that day; the reader has already
  // refused an order id shared by two customers, and the customer is part of the fallback key regardless.
  const byOrderId = new Map<string, OrderLine[]>();
  const byFullKey = new Map<string, OrderLine[]>();
  let current: OrderLine[] | undefined;
  for (const line of lines) {
    if (line.day > asOf) {
      stats.afterAsOf++;
      continue;
    }
    stats.lines++;
    // Exports list an order's lines together: most lines join the group of the line before them.
    const previous = current?.[0];
    if (
      current !== undefined &&
      previous !== undefined &&
      previous.orderId === line.orderId &&
      previous.customerId === line.customerId &&
      previous.day === line.day
    ) {
      current.push(line);
      continue;
    }
    const group = byOrderId.get(line.orderId);
    if (group === undefined) {
      current = [line];
      byOrderId.set(line.orderId, current);
      continue;
    }
    const first = group[0] as OrderLine;
    if (first.customerId === line.customerId && first.day === line.day) {
      current = group;
      group.push(line);
      continue;
    }
    const key = `${line.customerId}\u0000${line.orderId}\u0000${line.day}`;
    current = byFullKey.get(key);
    if (current) current.push(line);
    else {
      current = [line];
      byFullKey.set(key, current);
    }
  }
  const orderLines = [...byOrderId.values(), ...byFullKey.values()];

  const factsByCustomer = new Map<string, OrderFact[]>();
  for (const group of orderLines) {
    const fact = orderFactFromLines(group);
    const first = group[0] as OrderLine;
    stats.orders++;
    if (fact.purchase) stats.purchases++;
    else if (allCancelled(group)) stats.cancelledOrders++;
    else stats.returnDocuments++;
    const facts = factsByCustomer.get(first.customerId);
    if (facts) facts.push(fact);
    else factsByCustomer.set(first.customerId, [fact]);
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
    const merged = withFacts(emptyProfile(customerId), facts, retentionDays);
    profiles.set(customerId, merged);
  }
  for (const visit of events.visits ?? []) {
    if (visit.day > asOf) {
      stats.afterAsOf++;
      continue;
    }
    noteVisit(profileOf(visit.customerId), visit.day);
  }
  for (const coupon of events.coupons ?? []) {
    if (coupon.day > asOf) {
      stats.afterAsOf++;
      continue;
    }
    noteCoupon(profileOf(coupon.customerId), coupon.day);
  }
  for (const complaint of events.complaints ?? []) {
    if (complaint.day > asOf) {
      stats.afterAsOf++;
      continue;
    }
    if (complaint.day <= asOf - retentionDays) continue;
    profileOf(complaint.customerId).complaintDays.push(complaint.day);
  }
  for (const profile of profiles.values()) {
    profile.complaintDays.sort((a, b) => a - b);
    if (events.visits !== undefined) profile.visitsTracked = true;
  }
  return { profiles, stats };
}

/**
 * Visits are tracked by the distributor, not per shop: once any visit is on record, a shop with none has
 * simply not been visited (which `visit_overdue` should say), exactly as `evaluate --visits` reads a file.
 */
export function trackVisitsTenantWide(profiles: CustomerProfile[]): void {
  if (!profiles.some((profile) => profile.visitsTracked)) return;
  for (const profile of profiles) profile.visitsTracked = true;
}
