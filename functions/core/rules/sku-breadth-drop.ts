import { clamp01, type Rule } from '../findings.ts';
import {
  changePct,
  comparisonWindows,
  distinctSkuCount,
  effectiveWindowDays,
  skusBetween,
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
  const nowCount = distinctSkuCount(profile.orders, current.from, current.to, mostForDrop);
  if (nowCount > mostForDrop) return null;
  // Only now, for the few customers it fires on, are the SKUs themselves collected.
  const before = skusBetween(profile.orders, previous.from, previous.to);
  const now = skusBetween(profile.orders, current.from, current.to);
  const droppedSkus = [...before].filter((sku) => !now.has(sku)).slice(0, 5);
  const { skuNames, productNames } = profile.orders;
  const droppedSkuNames = productNames && droppedSkus.map((sku) => productNames[skuNames.indexOf(sku)] ?? '');
  return {
    rule: 'sku_breadth_drop',
    severity: clamp01((before.size - now.size) / before.size),
    windowDays,
    previousSkus: before.size,
    currentSkus: now.size,
    changePct: changePct(before.size, now.size),
    thresholdPct: dropPct,
    droppedSkus,
    ...(droppedSkuNames?.some((name) => name !== '') ? { droppedSkuNames } : {}),
  };
};
