/**
 * RFC 4180 quoting, only where a cell needs it, so simple exports stay readable. Text that a spreadsheet
 * would run as a formula (a customer named `=HYPERLINK(…)`) gets a leading apostrophe; numbers, including
 * negative amounts such as `-12.50`, are left alone.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+@\t\r]|^-(?![\d.])/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvCell).join(',');
}
