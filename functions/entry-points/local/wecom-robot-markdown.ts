import { escapeHtml } from '../../render/html.ts';
import type { WecomMsgtype } from './wecom-receiver-types.ts';

/**
 * A robot message as the WeCom client shows it, as HTML, for the local receiver's page. Only the syntax the
 * robot documents for each message type is rendered (`markdown`: headings `#`…`######` followed by a space,
 * `**bold**`, `[text](url)`, `` `code` `` within a line, `>` quotes, `<font color="info|comment|warning">`
 * and `<@userid>` mentions; `markdown_v2`: the same without colours and mentions; `text`: mentions only).
 * Everything else — `*italic*` in `markdown`, lists, tables, other tags, other colours — shows as the
 * literal text, so a message that would look wrong in a group looks wrong here too. Every character of
 * the content is escaped: colours become fixed class names and links keep only `http(s)` URLs, so no
 * message can put markup or script on the page.
 *
 * @example renderRobotMessage('# 晨报\n<@zhangsan> 新增 <font color="warning">2</font> 位', 'markdown')
 * // '<h1>晨报</h1><p><span class="mention">@zhangsan</span> 新增 <span class="font-warning">2</span> 位</p>'
 */
export function renderRobotMessage(content: string, msgtype: WecomMsgtype): string {
  const dialect = DIALECTS[msgtype];
  const html: string[] = [];
  let quote: { level: number; lines: string[] } | undefined;
  const closeQuote = () => {
    if (quote) html.push(`<blockquote class="level-${quote.level}">${quote.lines.join('')}</blockquote>`);
    quote = undefined;
  };
  for (const line of content.split(/\r?\n/)) {
    const block: Block = dialect.blocks
      ? parseBlock(line, msgtype === 'markdown_v2')
      : { kind: 'line', text: line };
    if (block.kind === 'quote') {
      if (quote?.level !== block.level) closeQuote();
      quote ??= { level: block.level, lines: [] };
      quote.lines.push(paragraph(block.text, dialect.inline));
      continue;
    }
    closeQuote();
    if (block.kind === 'heading') {
      html.push(`<h${block.level}>${renderInline(block.text, dialect.inline)}</h${block.level}>`);
    } else {
      html.push(paragraph(block.text, dialect.inline));
    }
  }
  closeQuote();
  return html.join('');
}

type Inline = 'code' | 'font' | 'mention' | 'bold' | 'link';

interface Dialect {
  /** Headings and quotes. */
  blocks: boolean;
  inline: ReadonlySet<Inline>;
}

const DIALECTS: Record<WecomMsgtype, Dialect> = {
  markdown: { blocks: true, inline: new Set(['code', 'font', 'mention', 'bold', 'link']) },
  markdown_v2: { blocks: true, inline: new Set(['code', 'bold', 'link']) },
  // "text/markdown 类型消息支持在 content 中使用 <@userid> 扩展语法来 @群成员"; nothing else is markup.
  text: { blocks: false, inline: new Set(['mention']) },
};

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'quote'; level: number; text: string }
  | { kind: 'line'; text: string };

/** The robot needs the space after the `#`s ("注意#与文字中间要有空格"); `#标题` stays text. */
const HEADING_RE = /^(#{1,6}) +(\S.*)$/;

function parseBlock(line: string, nestedQuotes: boolean): Block {
  const heading = HEADING_RE.exec(line);
  if (heading) return { kind: 'heading', level: heading[1]?.length ?? 1, text: heading[2] ?? '' };
  // markdown_v2 nests quotes with `>>`; in markdown the second `>` is text.
  const quote = (nestedQuotes ? /^(>{1,3}) ?(.*)$/ : /^(>) ?(.*)$/).exec(line);
  if (quote) return { kind: 'quote', level: quote[1]?.length ?? 1, text: quote[2] ?? '' };
  return { kind: 'line', text: line };
}

/** One line of the message: the client keeps the sender's line breaks, blank lines included. */
function paragraph(text: string, inline: ReadonlySet<Inline>): string {
  return text.trim() === '' ? '<p class="blank"></p>' : `<p>${renderInline(text, inline)}</p>`;
}

const FONT_OPEN_RE = /<font color="(info|comment|warning)">/y;
const FONT_CLOSE = '</font>';
/** WeCom user ids are letters, digits and `_ - . @`; `<@…>` with anything else is text. */
const MENTION_RE = /<@([A-Za-z0-9_.@-]{1,64})>/y;
const LINK_RE = /\[([^\]\n]+)\]\(([^)\s]+)\)/y;

interface Match {
  html: string;
  end: number;
}

/** `text` as HTML, with the `allowed` constructs rendered and every other character escaped. */
function renderInline(text: string, allowed: ReadonlySet<Inline>): string {
  let html = '';
  let literalFrom = 0;
  let i = 0;
  while (i < text.length) {
    const match = matchAt(text, i, allowed);
    if (match) {
      html += escapeHtml(text.slice(literalFrom, i)) + match.html;
      i = match.end;
      literalFrom = i;
    } else {
      i += 1;
    }
  }
  return html + escapeHtml(text.slice(literalFrom));
}

const without = (allowed: ReadonlySet<Inline>, construct: Inline): ReadonlySet<Inline> =>
  new Set([...allowed].filter((item) => item !== construct));

/** The construct that starts at `i`, if it is allowed and closed on this line. */
function matchAt(text: string, i: number, allowed: ReadonlySet<Inline>): Match | undefined {
  const char = text[i];
  // Inside a code span nothing is markup, so it is tried first.
  if (char === '`' && allowed.has('code')) {
    const end = text.indexOf('`', i + 1);
    if (end > i + 1) return { html: `<code>${escapeHtml(text.slice(i + 1, end))}</code>`, end: end + 1 };
  }
  if (char === '<' && allowed.has('font')) {
    FONT_OPEN_RE.lastIndex = i;
    const open = FONT_OPEN_RE.exec(text);
    const close = open ? text.indexOf(FONT_CLOSE, FONT_OPEN_RE.lastIndex) : -1;
    if (open && close >= 0) {
      const inner = renderInline(text.slice(FONT_OPEN_RE.lastIndex, close), without(allowed, 'font'));
      // The colour is one of three fixed words, never text from the message.
      return { html: `<span class="font-${open[1]}">${inner}</span>`, end: close + FONT_CLOSE.length };
    }
  }
  if (char === '<' && allowed.has('mention')) {
    MENTION_RE.lastIndex = i;
    const mention = MENTION_RE.exec(text);
    if (mention) return { html: mentionHtml(mention[1] ?? ''), end: MENTION_RE.lastIndex };
  }
  if (char === '*' && text[i + 1] === '*' && allowed.has('bold')) {
    const end = text.indexOf('**', i + 2);
    if (end > i + 2) {
      const inner = renderInline(text.slice(i + 2, end), without(allowed, 'bold'));
      return { html: `<strong>${inner}</strong>`, end: end + 2 };
    }
  }
  if (char === '[' && allowed.has('link')) {
    LINK_RE.lastIndex = i;
    const link = LINK_RE.exec(text);
    const url = link?.[2] ?? '';
    if (link && /^https?:\/\//i.test(url) && URL.canParse(url)) {
      const label = renderInline(link[1] ?? '', without(allowed, 'link'));
      return {
        html: `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${label}</a>`,
        end: LINK_RE.lastIndex,
      };
    }
  }
  return undefined;
}

/** How a mention shows: the client shows the member's name, which only WeCom knows, so the id stands in. */
export function mentionHtml(userid: string): string {
  return `<span class="mention">@${escapeHtml(userid)}</span>`;
}
