import { clamp01, type Rule } from '../findings.ts';
import {
  changePct,
  comparisonWindows,
  distinctSkuCount,
  effectiveWindowDays,
  skusDropped,
} from '../windows.ts';

/**
 * 动销品项数下滑: the customer bought at least `dropPct` percent fewer distinct SKUs in the last `windowDays`
 * than in the window before — often the first sign that a shop is moving lines to a competitor while still
 * ordering. Needs `minPreviousSkus` SKUs before, and says nothing when the export carries no SKUs.
 */
export const skuBreadthDrop: Rule<'sku_breadth_drop'> = (
  { profile, asOf, cycle },
  { windowDays: configured, dropPct, minPreviousSkus, minCyclesPerWindow },
) => {
  const windowDays = effectiveWindowDays(configured, cycle.days, minCyclesPerWindow);
  const { current, previous } = comparisonWindows(asOf, windowDays);
  if (profile.orders.skuNames.length < minPreviousSkus) return null;
  const beforeCount = distinctSkuCount(profile.orders, previous.from, previous.to);
  if (beforeCount < minPreviousSkus) return null;
  // The most SKUs the current window may hold and still count as a drop; past that, stop counting.
  const mostForDrop = Math.floor((beforeCount * (100 - dropPct)) / 100);
  // Counted in full when it stays within that, so it is the exact count from here on.
  const nowCount = distinctSkuCount(profile.orders, current.from, current.to, mostForDrop);
  if (nowCount > mostForDrop) return null;
  // Only now, for the few customers it fires on, are the SKUs themselves named.
  const droppedSkus = skusDropped(profile.orders, previous, current, 5);
  const { skuNames, productNames } = profile.orders;
  const droppedSkuNames = productNames && droppedSkus.map((sku) => productNames[skuNames.indexOf(sku)] ?? '');
  return {
    rule: 'sku_breadth_drop',
    severity: clamp01((beforeCount - nowCount) / beforeCount),
    windowDays,
    previousSkus: beforeCount,
    currentSkus: nowCount,
    changePct: changePct(beforeCount, nowCount),
    thresholdPct: dropPct,
    droppedSkus,
    ...(droppedSkuNames?.some((name) => name !== '') ? { droppedSkuNames } : {}),
  };
};
