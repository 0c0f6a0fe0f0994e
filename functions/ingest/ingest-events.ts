import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { formatDay } from '../core/days.ts';
import { type CustomerProfile, emptyProfile } from '../core/profile.ts';
import { type CustomerEvent, customerEventSchema } from '../core/records.ts';
import { toFieldIssues } from '../core/validation.ts';
import { batchGetAll, batchPutAll } from '../adapters/dynamodb/batch.ts';
import { profileFromItem, profileToItem } from '../adapters/dynamodb/profile-item.ts';
import { contentHash } from './content-hash.ts';
import type { IngestDeps } from './ingest-orders.ts';
import type { IngestResult, RejectedRecord } from './ingest-result.ts';

export type EventKind = 'visits' | 'coupons' | 'complaints';

const DATE_FIELD = { visits: 'visitDate', coupons: 'issuedAt', complaints: 'complaintDate' } as const;
const KEY_PREFIX = { visits: 'visit', coupons: 'coupon', complaints: 'complaint' } as const;

/**
 * Visits, coupons and complaints. Each is keyed by kind, day and a fingerprint of its content, so the same
 * record delivered twice is stored once. Profiles keep the latest visit and coupon day (a maximum, which
 * any order of delivery reaches) and the complaint days, re-read from the stored complaints so a repeated
 * complaint is never counted twice.
 */
export async function ingestEvents(
  kind: EventKind,
  records: readonly unknown[],
  deps: IngestDeps,
): Promise<IngestResult> {
  const schema = customerEventSchema(DATE_FIELD[kind], deps.timeZone);
  const rejected: RejectedRecord[] = [];
  const items = new Map<string, Record<string, unknown>>();
  let duplicates = 0;
  const events: CustomerEvent[] = [];
  records.forEach((record, index) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      rejected.push({
        index,
        errors: toFieldIssues(parsed.error, deps.locale, record).map((issue) => ({
          path: issue.field,
          message: issue.message,
        })),
      });
      return;
    }
    const event = parsed.data;
    const eventKey = `${KEY_PREFIX[kind]}#${formatDay(event.day)}#${contentHash([event.customerId, event.day, event.repId ?? null])}`;
    const key = `${event.customerId}\u0000${eventKey}`;
    if (items.has(key)) {
      duplicates++;
      return;
    }
    items.set(key, { customerId: event.customerId, eventKey, kind, day: event.day, repId: event.repId });
    events.push(event);
  });
  const list = [...items.values()];
  const stored = await batchGetAll(
    deps.doc,
    deps.tables.events,
    list.map((item) => ({ customerId: item.customerId, eventKey: item.eventKey })),
  );
  const present = new Set(stored.map((item) => `${item.customerId}\u0000${item.eventKey}`));
  const fresh = list.filter((item) => !present.has(`${item.customerId}\u0000${item.eventKey}`));
  await batchPutAll(deps.doc, deps.tables.events, fresh);
  await updateProfiles(kind, events, deps);
  return { accepted: fresh.length, duplicates: duplicates + list.length - fresh.length, rejected };
}

async function updateProfiles(
  kind: EventKind,
  events: readonly CustomerEvent[],
  deps: IngestDeps,
): Promise<void> {
  const customers = [...new Set(events.map((event) => event.customerId))];
  if (customers.length === 0) return;
  const items = await batchGetAll(
    deps.doc,
    deps.tables.profiles,
    customers.map((customerId) => ({ customerId })),
  );
  const profiles = new Map(items.map((item) => [String(item.customerId), profileFromItem(item)]));
  const updated: CustomerProfile[] = [];
  for (const customerId of customers) {
    const before = profiles.get(customerId) ?? emptyProfile(customerId);
    const after: CustomerProfile = { ...before };
    const days = events.filter((event) => event.customerId === customerId).map((event) => event.day);
    const latest = Math.max(...days);
    if (kind === 'visits') {
      after.visitsTracked = true;
      after.lastVisitDay = before.lastVisitDay === null ? latest : Math.max(before.lastVisitDay, latest);
    } else if (kind === 'coupons') {
      after.lastCouponDay = before.lastCouponDay === null ? latest : Math.max(before.lastCouponDay, latest);
    } else {
      after.complaintDays = await complaintDays(customerId, deps);
    }
    if (JSON.stringify(after) !== JSON.stringify(before)) updated.push(after);
  }
  await batchPutAll(deps.doc, deps.tables.profiles, updated.map(profileToItem));
}

async function complaintDays(customerId: string, deps: IngestDeps): Promise<number[]> {
  const days: number[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.doc.send(
      new QueryCommand({
        TableName: deps.tables.events,
        KeyConditionExpression: 'customerId = :c AND begins_with(eventKey, :k)',
        ExpressionAttributeValues: { ':c': customerId, ':k': 'complaint#' },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) days.push(Number(item.day));
    start = page.LastEvaluatedKey;
  } while (start);
  return days.sort((a, b) => a - b);
}
