import { formatDay } from '../days.ts';
import { clamp01, type Rule, round1 } from '../findings.ts';

/**
 * 已流失: silent for more than `cycles` of the customer's own ordering cycles (strictly more: at exactly two
 * cycles a weekly customer is late, not yet lost), and for at least `minDays`, so that a shop ordering every
 * other day is not written off after five quiet days.
 */
export const churned: Rule<'churned'> = ({ asOf, lastPurchaseDay, cycle }, { cycles, minDays }) => {
  if (lastPurchaseDay === null) return null;
  const daysSince = asOf - lastPurchaseDay;
  if (daysSince <= cycles * cycle.days || daysSince < minDays) return null;
  return {
    rule: 'churned',
    severity: clamp01(0.7 + 0.3 * ((daysSince / cycle.days - cycles) / cycles)),
    daysSinceLastOrder: daysSince,
    cycleDays: cycle.days,
    cyclesMissed: round1(daysSince / cycle.days),
    thresholdCycles: cycles,
    lastOrderDate: formatDay(lastPurchaseDay),
  };
};
