import { effectHeadline } from '../text/effect-figures.ts';
import { reasonText } from '../text/follow-up-answers.ts';
import type { Locale } from '../core/locale.ts';
import type { FollowUpCounts, UnansweredWarning, WeeklyFollowUp } from './weekly-model.ts';

// The follow-up counts worded once for the weekly email and the WeCom summary. Counts and dates only, except
// the reasons: an admin's own reason is their text, so each renderer escapes what these return for its
// format.

const zhOr = (locale: Locale, zh: string, en: string) => (locale === 'zh-CN' ? zh : en);

/**
 * The outcomes of a set of warnings in one sentence; "shop closed" and "waiting" only when there are some.
 *
 * @example followUpLine(counts, 2, 'zh-CN')
 * // '12 条预警：及时跟进 8，未跟进 2，不是真的流失 1，待跟进 1'
 */
export function followUpLine(counts: FollowUpCounts, withinDays: number, locale: Locale): string {
  if (counts.warned === 0) return zhOr(locale, '没有新预警', 'no new warnings');
  const parts =
    locale === 'zh-CN'
      ? [
          `及时跟进 ${counts.followedUp}`,
          `未跟进 ${counts.notFollowedUp}`,
          `不是真的流失 ${counts.notReal}`,
          ...(counts.closed > 0 ? [`客户已关店 ${counts.closed}`] : []),
          ...(counts.waiting > 0 ? [`待跟进 ${counts.waiting}`] : []),
        ]
      : [
          `${counts.followedUp} followed up within ${withinDays} ${withinDays === 1 ? 'day' : 'days'}`,
          `${counts.notFollowedUp} not followed up`,
          `${counts.notReal} not a real risk`,
          ...(counts.closed > 0 ? [`${counts.closed} shop closed`] : []),
          ...(counts.waiting > 0 ? [`${counts.waiting} waiting`] : []),
        ];
  return zhOr(
    locale,
    `${counts.warned} 条预警：${parts.join('，')}`,
    `${counts.warned} ${counts.warned === 1 ? 'warning' : 'warnings'}: ${parts.join(', ')}`,
  );
}

/** The reasons given for "not a real risk", in the reader's words; null when none was given. */
export function reasonsLine(counts: FollowUpCounts, locale: Locale): string | null {
  if (counts.reasons.length === 0) return null;
  const list = counts.reasons.map(({ reason, count }) => `${reasonText(reason, locale)} ${count}`);
  return zhOr(
    locale,
    `“不是真的流失”的原因：${list.join('、')}`,
    `Reasons given for "not a real risk": ${list.join(', ')}`,
  );
}

/** How long ago an unanswered warning went out: `预警已 12 天（2026-11-08）`. */
export function warnedAgo(warning: UnansweredWarning, locale: Locale): string {
  const days = warning.daysSinceWarned;
  return zhOr(
    locale,
    `预警已 ${days} 天（${warning.warnedOn}）`,
    `warned ${days} ${days === 1 ? 'day' : 'days'} ago (${warning.warnedOn})`,
  );
}

/** The section heading in both channels. */
export function followUpTitle(withinDays: number, locale: Locale): string {
  return zhOr(
    locale,
    `本周预警的跟进（${withinDays} 天内）`,
    `Follow-up of this week's warnings (within ${withinDays} days)`,
  );
}

export function unansweredTitle(locale: Locale): string {
  return zhOr(locale, '无人反馈的预警', 'Warnings nobody answered');
}

/**
 * Whether following up works, in one line, for the team's warnings of the last `effectDays` days whose
 * recovery window has closed (`churn-watch effect` gives the whole report); null while too few to compare.
 */
export function effectLine(followUp: WeeklyFollowUp, locale: Locale): string | null {
  const headline = followUp.effect ? effectHeadline(followUp.effect.report, locale) : null;
  if (headline === null || !followUp.effect) return null;
  const days = followUp.effect.days;
  return locale === 'zh-CN'
    ? `${headline}（近 ${days} 天的预警；完整报告：churn-watch effect）`
    : `${headline} (warnings of the last ${days} days; the full report: churn-watch effect)`;
}
