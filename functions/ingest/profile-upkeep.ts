import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CustomerProfile, emptyProfile } from '../core/profile.ts';
import type { Locale } from '../core/locale.ts';
import { batchGetAll } from '../adapters/dynamodb/batch.ts';
import { profileToItem, versionedProfileFromItem } from '../adapters/dynamodb/profile-item.ts';
import { isConditionFailure } from '../adapters/dynamodb/conditions.ts';
import type { IngestDeps } from './ingest-deps.ts';

const CONCURRENCY = 16;

export interface UpkeepOptions {
  /**
   * Called once after the profiles were first read and before any change is applied: where a change reads
   * in one batch what it depends on (the orders table). Read after the profile, such data is covered by the
   * profile's version: a writer that changed it since bumps the version, and this request's put fails.
   */
  afterFirstRead?: () => Promise<void>;
  /**
   * Customers whose profile is written even when the change leaves it as it is. Bumping the version makes a
   * concurrent request that decided on older data (an order's owner before this request moved it) try again.
   */
  touch?: ReadonlySet<string>;
  /** Attempts per customer before giving up with {@link ProfileContentionError}. */
  maxAttempts?: number;
  /**
   * Time after which a contended customer is given up on (ms from the start of the call): the API answers
   * 503 well before API Gateway's 29 s cut the request off with nothing said.
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
 * use what `afterFirstRead` read; on a retry it must read again.
 */
export async function upkeepProfiles(
  customerIds: readonly string[],
  change: (profile: CustomerProfile, attempt: number) => CustomerProfile | Promise<CustomerProfile>,
  deps: IngestDeps,
  options: UpkeepOptions = {},
): Promise<void> {
  if (customerIds.length === 0) return;
  const items = await batchGetAll(
    deps.doc,
    deps.tables.profiles,
    customerIds.map((customerId) => ({ customerId })),
  );
  const read = new Map(items.map((item) => [String(item.customerId), versionedProfileFromItem(item)]));
  await options.afterFirstRead?.();
  const deadline = Date.now() + (options.budgetMs ?? 15_000);
  const queue = [...customerIds];
  let failure: unknown;
  const worker = async () => {
    for (let customerId = queue.shift(); customerId !== undefined; customerId = queue.shift()) {
      // One customer's give-up does not stop the others: every profile that can be brought up to date is.
      try {
        await upkeepOne(customerId, read.get(customerId), change, deps, options, deadline);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  if (failure !== undefined) throw failure;
}

async function upkeepOne(
  customerId: string,
  first: { profile: CustomerProfile; version: number } | undefined,
  change: (profile: CustomerProfile, attempt: number) => CustomerProfile | Promise<CustomerProfile>,
  deps: IngestDeps,
  options: UpkeepOptions,
  deadline: number,
): Promise<void> {
  // 20 attempts with backoff capped at 1 s: 20 requests changing one customer at once all get through
  // (measured: the last needed 10 attempts).
  const { maxAttempts = 20, baseDelayMs = 25, sleep = defaultSleep } = options;
  let current = first;
  let attempt = 0;
  for (; attempt < maxAttempts && (attempt === 0 || Date.now() < deadline); attempt++) {
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
      await sleep(Math.random() * Math.min(1000, baseDelayMs * 2 ** attempt));
      const { Item } = await deps.doc.send(
        new GetCommand({ TableName: deps.tables.profiles, Key: { customerId }, ConsistentRead: true }),
      );
      current = Item ? versionedProfileFromItem(Item) : undefined;
    }
  }
  throw new ProfileContentionError(customerId, attempt);
}
