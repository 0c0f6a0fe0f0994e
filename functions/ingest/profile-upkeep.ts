import { type CustomerProfile, emptyProfile } from '../core/profile.ts';
import type { Locale } from '../core/locale.ts';
import { batchGetAll } from '../adapters/dynamodb/batch.ts';
import { profileToItem, versionedProfileFromItem } from '../adapters/dynamodb/profile-item.ts';
import {
  type ConditionalPut,
  type PutOutcome,
  putSizeBytes,
  putTogether,
  transactionGroups,
} from '../adapters/dynamodb/transactions.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { IngestContentionError } from './contention.ts';
import { textFor } from '../text/catalogue.ts';

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
 * Other requests kept changing a profile faster than this one could apply its change. The orders are stored;
 * sending the batch again merges them (upkeep re-applies every customer a batch names).
 */
export class ProfileContentionError extends IngestContentionError {
  override readonly name = 'ProfileContentionError';

  constructor(
    readonly customerId: string,
    attempts: number,
  ) {
    super(`profile of customer ${customerId} kept changing under us after ${attempts} attempts`);
  }

  protected contended(locale: Locale): string {
    return textFor(locale).ingest.customerContended(this.customerId);
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
 * request changed meanwhile. A chunk's changed profiles are put in one transaction (split where they add
 * up to more than a transaction takes), each conditioned on its own version: one request instead of 25.
 * When some conditions fail, only those profiles are re-read and re-applied; the others are sent again as
 * they were.
 */
export async function upkeepProfiles(
  customerIds: readonly string[],
  change: Change,
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
      try {
        // Read after the queue: whoever in this process went first has written, so the read is current.
        await oneAtATime(
          chunk.map((customerId) => `${deps.tables.profiles}\u0000${customerId}`),
          () => upkeepChunk(chunk, change, deps, options),
        );
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHUNK_STREAMS, chunks.length) }, worker));
  if (failure !== undefined) throw failure;
}

type Change = (profile: CustomerProfile, attempt: number) => CustomerProfile | Promise<CustomerProfile>;

interface Versioned {
  profile: CustomerProfile;
  version: number;
}

/** A profile on its way: the state read, the change applied to it, and how often it was refused. */
interface PendingProfile {
  customerId: string;
  current: Versioned | undefined;
  after: CustomerProfile;
  attempt: number;
  /** When to give up, counted from its first refusal (unset before one). */
  deadline: number;
}

async function upkeepChunk(
  chunk: readonly string[],
  change: Change,
  deps: IngestDeps,
  options: UpkeepOptions,
): Promise<void> {
  // 20 attempts with backoff capped at 1 s: 20 requests changing one customer at once without queueing
  // (as from 20 Lambda instances) all got through, the last after 10 attempts.
  const { maxAttempts = 20, baseDelayMs = 25, budgetMs = 12_000, sleep = defaultSleep } = options;
  const read = await readProfiles(chunk, deps);
  await options.afterRead?.(chunk);
  let failure: unknown;
  // Applies the change to the state read; undefined when there is nothing to write.
  const apply = async (
    customerId: string,
    current: Versioned | undefined,
    attempt: number,
    deadline: number,
  ): Promise<PendingProfile | undefined> => {
    const before = current?.profile ?? emptyProfile(customerId);
    const after = await change(before, attempt);
    if (!options.touch?.has(customerId) && JSON.stringify(after) === JSON.stringify(before)) return undefined;
    return { customerId, current, after, attempt, deadline };
  };
  let pending: PendingProfile[] = [];
  for (const customerId of chunk) {
    const next = await apply(customerId, read.get(customerId), 0, Number.POSITIVE_INFINITY);
    if (next) pending.push(next);
  }
  while (pending.length > 0) {
    const puts = pending.map((entry) => ({ entry, put: profilePut(entry, deps) }));
    const next: PendingProfile[] = [];
    const refused: PendingProfile[] = [];
    for (const group of transactionGroups(puts, ({ put }) => putSizeBytes(put))) {
      let outcomes: PutOutcome[];
      try {
        outcomes = await putTogether(
          deps.doc,
          group.map(({ put }) => put),
        );
      } catch (error) {
        // One group's failure does not stop the others: every profile that can be brought up to date is.
        failure ??= error;
        continue;
      }
      for (const [i, { entry }] of group.entries()) {
        const outcome = outcomes[i] as PutOutcome;
        if (outcome.kind === 'written') continue;
        if (outcome.kind === 'notTried') next.push(entry);
        // Refused (another request changed the profile) or busy: wait, re-read and re-apply.
        else refused.push(entry);
      }
    }
    if (refused.length > 0) {
      const attempt = Math.max(...refused.map((entry) => entry.attempt));
      const retrying: PendingProfile[] = [];
      for (const entry of refused) {
        const deadline = entry.deadline === Number.POSITIVE_INFINITY ? Date.now() + budgetMs : entry.deadline;
        if (entry.attempt + 1 >= maxAttempts || Date.now() >= deadline) {
          failure ??= new ProfileContentionError(entry.customerId, entry.attempt + 1);
        } else retrying.push({ ...entry, deadline });
      }
      if (retrying.length > 0) await sleep(Math.random() * Math.min(1000, baseDelayMs * 2 ** attempt));
      const again = await readProfiles(
        retrying.map((entry) => entry.customerId),
        deps,
      );
      for (const entry of retrying) {
        const redone = await apply(
          entry.customerId,
          again.get(entry.customerId),
          entry.attempt + 1,
          entry.deadline,
        );
        if (redone) next.push(redone);
      }
    }
    pending = next;
  }
  if (failure !== undefined) throw failure;
}

/** The put of a profile's new version, only if the version read is still the one stored. */
function profilePut(entry: PendingProfile, deps: IngestDeps): ConditionalPut {
  const { current } = entry;
  return {
    TableName: deps.tables.profiles,
    Item: profileToItem(entry.after, (current?.version ?? 0) + 1),
    ...(current
      ? {
          ConditionExpression: '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': current.version },
        }
      : { ConditionExpression: 'attribute_not_exists(customerId)' }),
  };
}

/** The stored profiles of these customers (consistent reads), by customer id; absent ones are left out. */
async function readProfiles(
  customerIds: readonly string[],
  deps: IngestDeps,
): Promise<Map<string, Versioned>> {
  if (customerIds.length === 0) return new Map();
  const items = await batchGetAll(
    deps.doc,
    deps.tables.profiles,
    customerIds.map((customerId) => ({ customerId })),
  );
  return new Map(items.map((item) => [String(item.customerId), versionedProfileFromItem(item)]));
}

/** Tails of the per-customer queues of this process (see {@link oneAtATime}). */
const queues = new Map<string, Promise<void>>();

/**
 * Runs `run` after every earlier run for any of the same keys in this process has finished. Requests
 * served by one process (the local server; a busy Lambda instance serves one at a time) then queue for a
 * customer instead of colliding on its version and retrying: waiting costs nothing, a conflict costs
 * reads and a write. Across processes the version check still decides. A run takes its place in the
 * queue of every key at once, so runs over overlapping keys wait in the order they came and never on
 * each other crosswise.
 */
async function oneAtATime(keys: readonly string[], run: () => Promise<void>): Promise<void> {
  let release = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const previous: Promise<void>[] = [];
  const tails = keys.map((key) => {
    const before = queues.get(key);
    if (before) previous.push(before);
    const tail = before ? before.then(() => mine) : mine;
    queues.set(key, tail);
    return [key, tail] as const;
  });
  try {
    await Promise.all(previous);
    await run();
  } finally {
    release();
    for (const [key, tail] of tails) if (queues.get(key) === tail) queues.delete(key);
  }
}
