import type { Locale } from '../../core/locale.ts';
import { formatDay } from '../../core/days.ts';
import { emptyProfile, mergeOrderFacts } from '../../core/profile.ts';
import type { IngestResult, RejectedRecord } from './ingest-result.ts';
import { settleBatchCopies } from './batch-copies.ts';
import { type IngestDeps, repsOf, retentionOf } from './ingest-deps.ts';
import { orderRecordSchema, type StoredOrder, storedOrder } from './order-record.ts';
import { writeOrders } from './order-writes.ts';
import type { StoredOrderSummary } from './ingest-store.ts';
import { type ProfilesRead, readProfiles, upkeepProfiles } from './profile-upkeep.ts';
import { isMismatch, uncheckedRepsNotice } from './rep-directory.ts';
import { validateRecords } from './validate-records.ts';
import { textFor } from '../../text/catalogue.ts';

/** Validates API order records; each rejected one names its index and fields. */
export function validateOrders(records: readonly unknown[], timeZone: string, locale: Locale) {
  const { valid, rejected } = validateRecords(records, orderRecordSchema(timeZone), locale);
  return { valid: valid.map(({ index, value }) => ({ index, order: value })), rejected };
}

/**
 * Stores orders and brings the profiles of their customers up to date, in that order, as two steps (orders
 * and profiles are each written in transactions of their own, never one spanning both): orders are put by
 * natural key, and every customer the batch names gets its profile made to agree with the orders table
 * even when the orders were already stored. A retry after a crash (or a 503)
 * between the two steps therefore finishes the profile update the interrupted attempt left undone, and
 * merging a fact twice changes nothing. `rebuild-profiles` recomputes every profile from the orders table
 * when no retry comes.
 */
export async function ingestOrders(records: readonly unknown[], deps: IngestDeps): Promise<IngestResult> {
  const { valid, rejected } = validateOrders(records, deps.timeZone, deps.locale);
  return storeOrders(valid, rejected, deps);
}

export async function storeOrders(
  valid: readonly { index: number; order: StoredOrder }[],
  rejected: RejectedRecord[],
  deps: IngestDeps,
): Promise<IngestResult> {
  const locale = deps.locale;
  const words = textFor(locale).ingest;
  const refuse = (index: number, path: string, message: string) =>
    rejected.push({ index, errors: [{ path, message }] });

  // An order dated in the future is a typo (2052 for 2025) that would push the customer's history out of
  // the profile; refuse it rather than let it in.
  const accepted = valid.filter(({ index, order }) => {
    if (deps.today === undefined || order.day <= deps.today + 1) return true;
    refuse(index, 'orderDate', words.dateAfterToday(formatDay(order.day)));
    return false;
  });

  // A rep written by name becomes the rep's id; a rep the reps table does not know refuses the order, so no
  // customer ends up with a rep whose digest cannot be sent.
  let unchecked = false;
  const withReps: typeof accepted = [];
  const reps = accepted.some(({ order }) => order.repId !== undefined) ? await repsOf(deps) : undefined;
  for (const entry of accepted) {
    const { index, order } = entry;
    if (reps === undefined || order.repId === undefined) {
      withReps.push(entry);
      continue;
    }
    const match = reps.match(order.repId);
    if (isMismatch(match)) {
      rejected.push({
        index,
        errors: [{ path: 'repId', message: reps.problem(order.repId, match, locale) }],
      });
      continue;
    }
    if (match.kind === 'unchecked') unchecked = true;
    withReps.push(match.repId === order.repId ? entry : { index, order: withRepId(order, match.repId) });
  }

  // An order DynamoDB could not store (over 400 KB: a thousand lines with long SKU codes) is refused here,
  // by its index, before anything is written: otherwise it fails the write of its whole chunk mid-batch.
  const { maxItemBytes } = deps.store;
  const fitting = withReps.filter(({ index, order }) => {
    const bytes = deps.store.orders.itemBytes(order);
    if (bytes <= maxItemBytes) return true;
    const kb = (n: number) => Math.ceil(n / 1024);
    refuse(index, 'lines', words.orderTooLarge(kb(bytes), kb(maxItemBytes)));
    return false;
  });

  const settled = settleBatchCopies(
    fitting.map(({ index, order }) => ({ index, value: order })),
    (order) => order.orderId,
    (order) => order.hash,
    'orderId',
    locale,
    rejected,
    (orderId, locale) => textFor(locale).ingest.orderNamed(orderId),
  );
  let orders = settled.kept;
  const indexOf = new Map<StoredOrder, number>(fitting.map(({ index, order }) => [order, index]));
  let duplicates = settled.duplicates;
  const refuseOverflow = (order: StoredOrder, over: Overflow) => {
    const index = indexOf.get(order) as number;
    if (over.kind === 'money') {
      refuse(index, 'customerId', words.amountsPastExact(order.customerId));
      return;
    }
    const kb = Math.ceil(over.bytes / 1024);
    const limit = Math.ceil(maxItemBytes / 1024);
    refuse(index, 'customerId', words.profileTooLarge(order.customerId, kb, limit));
  };

  let existing = await storedOrders(
    orders.map((order) => order.orderId),
    deps,
  );
  // A return document booked later under the original order number must not replace the sale: it is kept
  // beside it as ORDERID@date, the same key an import of the return gives it.
  const renamed = orders.map((order) => {
    const stored = existing.get(order.orderId);
    const isReturnOfStoredSale =
      stored && stored.day !== order.day && stored.purchase && !order.fact.purchase && order.fact.net < 0;
    if (!isReturnOfStoredSale) return order;
    const kept = withOrderId(order, `${order.orderId}@${formatDay(order.day)}`);
    indexOf.set(kept, indexOf.get(order) as number);
    return kept;
  });
  if (renamed.some((order, i) => order !== orders[i])) {
    orders = renamed;
    existing = new Map([
      ...existing,
      ...(await storedOrders(
        orders.map((order) => order.orderId),
        deps,
      )),
    ]);
  }

  let changed = orders.filter((order) => existing.get(order.orderId)?.hash !== order.hash);
  duplicates += orders.length - changed.length;

  // The profiles of every customer the batch names, and of every customer one of its orders belonged to, are
  // read once, before any order is written: the size check and the upkeep both work from that read. Upkeep
  // reads again only those this process put meanwhile; one another process changed is refused at its put,
  // then read again.
  const customers = new Set<string>();
  for (const order of orders) {
    customers.add(order.customerId);
    const before = existing.get(order.orderId);
    if (before) customers.add(before.customerId);
  }
  const retentionDays = await retentionOf(deps);
  const read = await readProfiles([...customers], deps);

  // A profile is one item too: orders that would grow their customer's past the limit are refused before
  // anything is written, so no order is ever stored that its profile cannot hold.
  const overflowing = profilesOverflowing(changed, read.profiles, retentionDays, deps);
  if (overflowing.size > 0) {
    const refused = changed.filter((order) => overflowing.has(order.customerId));
    for (const order of refused) refuseOverflow(order, overflowing.get(order.customerId) as Overflow);
    changed = changed.filter((order) => !overflowing.has(order.customerId));
    orders = orders.filter((order) => !refused.includes(order));
  }
  const written = await writeOrders(changed, existing, deps);

  // Every customer the batch names is brought up to date even if its orders were already stored: that is
  // what finishes the work of an earlier attempt that crashed (or gave up) before this step. So is every
  // customer an order belonged to before, which must lose it. Each profile is made to agree with the
  // orders table as read after the profile: when two requests store the same order for two customers,
  // the orders table keeps the last write, and both profiles follow it.
  const orderIdsOf = new Map<string, Set<string>>();
  const note = (customerId: string, orderId: string) => {
    const ids = orderIdsOf.get(customerId);
    if (ids) ids.add(orderId);
    else orderIdsOf.set(customerId, new Set([orderId]));
  };
  for (const order of orders) {
    note(order.customerId, order.orderId);
    const before = existing.get(order.orderId);
    if (before && before.customerId !== order.customerId) note(before.customerId, order.orderId);
  }
  for (const [orderId, customerId] of written.previousOwners) note(customerId, orderId);
  // Whoever this request stored an order for, or took one from, gets a new profile version even if its
  // profile already agrees, so a concurrent request that read the orders table before this write retries.
  const touch = new Set<string>();
  for (const order of written.stored) touch.add(order.customerId);
  for (const customerId of written.previousOwners.values()) touch.add(customerId);

  const ours = new Map(orders.map((order) => [order.orderId, order]));
  const firstRead = new Map<string, StoredOrder>();
  await upkeepProfiles(
    [...orderIdsOf.keys()],
    async (profile, attempt) => {
      const ids = [...(orderIdsOf.get(profile.customerId) ?? [])];
      const stored = attempt === 0 ? firstRead : await ordersAsStored(ids, ours, deps);
      const facts: StoredOrder['fact'][] = [];
      const removed: string[] = [];
      for (const orderId of ids) {
        const order = stored.get(orderId);
        if (order?.customerId === profile.customerId) facts.push(order.fact);
        else removed.push(orderId);
      }
      return mergeOrderFacts(profile, facts, retentionDays, removed);
    },
    deps,
    {
      touch,
      read,
      afterRead: async (customerIds, readNow) => {
        // An order this request wrote after reading a customer's profile is as it wrote it, for that
        // profile: whoever changes it later bumps the profile's version (it upkeeps the customer it wrote
        // the order for or took it from), so this request's put is refused and re-reads. Every other order
        // (stored before, by another request, or named by a customer read only now) is read from the
        // orders table, after the profile.
        const wroteAfterRead = new Map(written.stored.map((order) => [order.orderId, order]));
        const reread = new Set<string>();
        for (const customerId of customerIds) {
          for (const orderId of orderIdsOf.get(customerId) ?? []) {
            if (!wroteAfterRead.has(orderId) || readNow.has(customerId)) reread.add(orderId);
          }
        }
        const now = await ordersAsStored([...reread], ours, deps);
        for (const ids of customerIds.map((customerId) => orderIdsOf.get(customerId) ?? [])) {
          for (const orderId of ids) {
            const order = reread.has(orderId) ? now.get(orderId) : wroteAfterRead.get(orderId);
            if (order) firstRead.set(orderId, order);
            else firstRead.delete(orderId);
          }
        }
      },
    },
  );
  duplicates += written.alreadyStored;
  if (written.failure !== undefined) throw written.failure;
  rejected.sort((a, b) => a.index - b.index);
  return {
    accepted: written.stored.length,
    duplicates,
    rejected,
    ...(unchecked ? { notices: [uncheckedRepsNotice(locale)] } : {}),
  };
}

/** Why a customer's profile cannot take more orders: its item would be too large, or its money past exact sums. */
type Overflow = { kind: 'size'; bytes: number } | { kind: 'money' };

/**
 * Customers whose profile, with these orders merged, would be larger than an item may be (with that size), or
 * whose order amounts would add up past 2^53 (each order is at most MAX_MINOR, so this takes over 9,000 of
 * the largest orders within the retention: a data error, never a shop). Orders are only ever added here (a
 * move or a correction that shrinks a profile never overflows it).
 */
function profilesOverflowing(
  orders: readonly StoredOrder[],
  read: ProfilesRead['profiles'],
  retentionDays: number,
  deps: Pick<IngestDeps, 'store'>,
): Map<string, Overflow> {
  const factsOf = new Map<string, StoredOrder['fact'][]>();
  for (const order of orders) {
    const facts = factsOf.get(order.customerId);
    if (facts) facts.push(order.fact);
    else factsOf.set(order.customerId, [order.fact]);
  }
  const overflowing = new Map<string, Overflow>();
  for (const [customerId, facts] of factsOf) {
    const before = read.get(customerId);
    const after = mergeOrderFacts(before?.profile ?? emptyProfile(customerId), facts, retentionDays);
    let magnitude = 0;
    for (const net of after.orders.nets) magnitude += Math.abs(net);
    if (!Number.isSafeInteger(magnitude)) {
      overflowing.set(customerId, { kind: 'money' });
      continue;
    }
    const bytes = deps.store.profiles.itemBytes(after, (before?.version ?? 0) + 1);
    if (bytes > deps.store.maxItemBytes) overflowing.set(customerId, { kind: 'size', bytes });
  }
  return overflowing;
}

/**
 * The orders as the orders table holds them now (consistent reads): ours where the stored fingerprint is
 * ours, else rebuilt from the stored item (another request's version of the order won). Only the
 * fingerprints are read first: nearly always they are ours, and an order's lines are most of its item, so
 * whole items are read only for the orders another request changed.
 */
async function ordersAsStored(
  orderIds: readonly string[],
  ours: ReadonlyMap<string, StoredOrder>,
  deps: IngestDeps,
): Promise<Map<string, StoredOrder>> {
  const found = new Map<string, StoredOrder>();
  const theirs: string[] = [];
  for (const [orderId, hash] of await deps.store.orders.fingerprints(orderIds)) {
    const mine = ours.get(orderId);
    if (mine && mine.hash === hash) found.set(orderId, mine);
    else theirs.push(orderId);
  }
  // Read after the fingerprints, so still after the profile: a change since bumped its version.
  if (theirs.length > 0) {
    for (const [orderId, stored] of await deps.store.orders.orders(theirs)) {
      const order = storedOrder(stored);
      const mine = ours.get(orderId);
      found.set(orderId, mine && mine.hash === order.hash ? mine : order);
    }
  }
  return found;
}

async function storedOrders(
  orderIds: readonly string[],
  deps: IngestDeps,
): Promise<Map<string, StoredOrderSummary>> {
  return deps.store.orders.summaries(orderIds);
}

function withOrderId(order: StoredOrder, orderId: string): StoredOrder {
  return storedOrder({ ...order, orderId });
}

function withRepId(order: StoredOrder, repId: string): StoredOrder {
  return storedOrder({ ...order, repId });
}
