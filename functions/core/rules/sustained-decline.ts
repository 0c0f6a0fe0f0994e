import { type Day, firstDayOfMonth, formatMonth, monthOfDay } from '../days.ts';
import { clamp01, type Rule } from '../findings.ts';
import { type Minor, minorFromUnits } from '../money.ts';
import type { OrderColumns } from '../profile.ts';
import { changePct, firstIndexOnOrAfter, salesBetween } from '../windows.ts';

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
  const { labels, starts, runningLength } = monthStarts(asOf, months);
  // One pass over the facts of the compared months (starts has one more entry: the running month's start),
  // summed in a buffer reused for every customer.
  const count = months + 1;
  if (monthSales.length < count) monthSales = new Float64Array(count);
  const sales = monthSales;
  // A loop, not fill(): for three slots the call into the built-in costs more than the stores.
  for (let i = 0; i < count; i++) sales[i] = 0;
  const { days, nets } = profile.orders;
  let slot = 0;
  const end = starts[months + 1] as Day;
  for (let i = firstIndexOnOrAfter(profile.orders, starts[0] as Day); i < days.length; i++) {
    const day = days[i] as Day;
    if (day >= end) break;
    while (day >= (starts[slot + 1] as Day)) slot++;
    sales[slot] = (sales[slot] as Minor) + (nets[i] as Minor);
  }
  const base = sales[0] as Minor;
  if (base <= 0 || base < minorFromUnits(minFirstMonthSales)) return null;
  for (let i = 1; i < count; i++) {
    const before = sales[i - 1] as Minor;
    const now = sales[i] as Minor;
    if (before <= 0 || now * 100 > before * (100 - minMonthlyDropPct)) return null;
  }
  const last = sales[months] as Minor;
  if (recoveringThisMonth(profile.orders, asOf, end, runningLength, last)) return null;
  const series: { month: string; sales: Minor }[] = [];
  for (let i = 0; i < count; i++) series.push({ month: labels[i] as string, sales: sales[i] as Minor });
  return {
    rule: 'sustained_decline',
    severity: clamp01((base - last) / base),
    months: series,
    monthsDeclining: months,
    changePct: changePct(base, last),
  };
};

function recoveringThisMonth(
  orders: OrderColumns,
  asOf: Day,
  start: Day,
  length: number,
  lastMonthSales: Minor,
): boolean {
  const elapsed = asOf - start + 1;
  if (elapsed < 7) return false;
  const soFar = salesBetween(orders, start, asOf);
  return soFar > 0 && soFar * length >= lastMonthSales * elapsed;
}

let monthSales = new Float64Array(13);

interface MonthStarts {
  /** `YYYY-MM` of the compared months, oldest first: every finding of the run names the same months. */
  labels: string[];
  /** First days of the compared months, then of the running month. */
  starts: Day[];
  /** Days in the running month. */
  runningLength: number;
}

let cachedAsOf = Number.NaN;
let cachedMonths = Number.NaN;
let cached: MonthStarts = { labels: [], starts: [], runningLength: 0 };

/** The compared months and the running month; the same for every customer of a run. */
function monthStarts(asOf: Day, months: number): MonthStarts {
  if (asOf !== cachedAsOf || months !== cachedMonths) {
    const first = monthOfDay(asOf) - 1 - months;
    const starts = Array.from({ length: months + 2 }, (_, i) => firstDayOfMonth(first + i));
    const running = first + months + 1;
    cached = {
      labels: Array.from({ length: months + 1 }, (_, i) => formatMonth(first + i)),
      starts,
      runningLength: firstDayOfMonth(running + 1) - firstDayOfMonth(running),
    };
    cachedAsOf = asOf;
    cachedMonths = months;
  }
  return cached;
}
