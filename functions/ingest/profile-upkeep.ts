import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CustomerProfile, emptyProfile } from '../core/profile.ts';
import { batchGetAll } from '../adapters/dynamodb/batch.ts';
import { profileToItem, versionedProfileFromItem } from '../adapters/dynamodb/profile-item.ts';
import { isConditionFailure } from '../adapters/dynamodb/conditions.ts';
import type { IngestDeps } from './ingest-deps.ts';

const MAX_ATTEMPTS = 8;
const CONCURRENCY = 16;

/**
 * Applies `change` to each customer's profile with optimistic locking: read (batched), change, put only if
 * the version read is still stored; when another request got there first, read again and re-apply. The
 * changes are merges of facts, so re-applying them to the newer profile gives the state both requests
 * together should leave, whichever finished first.
 */
export async function upkeepProfiles(
  customerIds: readonly string[],
  change: (profile: CustomerProfile) => CustomerProfile | Promise<CustomerProfile>,
  deps: IngestDeps,
): Promise<void> {
  if (customerIds.length === 0) return;
  const items = await batchGetAll(
    deps.doc,
    deps.tables.profiles,
    customerIds.map((customerId) => ({ customerId })),
  );
  const read = new Map(items.map((item) => [String(item.customerId), versionedProfileFromItem(item)]));
  const queue = [...customerIds];
  const worker = async () => {
    for (let customerId = queue.shift(); customerId !== undefined; customerId = queue.shift()) {
      await upkeepOne(customerId, read.get(customerId), change, deps);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
}

async function upkeepOne(
  customerId: string,
  first: { profile: CustomerProfile; version: number } | undefined,
  change: (profile: CustomerProfile) => CustomerProfile | Promise<CustomerProfile>,
  deps: IngestDeps,
): Promise<void> {
  let current = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const before = current?.profile ?? emptyProfile(customerId);
    const after = await change(before);
    if (JSON.stringify(after) === JSON.stringify(before)) return;
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
      const { Item } = await deps.doc.send(
        new GetCommand({ TableName: deps.tables.profiles, Key: { customerId }, ConsistentRead: true }),
      );
      current = Item ? versionedProfileFromItem(Item) : undefined;
    }
  }
  throw new Error(`profile of customer ${customerId} kept changing under us after ${MAX_ATTEMPTS} attempts`);
}
