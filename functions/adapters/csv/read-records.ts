import { readFile } from 'node:fs/promises';
import type * as z from 'zod';
import type { Day } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import { addOrderLines, ProfileBuilder } from '../../core/profile.ts';
import {
  type AnswerRecord,
  answerRecordSchema,
  type Customer,
  type CustomerEvent,
  customerEventSchema,
  customerSchema,
  type OrderLine,
  orderLineSchema,
  type Rep,
  repSchema,
} from '../../core/records.ts';
import { MAX_MINOR, type Minor, withinOrderTotals } from '../../core/money.ts';
import { toFieldIssues } from '../../core/validation.ts';
import { describeFieldProblem, describeValueProblem } from '../../text/problems.ts';
import { cliTextFor, cliWorded } from '../../text/cli-catalogue.ts';
import { type ColumnMapping, type MappedColumn, mapColumns, type RecordKind } from './columns.ts';
import { decodeText, type TextEncoding } from './decode.ts';
import {
  InputFileError,
  InvalidRowsError,
  type Wording,
  MissingColumnsError,
  type RowIssue,
  UndecodableTextError,
} from './errors.ts';
import { fastOrderLineFromCells, type OrderColumns, orderRowOf } from './fast-order-line.ts';
import { OrderOwners } from './order-index.ts';
import { type CsvRow, CsvRowReader, type Delimiter, detectDelimiter } from './parse-csv.ts';

export type { RowIssue } from './errors.ts';

/** What each kind of export becomes. */
export interface RecordTypes {
  orders: OrderLine;
  customers: Customer;
  reps: Rep;
  visits: CustomerEvent;
  coupons: CustomerEvent;
  complaints: CustomerEvent;
  answers: AnswerRecord;
}

export interface ReadRecordsOptions {
  /** Days are calendar days in this IANA zone (date-times with an offset are converted into it). */
  timeZone: string;
  /** The language of issues, notices and errors. */
  locale: Locale;
  /**
   * Return the valid rows and list the invalid ones in `issues`. Without it, any invalid row makes the read
   * throw {@link InvalidRowsError} (carrying every issue), so nothing is evaluated on part of a file unnoticed.
   */
  skipInvalid?: boolean;
}

export interface RecordFile<K extends RecordKind> {
  records: RecordTypes[K][];
  /** The physical line each record starts on, index for index with `records`. */
  recordLines: number[];
  issues: RowIssue[];
  /** How the file's bytes were decoded; undefined when text was handed in. */
  encoding: TextEncoding | undefined;
  delimiter: Delimiter;
  /** Data rows below the header, rows with only empty cells not counted. Each is a record or has issues. */
  rowsRead: number;
  /** For the admin, in their language: ignored columns, skipped lines, an empty file. */
  notices: string[];
  /**
   * The header each field was read from, by the record's field name (`repId` → `业务员`): what a problem found
   * after reading (an unknown rep at import) names as the column.
   */
  headers: Record<string, string>;
}

/**
 * Reads an export (UTF-8 with or without BOM, UTF-16 with BOM, or GBK/GB18030; comma, tab, semicolon or
 * pipe separated; English or Chinese headers) into validated records.
 *
 * @throws {InputFileError} the file cannot be read or decoded, or its CSV is malformed
 * @throws {MissingColumnsError} required columns are missing
 * @throws {InvalidRowsError} some rows are invalid and `skipInvalid` is not set
 * @example
 * const { records } = await readRecordFile('orders.csv', 'orders', { timeZone: 'Asia/Shanghai', locale: 'zh-CN' });
 */
export async function readRecordFile<K extends RecordKind>(
  path: string,
  kind: K,
  options: ReadRecordsOptions,
): Promise<RecordFile<K>> {
  const decoded = await readDecoded(path);
  const result = readRecordText(decoded.text, path, kind, options);
  result.encoding = decoded.encoding;
  return result;
}

/** An orders export read straight into profiles: the file's account without its records. */
export interface OrderProfilesFile extends Omit<RecordFile<'orders'>, 'records' | 'recordLines'> {
  /** Every valid line, folded in as read: `profiles.finish(events)` gives the profiles as of the day. */
  profiles: ProfileBuilder;
}

export interface OrderProfilesOptions extends ReadRecordsOptions {
  asOf: Day;
  retentionDays: number;
}

/**
 * Reads an orders export as {@link readRecordFile} does (the same checks, issues, notices and errors, every
 * row validated, later ones too) but folds each valid line into profiles as of `asOf` as it is read, instead
 * of keeping it: what `evaluate` needs from a big export, in one pass and without an object per line. Lines
 * dated after `asOf` are validated and counted, not built.
 *
 * @throws what {@link readRecordFile} throws, for the same files
 * @example
 * const { profiles } = await readOrderProfiles('orders.csv', { timeZone, locale: 'zh-CN', asOf, retentionDays });
 * const { profiles: byCustomer, stats } = profiles.finish({});
 */
export async function readOrderProfiles(
  path: string,
  options: OrderProfilesOptions,
): Promise<OrderProfilesFile> {
  const decoded = await readDecoded(path);
  const result = readOrderProfilesText(decoded.text, path, options);
  result.encoding = decoded.encoding;
  return result;
}

/** {@link readOrderProfiles} for text already in memory. `fileLabel` is how issues and errors name the input. */
export function readOrderProfilesText(
  text: string,
  fileLabel: string,
  options: OrderProfilesOptions,
): OrderProfilesFile {
  const builder = new ProfileBuilder(options);
  const result = emptyRecordFile<'orders'>(text);
  const reader = readRows(text, fileLabel, 'orders', options, result, {
    accept: (line, order) => builder.add(order, line),
    keepsLines: false,
  });
  if (reader !== undefined && reader.amountMagnitude > MAX_MINOR) {
    // Orders that add up past MAX_MINOR are refused whole, with every line of them, which lines already
    // folded in cannot undo: such a file is read again into records. No everyday export comes here.
    const file = readRecordText(text, fileLabel, 'orders', options);
    const profiles = new ProfileBuilder(options);
    addOrderLines(profiles, file.records);
    return withoutRecords(file, profiles);
  }
  if (reader !== undefined) finishRows(reader, fileLabel, result, options);
  return withoutRecords(result, builder);
}

function withoutRecords(file: RecordFile<'orders'>, profiles: ProfileBuilder): OrderProfilesFile {
  const { issues, encoding, delimiter, rowsRead, notices, headers } = file;
  return { issues, encoding, delimiter, rowsRead, notices, headers, profiles };
}

async function readDecoded(path: string): Promise<{ text: string; encoding: TextEncoding }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new InputFileError(path, cannotRead(path, cause), { cause });
  }
  try {
    return decodeText(bytes);
  } catch (cause) {
    if (!(cause instanceof UndecodableTextError)) throw cause;
    throw new InputFileError(
      path,
      cliWorded((text) => text.inputFiles.undecodable(path)),
      { cause },
    );
  }
}

// ERP reports often put a title and an export date above the header; this many lines are searched for it.
const MAX_LINES_BEFORE_HEADER = 10;

/**
 * {@link readRecordFile} for text already in memory. `fileLabel` is how issues and errors name the input.
 */
export function readRecordText<K extends RecordKind>(
  text: string,
  fileLabel: string,
  kind: K,
  options: ReadRecordsOptions,
): RecordFile<K> {
  const result = emptyRecordFile<K>(text);
  const records = kind === 'orders' ? new OrderRecords(result as RecordFile<'orders'>) : undefined;
  const reader = readRows(
    text,
    fileLabel,
    kind,
    options,
    result,
    records && {
      accept: (line, order, lineNumber) => records.accept(line, order, lineNumber),
      keepsLines: true,
    },
  );
  if (reader === undefined) return result;
  if (records && reader.amountMagnitude > MAX_MINOR)
    records.refuseOversizedOrders(fileLabel, reader.byKey, options);
  finishRows(reader, fileLabel, result, options);
  return result;
}

function emptyRecordFile<K extends RecordKind>(text: string): RecordFile<K> {
  return {
    records: [],
    recordLines: [],
    issues: [],
    encoding: undefined,
    delimiter: detectDelimiter(firstLineWithDelimiter(text)),
    rowsRead: 0,
    notices: [],
    headers: {},
  };
}

/**
 * Finds the header and reads every row below it into `result` (issues, notices, records of kinds other than
 * orders) and, for orders, into `orders`. Undefined for an empty file.
 */
function readRows<K extends RecordKind>(
  text: string,
  fileLabel: string,
  kind: K,
  options: ReadRecordsOptions,
  result: RecordFile<K>,
  orders: OrderLineSink | undefined,
): RowReader<K> | undefined {
  const words = cliTextFor(options.locale).inputFiles;
  const rows = new CsvRowReader(text, result.delimiter, fileLabel);

  const leading: CsvRow[] = [];
  let header: CsvRow | undefined;
  let mapping: ColumnMapping | undefined;
  while (leading.length < MAX_LINES_BEFORE_HEADER) {
    const row = rows.next();
    if (row === undefined) break;
    const candidate = mapColumns(row.cells, kind, options.locale);
    if (candidate.missing.length === 0) {
      header = row;
      mapping = candidate;
      break;
    }
    leading.push(row);
  }
  if (!header || !mapping) {
    const first = leading[0];
    if (!first) {
      result.notices.push(words.empty(fileLabel));
      return undefined;
    }
    const firstMapping = mapColumns(first.cells, kind, options.locale);
    throw new MissingColumnsError(fileLabel, firstMapping.missing, first.cells);
  }
  if (leading.length > 0) {
    const lines = leading.map((row) => row.line).join(', ');
    result.notices.push(
      words.inFile(fileLabel, words.skippedAboveHeader(leading.length, lines, header.line)),
    );
  }
  // Each notice names its file: evaluate and import read several, and "以下列未使用：「amount」" alone does not say
  // which one has the column.
  const inFile = (notice: string) => words.inFile(fileLabel, notice);
  result.notices.push(...mapping.notices.map(inFile));
  for (const column of mapping.columns) result.headers[column.spec.key] = column.header;

  const reader = new RowReader(
    fileLabel,
    kind,
    header.cells.length,
    mapping.columns,
    options,
    result,
    orders,
  );
  // One cells array for every row: the reader keeps no row's cells.
  const cells: string[] = [];
  for (let line = rows.nextInto(cells); line !== 0; line = rows.nextInto(cells)) reader.read(cells, line);
  return reader;
}

/** After the last row: the blank rows said, and without `skipInvalid` any issue stops the read. */
function finishRows<K extends RecordKind>(
  reader: RowReader<K>,
  fileLabel: string,
  result: RecordFile<K>,
  options: ReadRecordsOptions,
): void {
  if (reader.blankRows > 0) {
    const words = cliTextFor(options.locale).inputFiles;
    result.notices.push(words.inFile(fileLabel, words.skippedBlankRows(reader.blankRows)));
  }
  if (result.issues.length > 0 && !options.skipInvalid) throw new InvalidRowsError(fileLabel, result.issues);
}

/**
 * Where the valid order lines of a file go: kept as records (import, backtest) or folded into profiles as
 * they come (evaluate). `order` numbers the line's order id from 0 in order of first appearance.
 */
interface OrderLineSink {
  accept(line: OrderLine, order: number, lineNumber: number): void;
  /** False when `accept` keeps nothing of the line object itself, which can then be one reused for every row. */
  keepsLines: boolean;
}

/** Turns rows into records or issues, one at a time, keeping what it needs across rows (order owners). */
class RowReader<K extends RecordKind> {
  blankRows = 0;
  /**
   * Of every order line's amount, positive or not: while it is within MAX_MINOR, so is every order's total.
   * It starts as −0 (the same as 0 in every sum and comparison) because −0 is not a small integer: V8 then
   * lays the field out as a double from the start, instead of changing the reader's layout when the sum
   * passes 2³¹ minor units mid-file and compiling the reading loop again.
   */
  amountMagnitude = -0;
  readonly byKey: ReadonlyMap<string, MappedColumn>;
  readonly #file: string;
  readonly #headerCount: number;
  readonly #columns: readonly MappedColumn[];
  readonly #options: ReadRecordsOptions;
  readonly #result: RecordFile<K>;
  readonly #schema: z.ZodType<unknown>;
  readonly #orders: OrderColumns | undefined;
  readonly #sink: OrderLineSink | undefined;
  /** The one line every valid row is read into, when the sink keeps none. */
  readonly #scratch: OrderLine | undefined;
  readonly #owners = new OrderOwners();
  #previousOrder = -1;
  #previousOrderId = '';

  constructor(
    file: string,
    kind: K,
    headerCount: number,
    columns: readonly MappedColumn[],
    options: ReadRecordsOptions,
    result: RecordFile<K>,
    sink: OrderLineSink | undefined,
  ) {
    this.#file = file;
    this.#headerCount = headerCount;
    this.#columns = columns;
    this.byKey = new Map(columns.map((column) => [column.spec.key, column]));
    this.#options = options;
    this.#result = result;
    this.#schema = schemaFor(kind, options.timeZone);
    this.#orders = kind === 'orders' ? orderColumns(columns) : undefined;
    this.#sink = sink;
    if (sink && !sink.keepsLines) this.#scratch = scratchLine();
  }

  /** Reads one row: its cells (not kept) and the line it starts on. */
  read(cells: readonly string[], line: number): void {
    if (cells.length > this.#headerCount && this.#extraCells(cells, line)) return;
    const orders = this.#orders;
    // The usual case first: a valid order line is neither blank nor anything else that needs a closer look.
    const valid = orders && fastOrderLineFromCells(cells, orders, this.#options.timeZone, this.#scratch);
    if (valid) {
      this.#result.rowsRead++;
      this.#acceptOrder(valid, line);
      return;
    }
    if (isBlank(cells)) {
      this.blankRows++;
      return;
    }
    this.#result.rowsRead++;
    if (orders) {
      this.#validate(orderRowOf(cells, orders), line);
      return;
    }
    const input: Record<string, string | undefined> = {};
    for (const column of this.#columns) input[column.spec.key] = cells[column.index];
    this.#validate(input, line);
  }

  #validate(input: object, line: number): void {
    const parsed = this.#schema.safeParse(input);
    if (parsed.success) {
      if (this.#orders) this.#acceptOrder(parsed.data as OrderLine, line);
      else {
        this.#result.records.push(parsed.data as RecordTypes[K]);
        this.#result.recordLines.push(line);
      }
      return;
    }
    const values = input as Record<string, string | undefined>;
    for (const problem of toFieldIssues(parsed.error, input)) {
      const column = this.byKey.get(problem.field);
      this.#result.issues.push({
        file: this.#file,
        line,
        column: column?.header ?? '',
        field: column?.spec.field ?? problem.field,
        value: values[problem.field] ?? '',
        message: describeFieldProblem(problem.problem, this.#options.locale),
      });
    }
  }

  #acceptOrder(line: OrderLine, lineNumber: number): void {
    // Lines of one order usually follow each other, which saves the lookup for all but an order's first line.
    const order =
      this.#previousOrder >= 0 && this.#previousOrderId === line.orderId
        ? this.#previousOrder
        : this.#owners.claim(line.orderId, line.customerId, lineNumber);
    const owner = this.#owners.customerIdOf(order);
    if (owner !== line.customerId) {
      this.#orderConflict(line, owner, this.#owners.lineOf(order), lineNumber);
      return;
    }
    // The one copy of each: a big export names the same few thousand customers over and over.
    line.orderId = this.#owners.orderIdOf(order);
    line.customerId = owner;
    this.#previousOrder = order;
    this.#previousOrderId = line.orderId;
    this.amountMagnitude += Math.abs(line.amount);
    this.#sink?.accept(line, order, lineNumber);
  }

  #orderConflict(line: OrderLine, owner: string, firstLine: number, lineNumber: number): void {
    this.#result.issues.push({
      file: this.#file,
      line: lineNumber,
      column: this.byKey.get('orderId')?.header ?? '',
      field: 'order_id',
      value: line.orderId,
      message: cliTextFor(this.#options.locale).inputFiles.orderOfTwoCustomers(
        line.orderId,
        firstLine,
        owner,
        line.customerId,
      ),
    });
  }

  /** Cells beyond the header shift every value after an unquoted comma, so they fail the row. */
  #extraCells(cells: readonly string[], line: number): boolean {
    const extra = cells.slice(this.#headerCount);
    // Trailing empty cells (a stray delimiter at the end of the line) carry nothing and shift nothing.
    if (isBlank(extra)) return false;
    const headers = this.#headerCount;
    const count = cells.length;
    this.#result.issues.push({
      file: this.#file,
      line,
      column: '',
      field: '',
      value: extra.join(this.#result.delimiter),
      message: cliTextFor(this.#options.locale).inputFiles.extraCells(count, headers, this.#result.delimiter),
    });
    this.#result.rowsRead++;
    return true;
  }
}

// Enough for every SKU and rep of a large distributor; values beyond it are simply not shared.
const MAX_INTERNED = 200_000;

/** Order lines kept as records, for the commands that need every line (import, backtest). */
class OrderRecords {
  readonly #result: RecordFile<'orders'>;
  readonly #interned = new Map<string, string>();
  #previous: OrderLine | undefined;

  constructor(result: RecordFile<'orders'>) {
    this.#result = result;
  }

  accept(line: OrderLine, _order: number, lineNumber: number): void {
    const previous = this.#previous;
    if (line.sku !== undefined) line.sku = this.#intern(line.sku, previous?.sku);
    if (line.repId !== undefined) line.repId = this.#intern(line.repId, previous?.repId);
    if (line.customerName !== undefined) {
      line.customerName = this.#intern(line.customerName, previous?.customerName);
    }
    if (line.productName !== undefined) {
      line.productName = this.#intern(line.productName, previous?.productName);
    }
    this.#previous = line;
    this.#result.records.push(line);
    this.#result.recordLines.push(lineNumber);
  }

  /**
   * Drops the orders (lines sharing order id and day, as import groups them) whose lines add up past
   * MAX_MINOR in sales or in returns, with an issue on each of their lines: past 2^53 such sums stop
   * being exact. Looked for only when the file's amounts add up past MAX_MINOR at all, which no everyday
   * export does, so a big file pays nothing for it.
   */
  refuseOversizedOrders(
    file: string,
    byKey: ReadonlyMap<string, MappedColumn>,
    options: ReadRecordsOptions,
  ): void {
    const result = this.#result;
    const { records: lines, recordLines } = result;
    const amounts = new Map<string, Minor[]>();
    for (const line of lines) {
      const key = `${line.orderId}\u0000${line.day}`;
      const list = amounts.get(key);
      if (list) list.push(line.amount);
      else amounts.set(key, [line.amount]);
    }
    const oversized = new Set(
      [...amounts].filter(([, list]) => !withinOrderTotals(list)).map(([key]) => key),
    );
    if (oversized.size === 0) return;
    const keptRecords: OrderLine[] = [];
    const keptLines: number[] = [];
    lines.forEach((line, i) => {
      const key = `${line.orderId}\u0000${line.day}`;
      if (!oversized.has(key)) {
        keptRecords.push(line);
        keptLines.push(recordLines[i] ?? 0);
        return;
      }
      // Each line is named, so every row read is either a record or has an issue.
      const count = amounts.get(key)?.length ?? 0;
      result.issues.push({
        file,
        line: recordLines[i] ?? 0,
        column: byKey.get('amount')?.header ?? '',
        field: byKey.get('amount')?.spec.field ?? 'amount',
        value: '',
        message: cliTextFor(options.locale).inputFiles.orderTooLarge(
          line.orderId,
          count,
          describeValueProblem('order-total', options.locale),
        ),
      });
    });
    result.records = keptRecords;
    result.recordLines = keptLines;
    // In file order, with the rows' own issues.
    result.issues.sort((a, b) => a.line - b.line);
  }

  /**
   * The one copy of a repeated value. A big export names the same few thousand SKUs and reps over and over;
   * keeping each line's own copy would multiply the memory and the garbage collector's work.
   */
  #intern(value: string, previous: string | undefined): string {
    if (value === previous) return previous;
    const known = this.#interned.get(value);
    if (known !== undefined) return known;
    if (this.#interned.size < MAX_INTERNED) this.#interned.set(value, value);
    return value;
  }
}

/** A line to read rows into, with the keys in the order the fast path and zod give them. */
function scratchLine(): OrderLine {
  return {
    orderId: '',
    customerId: '',
    amount: 0,
    sku: undefined,
    quantity: undefined,
    repId: undefined,
    status: 'placed',
    customerName: undefined,
    productName: undefined,
    day: 0,
  };
}

function orderColumns(columns: readonly MappedColumn[]): OrderColumns {
  const at = (key: keyof OrderColumns) => columns.find((column) => column.spec.key === key)?.index ?? -1;
  return {
    orderId: at('orderId'),
    customerId: at('customerId'),
    orderDate: at('orderDate'),
    amount: at('amount'),
    sku: at('sku'),
    quantity: at('quantity'),
    repId: at('repId'),
    status: at('status'),
    customerName: at('customerName'),
    productName: at('productName'),
  };
}

function schemaFor(kind: RecordKind, timeZone: string): z.ZodType<unknown> {
  switch (kind) {
    case 'orders':
      return orderLineSchema(timeZone);
    case 'customers':
      return customerSchema;
    case 'reps':
      return repSchema;
    case 'visits':
      return customerEventSchema('visitDate', timeZone);
    case 'coupons':
      return customerEventSchema('issuedAt', timeZone);
    case 'complaints':
      return customerEventSchema('complaintDate', timeZone);
    case 'answers':
      return answerRecordSchema(timeZone);
  }
}

function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.length > 0 && cell.trim() !== '') return false;
  return true;
}

/** The delimiter is judged on the first line that has one: a title line above the header may have none. */
function firstLineWithDelimiter(text: string): string {
  let first: string | undefined;
  let start = 0;
  for (let count = 0; count <= MAX_LINES_BEFORE_HEADER && start < text.length; count++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    if (line.trim() !== '') {
      first ??= line;
      if (/[,\t;|]/.test(line)) return line;
    }
    if (end === -1) break;
    start = end + 1;
  }
  return first ?? '';
}

function cannotRead(path: string, cause: unknown): Wording {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return cliWorded((text) => text.inputFiles.notFound(path));
    case 'EISDIR':
      return cliWorded((text) => text.inputFiles.isFolder(path));
    case 'EACCES':
    case 'EPERM':
      return cliWorded((text) => text.inputFiles.noPermission(path));
    default:
      return cliWorded((text) => text.inputFiles.cannotRead(path, code ?? ''));
  }
}
