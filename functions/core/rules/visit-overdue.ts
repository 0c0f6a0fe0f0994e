import { formatDay } from '../days.ts';
import { clamp01, type Rule } from '../findings.ts';

/**
 * 超期未拜访: more than `cadenceDays` since the rep last visited. Only for customers whose visits are
 * tracked (at least one visit logged): where a distributor does not log visits, silence is not neglect.
 * A tracked customer who still buys is flagged too — the rule is about the rep's follow-up, not the shop.
 */
export const visitOverdue: Rule<'visit_overdue'> = ({ profile, asOf }, { cadenceDays }) => {
  if (!profile.visitsTracked) return null;
  const last = profile.lastVisitDay;
  const daysSince = last === null ? null : asOf - last;
  if (daysSince !== null && daysSince <= cadenceDays) return null;
  return {
    rule: 'visit_overdue',
    severity: daysSince === null ? 1 : clamp01((daysSince - cadenceDays) / cadenceDays),
    lastVisitDate: last === null ? null : formatDay(last),
    daysSinceLastVisit: daysSince,
    cadenceDays,
  };
};
