import { effectHeadline } from '../text/effect-figures.ts';
import { reasonText } from '../text/follow-up-answers.ts';
import type { Locale } from '../core/locale.ts';
import { textFor } from '../text/catalogue.ts';
import type { FollowUpCounts, UnansweredWarning, WeeklyFollowUp } from './weekly-model.ts';

// The follow-up counts worded once for the weekly email and the WeCom summary. Counts and dates only, except
// the reasons: an admin's own reason is their text, so each renderer escapes what these return for its
// format.

/**
 * The outcomes of a set of warnings in one sentence; "shop closed" and "waiting" only when there are some.
 *
 * @example followUpLine(counts, 2, 'zh-CN')
 * // '12 条预警：及时跟进 8，未跟进 2，不是真的流失 1，待跟进 1'
 */
export function followUpLine(counts: FollowUpCounts, withinDays: number, locale: Locale): string {
  const say = textFor(locale).weekly.followUp;
  if (counts.warned === 0) return say.noWarnings;
  const parts = [
    say.followedUp(counts.followedUp, withinDays),
    say.notFollowedUp(counts.notFollowedUp),
    say.notReal(counts.notReal),
    ...(counts.closed > 0 ? [say.closed(counts.closed)] : []),
    ...(counts.waiting > 0 ? [say.waiting(counts.waiting)] : []),
  ];
  return say.outcomes(counts.warned, parts);
}

/** The reasons given for "not a real risk", in the reader's words; null when none was given. */
export function reasonsLine(counts: FollowUpCounts, locale: Locale): string | null {
  if (counts.reasons.length === 0) return null;
  const { weekly, signals } = textFor(locale);
  const list = counts.reasons.map(({ reason, count }) => `${reasonText(reason, locale)} ${count}`);
  return weekly.followUp.reasons(list.join(signals.listSeparator));
}

/** How long ago an unanswered warning went out: `预警已 12 天（2026-11-08）`. */
export const warnedAgo = (warning: UnansweredWarning, locale: Locale): string =>
  textFor(locale).weekly.unanswered.warnedAgo(warning.daysSinceWarned, warning.warnedOn);

/** The section heading in both channels. */
export const followUpTitle = (withinDays: number, locale: Locale): string =>
  textFor(locale).weekly.followUp.title(withinDays);

export const unansweredTitle = (locale: Locale): string => textFor(locale).weekly.unanswered.title;

/**
 * Whether following up works, in one line, for the team's warnings of the last `effectDays` days whose
 * recovery window has closed (`churn-watch effect` gives the whole report); null while too few to compare.
 */
export function effectLine(followUp: WeeklyFollowUp, locale: Locale): string | null {
  const headline = followUp.effect ? effectHeadline(followUp.effect.report, locale) : null;
  if (headline === null || !followUp.effect) return null;
  return textFor(locale).weekly.followUp.effect(headline, followUp.effect.days);
}
