/**
 * What `churn-watch effect` prints: whether following up a warning helps (recovery with and without follow-up,
 * at the same tier and risk), and churn before and after the product was switched on. Rates and intervals
 * arrive formatted (`42%（31%–53%）`).
 */
export const effect = {
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
