// Synthetic customer profiles for the benchmarks: deterministic, shaped like a distributor's book.
import type { Day } from '../../functions/core/days.ts';
import { type CustomerProfile, emptyColumns } from '../../functions/core/profile.ts';
// The same mulberry32 the tests use: every run evaluates the same synthetic book.
import { seeded as random } from '../support/shops.ts';

/**
 * One million profiles shaped like a distributor's book: cadences from every few days to monthly, a fifth
 * declining or gone quiet, SKU lists shared between facts (as the reader shares strings).
 */
export function syntheticProfiles(
  count: number,
  AS_OF: Day,
  seed = 20261120,
  firstId = 0,
): CustomerProfile[] {
  const next = random(seed);
  const skuNames = Array.from({ length: 60 }, (_, i) => `SKU-${1000 + i}`);
  const skuSets = Array.from({ length: 64 }, (_, i) =>
    [...new Set(Array.from({ length: 1 + (i % 8) }, (_, j) => (i * 7 + j * 13) % 60))].sort((a, b) => a - b),
  );
  const orderIds = Array.from({ length: 512 }, (_, i) => `SO${i}`);
  const cadences = [3, 7, 7, 7, 14, 14, 30];
  const profiles: CustomerProfile[] = new Array(count);
  for (let c = 0; c < count; c++) {
    const cadence = cadences[Math.floor(next() * cadences.length)] as number;
    const size = Math.round(20_000 * (0.2 + next() * next() * 10));
    const fate = next();
    const stopAt = fate < 0.08 ? AS_OF - Math.floor(20 + next() * 200) : AS_OF;
    const declineFrom = fate > 0.9 ? AS_OF - 90 : Number.POSITIVE_INFINITY;
    const orders = emptyColumns();
    let n = 0;
    for (
      let day = AS_OF - 399 + Math.floor(next() * cadence);
      day <= stopAt;
      day += Math.max(1, Math.round(cadence * (0.7 + next() * 0.6)))
    ) {
      const shrink = day >= declineFrom ? 1 - (day - declineFrom) / 120 : 1;
      orders.ids.push(orderIds[n++ % orderIds.length] as string);
      orders.days.push(day);
      orders.nets.push(Math.round(size * shrink * (0.6 + next() * 0.8)));
      orders.purchases.push(1);
      orders.skuRefs.push(...(skuSets[Math.floor(next() * skuSets.length)] as number[]));
      orders.skuStarts.push(orders.skuRefs.length);
    }
    orders.skuNames = skuNames;
    profiles[c] = {
      customerId: `C${String(firstId + c).padStart(7, '0')}`,
      orders,
      latestDay: orders.days[orders.days.length - 1] ?? null,
      prunedFirstPurchaseDay: null,
      lastVisitDay: next() < 0.7 ? AS_OF - Math.floor(next() * 40) : null,
      lastCouponDay: null,
      complaintDays: next() < 0.02 ? [AS_OF - 3, AS_OF - 10] : [],
      visitsTracked: true,
    };
  }
  return profiles;
}
