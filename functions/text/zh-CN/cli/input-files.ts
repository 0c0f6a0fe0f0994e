/**
 * What an admin reads about the export files churn-watch reads (`evaluate`, `import`, `backtest`): files that
 * cannot be read at all, rows that cannot be read, and notices about what was skipped. `file` is the path as
 * given; headers and values are shown as they are in the file, quoted with 「」.
 */
export const inputFiles = {
  notFound: (file: string) => `找不到文件 ${file}`,
  isFolder: (file: string) => `${file} 是文件夹，不是文件`,
  noPermission: (file: string) => `没有读取 ${file} 的权限`,
  /** `code` is the system's error code (`EIO`), or '' when there is none. */
  cannotRead: (file: string, code: string) => `无法读取 ${file}${code ? `（${code}）` : ''}`,
  undecodable: (file: string) =>
    `${file} 的文字编码无法识别（不是 UTF-8、UTF-16 或 GBK/GB18030）。请在 Excel 中“另存为 CSV UTF-8”后重试`,
  unclosedQuote: (file: string, line: number) =>
    `${file} 第 ${line} 行：引号（"）没有闭合，之后的内容无法分行。请检查该行的引号是否成对`,

  /** A header without the columns no row can be read without; one line per column, then the headers found. */
  missingColumns: (file: string) => `${file} 缺少必需的列：`,
  /** `accepted`: the header spellings that would be recognised, joined with {@link inputFiles.listSeparator}. */
  missingColumn: (field: string, accepted: string) => `  - ${field}：可用的表头为 ${accepted}`,
  /** `headers`: each from {@link inputFiles.header}, joined with {@link inputFiles.listSeparator}; '' for none. */
  headersFound: (headers: string) => `文件中的表头：${headers || '（无）'}`,
  header: (header: string) => `「${header}」`,
  listSeparator: '、',

  /** Rows that cannot be read: the heading, then one line per issue, then how many more. */
  invalidRows: (file: string, rows: number) => `${file} 有 ${rows} 行数据无法读取：`,
  moreProblems: (more: number) => `……另有 ${more} 个问题`,
  /**
   * One issue as a line an admin can act on. `column` is the header as written ('' for the row as a whole),
   * `field` the canonical name when it differs from the header (''), `value` the value ('' for none).
   */
  rowIssue: (file: string, line: number, column: string, field: string, message: string, value: string) =>
    `${file} 第 ${line} 行${column ? `，列「${column}」${field ? `（${field}）` : ''}` : ''}：${message}${value ? `（值：${value}）` : ''}`,

  /** What is wrong with a row beyond its values. */
  orderOfTwoCustomers: (orderId: string, firstLine: number, owner: string, customerId: string) =>
    `订单「${orderId}」在第 ${firstLine} 行属于客户「${owner}」，此行却是客户「${customerId}」；同一订单不能属于两个客户`,
  extraCells: (count: number, headers: number, delimiter: string) =>
    `有 ${count} 个单元格，但表头只有 ${headers} 列；可能某个值中含有未加引号的「${delimiter}」（请给这样的值加上双引号）`,
  /** `problem` is the order-total problem's words (problems.value['order-total']). */
  orderTooLarge: (orderId: string, lines: number, problem: string) =>
    `订单「${orderId}」：${problem}；其 ${lines} 行均未导入`,

  /** Notices, each after its file's name: `orders.csv：…`. */
  inFile: (file: string, notice: string) => `${file}：${notice}`,
  empty: (file: string) => `${file} 是空文件，没有可读取的内容`,
  /** `lines`: the skipped line numbers, joined with ", ". */
  skippedAboveHeader: (count: number, lines: string, headerLine: number) =>
    `已跳过表头之前的 ${count} 行（第 ${lines} 行），表头在第 ${headerLine} 行`,
  skippedBlankRows: (count: number) => `已跳过 ${count} 个所有单元格都为空的行`,
  columnIgnored: (header: string, field: string, used: string) =>
    `已忽略列「${header}」：${field} 取自列「${used}」`,
  /** `headers`: each from {@link inputFiles.header}, joined with {@link inputFiles.listSeparator}. */
  columnsNotUsed: (headers: string) => `以下列未使用：${headers}`,
};

export type InputFilesText = typeof inputFiles;
