import type { ValueProblem } from '../../core/validation.ts';

/**
 * Why a value was refused, in Chinese: read after the field's name (`rules.inactive.days 应不小于 1`) or after
 * a file's line and column (`orders.csv 第 12 行，列「金额」：…`), so each entry starts with its verb.
 */
export const problems = {
  /** What our own parsers say about a cell or a JSON value. */
  value: {
    required: '不能为空',
    'date-format': '日期格式无法识别（应为 YYYY-MM-DD、YYYY/MM/DD 或带时间的 ISO 格式）',
    'date-calendar': '不是有效的日历日期',
    'date-range': '年份不合理（应在 1900–2199 之间）',
    'money-format': '不是有效的金额',
    'money-precision': '金额最多保留两位小数（分），不做四舍五入',
    'money-range': '金额超出可处理范围',
    'order-total': '订单明细的销售或退货合计超过 100 亿元，超出可处理范围',
    'quantity-sign': '数量为负（退货）但金额为正：退货行的金额也应为负数',
    number: '应为数字',
    'id-number':
      '编号是超出精确范围的数字（超过 9007199254740991 的 JSON 数字会丢失末几位）：请以字符串发送编号，例如 "90071992547409931"',
    status: '状态只能是 placed/cancelled/returned（已下单/已取消/已退货）',
    role: '角色只能是 rep/manager（业务员/经理）',
    channel: '通知方式只能是 email/wecom（邮件/企业微信）',
    locale: '语言只能是 zh-CN 或 en',
    email: '不是有效的邮箱地址',
    url: '应为 http(s) 地址',
    'time-zone': '不是有效的时区名称（例如 Asia/Shanghai）',
    // What is allowed (00:00–23:59) is said right after it: one bracket pair, no example needed beside HH:MM.
    'time-of-day': '应为 HH:MM 格式的时间',
    'too-long': '内容过长',
  } satisfies Record<ValueProblem, string>,
  /** A key in a settings document that is no setting. */
  unknownSetting: '不是可识别的设置项',
  /**
   * `expected` is the name of a kind of value, from {@link problems.typeName}: named as the admin page and
   * `config get` name what a setting allows.
   */
  wrongType: (expected: string) => `应为${/^[\x21-\x7e]/.test(expected) ? ' ' : ''}${expected}`,
  /** Kinds of value by zod's name for them; a kind not listed here is shown as zod names it. */
  typeName: {
    number: '数（可带小数）',
    string: '文本',
    boolean: 'true 或 false',
    object: '一组设置项（{…}）',
    array: '列表（[…]）',
    int: '整数',
  } as Record<string, string>,
  /** A refused entry of a list, counted from 1 as a person counts: `escalation.tiers 第 2 项`. */
  listItem: (list: string, position: number) => `${list} 第 ${position} 项`,
  empty: '不能为空',
  minEntries: (bound: string) => `至少需要 ${bound} 项`,
  maxEntries: (bound: string) => `最多 ${bound} 项`,
  atLeast: (bound: string) => `应不小于 ${bound}`,
  greaterThan: (bound: string) => `应大于 ${bound}`,
  atMost: (bound: string) => `应不大于 ${bound}`,
  lessThan: (bound: string) => `应小于 ${bound}`,
  /** `options` is the list of allowed values, already joined with {@link problems.optionSeparator}. */
  oneOf: (options: string) => `只能是 ${options}`,
  givenNotAllowed: (given: string, options: string) => `「${given}」不可用，只能是 ${options}`,
  optionSeparator: '、',
  wrongFormat: (format: string) => `格式不正确（${format}）`,
  multipleOf: (divisor: string) => `应为 ${divisor} 的倍数`,

  /** Settings that must agree with one another; the field named before each is the one refused. */
  overdueNotBeforeChurned: (tier: string | null, churnedCycles: number) =>
    `应小于 ${tier ? `${tier} 等级的 ` : ''}rules.churned.cycles（${churnedCycles}）：先“周期异常”，后“已流失”`,
  aboveMaxCycle: (maxDays: number) => `不能大于 cycle.maxDays（${maxDays}）`,
  /** `enabled` is the list of enabled channels, joined with ", ". */
  preferredNotEnabled: (enabled: string) => `必须是已启用的通知方式之一（channels.enabled：${enabled}）`,
  churnPeriodBeyondHistory: (retentionDays: number) =>
    `的两倍不能大于 profile.retentionDays（${retentionDays}）：周报要比较本期和上一期`,
  trailingBeyondHistory: (retentionDays: number) =>
    `不能大于 profile.retentionDays（${retentionDays}）：客户档案只保留这么多天的订单`,
  repeatedAction: '同一个反馈不能列两次',
  repeatedReason: '同一个原因不能列两次',

  /** A row of an answers file. `actions` lists each action's id with its name, from {@link problems.actionOption}. */
  unknownAction: (actions: string) => `反馈只能是 ${actions}`,
  actionOption: (id: string, name: string) => `${id}（${name}）`,
  answerBeforeWarning: '早于预警开始的日期：反馈只能在预警之后',
  /** An order sent to the ingest API. `sum` is a decimal amount, `1234.50`. */
  amountOrLines: '需要金额或订单明细（lines）',
  amountNotSum: (sum: string) => `与明细合计（${sum}）不一致`,

  /**
   * A rep's WeCom webhook that is not a WeCom robot address; the URL is not repeated (it holds a key). `also`
   * are the other addresses taken here, joined with {@link problems.alsoSeparator}, or '' for none.
   */
  webhookNotAllowed: (endpoint: string, also: string) =>
    `不是企业微信机器人地址：应为 ${endpoint}?key=…${also ? `（或${also}）` : ''}`,
  webhookProxies: (proxies: string) => `已配置的企业微信代理（${proxies}）`,
  webhookLoopback: '本机的 http://127.0.0.1 或 localhost',
  alsoSeparator: '；',
};

export type ProblemsText = typeof problems;
