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
 * A new customer's profile holding exactly these order facts (distinct by day and order id), sorted and
 * pruned: what {@link buildProfiles} gives for the customer's orders, one fact per order and day.
 */
export function profileFromFacts(
  customerId: string,
  facts: readonly OrderFact[],
  retentionDays: number,
): CustomerProfile {
  return withFacts(emptyProfile(customerId), [...facts], retentionDays);
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
  const builder = new ProfileBuilder(options);
  addOrderLines(builder, lines);
  return builder.finish(events);
}

/**
 * Hands order lines from anywhere to a builder, numbering their orders: one number per order id and
 * customer, since the reader refuses an order id shared by two customers but lines from elsewhere are not
 * checked, and each customer's lines must still make its own order.
 */
export function addOrderLines(builder: ProfileBuilder, lines: readonly OrderLine[]): void {
  const numbers = new Map<string, number>();
  const owners: string[] = [];
  let shared: Map<string, number> | undefined;
  let previous: OrderLine | undefined;
  let order = -1;
  for (const line of lines) {
    if (
      previous === undefined ||
      previous.orderId !== line.orderId ||
      previous.customerId !== line.customerId
    ) {
      const known = numbers.get(line.orderId);
      if (known === undefined) {
        order = owners.push(line.customerId) - 1;
        numbers.set(line.orderId, order);
      } else if (owners[known] === line.customerId) {
        order = known;
      } else {
        shared ??= new Map();
        const key = `${line.customerId}\u0000${line.orderId}`;
        const other = shared.get(key);
        order = other ?? owners.push(line.customerId) - 1;
        if (other === undefined) shared.set(key, order);
      }
      previous = line;
    }
    builder.add(order, line);
  }
}

/** Flags of an order being built: it has a line that is not cancelled; it has a placed (sold) line. */
const NOT_CANCELLED = 1;
const PLACED = 2;

/**
 * Builds profiles from order lines handed in one at a time, as a reader meets them, without keeping the
 * lines: each order (lines sharing order id and day) is folded as its lines arrive, into columns of numbers
 * (the sums, flags and the ids of its rep, names and SKUs), the way {@link orderFactFromLines} folds them.
 * {@link finish} turns them into the profiles {@link buildProfiles} gives, with the same stats. Lines
 * dated after the as-of day are only counted. A 500k-line export then leaves no object per line or per
 * order behind for the garbage collector to trace and copy, which was most of the time a build took.
 *
 * @example
 * const builder = new ProfileBuilder({ asOf, retentionDays: 400 });
 * builder.add(0, { orderId: 'SO1', customerId: 'C1', day: asOf, amount: 1250, status: 'placed' });
 * const { profiles, stats } = builder.finish({});
 */
export class ProfileBuilder {
  readonly #asOf: Day;
  readonly #retentionDays: number;
  readonly #stats: BuildStats = {
    lines: 0,
    orders: 0,
    purchases: 0,
    cancelledOrders: 0,
    returnDocuments: 0,
    afterAsOf: 0,
  };
  /** Per order number: its first order (group) built, or -1. Further days of it chain from there. */
  #firstGroup = new Int32Array(1024).fill(-1);
  #groups = 0;
  #groupOrderIds: string[] = [];
  #groupDays = new Int32Array(1024);
  #groupCustomers = new Int32Array(1024);
  #nextOfOrder = new Int32Array(1024);
  #placed = new Float64Array(1024);
  #returned = new Float64Array(1024);
  #flags = new Uint8Array(1024);
  /** Ids in #strings, -1 for none: the order's rep and shop name (the first in sort order of its lines'). */
  #reps = new Int32Array(1024);
  #names = new Int32Array(1024);
  /** The order's first SKU entry; entries chain on through #entryNext. */
  #firstSku = new Int32Array(1024);
  #entries = 0;
  #entrySkus = new Int32Array(1024);
  /** The SKU's product name on this order (the first in sort order), -1 for none. */
  #entryNames = new Int32Array(1024);
  #entryNext = new Int32Array(1024);
  /** SKUs, reps and names, each kept once: a big export repeats a few thousand of them. */
  readonly #stringIds = new Map<string, number>();
  readonly #strings: string[] = [];
  readonly #customerIds = new Map<string, number>();
  readonly #customers: string[] = [];
  #lastOrder = -1;
  #lastDay = 0;
  #lastGroup = -1;
  #lastCustomerId = '';
  #lastCustomer = -1;
  #lastSku = '';
  #lastSkuId = -1;

  constructor(options: { asOf: Day; retentionDays: number }) {
    this.#asOf = options.asOf;
    this.#retentionDays = options.retentionDays;
  }

  /**
   * Takes one order line. `order` numbers the order id from 0 (the same number for every line of it, a
   * number per order id, as the reader gives them); all lines of one number must name the same customer.
   */
  add(order: number, line: OrderLine): void {
    const { day } = line;
    if (day > this.#asOf) {
      this.#stats.afterAsOf++;
      return;
    }
    this.#stats.lines++;
    let group = this.#lastGroup;
    if (order !== this.#lastOrder || day !== this.#lastDay) {
      group = this.#groupOf(order, day, line);
      this.#lastOrder = order;
      this.#lastDay = day;
      this.#lastGroup = group;
    }
    // What orderFactFromLines makes of a line, folded in as it comes.
    const { customerName, repId, status, amount } = line;
    if (customerName !== undefined) {
      const held = this.#names[group] as number;
      if (held < 0 || customerName < (this.#strings[held] as string))
        this.#names[group] = this.#idOf(customerName);
    }
    if (repId !== undefined) {
      const held = this.#reps[group] as number;
      if (held < 0 || repId < (this.#strings[held] as string)) this.#reps[group] = this.#idOf(repId);
    }
    if (status === 'cancelled') return;
    this.#flags[group] = (this.#flags[group] as number) | NOT_CANCELLED;
    if (amount < 0) {
      this.#returned[group] = (this.#returned[group] as number) - amount;
    } else if (status === 'placed') {
      this.#flags[group] = (this.#flags[group] as number) | PLACED;
      this.#placed[group] = (this.#placed[group] as number) + amount;
      if (line.sku) this.#noteSku(group, line.sku, line.productName);
    }
  }

  /** The profiles of every customer with an order or an event up to the as-of day, and what was read. */
  finish(events: ProfileEvents): { profiles: Map<string, CustomerProfile>; stats: BuildStats } {
    const stats = this.#stats;
    const groups = this.#groups;
    const purchases = new Uint8Array(groups);
    for (let group = 0; group < groups; group++) {
      const placed = this.#placed[group] as number;
      const returned = this.#returned[group] as number;
      const flags = this.#flags[group] as number;
      // A free order (all lines at 0) is still the shop ordering; an order returned in full is not.
      const purchase = (flags & PLACED) !== 0 && (placed > returned || (placed === 0 && returned === 0));
      stats.orders++;
      if (purchase) {
        purchases[group] = 1;
        stats.purchases++;
      } else if ((flags & NOT_CANCELLED) === 0) stats.cancelledOrders++;
      else stats.returnDocuments++;
    }
    // Each customer's orders, in the order they were met (a counting sort on the customer).
    const customers = this.#customers.length;
    const starts = new Int32Array(customers + 1);
    for (let group = 0; group < groups; group++) {
      const customer = this.#groupCustomers[group] as number;
      starts[customer + 1] = (starts[customer + 1] as number) + 1;
    }
    for (let customer = 0; customer < customers; customer++)
      starts[customer + 1] = (starts[customer + 1] as number) + (starts[customer] as number);
    const byCustomer = new Int32Array(groups);
    const next = starts.slice(0, customers);
    for (let group = 0; group < groups; group++) {
      const customer = this.#groupCustomers[group] as number;
      byCustomer[next[customer] as number] = group;
      next[customer] = (next[customer] as number) + 1;
    }
    const days = this.#groupDays;
    const orderIds = this.#groupOrderIds;
    const byDayThenOrderId = (a: number, b: number): number => {
      const byDay = (days[a] as number) - (days[b] as number);
      if (byDay !== 0) return byDay;
      const idA = orderIds[a] as string;
      const idB = orderIds[b] as string;
      return idA < idB ? -1 : idA > idB ? 1 : 0;
    };
    const refs = new Int32Array(this.#strings.length).fill(-1);
    const profiles = new Map<string, CustomerProfile>();
    for (let customer = 0; customer < customers; customer++) {
      const facts = Array.from(byCustomer.subarray(starts[customer], starts[customer + 1]));
      // Exports come sorted by date, so a customer's orders usually already are: Array.prototype.sort
      // allocates work space on every call, which over thousands of customers keeps the collector busy.
      if (!isSorted(facts, byDayThenOrderId)) facts.sort(byDayThenOrderId);
      const customerId = this.#customers[customer] as string;
      profiles.set(customerId, this.#profileOf(customerId, facts, purchases, refs));
    }
    addEvents(profiles, events, stats, this.#asOf, this.#retentionDays);
    return { profiles, stats };
  }

  /** What withFacts makes of a new customer's facts (`facts`: its orders, sorted by day, then order id). */
  #profileOf(
    customerId: string,
    facts: readonly number[],
    purchases: Uint8Array,
    refs: Int32Array,
  ): CustomerProfile {
    const days = this.#groupDays;
    const strings = this.#strings;
    let latestDay: Day | null = null;
    for (const group of facts) {
      if (purchases[group] === 1 && (latestDay === null || (days[group] as number) > latestDay))
        latestDay = days[group] as number;
    }
    const horizon = retentionHorizon(latestDay, this.#retentionDays);
    let prunedFirstPurchaseDay: Day | null = null;
    let keepFrom = 0;
    while (keepFrom < facts.length && (days[facts[keepFrom] as number] as number) < horizon) {
      const group = facts[keepFrom] as number;
      if (purchases[group] === 1 && prunedFirstPurchaseDay === null)
        prunedFirstPurchaseDay = days[group] as number;
      keepFrom++;
    }
    // The rep of the latest purchase that names one; the name of the latest order that gives one (pruned
    // orders too), the first in sort order on a tie.
    let repId: string | undefined;
    for (let i = facts.length - 1; i >= keepFrom; i--) {
      const group = facts[i] as number;
      const rep = this.#reps[group] as number;
      if (purchases[group] === 1 && rep >= 0 && strings[rep]) {
        repId = strings[rep];
        break;
      }
    }
    let customerName: string | undefined;
    let customerNameDay: Day | undefined;
    for (const group of facts) {
      const id = this.#names[group] as number;
      if (id < 0) continue;
      const name = strings[id] as string;
      const day = days[group] as number;
      if (
        customerNameDay === undefined ||
        day > customerNameDay ||
        (day === customerNameDay && (customerName === undefined || name < customerName))
      ) {
        customerName = name;
        customerNameDay = day;
      }
    }
    const orders = this.#columnsOf(facts, keepFrom, purchases, refs);
    return {
      customerId,
      orders,
      latestDay,
      prunedFirstPurchaseDay,
      prunedBefore: keepFrom > 0 ? horizon : null,
      lastVisitDay: null,
      lastCouponDay: null,
      complaintDays: [],
      visitsTracked: false,
      repId,
      ...(customerName === undefined ? {} : { customerName, customerNameDay }),
    };
  }

  /** What columnsOf makes of the kept facts (`facts` from `from` on). */
  #columnsOf(facts: readonly number[], from: number, purchases: Uint8Array, refs: Int32Array): OrderColumns {
    const strings = this.#strings;
    const columns = emptyColumns();
    // The customer's distinct SKUs, sorted; `refs` maps each SKU's string id to its position meanwhile.
    const distinct: number[] = [];
    for (let i = from; i < facts.length; i++) {
      for (
        let entry = this.#firstSku[facts[i] as number] as number;
        entry >= 0;
        entry = this.#entryNext[entry] as number
      ) {
        const sku = this.#entrySkus[entry] as number;
        if (refs[sku] === -1) {
          refs[sku] = 0;
          distinct.push(sku);
        }
      }
    }
    distinct.sort((a, b) => {
      const skuA = strings[a] as string;
      const skuB = strings[b] as string;
      return skuA < skuB ? -1 : skuA > skuB ? 1 : 0;
    });
    distinct.forEach((sku, ref) => (refs[sku] = ref));
    columns.skuNames = distinct.map((sku) => strings[sku] as string);
    let productNames: string[] | undefined;
    const factRefs: number[] = [];
    for (let i = from; i < facts.length; i++) {
      const group = facts[i] as number;
      columns.ids.push(this.#groupOrderIds[group] as string);
      columns.days.push(this.#groupDays[group] as number);
      columns.nets.push((this.#placed[group] as number) - (this.#returned[group] as number));
      columns.purchases.push(purchases[group] as number);
      const rep = this.#reps[group] as number;
      columns.reps.push(rep < 0 ? '' : (strings[rep] as string));
      factRefs.length = 0;
      for (
        let entry = this.#firstSku[group] as number;
        entry >= 0;
        entry = this.#entryNext[entry] as number
      ) {
        const ref = refs[this.#entrySkus[entry] as number] as number;
        factRefs.push(ref);
        // Facts are sorted by day, so the last name given for a SKU is the latest.
        const name = this.#entryNames[entry] as number;
        if (name >= 0) {
          productNames ??= distinct.map(() => '');
          productNames[ref] = strings[name] as string;
        }
      }
      sortSmall(factRefs);
      for (const ref of factRefs) columns.skuRefs.push(ref);
      columns.skuStarts.push(columns.skuRefs.length);
    }
    for (const sku of distinct) refs[sku] = -1;
    if (productNames) columns.productNames = productNames;
    return columns;
  }

  /** The order (group) of an order number on a day, made when it is the first line of it. */
  #groupOf(order: number, day: Day, line: OrderLine): number {
    if (order >= this.#firstGroup.length) {
      const grown = new Int32Array(Math.max(order + 1, this.#firstGroup.length * 2)).fill(-1);
      grown.set(this.#firstGroup);
      this.#firstGroup = grown;
    }
    const first = this.#firstGroup[order] as number;
    if (first < 0) {
      const group = this.#newGroup(line.orderId, day, this.#customerOf(line.customerId));
      this.#firstGroup[order] = group;
      return group;
    }
    for (let group = first; group >= 0; group = this.#nextOfOrder[group] as number) {
      if (this.#groupDays[group] === day) return group;
    }
    // The order id on another day (a return booked later under the original number): an order of its own.
    const group = this.#newGroup(line.orderId, day, this.#groupCustomers[first] as number);
    this.#nextOfOrder[group] = this.#nextOfOrder[first] as number;
    this.#nextOfOrder[first] = group;
    return group;
  }

  #newGroup(orderId: string, day: Day, customer: number): number {
    const group = this.#groups++;
    if (group === this.#groupDays.length) this.#growGroups();
    this.#groupOrderIds.push(orderId);
    this.#groupDays[group] = day;
    this.#groupCustomers[group] = customer;
    this.#nextOfOrder[group] = -1;
    this.#reps[group] = -1;
    this.#names[group] = -1;
    this.#firstSku[group] = -1;
    return group;
  }

  #growGroups(): void {
    const size = this.#groupDays.length * 2;
    this.#groupDays = grownInt32(this.#groupDays, size);
    this.#groupCustomers = grownInt32(this.#groupCustomers, size);
    this.#nextOfOrder = grownInt32(this.#nextOfOrder, size);
    this.#reps = grownInt32(this.#reps, size);
    this.#names = grownInt32(this.#names, size);
    this.#firstSku = grownInt32(this.#firstSku, size);
    const placed = new Float64Array(size);
    placed.set(this.#placed);
    this.#placed = placed;
    const returned = new Float64Array(size);
    returned.set(this.#returned);
    this.#returned = returned;
    const flags = new Uint8Array(size);
    flags.set(this.#flags);
    this.#flags = flags;
  }

  /** Notes a sold SKU on an order, once, with the first product name in sort order its lines give. */
  #noteSku(group: number, sku: string, productName: string | undefined): void {
    let id = this.#lastSkuId;
    if (sku !== this.#lastSku) {
      id = this.#idOf(sku);
      this.#lastSku = sku;
      this.#lastSkuId = id;
    }
    let entry = this.#firstSku[group] as number;
    let last = -1;
    while (entry >= 0 && this.#entrySkus[entry] !== id) {
      last = entry;
      entry = this.#entryNext[entry] as number;
    }
    if (entry < 0) {
      entry = this.#entries++;
      if (entry === this.#entrySkus.length) {
        const size = entry * 2;
        this.#entrySkus = grownInt32(this.#entrySkus, size);
        this.#entryNames = grownInt32(this.#entryNames, size);
        this.#entryNext = grownInt32(this.#entryNext, size);
      }
      this.#entrySkus[entry] = id;
      this.#entryNames[entry] = -1;
      this.#entryNext[entry] = -1;
      if (last < 0) this.#firstSku[group] = entry;
      else this.#entryNext[last] = entry;
    }
    if (productName) {
      const held = this.#entryNames[entry] as number;
      if (held < 0 || productName < (this.#strings[held] as string))
        this.#entryNames[entry] = this.#idOf(productName);
    }
  }

  #customerOf(customerId: string): number {
    if (customerId === this.#lastCustomerId && this.#lastCustomer >= 0) return this.#lastCustomer;
    let customer = this.#customerIds.get(customerId);
    if (customer === undefined) {
      customer = this.#customers.push(customerId) - 1;
      this.#customerIds.set(customerId, customer);
    }
    this.#lastCustomerId = customerId;
    this.#lastCustomer = customer;
    return customer;
  }

  #idOf(text: string): number {
    let id = this.#stringIds.get(text);
    if (id === undefined) {
      id = this.#strings.push(text) - 1;
      this.#stringIds.set(text, id);
    }
    return id;
  }
}

function isSorted(values: readonly number[], compare: (a: number, b: number) => number): boolean {
  for (let i = 1; i < values.length; i++)
    if (compare(values[i - 1] as number, values[i] as number) > 0) return false;
  return true;
}

/** Insertion sort, ascending: an order's few SKUs, without the work space Array.prototype.sort allocates. */
function sortSmall(values: number[]): void {
  for (let i = 1; i < values.length; i++) {
    const value = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (values[j] as number) > value) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = value;
  }
}

function grownInt32(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size);
  grown.set(array);
  return grown;
}

/** Visits, coupons and complaints up to the as-of day onto the profiles (a new one for a customer without). */
function addEvents(
  profiles: Map<string, CustomerProfile>,
  events: ProfileEvents,
  stats: BuildStats,
  asOf: Day,
  retentionDays: number,
): void {
  const profileOf = (customerId: string): CustomerProfile => {
    let profile = profiles.get(customerId);
    if (!profile) {
      profile = emptyProfile(customerId);
      profiles.set(customerId, profile);
    }
    return profile;
  };
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
}

/**
 * Visits are tracked by the distributor, not per shop: once any visit is on record, a shop with none has
 * simply not been visited (which `visit_overdue` should say), exactly as `evaluate --visits` reads a file.
 */
export function trackVisitsTenantWide(profiles: CustomerProfile[]): void {
  if (!profiles.some((profile) => profile.visitsTracked)) return;
  for (const profile of profiles) profile.visitsTracked = true;
}
