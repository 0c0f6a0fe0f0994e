import {
  describeFinding,
  describeLearned,
  learnedTitle,
  ruleTitle,
  suggestedAction,
  tierName,
} from '../core/explain.ts';
import type { Locale } from '../core/locale.ts';
import { formatMoney } from '../core/money.ts';
import type { DigestCustomer, RecoveredCustomer, RepDigest } from './digest-model.ts';
import { daysBetween, wholeMoney } from './html.ts';
import { packMessages, type PackBlock } from './message-packer.ts';
import {
  configFooter,
  ID_MAX_BYTES,
  mentionOf,
  NAME_MAX_BYTES,
  partMarker,
  safeText,
  truncatedNote,
  WECOM_MARKDOWN_MAX_BYTES,
  type WecomRenderOptions,
} from './wecom-markdown.ts';

const FINDING_MAX_BYTES = 240;

type SectionId = 'new' | 'still' | 'recovered';

const SECTION_TITLES: Record<SectionId, Record<Locale, string>> = {
  new: { 'zh-CN': '新增风险', en: 'New' },
  still: { 'zh-CN': '仍有风险', en: 'Still at risk' },
  recovered: { 'zh-CN': '已恢复', en: 'Recovered' },
};

const customerLabel = (customer: { customerId: string; name: string | null }): string => {
  const id = safeText(customer.customerId, ID_MAX_BYTES);
  if (customer.name === null || customer.name.trim() === '') return `**${id}**`;
  return `**${safeText(customer.name, NAME_MAX_BYTES)}** <font color="comment">${id}</font>`;
};

const comment = (text: string) => `<font color="comment">${text}</font>`;

/** English day counts: "1 day", "3 days". */
const enDays = (count: number) => `${count} ${count === 1 ? 'day' : 'days'}`;

/**
 * A rep's morning digest as WeCom `markdown` messages, in the rep's language: one message when it fits,
 * otherwise several, each at most `maxBytes` UTF-8 bytes, each with the heading (and the section heading
 * when a section continues), a customer never split across two. The rep is mentioned in the first only,
 * so they get one notification. Send them in order.
 */
export function renderDigestWecom(digest: RepDigest, options: WecomRenderOptions = {}): string[] {
  const locale = digest.recipient.locale;
  const zh = locale === 'zh-CN';
  const blocks: PackBlock[] = [];
  digest.newCustomers.forEach((customer, i) =>
    blocks.push({ section: 'new', text: customerBlock(customer, i, digest.day, locale) }),
  );
  digest.stillAtRisk.forEach((customer, i) =>
    blocks.push({ section: 'still', text: customerBlock(customer, i, digest.day, locale) }),
  );
  digest.recovered.forEach((customer) =>
    blocks.push({ section: 'recovered', text: recoveredLine(customer, locale) }),
  );
  if (digest.omitted > 0) {
    blocks.push({
      text: zh
        ? `<font color="warning">另有 ${digest.omitted} 位有风险的客户未在此列出</font>，明天的晨报中会补上。`
        : `<font color="warning">${digest.omitted} more at-risk ${digest.omitted === 1 ? 'customer is' : 'customers are'} not listed here</font>; they come in tomorrow's digest.`,
    });
  }
  const sectionCounts: Record<SectionId, number> = {
    new: digest.newCustomers.length,
    still: digest.stillAtRisk.length,
    recovered: digest.recovered.length,
  };
  const footer = configFooter(digest.configVersion, locale);
  return packMessages({
    maxBytes: options.maxBytes ?? WECOM_MARKDOWN_MAX_BYTES,
    blocks,
    header: (index, count) => digestHeader(digest, index, count),
    footer: (index, count) => (index === count - 1 ? footer : ''),
    sectionHeading: (section, continued) => {
      const id = section as SectionId;
      const title = SECTION_TITLES[id][locale];
      if (continued) return `### ${title}${zh ? '（续）' : ' (cont.)'}`;
      return `### ${title}${zh ? `（${sectionCounts[id]}）` : ` (${sectionCounts[id]})`}`;
    },
    truncatedNote: truncatedNote(locale),
  });
}

function digestHeader(digest: RepDigest, index: number, count: number): string {
  const locale = digest.recipient.locale;
  const zh = locale === 'zh-CN';
  const total = digest.totalAtRisk;
  const marker = partMarker(index, count, locale);
  if (index > 0) return `## ${zh ? '晨报' : 'Morning digest'} ${digest.day}${marker}`;
  let title: string;
  if (zh) title = total > 0 ? `${total} 位客户有流失风险` : '暂无流失风险客户';
  else if (total > 0) title = `${total} ${total === 1 ? 'customer' : 'customers'} at risk`;
  else title = 'no customers at risk';
  const heading = `## ${zh ? '晨报' : 'Morning digest'} ${digest.day}${zh ? '：' : ': '}${title}${marker}`;
  const mention = mentionOf(digest.recipient);
  const counts = [
    zh
      ? `新增 <font color="warning">${digest.newCustomers.length}</font> 位`
      : `new <font color="warning">${digest.newCustomers.length}</font>`,
    zh ? `仍有风险 ${digest.stillAtRisk.length} 位` : `still at risk ${digest.stillAtRisk.length}`,
    zh
      ? `已恢复 <font color="info">${digest.recovered.length}</font> 位`
      : `recovered <font color="info">${digest.recovered.length}</font>`,
  ].join(' · ');
  const allClear =
    digest.newCustomers.length === 0 && digest.stillAtRisk.length === 0 && digest.recovered.length === 0;
  const summary = allClear
    ? zh
      ? '今天没有需要跟进的客户。'
      : 'Nothing to follow up today.'
    : zh
      ? `今日：${counts}`
      : `Today: ${counts}`;
  return `${heading}\n${mention === '' ? '' : `${mention} `}${summary}`;
}

function customerBlock(customer: DigestCustomer, index: number, day: string, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const lines: string[] = [];
  let title = `${index + 1}. ${customerLabel(customer)}${zh ? '（' : ' ('}${tierName(customer.tier, locale)}${zh ? '）' : ')'}`;
  if (customer.escalated) {
    const rules = customer.newRules.map((rule) => ruleTitle(rule, locale)).join(zh ? '、' : ', ');
    const what = zh ? '⬆ 升级' : '⬆ Escalated';
    const detail = rules === '' ? '' : zh ? `：新增 ${rules}` : `: new ${rules}`;
    title += ` <font color="warning">${what}${detail}</font>`;
  }
  lines.push(title);

  const sales = zh
    ? `近 ${customer.periodDays} 天销售额 ${formatMoney(customer.lastPeriodSales)}`
    : `Sales ${formatMoney(customer.lastPeriodSales)} in the last ${enDays(customer.periodDays)}`;
  let order: string;
  if (customer.lastOrderDate === null) order = zh ? '没有订单记录' : 'no orders on record';
  else if (customer.daysSinceLastOrder === null)
    order = zh ? `上次下单 ${customer.lastOrderDate}` : `last order ${customer.lastOrderDate}`;
  else
    order = zh
      ? `${customer.daysSinceLastOrder} 天未下单（上次 ${customer.lastOrderDate}）`
      : `${enDays(customer.daysSinceLastOrder)} since the last order (${customer.lastOrderDate})`;
  lines.push(`> ${comment(`${sales} · ${order}`)}`);

  let visit: string;
  if (customer.lastVisitDate === null) visit = zh ? '无拜访记录' : 'no visit logged';
  else if (customer.daysSinceLastVisit === null)
    visit = zh ? `上次拜访 ${customer.lastVisitDate}` : `last visit ${customer.lastVisitDate}`;
  else
    visit = zh
      ? `上次拜访 ${customer.lastVisitDate}（${customer.daysSinceLastVisit} 天前）`
      : `last visit ${customer.lastVisitDate} (${enDays(customer.daysSinceLastVisit)} ago)`;
  // With its age like the visit, so the rep sees at a glance whether a coupon went out recently.
  const couponDays = customer.lastCouponDate === null ? null : daysBetween(customer.lastCouponDate, day);
  let coupon: string;
  if (customer.lastCouponDate === null) coupon = zh ? '无发券记录' : 'no coupon sent';
  else if (couponDays === null)
    coupon = zh ? `上次发券 ${customer.lastCouponDate}` : `last coupon ${customer.lastCouponDate}`;
  else
    coupon = zh
      ? `上次发券 ${customer.lastCouponDate}（${couponDays} 天前）`
      : `last coupon ${customer.lastCouponDate} (${enDays(couponDays)} ago)`;
  const since = zh
    ? `风险已持续 ${customer.daysAtRisk} 天（自 ${customer.firstSeenDate}）`
    : `at risk for ${enDays(customer.daysAtRisk)} (since ${customer.firstSeenDate})`;
  // The amount the list is ordered by, in whole yuan like the email (it is an estimate).
  const money = zh
    ? `风险金额 ${wholeMoney(customer.moneyAtRisk)}`
    : `money at risk ${wholeMoney(customer.moneyAtRisk)}`;
  lines.push(`> ${comment(`${visit} · ${coupon} · ${since} · ${money}`)}`);

  if (customer.learned) {
    lines.push(
      `> **${learnedTitle(locale)}**${zh ? '：' : ': '}${describeLearned(customer.learned, locale)}`,
    );
  }
  for (const finding of customer.findings) {
    // Findings quote SKU names, which come from the distributor's data.
    const sentence = safeText(describeFinding(finding, locale), FINDING_MAX_BYTES);
    lines.push(`> **${ruleTitle(finding.rule, locale)}**${zh ? '：' : ': '}${sentence}`);
  }
  lines.push(
    `> ${zh ? '建议' : 'Next step'}${zh ? '：' : ': '}${suggestedAction(customer.findings, locale, customer.learned)}`,
  );
  return lines.join('\n');
}

function recoveredLine(customer: RecoveredCustomer, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const tier = `${zh ? '（' : ' ('}${tierName(customer.tier, locale)}${zh ? '）' : ')'}`;
  const days = customer.daysAtRisk;
  let what: string;
  if (customer.lastOrderDate === null)
    what = zh ? `已恢复，风险持续 ${days} 天` : `recovered after ${enDays(days)} at risk`;
  else
    what = zh
      ? `${customer.lastOrderDate} 再次下单，风险持续 ${days} 天`
      : `ordered again on ${customer.lastOrderDate} after ${enDays(days)} at risk`;
  return `<font color="info">✔</font> ${customerLabel(customer)}${tier} <font color="info">${what}</font>`;
}
