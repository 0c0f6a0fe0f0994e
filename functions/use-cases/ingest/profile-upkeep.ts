import { type CustomerProfile, emptyProfile } from '../../core/profile.ts';
import type { Locale } from '../../core/locale.ts';
import type { IngestDeps } from './ingest-deps.ts';
import type { VersionedProfile } from './ingest-store.ts';
import { IngestContentionError } from './contention.ts';
import { textFor } from '../../text/catalogue.ts';

const CHUNK = 25;
const CHUNK_STREAMS = 2;

export interface UpkeepOptions {
  /**
   * The profiles as the caller read them earlier ({@link readProfiles}), to start from instead of reading
   * them again: only those this process put since (and customers missing from it) are read again, once
   * their queue is reached. All customers then go together, under one place in the queue, their changed
   * profiles put in transactions of up to 100. The version condition still decides: a profile another
   * process changed since is refused, re-read and the change re-applied.
   */
  read?: ProfilesRead;
  /**
   * Called for each chunk of customers after their profiles were read and before the change is applied to
   * them: where a change reads in one batch what it depends on (the orders table). Read after the profile,
   * such data is covered by the profile's version: a writer that changed it since bumps the version, and
   * this request's put fails. `readNow` names the customers whose profile was read just now, in upkeep,
   * rather than taken from `read`.
   */
  afterRead?: (customerIds: readonly string[], readNow: ReadonlySet<string>) => Promise<void>;
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
 * Without `read`, customers go in chunks of 25, each read just before its puts: a profile read long before
 * its put (a batch of a hundred customers read at once, then written 16 at a time on a busy store) is the
 * one another request changed meanwhile. With `read` (ingest of orders, which read every profile once
 * before writing the orders), all customers go at once, under one place in this process's queue, and only
 * profiles this process put since that read are read again. Changed profiles are put in transactions (of
 * up to 100, split where they add up to more than a transaction takes), each conditioned on its own
 * version. When some conditions fail, only those profiles are re-read and re-applied; the others are sent
 * again as they were.
 */
export async function upkeepProfiles(
  customerIds: readonly string[],
  change: Change,
  deps: IngestDeps,
  options: UpkeepOptions = {},
): Promise<void> {
  if (options.read) {
    await withProfilesQueued(customerIds, deps, () => upkeepChunk(customerIds, change, deps, options));
    return;
  }
  const chunks: string[][] = [];
  for (let start = 0; start < customerIds.length; start += CHUNK) {
    chunks.push(customerIds.slice(start, start + CHUNK));
  }
  let failure: unknown;
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift()) {
      try {
        // Read after the queue: whoever in this process went first has written, so the read is current.
        await withProfilesQueued(chunk, deps, () => upkeepChunk(chunk, change, deps, options));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHUNK_STREAMS, chunks.length) }, worker));
  if (failure !== undefined) throw failure;
}

type Change = (profile: CustomerProfile, attempt: number) => CustomerProfile | Promise<CustomerProfile>;

export type { VersionedProfile };
type Versioned = VersionedProfile;

/** Profiles as read ({@link readProfiles}). */
export interface ProfilesRead {
  /** By customer id: every customer asked for, undefined where no profile was stored. */
  profiles: ReadonlyMap<string, VersionedProfile | undefined>;
  /** This process's count of profile puts when the read began (see {@link putSince}). */
  asOf: number;
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
  const given = options.read;
  const table = deps.store.profiles.name;
  const unread = given
    ? chunk.filter((customerId) => !given.profiles.has(customerId) || putSince(table, customerId, given.asOf))
    : chunk;
  const readNow = await readProfiles(unread, deps);
  const read = (customerId: string) =>
    readNow.profiles.has(customerId) ? readNow.profiles.get(customerId) : given?.profiles.get(customerId);
  await options.afterRead?.(chunk, new Set(unread));
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
    const next = await apply(customerId, read(customerId), 0, Number.POSITIVE_INFINITY);
    if (next) pending.push(next);
  }
  while (pending.length > 0) {
    const writes = pending.map((entry) => ({
      profile: entry.after,
      version: (entry.current?.version ?? 0) + 1,
      expectedVersion: entry.current?.version,
    }));
    const outcomes = await deps.store.profiles.write(writes);
    const next: PendingProfile[] = [];
    const refused: PendingProfile[] = [];
    for (const [i, entry] of pending.entries()) {
      const outcome = outcomes[i] as (typeof outcomes)[number];
      notePut(table, entry.customerId);
      if (outcome.kind === 'written') {
        rememberWritten(table, entry.customerId, { profile: entry.after, version: writes[i]?.version ?? 0 });
      } else if (outcome.kind === 'failed') {
        // One write's failure does not stop the others: every profile that can be brought up to date is.
        failure ??= outcome.error;
      } else if (outcome.kind === 'notTried') next.push(entry);
      // Refused (another request changed the profile) or busy: wait, re-read and re-apply.
      else refused.push(entry);
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
          again.profiles.get(entry.customerId),
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

/**
 * The stored profiles of these customers (consistent reads). A profile
 * this process wrote last is taken as it wrote it (see {@link rememberWritten}) instead of read again.
 */
export async function readProfiles(
  customerIds: readonly string[],
  deps: Pick<IngestDeps, 'store'>,
): Promise<ProfilesRead> {
  const asOf = putCount;
  const table = deps.store.profiles.name;
  const profiles = new Map<string, VersionedProfile | undefined>();
  const unknown: string[] = [];
  for (const customerId of customerIds) {
    const written = writtenProfiles.get(`${table}\u0000${customerId}`);
    profiles.set(customerId, written);
    if (!written) unknown.push(customerId);
  }
  if (unknown.length === 0) return { profiles, asOf };
  for (const [customerId, stored] of await deps.store.profiles.read(unknown))
    profiles.set(customerId, stored);
  return { profiles, asOf };
}

/** Profile puts this process made, counted; and the count at each profile's latest put (answered or failed). */
let putCount = 0;
const lastPuts = new Map<string, number>();
/** The count when {@link lastPuts} was last emptied: nothing is known of puts before it. */
let forgottenBefore = 0;
/** Customers remembered at most (a few MB), so a long import does not grow the process without end. */
const MAX_REMEMBERED_PUTS = 50_000;

/**
 * The profiles this process wrote, as it wrote them, by table and customer; the most recently written last.
 * Orders posted as they come (in date order) name most of their customers again a batch or two later:
 * taking the profile from here saves reading it back, which was as much work for the store as writing it.
 * This is exact because the put that follows is conditioned on the version remembered, as on one read: a
 * profile another process (or `rebuild-profiles`) wrote since is refused, forgotten here and read again.
 */
const writtenProfiles = new Map<string, VersionedProfile>();
/**
 * Profiles remembered at most: a few KB each, so tens of MB at most, in a Lambda instance as in the CLI.
 * Enough for every customer of a day's orders and the next days' to be found here.
 */
const MAX_REMEMBERED_PROFILES = 5_000;

function rememberWritten(table: string, customerId: string, written: VersionedProfile): void {
  const key = `${table}\u0000${customerId}`;
  writtenProfiles.delete(key);
  if (writtenProfiles.size >= MAX_REMEMBERED_PROFILES) {
    const oldest = writtenProfiles.keys().next();
    if (!oldest.done) writtenProfiles.delete(oldest.value);
  }
  writtenProfiles.set(key, written);
}

/** Forgets every profile of this table remembered as written: `rebuild-profiles` wrote them all anew. */
export function forgetWrittenProfiles(table: string): void {
  for (const key of writtenProfiles.keys()) if (key.startsWith(`${table}\u0000`)) writtenProfiles.delete(key);
}

function notePut(table: string, customerId: string): void {
  // Whatever became of this put, the profile remembered may not be the one stored: a written put
  // remembers its profile again right after.
  writtenProfiles.delete(`${table}\u0000${customerId}`);
  if (lastPuts.size >= MAX_REMEMBERED_PUTS) {
    lastPuts.clear();
    forgottenBefore = putCount + 1;
  }
  lastPuts.set(`${table}\u0000${customerId}`, ++putCount);
}

/**
 * Whether this process may have put the customer's profile since a read that began at count `asOf`: a read
 * that began before a put's answer may not hold it. Only saves a refused put: the version condition decides.
 */
function putSince(table: string, customerId: string, asOf: number): boolean {
  if (asOf < forgottenBefore) return true;
  return (lastPuts.get(`${table}\u0000${customerId}`) ?? 0) > asOf;
}

/**
 * Runs `run` once every earlier run in this process for any of these customers' profiles has finished,
 * and keeps later ones waiting until it has (see {@link oneAtATime}): profiles read inside `run` stay
 * current until its puts, as far as this process goes.
 */
async function withProfilesQueued<T>(
  customerIds: readonly string[],
  deps: Pick<IngestDeps, 'store'>,
  run: () => Promise<T>,
): Promise<T> {
  return oneAtATime(
    customerIds.map((customerId) => `${deps.store.profiles.name}\u0000${customerId}`),
    run,
  );
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
async function oneAtATime<T>(keys: readonly string[], run: () => Promise<T>): Promise<T> {
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
    return await run();
  } finally {
    release();
    for (const [key, tail] of tails) if (queues.get(key) === tail) queues.delete(key);
  }
}
