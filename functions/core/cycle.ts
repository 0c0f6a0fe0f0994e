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

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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
  const gaps: number[] = [];
  const start = Math.max(1, purchaseDays.length - params.recentGaps);
  for (let i = start; i < purchaseDays.length; i++) {
    gaps.push((purchaseDays[i] as Day) - (purchaseDays[i - 1] as Day));
  }
  const clamp = (days: number) => Math.round(Math.min(params.maxDays, Math.max(1, days)) * 10) / 10;
  if (gaps.length === 0) return { days: clamp(params.fallbackDays), source: 'fallback', gaps: 0 };
  const own = median(gaps);
  if (gaps.length >= params.minGaps) return { days: clamp(own), source: 'own', gaps: gaps.length };
  const weight = gaps.length / params.minGaps;
  return {
    days: clamp(weight * own + (1 - weight) * params.fallbackDays),
    source: 'blended',
    gaps: gaps.length,
  };
}
