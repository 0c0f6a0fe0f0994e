import {
  type CustomerProfile,
  emptyProfile,
  keptComplaintDays,
  mergeOrderFacts,
  noteCoupon,
  noteVisit,
  type OrderFact,
} from '../../core/profile.ts';
import { type IngestDeps, retentionOf } from './ingest-deps.ts';
import { forgetWrittenProfiles } from './profile-upkeep.ts';

/**
 * Recomputes every profile from the stored orders and events: the way back to a consistent state after a
 * bug, a manual edit, or a change in what profiles hold. Returns how many profiles were written.
 */
export async function rebuildProfiles(
  deps: IngestDeps,
  onProgress?: (customers: number) => void,
): Promise<number> {
  const retentionDays = await retentionOf(deps);
  const facts = new Map<string, OrderFact[]>();
  for await (const { customerId, fact } of deps.store.orders.facts()) {
    const list = facts.get(customerId);
    if (list) list.push(fact);
    else facts.set(customerId, [fact]);
  }
  const profiles = new Map<string, CustomerProfile>();
  for (const [customerId, list] of facts) {
    profiles.set(customerId, mergeOrderFacts(emptyProfile(customerId), list, retentionDays));
  }
  const profileOf = (customerId: string) => {
    let profile = profiles.get(customerId);
    if (!profile) {
      profile = emptyProfile(customerId);
      profiles.set(customerId, profile);
    }
    return profile;
  };
  for await (const item of deps.store.events.all()) {
    const profile = profileOf(item.customerId);
    const day = item.day;
    if (item.kind === 'visits') noteVisit(profile, day);
    else if (item.kind === 'coupons') noteCoupon(profile, day);
    else if (item.kind === 'complaints') {
      profile.complaintDays.push(day);
    }
  }
  for (const profile of profiles.values()) {
    profile.complaintDays = keptComplaintDays(profile, profile.complaintDays, retentionDays);
  }
  // A new version number makes any ingest that read a profile before the rebuild re-read and re-merge.
  const version = Date.now();
  forgetWrittenProfiles(deps.store.profiles.name);
  const all = [...profiles.values()];
  for (let start = 0; start < all.length; start += 500) {
    await deps.store.profiles.replace(all.slice(start, start + 500), version);
    onProgress?.(Math.min(all.length, start + 500));
  }
  return all.length;
}
