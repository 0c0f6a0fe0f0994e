/**
 * The follow-up effect, wherever it is told: what `churn-watch effect` prints (recovery with and without
 * follow-up, at the same tier and risk, and churn before and after the product was switched on) and the line
 * the weekly summary gives it ({@link effect.figures}). Rates and intervals arrive formatted (`42%（31%–53%）`).
 */
export const effect = {
  /**
   * How the follow-up effect's figures read (`churn-watch effect`, the weekly summary): recovery rates with
   * their intervals and the fair difference between followed-up and not followed-up warnings. Shares arrive as
   * `47%`, differences as signed points `+20` / `−5`, intervals as `−5 ~ +45`.
   */
  figures: {
    /** Too few warnings in a group to give a rate; `warnings` is how many there are. */
    rateTooFew: (warnings: number) => `太少，无法判断（${warnings} 次）`,
    rate: (rate: string, interval: string) => `${rate}（${interval}）`,
    /** Too few comparable warnings on either side to give a fair difference. */
    adjustedTooFew: (withFollowUp: number, without: number) =>
      `太少，无法判断（可比的：跟进 ${withFollowUp} 次，未跟进 ${without} 次）`,
    /** `unclear`: the interval holds zero, so no difference can be claimed yet. */
    adjusted: (difference: string, interval: string, unclear: boolean) =>
      `${difference} 个百分点（95% 区间 ${interval}${unclear ? '，还不能确定有差别' : ''}）`,
    /** The weekly summary's line; `fair` is {@link effect.figures.adjusted}. */
    weeklyHeadline: (
      recoveryDays: number,
      withRate: string,
      withWarnings: number,
      withoutRate: string,
      withoutWarnings: number,
      fair: string,
    ) =>
      `跟进效果：跟进过的预警客户 ${recoveryDays} 天内恢复下单 ${withRate}（${withWarnings} 位），` +
      `未跟进的 ${withoutRate}（${withoutWarnings} 位）；同等级、同风险相比 ${fair}`,
  },
  refused: {
    dates: '--from 和 --to 应为 YYYY-MM-DD',
  },
  headline: (from: string, to: string, asOf: string) =>
    `预警效果：${from} ～ ${to} 发出的预警（结果截至 ${asOf}）`,
  /** Three parts that add up to the whole, then the closed shops among them. */
  warnings: (
    warnings: number,
    compared: number,
    recoveryDays: number,
    pending: number,
    notReal: number,
    closed: number,
  ) =>
    `预警 ${warnings} 次 = 参与比较 ${compared} 次 + 结果未定（不满 ${recoveryDays} 天）${pending} 次 + 标为“不是真的流失”不参与比较 ${notReal} 次；其中客户已关店 ${closed} 次，计为未恢复。`,
  definitions: (recoveryDays: number, followUpWithinDays: number) =>
    `恢复 = 预警后 ${recoveryDays} 天内重新下单且不再有风险；跟进 = 预警后 ${followUpWithinDays} 天内、恢复之前电话、拜访或发券。`,
  followedUp: (rate: string, warnings: number, recovered: number) =>
    `已跟进：${rate}，${warnings} 次中恢复 ${recovered} 次`,
  notFollowedUp: (rate: string, warnings: number, recovered: number) =>
    `未跟进：${rate}，${warnings} 次中恢复 ${recovered} 次`,
  rawDifference: (points: string) => `直接相减：${points} 个百分点（未考虑等级和风险的差别）`,
  adjusted: (adjusted: string) => `同等级、同风险段相比（Mantel–Haenszel）：${adjusted}`,
  /** Nothing compared yet because the outcomes are not known, not because nobody followed up. */
  allPending: (recoveryDays: number) =>
    `这段时间的预警都还不满 ${recoveryDays} 天，结果未定，不是没有跟进；最早的预警满 ${recoveryDays} 天后再看。`,
  falseAlarmsHead: '各规则的预警被业务员标为“不是真的流失”：',
  falseAlarm: (rule: string, warnings: number, notReal: number, share: string) =>
    `  ${rule}：${warnings} 次中 ${notReal} 次（${share}）`,
  column: {
    followedUp: '跟进',
    recovered: '恢复率（95% 区间）',
    notFollowedUp: '未跟进',
    sameRisk: '同风险相比',
  },
  byTier: '按客户等级：',
  byAction: '按跟进方式（与未跟进相比）：',
  churn: {
    notRunYet: '上线前后的流失率：产品还没有运行过每日评估。',
    head: (switchedOn: string, periodDays: number) =>
      `上线前后的流失率（上线：${switchedOn}；每期 ${periodDays} 天；不是对照实验，季节、市场和客户构成的变化都会影响它）：`,
    tooFew: (base: number) => `太少（${base}）`,
    rate: (rate: string, churned: number, base: number) => `${rate}（${churned}/${base}）`,
    period: (from: string, to: string) => `${from} ～ ${to}`,
    before: (period: string) => `上线前 ${period}`,
    noHistory: '（历史数据已不够）',
    latest: (period: string) => `最近 ${period}`,
    notWholePeriod: '（上线还不满一期）',
    all: '合计',
  },
};

export type EffectText = typeof effect;
