import type { Weekday } from '../../../core/config.ts';

/**
 * What each setting means with its value, in the admin's words (`churn-watch config get`, the local admin
 * page): "即将流失：连续 30 天没有下单". Values arrive formatted: shares as `5%`, days and counts as numbers,
 * tiers, channels and answers already named in the reader's language and joined with {@link
 * settingsExplained.listSeparator}.
 */
export const settingsExplained = {
  weekday: {
    MON: '周一',
    TUE: '周二',
    WED: '周三',
    THU: '周四',
    FRI: '周五',
    SAT: '周六',
    SUN: '周日',
  } satisfies Record<Weekday, string>,
  channel: { email: '邮件', wecom: '企业微信' } as Record<string, string>,
  listSeparator: '、',

  /** A rule's own setting after its title; `tier` is a tier's name for a per-tier override. */
  ruleSetting: (title: string, body: string) => `${title}：${body}`,
  ruleTierSetting: (title: string, tier: string, body: string) => `${title}（${tier}客户）：${body}`,

  /** The settings outside the rules, by dotted key. */
  timeZone: (zone: string) => `日期和时间按 ${zone} 时区计算`,
  localeChinese: '晨报和周报默认用中文',
  localeEnglish: '晨报和周报默认用英文',
  vipShare: (share: string) => `销售额排名前 ${share} 的客户为“非常重要”`,
  importantShare: (share: string) => `其余客户中销售额前 ${share} 为“重要”`,
  generalShare: (share: string) => `再其余客户中前 ${share} 为“一般”，剩下的为“休眠”`,
  trailingDays: (days: number) => `等级按最近 ${days} 天的销售额划分`,
  recentGaps: (gaps: number) => `订货周期取最近 ${gaps} 次下单间隔的中位数`,
  minGaps: (gaps: number) => `下单间隔少于 ${gaps} 次时，订货周期参考默认周期`,
  fallbackDays: (days: number) => `订单太少的客户按 ${days} 天订一次货计`,
  maxCycleDays: (days: number) => `订货周期最长按 ${days} 天计`,
  lostAfterDays: (days: number) => `连续 ${days} 天以上没有下单算已失联，不再提醒`,
  retentionDays: (days: number) => `客户档案保留最近 ${days} 天的订单`,
  dailyTime: (time: string) => `每天 ${time} 发送晨报`,
  weeklyDay: (day: string) => `每${day}发送周报`,
  weeklyTime: (time: string) => `周报在 ${time} 发送`,
  repeatIntervalDays: (days: number) => `情况没有变化的客户，最多每 ${days} 天再提醒一次`,
  allClearOn: '没有需要跟进的客户时也发送“今日无事”',
  allClearOff: '没有需要跟进的客户时不发消息',
  maxCustomers: (count: number) => `每份晨报最多列出 ${count} 位客户，其余只计数`,
  escalationDays: (days: number) => `上报等级的客户有风险 ${days} 天仍未拜访，上报经理`,
  escalationTiers: (tiers: string) => `上报经理的客户等级：${tiers}`,
  escalationNone: '不向经理上报任何客户',
  channelsEnabled: (channels: string) => `启用的通知方式：${channels}`,
  channelPreferred: (channel: string) => `业务员两种方式都有时用${channel}`,
  followUpOn: '晨报中每位客户旁附一键反馈（已电话联系、已上门拜访等）',
  followUpOff: '晨报不附反馈链接',
  followUpActions: (actions: string) => `可选的反馈：${actions}`,
  followUpReasons: (reasons: string) => `“不是真的流失”可选原因：${reasons}`,
  notRealSnoozeDays: (days: number) => `标记“不是真的流失”后 ${days} 天内不再重复提醒（出现新信号仍会提醒）`,
  linkDays: (days: number) => `晨报中的反馈链接 ${days} 天内有效`,
  withinDays: (days: number) => `预警后 ${days} 天内电话、拜访或发券算及时跟进`,
  churnPeriodDays: (days: number) => `周报按每 ${days} 天一期计算流失率`,
  recoveryDays: (days: number) => `预警后 ${days} 天内再次下单算挽回`,
  riskModelOn: '用本店历史学习的模型预测流失风险',
  riskModelOff: '不用学习模型，按规则打分',
  horizonDays: (days: number) => `流失风险 = 接下来 ${days} 天不下单的概率`,

  /** Every rule's switches. */
  ruleOn: '开启',
  ruleOff: '关闭',
  flagOn: '一触发就列入名单（不看风险）',
  flagOff: '只作为原因，不单独把客户列入名单',

  /** Each rule's own settings: the part after "即将流失：". */
  inactiveDays: (days: number) => `连续 ${days} 天没有下单`,
  churnedCycles: (cycles: number) => `超过 ${cycles} 个订货周期没有下单`,
  overdueCycles: (cycles: number) => `${cycles} 个订货周期没有下单`,
  andSilentDays: (days: number) => `且至少 ${days} 天没有下单`,
  salesWindow: (days: number) => `比较最近 ${days} 天与之前 ${days} 天的销售额`,
  salesDropPct: (pct: number) => `销售额下降 ${pct}% 以上`,
  anyPreviousSales: '之前有销售额就比较',
  minPreviousSales: (yuan: number) => `之前一期销售额至少 ${yuan} 元才比较`,
  ordersWindow: (days: number) => `比较最近 ${days} 天与之前 ${days} 天的下单次数`,
  ordersDropPct: (pct: number) => `下单次数减少 ${pct}% 以上`,
  percentageOnly: '只按减少的比例判断',
  minDropOrders: (orders: number) => `或下单次数减少至少 ${orders} 次`,
  minPreviousOrders: (orders: number) => `之前一期至少下单 ${orders} 次才比较`,
  declineMonths: (months: number) => `销售额连续 ${months} 个月下降`,
  minMonthlyDropPct: (pct: number) => `每月至少下降 ${pct}%`,
  anyFirstMonthSales: '起始月有销售额就判断',
  minFirstMonthSales: (yuan: number) => `起始月销售额至少 ${yuan} 元才判断`,
  skusWindow: (days: number) => `比较最近 ${days} 天与之前 ${days} 天购买的品项数`,
  skusDropPct: (pct: number) => `品项数减少 ${pct}% 以上`,
  minPreviousSkus: (skus: number) => `之前一期至少 ${skus} 个品项才比较`,
  visitCadenceDays: (days: number) => `超过 ${days} 天没有拜访`,
  complaintsWindow: (days: number) => `统计最近 ${days} 天的投诉`,
  complaintsThreshold: (count: number) => `投诉 ${count} 次及以上`,
  pAliveThreshold: (p: string) => `仍会复购的概率低于 ${p}`,
  minCustomers: (count: number) => `至少 ${count} 位客户才计算`,
  minRepeaters: (count: number) => `且至少 ${count} 位回头客`,
  windowsFixed: '比较期不随订货周期加长',
  windowCycles: (cycles: number) => `比较期至少覆盖 ${cycles} 个订货周期`,
};

export type SettingsExplainedText = typeof settingsExplained;
