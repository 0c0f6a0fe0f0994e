import type { Locale } from '../../core/locale.ts';
import { LocalizedError, type Wording } from '../../core/localized-error.ts';
import { cliTextFor, cliWorded } from '../../text/cli-catalogue.ts';

export type { Wording };

/**
 * One problem with one value of one row, located the way an admin finds it: the file, the physical line in a
 * text editor, and the header as written in the file. `field` is the canonical column name (`amount`).
 * `column` and `field` are empty when the problem is the row as a whole (e.g. more cells than headers).
 */
export interface RowIssue {
  file: string;
  line: number;
  column: string;
  field: string;
  value: string;
  /** Already in the reader's language. */
  message: string;
}

/**
 * Something wrong with an input file as a whole. The message (`error.message`) is English for logs;
 * people get {@link InputFileError.describe} in their language. Neither ever includes a stack trace.
 */
export class InputFileError extends LocalizedError {
  override readonly name: string = 'InputFileError';
  readonly file: string;

  constructor(file: string, words: Wording, options?: { cause?: unknown }) {
    super(words, options);
    this.file = file;
  }
}

/** A quoted field that is never closed: the rest of the file cannot be split into rows reliably. */
export class UnclosedQuoteError extends InputFileError {
  override readonly name: string = 'UnclosedQuoteError';
  readonly line: number;

  constructor(file: string, line: number) {
    super(
      file,
      cliWorded((text) => text.inputFiles.unclosedQuote(file, line)),
    );
    this.line = line;
  }
}

export interface MissingColumn {
  /** Canonical name, e.g. `amount`. */
  field: string;
  /** Header spellings that would have been recognised, canonical first. */
  accepted: readonly string[];
}

/** The header lacks columns without which no row can be read (e.g. no amount in an order export). */
export class MissingColumnsError extends InputFileError {
  override readonly name: string = 'MissingColumnsError';
  readonly missing: readonly MissingColumn[];
  readonly headers: readonly string[];

  constructor(file: string, missing: readonly MissingColumn[], headers: readonly string[]) {
    const found = headers.filter((header) => header.trim() !== '');
    super(file, (locale) => {
      const text = cliTextFor(locale).inputFiles;
      return [
        text.missingColumns(file),
        ...missing.map((column) =>
          text.missingColumn(column.field, column.accepted.join(text.listSeparator)),
        ),
        text.headersFound(found.map(text.header).join(text.listSeparator)),
      ].join('\n');
    });
    this.missing = missing;
    this.headers = headers;
  }
}

/** How many row issues an error message lists before summarising the rest. */
const LISTED_ISSUES = 20;

/** Rows that could not be read, when the caller did not ask to skip them. Carries every issue found. */
export class InvalidRowsError extends InputFileError {
  override readonly name: string = 'InvalidRowsError';
  readonly issues: readonly RowIssue[];

  constructor(file: string, issues: readonly RowIssue[]) {
    const rows = new Set(issues.map((issue) => issue.line)).size;
    const more = issues.length - LISTED_ISSUES;
    super(file, (locale) => {
      const text = cliTextFor(locale).inputFiles;
      return [
        text.invalidRows(file, rows),
        ...issues.slice(0, LISTED_ISSUES).map((issue) => formatRowIssue(issue, locale)),
        ...(more > 0 ? [text.moreProblems(more)] : []),
      ].join('\n');
    });
    this.issues = issues;
  }
}

/** Bytes that decode as neither UTF-8, UTF-16 (with a BOM) nor GB18030; it has no file, the reader adds it. */
export class UndecodableTextError extends Error {
  override readonly name: string = 'UndecodableTextError';
}

// Values are shown on one line and not in full: a runaway quoted field can hold half a file.
const MAX_VALUE_CHARS = 80;

function displayValue(value: string): string {
  // A WeCom webhook's key is a secret: whoever has it can post to the rep's group.
  const oneLine = value.replace(/\r?\n|\r/g, '⏎').replace(/([?&]key=)[^&\s]+/gi, '$1***');
  return oneLine.length > MAX_VALUE_CHARS ? `${oneLine.slice(0, MAX_VALUE_CHARS)}…` : oneLine;
}

/**
 * One row issue as a line an admin can act on.
 *
 * @example
 * formatRowIssue({ file: 'orders.csv', line: 12, column: '金额', field: 'amount', value: '12.345',
 *   message: '金额最多保留两位小数（分），不做四舍五入' }, 'zh-CN')
 * // 'orders.csv 第 12 行，列「金额」（amount）：金额最多保留两位小数（分），不做四舍五入（值：12.345）'
 */
export function formatRowIssue(issue: RowIssue, locale: Locale): string {
  const value = issue.value.trim() === '' ? '' : displayValue(issue.value);
  // An English header that already is the canonical name would only repeat itself in parentheses.
  const field = issue.field && issue.field !== issue.column ? issue.field : '';
  return cliTextFor(locale).inputFiles.rowIssue(
    issue.file,
    issue.line,
    issue.column,
    field,
    issue.message,
    value,
  );
}
