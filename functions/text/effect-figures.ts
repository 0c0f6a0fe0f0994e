import type { Comparison, EffectReport, RateGroup } from '../core/effect.ts';
import type { Locale } from '../core/locale.ts';
import { textFor } from './catalogue.ts';

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
  const text = textFor(locale).effect.figures;
  if (group.rate === null || group.low === null || group.high === null)
    return text.rateTooFew(group.warnings);
  return text.rate(percentText(group.rate), `${percentText(group.low)}–${percentText(group.high)}`);
}

/** The fair difference of a comparison in words, or "too few to say". */
export function adjustedText(comparison: Comparison, locale: Locale): string {
  const text = textFor(locale).effect.figures;
  const { adjusted } = comparison;
  if (adjusted.verdict === 'too_few')
    return text.adjustedTooFew(adjusted.comparedWith, adjusted.comparedWithout);
  const unclear = adjusted.low <= 0 && adjusted.high >= 0;
  const interval = `${pointsText(adjusted.low)} ~ ${pointsText(adjusted.high)}`;
  return text.adjusted(pointsText(adjusted.difference), interval, unclear);
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
  return textFor(locale).effect.figures.weeklyHeadline(
    recoveryDays,
    percentText(withFollowUp.rate),
    withFollowUp.warnings,
    percentText(withoutFollowUp.rate),
    withoutFollowUp.warnings,
    adjustedText(overall, locale),
  );
}
