import {
  type CustomerProfile,
  emptyProfile,
  keptComplaintDays,
  mergeOrderFacts,
  noteCoupon,
  noteVisit,
  type OrderFact,
} from '../../core/profile.ts';
import { batchPutAll } from '../../adapters/dynamodb/batch.ts';
import { profileToItem } from '../../adapters/dynamodb/profile-item.ts';
import { scanItems } from '../../adapters/dynamodb/scan.ts';
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
  for await (const item of scanItems(deps.doc, deps.tables.orders)) {
    const customerId = String(item.customerId);
    const fact: OrderFact = {
      orderId: String(item.orderId),
      day: Number(item.day),
      net: Number(item.net),
      purchase: item.purchase === true,
      skus: (item.skus as string[] | undefined) ?? [],
      repId: (item.repId as string | undefined) || undefined,
      ...(typeof item.customerName === 'string' ? { customerName: item.customerName } : {}),
    };
    const productNames = productNamesOf(item.lines);
    if (productNames) fact.productNames = productNames;
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
  for await (const item of scanItems(deps.doc, deps.tables.events)) {
    const profile = profileOf(String(item.customerId));
    const day = Number(item.day);
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
  forgetWrittenProfiles(deps.tables.profiles);
  const all = [...profiles.values()];
  for (let start = 0; start < all.length; start += 500) {
    await batchPutAll(
      deps.doc,
      deps.tables.profiles,
      all.slice(start, start + 500).map((profile) => profileToItem(profile, version)),
    );
    onProgress?.(Math.min(all.length, start + 500));
  }
  return all.length;
}

/** SKU → name from a stored order's lines, as orderFactFromLines picks them (placed lines, first name in sort order). */
function productNamesOf(lines: unknown): Record<string, string> | undefined {
  if (!Array.isArray(lines)) return undefined;
  let names: Record<string, string> | undefined;
  for (const line of lines as Record<string, unknown>[]) {
    const { sku, productName, status, amount } = line;
    if (typeof sku !== 'string' || typeof productName !== 'string' || productName === '') continue;
    if (status !== 'placed' || Number(amount) < 0) continue;
    const named = names?.[sku];
    if (named === undefined || productName < named) (names ??= {})[sku] = productName;
  }
  return names;
}
