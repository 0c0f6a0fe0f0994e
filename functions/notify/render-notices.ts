import type { Tier } from '../core/config.ts';
import { shownFindings } from '../core/shown-signals.ts';
import { ruleTitle, tierName } from '../text/explain.ts';
import type { Finding } from '../core/findings.ts';
import type { Locale } from '../core/locale.ts';
import { formatMoney } from '../core/money.ts';
import { COLORS, emailDocument, escapeHtml, heading, row } from './html.ts';
import type { EmailContent } from './outbox.ts';
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

const label = (name: string | null, id: string) => (name ? `${name} (${id})` : id);

function escalationLines(notice: EscalationNotice): { heading: string; lines: string[] } {
  const zh = notice.locale === 'zh-CN';
  const heading = zh
    ? `升级提醒 ${notice.day}：${notice.customers.length} 位重要客户有流失风险已超过 ${notice.escalationDays} 天，仍无拜访记录`
    : `Escalation ${notice.day}: ${notice.customers.length} important customer${notice.customers.length === 1 ? '' : 's'} at risk for over ${notice.escalationDays} days with no visit logged`;
  const lines = notice.customers.map((c) => {
    const signals = shownFindings(c.findings)
      .filter((f) => f.rule !== 'visit_overdue')
      .map((f) => ruleTitle(f.rule, notice.locale))
      .join(zh ? '、' : ', ');
    const rep = c.repId ? label(c.repName, c.repId) : zh ? '未分配' : 'unassigned';
    return zh
      ? `${label(c.name, c.customerId)}｜${tierName(c.tier, notice.locale)}｜业务员 ${rep}｜自 ${c.firstSeenDate} 起有风险（${c.daysAtRisk} 天）｜风险金额 ${formatMoney(c.moneyAtRisk)}｜${signals}`
      : `${label(c.name, c.customerId)} | ${tierName(c.tier, notice.locale)} | rep ${rep} | at risk since ${c.firstSeenDate} (${c.daysAtRisk} days) | money at risk ${formatMoney(c.moneyAtRisk)} | ${signals}`;
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
  const zh = notice.locale === 'zh-CN';
  const who = label(notice.repName, notice.repId);
  // errcode 0: WeCom never answered; the address itself is not a WeCom robot's (refused before sending).
  const why =
    notice.errcode === 93004
      ? zh
        ? '机器人已被停用'
        : 'the robot was disabled'
      : notice.errcode === 0
        ? zh
          ? '机器人地址不是企业微信机器人的地址（为安全起见不会发往其他地址）'
          : 'the webhook is not a WeCom robot address (nothing is sent anywhere else, for safety)'
        : zh
          ? '机器人地址无效或已被移除'
          : 'the robot webhook is invalid or was removed';
  const code = notice.errcode === 0 ? '' : zh ? `（${notice.errcode}）` : ` (${notice.errcode})`;
  return zh
    ? {
        heading: `${who} 的企业微信机器人无法发送${code}`,
        body: `${notice.day} 发给 ${who} 的消息没能通过企业微信送达：${why}。${notice.fellBackToEmail ? '已改用邮件发送。' : '该业务员没有邮箱，消息未送达。'}请在业务员资料中更新机器人地址（企业微信机器人），更新后自动恢复。`,
      }
    : {
        heading: `WeCom robot of ${who} cannot send${code}`,
        body: `A message of ${notice.day} for ${who} could not go by WeCom: ${why}. ${notice.fellBackToEmail ? 'It was sent by email instead.' : 'There is no email address to fall back to, so it was not delivered.'} Update the robot webhook in the rep's record; sending resumes with the new one.`,
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
