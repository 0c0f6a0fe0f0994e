import type { ChurnConfig, Tier } from './config.ts';
import type { Minor } from './money.ts';

/** The key a customer is ranked by: trailing sales, highest first; ties broken by customer id. */
export interface TierKey {
  customerId: string;
  trailingSales: Minor;
}

/** Ranks `a` before `b` when it sells more, or sells the same and has the smaller id. */
export function compareTierKeys(a: TierKey, b: TierKey): number {
  if (a.trailingSales !== b.trailingSales) return b.trailingSales - a.trailingSales;
  return a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
}

/**
 * The last customer (by rank) in each of the upper tiers. A customer's tier follows from comparing its key
 * with these, so the cut-offs can be computed once and applied anywhere, e.g. by evaluator invocations that
 * each scan one segment of the table.
 */
export interface TierCutoffs {
  vip: TierKey | null;
  important: TierKey | null;
  general: TierKey | null;
}

/**
 * Per-tier counts are rounded to the nearest customer, at least one while any are left, so 5% of 21
 * customers is one VIP and a distributor with a dozen customers still has one.
 */
function shareOf(count: number, share: number): number {
  if (count <= 0) return 0;
  return Math.min(count, Math.max(1, Math.round(count * share)));
}

/**
 * Cut-offs from everyone's trailing sales: the top `vipShare` are vip (非常重要), then `importantShare` of the
 * rest are important (重要), then `generalShare` of the rest general (一般); the rest, and everyone who sold
 * nothing in the trailing period, dormant (休眠).
 */
export function tierCutoffs(keys: readonly TierKey[], shares: ChurnConfig['tiers']): TierCutoffs {
  const ranked = keys.filter((key) => key.trailingSales > 0);
  const vipCount = shareOf(ranked.length, shares.vipShare);
  const importantCount = shareOf(ranked.length - vipCount, shares.importantShare);
  const generalCount = shareOf(ranked.length - vipCount - importantCount, shares.generalShare);
  // Only three ranks matter, so each is selected in linear time instead of sorting everyone: ranks are
  // selected in increasing order, each within what is left to the right of the previous one.
  const at = (count: number, from: number): TierKey | null =>
    count > 0 ? selectRank(ranked, count - 1, from) : null;
  const vip = at(vipCount, 0);
  const important = at(vipCount + importantCount, vipCount);
  const general = at(vipCount + importantCount + generalCount, vipCount + importantCount);
  return { vip, important, general };
}

/**
 * Rearranges `items[from..]` so that position `rank` holds the element a full sort by compareTierKeys would
 * put there, everything before it ranking no lower (Hoare's quickselect, median-of-three pivot).
 */
function selectRank(items: TierKey[], rank: number, from: number): TierKey | null {
  let lo = Math.min(from, rank);
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = items[lo] as TierKey;
    const b = items[mid] as TierKey;
    const c = items[hi] as TierKey;
    const pivot =
      compareTierKeys(a, b) < 0
        ? compareTierKeys(b, c) < 0
          ? b
          : compareTierKeys(a, c) < 0
            ? c
            : a
        : compareTierKeys(a, c) < 0
          ? a
          : compareTierKeys(b, c) < 0
            ? c
            : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (compareTierKeys(items[i] as TierKey, pivot) < 0) i++;
      while (compareTierKeys(items[j] as TierKey, pivot) > 0) j--;
      if (i <= j) {
        const swap = items[i] as TierKey;
        items[i] = items[j] as TierKey;
        items[j] = swap;
        i++;
        j--;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else break;
  }
  return items[rank] ?? null;
}

export function tierOf(key: TierKey, cutoffs: TierCutoffs): Tier {
  return tierOfSales(key.customerId, key.trailingSales, cutoffs);
}

/** tierOf without a key object: the evaluator asks it once for every customer of the day. */
export function tierOfSales(customerId: string, trailingSales: Minor, cutoffs: TierCutoffs): Tier {
  if (trailingSales <= 0) return 'dormant';
  if (cutoffs.vip && ranksNoLower(customerId, trailingSales, cutoffs.vip)) return 'vip';
  if (cutoffs.important && ranksNoLower(customerId, trailingSales, cutoffs.important)) return 'important';
  if (cutoffs.general && ranksNoLower(customerId, trailingSales, cutoffs.general)) return 'general';
  return 'dormant';
}

/** compareTierKeys({ customerId, trailingSales }, cutoff) <= 0. */
function ranksNoLower(customerId: string, trailingSales: Minor, cutoff: TierKey): boolean {
  if (trailingSales !== cutoff.trailingSales) return cutoff.trailingSales - trailingSales <= 0;
  return customerId <= cutoff.customerId;
}
