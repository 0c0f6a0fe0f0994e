import { type Day, dayFromParts, daysInMonth, MAX_YEAR, MIN_YEAR, parseDay } from '../../core/days.ts';
import { MAX_MINOR, type Minor, parseMoney } from '../../core/money.ts';
import { type OrderLine, type OrderStatus, orderLineSchema } from '../../core/records.ts';

/** An order row as the schema receives it: the mapped CSV cells, keyed by the schema's field names. */
export interface OrderRow {
  orderId?: string | undefined;
  customerId?: string | undefined;
  orderDate?: string | undefined;
  amount?: string | undefined;
  sku?: string | undefined;
  quantity?: string | undefined;
  repId?: string | undefined;
  status?: string | undefined;
  customerName?: string | undefined;
  productName?: string | undefined;
}

/*
 * Validating an order line with zod costs about 3 µs, which makes a 500k-line export take seconds. This is
 * the same validation written out by hand for the values exports are made of. Its contract: whenever it
 * returns a line, `orderLineSchema(timeZone)` would have returned the identical line; whenever in doubt it
 * returns null and the caller runs zod, which also produces the messages. test/adapters/csv/fast-order-line.test.ts
 * holds it to that with generated rows. Dates and amounts go through the core's own parsers, so only the
 * schema's thin wrapping (trim, blank = missing, length limits, key presence) is repeated here.
 */

const ID_MAX = 128;
const TEXT_MAX = 256;

// Sentinel for "the schema would reject this value"; `undefined` already means "missing, which is fine".
const INVALID = Symbol('invalid');

/**
 * The order line zod would produce for `row`, or null if zod might not accept it.
 *
 * @example fastOrderLine({ orderId: 'A1', customerId: 'C1', orderDate: '2024-03-05', amount: '12.50' }, 'Asia/Shanghai')
 * // { orderId: 'A1', customerId: 'C1', amount: 1250, status: 'placed', day: 19787 }
 */
export function fastOrderLine(row: OrderRow, timeZone: string): OrderLine | null {
  const line = orderLineOf(
    row.orderId,
    row.customerId,
    row.orderDate,
    row.amount,
    row.sku,
    row.quantity,
    row.repId,
    row.status,
    row.customerName,
    row.productName,
    timeZone,
  );
  if (line === null || OPTIONAL_KEYS.every((key) => key in row)) return line;
  // zod keeps an optional key that was present in the input (even as undefined) and omits one that was not.
  const kept: Partial<OrderLine> = { ...line };
  for (const key of OPTIONAL_KEYS) if (!(key in row)) delete kept[key];
  return kept as OrderLine;
}

const OPTIONAL_KEYS = ['sku', 'quantity', 'repId', 'customerName', 'productName'] as const;

/** Where each field of an order row is in a CSV row; -1 for a column the file does not have. */
export interface OrderColumns {
  orderId: number;
  customerId: number;
  orderDate: number;
  amount: number;
  sku: number;
  quantity: number;
  repId: number;
  status: number;
  customerName: number;
  productName: number;
}

/** The order row a CSV row stands for: every key present, undefined where the file lacks the column. */
export function orderRowOf(cells: readonly string[], at: OrderColumns): OrderRow {
  return {
    orderId: at.orderId < 0 ? undefined : cells[at.orderId],
    customerId: at.customerId < 0 ? undefined : cells[at.customerId],
    orderDate: at.orderDate < 0 ? undefined : cells[at.orderDate],
    amount: at.amount < 0 ? undefined : cells[at.amount],
    sku: at.sku < 0 ? undefined : cells[at.sku],
    quantity: at.quantity < 0 ? undefined : cells[at.quantity],
    repId: at.repId < 0 ? undefined : cells[at.repId],
    status: at.status < 0 ? undefined : cells[at.status],
    customerName: at.customerName < 0 ? undefined : cells[at.customerName],
    productName: at.productName < 0 ? undefined : cells[at.productName],
  };
}

/**
 * `fastOrderLine(orderRowOf(cells, at), timeZone)` without building the intermediate row, which is a
 * measurable share of the time on a big file.
 */
export function fastOrderLineFromCells(
  cells: readonly string[],
  at: OrderColumns,
  timeZone: string,
  /**
   * A line to overwrite instead of allocating one, for a caller that keeps no line (a reader building
   * profiles as it goes): the line returned is then `into`, valid until the next call.
   */
  into?: OrderLine,
): OrderLine | null {
  return orderLineOf(
    at.orderId < 0 ? undefined : cells[at.orderId],
    at.customerId < 0 ? undefined : cells[at.customerId],
    at.orderDate < 0 ? undefined : cells[at.orderDate],
    at.amount < 0 ? undefined : cells[at.amount],
    at.sku < 0 ? undefined : cells[at.sku],
    at.quantity < 0 ? undefined : cells[at.quantity],
    at.repId < 0 ? undefined : cells[at.repId],
    at.status < 0 ? undefined : cells[at.status],
    at.customerName < 0 ? undefined : cells[at.customerName],
    at.productName < 0 ? undefined : cells[at.productName],
    timeZone,
    into,
  );
}

function orderLineOf(
  orderIdCell: string | undefined,
  customerIdCell: string | undefined,
  orderDateCell: string | undefined,
  amountCell: string | undefined,
  skuCell: string | undefined,
  quantityCell: string | undefined,
  repIdCell: string | undefined,
  statusCell: string | undefined,
  customerNameCell: string | undefined,
  productNameCell: string | undefined,
  timeZone: string,
  into?: OrderLine,
): OrderLine | null {
  const orderId = requiredText(orderIdCell);
  const customerId = requiredText(customerIdCell);
  const dateText = blankToMissing(orderDateCell);
  const amountText = blankToMissing(amountCell);
  if (orderId === null || customerId === null || dateText === undefined || amountText === undefined) {
    return null;
  }

  const day = fastDay(dateText, timeZone);
  const amount = fastMoney(amountText);
  const sku = optionalText(skuCell);
  const quantity = fastQuantity(quantityCell);
  const repId = optionalText(repIdCell);
  const status = fastStatus(statusCell);
  const customerName = optionalText(customerNameCell);
  const productName = optionalText(productNameCell);
  // Asked of every line (not only of return lines, the first of which would make V8 compile the reader again).
  const positiveAmount = amount !== null && amount > 0;
  if (
    day === null ||
    amount === null ||
    sku === INVALID ||
    quantity === INVALID ||
    repId === INVALID ||
    status === null ||
    customerName === INVALID ||
    productName === INVALID ||
    // Goods coming back with money going out counts a return as a sale: the schema says so (refuseSignMismatch).
    (quantity !== undefined && quantity < 0 && positiveAmount)
  ) {
    return null;
  }
  if (into !== undefined) {
    into.orderId = orderId;
    into.customerId = customerId;
    into.amount = amount;
    into.sku = sku;
    into.quantity = quantity;
    into.repId = repId;
    into.status = status;
    into.customerName = customerName;
    into.productName = productName;
    into.day = day;
    return into;
  }
  // One literal in zod's key order, so the record is allocated whole: records are most of a big file's memory.
  return { orderId, customerId, amount, sku, quantity, repId, status, customerName, productName, day };
}

/** The schema's `cell()`: trimmed, and blank is missing. */
function blankToMissing(value: string | undefined): string | undefined {
  if (value === undefined || value.length === 0) return undefined;
  // Most cells have nothing to trim; telling so from the two ends is cheaper than trim() on every cell.
  if (isNeverTrimmed(value.charCodeAt(0)) && isNeverTrimmed(value.charCodeAt(value.length - 1))) return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Printable ASCII, and everything from the kana block up except the BOM: no character trim() removes is
 * in these ranges (its list is ASCII whitespace, U+00A0, U+1680, U+2000–U+205F's spaces, U+3000, U+FEFF).
 */
function isNeverTrimmed(code: number): boolean {
  return (code > 0x20 && code < 0x7f) || (code >= 0x3040 && code !== 0xfeff);
}

function requiredText(value: string | undefined): string | null {
  const text = blankToMissing(value);
  return text === undefined || text.length > ID_MAX ? null : text;
}

function optionalText(value: string | undefined): string | undefined | typeof INVALID {
  const text = blankToMissing(value);
  return text !== undefined && text.length > TEXT_MAX ? INVALID : text;
}

const DIGIT_0 = 0x30;
const DASH = 0x2d;

function digitAt(text: string, index: number): number {
  const digit = text.charCodeAt(index) - DIGIT_0;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

// Lines of one order share a date, and exports are usually sorted by it: the last answer is often the next.
let lastDayText = '';
let lastDayZone = '';
let lastDay: Day | null = null;

function fastDay(text: string, timeZone: string): Day | null {
  if (text === lastDayText && timeZone === lastDayZone) return lastDay;
  const day = dayOf(text, timeZone);
  lastDayText = text;
  lastDayZone = timeZone;
  lastDay = day;
  return day;
}

function dayOf(text: string, timeZone: string): Day | null {
  // `YYYY-MM-DD`, by far the most common form, without the regex; every other form goes to parseDay.
  if (text.length === 10 && text.charCodeAt(4) === DASH && text.charCodeAt(7) === DASH) {
    const y0 = digitAt(text, 0);
    const y1 = digitAt(text, 1);
    const y2 = digitAt(text, 2);
    const y3 = digitAt(text, 3);
    const m0 = digitAt(text, 5);
    const m1 = digitAt(text, 6);
    const d0 = digitAt(text, 8);
    const d1 = digitAt(text, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0) {
      const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      const month = m0 * 10 + m1;
      const day = d0 * 10 + d1;
      if (year < MIN_YEAR || year > MAX_YEAR) return null;
      if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
      return dayFromParts(year, month, day);
    }
  }
  const parsed = parseDay(text, timeZone);
  return parsed.ok ? parsed.day : null;
}

const DOT = 0x2e;
const PLUS = 0x2b;
// 13 integer digits and 2 decimals stay below 2^53, so the arithmetic below is exact.
const MAX_FAST_INTEGER_DIGITS = 13;

function fastMoney(text: string): Minor | null {
  // Plain `-123.45`, the usual export form, by hand; currency marks, grouping and the rest go to parseMoney.
  let index = 0;
  const first = text.charCodeAt(0);
  const negative = first === DASH;
  if (negative || first === PLUS) index = 1;
  let whole = 0;
  const wholeStart = index;
  for (let digit = digitAt(text, index); digit >= 0; digit = digitAt(text, ++index)) {
    whole = whole * 10 + digit;
  }
  const wholeDigits = index - wholeStart;
  let cents = 0;
  let plain = wholeDigits > 0 && wholeDigits <= MAX_FAST_INTEGER_DIGITS;
  if (plain && index < text.length) {
    if (text.charCodeAt(index) !== DOT || text.length - index > 3) plain = false;
    else {
      const tenths = index + 1 < text.length ? digitAt(text, index + 1) : 0;
      const hundredths = index + 2 < text.length ? digitAt(text, index + 2) : 0;
      if (tenths < 0 || hundredths < 0) plain = false;
      else cents = tenths * 10 + hundredths;
    }
  }
  if (plain) {
    const minor = whole * 100 + cents;
    if (minor > MAX_MINOR) return null;
    // A multiplication rather than a negation seen only on the first return line: V8 would throw away its
    // compiled reader there and compile it again (as for the quantity below).
    return minor === 0 ? 0 : (negative ? -1 : 1) * minor;
  }
  const parsed = parseMoney(text);
  return parsed.ok ? parsed.minor : null;
}

function fastQuantity(value: string | undefined): number | undefined | typeof INVALID {
  const text = blankToMissing(value);
  if (text === undefined) return undefined;
  // Plain whole numbers with an optional sign: a return line's `-12` is as common as a sale's `12`.
  const first = text.charCodeAt(0);
  const negative = first === DASH;
  const start = negative || first === PLUS ? 1 : 0;
  let whole = 0;
  let index = start;
  for (let digit = digitAt(text, index); digit >= 0 && index - start < 15; digit = digitAt(text, ++index)) {
    whole = whole * 10 + digit;
  }
  // `+ 0` as the schema does, so `-0` is 0.
  if (index === text.length && index > start) return (negative ? -1 : 1) * whole + 0;
  // Anything else (decimals, grouping, 16 digits and more) goes to the schema, which owns those rules.
  return INVALID;
}

// Status spellings are few, so each one is asked of the schema itself once and remembered: the fast path
// cannot drift from the alias table in records.ts, which it cannot see. Only accepted spellings are kept, so
// a file full of odd ones cannot crowd out the good ones (its rows go through zod, which reports them).
const MAX_REMEMBERED_STATUSES = 256;
const statuses = new Map<string, OrderStatus>();

let lastStatusText = '';
let lastStatus: OrderStatus | null = null;

function fastStatus(value: string | undefined): OrderStatus | null {
  const text = blankToMissing(value);
  if (text === undefined) return 'placed';
  if (text === lastStatusText) return lastStatus;
  const known = remembered(text);
  lastStatusText = text;
  lastStatus = known;
  return known;
}

function remembered(text: string): OrderStatus | null {
  const known = statuses.get(text);
  if (known !== undefined) return known;
  const probe = orderLineSchema('UTC').safeParse({
    orderId: 'probe',
    customerId: 'probe',
    orderDate: '2000-01-01',
    amount: '0',
    status: text,
  });
  if (!probe.success) return null;
  if (statuses.size < MAX_REMEMBERED_STATUSES) statuses.set(text, probe.data.status);
  return probe.data.status;
}
