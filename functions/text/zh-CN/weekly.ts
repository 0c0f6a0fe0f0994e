/**
 * A manager's weekly team summary, as an email with charts and as WeCom markdown: the headline numbers, each
 * section's heading and lines, and what the counts mean. Counts arrive as numbers, money and percentages
 * already formatted (`¥87,654`, `40.0%`, `+4`); the catalogue arranges words around them. What both channels
 * say alike is one entry; where the email has room for more (a table, a sentence), it has its own.
 */
export const weekly = {
  /** The week: `2026-11-14 至 2026-11-20`. */
  period: (from: string, to: string) => `${from} 至 ${to}`,
  subject: (team: string, period: string, atRisk: number, fresh: number, recovered: number) =>
    `周报：${team}（${period}），${atRisk} 位客户有流失风险，新增 ${fresh} 位，恢复 ${recovered} 位`,
  /** The email's heading; the WeCom message's is `周报 · 华东一组 · <period>`. */
  title: (team: string) => `团队周报：${team}`,
  wecomTitle: '周报',
  /** The email's four headline numbers, each a label over its value. */
  /** The change in customers at risk when there is none: a bare 0 beside a count reads as another count. */
  unchanged: '持平',
  stats: {
    atRisk: '有风险客户',
    lastWeek: (count: number, change: string) => `上周 ${count}（${change}）`,
    fresh: '本周新增',
    recovered: '本周恢复',
    escalations: '本周升级提醒',
  },
  /** The WeCom heading's line of numbers; `value` arrives with its colour markup. */
  headline: {
    atRisk: (value: string, lastWeek: number, change: string) =>
      `有风险客户 ${value} 位（上周 ${lastWeek}，${change}）`,
    fresh: (value: string) => `本周新增 ${value}`,
    recovered: (value: string) => `恢复 ${value}`,
    cleared: (count: number) => `信号消失（未下单）${count}`,
    lost: (count: number) => `转为失联 ${count}`,
    escalations: (value: string) => `升级提醒 ${value} 次`,
  },
  /**
   * The sentence both channels open with: now against last week, then the moves from one to the other
   * (they add up), e.g. `目前 24 位客户有流失风险（上周末 20 位，+4）。本周新增 7 位，恢复 3 位，净增 4 位。`
   */
  overview: {
    fresh: (count: number) => `本周新增 ${count} 位`,
    recovered: (count: number) => `恢复 ${count} 位`,
    cleared: (count: number) => `信号消失（未下单）${count} 位`,
    lost: (count: number) => `转为失联 ${count} 位`,
    sentence: (now: number, lastWeek: number, change: string, moves: readonly string[], net: number) =>
      `目前 ${now} 位客户有流失风险（上周末 ${lastWeek} 位，${change}）。${moves.join('，')}，净${net >= 0 ? '增' : '减'} ${Math.abs(net)} 位。`,
  },
  /** What "at risk" counts, said once under the headline numbers. */
  basisNote:
    '口径：“有风险”指预警尚未结束的客户，与业务员晨报中“您名下共有 N 位客户有流失风险”相同（本周最后一天的评估），按预警所属业务员计；上周末的数字按同一口径计算。',
  /** The row of the team in the recovery and follow-up sections. */
  team: '团队',
  trend: {
    title: (weeks: number) => `近 ${weeks} 周趋势`,
    startsNextWeek: '趋势图从下周开始显示：届时有两周的数据可以比较。',
    /** The lines under the charts (and their alt text). */
    atRisk: '每周末有风险客户数',
    moneyAtRisk: '每周末风险金额',
  },
  tiers: {
    title: '按客户等级的风险客户',
    wecomTitle: '有风险客户 · 按等级',
    /** The chart's alt text: `按客户等级的风险客户数：非常重要 3，重要 7，…`. */
    alt: (counts: string) => `按客户等级的风险客户数：${counts}`,
  },
  signals: {
    title: '按信号的风险客户',
    wecomTitle: '有风险客户 · 按信号',
    none: '本周没有客户触发流失信号。',
    /** The customers the learned risk listed with no rule about their buying: `模型评估（无规则信号）`. */
    modelOnly: (learnedTitle: string) => `${learnedTitle}（无规则信号）`,
    /** Table columns. */
    signal: '信号',
    customers: '客户数',
    share: '占有风险客户',
  },
  churn: {
    title: (days: number) => `各等级流失率（近 ${days} 天与前 ${days} 天）`,
    wecomTitle: (days: number) => `流失率（近 ${days} 天 vs 前 ${days} 天）`,
    /** One tier in the chart's alt text. */
    altTier: (tier: string, now: string, before: string) => `${tier} 本期 ${now}，上期 ${before}`,
    alt: (tiers: string) => `各等级流失率：${tiers}`,
    /** Table columns. */
    tier: '等级',
    previous: '上期',
    change: '变化（百分点）',
    note: '流失率 = 期初正常或有风险的客户中，期末已流失或失联的比例；下方小字为 流失数/期初客户数。',
    /** A tier in the text part: `- 重要：本期 4.2%（5/120），上期 2.5%（3/118），变化 +1.7 个百分点`. */
    line: (tier: string, now: string, before: string, change: string) =>
      `- ${tier}：本期 ${now}，上期 ${before}，变化 ${change}`,
    points: (points: string) => `${points} 个百分点`,
    /** WeCom: after the tier's rate. */
    before: (rate: string) => `前期 ${rate}`,
  },
  recovery: {
    /** The section heading, with the window it measures. */
    title: (from: string, to: string, withinDays: number) =>
      `预警后恢复率（${from} 至 ${to} 的预警，${withinDays} 天内重新下单且不再有风险）`,
    /** `40.0%（25 次预警中 10 位已恢复）`. */
    detail: (rate: string, warned: number, recovered: number) =>
      `${rate}（${warned} 次预警中 ${recovered} 位已恢复）`,
    noWarnings: '—（没有预警）',
    /** Before and after the latest config change, or when the "after" will be known. */
    aroundChange: (version: number, changedOn: string, before: string, after: string) =>
      `配置 v${version}（${changedOn} 起）之前：${before}；之后：${after}。`,
    afterPending: (version: number, changedOn: string, before: string, withinDays: number) =>
      `配置 v${version}（${changedOn} 起）之前：${before}；之后的预警要满 ${withinDays} 天才能比较。`,
    /** Table columns. */
    warned: '预警',
    recovered: '恢复',
    rate: '恢复率',
  },
  activity: {
    title: '活跃客户与客单价',
    wecomTitle: '活跃客户与客单价',
    noHistory: '暂无足够的月度数据。',
    noMonth: '还没有完整月份的数据。',
    wecomNoMonth: '- 还没有完整月份的数据',
    /** The running month in the text part: `2026-11（未完）`. */
    soFar: '（未完）',
    unfinishedNote: '浅色柱为本月（尚未结束）。',
    /** The latest complete month against the months before it. */
    noBaseline: (month: string, active: number, orderValue: string) =>
      `${month}：活跃客户 ${active} 位，客单价 ${orderValue}（还没有可比较的基准月份）。`,
    activeAgainst: (month: string, active: number, months: number, baseline: number, change: string) =>
      `${month} 活跃客户 ${active} 位，前 ${months} 个月平均 ${baseline} 位（${change}）。`,
    orderValueAgainst: (month: string, value: string, months: number, baseline: string, change: string) =>
      `${month} 客单价 ${value}，前 ${months} 个月平均 ${baseline}（${change}）。`,
    /** WeCom: `2026-10，对比此前 3 个月平均`, then a line per measure. */
    against: (month: string, months: number) => `${month}，对比此前 ${months} 个月平均`,
    active: '活跃客户',
    averageOrderValue: '客单价',
    baseline: '基准',
  },
  reps: {
    title: '各业务员',
    wecomTitle: '业务员',
    none: '团队中没有业务员。',
    /** Table columns. */
    rep: '业务员',
    atRisk: '有风险',
    freshRecovered: '本周新增/恢复',
    visits: '拜访',
    moneyAtRisk: '风险金额',
    /** A rep in the email's text part. */
    line: (r: {
      name: string;
      atRisk: number;
      fresh: number;
      recovered: number;
      visits: number;
      money: string;
    }) =>
      `- ${r.name}：有风险 ${r.atRisk}，本周新增 ${r.fresh}，本周恢复 ${r.recovered}，拜访 ${r.visits}，风险金额 ${r.money}`,
    /** A rep's facts in WeCom. */
    wecomFacts: (r: {
      atRisk: number;
      fresh: number;
      recovered: number;
      rate: string;
      visits: number;
      money: string;
    }) =>
      `有风险 ${r.atRisk} · 本周新增 ${r.fresh} · 本周恢复 ${r.recovered} · 恢复率 ${r.rate} · 拜访 ${r.visits} 次 · 风险金额 ${r.money}`,
  },
  followUp: {
    title: (withinDays: number) => `本周预警的跟进（${withinDays} 天内）`,
    noWarnings: '没有新预警',
    /** The outcomes of a set of warnings: `12 条预警：及时跟进 8，未跟进 2，不是真的流失 1，待跟进 1`. */
    outcomes: (warned: number, parts: readonly string[]) => `${warned} 条预警：${parts.join('，')}`,
    // The Chinese leaves the days to the section heading (`本周预警的跟进（2 天内）`); English says them here.
    followedUp: (count: number, _withinDays: number) => `及时跟进 ${count}`,
    notFollowedUp: (count: number) => `未跟进 ${count}`,
    notReal: (count: number) => `不是真的流失 ${count}`,
    closed: (count: number) => `客户已关店 ${count}`,
    waiting: (count: number) => `待跟进 ${count}`,
    /** `list` holds each reason with its count. */
    reasons: (list: string) => `“不是真的流失”的原因：${list}`,
    /** The effect report's headline with where it comes from. */
    effect: (headline: string, days: number) =>
      `${headline}（近 ${days} 天的预警；完整报告：churn-watch effect）`,
    basisNote: (withinDays: number) =>
      `口径：“预警”指本周开始的预警，即业务员晨报中标为“新增”的客户，按预警所属业务员计。每条预警只计一类，依次判断：标为“不是真的流失”；标为“客户已关店”；预警后 ${withinDays} 天内反馈了已电话联系、已上门拜访或已发优惠券，或有拜访记录，为“及时跟进”；尚无跟进且未满 ${withinDays} 天，为“待跟进”；其余为“未跟进”。`,
    /** Table columns (the "warned" column is recovery.warned); the small print under two cells. */
    followedUpColumn: '及时跟进',
    notFollowedUpColumn: '未跟进',
    waitingUnder: (count: number) => `待跟进 ${count}`,
    closedUnder: (count: number) => `已关店 ${count}`,
  },
  unanswered: {
    title: '无人反馈的预警',
    none: (withinDays: number) => `没有超过 ${withinDays} 天无人反馈的预警。`,
    /** `shown` is set when the list holds only the first of them. */
    some: (total: number, withinDays: number, shown: number | null) =>
      `${total} 条预警超过 ${withinDays} 天无人反馈（客户仍有风险，没有任何反馈，也没有拜访记录），最早的在前${shown === null ? '' : `，列出前 ${shown} 条`}：`,
    /** How long ago a warning went out: `预警已 12 天（2026-11-08）`. */
    warnedAgo: (days: number, date: string) => `预警已 ${days} 天（${date}）`,
  },
  largest: {
    title: '风险金额最高的客户',
    none: '目前没有客户有流失风险。',
    noRep: '未分配业务员',
    newToday: '今天新增',
    daysAtRisk: (days: number) => `已持续 ${days} 天`,
  },
  escalations: {
    title: '本周升级提醒',
    none: '本周没有升级提醒。',
    some: (count: number) =>
      `本周共向您发送 ${count} 次升级提醒（重要或非常重要的客户有流失风险且超期未拜访）。`,
  },
  footer: (team: string) =>
    `您收到这封邮件，是因为您是「${team}」团队的经理。churn-watch 每周汇总一次团队客户的流失情况；每位业务员每天早上会收到自己客户的晨报。`,
};

export type WeeklyText = typeof weekly;
