import { randomUUID } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './conditions.ts';

export interface LeaseOptions {
  doc: DynamoDBDocumentClient;
  table: string;
  /** The lease item's key, e.g. `{ pk: 'lock', sk: 'wecom-webhooks' }` in the config table. */
  key: Record<string, string>;
  /** How long the lease holds if its holder never releases it (a crash); longer than the work can take. */
  durationMs: number;
  /** Tries to take the lease before giving up. Default 6. */
  attempts?: number;
  /** The wait after the first refusal; it doubles per try, with jitter. Default 200 ms. */
  baseDelayMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Someone else held the lease on every try. */
export class LeaseTakenError extends Error {
  override readonly name = 'LeaseTakenError';
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` while holding a short lease: one item taken with a conditional put, which succeeds only when
 * the item is absent or its lease ran out. Writers of the same key thus take turns; a holder that died
 * blocks the others for at most `durationMs`.
 *
 * `work` gets the instant the lease runs out: past it another writer may hold the lease, so work that is
 * not done by then must not write.
 *
 * @throws {LeaseTakenError} the lease stayed taken on every try; `work` did not run.
 */
export async function withLease<T>(
  options: LeaseOptions,
  work: (lease: { expiresAt: number }) => Promise<T>,
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const attempts = Math.max(1, options.attempts ?? 6);
  const baseDelayMs = options.baseDelayMs ?? 200;
  const holder = randomUUID();

  /** The lease's end when taken now, or null when someone else holds it. */
  const take = async (): Promise<number | null> => {
    const takenAt = now();
    const expiresAt = takenAt + options.durationMs;
    try {
      await options.doc.send(
        new PutCommand({
          TableName: options.table,
          // `leaseUntil` in milliseconds, not the table's TTL attribute `expiresAt` (seconds): a lease is released
          // by its holder, or taken over once it is past.
          Item: { ...options.key, holder, leaseUntil: expiresAt },
          ConditionExpression: 'attribute_not_exists(#leaseUntil) OR #leaseUntil < :now',
          // Placeholders throughout: DynamoDB reserves many plain words (OWNER, TTL…) as attribute names.
          ExpressionAttributeNames: { '#leaseUntil': 'leaseUntil' },
          ExpressionAttributeValues: { ':now': takenAt },
        }),
      );
      return expiresAt;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  };

  let expiresAt = await take();
  for (let attempt = 1; expiresAt === null; attempt++) {
    if (attempt >= attempts) throw new LeaseTakenError(`the lease ${JSON.stringify(options.key)} is taken`);
    await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + random() / 2));
    expiresAt = await take();
  }

  try {
    return await work({ expiresAt });
  } finally {
    try {
      // Only our own lease: if it ran out and someone else took it, theirs stays.
      await options.doc.send(
        new DeleteCommand({
          TableName: options.table,
          Key: options.key,
          ConditionExpression: '#holder = :holder',
          ExpressionAttributeNames: { '#holder': 'holder' },
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch {
      // The work's outcome stands either way: a lease left behind runs out by itself after durationMs.
    }
  }
}
