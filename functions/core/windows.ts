import type { Day } from './days.ts';
import type { Minor } from './money.ts';
import type { OrderColumns } from './profile.ts';

/**
 * Sums over day ranges of a profile's facts. Facts are sorted by day, so each range is found by binary
 * search and only its own facts are visited: the evaluator's cost per customer stays proportional to the
 * handful of orders in the windows, not to the whole history.
 */

/** Index of the first fact on or after `day`. */
export function firstIndexOnOrAfter(orders: OrderColumns, day: Day): number {
  const days = orders.days;
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as Day) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The last two sums asked for, kept as plain numbers in two reused slots: sales_drop and order_count_drop
// run back to back on the same windows and the evaluation reports the sales_drop ones again. Nothing is
// allocated per call, so a million customers a day leave no garbage here.
class WindowSums {
  orders: OrderColumns | null = null;
  from: Day = 0;
  to: Day = 0;
  /** Net sales (returns subtracted) in minor units. */
  sales: Minor = 0;
  /** Facts that count as purchases. */
  purchases = 0;
}
const firstSlot = new WindowSums();
const secondSlot = new WindowSums();
let nextIsFirst = true;

function sumsBetween(orders: OrderColumns, from: Day, to: Day): WindowSums {
  if (firstSlot.orders === orders && firstSlot.from === from && firstSlot.to === to) return firstSlot;
  if (secondSlot.orders === orders && secondSlot.from === from && secondSlot.to === to) return secondSlot;
  const { days, nets, purchases } = orders;
  let sales = 0;
  let count = 0;
  for (let i = firstIndexOnOrAfter(orders, from); i < days.length; i++) {
    if ((days[i] as Day) > to) break;
    sales += nets[i] as Minor;
    count += purchases[i] as number;
  }
  const slot = nextIsFirst ? firstSlot : secondSlot;
  nextIsFirst = !nextIsFirst;
  slot.orders = orders;
  slot.from = from;
  slot.to = to;
  slot.sales = sales;
  slot.purchases = count;
  return slot;
}

/** Net sales (returns subtracted, minor units) over the inclusive day range [from, to]. */
export function salesBetween(orders: OrderColumns, from: Day, to: Day): Minor {
  return sumsBetween(orders, from, to).sales;
}

/** How many orders counting as purchases fall in the inclusive day range [from, to]. */
export function purchasesBetween(orders: OrderColumns, from: Day, to: Day): number {
  return sumsBetween(orders, from, to).purchases;
}

// Which count a SKU was last seen by: counting distinct SKUs for every customer every day must not allocate
// a Set per window. Each count takes a fresh stamp; a SKU (by its position in the profile) counts once.
// Positions stand for SKUs because `skuNames` holds each SKU once.
let lastCounted = new Int32Array(256);
let stamp = 0;

/** Makes room for the profile's SKUs and leaves at least `needed` fresh stamps. */
function prepareStamps(orders: OrderColumns, needed: number): void {
  if (lastCounted.length < orders.skuNames.length) lastCounted = new Int32Array(orders.skuNames.length * 2);
  if (stamp >= 0x7ffffff0 - needed) {
    lastCounted.fill(0);
    stamp = 0;
  }
}

/**
 * How many distinct SKUs were bought in the inclusive day range [from, to]. With `stopAbove`, counting stops
 * as soon as the count exceeds it (the caller only needs to know that it does).
 */
export function distinctSkuCount(
  orders: OrderColumns,
  from: Day,
  to: Day,
  stopAbove = Number.POSITIVE_INFINITY,
): number {
  const { days, purchases, skuStarts, skuRefs } = orders;
  prepareStamps(orders, 1);
  const current = ++stamp;
  let count = 0;
  for (let i = firstIndexOnOrAfter(orders, from); i < days.length; i++) {
    if ((days[i] as Day) > to) break;
    if (purchases[i] !== 1) continue;
    for (let k = skuStarts[i] as number; k < (skuStarts[i + 1] as number); k++) {
      const ref = skuRefs[k] as number;
      if (lastCounted[ref] !== current) {
        lastCounted[ref] = current;
        if (++count > stopAbove) return count;
      }
    }
  }
  return count;
}

/**
 * Up to `limit` SKUs bought in the `earlier` day range and not in the `later` one (both inclusive), in the
 * order they were first bought in the earlier range: what a customer stopped buying. Stamps instead of Sets,
 * as above.
 */
export function skusDropped(
  orders: OrderColumns,
  earlier: { readonly from: Day; readonly to: Day },
  later: { readonly from: Day; readonly to: Day },
  limit: number,
): string[] {
  const { days, purchases, skuNames, skuStarts, skuRefs } = orders;
  prepareStamps(orders, 2);
  const boughtLater = ++stamp;
  const listed = ++stamp;
  for (let i = firstIndexOnOrAfter(orders, later.from); i < days.length; i++) {
    if ((days[i] as Day) > later.to) break;
    if (purchases[i] !== 1) continue;
    for (let k = skuStarts[i] as number; k < (skuStarts[i + 1] as number); k++) {
      lastCounted[skuRefs[k] as number] = boughtLater;
    }
  }
  const dropped: string[] = [];
  for (let i = firstIndexOnOrAfter(orders, earlier.from); i < days.length; i++) {
    if ((days[i] as Day) > earlier.to || dropped.length >= limit) break;
    if (purchases[i] !== 1) continue;
    for (let k = skuStarts[i] as number; k < (skuStarts[i + 1] as number) && dropped.length < limit; k++) {
      const ref = skuRefs[k] as number;
      if (lastCounted[ref] === boughtLater || lastCounted[ref] === listed) continue;
      lastCounted[ref] = listed;
      dropped.push(skuNames[ref] as string);
    }
  }
  return dropped;
}

/** Distinct purchase days up to and including `asOf`, ascending. */
export function purchaseDaysUpTo(orders: OrderColumns, asOf: Day): Day[] {
  const found: Day[] = [];
  const { days, purchases } = orders;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as Day;
    if (day > asOf) break;
    if (purchases[i] === 1 && found[found.length - 1] !== day) found.push(day);
  }
  return found;
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
export function comparisonWindows(asOf: Day, windowDays: number): ComparisonWindows {
  // Every customer of a run asks for the same few windows: build each once per as-of day, found by length.
  if (asOf !== windowsAsOf) {
    windowsAsOf = asOf;
    windowsByLength.fill(undefined);
  }
  const cacheable = windowDays > 0 && windowDays < windowsByLength.length && Number.isInteger(windowDays);
  let windows = cacheable ? windowsByLength[windowDays] : undefined;
  if (!windows) {
    windows = Object.freeze({
      current: Object.freeze({ from: asOf - windowDays + 1, to: asOf }),
      previous: Object.freeze({ from: asOf - 2 * windowDays + 1, to: asOf - windowDays }),
    });
    if (cacheable) windowsByLength[windowDays] = windows;
  }
  return windows;
}

export interface ComparisonWindows {
  readonly current: { readonly from: Day; readonly to: Day };
  readonly previous: { readonly from: Day; readonly to: Day };
}

let windowsAsOf = Number.NaN;
// Settings allow windows of up to a year.
const windowsByLength = new Array<ComparisonWindows | undefined>(367).fill(undefined);

/**
 * Change from `previous` to `current` in percent, one decimal (−100 = fell to nothing). For display only:
 * rules compare `current × 100` with `previous × (100 − threshold)`, which is exact for whole percentages,
 * so "exactly at the threshold" never depends on float rounding.
 */
export function changePct(previous: number, current: number): number {
  return Math.round(((current - previous) / previous) * 1000) / 10;
}
