import { parseIsoDay } from '../core/days.ts';
import type { Locale } from '../core/locale.ts';
import { formatMoney } from '../core/money.ts';
import { textFor } from '../text/catalogue.ts';

/**
 * The few building blocks the HTML emails share. Mail clients (Outlook, the Gmail app, WeCom's mail view)
 * drop `<style>` blocks and external CSS unpredictably, so everything here is tables and inline styles, and
 * every text that came from a distributor's data goes through {@link escapeHtml} before it is put in markup.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe to put in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * Tokens a reader takes in at a glance and misreads when split across lines: `2026-10-01`, `2026-07`,
 * `¥3,000.00`, `50 天`, `3 次`, `12 个`, `3 个月`, `14 days`. Browsers and phone mail apps may break after
 * `-` or `,` and between a digit and a Chinese character, so on a narrow screen `2026-10-` ended one line
 * and `01` began the next. The look-behind keeps a match from starting inside a longer number or an entity.
 */
const UNBREAKABLE_RE =
  /(?<![\w.,#&-])(?:\d{4}-\d{2}(?:-\d{2})?(?![\d-])|-?[¥￥]-?\d+(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)? ?(?:个月|[天次个])|\d+(?:\.\d+)? days?\b)/g;

/** The inline style that keeps a token on one line; mail clients honour `white-space` on a span. */
export const NOWRAP = 'white-space:nowrap';

/**
 * Wraps dates, money and day/time counts in `escaped` in a no-wrap span. Takes markup that is already
 * escaped (never raw text: the spans would then be escaped away, and a name such as `<b>2026-10-01` would
 * keep its tag); the tokens contain no markup characters, so escaping first changes none of them.
 */
export function keepTokensTogether(escaped: string): string {
  return escaped.replace(UNBREAKABLE_RE, (token) => `<span style="${NOWRAP}">${token}</span>`);
}

/** Text from anywhere (data included) as markup: escaped first, then dates, money and counts kept whole. */
export const escapeKeepingTokens = (text: string): string => keepTokensTogether(escapeHtml(text));

/** Bidi controls: a name holding U+202E reads backwards from there on (and can disguise what follows). */
export const BIDI_CONTROLS_RE = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `http://`, `https://` and `www.`, which mail clients turn into links: shop names never legitimately hold
 * one, and a link in a digest should only ever be one we put there. The look-alike keeps it readable.
 */
const LINKABLE_RE = /:\/\/|\bwww\./gi;

/**
 * A name or id from master data on one line: control characters and line breaks (a CSV cell can hold them)
 * would break the plain-text layout and the subject line, so they become single spaces; bidi controls are
 * dropped, and URL-like text no longer looks like a URL to a client that links bare addresses.
 *
 * @example oneLine('好又多\u202e超市 www.evil.example') // '好又多超市 www．evil.example'
 */
export function oneLine(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ')
      .replace(BIDI_CONTROLS_RE, '')
      .replace(LINKABLE_RE, (match) => (match === '://' ? '：//' : `${match.slice(0, 3)}．`))
      .trim()
  );
}

/**
 * Money at risk in whole yuan: it is an estimate (risk × a year's sales), so cents would claim a precision
 * it does not have, and `¥63,000` fits a phone-width line where `¥63,000.00` may not.
 */
export const wholeMoney = (minor: number): string => formatMoney(Math.round(minor / 100), 0);

/**
 * Whole days from `date` to `day`, both `YYYY-MM-DD` (a digest's day and, say, the last coupon's date); null
 * when either does not parse or `date` is later, so a reader never sees a negative or made-up age.
 */
export function daysBetween(date: string, day: string): number | null {
  const from = parseIsoDay(date);
  const to = parseIsoDay(day);
  return from === null || to === null || to < from ? null : to - from;
}

/** The footer line naming the config version a message was decided with; none without a version. */
export function configVersionLines(version: number | undefined, locale: Locale): string[] {
  if (version === undefined) return [];
  return [textFor(locale).message.configVersion(version)];
}

/** `+12.5%` / `-3%` / `0%`, one decimal at most. */
export function signedPercent(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded > 0 ? '+' : ''}${rounded}%`;
}

/** A ratio in [0, 1] as a percent with one decimal: `0.125` → `12.5%`. */
export function ratioPercent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

/** Chinese fonts first where the reader has them; the quotes are single because styles sit in `style="…"`. */
export const FONT_FAMILY =
  "-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif";

export const COLORS = {
  text: '#1f2933',
  muted: '#616e7c',
  border: '#d9dee4',
  page: '#f2f4f7',
  card: '#ffffff',
  panel: '#f7f9fb',
  danger: '#c0392b',
  warning: '#b9570f',
  success: '#1e7d46',
  accent: '#1f5fa8',
} as const;

/** The content width: phones scale a 600 px table down cleanly, and no client needs to scroll sideways. */
export const EMAIL_WIDTH = 600;

export interface EmailDocument {
  locale: Locale;
  /** The `<title>`: mail clients show it when the message is opened in a browser. */
  title: string;
  /** The hidden line inbox lists show after the subject. */
  preheader: string;
  /** Already escaped markup, one `<tr>` each, stacked in the 600 px column. */
  rows: string[];
}

/** The whole document around the rows: a centred single column on a light page, readable on a phone. */
export function emailDocument(document: EmailDocument): string {
  // The locale is a BCP 47 tag already, the `lang` a browser or screen reader needs.
  const lang = document.locale;
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="x-apple-disable-message-reformatting">',
    `<title>${escapeHtml(document.title)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background-color:${COLORS.page};">`,
    `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(document.preheader)}</div>`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${COLORS.page};">`,
    // Only 4 px at the sides: on a desktop the column is centred anyway, and on a 390 px phone every pixel
    // of side padding is taken from the text.
    '<tr><td align="center" style="padding:16px 4px;">',
    `<table role="presentation" width="${EMAIL_WIDTH}" cellpadding="0" cellspacing="0" border="0" ` +
      `style="width:100%;max-width:${EMAIL_WIDTH}px;background-color:${COLORS.card};border:1px solid ${COLORS.border};` +
      `border-radius:6px;font-family:${FONT_FAMILY};font-size:15px;line-height:1.6;color:${COLORS.text};">`,
    ...document.rows,
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** One row of the column with the given inner markup; `style` adds to the cell's padding (e.g. a border). */
export const row = (inner: string, padding = '0 24px 16px', style = ''): string =>
  `<tr><td style="padding:${padding};${style}">${inner}</td></tr>`;

/** A heading inside the column; `text` is escaped here. */
export function heading(text: string, options: { level?: 1 | 2; color?: string } = {}): string {
  const level = options.level ?? 2;
  const size = level === 1 ? 20 : 17;
  const color = options.color ?? COLORS.text;
  return (
    `<h${level} style="margin:0;font-size:${size}px;line-height:1.4;font-weight:bold;color:${color};">` +
    `${escapeHtml(text)}</h${level}>`
  );
}

/** A small rounded label such as a tier or "escalated"; `text` is escaped here. */
export function badge(text: string, color: string): string {
  return (
    `<span style="display:inline-block;padding:0 6px;margin-left:6px;border:1px solid ${color};border-radius:3px;` +
    `font-size:12px;line-height:18px;font-weight:normal;color:${color};white-space:nowrap;">${escapeHtml(text)}</span>`
  );
}

/** A square of colour for a chart legend (the charts carry no text of their own). */
export function swatch(color: string): string {
  return (
    `<span style="display:inline-block;width:10px;height:10px;margin-right:4px;background-color:${color};` +
    `vertical-align:middle;"></span>`
  );
}

export interface TableColumn {
  /** Escaped here. */
  title: string;
  align?: 'left' | 'right';
  /**
   * Keeps the column's cells on one line; default for right-aligned (number) columns, so a narrow phone
   * squeezes the text column instead of breaking `¥63,000` in two.
   */
  nowrap?: boolean;
}

/**
 * A compact data table; cells are already escaped markup (so a cell can hold a swatch or bold text). Kept to
 * a handful of short columns, which fit a phone screen at this font size.
 */
export function dataTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const cellStyle = (column: TableColumn | undefined, header: boolean) =>
    `padding:6px 4px;border-bottom:1px solid ${COLORS.border};text-align:${column?.align ?? 'left'};` +
    // Headers may wrap between words but not inside a Chinese one (keep-all), so `有风险` stays whole.
    (header
      ? `font-weight:bold;color:${COLORS.muted};background-color:${COLORS.panel};word-break:keep-all;`
      : (column?.nowrap ?? column?.align === 'right')
        ? 'white-space:nowrap;'
        : '');
  const head = columns
    .map((column) => `<th style="${cellStyle(column, true)}">${escapeHtml(column.title)}</th>`)
    .join('');
  const body = rows
    .map(
      (cells) =>
        '<tr>' +
        cells.map((cell, i) => `<td style="${cellStyle(columns[i], false)}">${cell}</td>`).join('') +
        '</tr>',
    )
    .join('\n');
  return (
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ` +
    `style="width:100%;border-collapse:collapse;font-size:13px;line-height:1.4;">\n<tr>${head}</tr>\n${body}\n</table>`
  );
}

/** Muted small print, for footers and notes; `text` is escaped here. */
export function smallPrint(text: string): string {
  return `<p style="margin:0 0 8px;font-size:12px;line-height:1.5;color:${COLORS.muted};">${escapeHtml(text)}</p>`;
}

/** A paragraph of already escaped markup. */
export function paragraph(inner: string, style = ''): string {
  return `<p style="margin:0 0 8px;${style}">${inner}</p>`;
}

/** Indents each non-empty line of a plain-text block (clients wrap plain text themselves). */
export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}
