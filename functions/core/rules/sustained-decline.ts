import { type Day, firstDayOfMonth, formatMonth, type MonthIndex, monthOfDay } from '../days.ts';
import { clamp01, type Rule } from '../findings.ts';
import { type Minor, minorFromUnits } from '../money.ts';
import type { OrderFact } from '../profile.ts';
import { changePct, totalsBetween } from '../windows.ts';

/**
 * 持续下滑: monthly net sales fell `months` months in a row, each by at least `minMonthlyDropPct` percent.
 * Only complete calendar months count (the month of the as-of day is still running), so with `months = 2`
 * on 2026-11-20 it compares August → September → October. Once a week of the running month has passed,
 * a customer already on pace to beat the last complete month is recovering, and the rule stays quiet.
 */
export const sustainedDecline: Rule<'sustained_decline'> = (
  { profile, asOf },
  { months, minMonthlyDropPct, minFirstMonthSales },
) => {
  const lastComplete = monthOfDay(asOf) - 1;
  const first = lastComplete - months;
  const series: { month: string; sales: number }[] = [];
  for (let month = first; month <= lastComplete; month++) {
    const from = firstDayOfMonth(month);
    const to = firstDayOfMonth(month + 1) - 1;
    series.push({ month: formatMonth(month), sales: totalsBetween(profile.orders, from, to).sales });
  }
  const base = series[0]?.sales ?? 0;
  if (base <= 0 || base < minorFromUnits(minFirstMonthSales)) return null;
  for (let i = 1; i < series.length; i++) {
    const before = (series[i - 1] as { sales: number }).sales;
    const now = (series[i] as { sales: number }).sales;
    if (before <= 0 || now * 100 > before * (100 - minMonthlyDropPct)) return null;
  }
  const last = (series[series.length - 1] as { sales: number }).sales;
  if (recoveringThisMonth(profile.orders, asOf, lastComplete + 1, last)) return null;
  return {
    rule: 'sustained_decline',
    severity: clamp01((base - last) / base),
    months: series,
    monthsDeclining: months,
    changePct: changePct(base, last),
  };
};

function recoveringThisMonth(
  orders: readonly OrderFact[],
  asOf: Day,
  running: MonthIndex,
  lastMonthSales: Minor,
): boolean {
  const start = firstDayOfMonth(running);
  const elapsed = asOf - start + 1;
  if (elapsed < 7) return false;
  const length = firstDayOfMonth(running + 1) - start;
  const soFar = totalsBetween(orders, start, asOf).sales;
  return soFar > 0 && soFar * length >= lastMonthSales * elapsed;
}
