import type { ProblemsText } from '../zh-CN/problems.ts';

export const problems: ProblemsText = {
  value: {
    required: 'is required',
    'date-format': 'is not a date (use YYYY-MM-DD, YYYY/MM/DD or an ISO date-time)',
    'date-calendar': 'is not a real calendar date',
    'date-range': 'has an implausible year (expected 1900–2199)',
    'money-format': 'is not an amount of money',
    'money-precision': 'has more decimals than cents allow (it is not rounded)',
    'money-range': 'is too large an amount',
    'order-total': "add up to more than 10,000,000,000.00 in sales or in returns, too large an order's total",
    'quantity-sign':
      'is negative (a return) but the amount is positive: a returned line has a negative amount too',
    number: 'must be a number',
    'id-number':
      'is a number too large to be exact (JSON numbers above 9007199254740991 lose their last digits): send ids as strings, e.g. "90071992547409931"',
    status: 'must be placed, cancelled or returned (已下单/已取消/已退货)',
    role: 'must be rep or manager (业务员/经理)',
    channel: 'must be email or wecom (邮件/企业微信)',
    locale: 'must be zh-CN or en',
    email: 'is not an email address',
    url: 'must be an http(s) URL',
    'time-zone': 'is not a time zone name (e.g. Asia/Shanghai)',
    'time-of-day': 'must be a time HH:MM',
    'too-long': 'is too long',
  },
  unknownSetting: 'is not a known setting',
  wrongType: (expected) => `must be ${expected}`,
  typeName: {
    number: 'a number',
    string: 'text',
    boolean: 'true or false',
    object: 'a group of settings ({…})',
    array: 'a list ([…])',
    int: 'a whole number',
  },
  listItem: (list, position) => `${list} (entry ${position})`,
  empty: 'must not be empty',
  minEntries: (bound) => `needs at least ${bound} entries`,
  maxEntries: (bound) => `allows at most ${bound} entries`,
  atLeast: (bound) => `must be at least ${bound}`,
  greaterThan: (bound) => `must be greater than ${bound}`,
  atMost: (bound) => `must be at most ${bound}`,
  lessThan: (bound) => `must be less than ${bound}`,
  oneOf: (options) => `must be one of ${options}`,
  givenNotAllowed: (given, options) => `"${given}" is not allowed: must be one of ${options}`,
  optionSeparator: ', ',
  wrongFormat: (format) => `has the wrong format (${format})`,
  multipleOf: (divisor) => `must be a multiple of ${divisor}`,

  overdueNotBeforeChurned: (tier, churnedCycles) =>
    `must be below ${tier ? `the ${tier} tier's ` : ''}rules.churned.cycles (${churnedCycles}): overdue comes before churned`,
  aboveMaxCycle: (maxDays) => `must not exceed cycle.maxDays (${maxDays})`,
  preferredNotEnabled: (enabled) => `must be one of the enabled channels (channels.enabled: ${enabled})`,
  churnPeriodBeyondHistory: (retentionDays) =>
    `doubled must not exceed profile.retentionDays (${retentionDays}): the summary compares this period with the one before`,
  trailingBeyondHistory: (retentionDays) =>
    `must not exceed profile.retentionDays (${retentionDays}): profiles keep only that much history`,
  repeatedAction: 'lists the same answer twice',
  repeatedReason: 'lists the same reason twice',

  unknownAction: (actions) => `must be one of ${actions}`,
  actionOption: (id, name) => `${id} (${name})`,
  answerBeforeWarning: 'is before the warning began',
  amountOrLines: 'needs an amount or lines',
  amountNotSum: (sum) => `differs from the sum of the lines (${sum})`,

  webhookNotAllowed: (endpoint, also) =>
    `is not a WeCom robot address: use ${endpoint}?key=…${also ? ` (or ${also})` : ''}`,
  webhookProxies: (proxies) => `the configured WeCom proxy (${proxies})`,
  webhookLoopback: 'on this machine http://127.0.0.1 or localhost',
  alsoSeparator: '; ',
};
