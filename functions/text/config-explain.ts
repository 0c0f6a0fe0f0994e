import { type RuleId, type RuleParams, TIERS, type Tier, type Weekday } from '../core/config.ts';
import { ruleTitle, tierName } from './explain.ts';
import type { Locale } from '../core/locale.ts';
import { FOLLOW_UP_ACTIONS, type FollowUpAction } from '../core/follow-up.ts';
import { actionText, reasonText } from './follow-up-answers.ts';

/**
 * What each setting means, in the admin's words and with its value: "即将流失：连续 30 天没有下单". One
 * catalogue, read by `churn-watch config get` and the local admin page, so both say the same thing.
 */

/** One sentence for a value, in each language: `[zh-CN, en]`. */
type Explain = (value: never) => readonly [string, string];

const num = (value: number): string => String(value);
const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;
const onOff = (on: boolean, zh: [string, string], en: [string, string]) =>
  [on ? zh[0] : zh[1], on ? en[0] : en[1]] as const;

const WEEKDAY_NAMES: Record<Weekday, readonly [string, string]> = {
  MON: ['周一', 'Monday'],
  TUE: ['周二', 'Tuesday'],
  WED: ['周三', 'Wednesday'],
  THU: ['周四', 'Thursday'],
  FRI: ['周五', 'Friday'],
  SAT: ['周六', 'Saturday'],
  SUN: ['周日', 'Sunday'],
};

/** A weekday as people say it: `周一` / `Monday`. */
export const weekdayName = (day: Weekday, locale: Locale): string =>
  WEEKDAY_NAMES[day][locale === 'zh-CN' ? 0 : 1];

const CHANNEL_NAMES: Record<string, readonly [string, string]> = {
  email: ['邮件', 'email'],
  wecom: ['企业微信', 'WeCom'],
};

const names = (items: readonly string[], of: (item: string) => readonly [string, string]) =>
  [items.map((item) => of(item)[0]).join('、'), items.map((item) => of(item)[1]).join(', ')] as const;

const tierNames = (tiers: readonly string[]) =>
  names(tiers, (tier) =>
    (TIERS as readonly string[]).includes(tier)
      ? [tierName(tier as Tier, 'zh-CN'), tierName(tier as Tier, 'en')]
      : [tier, tier],
  );

/** The settings outside the rules, by dotted key. */
const SETTINGS: Record<string, Explain> = {
  timeZone: (zone: string) => [`日期和时间按 ${zone} 时区计算`, `Days and times are counted in ${zone}`],
  locale: (locale: Locale) =>
    locale === 'zh-CN'
      ? ['晨报和周报默认用中文', 'Digests and summaries are in Chinese by default']
      : ['晨报和周报默认用英文', 'Digests and summaries are in English by default'],
  'tiers.vipShare': (share: number) => [
    `销售额排名前 ${percent(share)} 的客户为“非常重要”`,
    `The top ${percent(share)} of customers by sales are VIP`,
  ],
  'tiers.importantShare': (share: number) => [
    `其余客户中销售额前 ${percent(share)} 为“重要”`,
    `Of the rest, the top ${percent(share)} by sales are Important`,
  ],
  'tiers.generalShare': (share: number) => [
    `再其余客户中前 ${percent(share)} 为“一般”，剩下的为“休眠”`,
    `Of the rest after that, the top ${percent(share)} are General; the others Dormant`,
  ],
  'tiers.trailingDays': (days: number) => [
    `等级按最近 ${days} 天的销售额划分`,
    `Tiers follow sales over the last ${days} days`,
  ],
  'cycle.recentGaps': (gaps: number) => [
    `订货周期取最近 ${gaps} 次下单间隔的中位数`,
    `A customer's order cycle is the median of its last ${gaps} gaps between orders`,
  ],
  'cycle.minGaps': (gaps: number) => [
    `下单间隔少于 ${gaps} 次时，订货周期参考默认周期`,
    `With fewer than ${gaps} gaps, the cycle leans on the default cycle`,
  ],
  'cycle.fallbackDays': (days: number) => [
    `订单太少的客户按 ${days} 天订一次货计`,
    `Customers with too few orders are taken to order every ${days} days`,
  ],
  'cycle.maxDays': (days: number) => [
    `订货周期最长按 ${days} 天计`,
    `An order cycle counts as ${days} days at most`,
  ],
  'atRisk.lostAfterDays': (days: number) => [
    `连续 ${days} 天以上没有下单算已失联，不再提醒`,
    `Silent for more than ${days} days counts as lost and is no longer listed`,
  ],
  'profile.retentionDays': (days: number) => [
    `客户档案保留最近 ${days} 天的订单`,
    `Customer profiles keep the last ${days} days of orders`,
  ],
  'schedule.dailyTime': (time: string) => [`每天 ${time} 发送晨报`, `Digests go out every day at ${time}`],
  'schedule.weeklyDay': (day: keyof typeof WEEKDAY_NAMES) => {
    const [zh, en] = WEEKDAY_NAMES[day] ?? [day, day];
    return [`每${zh}发送周报`, `The weekly summary goes out on ${en}`];
  },
  'schedule.weeklyTime': (time: string) => [`周报在 ${time} 发送`, `The weekly summary goes out at ${time}`],
  'digest.repeatIntervalDays': (days: number) => [
    `情况没有变化的客户，最多每 ${days} 天再提醒一次`,
    `A customer whose situation has not changed is repeated at most every ${days} days`,
  ],
  'digest.allClear': (on: boolean) =>
    onOff(
      on,
      ['没有需要跟进的客户时也发送“今日无事”', '没有需要跟进的客户时不发消息'],
      [
        'A rep with nothing to follow up gets "nothing today"',
        'A rep with nothing to follow up gets no message',
      ],
    ),
  'digest.maxCustomers': (count: number) => [
    `每份晨报最多列出 ${count} 位客户，其余只计数`,
    `Each digest lists at most ${count} customers; the rest are counted`,
  ],
  'escalation.days': (days: number) => [
    `上报等级的客户有风险 ${days} 天仍未拜访，上报经理`,
    `A customer of the escalated tiers at risk ${days} days with no visit is reported to the manager`,
  ],
  'escalation.tiers': (tiers: string[]) => {
    const [zh, en] = tierNames(tiers);
    return tiers.length === 0
      ? ['不向经理上报任何客户', 'No customer is reported to the manager']
      : [`上报经理的客户等级：${zh}`, `Tiers reported to the manager: ${en}`];
  },
  'channels.enabled': (channels: string[]) => {
    const [zh, en] = names(channels, (channel) => CHANNEL_NAMES[channel] ?? [channel, channel]);
    return [`启用的通知方式：${zh}`, `Messages go out by ${en}`];
  },
  'channels.preferred': (channel: string) => {
    const [zh, en] = CHANNEL_NAMES[channel] ?? [channel, channel];
    return [`业务员两种方式都有时用${zh}`, `A rep with both channels gets ${en}`];
  },
  'followUp.enabled': (on: boolean) =>
    onOff(
      on,
      ['晨报中每位客户旁附一键反馈（已电话联系、已上门拜访等）', '晨报不附反馈链接'],
      [
        'Each customer in a digest comes with one-tap answers (called, visited …)',
        'Digests carry no answer links',
      ],
    ),
  'followUp.actions': (actions: string[]) => {
    const [zh, en] = names(actions, (action) =>
      (FOLLOW_UP_ACTIONS as readonly string[]).includes(action)
        ? [actionText(action as FollowUpAction, 'zh-CN'), actionText(action as FollowUpAction, 'en')]
        : [action, action],
    );
    return [`可选的反馈：${zh}`, `Answers offered: ${en}`];
  },
  'followUp.reasons': (reasons: string[]) => {
    const [zh, en] = names(reasons, (reason) => [reasonText(reason, 'zh-CN'), reasonText(reason, 'en')]);
    return [`“不是真的流失”可选原因：${zh}`, `Reasons for "not a real risk": ${en}`];
  },
  'followUp.notRealSnoozeDays': (days: number) => [
    `标记“不是真的流失”后 ${days} 天内不再重复提醒（出现新信号仍会提醒）`,
    `"Not a real risk" pauses reminders for ${days} days (new signals still get through)`,
  ],
  'followUp.linkDays': (days: number) => [
    `晨报中的反馈链接 ${days} 天内有效`,
    `Answer links in a digest work for ${days} days`,
  ],
  'followUp.withinDays': (days: number) => [
    `预警后 ${days} 天内电话、拜访或发券算及时跟进`,
    `A call, visit or coupon within ${days} days of a warning counts as followed up in time`,
  ],
  'weekly.churnPeriodDays': (days: number) => [
    `周报按每 ${days} 天一期计算流失率`,
    `The weekly summary measures churn over ${days}-day periods`,
  ],
  'weekly.recoveryDays': (days: number) => [
    `预警后 ${days} 天内再次下单算挽回`,
    `A warned customer ordering again within ${days} days counts as won back`,
  ],
  'riskModel.enabled': (on: boolean) =>
    onOff(
      on,
      ['用本店历史学习的模型预测流失风险', '不用学习模型，按规则打分'],
      [
        "Risk is predicted by a model learned on the distributor's history",
        'No learned model: the rules score',
      ],
    ),
  'riskModel.horizonDays': (days: number) => [
    `流失风险 = 接下来 ${days} 天不下单的概率`,
    `Risk = the probability of no order in the next ${days} days`,
  ],
};

type RuleExplains = { [R in RuleId]: { [P in Exclude<keyof RuleParams<R>, 'enabled' | 'flag'>]: Explain } };

/** Each rule's own settings: the part after "即将流失：". */
const RULES: RuleExplains = {
  inactive: {
    days: (days: number) => [`连续 ${days} 天没有下单`, `no order for ${days} days in a row`],
  },
  churned: {
    cycles: (cycles: number) => [
      `超过 ${num(cycles)} 个订货周期没有下单`,
      `silent for more than ${num(cycles)} of its order cycles`,
    ],
    minDays: (days: number) => [`且至少 ${days} 天没有下单`, `and silent for at least ${days} days`],
  },
  cycle_overdue: {
    cycles: (cycles: number) => [
      `${num(cycles)} 个订货周期没有下单`,
      `${num(cycles)} of its order cycles since the last order`,
    ],
    minDays: (days: number) => [`且至少 ${days} 天没有下单`, `and silent for at least ${days} days`],
  },
  sales_drop: {
    windowDays: (days: number) => [
      `比较最近 ${days} 天与之前 ${days} 天的销售额`,
      `compares sales in the last ${days} days with the ${days} before`,
    ],
    dropPct: (pct: number) => [`销售额下降 ${pct}% 以上`, `sales fell by ${pct}% or more`],
    minPreviousSales: (yuan: number) =>
      yuan === 0
        ? ['之前有销售额就比较', 'any sales in the window before are compared']
        : [`之前一期销售额至少 ${yuan} 元才比较`, `only when the window before sold at least ${yuan} yuan`],
    minCyclesPerWindow: (cycles: number) => windowCycles(cycles),
  },
  order_count_drop: {
    windowDays: (days: number) => [
      `比较最近 ${days} 天与之前 ${days} 天的下单次数`,
      `compares orders in the last ${days} days with the ${days} before`,
    ],
    dropPct: (pct: number) => [`下单次数减少 ${pct}% 以上`, `orders fell by ${pct}% or more`],
    minDropOrders: (orders: number) =>
      orders === 0
        ? ['只按减少的比例判断', 'judged by the percentage only']
        : [`或下单次数减少至少 ${orders} 次`, `or by at least ${orders} orders`],
    minPreviousOrders: (orders: number) => [
      `之前一期至少下单 ${orders} 次才比较`,
      `only when the window before had at least ${orders} orders`,
    ],
    minCyclesPerWindow: (cycles: number) => windowCycles(cycles),
  },
  sustained_decline: {
    months: (months: number) => [
      `销售额连续 ${months} 个月下降`,
      `sales fell ${months} ${months === 1 ? 'month' : 'months'} in a row`,
    ],
    minMonthlyDropPct: (pct: number) => [
      `每月至少下降 ${pct}%`,
      `each month at least ${pct}% below the last`,
    ],
    minFirstMonthSales: (yuan: number) =>
      yuan === 0
        ? ['起始月有销售额就判断', 'any sales in the first month count']
        : [`起始月销售额至少 ${yuan} 元才判断`, `only when the first month sold at least ${yuan} yuan`],
  },
  sku_breadth_drop: {
    windowDays: (days: number) => [
      `比较最近 ${days} 天与之前 ${days} 天购买的品项数`,
      `compares SKUs bought in the last ${days} days with the ${days} before`,
    ],
    dropPct: (pct: number) => [`品项数减少 ${pct}% 以上`, `${pct}% or more fewer SKUs`],
    minPreviousSkus: (skus: number) => [
      `之前一期至少 ${skus} 个品项才比较`,
      `only when the window before had at least ${skus} SKUs`,
    ],
    minCyclesPerWindow: (cycles: number) => windowCycles(cycles),
  },
  visit_overdue: {
    cadenceDays: (days: number) => [`超过 ${days} 天没有拜访`, `no visit for more than ${days} days`],
  },
  complaints_rising: {
    windowDays: (days: number) => [
      `统计最近 ${days} 天的投诉`,
      `counts complaints over the last ${days} days`,
    ],
    threshold: (count: number) => [`投诉 ${count} 次及以上`, `${count} or more complaints`],
  },
  low_p_alive: {
    threshold: (p: number) => [
      `仍会复购的概率低于 ${percent(p)}`,
      `the chance it still buys is below ${percent(p)}`,
    ],
    minCustomers: (count: number) => [
      `至少 ${count} 位客户才计算`,
      `computed only with at least ${count} customers`,
    ],
    minRepeaters: (count: number) => [`且至少 ${count} 位回头客`, `and at least ${count} repeat buyers`],
  },
};

function windowCycles(cycles: number): readonly [string, string] {
  return cycles === 0
    ? ['比较期不随订货周期加长', 'the windows do not widen with the order cycle']
    : [
        `比较期至少覆盖 ${num(cycles)} 个订货周期`,
        `each window covers at least ${num(cycles)} of the customer's order cycles`,
      ];
}

const RULE_SWITCHES: Record<'enabled' | 'flag', Explain> = {
  enabled: (on: boolean) => onOff(on, ['开启', '关闭'], ['on', 'off']),
  flag: (on: boolean) =>
    onOff(
      on,
      ['一触发就列入名单（不看风险）', '只作为原因，不单独把客户列入名单'],
      [
        'lists the customer whenever it fires, whatever the risk',
        'a reason only; it does not list a customer by itself',
      ],
    ),
};

function isRule(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

/**
 * One sentence saying what a setting does with this value, in the admin's words; undefined for a key that
 * is not a setting. Per-tier overrides name their tier.
 *
 * @example explainSetting('rules.inactive.days', 30, 'zh-CN') // '即将流失：连续 30 天没有下单'
 * @example explainSetting('rules.visit_overdue.tiers.vip.cadenceDays', 14, 'en')
 * // 'Visit overdue (VIP customers): no visit for more than 14 days'
 */
export function explainSetting(key: string, value: unknown, locale: Locale): string | undefined {
  const zh = locale === 'zh-CN';
  const pick = (explain: Explain | undefined): string | undefined => {
    if (explain === undefined || value === null || value === undefined) return undefined;
    const texts = explain(value as never);
    return zh ? texts[0] : texts[1];
  };
  const segments = key.split('.');
  if (segments[0] !== 'rules') return Object.hasOwn(SETTINGS, key) ? pick(SETTINGS[key]) : undefined;
  const [, rule, ...rest] = segments;
  if (rule === undefined || !isRule(rule)) return undefined;
  let tier: Tier | undefined;
  let param = rest[0];
  if (rest.length === 3 && rest[0] === 'tiers' && (TIERS as readonly string[]).includes(rest[1] ?? '')) {
    tier = rest[1] as Tier;
    param = rest[2];
  } else if (rest.length !== 1) {
    return undefined;
  }
  if (param === undefined) return undefined;
  const own = RULES[rule] as Record<string, Explain>;
  const explain =
    param === 'enabled' || param === 'flag'
      ? RULE_SWITCHES[param]
      : Object.hasOwn(own, param)
        ? own[param]
        : undefined;
  const body = pick(explain);
  if (body === undefined) return undefined;
  const title = ruleTitle(rule, locale);
  if (zh) return `${title}${tier ? `（${tierName(tier, locale)}客户）` : ''}：${body}`;
  return `${title}${tier ? ` (${tierName(tier, locale)} customers)` : ''}: ${body}`;
}
