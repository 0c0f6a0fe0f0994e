import { type Day, firstDayOfMonth, formatMonth, monthOfDay } from './days.ts';
import type { Minor } from './money.ts';
import type { CustomerProfile } from './profile.ts';

/** One calendar month of the distributor's business, as the weekly summary shows it. */
export interface MonthlyActivity {
  month: string;
  /** Customers with at least one purchase in the month. */
  activeCustomers: number;
  orders: number;
  /** Net sales, returns subtracted. */
  sales: Minor;
  /** Purchase value per order (returns on their own documents excluded), rounded to the cent; null without orders. */
  averageOrderValue: Minor | null;
  /** False for the running month of the as-of day. */
  complete: boolean;
}

export interface ActivityReport {
  months: MonthlyActivity[];
  /** The last complete month, compared with the baseline. */
  latest: MonthlyActivity | null;
  /** Mean of the `baselineMonths` complete months before `latest`. */
  baseline: { months: number; activeCustomers: number; averageOrderValue: Minor | null };
  /** Percent change of `latest` against the baseline, one decimal; null without a baseline. */
  activeCustomersChangePct: number | null;
  averageOrderValueChangePct: number | null;
}

const pctChange = (base: number | null, value: number | null): number | null =>
  base === null || value === null || base === 0 ? null : Math.round(((value - base) / base) * 1000) / 10;

/**
 * Monthly active customers and average order value for the last `months` calendar months up to the as-of
 * day (the running month included, marked incomplete), with the latest complete month set against the
 * average of the months before it. Profiles keep 400 days, enough for 13 months.
 */
export function monthlyActivity(
  profiles: Iterable<CustomerProfile>,
  asOf: Day,
  options: { months?: number; baselineMonths?: number } = {},
): ActivityReport {
  const monthCount = options.months ?? 13;
  const baselineMonths = options.baselineMonths ?? 3;
  const lastMonth = monthOfDay(asOf);
  const firstMonth = lastMonth - monthCount + 1;
  const from = firstDayOfMonth(firstMonth);
  const active = new Array<number>(monthCount).fill(0);
  const orders = new Array<number>(monthCount).fill(0);
  const sales = new Array<number>(monthCount).fill(0);
  const purchaseValue = new Array<number>(monthCount).fill(0);
  const boundaries = Array.from({ length: monthCount + 1 }, (_, i) => firstDayOfMonth(firstMonth + i));
  for (const profile of profiles) {
    const { days, nets, purchases } = profile.orders;
    let lastActiveMonth = -1;
    let slot = 0;
    for (let i = 0; i < days.length; i++) {
      const day = days[i] as Day;
      if (day < from) continue;
      if (day > asOf) break;
      while (day >= (boundaries[slot + 1] as number)) slot++;
      const net = nets[i] as Minor;
      sales[slot] = (sales[slot] as number) + net;
      if (purchases[i] !== 1) continue;
      orders[slot] = (orders[slot] as number) + 1;
      purchaseValue[slot] = (purchaseValue[slot] as number) + net;
      if (lastActiveMonth !== slot) {
        active[slot] = (active[slot] as number) + 1;
        lastActiveMonth = slot;
      }
    }
  }
  const months: MonthlyActivity[] = active.map((activeCustomers, i) => ({
    month: formatMonth(firstMonth + i),
    activeCustomers,
    orders: orders[i] as number,
    sales: sales[i] as number,
    averageOrderValue:
      (orders[i] as number) > 0 ? Math.round((purchaseValue[i] as number) / (orders[i] as number)) : null,
    complete: i < monthCount - 1,
  }));
  const complete = months.filter((m) => m.complete);
  const latest = complete[complete.length - 1] ?? null;
  const base = complete.slice(-1 - baselineMonths, -1);
  const withOrders = base.filter((m) => m.orders > 0);
  const baseline = {
    months: base.length,
    activeCustomers: base.length
      ? Math.round((base.reduce((s, m) => s + m.activeCustomers, 0) / base.length) * 10) / 10
      : 0,
    averageOrderValue: withOrders.length
      ? Math.round(withOrders.reduce((s, m) => s + (m.averageOrderValue as number), 0) / withOrders.length)
      : null,
  };
  return {
    months,
    latest,
    baseline,
    activeCustomersChangePct: base.length
      ? pctChange(baseline.activeCustomers, latest?.activeCustomers ?? null)
      : null,
    averageOrderValueChangePct: pctChange(baseline.averageOrderValue, latest?.averageOrderValue ?? null),
  };
}
