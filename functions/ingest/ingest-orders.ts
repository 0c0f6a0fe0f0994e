import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Locale } from '../core/locale.ts';
import { type CustomerProfile, emptyProfile, mergeOrderFacts } from '../core/profile.ts';
import { toFieldIssues } from '../core/validation.ts';
import { batchGetAll, batchPutAll } from '../adapters/dynamodb/batch.ts';
import { profileFromItem, profileToItem } from '../adapters/dynamodb/profile-item.ts';
import type { TableNames } from '../adapters/dynamodb/tables.ts';
import type { IngestResult, RejectedRecord } from './ingest-result.ts';
import { orderRecordSchema, type StoredOrder } from './order-record.ts';

export interface IngestDeps {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  timeZone: string;
  retentionDays: number;
  locale: Locale;
}

/** Validates API order records; each rejected one names its index and fields. */
export function validateOrders(records: readonly unknown[], timeZone: string, locale: Locale) {
  const schema = orderRecordSchema(timeZone);
  const valid: { index: number; order: StoredOrder }[] = [];
  const rejected: RejectedRecord[] = [];
  records.forEach((record, index) => {
    const parsed = schema.safeParse(record);
    if (parsed.success) valid.push({ index, order: parsed.data });
    else {
      const errors = toFieldIssues(parsed.error, locale, record).map((issue) => ({
        path: issue.field,
        message: issue.message,
      }));
      rejected.push({ index, errors });
    }
  });
  return { valid, rejected };
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
  // The same order twice in one batch: identical copies are duplicates; different contents cannot both be
  // the truth, and picking one would depend on their order in the batch, so both are refused.
  const byKey = new Map<string, { index: number; order: StoredOrder }[]>();
  for (const entry of valid) {
    const key = `${entry.order.customerId}\u0000${entry.order.orderId}`;
    const same = byKey.get(key);
    if (same) same.push(entry);
    else byKey.set(key, [entry]);
  }
  const orders: StoredOrder[] = [];
  let duplicates = 0;
  for (const entries of byKey.values()) {
    const first = entries[0] as { index: number; order: StoredOrder };
    if (entries.every((entry) => entry.order.hash === first.order.hash)) {
      orders.push(first.order);
      duplicates += entries.length - 1;
      continue;
    }
    for (const entry of entries) {
      rejected.push({
        index: entry.index,
        errors: [
          {
            path: 'orderId',
            message:
              deps.locale === 'en'
                ? `order ${entry.order.orderId} appears more than once in this batch with different contents`
                : `订单 ${entry.order.orderId} 在本批次中出现多次且内容不同`,
          },
        ],
      });
    }
  }

  const existing = new Map<string, { hash: string; day: number }>();
  const stored = await batchGetAll(
    deps.doc,
    deps.tables.orders,
    orders.map((order) => ({ customerId: order.customerId, orderId: order.orderId })),
  );
  for (const item of stored) {
    existing.set(`${item.customerId}\u0000${item.orderId}`, {
      hash: String(item.hash),
      day: Number(item.day),
    });
  }
  const changed = orders.filter(
    (order) => existing.get(`${order.customerId}\u0000${order.orderId}`)?.hash !== order.hash,
  );
  duplicates += orders.length - changed.length;
  await batchPutAll(deps.doc, deps.tables.orders, changed.map(orderItem));

  await updateProfiles(orders, existing, deps);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: changed.length, duplicates, rejected };
}

function orderItem(order: StoredOrder): Record<string, unknown> {
  return {
    customerId: order.customerId,
    orderId: order.orderId,
    day: order.day,
    status: order.status,
    repId: order.repId,
    lines: order.lines,
    net: order.fact.net,
    purchase: order.fact.purchase,
    skus: order.fact.skus,
    hash: order.hash,
  };
}

async function updateProfiles(
  orders: readonly StoredOrder[],
  existing: ReadonlyMap<string, { hash: string; day: number }>,
  deps: IngestDeps,
): Promise<void> {
  const byCustomer = new Map<string, StoredOrder[]>();
  for (const order of orders) {
    const list = byCustomer.get(order.customerId);
    if (list) list.push(order);
    else byCustomer.set(order.customerId, [order]);
  }
  if (byCustomer.size === 0) return;
  const items = await batchGetAll(
    deps.doc,
    deps.tables.profiles,
    [...byCustomer.keys()].map((customerId) => ({ customerId })),
  );
  const current = new Map(items.map((item) => [String(item.customerId), profileFromItem(item)]));
  const updated: CustomerProfile[] = [];
  for (const [customerId, customerOrders] of byCustomer) {
    const before = current.get(customerId) ?? emptyProfile(customerId);
    const removed = customerOrders.flatMap((order) => {
      const old = existing.get(`${order.customerId}\u0000${order.orderId}`);
      return old && old.day !== order.day ? [{ orderId: order.orderId, day: old.day }] : [];
    });
    const after = mergeOrderFacts(
      before,
      customerOrders.map((order) => order.fact),
      deps.retentionDays,
      removed,
    );
    after.repId = latestRep(before, customerOrders);
    if (JSON.stringify(after) !== JSON.stringify(before)) updated.push(after);
  }
  await batchPutAll(deps.doc, deps.tables.profiles, updated.map(profileToItem));
}

/**
 * The rep of the customer's latest purchase that names one: a batch's order replaces the profile's rep only
 * if it is at least as late as the profile's last purchase, so older orders arriving late change nothing.
 */
function latestRep(profile: CustomerProfile, orders: readonly StoredOrder[]): string | undefined {
  const { days, purchases } = profile.orders;
  let latestDay = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < days.length; i++)
    if (purchases[i] === 1) latestDay = Math.max(latestDay, days[i] as number);
  let rep = profile.repId;
  let repDay = rep === undefined ? Number.NEGATIVE_INFINITY : latestDay;
  const sorted = [...orders].sort(
    (a, b) => a.day - b.day || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0),
  );
  for (const order of sorted) {
    if (order.repId !== undefined && order.fact.purchase && order.day >= repDay) {
      rep = order.repId;
      repDay = order.day;
    }
  }
  return rep;
}
