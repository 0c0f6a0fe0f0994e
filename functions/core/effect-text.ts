import type { Comparison, EffectReport, RateGroup } from './effect.ts';
import type { Locale } from './locale.ts';

/** A share as a whole percent, `47%`. */
export const percentText = (share: number): string => `${Math.round(share * 100)}%`;

/** A difference of shares in percentage points, signed: `+20`, `−5`, `0`. */
export function pointsText(difference: number): string {
  const points = Math.round(difference * 100);
  if (points === 0) return '0';
  return points > 0 ? `+${points}` : `−${-points}`;
}

/** A rate with its interval, or "too few to say" with the count. */
export function rateText(group: RateGroup, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (group.rate === null || group.low === null || group.high === null) {
    return zh ? `太少，无法判断（${group.warnings} 次）` : `too few to say (${group.warnings})`;
  }
  const interval = `${percentText(group.low)}–${percentText(group.high)}`;
  return zh ? `${percentText(group.rate)}（${interval}）` : `${percentText(group.rate)} (${interval})`;
}

/** The fair difference of a comparison in words, or "too few to say". */
export function adjustedText(comparison: Comparison, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const { adjusted } = comparison;
  if (adjusted.verdict === 'too_few') {
    return zh
      ? `太少，无法判断（可比的：跟进 ${adjusted.comparedWith} 次，未跟进 ${adjusted.comparedWithout} 次）`
      : `too few to say (comparable: ${adjusted.comparedWith} followed up, ${adjusted.comparedWithout} not)`;
  }
  const unclear = adjusted.low <= 0 && adjusted.high >= 0;
  const interval = `${pointsText(adjusted.low)} ~ ${pointsText(adjusted.high)}`;
  return zh
    ? `${pointsText(adjusted.difference)} 个百分点（95% 区间 ${interval}${unclear ? '，还不能确定有差别' : ''}）`
    : `${pointsText(adjusted.difference)} points (95% interval ${interval}${unclear ? '; no clear difference yet' : ''})`;
}

/**
 * One line for the weekly summary once the log can say something: recovery with and without follow-up and the
 * fair difference. Null while there are too few warnings to compare (the summary then says nothing of it).
 *
 * @example effectHeadline(report, 'zh-CN')
 * // '跟进效果：跟进过的预警客户 30 天内恢复下单 47%（30 位），未跟进的 33%（30 位）；同等级、同风险相比 +20 个百分点（95% 区间 −5 ~ +45，还不能确定有差别）'
 */
export function effectHeadline(report: EffectReport, locale: Locale): string | null {
  const { overall, recoveryDays } = report;
  const { withFollowUp, withoutFollowUp } = overall;
  if (
    overall.adjusted.verdict !== 'estimate' ||
    withFollowUp.rate === null ||
    withoutFollowUp.rate === null
  ) {
    return null;
  }
  const fair = adjustedText(overall, locale);
  return locale === 'zh-CN'
    ? `跟进效果：跟进过的预警客户 ${recoveryDays} 天内恢复下单 ${percentText(withFollowUp.rate)}（${withFollowUp.warnings} 位），` +
        `未跟进的 ${percentText(withoutFollowUp.rate)}（${withoutFollowUp.warnings} 位）；同等级、同风险相比 ${fair}`
    : `Follow-up effect: ${percentText(withFollowUp.rate)} of the warned customers followed up ordered again within ` +
        `${recoveryDays} days (${withFollowUp.warnings}), ${percentText(withoutFollowUp.rate)} of those not followed up ` +
        `(${withoutFollowUp.warnings}); at the same tier and risk, ${fair}`;
}
