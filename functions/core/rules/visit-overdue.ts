import { formatDay } from '../days.ts';
import { clamp01, type Rule } from '../findings.ts';

/**
 * 超期未拜访: more than `cadenceDays` since the rep last visited. Only where visits are tracked (the
 * distributor sends visit records): where nobody logs visits, silence is not neglect. A customer never
 * visited counts from its first order, so a new shop is not overdue on day one and a neglected one is
 * flagged ("no visit logged"). A customer who still buys is flagged too: the rule is about the rep's
 * follow-up, not the shop.
 */
export const visitOverdue: Rule<'visit_overdue'> = ({ profile, asOf, firstPurchaseDay }, { cadenceDays }) => {
  if (!profile.visitsTracked) return null;
  const last = profile.lastVisitDay !== null && profile.lastVisitDay <= asOf ? profile.lastVisitDay : null;
  const since = last ?? firstPurchaseDay;
  if (since === null) return null;
  const daysSince = asOf - since;
  if (daysSince <= cadenceDays) return null;
  return {
    rule: 'visit_overdue',
    severity: clamp01((daysSince - cadenceDays) / cadenceDays),
    lastVisitDate: last === null ? null : formatDay(last),
    daysSinceLastVisit: last === null ? null : daysSince,
    cadenceDays,
  };
};
