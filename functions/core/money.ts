import { YUAN_SUFFIX } from './input-spellings.ts';
/**
 * Money is an integer count of minor units (fen for CNY): sums and comparisons are exact, and nothing is
 * ever a binary fraction. Parsing works on the decimal text, never through a float.
 */
export type Minor = number;

/**
 * The largest amount one record may carry, and one order's sales or returns may add up to: 10 billion in
 * currency units (10^12 minor units). Integers stay exact below 2^53 ≈ 9.007 × 10^15, which is only 9,007
 * such amounts: a sum of 9,008 maximum-size amounts is already past it. So an order's total is bounded here
 * as well as each amount ({@link withinOrderTotals}), which keeps every order's net within ±10^12; a
 * customer's sums over its orders stay exact as long as fewer than 9,007 maximum-size orders are summed.
 */
export const MAX_MINOR = 1e12;

export type MoneyParseResult =
  { ok: true; minor: Minor } | { ok: false; reason: 'format' | 'precision' | 'range' };

// Currency marks ERP and spreadsheet exports put around amounts: ¥/￥ prefixes, 元/RMB/CNY suffixes.
const CURRENCY_RE = new RegExp(`^(?:[¥￥$]|RMB|CNY)\\s*|\\s*(?:${YUAN_SUFFIX}|RMB|CNY)$`, 'gi');
const NUMBER_RE = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/**
 * Parses a decimal amount in currency units into minor units. Accepts thousands separators, currency
 * marks, a full-width minus and accounting parentheses for negatives. Digits beyond the minor unit must be
 * zeros (`12.300` is fine, `12.345` is refused rather than rounded).
 *
 * @example parseMoney('¥1,234.5') // { ok: true, minor: 123450 }
 */
export function parseMoney(input: string | number, minorDigits = 2): MoneyParseResult {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: 'format' };
    text = String(input);
    if (/e/i.test(text)) return { ok: false, reason: 'range' };
  } else {
    text = input.trim().replace(/[－−]/g, '-').replace(/，/g, ',');
  }
  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  // A sign may stand before the currency mark (-¥100.00) as well as after it (¥-100.00).
  let outerSign = '';
  if (/^[+-]\s*(?:[¥￥$]|RMB|CNY)/i.test(text)) {
    outerSign = text[0] as string;
    text = text.slice(1).trim();
  }
  text = text.replace(CURRENCY_RE, '');
  if (outerSign) {
    if (/^[+-]/.test(text)) return { ok: false, reason: 'format' };
    text = outerSign + text;
  }
  if (text.includes(',')) {
    // Only grouping commas (1,234,567.89); a decimal comma would be ambiguous, so it is an error.
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) return { ok: false, reason: 'format' };
    text = text.replace(/,/g, '');
  }
  const m = NUMBER_RE.exec(text);
  if (!m) return { ok: false, reason: 'format' };
  const fraction = m[3] ?? '';
  if (fraction.length > minorDigits && !/^0*$/.test(fraction.slice(minorDigits))) {
    return { ok: false, reason: 'precision' };
  }
  const digits = (m[2] ?? '') + fraction.slice(0, minorDigits).padEnd(minorDigits, '0');
  const magnitude = Number(digits);
  if (!Number.isSafeInteger(magnitude) || magnitude > MAX_MINOR) return { ok: false, reason: 'range' };
  const sign = (m[1] === '-') !== negative ? -1 : 1;
  return { ok: true, minor: magnitude === 0 ? 0 : sign * magnitude };
}

/**
 * Whether an order's line amounts add up to at most {@link MAX_MINOR} in sales and in returns. Each amount is
 * within MAX_MINOR already, so the running sums here stay far below 2^53 for any realistic count of lines;
 * the check stops as soon as either is over.
 *
 * @example withinOrderTotals([6e11, 6e11]) // false: 12 billion in sales
 */
export function withinOrderTotals(amounts: Iterable<Minor>): boolean {
  let sales = 0;
  let returns = 0;
  for (const amount of amounts) {
    if (amount > 0) sales += amount;
    else returns -= amount;
    if (sales > MAX_MINOR || returns > MAX_MINOR) return false;
  }
  return true;
}

/** Minor units as a plain decimal string (`123450` → `1234.50`), for CSV and JSON consumers. */
export function formatDecimal(minor: Minor, minorDigits = 2): string {
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(minorDigits + 1, '0');
  if (minorDigits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -minorDigits)}.${abs.slice(-minorDigits)}`;
}

/** Minor units for people: `¥1,234.50`. Grouping is done on the integer part, so it stays exact. */
export function formatMoney(minor: Minor, minorDigits = 2, symbol = '¥'): string {
  const plain = formatDecimal(minor, minorDigits);
  const negative = plain.startsWith('-');
  const [whole = '0', fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${symbol}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A configured amount in currency units (e.g. a threshold of 200.5 元) as minor units, exactly. */
export function minorFromUnits(amount: number, minorDigits = 2): Minor {
  // Rules call this per customer with the same few configured values.
  if (amount === 0) return 0;
  const parsed = parseMoney(amount, minorDigits);
  if (parsed.ok) return parsed.minor;
  // Config validation bounds amounts, so this only rounds values with sub-cent noise such as 0.1 + 0.2.
  return Math.round(amount * 10 ** minorDigits);
}
