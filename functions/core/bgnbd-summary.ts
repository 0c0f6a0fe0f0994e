import type { BgnbdCustomer } from './bgnbd.ts';
import type { Day } from './days.ts';
import type { CustomerProfile } from './profile.ts';

/** BG/NBD works in weeks here, as in the paper: the parameters read as rates per week. */
export const DAYS_PER_UNIT = 7;

/**
 * A customer's BG/NBD summary as of a day, in weeks: repeat purchase days (x), the time from the first to the
 * last purchase day (t_x), and the time from the first purchase day to `asOf` (T). Several orders on one day
 * are one purchase, as in the paper; returns and cancelled orders are not purchases. Null for a customer with
 * no purchase on or before `asOf`.
 *
 * Days pruned from the profile (older than the retention window) still count for T, through
 * `prunedFirstPurchaseDay`, but their repeat purchases are no longer known: x is then a lower bound, which
 * understates how often a long-standing customer bought, never how recently.
 */
export function bgnbdSummaryOf(profile: CustomerProfile, asOf: Day): BgnbdCustomer | null {
  const { days, purchases } = profile.orders;
  let first: Day | null = profile.prunedFirstPurchaseDay;
  let last: Day | null = null;
  let distinctDays = 0;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as Day;
    if (day > asOf) break;
    if (purchases[i] !== 1) continue;
    if (day !== last) distinctDays++;
    if (first === null || day < first) first = day;
    last = day;
  }
  if (first === null) return null;
  if (last === null) last = first;
  // The first purchase is not a repeat one; when it was pruned, every retained day is a repeat.
  const retainedFirst = profile.prunedFirstPurchaseDay === null || distinctDays === 0;
  const frequency = retainedFirst ? Math.max(0, distinctDays - 1) : distinctDays;
  return {
    frequency,
    recency: frequency === 0 ? 0 : (last - first) / DAYS_PER_UNIT,
    T: (asOf - first) / DAYS_PER_UNIT,
  };
}
