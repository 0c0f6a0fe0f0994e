import type { Tier } from '../core/config.ts';
import { tierName } from '../text/explain.ts';
import { actionText } from '../text/follow-up-answers.ts';
import type { Locale } from '../core/locale.ts';
import { textFor } from '../text/catalogue.ts';
import {
  customerText,
  type CustomerStatus,
  type Fact,
  FACT_SEPARATOR,
  factText,
  headlineText,
  recoveredText,
  type Signal,
} from './customer-text.ts';
import {
  isAllClear,
  listedCounts,
  type DigestCustomer,
  type RecoveredCustomer,
  type RepDigest,
} from './digest-model.ts';
import {
  badge,
  COLORS,
  emailDocument,
  escapeHtml,
  escapeKeepingTokens,
  heading,
  indent,
  NOWRAP,
  oneLine,
  paragraph,
  configVersionLines,
  row,
  smallPrint,
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
    row(heading(textFor(locale).digest.email.title, { level: 1 }), `20px ${SIDE} 2px`),
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
    for (const block of section.blocks) rows.push(row(blockHtml(block, locale), `0 ${SIDE} 8px`));
    // Right after the list it shortens.
    if (omitted && section.atRisk) {
      rows.push(row(paragraph(escapeKeepingTokens(omitted), `color:${COLORS.muted};`), `4px ${SIDE} 8px`));
    }
  }
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
      ...(omitted && section.atRisk ? [omitted, ''] : []),
    ]),
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
  textFor(locale).message.withCount(title, count);

/** The separator after a label, full-width in Chinese. */
const colonFor = (locale: Locale): string => textFor(locale).message.colon;

/** The subject counts what the rep has to act on, so the inbox list alone tells them how busy the day is. */
export function digestSubject(digest: RepDigest): string {
  const locale = digest.recipient.locale;
  const listed = digest.atRisk.length;
  const total = Math.max(digest.totalAtRisk, listed + digest.omitted);
  const { fresh } = listedCounts(digest);
  const day = digest.day;
  const say = textFor(locale).digest.subject;
  if (isAllClear(digest)) return total === 0 ? say.allClear(day) : say.nothingNew(total, day);
  if (listed === 0) return say.recoveredOnly(digest.recovered.length, day);
  if (fresh > 0 && fresh < total) return say.someNew(total, fresh, day);
  return say.atRisk(total, day);
}

/** One customer as both parts show it; all strings are plain text, escaped only when put into HTML. */
interface CustomerBlock {
  title: string;
  /** The customer id, shown next to a name so the rep can find the customer in the ERP. */
  id: string | null;
  tier: Tier;
  tierLabel: string;
  /** New, escalated or still at risk: a tag by the name and the colour of the block's edge. */
  status: CustomerStatus | 'recovered';
  statusLabel: string | null;
  /** The risk and its strongest reason (customerText), the line a rep reads first; null once recovered. */
  headline: { risk: string; reason: { title: string | null; text: string } | null } | null;
  /**
   * The facts as a few short lines of `label value` pairs, the money at risk leading: one fact per line made
   * a customer half a phone screen tall.
   */
  factLines: Fact[][];
  signals: Signal[];
  escalation: string | null;
  /** The suggested action with its label, e.g. `建议：安排拜访`. */
  action: string | null;
  /** The one-tap answers as buttons (HTML), each an action in the rep's language and its signed link. */
  answers: { label: string; url: string }[];
  /** The link to the page offering every answer: the text part's one line, to keep it short. */
  answerPage: string | null;
}

interface Section {
  title: string;
  color: string;
  blocks: CustomerBlock[];
  /** The list `digest.maxCustomers` cuts: the line saying how many were left out follows it. */
  atRisk: boolean;
}

/**
 * Two sections: the customers to follow up, in the digest's order (escalated, VIP, then expected loss; each
 * tagged new, escalated or still at risk), then those who ordered again.
 */
function digestSections(digest: RepDigest): Section[] {
  const locale = digest.recipient.locale;
  const sections: Section[] = [];
  const titles = textFor(locale).digest.section;
  if (digest.atRisk.length > 0) {
    sections.push({
      title: titles.atRisk,
      color: COLORS.danger,
      blocks: digest.atRisk.map((customer) => atRiskBlock(customer, digest.day, locale)),
      atRisk: true,
    });
  }
  if (digest.recovered.length > 0) {
    sections.push({
      title: titles.recovered,
      color: COLORS.success,
      blocks: digest.recovered.map((customer) => recoveredBlock(customer, locale)),
      atRisk: false,
    });
  }
  return sections;
}

const customerTitle = (customer: { customerId: string; name: string | null }) => {
  const name = customer.name === null ? '' : oneLine(customer.name);
  const id = oneLine(customer.customerId);
  return name ? { title: name, id } : { title: id, id: null };
};

function atRiskBlock(customer: DigestCustomer, day: string, locale: Locale): CustomerBlock {
  const text = customerText(customer, day, locale);
  return {
    ...customerTitle(customer),
    tier: customer.tier,
    tierLabel: text.tierLabel,
    status: text.status,
    statusLabel: text.statusLabel,
    headline: { risk: text.risk, reason: text.reason },
    factLines: text.factLines,
    signals: text.signals,
    escalation: text.escalation,
    action: text.action,
    answers: (customer.answerLinks ?? []).map(({ action, url }) => ({
      label: actionText(action, locale),
      url,
    })),
    answerPage: customer.answerPage ?? null,
  };
}

function recoveredBlock(customer: RecoveredCustomer, locale: Locale): CustomerBlock {
  return {
    ...customerTitle(customer),
    tier: customer.tier,
    tierLabel: tierName(customer.tier, locale),
    status: 'recovered',
    statusLabel: null,
    headline: null,
    // The section heading already says recovered; the sentence needs no label.
    factLines: [[{ label: '', value: recoveredText(customer, locale) }]],
    signals: [],
    escalation: null,
    action: null,
    answers: [],
    answerPage: null,
  };
}

const TIER_COLORS: Record<Tier, string> = {
  vip: COLORS.danger,
  important: COLORS.warning,
  general: COLORS.accent,
  dormant: COLORS.muted,
};

/** The block's edge and the tag: red for what is new or worse, amber for a reminder, green once recovered. */
const STATUS_COLORS: Record<CustomerBlock['status'], string> = {
  new: COLORS.danger,
  escalated: COLORS.danger,
  still: COLORS.warning,
  recovered: COLORS.success,
};

/** The fact lines as the text part shows them. */
function factTextLines(block: CustomerBlock): string[] {
  return block.factLines.map((line) => line.map(factText).join(FACT_SEPARATOR));
}

/**
 * One fact as markup: the label muted, the value in the text colour. The pair is an inline block, so a line
 * breaks between facts rather than inside one while a fact fits the line, and wraps inside it (instead of
 * running off a narrow screen) when it does not. Clients without inline-block just wrap it as text.
 * `separated` puts the ` ·` before the next fact inside the block: a browser may break right after an inline
 * block, so a separator outside it could start the next line.
 */
function factHtml(fact: Fact, options: { separated?: boolean } = {}): string {
  const label = fact.label ? `<span style="color:${COLORS.muted};">${escapeHtml(fact.label)}</span> ` : '';
  const value = escapeKeepingTokens(fact.value);
  return (
    `<span style="display:inline-block;">${label}` +
    (fact.strong ? `<strong style="color:${COLORS.text};">${value}</strong>` : value) +
    (options.separated ? `<span style="color:${COLORS.muted};">&nbsp;·</span>` : '') +
    '</span>'
  );
}

/** The risk in bold and the colour of what is new or worse, then the strongest reason with its title in bold. */
function headlineHtml(headline: NonNullable<CustomerBlock['headline']>, locale: Locale): string {
  const reason = headline.reason;
  const title = reason?.title
    ? `<strong style="${NOWRAP};">${escapeHtml(reason.title)}</strong>${escapeHtml(colonFor(locale))}`
    : '';
  return (
    `<div style="font-size:14px;">` +
    `<strong style="color:${COLORS.danger};${NOWRAP};">${escapeHtml(headline.risk)}</strong>` +
    (reason
      ? `<span style="color:${COLORS.muted};">${escapeHtml(FACT_SEPARATOR)}</span>${title}${escapeKeepingTokens(reason.text)}`
      : '') +
    '</div>'
  );
}

function blockHtml(block: CustomerBlock, locale: Locale): string {
  const colon = escapeHtml(colonFor(locale));
  const color = STATUS_COLORS[block.status];
  const title =
    `<div style="font-size:15px;font-weight:bold;line-height:1.4;">${escapeHtml(block.title)}` +
    (block.id
      ? ` <span style="font-size:12px;font-weight:normal;color:${COLORS.muted};">${escapeHtml(block.id)}</span>`
      : '') +
    badge(block.tierLabel, TIER_COLORS[block.tier]) +
    (block.statusLabel ? badge(block.statusLabel, color) : '') +
    '</div>';
  const headline = block.headline ? headlineHtml(block.headline, locale) : '';
  // One flowing paragraph rather than a div per line: on a phone a short fact then shares a line with the
  // next (the days at risk with the sales), and on a desktop the facts take two lines.
  const all = block.factLines.flat();
  const facts =
    '<div>' + all.map((fact, i) => factHtml(fact, { separated: i < all.length - 1 })).join(' ') + '</div>';
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
    ? `<div style="margin:0 0 2px;color:${COLORS.danger};font-weight:bold;">${escapeHtml(block.escalation)}</div>`
    : '';
  const action = block.action
    ? `<div style="margin-top:4px;padding:2px 8px;background-color:${COLORS.panel};border-radius:4px;">` +
      `<strong>${escapeHtml(block.action)}</strong></div>`
    : '';
  const answers = answersHtml(block, locale);
  // 13 px text with 8 px padding inside a 3 px coloured edge: on a 390 px phone the text gets about 330 px
  // (295 px before with 14 px text), and a customer with four signals about 300 px of height (390 before).
  return (
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ` +
    `style="width:100%;border:1px solid ${COLORS.border};border-left:3px solid ${color};border-radius:4px;">` +
    `<tr><td style="padding:8px;font-size:13px;line-height:1.4;">${title}${headline}${escalation}${facts}${signals}${action}${answers}</td></tr>` +
    '</table>'
  );
}

/** The label before the answer buttons and before the text part's answer link. */
const answerLabel = (locale: Locale): string => textFor(locale).digest.email.answerLabel;

/**
 * The one-tap answers as a row of small buttons under the customer, in the admin's order. The links are ours
 * (signed tokens, never data), so they go out as links; only what came from data is defanged (html.ts
 * oneLine). An answer page link alone, when a digest has no per-action links, is one button.
 */
function answersHtml(block: CustomerBlock, locale: Locale): string {
  const answers =
    block.answers.length > 0
      ? block.answers
      : block.answerPage
        ? [{ label: textFor(locale).digest.email.answerButton, url: block.answerPage }]
        : [];
  if (answers.length === 0) return '';
  const button = (answer: { label: string; url: string }) =>
    `<a href="${escapeHtml(answer.url)}" style="display:inline-block;margin:4px 6px 0 0;padding:2px 10px;` +
    `border:1px solid ${COLORS.accent};border-radius:12px;background-color:${COLORS.card};color:${COLORS.accent};` +
    `font-size:12px;line-height:20px;text-decoration:none;${NOWRAP};">${escapeHtml(answer.label)}</a>`;
  return (
    `<div style="margin-top:4px;"><span style="color:${COLORS.muted};font-size:12px;">` +
    `${escapeHtml(answerLabel(locale))}</span>${answers.map(button).join('')}</div>`
  );
}

function blockText(block: CustomerBlock, index: number, locale: Locale): string {
  const head = [
    `${index}. ${block.title}`,
    ...(block.id ? [textFor(locale).message.customerId(block.id)] : []),
    block.tierLabel,
    ...(block.statusLabel ? [block.statusLabel] : []),
  ].join(' · ');
  const colon = colonFor(locale);
  const lines = [
    ...(block.headline ? [headlineText(block.headline, locale)] : []),
    ...(block.escalation ? [block.escalation] : []),
    ...factTextLines(block),
  ];
  if (block.signals.length) {
    lines.push(textFor(locale).digest.email.otherSignals);
    for (const signal of block.signals) lines.push(`- ${signal.title}${colon}${signal.text}`);
  }
  if (block.action) lines.push(block.action);
  // One link rather than five: the page it opens offers every answer.
  if (block.answerPage) lines.push(`${answerLabel(locale)}${block.answerPage}`);
  return `${head}\n${indent(lines.join('\n'), '   ')}`;
}

function introLines(digest: RepDigest): string[] {
  const locale = digest.recipient.locale;
  const say = textFor(locale).digest.email;
  const name = oneLine(digest.recipient.name ?? '') || oneLine(digest.recipient.repId);
  const lines = [say.greeting(name)];
  const { fresh, still } = listedCounts(digest);
  const back = digest.recovered.length;
  const listed = fresh + still;
  const total = Math.max(digest.totalAtRisk, listed + digest.omitted);
  if (isAllClear(digest)) {
    lines.push(total === 0 ? say.noneAtRisk : say.nothingNew(total));
    return lines;
  }
  const parts: string[] = [];
  if (listed > 0) parts.push(say.needYou(listed, fresh, still));
  if (back > 0) parts.push(say.orderedAgain(back));
  lines.push(say.news(parts));
  if (total > 0) lines.push(say.inAll(total));
  return lines;
}

function omittedLine(digest: RepDigest): string | null {
  if (digest.omitted <= 0) return null;
  return textFor(digest.recipient.locale).digest.email.omitted(digest.omitted);
}

function footerLines(digest: RepDigest): string[] {
  const locale = digest.recipient.locale;
  const say = textFor(locale).digest.email;
  const lines = [say.footer(oneLine(digest.recipient.repId))];
  if (digest.atRisk.some((customer) => customer.answerLinks?.length || customer.answerPage)) {
    lines.push(say.footerAnswers);
  }
  lines.push(...configVersionLines(digest.configVersion, locale));
  return lines;
}
