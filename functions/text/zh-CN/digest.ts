/**
 * A rep's morning digest, in email and WeCom: what it says about each customer at risk (the same words in
 * both channels), and the subject, greeting, sections and footer around them. Counts and dates arrive as
 * values, money already formatted (`¥24,500`).
 */
export const digest = {
  /** One customer at risk, as both channels word it. */
  customer: {
    /** The tag beside the name. */
    status: { new: '新增', escalated: '升级', still: '仍有风险' },
    /** After the reason, when an admin's setting alone put the customer on the list. */
    byAdmin: '（按管理员设置，此规则触发即提醒）',
    moneyAtRisk: '风险金额',
    periodSales: (days: number) => `近 ${days} 天销售额`,
    atRiskFor: '风险已持续',
    atRiskDays: (days: number) => `${days} 天`,
    lastOrder: '上次下单',
    noOrders: '没有订单记录',
    lastVisit: '上次拜访',
    noVisit: '没有拜访记录',
    lastCoupon: '上次发券',
    noCoupon: '没有发券记录',
    /** A date with how long ago it was: `2026-10-01（50 天前）`. */
    dateWithAge: (date: string, age: string) => `${date}（${age}）`,
    today: '今天',
    daysAgo: (days: number) => `${days} 天前`,
    /** What got worse for an escalated customer: the titles of its new signals, or the general case. */
    newSignals: (titles: string) => `新出现的信号：${titles}`,
    worse: '风险加重：信号变强或客户等级提高',
    /** The suggested action, e.g. `建议：安排拜访`. */
    nextStep: (action: string) => `建议：${action}`,
  },
  /** The one line of a customer who ordered again. */
  recovered: {
    orderedAgain: (days: number) => `已重新下单（风险持续了 ${days} 天）`,
    orderedAgainOn: (date: string, days: number) => `${date} 重新下单（风险持续了 ${days} 天）`,
  },
  /** Section headings, in both channels. */
  section: { atRisk: '需要跟进', recovered: '已恢复' },
  /** The email's subject: what the inbox list shows. */
  subject: {
    allClear: (day: string) => `晨报：今天没有客户有流失风险（${day}）`,
    nothingNew: (total: number, day: string) => `晨报：今天没有新情况，${total} 位客户仍在跟进（${day}）`,
    recoveredOnly: (recovered: number, day: string) =>
      `晨报：${recovered} 位客户已恢复下单，没有新的风险（${day}）`,
    someNew: (total: number, fresh: number, day: string) =>
      `晨报：${total} 位客户有流失风险，新增 ${fresh} 位（${day}）`,
    atRisk: (total: number, day: string) => `晨报：${total} 位客户有流失风险（${day}）`,
  },
  /** The email's heading and opening lines. */
  email: {
    title: '每日流失预警',
    greeting: (name: string) => `${name}，早上好。`,
    noneAtRisk: '今天您名下没有客户有流失风险。',
    nothingNew: (total: number) => `今天没有需要提醒的新情况；您名下共有 ${total} 位客户仍有流失风险。`,
    /** The parts of the day's news (the two below), as one sentence. */
    news: (parts: readonly string[]) => `${parts.join('；')}。`,
    needYou: (listed: number, fresh: number, still: number) =>
      `今天有 ${listed} 位客户需要跟进（新增风险 ${fresh} 位，仍有风险 ${still} 位）`,
    orderedAgain: (recovered: number) => `${recovered} 位客户已恢复下单`,
    inAll: (total: number) =>
      `您名下共有 ${total} 位客户有流失风险。升级的和非常重要的客户在前，其余按风险金额从高到低排列。`,
    /** After the list, when it was cut to keep the message short. */
    omitted: (count: number) =>
      `还有 ${count} 位客户有流失风险，未在此列出（先列升级的和非常重要的客户，其余按风险金额），会在之后几天的晨报中补上。`,
    otherSignals: '其他信号：',
    /** Before the one-tap answer buttons and the text part's answer link. */
    answerLabel: '反馈：',
    /** The one button when there is an answer page but no per-action links. */
    answerButton: '反馈跟进情况',
    footer: (repId: string) =>
      `您收到这封邮件，是因为您是这些客户的负责业务员（业务员编号 ${repId}）。churn-watch 每天早上根据订单、拜访和投诉记录检查流失信号。`,
    footerAnswers:
      '每位客户下方的“反馈”链接可一键记录您的跟进，无需登录；链接以您的名义记录，请勿转发这封邮件。',
  },
  /** The WeCom message's heading and counts; `value` arrives with its colour markup. */
  wecom: {
    heading: '晨报',
    atRisk: (total: number) => `${total} 位客户有流失风险`,
    noneAtRisk: '暂无流失风险客户',
    countNew: (value: string) => `新增 ${value} 位`,
    countStill: (count: number) => `仍有风险 ${count} 位`,
    countRecovered: (value: string) => `已恢复 ${value} 位`,
    today: (counts: string) => `今日：${counts}`,
    nothingToday: '今天没有需要跟进的客户。',
    /** The link to the answer page, on the customer's first line. */
    answer: '反馈',
    /** After the list, when it was cut: the first part is shown in the warning colour. */
    omitted: (count: number) => `另有 ${count} 位有风险的客户未在此列出`,
    omittedRest: '，会在之后几天的晨报中补上（先列升级的和非常重要的客户）。',
  },
};

export type DigestText = typeof digest;
