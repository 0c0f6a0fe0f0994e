import { type ChurnConfig, DEFAULT_CONFIG, parseConfig, type Tier } from '../../functions/core/config.ts';
import { learnCycle } from '../../functions/core/cycle.ts';
import { type Day, parseDay, parseIsoDay } from '../../functions/core/days.ts';
import type { BgnbdParams } from '../../functions/core/bgnbd.ts';
import type { LearnedVerdict } from '../../functions/core/learned-verdict.ts';
import type { RuleContext } from '../../functions/core/findings.ts';
import { buildProfiles, type CustomerProfile, emptyProfile } from '../../functions/core/profile.ts';
import type { CustomerEvent, OrderLine, OrderStatus } from '../../functions/core/records.ts';
import { purchaseDaysUpTo } from '../../functions/core/windows.ts';

export const ZONE = 'Asia/Shanghai';

/** A day from `YYYY-MM-DD`, failing loudly on a typo in a test. */
export function day(text: string): Day {
  const value = parseIsoDay(text);
  if (value === null) throw new Error(`bad test date ${text}`);
  return value;
}

export interface TestOrder {
  /** `YYYY-MM-DD` or any date-time parseDay accepts (in Asia/Shanghai). */
  date: string;
  /** Currency units (元). */
  amount: number;
  id?: string;
  status?: OrderStatus;
  skus?: string[];
  repId?: string;
}

let autoId = 0;

/** Order lines as the CSV reader would produce them: one line per SKU, amount split evenly. */
export function orderLines(customerId: string, orders: readonly TestOrder[]): OrderLine[] {
  const lines: OrderLine[] = [];
  for (const order of orders) {
    const parsed = parseDay(order.date, ZONE);
    if (!parsed.ok) throw new Error(`bad test date ${order.date}`);
    const orderId = order.id ?? `T${++autoId}`;
    const skus = order.skus ?? [undefined];
    const minor = Math.round(order.amount * 100);
    skus.forEach((sku, i) => {
      const share =
        i === 0
          ? minor - Math.trunc(minor / skus.length) * (skus.length - 1)
          : Math.trunc(minor / skus.length);
      lines.push({
        orderId,
        customerId,
        day: parsed.day,
        amount: share,
        sku,
        status: order.status ?? 'placed',
        repId: order.repId,
      });
    });
  }
  return lines;
}

export function profileOf(
  orders: readonly TestOrder[],
  options: {
    asOf: string;
    visits?: string[];
    coupons?: string[];
    complaints?: string[];
    customerId?: string;
  } = {
    asOf: '2026-11-20',
  },
): CustomerProfile {
  const customerId = options.customerId ?? 'C1';
  const event = (date: string): CustomerEvent => ({ customerId, day: day(date) });
  const { profiles } = buildProfiles(
    orderLines(customerId, orders),
    {
      visits: options.visits?.map(event),
      coupons: options.coupons?.map(event),
      complaints: options.complaints?.map(event),
    },
    { asOf: day(options.asOf), retentionDays: DEFAULT_CONFIG.profile.retentionDays },
  );
  return profiles.get(customerId) ?? emptyProfile(customerId);
}

/** The context a rule sees, built the way the evaluator builds it. */
export function contextOf(
  orders: readonly TestOrder[],
  asOf: string,
  extra: {
    tier?: Tier;
    visits?: string[];
    complaints?: string[];
    config?: ChurnConfig;
    pAliveParams?: BgnbdParams | null;
  } = {},
  // `visits: []` means the distributor tracks visits and this customer has none.
): RuleContext {
  const config = extra.config ?? DEFAULT_CONFIG;
  const profile = profileOf(orders, { asOf, visits: extra.visits, complaints: extra.complaints });
  const purchaseDays = purchaseDaysUpTo(profile.orders, day(asOf));
  return {
    profile,
    asOf: day(asOf),
    tier: extra.tier ?? 'general',
    lastPurchaseDay: purchaseDays[purchaseDays.length - 1] ?? null,
    firstPurchaseDay: profile.prunedFirstPurchaseDay ?? purchaseDays[0] ?? null,
    cycle: learnCycle(purchaseDays.slice(-(config.cycle.recentGaps + 1)), config.cycle),
    pAliveParams: extra.pAliveParams ?? null,
  };
}

/** Orders every `everyDays` days from `from` up to and including `to`. */
export function regularOrders(
  from: string,
  to: string,
  everyDays: number,
  amount: number,
  skus?: string[],
): TestOrder[] {
  const orders: TestOrder[] = [];
  for (let d = day(from); d <= day(to); d += everyDays) {
    orders.push({ date: formatTestDay(d), amount, skus });
  }
  return orders;
}

function formatTestDay(d: Day): string {
  const date = new Date(d * 86_400_000);
  return date.toISOString().slice(0, 10);
}

export function configWith(overrides: unknown): ChurnConfig {
  const result = parseConfig(overrides);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** A learned verdict as the explain tests read it: 72% against a 41% line, silence and lower sales as reasons. */
export const learnedVerdict = (changes: Partial<LearnedVerdict> = {}): LearnedVerdict => ({
  risk: 0.724,
  threshold: 0.413,
  ruleRisk: 0.2,
  modelAsOf: '2026-11-16',
  reasons: [
    { kind: 'silence', daysSinceLastOrder: 45, cycleDays: 14 },
    { kind: 'lower_sales', windowDays: 90, recentSales: 120_000, previousSales: 360_050 },
  ],
  ...changes,
});
