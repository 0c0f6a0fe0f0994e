import type { Tier } from '../core/config.ts';
import { shownFindings } from '../core/shown-signals.ts';
import { ruleTitle, tierName } from '../text/explain.ts';
import type { Finding } from '../core/findings.ts';
import type { Locale } from '../core/locale.ts';
import { textFor } from '../text/catalogue.ts';
import { formatMoney } from '../core/money.ts';
import { COLORS, emailDocument, escapeHtml, heading, row } from './html.ts';
import type { EmailContent } from '../use-cases/notify/outbox.ts';
import { packMessages } from './message-packer.ts';
import { escapeWecomMarkdown, WECOM_MARKDOWN_MAX_BYTES } from './wecom-markdown.ts';

/**
 * The short notices a manager gets besides the weekly summary: important customers left without a visit,
 * and a rep's WeCom robot that stopped working. Both are rare and must be read on a phone in seconds.
 */

export interface EscalatedCustomer {
  customerId: string;
  name: string | null;
  tier: Tier;
  repId: string | null;
  repName: string | null;
  firstSeenDate: string;
  daysAtRisk: number;
  lastVisitDate: string | null;
  moneyAtRisk: number;
  findings: Finding[];
}

export interface EscalationNotice {
  locale: Locale;
  managerName: string | null;
  day: string;
  escalationDays: number;
  customers: EscalatedCustomer[];
}

function escalationLines(notice: EscalationNotice): { heading: string; lines: string[] } {
  const { notices, signals: signalWords } = textFor(notice.locale);
  const say = notices.escalation;
  const label = (name: string | null, id: string) => (name ? say.nameWithId(name, id) : id);
  const heading = say.heading(notice.day, notice.customers.length, notice.escalationDays);
  const lines = notice.customers.map((c) => {
    const signals = shownFindings(c.findings)
      .filter((f) => f.rule !== 'visit_overdue')
      .map((f) => ruleTitle(f.rule, notice.locale))
      .join(signalWords.listSeparator);
    return say.customer({
      customer: label(c.name, c.customerId),
      tier: tierName(c.tier, notice.locale),
      rep: c.repId ? label(c.repName, c.repId) : say.unassigned,
      since: c.firstSeenDate,
      days: c.daysAtRisk,
      money: formatMoney(c.moneyAtRisk),
      signals,
    });
  });
  return { heading, lines };
}

export function renderEscalationEmail(notice: EscalationNotice): EmailContent {
  const { heading, lines } = escalationLines(notice);
  const items = lines.map((line) => `<li style="margin:0 0 8px 0">${escapeHtml(line)}</li>`).join('');
  return {
    subject: heading,
    html: page(notice.locale, heading, `<ul style="padding-left:18px;margin:0">${items}</ul>`),
    text: `${heading}\n\n${lines.map((line) => `- ${line}`).join('\n')}\n`,
  };
}

export function renderEscalationWecom(notice: EscalationNotice): string[] {
  const { heading, lines } = escalationLines(notice);
  return packLines(`### <font color="warning">${escapeWecomMarkdown(heading)}</font>`, lines);
}

export interface ChannelBrokenNotice {
  locale: Locale;
  day: string;
  repId: string;
  repName: string | null;
  errcode: number;
  fellBackToEmail: boolean;
}

function channelBrokenText(notice: ChannelBrokenNotice): { heading: string; body: string } {
  const { notices } = textFor(notice.locale);
  const say = notices.channelBroken;
  const who = notice.repName ? notices.escalation.nameWithId(notice.repName, notice.repId) : notice.repId;
  // errcode 0: WeCom never answered; the address itself is not a WeCom robot's (refused before sending).
  const why = notice.errcode === 93004 ? say.disabled : notice.errcode === 0 ? say.notWecom : say.invalid;
  return {
    heading: say.heading(who, notice.errcode === 0 ? null : notice.errcode),
    body: say.body(notice.day, who, why, notice.fellBackToEmail ? say.sentByEmail : say.notDelivered),
  };
}

export function renderChannelBrokenEmail(notice: ChannelBrokenNotice): EmailContent {
  const { heading, body } = channelBrokenText(notice);
  return {
    subject: heading,
    html: page(notice.locale, heading, `<p style="margin:0">${escapeHtml(body)}</p>`),
    text: `${heading}\n\n${body}\n`,
  };
}

export function renderChannelBrokenWecom(notice: ChannelBrokenNotice): string[] {
  const { heading, body } = channelBrokenText(notice);
  return [`### <font color="warning">${escapeWecomMarkdown(heading)}</font>\n${escapeWecomMarkdown(body)}`];
}

/** A notice in the same email shell as the digests: one heading and a body in the 600 px column. */
function page(locale: Locale, title: string, body: string): string {
  return emailDocument({
    locale,
    title,
    preheader: title,
    rows: [
      row(heading(title, { level: 1, color: COLORS.warning }), '16px 16px 12px'),
      row(body, '0 16px 16px'),
    ],
  });
}

/** Markdown lines into messages within the robot's limit, the heading repeated on each. */
function packLines(heading: string, lines: string[]): string[] {
  return packMessages({
    header: () => heading,
    blocks: lines.map((line) => `> ${escapeWecomMarkdown(line)}`),
    footer: () => '',
    maxBytes: WECOM_MARKDOWN_MAX_BYTES,
  });
}
