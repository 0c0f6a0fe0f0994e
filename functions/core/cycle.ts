import type { ChurnConfig } from './config.ts';
import type { Day } from './days.ts';

/** How often a customer orders, learned from its own history. */
export interface OrderingCycle {
  /** Typical days between two order days, one decimal. */
  days: number;
  /** `own`: enough gaps of its own; `blended`: a few gaps mixed with the fallback; `fallback`: none yet. */
  source: 'own' | 'blended' | 'fallback';
  /** How many gaps it was learned from. */
  gaps: number;
}

// Gaps are sorted in this scratch buffer: learning a cycle runs for every customer every day, and a fresh
// array plus a comparator sort per customer costs more than the rest of the rule evaluation.
let scratch = new Float64Array(64);

function medianOfGaps(purchaseDays: ArrayLike<Day>, start: number, end: number): number {
  const count = end - start;
  if (scratch.length < count) scratch = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    const gap = (purchaseDays[start + i] as Day) - (purchaseDays[start + i - 1] as Day);
    let j = i;
    while (j > 0 && (scratch[j - 1] as number) > gap) {
      scratch[j] = scratch[j - 1] as number;
      j--;
    }
    scratch[j] = gap;
  }
  const mid = count >> 1;
  return count % 2 === 1
    ? (scratch[mid] as number)
    : ((scratch[mid - 1] as number) + (scratch[mid] as number)) / 2;
}

function clampDays(days: number, maxDays: number): number {
  return Math.round(Math.min(maxDays, Math.max(1, days)) * 10) / 10;
}

/**
 * The personal ordering cycle: the median of the most recent gaps between distinct order days. The median
 * ignores the odd long gap (a holiday, a stock-up) and the odd short one (a top-up order) that a mean would
 * follow. With fewer than `minGaps` gaps the estimate is pulled towards `fallbackDays` in proportion to how
 * little history there is, so one quick re-order does not make a new customer look weekly.
 *
 * @example learnCycle([0, 7, 14, 21, 60], cycleConfig) // { days: 7, source: 'own', gaps: 4 } (the 39 is an outlier)
 */
export function learnCycle(purchaseDays: readonly Day[], params: ChurnConfig['cycle']): OrderingCycle {
  return learnCycleFrom(purchaseDays, 0, purchaseDays.length, params);
}

/**
 * learnCycle over `purchaseDays[from..to)`: the evaluator collects each customer's recent days in a buffer
 * it reuses rather than a fresh array.
 */
export function learnCycleFrom(
  purchaseDays: ArrayLike<Day>,
  from: number,
  to: number,
  params: ChurnConfig['cycle'],
): OrderingCycle {
  const start = Math.max(from + 1, to - params.recentGaps);
  const gaps = to - start;
  if (gaps <= 0) return { days: clampDays(params.fallbackDays, params.maxDays), source: 'fallback', gaps: 0 };
  const own = medianOfGaps(purchaseDays, start, to);
  if (gaps >= params.minGaps) return { days: clampDays(own, params.maxDays), source: 'own', gaps };
  const weight = gaps / params.minGaps;
  return {
    days: clampDays(weight * own + (1 - weight) * params.fallbackDays, params.maxDays),
    source: 'blended',
    gaps,
  };
}
