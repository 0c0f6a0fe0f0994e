import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnclosedQuoteError } from '../../../functions/adapters/csv/errors.ts';
import {
  type CsvRow,
  CsvRowReader,
  detectDelimiter,
  parseCsv,
} from '../../../functions/adapters/csv/parse-csv.ts';

const parse = (text: string, delimiter = ','): CsvRow[] => [...parseCsv(text, delimiter)];

describe('parseCsv', () => {
  it('splits simple rows and numbers them by physical line', () => {
    expect(parse('a,b,c\n1,2,3\n')).toEqual([
      { cells: ['a', 'b', 'c'], line: 1 },
      { cells: ['1', '2', '3'], line: 2 },
    ]);
  });

  it('reads the last line without a final newline', () => {
    expect(parse('a,b\n1,2')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2'], line: 2 },
    ]);
  });

  it('handles CRLF line ends, without leaving \\r in the last cell', () => {
    expect(parse('a,b\r\n1,2\r\n3,\r\n')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2'], line: 2 },
      { cells: ['3', ''], line: 3 },
    ]);
  });

  it('handles files with only \\r line ends (old Mac Excel)', () => {
    expect(parse('a,b\r1,2\r')).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2'], line: 2 },
    ]);
  });

  it('skips blank lines but keeps counting them', () => {
    expect(parse('\na,b\n\n\r\n1,2\n\n')).toEqual([
      { cells: ['a', 'b'], line: 2 },
      { cells: ['1', '2'], line: 5 },
    ]);
  });

  it('keeps empty cells, including leading and trailing ones', () => {
    expect(parse(',a,,\n')).toEqual([{ cells: ['', 'a', '', ''], line: 1 }]);
  });

  it('reads quoted fields with delimiters, doubled quotes and empty quotes', () => {
    expect(parse('"a,b","say ""hi""","",x\n')).toEqual([{ cells: ['a,b', 'say "hi"', '', 'x'], line: 1 }]);
  });

  it('reads newlines inside quotes and numbers the following rows by physical line', () => {
    // Prepare
    const text = 'id,note\r\n1,"first\r\nsecond\nthird"\r\n2,plain\r\n3,"x"\n';

    // Act
    const rows = parse(text);

    // Assess
    expect(rows).toEqual([
      { cells: ['id', 'note'], line: 1 },
      { cells: ['1', 'first\r\nsecond\nthird'], line: 2 },
      { cells: ['2', 'plain'], line: 5 },
      { cells: ['3', 'x'], line: 6 },
    ]);
  });

  it('keeps text after a closing quote, as Excel does', () => {
    expect(parse('"a"b,c\n')).toEqual([{ cells: ['ab', 'c'], line: 1 }]);
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(parse('5" screen,2\n')).toEqual([{ cells: ['5" screen', '2'], line: 1 }]);
  });

  it('refuses a quote that is never closed, naming the line it opens on', () => {
    // Act
    const attempt = () => parse('a,b\n1,2\n3,"open\n4,5\n');

    // Assess
    expect(attempt).toThrow(UnclosedQuoteError);
    try {
      attempt();
    } catch (error) {
      expect((error as UnclosedQuoteError).line).toBe(3);
    }
  });

  it('reads tab-separated text with commas in values', () => {
    expect(parse('名称\t金额\n"张三,李四"\t1,234.50\n', '\t')).toEqual([
      { cells: ['名称', '金额'], line: 1 },
      { cells: ['张三,李四', '1,234.50'], line: 2 },
    ]);
  });

  it('ignores a leading BOM', () => {
    expect(parse('\uFEFFa,b\n')).toEqual([{ cells: ['a', 'b'], line: 1 }]);
  });

  it('yields nothing for empty or blank text', () => {
    expect(parse('')).toEqual([]);
    expect(parse('\n\r\n\n')).toEqual([]);
  });

  it('reads one-column files (no delimiter anywhere) without going quadratic', () => {
    // Prepare: big enough that a quadratic scan (4·10¹⁰ steps) would outlast the test timeout by far, with no
    // clock in the assertion (timed assertions fail on a loaded machine; speed is checked in the bench)
    const text = ['id', ...Array.from({ length: 200_000 }, (_, i) => `C${i}`)].join('\n');

    // Act
    const rows = parse(text);

    // Assess
    expect(rows).toHaveLength(200_001);
    expect(rows[200_000]).toEqual({ cells: ['C199999'], line: 200_001 });
  });

  it('round-trips any table written as RFC 4180, with the right line numbers', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('', ',', '"', '""', '\n', '\r\n', 'a\nb', ' 金额 ', '\t', ';'),
    );
    // A row of one empty cell would be written as a blank line, which reads as no row at all.
    const row = fc
      .array(cell, { minLength: 1, maxLength: 5 })
      .filter((cells) => cells.length > 1 || cells[0] !== '');
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(',', '\t', ';', '|'),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        (table, delimiter, newline, quoteAll, finalNewline) => {
          // Prepare
          const field = (value: string) =>
            quoteAll || /["\r\n]/.test(value) || value.includes(delimiter)
              ? `"${value.replaceAll('"', '""')}"`
              : value;
          const lines = table.map((cells) => cells.map(field).join(delimiter));
          const text = lines.join(newline) + (finalNewline ? newline : '');
          const expectedLines: number[] = [];
          let line = 1;
          for (const written of lines) {
            expectedLines.push(line);
            line += written.split('\n').length;
          }

          // Act
          const rows = parse(text, delimiter);

          // Assess
          expect(rows.map((parsed) => parsed.cells)).toEqual(table);
          expect(rows.map((parsed) => parsed.line)).toEqual(expectedLines);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('CsvRowReader', () => {
  it('gives the same rows as parseCsv, then undefined', () => {
    // Prepare
    const reader = new CsvRowReader('a,b\n\n"1\n2",3', ',');

    // Act
    const rows = [reader.next(), reader.next(), reader.next()];

    // Assess
    expect(rows).toEqual([{ cells: ['a', 'b'], line: 1 }, { cells: ['1\n2', '3'], line: 3 }, undefined]);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['order_id,customer_id,amount', ','],
    ['订单号\t客户编号\t金额', '\t'],
    ['order_id;customer_id;amount', ';'],
    ['order_id|customer_id|amount', '|'],
    ['only_one_column', ','],
    ['', ','],
  ])('%j → %j', (header, expected) => {
    expect(detectDelimiter(header)).toBe(expected);
  });

  it('counts only delimiters outside quotes', () => {
    expect(detectDelimiter('"a,b,c";"d";"e"')).toBe(';');
  });

  it('prefers the comma on a tie', () => {
    expect(detectDelimiter('a,b;c')).toBe(',');
  });
});
