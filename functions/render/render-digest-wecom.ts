import { tierName } from '../text/explain.ts';
import type { Locale } from '../core/locale.ts';
import { textFor } from '../text/catalogue.ts';
import { customerText, FACT_SEPARATOR, factText, headlineText, recoveredText } from './customer-text.ts';
import { listedCounts, type DigestCustomer, type RecoveredCustomer, type RepDigest } from './digest-model.ts';
import { packMessages, type PackBlock } from './message-packer.ts';
import {
  configFooter,
  escapeWecomMarkdown,
  ID_MAX_BYTES,
  mentionOf,
  NAME_MAX_BYTES,
  partMarker,
  safeText,
  truncatedNote,
  WECOM_MARKDOWN_MAX_BYTES,
  type WecomRenderOptions,
} from './wecom-markdown.ts';

/** Findings quote SKU names, which come from the distributor's data: escaped and capped like names. */
const FINDING_MAX_BYTES = 240;

type SectionId = 'atRisk' | 'recovered';

const customerLabel = (customer: { customerId: string; name: string | null }): string => {
  const id = safeText(customer.customerId, ID_MAX_BYTES);
  if (customer.name === null || customer.name.trim() === '') return `**${id}**`;
  return `**${safeText(customer.name, NAME_MAX_BYTES)}** <font color="comment">${id}</font>`;
};

const comment = (text: string) => `<font color="comment">${text}</font>`;

/**
 * A rep's morning digest as WeCom `markdown` messages, in the rep's language: one message when it fits,
 * otherwise several, each at most `maxBytes` UTF-8 bytes, each with the heading (and the section heading
 * when a section continues), a customer never split across two. The rep is mentioned in the first only,
 * so they get one notification. Send them in order.
 */
export function renderDigestWecom(digest: RepDigest, options: WecomRenderOptions = {}): string[] {
  const locale = digest.recipient.locale;
  const { digest: say, message } = textFor(locale);
  const blocks: PackBlock[] = [];
  digest.atRisk.forEach((customer, i) =>
    blocks.push({ section: 'atRisk', text: customerBlock(customer, i, digest.day, locale) }),
  );
  // Right after the list it shortens: a part that opens with it still says which list it belongs to.
  if (digest.omitted > 0) {
    blocks.push({
      section: 'atRisk',
      text: `<font color="warning">${say.wecom.omitted(digest.omitted)}</font>${say.wecom.omittedRest}`,
    });
  }
  digest.recovered.forEach((customer) =>
    blocks.push({ section: 'recovered', text: recoveredLine(customer, locale) }),
  );
  const sectionCounts: Record<SectionId, number> = {
    atRisk: digest.atRisk.length,
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
      const title = say.section[id];
      if (continued) return `### ${title}${message.continued}`;
      return `### ${message.withCount(title, sectionCounts[id])}`;
    },
    truncatedNote: truncatedNote(locale),
  });
}

function digestHeader(digest: RepDigest, index: number, count: number): string {
  const locale = digest.recipient.locale;
  const { digest: say, message } = textFor(locale);
  const total = digest.totalAtRisk;
  const marker = partMarker(index, count, locale);
  if (index > 0) return `## ${say.wecom.heading} ${digest.day}${marker}`;
  const title = total > 0 ? say.wecom.atRisk(total) : say.wecom.noneAtRisk;
  const heading = `## ${say.wecom.heading} ${digest.day}${message.colon}${title}${marker}`;
  const mention = mentionOf(digest.recipient);
  const { fresh, still } = listedCounts(digest);
  const counts = [
    say.wecom.countNew(`<font color="warning">${fresh}</font>`),
    say.wecom.countStill(still),
    say.wecom.countRecovered(`<font color="info">${digest.recovered.length}</font>`),
  ].join(' · ');
  const allClear = digest.atRisk.length === 0 && digest.recovered.length === 0;
  const summary = allClear ? say.wecom.nothingToday : say.wecom.today(counts);
  return `${heading}\n${mention === '' ? '' : `${mention} `}${summary}`;
}

/**
 * One customer: the name with its tier and tag, the risk with its strongest reason, the facts, the other
 * signals, what got worse, the next step. Every sentence comes from customerText, as in the email.
 */
function customerBlock(customer: DigestCustomer, index: number, day: string, locale: Locale): string {
  const { digest: say, message } = textFor(locale);
  const text = customerText(customer, day, locale);
  const colon = message.colon;
  const tag =
    text.status === 'still'
      ? comment(text.statusLabel)
      : `<font color="warning">${text.status === 'escalated' ? '⬆ ' : ''}${text.statusLabel}</font>`;
  // The answer link on the first line: the packer cuts an oversized block from its end, never this.
  const answer = customer.answerPage ? ` [${say.wecom.answer}](${markdownUrl(customer.answerPage)})` : '';
  const lines = [`${index + 1}. ${customerLabel(customer)}${message.aside(text.tierLabel)} ${tag}${answer}`];
  const reason = text.reason && {
    title: text.reason.title && `**${text.reason.title}**`,
    text: safeText(text.reason.text, FINDING_MAX_BYTES),
  };
  // `<1%` must not read as the start of a tag: escaped like any text.
  lines.push(`> ${headlineText({ risk: `**${escapeWecomMarkdown(text.risk)}**`, reason }, locale)}`);
  if (text.escalation) lines.push(`> <font color="warning">${text.escalation}</font>`);
  for (const line of text.factLines) lines.push(`> ${comment(line.map(factText).join(FACT_SEPARATOR))}`);
  for (const signal of text.signals) {
    lines.push(`> **${signal.title}**${colon}${safeText(signal.text, FINDING_MAX_BYTES)}`);
  }
  lines.push(`> ${text.action}`);
  return lines.join('\n');
}

/**
 * A link target that cannot end the markdown link early or open a tag: our links are URL-safe as they are (a
 * base URL and a base64url token, whose `_` and `-` stay as they are), so this only guards a base URL typed
 * with a space, a bracket or a quote.
 */
function markdownUrl(url: string): string {
  return url.replace(/[\s()[\]<>"'`\\]/g, (char) =>
    char.charCodeAt(0) < 0x80
      ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
      : encodeURIComponent(char),
  );
}

function recoveredLine(customer: RecoveredCustomer, locale: Locale): string {
  const tier = textFor(locale).message.aside(tierName(customer.tier, locale));
  return `<font color="info">✔</font> ${customerLabel(customer)}${tier} <font color="info">${recoveredText(customer, locale)}</font>`;
}
