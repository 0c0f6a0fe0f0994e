import type * as z from 'zod';
import type { Locale } from './locale.ts';

/**
 * One thing wrong with one field of one record, in terms an admin can act on. `field` is the dotted path
 * inside the record (`amount`, `lines.2.sku`, `rules.inactive.days`); callers that know the source column
 * name (CSV header) or line number add them when they report.
 */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Reasons our own parsers give; zod carries them in `params.reason` of a custom issue. */
export type ValueProblem =
  | 'required'
  | 'date-format'
  | 'date-calendar'
  | 'date-range'
  | 'money-format'
  | 'money-precision'
  | 'money-range'
  | 'order-total'
  | 'quantity-sign'
  | 'number'
  | 'id-number'
  | 'status'
  | 'role'
  | 'channel'
  | 'locale'
  | 'email'
  | 'url'
  | 'time-zone'
  | 'time-of-day'
  | 'too-long';

const problemText: Record<ValueProblem, Record<Locale, string>> = {
  required: { 'zh-CN': '不能为空', en: 'is required' },
  'date-format': {
    'zh-CN': '日期格式无法识别（应为 YYYY-MM-DD、YYYY/MM/DD 或带时间的 ISO 格式）',
    en: 'is not a date (use YYYY-MM-DD, YYYY/MM/DD or an ISO date-time)',
  },
  'date-calendar': { 'zh-CN': '不是有效的日历日期', en: 'is not a real calendar date' },
  'date-range': {
    'zh-CN': '年份不合理（应在 1900–2199 之间）',
    en: 'has an implausible year (expected 1900–2199)',
  },
  'money-format': { 'zh-CN': '不是有效的金额', en: 'is not an amount of money' },
  'money-precision': {
    'zh-CN': '金额最多保留两位小数（分），不做四舍五入',
    en: 'has more decimals than cents allow (it is not rounded)',
  },
  'money-range': { 'zh-CN': '金额超出可处理范围', en: 'is too large an amount' },
  'order-total': {
    'zh-CN': '订单明细的销售或退货合计超过 100 亿元，超出可处理范围',
    en: "add up to more than 10,000,000,000.00 in sales or in returns, too large an order's total",
  },
  'quantity-sign': {
    'zh-CN': '数量为负（退货）但金额为正：退货行的金额也应为负数',
    en: 'is negative (a return) but the amount is positive: a returned line has a negative amount too',
  },
  number: { 'zh-CN': '应为数字', en: 'must be a number' },
  'id-number': {
    'zh-CN':
      '编号是超出精确范围的数字（超过 9007199254740991 的 JSON 数字会丢失末几位）：请以字符串发送编号，例如 "90071992547409931"',
    en: 'is a number too large to be exact (JSON numbers above 9007199254740991 lose their last digits): send ids as strings, e.g. "90071992547409931"',
  },
  status: {
    'zh-CN': '状态只能是 placed/cancelled/returned（已下单/已取消/已退货）',
    en: 'must be placed, cancelled or returned (已下单/已取消/已退货)',
  },
  role: { 'zh-CN': '角色只能是 rep/manager（业务员/经理）', en: 'must be rep or manager (业务员/经理)' },
  channel: {
    'zh-CN': '通知方式只能是 email/wecom（邮件/企业微信）',
    en: 'must be email or wecom (邮件/企业微信)',
  },
  locale: { 'zh-CN': '语言只能是 zh-CN 或 en', en: 'must be zh-CN or en' },
  email: { 'zh-CN': '不是有效的邮箱地址', en: 'is not an email address' },
  url: { 'zh-CN': '应为 http(s) 地址', en: 'must be an http(s) URL' },
  'time-zone': {
    'zh-CN': '不是有效的时区名称（例如 Asia/Shanghai）',
    en: 'is not a time zone name (e.g. Asia/Shanghai)',
  },
  'time-of-day': { 'zh-CN': '应为 HH:MM 格式的时间（例如 07:30）', en: 'must be a time HH:MM (e.g. 07:30)' },
  'too-long': { 'zh-CN': '内容过长', en: 'is too long' },
};

export function describeProblem(problem: ValueProblem, locale: Locale): string {
  return problemText[problem][locale];
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Turns zod's issues into field issues with messages in the admin's language. */
export function toFieldIssues(error: z.ZodError, locale: Locale, input?: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          field: base ? `${base}.${key}` : key,
          message: locale === 'en' ? 'is not a known setting' : '不是可识别的设置项',
        });
      }
      continue;
    }
    issues.push({ field: base, message: describeZodIssue(issue, locale, valueAt(input, issue.path)) });
  }
  return issues;
}

/** A localized message for a custom issue: `params: { reason }` or `params: { text: { 'zh-CN', en } }`. */
export interface CustomIssueParams {
  reason?: ValueProblem;
  text?: Record<Locale, string>;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeZodIssue(issue: z.core.$ZodIssue, locale: Locale, value: unknown): string {
  const en = locale === 'en';
  switch (issue.code) {
    case 'custom': {
      const params = issue.params as CustomIssueParams | undefined;
      if (params?.reason) return describeProblem(params.reason, locale);
      return params?.text?.[locale] ?? issue.message;
    }
    case 'invalid_type':
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
        return describeProblem('required', locale);
      }
      return en ? `must be ${issue.expected}` : `类型应为 ${typeName(issue.expected)}`;
    case 'too_small': {
      const bound = String(issue.minimum);
      if (issue.origin === 'string') return en ? 'must not be empty' : '不能为空';
      if (issue.origin === 'array') return en ? `needs at least ${bound} entries` : `至少需要 ${bound} 项`;
      return en
        ? `must be ${issue.inclusive ? 'at least' : 'greater than'} ${bound}`
        : `应${issue.inclusive ? '不小于' : '大于'} ${bound}`;
    }
    case 'too_big': {
      const bound = String(issue.maximum);
      if (issue.origin === 'string') return describeProblem('too-long', locale);
      if (issue.origin === 'array') return en ? `allows at most ${bound} entries` : `最多 ${bound} 项`;
      return en
        ? `must be ${issue.inclusive ? 'at most' : 'less than'} ${bound}`
        : `应${issue.inclusive ? '不大于' : '小于'} ${bound}`;
    }
    case 'invalid_value': {
      // Name what was given: in a list (`escalation.tiers.1`) the position alone does not say which entry.
      const given = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
      const options = issue.values.map(String);
      if (given === undefined)
        return en ? `must be one of ${options.join(', ')}` : `只能是 ${options.join('、')}`;
      return en
        ? `"${given}" is not allowed: must be one of ${options.join(', ')}`
        : `「${given}」不可用，只能是 ${options.join('、')}`;
    }
    case 'invalid_format':
      return en ? `has the wrong format (${issue.format})` : `格式不正确（${issue.format}）`;
    case 'not_multiple_of':
      return en ? `must be a multiple of ${String(issue.divisor)}` : `应为 ${String(issue.divisor)} 的倍数`;
    default:
      return issue.message;
  }
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    number: '数字',
    string: '文本',
    boolean: '布尔值（true/false）',
    object: '对象',
    array: '列表',
    int: '整数',
  };
  return names[expected] ?? expected;
}
