import { displayWidth } from './display-width.ts';

/**
 * A plain terminal table that lines up Chinese text: CJK characters take two columns, so padding is by
 * display width (string-width), not by string length.
 */
export interface TextColumn {
  header: string;
  align?: 'left' | 'right';
  /** Longer cells are cut with an ellipsis. */
  maxWidth?: number;
}

function truncate(text: string, maxWidth: number): string {
  if (displayWidth(text) <= maxWidth) return text;
  let out = '';
  for (const char of text) {
    if (displayWidth(`${out}${char}…`) > maxWidth) break;
    out += char;
  }
  return `${out}…`;
}

export function renderTextTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
): string {
  const cells = rows.map((row) =>
    columns.map((column, i) => {
      const text = (row[i] ?? '').replace(/\s+/g, ' ');
      return column.maxWidth ? truncate(text, column.maxWidth) : text;
    }),
  );
  const widths = columns.map((column, i) =>
    Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[i] ?? ''))),
  );
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(text)));
    return columns[i]?.align === 'right' ? gap + text : text + gap;
  };
  const line = (row: readonly string[]) =>
    row
      .map((text, i) => pad(text, i))
      .join('  ')
      .trimEnd();
  const header = line(columns.map((column) => column.header));
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [header, rule, ...cells.map(line)].join('\n');
}
