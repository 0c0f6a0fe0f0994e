import { clamp01, type Rule } from '../findings.ts';
import { minorFromUnits } from '../money.ts';
import { changePct, comparisonWindows, effectiveWindowDays, salesBetween } from '../windows.ts';

/**
 * 销售额暴跌: net sales in the last `windowDays` (ending on the as-of day) fell by at least `dropPct` percent
 * against the window before (环比). The window is widened for customers who order less often than
 * `minCyclesPerWindow` times in it (see effectiveWindowDays); the finding reports the window used.
 * Needs sales in the previous window (and at least `minPreviousSales` 元): from nothing, nothing can drop. Returns are netted in the window they happened.
 */
export const salesDrop: Rule<'sales_drop'> = (
  { profile, asOf, cycle },
  { windowDays: configured, dropPct, minPreviousSales, minCyclesPerWindow },
) => {
  const windowDays = effectiveWindowDays(configured, cycle.days, minCyclesPerWindow);
  const { current, previous } = comparisonWindows(asOf, windowDays);
  const before = salesBetween(profile.orders, previous.from, previous.to);
  const floor = Math.max(1, minorFromUnits(minPreviousSales));
  if (before < floor) return null;
  const now = salesBetween(profile.orders, current.from, current.to);
  if (now * 100 > before * (100 - dropPct)) return null;
  return {
    rule: 'sales_drop',
    severity: clamp01((before - now) / before),
    windowDays,
    previousSales: before,
    currentSales: now,
    changePct: changePct(before, now),
    thresholdPct: dropPct,
  };
};
