import { clamp01, type Rule } from '../findings.ts';
import { changePct, comparisonWindows, effectiveWindowDays, purchasesBetween } from '../windows.ts';

/**
 * 交易次数暴跌: the number of orders in the last `windowDays` fell by at least `dropPct` percent against the
 * window before, or by at least `minDropOrders` orders when that is set. Needs `minPreviousOrders` orders
 * in the previous window, and the window is widened to `minCyclesPerWindow` of the customer's cycles, so
 * an order falling on the other side of the window edge is not read as a drop.
 */
export const orderCountDrop: Rule<'order_count_drop'> = (
  { profile, asOf, cycle },
  { windowDays: configured, dropPct, minDropOrders, minPreviousOrders, minCyclesPerWindow },
) => {
  const windowDays = effectiveWindowDays(configured, cycle.days, minCyclesPerWindow);
  const { current, previous } = comparisonWindows(asOf, windowDays);
  const before = purchasesBetween(profile.orders, previous.from, previous.to);
  if (before < minPreviousOrders) return null;
  const now = purchasesBetween(profile.orders, current.from, current.to);
  const byPct = now * 100 <= before * (100 - dropPct);
  const byCount = minDropOrders > 0 && before - now >= minDropOrders;
  if (!byPct && !byCount) return null;
  return {
    rule: 'order_count_drop',
    severity: clamp01((before - now) / before),
    windowDays,
    previousOrders: before,
    currentOrders: now,
    changePct: changePct(before, now),
    thresholdPct: dropPct,
  };
};
