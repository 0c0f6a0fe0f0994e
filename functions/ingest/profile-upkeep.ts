import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CustomerProfile, emptyProfile } from '../core/profile.ts';
import type { Locale } from '../core/locale.ts';
import { batchGetAll } from '../adapters/dynamodb/batch.ts';
import { profileToItem, versionedProfileFromItem } from '../adapters/dynamodb/profile-item.ts';
import { isConditionFailure } from '../adapters/dynamodb/conditions.ts';
import type { IngestDeps } from './ingest-deps.ts';

const CHUNK = 25;
const CHUNK_STREAMS = 2;

export interface UpkeepOptions {
  /**
   * Called for each chunk of customers after their profiles were read and before the change is applied to
   * them: where a change reads in one batch what it depends on (the orders table). Read after the profile,
   * such data is covered by the profile's version: a writer that changed it since bumps the version, and
   * this request's put fails.
   */
  afterRead?: (customerIds: readonly string[]) => Promise<void>;
  /**
   * Customers whose profile is written even when the change leaves it as it is. Bumping the version makes a
   * concurrent request that decided on older data (an order's owner before this request moved it) try again.
   */
  touch?: ReadonlySet<string>;
  /** Attempts per customer before giving up with {@link ProfileContentionError}. */
  maxAttempts?: number;
  /**
   * How long a customer's profile is retried after its first conflict before giving up (ms): the API
   * answers 503 well before API Gateway's 29 s cut the request off with nothing said. Counted from the
   * first conflict, not the start of the call, so a slow but uncontended store is waited for, not refused.
   */
  budgetMs?: number;
  /** First backoff ceiling; it doubles per attempt up to 1 s (full jitter). */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Other requests kept changing a profile faster than this one could apply its change. The orders are
 * stored; sending the batch again merges them (upkeep re-applies every customer a batch names), so the
 * caller is told to retry (503 with Retry-After) rather than that the service failed.
 */
export class ProfileContentionError extends Error {
  override readonly name = 'ProfileContentionError';
  /** Seconds a caller should wait before sending the batch again. */
  readonly retryAfterSeconds = 2;

  constructor(
    readonly customerId: string,
    attempts: number,
  ) {
    super(`profile of customer ${customerId} kept changing under us after ${attempts} attempts`);
  }

  describe(locale: Locale): string {
    return locale === 'en'
      ? `customer ${this.customerId} is being updated by other requests; the batch is not finished, send it again in ${this.retryAfterSeconds} s (nothing is counted twice)`
      : `客户 ${this.customerId} 正被其他请求同时更新，本批次尚未完成；请 ${this.retryAfterSeconds} 秒后重新发送（不会重复计算）`;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Applies `change` to each customer's profile with optimistic locking: read (batched), change, put only if
 * the version read is still stored; when another request got there first, wait a random while (full
 * jitter, so contending requests spread out instead of colliding again) and re-read and re-apply. The
 * changes are merges of facts, so re-applying them to the newer profile gives the state both requests
 * together should leave, whichever finished first. `change` gets the attempt number (0 first): on 0 it may
 * use what `afterRead` read for its chunk; on a retry it must read again.
 *
 * Customers go in chunks of 25, each read just before its puts: a profile read long before its put (a
 * batch of a hundred customers read at once, then written 16 at a time on a busy store) is the one another
 * request changed meanwhile.
 */
export async function upkeepProfiles(
  customerIds: readonly string[],
  change: (profile: CustomerProfile, attempt: number) => CustomerProfile | Promise<CustomerProfile>,
  deps: IngestDeps,
  options: UpkeepOptions = {},
): Promise<void> {
  const chunks: string[][] = [];
  for (let start = 0; start < customerIds.length; start += CHUNK) {
    chunks.push(customerIds.slice(start, start + CHUNK));
  }
  let failure: unknown;
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift()) {
      const items = await batchGetAll(
        deps.doc,
        deps.tables.profiles,
        chunk.map((customerId) => ({ customerId })),
      );
      const read = new Map(items.map((item) => [String(item.customerId), versionedProfileFromItem(item)]));
      await options.afterRead?.(chunk);
      await Promise.all(
        chunk.map(async (customerId) => {
          // One customer's give-up does not stop the others: every profile that can be brought up to date is.
          try {
            await oneAtATime(`${deps.tables.profiles}\u0000${customerId}`, async (waited) => {
              // Whoever went first changed the profile: read it again, and what the change depends on.
              const start = waited ? await readProfile(customerId, deps) : read.get(customerId);
              await upkeepOne(customerId, start, change, deps, options, waited ? 1 : 0);
            });
          } catch (error) {
            failure ??= error;
          }
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHUNK_STREAMS, chunks.length) }, worker));
  if (failure !== undefined) throw failure;
}

async function upkeepOne(
  customerId: string,
  first: { profile: CustomerProfile; version: number } | undefined,
  change: (profile: CustomerProfile, attempt: number) => CustomerProfile | Promise<CustomerProfile>,
  deps: IngestDeps,
  options: UpkeepOptions,
  firstAttempt: number,
): Promise<void> {
  // 20 attempts with backoff capped at 1 s: 20 requests changing one customer at once without queueing
  // (as from 20 Lambda instances) all got through, the last after 10 attempts.
  const { maxAttempts = 20, baseDelayMs = 25, budgetMs = 12_000, sleep = defaultSleep } = options;
  let current = first;
  let attempt = firstAttempt;
  let deadline = Number.POSITIVE_INFINITY;
  for (; attempt < maxAttempts && Date.now() < deadline; attempt++) {
    const before = current?.profile ?? emptyProfile(customerId);
    const after = await change(before, attempt);
    if (!options.touch?.has(customerId) && JSON.stringify(after) === JSON.stringify(before)) return;
    try {
      await deps.doc.send(
        new PutCommand({
          TableName: deps.tables.profiles,
          Item: profileToItem(after, (current?.version ?? 0) + 1),
          ...(current
            ? {
                ConditionExpression: '#v = :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':v': current.version },
              }
            : { ConditionExpression: 'attribute_not_exists(customerId)' }),
        }),
      );
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (deadline === Number.POSITIVE_INFINITY) deadline = Date.now() + budgetMs;
      await sleep(Math.random() * Math.min(1000, baseDelayMs * 2 ** attempt));
      current = await readProfile(customerId, deps);
    }
  }
  throw new ProfileContentionError(customerId, attempt);
}

async function readProfile(customerId: string, deps: IngestDeps) {
  const { Item } = await deps.doc.send(
    new GetCommand({ TableName: deps.tables.profiles, Key: { customerId }, ConsistentRead: true }),
  );
  return Item ? versionedProfileFromItem(Item) : undefined;
}

/** Tails of the per-customer queues of this process (see {@link oneAtATime}). */
const queues = new Map<string, Promise<void>>();

/**
 * Runs `run` after every earlier run for the same key in this process has finished. Requests served by
 * one process (the local server; a busy Lambda instance serves one at a time) then queue for a customer
 * instead of colliding on its version and retrying: waiting costs nothing, a conflict costs three reads
 * and a write. Across processes the version check still decides. `run` is told whether it waited.
 */
async function oneAtATime(key: string, run: (waited: boolean) => Promise<void>): Promise<void> {
  const previous = queues.get(key);
  let release = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous ? previous.then(() => mine) : mine;
  queues.set(key, tail);
  try {
    if (previous) await previous;
    await run(previous !== undefined);
  } finally {
    release();
    if (queues.get(key) === tail) queues.delete(key);
  }
}
