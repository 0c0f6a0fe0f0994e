import { clamp01, type Rule } from '../findings.ts';
import { comparisonWindows } from '../windows.ts';

/**
 * 投诉增多: at least `threshold` complaints in the last `windowDays`. The count of the window before is
 * reported alongside, so the message can say whether complaints are new or ongoing.
 */
export const complaintsRising: Rule<'complaints_rising'> = ({ profile, asOf }, { windowDays, threshold }) => {
  const { current, previous } = comparisonWindows(asOf, windowDays);
  let now = 0;
  let before = 0;
  for (const day of profile.complaintDays) {
    if (day >= current.from && day <= current.to) now++;
    else if (day >= previous.from && day <= previous.to) before++;
  }
  if (now < threshold) return null;
  return {
    rule: 'complaints_rising',
    severity: clamp01(now / (2 * threshold)),
    windowDays,
    complaints: now,
    previousComplaints: before,
    threshold,
  };
};
