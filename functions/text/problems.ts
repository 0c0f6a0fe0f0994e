import type { Locale } from '../core/locale.ts';
import { formatDecimal } from '../core/money.ts';
import { FOLLOW_UP_ACTIONS } from '../core/follow-up.ts';
import type { FieldIssue, FieldProblem, ValueProblem } from '../core/validation.ts';
import { WECOM_ROBOT_ENDPOINT, type WebhookAllowList } from '../core/wecom-webhook.ts';
import { textFor } from './catalogue.ts';

/** One of our parsers' reasons in the reader's language, `不能为空` / `is required`. */
export function describeValueProblem(problem: ValueProblem, locale: Locale): string {
  return textFor(locale).problems.value[problem];
}

/**
 * Why a field was refused, in the reader's language; read after the field's name.
 *
 * @example describeFieldProblem({ code: 'min', bound: '1', inclusive: true }, 'zh-CN') // '应不小于 1'
 */
export function describeFieldProblem(problem: FieldProblem, locale: Locale): string {
  const text = textFor(locale).problems;
  const list = (items: readonly string[]) => items.join(text.optionSeparator);
  switch (problem.code) {
    case 'unknown-setting':
      return text.unknownSetting;
    case 'type':
      return text.wrongType(text.typeName[problem.expected] ?? problem.expected);
    case 'empty':
      return text.empty;
    case 'min-entries':
      return text.minEntries(problem.bound);
    case 'max-entries':
      return text.maxEntries(problem.bound);
    case 'min':
      return problem.inclusive ? text.atLeast(problem.bound) : text.greaterThan(problem.bound);
    case 'max':
      return problem.inclusive ? text.atMost(problem.bound) : text.lessThan(problem.bound);
    case 'one-of':
      return problem.given === null
        ? text.oneOf(list(problem.options))
        : text.givenNotAllowed(problem.given, list(problem.options));
    case 'format':
      return text.wrongFormat(problem.format);
    case 'multiple-of':
      return text.multipleOf(problem.divisor);
    case 'unexplained':
      return problem.message;
    case 'overdue-not-before-churned':
      return text.overdueNotBeforeChurned(problem.tier, problem.churnedCycles);
    case 'above-max-cycle':
      return text.aboveMaxCycle(problem.maxDays);
    case 'preferred-not-enabled':
      return text.preferredNotEnabled(problem.enabled.join(', '));
    case 'churn-period-beyond-history':
      return text.churnPeriodBeyondHistory(problem.retentionDays);
    case 'trailing-beyond-history':
      return text.trailingBeyondHistory(problem.retentionDays);
    case 'repeated-action':
      return text.repeatedAction;
    case 'repeated-reason':
      return text.repeatedReason;
    case 'unknown-action': {
      const names = textFor(locale).followUpAnswers.action;
      return text.unknownAction(list(FOLLOW_UP_ACTIONS.map((id) => text.actionOption(id, names[id]))));
    }
    case 'answer-before-warning':
      return text.answerBeforeWarning;
    case 'amount-or-lines':
      return text.amountOrLines;
    case 'amount-not-sum':
      return text.amountNotSum(formatDecimal(problem.sum));
    default:
      return describeValueProblem(problem.code, locale);
  }
}

/**
 * A refused field as a person counts it: zod names a list's entries by their index from 0
 * (`escalation.tiers.1`), the admin by their place from 1 (`escalation.tiers 第 2 项`).
 *
 * @example describeField('escalation.tiers.1', 'en') // 'escalation.tiers, entry 2'
 */
export function describeField(field: string, locale: Locale): string {
  const { listItem } = textFor(locale).problems;
  let named = '';
  for (const part of field.split('.')) {
    if (/^\d+$/.test(part) && named !== '') named = listItem(named, Number(part) + 1);
    else named = named === '' ? part : `${named}.${part}`;
  }
  return named;
}

/**
 * A refused field and why, as one line: `rules.inactive.days 应不小于 1`. No space where Chinese meets Chinese
 * (`escalation.tiers 第 2 项「gold」不可用`), as between any two Chinese words.
 */
export function fieldProblemLine(field: string, message: string): string {
  const wide = /[\u3000-\u9fff\uff00-\uffef]/u;
  return wide.test(field.at(-1) ?? '') && wide.test(message[0] ?? '')
    ? `${field}${message}`
    : `${field} ${message}`;
}

/** A field issue as `field message`, the message in the reader's language. */
export function describeFieldIssue(issue: FieldIssue, locale: Locale): { field: string; message: string } {
  return { field: issue.field, message: describeFieldProblem(issue.problem, locale) };
}

/** Why a rep's webhook was refused, in the admin's words: what is taken here. The URL is not repeated (it holds a key). */
export function webhookNotAllowedText(allow: WebhookAllowList, locale: Locale): string {
  const text = textFor(locale).problems;
  const proxies = allow.proxies.map((proxy) => proxy.href);
  const also = [
    ...(proxies.length > 0 ? [text.webhookProxies(proxies.join(text.optionSeparator))] : []),
    ...(allow.loopback ? [text.webhookLoopback] : []),
  ];
  return text.webhookNotAllowed(WECOM_ROBOT_ENDPOINT, also.join(text.alsoSeparator));
}
