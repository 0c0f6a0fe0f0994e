import { formatDay } from '../days.ts';
import { clamp01, type Rule } from '../findings.ts';

/**
 * 即将流失: no order for `days` days or more. Fires on the threshold day itself: with `days = 30`, a
 * customer whose last order was 30 days before the as-of day is flagged. A customer who never ordered has
 * nothing to lapse from, so the rule does not apply.
 */
export const inactive: Rule<'inactive'> = ({ asOf, lastPurchaseDay }, { days }) => {
  if (lastPurchaseDay === null) return null;
  const daysSince = asOf - lastPurchaseDay;
  if (daysSince < days) return null;
  return {
    rule: 'inactive',
    // Half-way at the threshold, certain at twice the threshold.
    severity: clamp01(daysSince / (2 * days)),
    daysSinceLastOrder: daysSince,
    thresholdDays: days,
    lastOrderDate: formatDay(lastPurchaseDay),
  };
};
