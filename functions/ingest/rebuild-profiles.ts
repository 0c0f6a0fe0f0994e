import { type CustomerProfile, emptyProfile, mergeOrderFacts, type OrderFact } from '../core/profile.ts';
import { batchPutAll } from '../adapters/dynamodb/batch.ts';
import { profileToItem } from '../adapters/dynamodb/profile-item.ts';
import { scanItems } from '../adapters/dynamodb/scan.ts';
import type { IngestDeps } from './ingest-orders.ts';

const scanAll = (deps: IngestDeps, table: string) => scanItems(deps.doc, table);

/**
 * Recomputes every profile from the stored orders and events: the way back to a consistent state after a
 * bug, a manual edit, or a change in what profiles hold. Returns how many profiles were written.
 */
export async function rebuildProfiles(
  deps: IngestDeps,
  onProgress?: (customers: number) => void,
): Promise<number> {
  const facts = new Map<string, OrderFact[]>();
  const reps = new Map<string, { day: number; orderId: string; repId: string }>();
  for await (const item of scanAll(deps, deps.tables.orders)) {
    const customerId = String(item.customerId);
    const fact: OrderFact = {
      orderId: String(item.orderId),
      day: Number(item.day),
      net: Number(item.net),
      purchase: item.purchase === true,
      skus: (item.skus as string[] | undefined) ?? [],
    };
    const list = facts.get(customerId);
    if (list) list.push(fact);
    else facts.set(customerId, [fact]);
    const repId = item.repId as string | undefined;
    const latest = reps.get(customerId);
    if (
      repId &&
      fact.purchase &&
      (!latest || fact.day > latest.day || (fact.day === latest.day && fact.orderId > latest.orderId))
    ) {
      reps.set(customerId, { day: fact.day, orderId: fact.orderId, repId });
    }
  }
  const profiles = new Map<string, CustomerProfile>();
  for (const [customerId, list] of facts) {
    const profile = mergeOrderFacts(emptyProfile(customerId), list, deps.retentionDays);
    profile.repId = reps.get(customerId)?.repId;
    profiles.set(customerId, profile);
  }
  const profileOf = (customerId: string) => {
    let profile = profiles.get(customerId);
    if (!profile) {
      profile = emptyProfile(customerId);
      profiles.set(customerId, profile);
    }
    return profile;
  };
  for await (const item of scanAll(deps, deps.tables.events)) {
    const profile = profileOf(String(item.customerId));
    const day = Number(item.day);
    if (item.kind === 'visits') {
      profile.visitsTracked = true;
      profile.lastVisitDay = profile.lastVisitDay === null ? day : Math.max(profile.lastVisitDay, day);
    } else if (item.kind === 'coupons') {
      profile.lastCouponDay = profile.lastCouponDay === null ? day : Math.max(profile.lastCouponDay, day);
    } else if (item.kind === 'complaints') {
      profile.complaintDays.push(day);
    }
  }
  for (const profile of profiles.values()) profile.complaintDays.sort((a, b) => a - b);
  const all = [...profiles.values()];
  for (let start = 0; start < all.length; start += 500) {
    await batchPutAll(deps.doc, deps.tables.profiles, all.slice(start, start + 500).map(profileToItem));
    onProgress?.(Math.min(all.length, start + 500));
  }
  return all.length;
}
