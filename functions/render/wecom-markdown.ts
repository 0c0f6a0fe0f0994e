import type { Locale } from '../core/locale.ts';
import { textFor } from '../text/catalogue.ts';
import type { Recipient } from './digest-model.ts';
import { BIDI_CONTROLS_RE } from './html.ts';

/**
 * Helpers for WeCom group-robot `markdown` messages: making customer-provided text inert, and measuring and
 * cutting text in the unit the robot counts (UTF-8 bytes).
 */

/** The robot refuses `markdown.content` over this many UTF-8 bytes (errcode 40058). */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

/**
 * Markup characters and the full-width look-alikes they become. Backslash escapes are not used because the
 * robot does not document them: if it ignored them, `\*` would show a stray backslash and still start bold
 * text; if it honoured them, a name ending in `\` could escape *our* markup that follows it. A full-width
 * character is markup in no renderer, so the result is safe either way, and it reads naturally in Chinese
 * text, where full-width punctuation is normal.
 */
const LOOK_ALIKES: Record<string, string> = {
  '<': '＜', // `<@userid>` mentions and `<font>` tags
  '>': '＞', // the other half of those, and `>` quotes
  '*': '＊', // **bold**
  _: '＿', // __bold__ / _italic_ in common markdown dialects
  '`': '｀', // `code`
  '[': '［', // [link](url)
  ']': '］',
  '~': '～', // ~~strike~~ in common markdown dialects
  '\\': '＼', // a trailing backslash would escape the markup we put after the text
  '&': '＆', // `&lt;@all&gt;` must not turn back into a mention if the client decodes entities
};

const MARKUP_RE = /[<>*_`[\]~\\&]/g;
/** Line breaks of any kind, other control characters, and bidi controls that could make text read backwards. */
const BREAKS_RE = /\r\n|[\p{Cc}\u2028\u2029]/gu;
/** A heading needs `#` at the start of a line; the text may be placed at one. */
const LEADING_HASH_RE = /^(\s*)#/;
/**
 * `http://evil` stays readable but no longer looks like a URL, so a client that links bare URLs has nothing
 * to link: shop names never legitimately contain one.
 */
const SCHEME_RE = /:\/\//g;

/**
 * Makes a customer-provided string (shop name, id, SKU name, rep name) safe to put anywhere in a WeCom
 * markdown message: it can no longer open a heading, quote, bold, code span, link, colour or mention, and
 * cannot break the line it is on. The visible text stays the same to a reader.
 *
 * @example escapeWecomMarkdown('**<@all>**[x](http://evil)') // '＊＊＜@all＞＊＊［x］(http：//evil)'
 */
export function escapeWecomMarkdown(text: string): string {
  return text
    .replace(BREAKS_RE, ' ')
    .replace(BIDI_CONTROLS_RE, '')
    .replace(MARKUP_RE, (char) => LOOK_ALIKES[char] ?? char)
    .replace(SCHEME_RE, '：//')
    .replace(LEADING_HASH_RE, '$1＃');
}

/** UTF-8 bytes of `text`, the unit of the robot's limits. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

const ELLIPSIS = '…';
const ELLIPSIS_BYTES = 3;

/** UTF-8 bytes of one code point (a lone surrogate is sent as U+FFFD, 3 bytes). */
function codePointBytes(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * `text` if it fits in `maxBytes` UTF-8 bytes; otherwise its longest prefix of whole code points (never half
 * a surrogate pair or a multi-byte sequence) followed by "…", all within `maxBytes`. When even "…" does not
 * fit, the longest prefix without it.
 */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const budget = maxBytes >= ELLIPSIS_BYTES ? maxBytes - ELLIPSIS_BYTES : maxBytes;
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = codePointBytes(char.codePointAt(0) as number);
    if (used + size > budget) break;
    used += size;
    end += char.length;
  }
  return maxBytes >= ELLIPSIS_BYTES ? text.slice(0, end) + ELLIPSIS : text.slice(0, end);
}

export interface WecomRenderOptions {
  /** UTF-8 bytes per message; default the robot's 4096. */
  maxBytes?: number;
}

/**
 * Caps on customer-provided text, so that one customer's block (nine signals at most) stays well inside a
 * message and the packer never has to cut one: a 2 KB shop name says nothing more than a 120-byte one.
 */
export const NAME_MAX_BYTES = 120;
export const ID_MAX_BYTES = 64;

/** Escaped and capped customer-provided text. */
export const safeText = (text: string, maxBytes: number): string =>
  truncateToBytes(escapeWecomMarkdown(text), maxBytes);

/**
 * WeCom user ids are letters, digits and `_ - . @`. Anything else did not come from WeCom and could close
 * the `<@…>` tag early, so it is not mentioned at all rather than mentioned wrongly; `all` would ping the
 * whole group.
 */
const USERID_RE = /^[A-Za-z0-9_.@-]{1,64}$/;

/** `<@userid>` for the recipient, or '' when there is no (valid) id. */
export function mentionOf(recipient: Recipient): string {
  const id = recipient.wecomUserid;
  if (id === undefined || !USERID_RE.test(id) || /^@?all$/i.test(id)) return '';
  return `<@${id}>`;
}

/** The marker a part's heading carries when a message was split: "（1/3）", "（续 2/3）". */
export function partMarker(partIndex: number, partCount: number, locale: Locale): string {
  if (partCount <= 1) return '';
  const n = `${partIndex + 1}/${partCount}`;
  const say = textFor(locale).message;
  return partIndex === 0 ? say.firstPart(n) : say.laterPart(n);
}

/** A note the packer appends to a block it had to cut, which only happens with a very small maxBytes. */
export const truncatedNote = (locale: Locale): string => textFor(locale).message.cutShort;

export const configFooter = (configVersion: number | undefined, locale: Locale): string =>
  configVersion === undefined
    ? ''
    : `<font color="comment">${textFor(locale).message.configVersionShort} v${configVersion} · churn-watch</font>`;
