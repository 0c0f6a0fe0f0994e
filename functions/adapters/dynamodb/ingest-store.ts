import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { effectiveRetentionDays, MAX_RETENTION_DAYS } from '../../core/config.ts';
import type { OrderFact } from '../../core/profile.ts';
import type {
  IngestStore,
  OrderAsStored,
  OrderWrite,
  ProfileWrite,
  StoredOrderSummary,
  WriteOutcome,
} from '../../use-cases/ingest/ingest-store.ts';
import type { StoredOrder } from '../../use-cases/ingest/order-record.ts';
import { batchGetAll, batchPutAll } from './batch.ts';
import { loadConfig, StoredConfigError } from './config-store.ts';
import { itemSizeBytes, MAX_ITEM_BYTES } from './item-size.ts';
import { profileToItem, versionedProfileFromItem } from './profile-item.ts';
import { queryItems, scanItems } from './scan.ts';
import type { TableNames } from './tables.ts';
import { type ConditionalPut, type PutOutcome, putTogether, transactionGroups } from './transactions.ts';

/** Transactions sent at once. */
const TRANSACTION_STREAMS = 4;

/** Ingest's store on DynamoDB: the tables of one stage, through one document client. */
export function dynamoIngestStore(doc: DynamoDBDocumentClient, tables: TableNames): IngestStore {
  return {
    maxItemBytes: MAX_ITEM_BYTES,
    orders: {
      async summaries(orderIds) {
        const items = await batchGetAll(doc, tables.orders, keys('orderId', orderIds), {
          streams: 4,
          attributes: ['orderId', 'customerId', 'day', 'hash', 'purchase'],
        });
        return new Map(
          items.map((item): [string, StoredOrderSummary] => [
            String(item.orderId),
            {
              customerId: String(item.customerId),
              day: Number(item.day),
              hash: typeof item.hash === 'string' ? item.hash : undefined,
              purchase: item.purchase === true,
            },
          ]),
        );
      },
      async fingerprints(orderIds) {
        const items = await batchGetAll(doc, tables.orders, keys('orderId', orderIds), {
          streams: 4,
          attributes: ['orderId', 'hash'],
        });
        return new Map(
          items.map((item) => [String(item.orderId), typeof item.hash === 'string' ? item.hash : undefined]),
        );
      },
      async orders(orderIds) {
        const items = await batchGetAll(doc, tables.orders, keys('orderId', orderIds), { streams: 4 });
        return new Map(items.map((item) => [String(item.orderId), orderFromItem(item)]));
      },
      itemBytes: orderItemBytes,
      async write(writes) {
        const puts = writes.map((write) => conditionalOrderPut(write, tables.orders));
        return writeTogether(doc, puts, (i) => orderItemBytes((writes[i] as OrderWrite).order), {
          stored: 'needed',
          stopAtFailure: true,
          storedState: (item) => ({
            hash: typeof item.hash === 'string' ? item.hash : undefined,
            customerId: String(item.customerId),
          }),
        });
      },
      async *facts() {
        for await (const item of scanItems(doc, tables.orders)) {
          yield { customerId: String(item.customerId), fact: factFromItem(item) };
        }
      },
    },
    profiles: {
      name: tables.profiles,
      async read(customerIds) {
        const items = await batchGetAll(doc, tables.profiles, keys('customerId', customerIds), {
          streams: 4,
        });
        return new Map(items.map((item) => [String(item.customerId), versionedProfileFromItem(item)]));
      },
      itemBytes: (profile, version) => itemSizeBytes(profileToItem(profile, version)),
      async write(writes) {
        const puts = writes.map((write) => conditionalProfilePut(write, tables.profiles));
        return writeTogether(doc, puts, (i) => itemSizeBytes((puts[i] as ConditionalPut).Item), {
          stopAtFailure: false,
        });
      },
      async replace(profiles, version) {
        await batchPutAll(
          doc,
          tables.profiles,
          profiles.map((profile) => profileToItem(profile, version)),
        );
      },
    },
    events: {
      async stored(eventKeys) {
        const items = await batchGetAll(
          doc,
          tables.events,
          eventKeys.map(({ customerId, eventKey }) => ({ customerId, eventKey })),
        );
        return new Set(items.map((item) => `${item.customerId}\u0000${item.eventKey}`));
      },
      async put(events) {
        await batchPutAll(doc, tables.events, events as unknown as Record<string, unknown>[]);
      },
      async complaintDays(customerId) {
        const days: number[] = [];
        for await (const item of queryItems(doc, {
          TableName: tables.events,
          KeyConditionExpression: 'customerId = :c AND begins_with(eventKey, :k)',
          ExpressionAttributeValues: { ':c': customerId, ':k': 'complaint#' },
          ConsistentRead: true,
        })) {
          days.push(Number(item.day));
        }
        return days.sort((a, b) => a - b);
      },
      async *all() {
        for await (const item of scanItems(doc, tables.events)) {
          yield {
            customerId: String(item.customerId),
            kind: item.kind as 'visits' | 'coupons' | 'complaints',
            day: Number(item.day),
          };
        }
      },
    },
    master: {
      async get(kind, ids) {
        const keyName = kind === 'customers' ? 'customerId' : 'repId';
        const items = await batchGetAll(doc, tables[kind], keys(keyName, ids));
        return new Map(items.map((item) => [String(item[keyName]), item]));
      },
      async put(kind, items) {
        await batchPutAll(doc, tables[kind], items);
      },
    },
    reps: {
      async list() {
        const reps: { repId: string; name?: string }[] = [];
        for await (const item of scanItems(doc, tables.reps, undefined, {
          ProjectionExpression: 'repId, #name',
          ExpressionAttributeNames: { '#name': 'name' },
        })) {
          if (typeof item.repId !== 'string') continue;
          reps.push({ repId: item.repId, ...(typeof item.name === 'string' ? { name: item.name } : {}) });
        }
        return reps;
      },
    },
  };
}

/**
 * The configured `profile.retentionDays`, read from the config table at most once a minute (an import sends
 * thousands of batches; a changed setting applies within the minute).
 */
export function configuredRetention(
  doc: DynamoDBDocumentClient,
  table: string,
  now: () => number = Date.now,
): () => Promise<number> {
  let cached: { value: number; at: number } | null = null;
  return async () => {
    if (cached && now() - cached.at < 60_000) return cached.value;
    try {
      const { config } = await loadConfig(doc, table);
      cached = { value: effectiveRetentionDays(config), at: now() };
      return cached.value;
    } catch (error) {
      if (!(error instanceof StoredConfigError)) throw error;
      // Stored settings that no longer validate stop the daily run, which names the keys; ingest goes on,
      // pruning as little as any setting could (a later ingest or rebuild-profiles prunes the rest).
      console.warn(
        `churn-watch: stored settings unreadable, pruning profiles to ${MAX_RETENTION_DAYS} days: ${error.message}`,
      );
      return cached?.value ?? MAX_RETENTION_DAYS;
    }
  };
}

const keys = (name: string, ids: readonly string[]) => ids.map((id) => ({ [name]: id }));

/**
 * Sends the puts in transactions (of up to 100, split where they add up to more than a transaction takes),
 * four at a time, and says what became of each. A transaction that fails with an error (not a refusal)
 * makes its puts `failed`; with `stopAtFailure`, so are the puts of transactions not yet sent.
 */
async function writeTogether<Stored>(
  doc: DynamoDBDocumentClient,
  puts: readonly ConditionalPut[],
  bytesOf: (index: number) => number,
  options: {
    stored?: 'needed';
    stopAtFailure: boolean;
    storedState?: (item: Record<string, unknown>) => Stored;
  },
): Promise<WriteOutcome<Stored>[]> {
  const outcomes: WriteOutcome<Stored>[] = puts.map(() => ({ kind: 'notTried' }));
  const groups = transactionGroups(
    puts.map((_, i) => i),
    bytesOf,
  );
  let failure: { error: unknown } | undefined;
  const sendGroup = async (group: number[]) => {
    let sent: PutOutcome[];
    try {
      sent = await putTogether(
        doc,
        group.map((i) => puts[i] as ConditionalPut),
        options.stored ? { stored: options.stored } : {},
      );
    } catch (error) {
      failure ??= { error };
      for (const i of group) outcomes[i] = { kind: 'failed', error };
      return;
    }
    for (const [k, i] of group.entries()) {
      const outcome = sent[k] as PutOutcome;
      outcomes[i] =
        outcome.kind === 'refused'
          ? {
              kind: 'refused',
              stored: outcome.stored && options.storedState ? options.storedState(outcome.stored) : undefined,
            }
          : outcome;
    }
  };
  let start = 0;
  for (; start < groups.length; start += TRANSACTION_STREAMS) {
    if (failure && options.stopAtFailure) break;
    await Promise.all(groups.slice(start, start + TRANSACTION_STREAMS).map(sendGroup));
  }
  if (failure) {
    for (const group of groups.slice(start))
      for (const i of group) outcomes[i] = { kind: 'failed', ...failure };
  }
  return outcomes;
}

/** The put of an order, conditioned on the state its writer last knew of it. */
function conditionalOrderPut({ order, expected }: OrderWrite, table: string): ConditionalPut {
  const base = { TableName: table, Item: orderItem(order) };
  if (!expected) return { ...base, ConditionExpression: 'attribute_not_exists(orderId)' };
  if (expected.hash === undefined) {
    return {
      ...base,
      ConditionExpression: 'attribute_exists(orderId) AND attribute_not_exists(#hash)',
      ExpressionAttributeNames: { '#hash': 'hash' },
    };
  }
  return {
    ...base,
    ConditionExpression: '#hash = :hash',
    ExpressionAttributeNames: { '#hash': 'hash' },
    ExpressionAttributeValues: { ':hash': expected.hash },
  };
}

/** The put of a profile's new version, only if the version its writer read is still the one stored. */
function conditionalProfilePut(write: ProfileWrite, table: string): ConditionalPut {
  return {
    TableName: table,
    Item: profileToItem(write.profile, write.version),
    ...(write.expectedVersion !== undefined
      ? {
          ConditionExpression: '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': write.expectedVersion },
        }
      : { ConditionExpression: 'attribute_not_exists(customerId)' }),
  };
}

const itemBytes = new WeakMap<StoredOrder, number>();

/**
 * The size of an order's item as DynamoDB counts it (estimated upwards, see itemSizeBytes), worked out once
 * per order: ingest checks it against the item limit, then groups the orders into transactions by it.
 */
export function orderItemBytes(order: StoredOrder): number {
  let bytes = itemBytes.get(order);
  if (bytes === undefined) {
    bytes = itemSizeBytes(orderItem(order));
    itemBytes.set(order, bytes);
  }
  return bytes;
}

/** An order as the orders table stores it. */
export function orderItem(order: StoredOrder): Record<string, unknown> {
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

function orderFromItem(item: Record<string, unknown>): OrderAsStored {
  return {
    orderId: String(item.orderId),
    customerId: String(item.customerId),
    day: Number(item.day),
    status: item.status as StoredOrder['status'],
    repId: typeof item.repId === 'string' ? item.repId : undefined,
    ...(typeof item.customerName === 'string' ? { customerName: item.customerName } : {}),
    lines: (item.lines ?? []) as StoredOrder['lines'],
  };
}

/** A stored order as its customer's fact, as `rebuild-profiles` folds it in. */
function factFromItem(item: Record<string, unknown>): OrderFact {
  const fact: OrderFact = {
    orderId: String(item.orderId),
    day: Number(item.day),
    net: Number(item.net),
    purchase: item.purchase === true,
    skus: (item.skus as string[] | undefined) ?? [],
    repId: (item.repId as string | undefined) || undefined,
    ...(typeof item.customerName === 'string' ? { customerName: item.customerName } : {}),
  };
  const productNames = productNamesOf(item.lines);
  if (productNames) fact.productNames = productNames;
  return fact;
}

/** SKU → name from a stored order's lines, as orderFactFromLines picks them (placed lines, first name in sort order). */
function productNamesOf(lines: unknown): Record<string, string> | undefined {
  if (!Array.isArray(lines)) return undefined;
  let names: Record<string, string> | undefined;
  for (const line of lines as Record<string, unknown>[]) {
    const { sku, productName, status, amount } = line;
    if (typeof sku !== 'string' || typeof productName !== 'string' || productName === '') continue;
    if (status !== 'placed' || Number(amount) < 0) continue;
    const named = names?.[sku];
    if (named === undefined || productName < named) (names ??= {})[sku] = productName;
  }
  return names;
}
