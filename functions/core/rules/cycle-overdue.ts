import { formatDay } from '../days.ts';
import { clamp01, type Rule, round1 } from '../findings.ts';

/**
 * 订货周期异常: the customer is at least `cycles` of its own cycles past its last order, but not yet past
 * `churnedCycles` (that is `churned`). The caller passes the churned threshold so the two never overlap.
 */
export const cycleOverdue = (churnedCycles: number): Rule<'cycle_overdue'> => {
  return ({ asOf, lastPurchaseDay, cycle }, { cycles, minDays }) => {
    if (lastPurchaseDay === null) return null;
    const daysSince = asOf - lastPurchaseDay;
    if (daysSince < cycles * cycle.days || daysSince < minDays) return null;
    if (daysSince > churnedCycles * cycle.days) return null;
    const progress = (daysSince / cycle.days - cycles) / Math.max(0.1, churnedCycles - cycles);
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
