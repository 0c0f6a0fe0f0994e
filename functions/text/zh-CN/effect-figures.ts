/**
 * How the follow-up effect's figures read (`churn-watch effect`, the weekly summary): recovery rates with
 * their intervals and the fair difference between followed-up and not followed-up warnings. Shares arrive as
 * `47%`, differences as signed points `+20` / `−5`, intervals as `−5 ~ +45`.
 */
export const effectFigures = {
  /** Too few warnings in a group to give a rate; `warnings` is how many there are. */
  rateTooFew: (warnings: number) => `太少，无法判断（${warnings} 次）`,
  rate: (rate: string, interval: string) => `${rate}（${interval}）`,
  /** Too few comparable warnings on either side to give a fair difference. */
  adjustedTooFew: (withFollowUp: number, without: number) =>
    `太少，无法判断（可比的：跟进 ${withFollowUp} 次，未跟进 ${without} 次）`,
  /** `unclear`: the interval holds zero, so no difference can be claimed yet. */
  adjusted: (difference: string, interval: string, unclear: boolean) =>
    `${difference} 个百分点（95% 区间 ${interval}${unclear ? '，还不能确定有差别' : ''}）`,
  /** The weekly summary's line; `fair` is {@link effectFigures.adjusted}. */
  headline: (
    recoveryDays: number,
    withRate: string,
    withWarnings: number,
    withoutRate: string,
    withoutWarnings: number,
    fair: string,
  ) =>
    `跟进效果：跟进过的预警客户 ${recoveryDays} 天内恢复下单 ${withRate}（${withWarnings} 位），` +
    `未跟进的 ${withoutRate}（${withoutWarnings} 位）；同等级、同风险相比 ${fair}`,
};

export type EffectFiguresText = typeof effectFigures;
