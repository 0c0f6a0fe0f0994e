// Synthetic distributors of several shapes, for checking that the risk generalises beyond one real log:
// weekly shops, monthly shops, seasonal ones, a handful of customers, a short history, one order each. Each
// shop buys at its own rate with gamma-spaced gaps (shops reorder more regularly than a Poisson process),
// slips before it leaves (its rate halves for a couple of months), and some pause and come back. Seeded and
// deterministic.
import { type Day, dayFromParts } from '../../functions/core/days.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { normal, seeded } from './shops.ts';

export interface BookShape {
  name: string;
  customers: number;
  /** Days of history up to `end`. */
  historyDays: number;
  /** Mean days between orders: each shop's own mean is drawn log-normally around this. */
  meanGapDays: number;
  /** Spread of the shops' mean gaps (sd of the log). */
  gapSpread: number;
  /** Chance a shop leaves for good in any 30 days. */
  monthlyChurn: number;
  /** Chance a shop pauses (60–150 days) in any 30 days, then comes back. */
  monthlyPause: number;
  /** Seasonal swing of the rate (0 = none; 0.6 = ±60% over the year, low around Spring Festival). */
  seasonality: number;
  /** Only one order per shop (new shops arriving through the history). */
  singleOrder?: boolean;
}

export const BOOK_SHAPES: readonly BookShape[] = [
  {
    name: 'weekly',
    customers: 800,
    historyDays: 730,
    meanGapDays: 7,
    gapSpread: 0.4,
    monthlyChurn: 0.025,
    monthlyPause: 0.01,
    seasonality: 0,
  },
  {
    name: 'monthly',
    customers: 800,
    historyDays: 730,
    meanGapDays: 30,
    gapSpread: 0.4,
    monthlyChurn: 0.03,
    monthlyPause: 0.01,
    seasonality: 0,
  },
  {
    name: 'seasonal',
    customers: 800,
    historyDays: 730,
    meanGapDays: 14,
    gapSpread: 0.6,
    monthlyChurn: 0.03,
    monthlyPause: 0.02,
    seasonality: 0.6,
  },
  {
    name: 'mixed-low-churn',
    customers: 1500,
    historyDays: 600,
    meanGapDays: 12,
    gapSpread: 0.9,
    monthlyChurn: 0.008,
    monthlyPause: 0.01,
    seasonality: 0.2,
  },
  {
    name: 'few',
    customers: 60,
    historyDays: 730,
    meanGapDays: 14,
    gapSpread: 0.6,
    monthlyChurn: 0.03,
    monthlyPause: 0.01,
    seasonality: 0,
  },
  {
    name: 'short',
    customers: 600,
    historyDays: 120,
    meanGapDays: 10,
    gapSpread: 0.6,
    monthlyChurn: 0.03,
    monthlyPause: 0.01,
    seasonality: 0,
  },
  {
    name: 'single-order',
    customers: 500,
    historyDays: 400,
    meanGapDays: 30,
    gapSpread: 0.5,
    monthlyChurn: 0.03,
    monthlyPause: 0,
    seasonality: 0,
    singleOrder: true,
  },
];

/** A gap with mean `mean` and shape 4 (sum of four exponentials): regular, but not clockwork. */
function gammaGap(random: () => number, mean: number): number {
  let sum = 0;
  for (let k = 0; k < 4; k++) sum -= Math.log(1 - random());
  return (sum / 4) * mean;
}

/**
 * The orders of a synthetic distributor, ending at `end` (default 2026-11-30), with `extraDays` after it so a
 * backtest at `end` has its horizon's outcomes.
 */
export function syntheticBook(
  shape: BookShape,
  options: { seed?: number; end?: Day; extraDays?: number } = {},
): { lines: OrderLine[]; start: Day; end: Day } {
  const random = seeded(options.seed ?? 7);
  const end = options.end ?? dayFromParts(2026, 11, 30);
  const last = end + (options.extraDays ?? 90);
  const start = end - shape.historyDays;
  const lines: OrderLine[] = [];
  for (let c = 0; c < shape.customers; c++) {
    const customerId = `${shape.name.slice(0, 2).toUpperCase()}${String(c).padStart(5, '0')}`;
    const meanGap = shape.meanGapDays * Math.exp(shape.gapSpread * normal(random));
    const basket = Math.round(20000 * Math.exp(0.6 * normal(random)));
    // Shops join over the first half of the history (single-order books: over all of it).
    const joined = start + Math.floor(random() * (shape.singleOrder ? last - start : shape.historyDays / 2));
    let day = joined;
    let leaves = Infinity;
    // Leaving: checked month by month from joining; the shop slips (rate halves) for 60 days before.
    for (let month = joined; month < last; month += 30) {
      if (random() < shape.monthlyChurn) {
        leaves = month + Math.floor(random() * 30);
        break;
      }
    }
    let n = 0;
    while (day <= last && day < leaves) {
      lines.push({
        orderId: `${customerId}-${n++}`,
        customerId,
        day,
        amount: Math.max(100, Math.round(basket * Math.exp(0.3 * normal(random)))),
        sku: `SKU${1 + Math.floor(random() * 20)}`,
        quantity: 1 + Math.floor(random() * 10),
        status: 'placed',
      });
      if (shape.singleOrder) break;
      const season =
        1 + shape.seasonality * Math.cos((2 * Math.PI * (day - dayFromParts(2026, 7, 15))) / 365);
      const slipping = leaves - day < 60 ? 2 : 1;
      let gap = gammaGap(random, (meanGap * slipping) / Math.max(0.2, season));
      if (random() < (shape.monthlyPause * gap) / 30) gap += 60 + random() * 90;
      day += Math.max(1, Math.round(gap));
    }
  }
  return { lines, start, end };
}
