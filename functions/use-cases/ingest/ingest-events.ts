import { formatDay } from '../../core/days.ts';
import { type CustomerProfile, keptComplaintDays, noteCoupon, noteVisit } from '../../core/profile.ts';
import { type CustomerEvent, customerEventSchema } from '../../core/records.ts';
import { contentHash } from './content-hash.ts';
import { type IngestDeps, retentionOf } from './ingest-deps.ts';
import type { IngestResult } from './ingest-result.ts';
import type { EventKind, StoredEvent } from './ingest-store.ts';
import { upkeepProfiles } from './profile-upkeep.ts';
import { validateRecords } from './validate-records.ts';
import { textFor } from '../../text/catalogue.ts';

export type { EventKind };

const DATE_FIELD = { visits: 'visitDate', coupons: 'issuedAt', complaints: 'complaintDate' } as const;
const KEY_PREFIX = { visits: 'visit', coupons: 'coupon', complaints: 'complaint' } as const;

/**
 * Visits, coupons and complaints. Each is keyed by kind, day and a fingerprint of its content, so the same
 * record delivered twice is stored once (two complaints by one shop on one day are one: the contract has no
 * complaint id). Profiles keep the latest visit and coupon day (a maximum, which
 * any order of delivery reaches) and the complaint days, re-read from the stored complaints so a repeated
 * complaint is never counted twice.
 */
export async function ingestEvents(
  kind: EventKind,
  records: readonly unknown[],
  deps: IngestDeps,
): Promise<IngestResult> {
  const schema = customerEventSchema(DATE_FIELD[kind], deps.timeZone);
  const validated = validateRecords(records, schema, deps.locale);
  const { rejected } = validated;
  // As for orders: a visit dated in the future (2099 for 2025) would stand as the latest visit for good, since
  // the profile keeps the latest day and the real visit sent again is earlier. It is refused, naming the date.
  const valid = validated.valid.filter(({ index, value }) => {
    if (deps.today === undefined || value.day <= deps.today + 1) return true;
    const date = formatDay(value.day);
    rejected.push({
      index,
      errors: [
        {
          path: DATE_FIELD[kind],
          message: textFor(deps.locale).ingest.dateAfterToday(date),
        },
      ],
    });
    return false;
  });
  const items = new Map<string, StoredEvent>();
  let duplicates = 0;
  const events: CustomerEvent[] = [];
  for (const { value: event } of valid) {
    // The rep is not part of the key: a complaint re-sent with the rep filled in is the same complaint.
    const eventKey = `${KEY_PREFIX[kind]}#${formatDay(event.day)}#${contentHash([event.customerId, event.day])}`;
    const key = `${event.customerId}\u0000${eventKey}`;
    if (items.has(key)) {
      duplicates++;
      continue;
    }
    items.set(key, { customerId: event.customerId, eventKey, kind, day: event.day, repId: event.repId });
    events.push(event);
  }
  const list = [...items.values()];
  const present = await deps.store.events.stored(list);
  const fresh = list.filter((item) => !present.has(`${item.customerId}\u0000${item.eventKey}`));
  await deps.store.events.put(fresh);
  await updateProfiles(kind, events, deps);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: fresh.length, duplicates: duplicates + list.length - fresh.length, rejected };
}

async function updateProfiles(
  kind: EventKind,
  events: readonly CustomerEvent[],
  deps: IngestDeps,
): Promise<void> {
  const retentionDays = await retentionOf(deps);
  const latestByCustomer = new Map<string, number>();
  for (const event of events) {
    latestByCustomer.set(
      event.customerId,
      Math.max(latestByCustomer.get(event.customerId) ?? event.day, event.day),
    );
  }
  await upkeepProfiles(
    [...latestByCustomer.keys()],
    async (before) => {
      const latest = latestByCustomer.get(before.customerId) as number;
      const after: CustomerProfile = { ...before };
      if (kind === 'visits') noteVisit(after, latest);
      else if (kind === 'coupons') noteCoupon(after, latest);
      else {
        // Re-read from the stored complaints, so any order of deliveries (and a rebuild) gives the same days.
        after.complaintDays = keptComplaintDays(
          after,
          await complaintDays(before.customerId, deps),
          retentionDays,
        );
      }
      return after;
    },
    deps,
  );
}

async function complaintDays(customerId: string, deps: IngestDeps): Promise<number[]> {
  return deps.store.events.complaintDays(customerId);
}
