import { UnclosedQuoteError } from './errors.ts';

/** One record of a CSV file. `line` is the 1-based physical line it starts on, as a text editor counts. */
export interface CsvRow {
  cells: string[];
  line: number;
}

export type Delimiter = ',' | '\t' | ';' | '|';

const DELIMITERS: readonly Delimiter[] = [',', '\t', ';', '|'];
const QUOTE = 0x22;
const CR = 0x0d;

/**
 * Picks the delimiter that occurs most often in the header line, outside quotes. Ties go to the earlier of
 * `,` `\t` `;` `|`, and a line with none of them (a one-column file) is comma-separated.
 *
 * @example detectDelimiter('订单号\t客户编号\t金额') // '\t'
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const code = headerLine.charCodeAt(i);
    if (code === QUOTE) quoted = !quoted;
    else if (!quoted) {
      const index = DELIMITERS.indexOf(headerLine[i] as Delimiter);
      if (index >= 0) counts[index] = (counts[index] ?? 0) + 1;
    }
  }
  let best = 0;
  for (let i = 1; i < counts.length; i++) if ((counts[i] ?? 0) > (counts[best] ?? 0)) best = i;
  return DELIMITERS[best] ?? ',';
}

/**
 * Reads RFC 4180 CSV: fields may be quoted, quoted fields may hold delimiters, newlines and `""`.
 * Lines end in `\n` or `\r\n` (or a lone `\r` in files that have no `\n` at all, as old Mac Excel wrote);
 * the last line needs no newline. Empty lines are skipped but still counted, so `line` matches the editor.
 * Text after a closing quote is kept (`"a"b` reads as `ab`, as Excel does); a quote that is never closed
 * throws {@link UnclosedQuoteError}, because everything after it would otherwise become one silent value.
 *
 * @param file how errors name the input, e.g. its path
 * @example [...parseCsv('a,b\n"x,1",2\n', ',')] // [{ cells: ['a', 'b'], line: 1 }, { cells: ['x,1', '2'], line: 2 }]
 */
export function* parseCsv(text: string, delimiter: string = ',', file = 'CSV'): Generator<CsvRow> {
  const rows = new CsvRowReader(text, delimiter, file);
  for (let row = rows.next(); row !== undefined; row = rows.next()) yield row;
}

/**
 * {@link parseCsv} one row per `next()` call, for callers that read millions of rows and can do without
 * the generator's per-row result objects.
 *
 * Speed matters (exports run to millions of lines), so fields are cut with `indexOf` and `slice` rather than
 * built a character at a time, and the next delimiter and newline positions are remembered between fields.
 */
export class CsvRowReader {
  readonly #text: string;
  readonly #delimiter: string;
  readonly #file: string;
  readonly #newline: string;
  #pos: number;
  #line = 1;
  #nextNewline = -1;
  #nextDelimiter = -1;

  constructor(text: string, delimiter: string = ',', file = 'CSV') {
    this.#text = text;
    this.#delimiter = delimiter;
    this.#file = file;
    this.#newline = text.indexOf('\n') === -1 && text.indexOf('\r') !== -1 ? '\r' : '\n';
    this.#pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** The next row, or undefined at the end of the text. */
  next(): CsvRow | undefined {
    const cells: string[] = [];
    const line = this.nextInto(cells);
    return line === 0 ? undefined : { cells, line };
  }

  /**
   * The next row's cells into `cells` (replacing what it held), and the line it starts on; 0 at the end of
   * the text. One array for every row of a big file, instead of an array and a row object each.
   */
  nextInto(cells: string[]): number {
    const text = this.#text;
    const delimiter = this.#delimiter;
    const newline = this.#newline;
    const length = text.length;
    let pos = this.#pos;
    let line = this.#line;
    let nextNewline = this.#nextNewline;
    let nextDelimiter = this.#nextDelimiter;

    while (pos < length) {
      if (nextNewline < pos) nextNewline = indexOrEnd(text, newline, pos);
      if (pos === nextNewline || (pos + 1 === nextNewline && text.charCodeAt(pos) === CR)) {
        pos = nextNewline + 1;
        line++;
        continue;
      }

      const startLine = line;
      let count = 0;
      for (;;) {
        let value = '';
        let quoted = false;
        if (text.charCodeAt(pos) === QUOTE) {
          quoted = true;
          let segmentStart = pos + 1;
          for (;;) {
            const close = text.indexOf('"', segmentStart);
            if (close === -1) throw new UnclosedQuoteError(this.#file, line);
            if (text.charCodeAt(close + 1) === QUOTE) {
              value += text.slice(segmentStart, close + 1);
              segmentStart = close + 2;
              continue;
            }
            value += text.slice(segmentStart, close);
            line += countOf(text, newline, pos, close);
            pos = close + 1;
            break;
          }
          if (nextNewline < pos) nextNewline = indexOrEnd(text, newline, pos);
        }
        if (nextDelimiter < pos) nextDelimiter = indexOrEnd(text, delimiter, pos);

        if (nextDelimiter < nextNewline) {
          const tail = text.slice(pos, nextDelimiter);
          cells[count++] = quoted ? value + tail : tail;
          pos = nextDelimiter + 1;
          continue;
        }
        let end = nextNewline;
        if (end > pos && text.charCodeAt(end - 1) === CR) end--;
        const tail = text.slice(pos, end);
        cells[count++] = quoted ? value + tail : tail;
        pos = nextNewline + 1;
        line++;
        break;
      }
      this.#pos = pos;
      this.#line = line;
      this.#nextNewline = nextNewline;
      this.#nextDelimiter = nextDelimiter;
      if (cells.length !== count) cells.length = count;
      return startLine;
    }
    this.#pos = pos;
    this.#line = line;
    return 0;
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index === -1 ? text.length : index;
}

function countOf(text: string, search: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf(search, from); i !== -1 && i < to; i = text.indexOf(search, i + 1)) count++;
  return count;
}
