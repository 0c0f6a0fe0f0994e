import * as z from 'zod';
import type { CustomerProfile } from '../../core/profile.ts';

/**
 * A profile as one DynamoDB item: a customer with a year of weekly orders is a few kilobytes, and the
 * evaluator reads exactly one item per customer. The numeric columns are packed into one string attribute
 * (`orderNumbers`), the order numbers and the rep of each order into another (`orderKeys`, see
 * {@link profileToItem}); items written before that hold them as lists in `orders`, and are read as well.
 */
const nullableDay = z.number().int().nullable();

const profileItemSchema = z.object({
  customerId: z.string(),
  repId: z.string().optional(),
  customerName: z.string().optional(),
  customerNameDay: z.number().int().optional(),
  orders: z.object({
    ids: z.array(z.string()),
    days: z.array(z.number().int()),
    nets: z.array(z.number().int()),
    purchases: z.array(z.number().int()),
    reps: z.array(z.string()),
    skuNames: z.array(z.string()),
    productNames: z.array(z.string()).optional(),
    skuStarts: z.array(z.number().int()),
    skuRefs: z.array(z.number().int()),
  }),
  latestDay: nullableDay,
  prunedFirstPurchaseDay: nullableDay,
  prunedBefore: nullableDay.optional(),
  lastVisitDay: nullableDay,
  lastCouponDay: nullableDay,
  complaintDays: z.array(z.number().int()),
  visitsTracked: z.boolean(),
  version: z.number().int().optional(),
});

/** The schema of an item read for the evaluation: without the columns it leaves out. */
const evaluationItemSchema = profileItemSchema.extend({
  orders: profileItemSchema.shape.orders.omit({ ids: true, reps: true }),
});

/**
 * What the daily evaluation reads of a profile item, as DynamoDB attribute paths: everything but the order
 * numbers and the rep named on each order (`orderKeys`; `orders.ids` and `orders.reps` in items from before
 * packing). Only merging new orders into a profile needs those, and they are the item's longest strings:
 * with order numbers like `SO202611200001` they are more than half of what a scan would otherwise send and
 * decode. Lists of numbers from before packing (`orders.days`…) are named too, so old items are read whole.
 */
export const EVALUATION_ATTRIBUTES: readonly (readonly string[])[] = [
  ['customerId'],
  ['repId'],
  ['customerName'],
  ['customerNameDay'],
  ['orderNumbers'],
  ['latestDay'],
  ['prunedFirstPurchaseDay'],
  ['prunedBefore'],
  ['lastVisitDay'],
  ['lastCouponDay'],
  ['complaintDays'],
  ['visitsTracked'],
  ...['skuNames', 'productNames', 'days', 'nets', 'purchases', 'skuStarts', 'skuRefs'].map((column) => [
    'orders',
    column,
  ]),
];

export class CorruptProfileError extends Error {
  override readonly name = 'CorruptProfileError';
}

/**
 * The item for a profile. `version` counts writes: a writer puts only if the version it read is still
 * there, so two requests touching one customer never overwrite each other's facts.
 *
 * The numeric columns of the orders (days, nets, purchases, skuStarts, skuRefs) go into one string,
 * `orderNumbers`, as the JSON of those five lists, and the order numbers and the rep of each order into
 * another, `orderKeys` (the JSON of `[ids, repRuns]`, the reps as runs: `['R01', 40, 'R02', 3]` for 40 orders
 * naming R01, then 3 naming R02): as lists they are one DynamoDB value per order each,
 * which the store, the SDK and the network handle one by one, and a profile is rewritten whenever one of its
 * customer's orders arrives (in a batch in date order, nearly every profile the batch names). Packed, a
 * profile is a few dozen values instead of a few per order. The products stay lists (`orders.skuNames`,
 * `orders.productNames`), so the console still shows what a customer buys; both strings are JSON a person
 * can read there too.
 */
export function profileToItem(profile: CustomerProfile, version: number): Record<string, unknown> {
  const { ids, reps, days, nets, purchases, skuStarts, skuRefs, ...products } = profile.orders;
  return {
    ...profile,
    repId: profile.repId ?? undefined,
    orders: products,
    orderNumbers: JSON.stringify([days, nets, purchases, skuStarts, skuRefs]),
    orderKeys: JSON.stringify([ids, repRuns(reps)]),
    version,
  };
}

/** Reads a stored profile, refusing an item that is not one (a hand edit, a bug) with its customer id. */
export function profileFromItem(item: Record<string, unknown>): CustomerProfile {
  return versionedProfileFromItem(item).profile;
}

/** The item with its packed columns back in `orders`, as items held them before packing. */
function unpacked(item: Record<string, unknown>): Record<string, unknown> {
  if (typeof item.orderNumbers !== 'string' && typeof item.orderKeys !== 'string') return item;
  const { orderNumbers, orderKeys, ...rest } = item;
  const [days, nets, purchases, skuStarts, skuRefs] = packedLists(orderNumbers, 5);
  const [ids, runs] = packedLists(orderKeys, 2);
  const reps = runs === undefined ? undefined : repsOfRuns(runs);
  const orders = typeof rest.orders === 'object' && rest.orders !== null ? rest.orders : {};
  const columns = { ids, reps, days, nets, purchases, skuStarts, skuRefs };
  for (const [name, column] of Object.entries(columns)) {
    if (column === undefined) delete columns[name as keyof typeof columns];
  }
  // Lists in `orders` (an item from before packing, edited by hand) are read as they are.
  return { ...rest, orders: { ...columns, ...orders } };
}

/** The reps of consecutive orders as runs, `[rep, count, rep, count…]`: a shop's orders mostly name one rep. */
function repRuns(reps: readonly string[]): (string | number)[] {
  const runs: (string | number)[] = [];
  for (let i = 0; i < reps.length;) {
    const rep = reps[i] as string;
    let end = i + 1;
    while (end < reps.length && reps[end] === rep) end++;
    runs.push(rep, end - i);
    i = end;
  }
  return runs;
}

/** The reps per order from their runs; undefined (the schema then names the column) where they are not runs. */
function repsOfRuns(runs: unknown): string[] | undefined {
  if (!Array.isArray(runs) || runs.length % 2 !== 0) return undefined;
  const reps: string[] = [];
  for (let i = 0; i < runs.length; i += 2) {
    const rep = runs[i];
    const count = runs[i + 1];
    if (typeof rep !== 'string' || !Number.isSafeInteger(count) || (count as number) < 1) return undefined;
    for (let k = 0; k < (count as number); k++) reps.push(rep);
  }
  return reps;
}

/** The lists a packed attribute holds; none where it is absent or not `count` lists of JSON (the schema then says which column is missing). */
function packedLists(packed: unknown, count: number): unknown[] {
  if (typeof packed !== 'string') return [];
  let lists: unknown;
  try {
    lists = JSON.parse(packed);
  } catch {
    return [];
  }
  return Array.isArray(lists) && lists.length === count ? lists : [];
}

export function versionedProfileFromItem(stored: Record<string, unknown>): {
  profile: CustomerProfile;
  version: number;
} {
  return readProfileItem(stored, false);
}

/**
 * Reads a profile item as the daily evaluation reads it (see {@link EVALUATION_ATTRIBUTES}): the order
 * numbers and the reps of single orders are not read, and their columns are empty. A profile read this way
 * is for evaluating, never for writing back.
 */
export function evaluationProfileFromItem(stored: Record<string, unknown>): CustomerProfile {
  return readProfileItem(stored, true).profile;
}

function readProfileItem(
  stored: Record<string, unknown>,
  forEvaluation: boolean,
): { profile: CustomerProfile; version: number } {
  const item = unpacked(stored);
  // The evaluator reads every profile every morning: a plain structural check is ten times faster than
  // the schema, which runs only to say what is wrong with an item that fails it.
  if (looksLikeProfile(item, forEvaluation)) {
    const orders = item.orders as CustomerProfile['orders'];
    const profile = {
      customerId: item.customerId,
      ...(typeof item.repId === 'string' ? { repId: item.repId } : {}),
      ...(typeof item.customerName === 'string'
        ? { customerName: item.customerName, customerNameDay: item.customerNameDay }
        : {}),
      orders: {
        ids: forEvaluation ? [] : orders.ids,
        days: orders.days,
        nets: orders.nets,
        purchases: orders.purchases,
        reps: forEvaluation ? [] : orders.reps,
        skuNames: orders.skuNames,
        ...(orders.productNames ? { productNames: orders.productNames } : {}),
        skuStarts: orders.skuStarts,
        skuRefs: orders.skuRefs,
      },
      latestDay: item.latestDay,
      prunedFirstPurchaseDay: item.prunedFirstPurchaseDay,
      ...(item.prunedBefore === undefined ? {} : { prunedBefore: item.prunedBefore }),
      lastVisitDay: item.lastVisitDay,
      lastCouponDay: item.lastCouponDay,
      complaintDays: item.complaintDays,
      visitsTracked: item.visitsTracked,
    } as CustomerProfile;
    return { profile, version: typeof item.version === 'number' ? item.version : 0 };
  }
  const parsed = (forEvaluation ? evaluationItemSchema : profileItemSchema).safeParse(item);
  if (!parsed.success) {
    throw new CorruptProfileError(
      `profile item of customer ${String(item.customerId)} is not a profile: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const { version = 0, ...read } = parsed.data;
  const profile = forEvaluation ? { ...read, orders: { ...read.orders, ids: [], reps: [] } } : read;
  return { profile: profile as CustomerProfile, version };
}

const isInt = (value: unknown): boolean => Number.isInteger(value);
const isDay = (value: unknown): boolean => value === null || Number.isInteger(value);
const allInts = (value: unknown): boolean => Array.isArray(value) && value.every(isInt);
const allStrings = (value: unknown): boolean =>
  Array.isArray(value) && value.every((entry) => typeof entry === 'string');

/** The same conditions as `profileItemSchema` (or `evaluationItemSchema`), checked by hand. */
function looksLikeProfile(item: Record<string, unknown>, forEvaluation: boolean): boolean {
  const orders = item.orders as Record<string, unknown> | undefined;
  return (
    typeof item.customerId === 'string' &&
    (item.repId === undefined || typeof item.repId === 'string') &&
    (item.customerName === undefined ||
      (typeof item.customerName === 'string' && isInt(item.customerNameDay))) &&
    (item.version === undefined || isInt(item.version)) &&
    typeof orders === 'object' &&
    orders !== null &&
    (forEvaluation || allStrings(orders.ids)) &&
    allInts(orders.days) &&
    allInts(orders.nets) &&
    allInts(orders.purchases) &&
    (forEvaluation || allStrings(orders.reps)) &&
    allStrings(orders.skuNames) &&
    (orders.productNames === undefined || allStrings(orders.productNames)) &&
    allInts(orders.skuStarts) &&
    allInts(orders.skuRefs) &&
    isDay(item.latestDay) &&
    isDay(item.prunedFirstPurchaseDay) &&
    (item.prunedBefore === undefined || isDay(item.prunedBefore)) &&
    isDay(item.lastVisitDay) &&
    isDay(item.lastCouponDay) &&
    allInts(item.complaintDays) &&
    typeof item.visitsTracked === 'boolean'
  );
}
