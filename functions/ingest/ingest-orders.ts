import type { Locale } from '../core/locale.ts';
import { formatDay } from '../core/days.ts';
import { mergeOrderFacts } from '../core/profile.ts';
import { batchGetAll, batchPutAll } from '../adapters/dynamodb/batch.ts';
import type { IngestResult, RejectedRecord } from './ingest-result.ts';
import { settleBatchCopies } from './batch-copies.ts';
import { type IngestDeps, repsOf, retentionOf } from './ingest-deps.ts';
import { orderRecordSchema, type StoredOrder, storedOrder } from './order-record.ts';
import { upkeepProfiles } from './profile-upkeep.ts';
import { isMismatch, uncheckedRepsNotice } from './rep-directory.ts';
import { validateRecords } from './validate-records.ts';

/** Validates API order records; each rejected one names its index and fields. */
export function validateOrders(records: readonly unknown[], timeZone: string, locale: Locale) {
  const { valid, rejected } = validateRecords(records, orderRecordSchema(timeZone), locale);
  return { valid: valid.map(({ index, value }) => ({ index, order: value })), rejected };
}

/**
 * Stores orders and brings the profiles of their customers up to date, in that order, without
 * transactions: orders are put by natural key (a replay writes the same items), and every customer the
 * batch names gets its profile merged with the batch's facts even when the orders were already stored. A
 * retry after a crash between the two steps therefore finishes the profile update the crash interrupted,
 * and merging a fact twice changes nothing.
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
  const refuse = (index: number, path: string, zh: string, en: string) =>
    rejected.push({ index, errors: [{ path, message: locale === 'en' ? en : zh }] });

  // An order dated in the future is a typo (2052 for 2025) that would push the customer's history out of
  // the profile; refuse it rather than let it in.
  const accepted = valid.filter(({ index, order }) => {
    if (deps.today === undefined || order.day <= deps.today + 1) return true;
    refuse(
      index,
      'orderDate',
      `日期 ${formatDay(order.day)} 晚于今天`,
      `date ${formatDay(order.day)} is after today`,
    );
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

  const settled = settleBatchCopies(
    withReps.map(({ index, order }) => ({ index, value: order })),
    (order) => order.orderId,
    (order) => order.hash,
    'orderId',
    locale,
    rejected,
    { 'zh-CN': '订单', en: 'order' },
  );
  let orders = settled.kept;
  let duplicates = settled.duplicates;

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
    return isReturnOfStoredSale ? withOrderId(order, `${order.orderId}@${formatDay(order.day)}`) : order;
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

  const changed = orders.filter((order) => existing.get(order.orderId)?.hash !== order.hash);
  duplicates += orders.length - changed.length;
  await batchPutAll(deps.doc, deps.tables.orders, changed.map(orderItem));

  // Every customer the batch names is merged again even if its orders were already stored: that is what
  // finishes the work of an earlier attempt that crashed before this step. An order that moved to another
  // customer leaves the old customer's profile.
  const byCustomer = new Map<string, { facts: StoredOrder['fact'][]; removed: string[] }>();
  const entryOf = (customerId: string) => {
    let entry = byCustomer.get(customerId);
    if (!entry) {
      entry = { facts: [], removed: [] };
      byCustomer.set(customerId, entry);
    }
    return entry;
  };
  for (const order of orders) {
    entryOf(order.customerId).facts.push(order.fact);
    const stored = existing.get(order.orderId);
    if (stored && stored.customerId !== order.customerId)
      entryOf(stored.customerId).removed.push(order.orderId);
  }
  const retentionDays = await retentionOf(deps);
  await upkeepProfiles(
    [...byCustomer.keys()],
    (profile) => {
      const entry = byCustomer.get(profile.customerId) as { facts: StoredOrder['fact'][]; removed: string[] };
      return mergeOrderFacts(profile, entry.facts, retentionDays, entry.removed);
    },
    deps,
  );
  rejected.sort((a, b) => a.index - b.index);
  return {
    accepted: changed.length,
    duplicates,
    rejected,
    ...(unchecked ? { notices: [uncheckedRepsNotice(locale)] } : {}),
  };
}

interface StoredOrderSummary {
  customerId: string;
  day: number;
  hash: string;
  purchase: boolean;
}

async function storedOrders(
  orderIds: readonly string[],
  deps: IngestDeps,
): Promise<Map<string, StoredOrderSummary>> {
  const items = await batchGetAll(
    deps.doc,
    deps.tables.orders,
    orderIds.map((orderId) => ({ orderId })),
  );
  return new Map(
    items.map((item) => [
      String(item.orderId),
      {
        customerId: String(item.customerId),
        day: Number(item.day),
        hash: String(item.hash),
        purchase: item.purchase === true,
      },
    ]),
  );
}

function withOrderId(order: StoredOrder, orderId: string): StoredOrder {
  return storedOrder({ ...order, orderId });
}

function withRepId(order: StoredOrder, repId: string): StoredOrder {
  return storedOrder({ ...order, repId });
}

function orderItem(order: StoredOrder): Record<string, unknown> {
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    day: order.day,
    status: order.status,
    repId: order.repId,
    customerName: order.customerName,
    lines: order.lines,
    net: order.fact.net,
    purchase: order.fact.purchase,
    skus: order.fact.skus,
    hash: order.hash,
  };
}
