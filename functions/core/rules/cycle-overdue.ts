import { formatDay } from '../days.ts';
import { clamp01, type Rule, round1 } from '../findings.ts';

/**
 * 订货周期异常: the customer is at least `cycles` of its own cycles past its last order, and `churned` (with
 * the thresholds the caller passes) does not fire yet. It hands over exactly when `churned` takes over, so
 * a customer never drops out of the list between the two (a shop ordering every five days is overdue from
 * day 8 and churned from day 14, its minimum, with no quiet days in between).
 */
export const cycleOverdue = (churned: { cycles: number; minDays: number } | null): Rule<'cycle_overdue'> => {
  const churnedCycles = churned?.cycles ?? Number.POSITIVE_INFINITY;
  return ({ asOf, lastPurchaseDay, cycle }, { cycles, minDays }) => {
    if (lastPurchaseDay === null) return null;
    const daysSince = asOf - lastPurchaseDay;
    if (daysSince < cycles * cycle.days || daysSince < minDays) return null;
    if (churned && daysSince > churned.cycles * cycle.days && daysSince >= churned.minDays) return null;
    const progress = Number.isFinite(churnedCycles)
      ? (daysSince / cycle.days - cycles) / Math.max(0.1, churnedCycles - cycles)
      : 0;
    return {
      rule: 'cycle_overdue',
      severity: clamp01(0.3 + 0.4 * progress),
      daysSinceLastOrder: daysSince,
      cycleDays: cycle.days,
      daysLate: round1(daysSince - cycle.days),
      thresholdCycles: cycles,
      lastOrderDate: formatDay(lastPurchaseDay),
    };
  };
};
