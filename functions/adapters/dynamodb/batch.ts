import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

export interface RetryOptions {
  /** Attempts per chunk before giving up (DynamoDB returns unprocessed items under load). */
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full-jitter exponential backoff, as AWS recommends for UnprocessedItems. */
function backoff(attempt: number, baseDelayMs: number): number {
  return Math.random() * baseDelayMs * 2 ** attempt;
}

export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
}

/**
 * Writes every item (BatchWriteItem takes 25 at a time), retrying unprocessed ones with backoff. Puts are
 * whole-item replacements keyed by natural keys, so a retried chunk converges to the same state.
 */
export async function batchPutAll(
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly Item[],
  options: RetryOptions = {},
): Promise<void> {
  await batchWriteAll(
    doc,
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
    options,
  );
}

/** Deletes the items with these keys, 25 at a time, retrying unprocessed ones like {@link batchPutAll}. */
export async function batchDeleteAll(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
  options: RetryOptions = {},
): Promise<void> {
  await batchWriteAll(
    doc,
    table,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    options,
  );
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

async function batchWriteAll(
  doc: DynamoDBDocumentClient,
  table: string,
  all: readonly WriteRequest[],
  options: RetryOptions,
): Promise<void> {
  const { maxAttempts = 8, baseDelayMs = 50, sleep = defaultSleep } = options;
  for (let start = 0; start < all.length; start += 25) {
    let requests = all.slice(start, start + 25);
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt >= maxAttempts) {
        throw new UnprocessedItemsError(
          `${requests.length} items for ${table} still unprocessed after ${maxAttempts} attempts`,
        );
      }
      if (attempt > 0) await sleep(backoff(attempt, baseDelayMs));
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
}

/**
 * Reads items by key (BatchGetItem takes 100 at a time), retrying unprocessed keys with backoff; `streams`
 * chunks of 100 are read at once (one by default). With `attributes`, only those top-level attributes come
 * back (the keys must be among them to match items to keys).
 */
export async function batchGetAll(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
  options: RetryOptions & { streams?: number; attributes?: readonly string[] } = {},
): Promise<Item[]> {
  const { maxAttempts = 8, baseDelayMs = 50, sleep = defaultSleep, streams = 1, attributes } = options;
  // Placeholders for every name: DynamoDB reserves many plain words (DAY, HASH, STATUS…).
  const projection = attributes && {
    ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
  };
  const readChunk = async (chunk: Item[]): Promise<Item[]> => {
    const found: Item[] = [];
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts) {
        throw new UnprocessedItemsError(
          `${pending.length} keys of ${table} still unprocessed after ${maxAttempts} attempts`,
        );
      }
      if (attempt > 0) await sleep(backoff(attempt, baseDelayMs));
      const result = await doc.send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: pending, ConsistentRead: true, ...projection } },
        }),
      );
      found.push(...((result.Responses?.[table] ?? []) as Item[]));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
    }
    return found;
  };
  const chunks: Item[][] = [];
  for (let start = 0; start < keys.length; start += 100) chunks.push(keys.slice(start, start + 100));
  const found: Item[][] = [];
  for (let start = 0; start < chunks.length; start += streams) {
    found.push(...(await Promise.all(chunks.slice(start, start + streams).map(readChunk))));
  }
  return found.flat();
}

/** Splits work over a few concurrent request streams: one BatchWriteItem/BatchGetItem at a time is slow. */
export async function inStreams<T, R>(
  items: readonly T[],
  run: (chunk: T[]) => Promise<R>,
  streams = 4,
): Promise<R[]> {
  // Whole batches of 100 (BatchGetItem's size, four of BatchWriteItem's) per stream.
  const size = Math.max(100, Math.ceil(items.length / streams / 100) * 100);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return Promise.all(chunks.map(run));
}
