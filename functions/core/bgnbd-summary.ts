import type { BgnbdCustomer } from './bgnbd.ts';
import type { Day } from './days.ts';
import type { CustomerProfile } from './profile.ts';

/** BG/NBD works in weeks here, as in the paper: the parameters read as rates per week. */
export const DAYS_PER_UNIT = 7;

/**
 * A customer's BG/NBD summary as of a day, in weeks: repeat purchase days (x), the time from the first to the
 * last purchase day (t_x), and the time from the first purchase day to `asOf` (T). Several orders on one day
 * are one purchase, as in the paper; returns and cancelled orders are not purchases. Null for a customer with
 * no purchase in the history looked at.
 *
 * The history starts at the first purchase the profile still keeps (facts older than the retention window are
 * pruned), or at `since` when that is later: counting repeat purchases over a shorter span than the age would
 * make a long-standing customer look like a slow buyer, and a slow buyer's silence look harmless.
 */
export function bgnbdSummaryOf(profile: CustomerProfile, asOf: Day, since?: Day): BgnbdCustomer | null {
  const { days, purchases } = profile.orders;
  let first: Day | null = null;
  let last: Day | null = null;
  let distinctDays = 0;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as Day;
    if (day > asOf) break;
    if (purchases[i] !== 1 || (since !== undefined && day < since)) continue;
    if (day !== last) distinctDays++;
    first ??= day;
    last = day;
  }
  if (first === null || last === null) return null;
  const frequency = distinctDays - 1;
  return {
    frequency,
    recency: (last - first) / DAYS_PER_UNIT,
    T: (asOf - first) / DAYS_PER_UNIT,
  };
}
