import type { InputFilesText } from '../../zh-CN/cli/input-files.ts';

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

export const inputFiles: InputFilesText = {
  notFound: (file) => `${file} does not exist`,
  isFolder: (file) => `${file} is a folder, not a file`,
  noPermission: (file) => `no permission to read ${file}`,
  cannotRead: (file, code) => `cannot read ${file}${code ? ` (${code})` : ''}`,
  undecodable: (file) =>
    `${file} is in a text encoding that cannot be recognised (not UTF-8, UTF-16 or GBK/GB18030). Save it from Excel as "CSV UTF-8" and try again`,
  unclosedQuote: (file, line) =>
    `${file} line ${line}: a quote (") is never closed, so the rest of the file cannot be split into rows. Check that the quotes on that line come in pairs`,

  missingColumns: (file) => `${file} is missing required columns:`,
  missingColumn: (field, accepted) => `  - ${field}: accepted headers are ${accepted}`,
  headersFound: (headers) => `Headers in the file: ${headers || '(none)'}`,
  header: (header) => `"${header}"`,
  listSeparator: ', ',

  invalidRows: (file, rows) => `${file} has ${rows} ${plural(rows, 'row', 'rows')} that cannot be read:`,
  moreProblems: (more) => `… and ${more} more ${plural(more, 'problem', 'problems')}`,
  rowIssue: (file, line, column, field, message, value) =>
    `${file} line ${line}${column ? `, column "${column}"${field ? ` (${field})` : ''}` : ''}: ${message}${value ? ` (value: ${value})` : ''}`,

  orderOfTwoCustomers: (orderId, firstLine, owner, customerId) =>
    `order ${orderId} already belongs to customer ${owner} (line ${firstLine}), but this line says customer ${customerId}; one order cannot have two customers`,
  extraCells: (count, headers, delimiter) =>
    `has ${count} cells but the header has ${headers}; a value may contain an unquoted "${delimiter}" (put such values in double quotes)`,
  orderTooLarge: (orderId, lines, problem) =>
    `order ${orderId}: its ${lines} lines ${problem}; none of them is imported`,

  inFile: (file, notice) => `${file}: ${notice}`,
  empty: (file) => `${file} is empty: nothing to read`,
  skippedAboveHeader: (count, lines, headerLine) =>
    `skipped ${count} ${plural(count, 'line', 'lines')} above the header (line ${lines}); the header is on line ${headerLine}`,
  skippedBlankRows: (count) => `skipped ${count} ${plural(count, 'row', 'rows')} with only empty cells`,
  columnIgnored: (header, field, used) =>
    `Column "${header}" ignored: ${field} is read from column "${used}"`,
  columnsNotUsed: (headers) => `Columns not used: ${headers}`,
};
