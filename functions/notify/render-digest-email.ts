import type { Tier } from '../core/config.ts';
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
import { isAllClear, type DigestCustomer, type RecoveredCustomer, type RepDigest } from './digest-model.ts';
import {
  badge,
  COLORS,
  daysBetween,
  emailDocument,
  enCount,
  escapeHtml,
  escapeKeepingTokens,
  heading,
  indent,
  NOWRAP,
  oneLine,
  paragraph,
  configVersionLines,
  pick,
  row,
  smallPrint,
  wholeMoney,
} from './html.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * A rep's morning digest as an email: a subject that says how many customers need them, then one stacked
 * block per customer (a phone shows it without sideways scrolling), and the same content as plain text for
 * clients that do not show HTML.
 */
export function renderDigestEmail(digest: RepDigest): RenderedEmail {
  const locale = digest.recipient.locale;
  const subject = digestSubject(digest);
  const sections = digestSections(digest);
  const intro = introLines(digest);
  const omitted = omittedLine(digest);
  const footer = footerLines(digest);

  const rows: string[] = [
    row(heading(pick(locale, '每日流失预警', 'Daily churn warnings'), { level: 1 }), `20px ${SIDE} 2px`),
    row(
      `<p style="margin:0;color:${COLORS.muted};font-size:13px;">${escapeHtml(digest.day)}</p>`,
      `0 ${SIDE} 12px`,
    ),
    row(intro.map((line) => paragraph(escapeKeepingTokens(line))).join(''), `0 ${SIDE} 8px`),
  ];
  for (const section of sections) {
    rows.push(
      row(
        heading(withCount(locale, section.title, section.blocks.length), { color: section.color }),
        `8px ${SIDE} 6px`,
      ),
    );
    for (const block of section.blocks)
      rows.push(row(blockHtml(block, section.color, locale), `0 ${SIDE} 8px`));
  }
  if (omitted)
    rows.push(row(paragraph(escapeKeepingTokens(omitted), `color:${COLORS.muted};`), `4px ${SIDE} 8px`));
  rows.push(
    row(
      footer.map((line) => smallPrint(line)).join(''),
      `12px ${SIDE} 16px`,
      `border-top:1px solid ${COLORS.border};`,
    ),
  );

  const html = emailDocument({ locale, title: subject, preheader: intro.join(' '), rows });

  const text = [
    ...intro,
    '',
    ...sections.flatMap((section) => [
      `== ${withCount(locale, section.title, section.blocks.length)} ==`,
      '',
      ...section.blocks.flatMap((block, i) => [blockText(block, i + 1, locale), '']),
    ]),
    ...(omitted ? [omitted, ''] : []),
    '--',
    ...footer,
    '',
  ].join('\n');

  return { subject, html, text };
}

/**
 * The column's side padding. 16 px rather than the weekly summary's 24 px: a phone has about 380 px for the
 * column, and the customer blocks need the width more than a desktop needs the margin. Fixed pixels, not a
 * percentage or `clamp()`, which Outlook and some webmail clients ignore or strip (there is no `<style>` to
 * hold a media query either).
 */
const SIDE = '16px';

const withCount = (locale: Locale, title: string, count: number): string =>
  pick(locale, `${title}（${count}）`, `${title} (${count})`);

/** The separator after a label, full-width in Chinese. */
const colonFor = (locale: Locale): string => pick(locale, '：', ': ');

/** Between the "label value" facts on one line, in both parts. */
const FACT_SEPARATOR = ' · ';

/** The subject counts what the rep has to act on, so the inbox list alone tells them how busy the day is. */
export function digestSubject(digest: RepDigest): string {
  const locale = digest.recipient.locale;
  const listed = digest.newCustomers.length + digest.stillAtRisk.length;
  const total = Math.max(digest.totalAtRisk, listed + digest.omitted);
  const fresh = digest.newCustomers.length;
  const day = digest.day;
  if (isAllClear(digest)) {
    return total === 0
      ? pick(locale, `晨报：今天没有客户有流失风险（${day}）`, `Morning digest: all clear (${day})`)
      : pick(
          locale,
          `晨报：今天没有新情况，${total} 位客户仍在跟进（${day}）`,
          `Morning digest: nothing new, ${enCount(total, 'customer')} still being followed up (${day})`,
        );
  }
  if (listed === 0) {
    const back = digest.recovered.length;
    return pick(
      locale,
      `晨报：${back} 位客户已恢复下单，没有新的风险（${day}）`,
      `Morning digest: ${enCount(back, 'customer')} ordered again, no new risks (${day})`,
    );
  }
  if (fresh > 0 && fresh < total) {
    return pick(
      locale,
      `晨报：${total} 位客户有流失风险，新增 ${fresh} 位（${day}）`,
      `Morning digest: ${enCount(total, 'customer')} at risk, ${fresh} new (${day})`,
    );
  }
  return pick(
    locale,
    `晨报：${total} 位客户有流失风险（${day}）`,
    `Morning digest: ${enCount(total, 'customer')} at risk (${day})`,
  );
}

/** `上次拜访 2026-10-01（50 天前）`; an empty label when the value says it all (`没有拜访记录`). */
interface Fact {
  label: string;
  value: string;
}

/** One customer as both parts show it; all strings are plain text, escaped only when put into HTML. */
interface CustomerBlock {
  title: string;
  /** The customer id, shown next to a name so the rep can find the customer in the ERP. */
  id: string | null;
  tier: Tier;
  tierLabel: string;
  escalatedLabel: string | null;
  /** The amount the list is ordered by, first and in bold so the order makes sense; null once recovered. */
  moneyAtRisk: Fact | null;
  /**
   * The facts as a few short lines of `label value` pairs (the first continues after the money at risk):
   * one fact per line made a customer half a phone screen tall.
   */
  factLines: Fact[][];
  signals: { title: string; text: string }[];
  escalation: string | null;
  /** The suggested action with its label, e.g. `建议：安排拜访`. */
  action: string | null;
}

interface Section {
  title: string;
  color: string;
  blocks: CustomerBlock[];
}

function digestSections(digest: RepDigest): Section[] {
  const locale = digest.recipient.locale;
  const sections: Section[] = [];
  if (digest.newCustomers.length > 0) {
    sections.push({
      title: pick(locale, '新增风险', 'New'),
      color: COLORS.danger,
      blocks: digest.newCustomers.map((customer) => atRiskBlock(customer, digest.day, locale, false)),
    });
  }
  if (digest.stillAtRisk.length > 0) {
    sections.push({
      title: pick(locale, '仍有风险', 'Still at risk'),
      color: COLORS.warning,
      blocks: digest.stillAtRisk.map((customer) => atRiskBlock(customer, digest.day, locale, true)),
    });
  }
  if (digest.recovered.length > 0) {
    sections.push({
      title: pick(locale, '已恢复', 'Recovered'),
      color: COLORS.success,
      blocks: digest.recovered.map((customer) => recoveredBlock(customer, locale)),
    });
  }
  return sections;
}

const customerTitle = (customer: { customerId: string; name: string | null }) => {
  const name = customer.name === null ? '' : oneLine(customer.name);
  const id = oneLine(customer.customerId);
  return name ? { title: name, id } : { title: id, id: null };
};

const daysAgo = (locale: Locale, days: number): string =>
  days === 0
    ? pick(locale, '今天', 'today')
    : pick(locale, `${days} 天前`, `${days} ${days === 1 ? 'day' : 'days'} ago`);

/** `2026-10-01（50 天前）`, the date alone when the count is unknown. */
const dateWithAge = (locale: Locale, date: string, days: number | null): string =>
  days === null
    ? date
    : `${date}${pick(locale, `（${daysAgo(locale, days)}）`, ` (${daysAgo(locale, days)})`)}`;

function atRiskBlock(
  customer: DigestCustomer,
  day: string,
  locale: Locale,
  showDuration: boolean,
): CustomerBlock {
  const dated = (label: string, date: string | null, days: number | null, none: string): Fact =>
    date === null ? { label: '', value: none } : { label, value: dateWithAge(locale, date, days) };
  const sales: Fact = {
    label: pick(locale, `近 ${customer.periodDays} 天销售额`, `${customer.periodDays}-day sales`),
    value: formatMoney(customer.lastPeriodSales),
  };
  const duration: Fact[] = showDuration
    ? [
        {
          label: pick(locale, '风险已持续', 'At risk for'),
          value: pick(
            locale,
            // Without the first day (the count says it): short enough to share a phone line with the last order.
            `${customer.daysAtRisk} 天`,
            `${customer.daysAtRisk} ${customer.daysAtRisk === 1 ? 'day' : 'days'}`,
          ),
        },
      ]
    : [];
  const contacts: Fact[] = [
    dated(
      pick(locale, '上次下单', 'Last order'),
      customer.lastOrderDate,
      customer.daysSinceLastOrder,
      pick(locale, '没有订单记录', 'No orders on record'),
    ),
    dated(
      pick(locale, '上次拜访', 'Last visit'),
      customer.lastVisitDate,
      customer.daysSinceLastVisit,
      pick(locale, '没有拜访记录', 'No visit logged'),
    ),
    dated(
      pick(locale, '上次发券', 'Last coupon'),
      customer.lastCouponDate,
      customer.lastCouponDate === null ? null : daysBetween(customer.lastCouponDate, day),
      pick(locale, '没有发券记录', 'No coupon sent'),
    ),
  ];
  let escalation: string | null = null;
  if (customer.escalated) {
    escalation =
      customer.newRules.length > 0
        ? pick(locale, '新出现的信号：', 'New since you last heard: ') +
          customer.newRules.map((rule) => ruleTitle(rule, locale)).join(pick(locale, '、', ', '))
        : pick(locale, '风险加重：信号变强或客户等级提高', 'Worse: a stronger signal or a higher tier');
  }
  return {
    ...customerTitle(customer),
    tier: customer.tier,
    tierLabel: tierName(customer.tier, locale),
    escalatedLabel: customer.escalated ? pick(locale, '升级', 'Escalated') : null,
    moneyAtRisk: {
      label: pick(locale, '风险金额', 'Money at risk'),
      value: wholeMoney(customer.moneyAtRisk),
    },
    // Money and how long it has lasted first, then when the rep last heard from the customer.
    factLines: [[sales, ...duration], contacts],
    signals: [
      ...(customer.learned
        ? [{ title: learnedTitle(locale), text: describeLearned(customer.learned, locale) }]
        : []),
      ...customer.findings.map((finding) => ({
        title: ruleTitle(finding.rule, locale),
        text: describeFinding(finding, locale),
      })),
    ],
    escalation,
    action:
      pick(locale, '建议：', 'Suggested: ') + suggestedAction(customer.findings, locale, customer.learned),
  };
}

function recoveredBlock(customer: RecoveredCustomer, locale: Locale): CustomerBlock {
  const days = customer.daysAtRisk;
  const dayWord = days === 1 ? 'day' : 'days';
  const value =
    customer.lastOrderDate === null
      ? pick(locale, `已重新下单（风险持续了 ${days} 天）`, `Ordered again after ${days} ${dayWord} at risk`)
      : pick(
          locale,
          `${customer.lastOrderDate} 重新下单（风险持续了 ${days} 天）`,
          `Ordered again on ${customer.lastOrderDate} after ${days} ${dayWord} at risk`,
        );
  return {
    ...customerTitle(customer),
    tier: customer.tier,
    tierLabel: tierName(customer.tier, locale),
    escalatedLabel: null,
    moneyAtRisk: null,
    // The section heading already says recovered; the sentence needs no label.
    factLines: [[{ label: '', value }]],
    signals: [],
    escalation: null,
    action: null,
  };
}

const TIER_COLORS: Record<Tier, string> = {
  vip: COLORS.danger,
  important: COLORS.warning,
  general: COLORS.accent,
  dormant: COLORS.muted,
};

/** `label value` as text; the value alone when there is no label. */
const factText = (fact: Fact): string => (fact.label ? `${fact.label} ${fact.value}` : fact.value);

/** The fact lines as the text part shows them, the money at risk leading the first. */
function factTextLines(block: CustomerBlock): string[] {
  return block.factLines.map((line, i) =>
    [...(i === 0 && block.moneyAtRisk ? [block.moneyAtRisk] : []), ...line]
      .map(factText)
      .join(FACT_SEPARATOR),
  );
}

/**
 * One fact as markup: the label muted, the value in the text colour. The pair is an inline block, so a line
 * breaks between facts rather than inside one while a fact fits the line, and wraps inside it (instead of
 * running off a narrow screen) when it does not. Clients without inline-block just wrap it as text.
 * `separated` puts the ` ·` before the next fact inside the block: a browser may break right after an inline
 * block, so a separator outside it could start the next line.
 */
function factHtml(fact: Fact, options: { strong?: boolean; separated?: boolean } = {}): string {
  const label = fact.label ? `<span style="color:${COLORS.muted};">${escapeHtml(fact.label)}</span> ` : '';
  const value = escapeKeepingTokens(fact.value);
  return (
    `<span style="display:inline-block;">${label}` +
    (options.strong ? `<strong style="color:${COLORS.text};">${value}</strong>` : value) +
    (options.separated ? `<span style="color:${COLORS.muted};">&nbsp;·</span>` : '') +
    '</span>'
  );
}

function blockHtml(block: CustomerBlock, sectionColor: string, locale: Locale): string {
  const colon = escapeHtml(colonFor(locale));
  const title =
    `<div style="font-size:15px;font-weight:bold;line-height:1.4;">${escapeHtml(block.title)}` +
    (block.id
      ? ` <span style="font-size:12px;font-weight:normal;color:${COLORS.muted};">${escapeHtml(block.id)}</span>`
      : '') +
    badge(block.tierLabel, TIER_COLORS[block.tier]) +
    (block.escalatedLabel ? badge(block.escalatedLabel, COLORS.danger) : '') +
    '</div>';
  // One flowing paragraph rather than a div per line: on a phone a short fact then shares a line with the
  // next (the days at risk with the last order), and on a desktop the facts take two lines.
  const all = block.factLines.flat();
  const facts =
    '<div>' +
    [
      ...(block.moneyAtRisk
        ? [factHtml(block.moneyAtRisk, { strong: true, separated: all.length > 0 })]
        : []),
      ...all.map((fact, i) => factHtml(fact, { separated: i < all.length - 1 })),
    ].join(' ') +
    '</div>';
  const signals = block.signals.length
    ? `<div style="margin-top:4px;">` +
      block.signals
        .map(
          (signal) =>
            `<div style="margin:0;">• <strong style="${NOWRAP};">${escapeHtml(signal.title)}</strong>${colon}` +
            `${escapeKeepingTokens(signal.text)}</div>`,
        )
        .join('') +
      '</div>'
    : '';
  const escalation = block.escalation
    ? `<div style="margin-top:4px;color:${COLORS.danger};font-weight:bold;">${escapeHtml(block.escalation)}</div>`
    : '';
  const action = block.action
    ? `<div style="margin-top:4px;padding:2px 8px;background-color:${COLORS.panel};border-radius:4px;">` +
      `<strong>${escapeHtml(block.action)}</strong></div>`
    : '';
  // 13 px text with 8 px padding inside a 3 px coloured edge: on a 390 px phone the text gets about 330 px
  // (295 px before with 14 px text), and a customer with four signals about 300 px of height (390 before).
  return (
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ` +
    `style="width:100%;border:1px solid ${COLORS.border};border-left:3px solid ${sectionColor};border-radius:4px;">` +
    `<tr><td style="padding:8px;font-size:13px;line-height:1.4;">${title}${facts}${signals}${escalation}${action}</td></tr>` +
    '</table>'
  );
}

function blockText(block: CustomerBlock, index: number, locale: Locale): string {
  const head = [
    `${index}. ${block.title}`,
    ...(block.id ? [pick(locale, `编号 ${block.id}`, `id ${block.id}`)] : []),
    block.tierLabel,
    ...(block.escalatedLabel ? [block.escalatedLabel] : []),
  ].join(' · ');
  const colon = colonFor(locale);
  const lines = factTextLines(block);
  if (block.signals.length) {
    lines.push(pick(locale, '信号：', 'Signals:'));
    for (const signal of block.signals) lines.push(`- ${signal.title}${colon}${signal.text}`);
  }
  if (block.escalation) lines.push(block.escalation);
  if (block.action) lines.push(block.action);
  return `${head}\n${indent(lines.join('\n'), '   ')}`;
}

function introLines(digest: RepDigest): string[] {
  const locale = digest.recipient.locale;
  const name = oneLine(digest.recipient.name ?? '') || oneLine(digest.recipient.repId);
  const lines = [pick(locale, `${name}，早上好。`, `Good morning, ${name}.`)];
  const fresh = digest.newCustomers.length;
  const still = digest.stillAtRisk.length;
  const back = digest.recovered.length;
  const listed = fresh + still;
  const total = Math.max(digest.totalAtRisk, listed + digest.omitted);
  if (isAllClear(digest)) {
    lines.push(
      total === 0
        ? pick(locale, '今天您名下没有客户有流失风险。', 'None of your customers is at risk today.')
        : pick(
            locale,
            `今天没有需要提醒的新情况；您名下共有 ${total} 位客户仍有流失风险。`,
            `Nothing new today; ${enCount(total, 'customer')} of yours remain at risk.`,
          ),
    );
    return lines;
  }
  const parts: string[] = [];
  if (listed > 0) {
    parts.push(
      pick(
        locale,
        `今天有 ${listed} 位客户需要跟进（新增风险 ${fresh} 位，仍有风险 ${still} 位）`,
        `${enCount(listed, 'customer')} need you today (${fresh} new, ${still} still at risk)`,
      ),
    );
  }
  if (back > 0) {
    parts.push(pick(locale, `${back} 位客户已恢复下单`, `${enCount(back, 'customer')} ordered again`));
  }
  lines.push(pick(locale, `${parts.join('；')}。`, `${parts.join('; ')}.`));
  if (total > 0) {
    lines.push(
      pick(
        locale,
        `您名下共有 ${total} 位客户有流失风险，按风险金额从高到低排列。`,
        `${enCount(total, 'customer')} of yours are at risk in all, most money at risk first.`,
      ),
    );
  }
  return lines;
}

function omittedLine(digest: RepDigest): string | null {
  if (digest.omitted <= 0) return null;
  const n = digest.omitted;
  return pick(
    digest.recipient.locale,
    `还有 ${n} 位客户有流失风险，未在此列出（只列出风险金额最高的客户），明天的晨报中会补上。`,
    `${enCount(n, 'more customer')} at risk ${n === 1 ? 'is' : 'are'} not listed here (only those with the most money at risk are shown); they come in tomorrow's digest.`,
  );
}

function footerLines(digest: RepDigest): string[] {
  const locale = digest.recipient.locale;
  const repId = oneLine(digest.recipient.repId);
  const lines = [
    pick(
      locale,
      `您收到这封邮件，是因为您是这些客户的负责业务员（业务员编号 ${repId}）。churn-watch 每天早上根据订单、拜访和投诉记录检查流失信号。`,
      `You get this email because you are the sales rep for these customers (rep id ${repId}). churn-watch checks orders, visits and complaints for churn signals every morning.`,
    ),
  ];
  lines.push(...configVersionLines(digest.configVersion, locale));
  return lines;
}
