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
 * Everyone's tier keys as two columns: a million customers a day are ranked from a typed array of sales and
 * the ids their profiles already hold, instead of a million key objects that all live until the cut-offs are
 * known (promoting them out of the young generation is most of what collecting them costs).
 */
export class TierKeyList {
  readonly customerIds: string[] = [];
  private sales = new Float64Array(1024);

  /** The same keys as columns. */
  static of(keys: readonly TierKey[]): TierKeyList {
    const list = new TierKeyList();
    for (const key of keys) list.add(key.customerId, key.trailingSales);
    return list;
  }

  get length(): number {
    return this.customerIds.length;
  }

  add(customerId: string, trailingSales: Minor): void {
    const at = this.customerIds.length;
    if (at === this.sales.length) {
      const grown = new Float64Array(at * 2);
      grown.set(this.sales);
      this.sales = grown;
    }
    this.sales[at] = trailingSales;
    this.customerIds.push(customerId);
  }

  /** The trailing sales of every key, in the order they were added (a view, not a copy). */
  trailingSales(): Float64Array {
    return this.sales.subarray(0, this.customerIds.length);
  }
}

/**
 * Cut-offs from everyone's trailing sales: the top `vipShare` are vip (非常重要), then `importantShare` of the
 * rest are important (重要), then `generalShare` of the rest general (一般); the rest, and everyone who sold
 * nothing in the trailing period, dormant (休眠).
 */
export function tierCutoffs(
  keys: readonly TierKey[] | TierKeyList,
  shares: ChurnConfig['tiers'],
): TierCutoffs {
  const list = keys instanceof TierKeyList ? keys : TierKeyList.of(keys);
  // Sales alone, in typed arrays: ranking a million customers reads a few MB in order instead of chasing a
  // million key objects; ids are only looked at where sales tie at a cut-off. `everyone` keeps the keys'
  // order; `ranked` (those who sold anything) is rearranged by the selection.
  const everyone = list.trailingSales();
  let count = 0;
  for (const sales of everyone) if (sales > 0) count++;
  const ranked = new Float64Array(count);
  let next = 0;
  for (const sales of everyone) if (sales > 0) ranked[next++] = sales;
  const vipCount = shareOf(count, shares.vipShare);
  const importantCount = shareOf(count - vipCount, shares.importantShare);
  const generalCount = shareOf(count - vipCount - importantCount, shares.generalShare);
  // Only three ranks matter, so each is selected in linear time instead of sorting everyone: ranks are
  // selected in increasing order, each within what is left to the right of the previous one.
  const at = (tierCount: number, from: number): TierKey | null => {
    if (tierCount <= 0) return null;
    const rank = tierCount - 1;
    return keyAtRank(list, rank, selectRank(ranked, rank, from));
  };
  const vip = at(vipCount, 0);
  const important = at(vipCount + importantCount, vipCount);
  const general = at(vipCount + importantCount + generalCount, vipCount + importantCount);
  return { vip, important, general };
}

/**
 * The key a full sort by compareTierKeys would put at `rank`, given the sales there: among the customers
 * with exactly those sales, the one whose id comes at the right place.
 */
function keyAtRank(list: TierKeyList, rank: number, sales: number): TierKey | null {
  const everyone = list.trailingSales();
  let above = 0;
  const tied: TierKey[] = [];
  for (let i = 0; i < everyone.length; i++) {
    const value = everyone[i] as number;
    if (value > sales) above++;
    else if (value === sales) tied.push({ customerId: list.customerIds[i] as string, trailingSales: value });
  }
  return tied.sort(compareTierKeys)[rank - above] ?? null;
}

/**
 * Rearranges `sales[from..]` so that position `rank` holds the value a sort from highest to lowest would
 * put there, everything before it no lower (Hoare's quickselect, median-of-three pivot).
 */
function selectRank(sales: Float64Array, rank: number, from: number): number {
  let lo = Math.min(from, rank);
  let hi = sales.length - 1;
  while (lo < hi) {
    const a = sales[lo] as number;
    const b = sales[(lo + hi) >>> 1] as number;
    const c = sales[hi] as number;
    const pivot = a > b ? (b > c ? b : a > c ? c : a) : a > c ? a : b > c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((sales[i] as number) > pivot) i++;
      while ((sales[j] as number) < pivot) j--;
      if (i <= j) {
        const swap = sales[i] as number;
        sales[i] = sales[j] as number;
        sales[j] = swap;
        i++;
        j--;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else break;
  }
  return sales[rank] as number;
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
