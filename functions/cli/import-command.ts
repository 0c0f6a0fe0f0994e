import { parseArgs } from 'node:util';
import { formatDay } from '../core/days.ts';
import type { Locale } from '../core/locale.ts';
import type { CustomerEvent, OrderLine } from '../core/records.ts';
import { COLUMNS, type RecordKind } from '../csv/columns.ts';
import { formatRowIssue, type RowIssue } from '../csv/errors.ts';
import { readRecordFile } from '../csv/read-records.ts';
import { ingest, INGEST_KINDS, type IngestKind } from '../ingest/ingest.ts';
import { storeOrders } from '../ingest/ingest-orders.ts';
import type { IngestResult } from '../ingest/ingest-result.ts';
import { ordersFromLines } from '../ingest/order-record.ts';
import { loadRepDirectory } from '../ingest/rep-directory.ts';
import { type CommandIo, UsageError } from './io.ts';
import { progressReporter } from './progress.ts';
import { openStore, type StoreContext } from './store-context.ts';
import { counted } from './text-table.ts';

export const IMPORT_HELP: Record<Locale, string> = {
  'zh-CN': `用法：churn-watch import <orders|customers|reps|visits|coupons|complaints> 文件

把导出的 CSV（UTF-8 或 GBK，中文或英文表头）经由与入库 API 相同的流程导入数据库，并更新客户档案。
重复导入同一个文件不会改变任何数据（按订单号等自然键去重）。无效的行会被跳过并逐行报告（文件:行:列），
其余有效数据照常导入。订单和客户资料的业务员列可以填业务员编号或姓名：先按编号、再按姓名与业务员表核对，
姓名会换成编号；业务员表中没有的（或两位业务员同名的）行不导入并逐行说明，请先导入业务员（reps）。
业务员表为空时业务员列按原样保存并给出提示。订单中的客户名称、商品名称会保留：客户资料中有名称时以客户资料为准，
摘要中以商品名称代替商品编码。数据库地址取自 AWS_ENDPOINT_URL_DYNAMODB（未设置则为 AWS）。
导入 AWS 上的部署时，请把 CHURN_WATCH_WECOM_SECRET 设为该部署的机器人地址密钥（Secrets Manager），
业务员的企业微信机器人地址就只保存在那里，不写入数据库。`,
  en: `Usage: churn-watch import <orders|customers|reps|visits|coupons|complaints> FILE

Loads an exported CSV (UTF-8 or GBK, English or Chinese headers) through the same path as the ingest API and
keeps customer profiles up to date. Importing the same file again changes nothing (natural keys such as the
order id). Invalid rows are skipped and reported one by one (file:line:column); every valid row is imported.
The rep column of orders and customers may hold a rep's id or name: it is matched against the reps table, id
first, then name, and a name is stored as the id; rows naming a rep the table does not know (or a name two
reps share) are not imported and are listed, so import reps first. With an empty reps table the column is
stored as written, with a notice. Customer and product names in orders are kept: master data's customer name
wins, and digests show product names instead of SKU codes. The database endpoint comes from AWS_ENDPOINT_URL_DYNAMODB (unset = AWS). For a deployment on AWS, set
CHURN_WATCH_WECOM_SECRET to its robots' secret (Secrets Manager): reps' WeCom robot addresses are then kept only
there, never in the database.`,
};

const BATCH = 1000;
const MAX_LISTED = 20;

export async function importCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(`${IMPORT_HELP[locale]}\n`);
    return 0;
  }
  const zh = locale === 'zh-CN';
  const [kind, file] = positionals;
  if (!kind || !file || !(INGEST_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`${zh ? '用法有误' : 'wrong usage'}\n\n${IMPORT_HELP[locale]}`);
  }
  const store = openStore();
  try {
    const summary = await importFile(kind as IngestKind, file, store, io, locale);
    io.out(`${summaryText(summary, file, locale)}\n`);
    return summary.rejected > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}

export interface ImportSummary {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  issues: RowIssue[];
}

/** Reads a file, sends it through ingest in batches, and sums up; invalid rows never stop valid ones. */
export async function importFile(
  kind: IngestKind,
  file: string,
  store: StoreContext,
  io: CommandIo,
  locale: Locale,
  isTty = Boolean(process.stderr.isTTY),
): Promise<ImportSummary> {
  const plain = store.ingestDeps(locale);
  const read = await readRecordFile(file, kind as RecordKind, {
    timeZone: plain.timeZone,
    locale,
    skipInvalid: true,
  });
  for (const notice of read.notices) io.err(`${notice}\n`);
  // The reps table is read once for the whole file: rep values are matched against it row by row.
  const deps =
    kind === 'orders' || kind === 'customers'
      ? { ...plain, reps: await loadRepDirectory(plain.doc, plain.tables.reps) }
      : plain;
  const issues: RowIssue[] = [...read.issues];
  const notices = new Set<string>();
  const totals: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const add = (result: IngestResult, lineOf: (index: number) => number) => {
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    for (const notice of result.notices ?? []) notices.add(notice);
    for (const rejected of result.rejected) {
      for (const error of rejected.errors) {
        // Named as the file names it (业务员), not as the API does (repId).
        const spec = COLUMNS[kind].find((column) => column.key === error.path);
        issues.push({
          file,
          line: lineOf(rejected.index),
          column: read.headers[error.path] ?? error.path,
          field: spec?.field ?? error.path,
          value: '',
          message: error.message,
        });
      }
    }
  };
  const label = locale === 'zh-CN' ? `导入${KIND_NAMES_ZH[kind]}（${kind}）` : `importing ${kind}`;
  if (kind === 'orders') {
    // Lines are grouped into orders over the whole file first, so an order never straddles two batches.
    const lines = read.records as OrderLine[];
    const lineNumbers = new Map<string, number>();
    lines.forEach((line, i) => {
      const key = `${line.customerId}\u0000${line.orderId}`;
      if (!lineNumbers.has(key)) lineNumbers.set(key, read.recordLines[i] ?? 0);
    });
    // Sorted by customer, each batch touches few profiles: upkeep reads and writes one profile per customer
    // per batch, so this keeps it small next to the orders themselves.
    const orders = ordersFromLines(lines).sort((a, b) =>
      a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.day - b.day,
    );
    const progress = progressReporter(label, orders.length, (text) => io.err(text), isTty);
    progress.update(0);
    for (let start = 0; start < orders.length; start += BATCH) {
      const batch = orders.slice(start, start + BATCH).map((order, i) => ({ index: start + i, order }));
      const result = await storeOrders(batch, [], deps);
      add(
        result,
        (index) =>
          lineNumbers.get(`${orders[index]?.customerId}\u0000${orders[index]?.orderId.split('@')[0]}`) ?? 0,
      );
      progress.update(Math.min(orders.length, start + BATCH));
    }
  } else {
    const records = read.records.map((record) => apiRecord(kind, record as never));
    const progress = progressReporter(label, records.length, (text) => io.err(text), isTty);
    progress.update(0);
    for (let start = 0; start < records.length; start += BATCH) {
      const result = await ingest(kind, records.slice(start, start + BATCH), deps);
      add(result, (index) => read.recordLines[start + index] ?? 0);
      progress.update(Math.min(records.length, start + BATCH));
    }
  }
  for (const notice of notices) io.err(`${notice}\n`);
  return {
    rows: read.rowsRead,
    accepted: totals.accepted,
    duplicates: totals.duplicates,
    rejected: new Set(issues.map((issue) => issue.line)).size,
    // In file order: problems found reading and found storing (orders are stored by customer) interleave.
    issues: issues.sort((a, b) => a.line - b.line),
  };
}

/** What a kind of file holds, in the admin's words (the progress line and the demo import). */
export const KIND_NAMES_ZH: Record<IngestKind, string> = {
  orders: '订单',
  customers: '客户',
  reps: '业务员',
  visits: '拜访记录',
  coupons: '发券记录',
  complaints: '投诉记录',
};

/** A record read from CSV, in the shape the ingest API takes. */
function apiRecord(
  kind: Exclude<IngestKind, 'orders'>,
  record: Record<string, unknown>,
): Record<string, unknown> {
  const dateField = { visits: 'visitDate', coupons: 'issuedAt', complaints: 'complaintDate' } as const;
  if (kind === 'visits' || kind === 'coupons' || kind === 'complaints') {
    const event = record as unknown as CustomerEvent;
    return { customerId: event.customerId, [dateField[kind]]: formatDay(event.day), repId: event.repId };
  }
  return record;
}

function summaryText(summary: ImportSummary, file: string, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const lines = [
    zh
      ? `${file}：读取 ${summary.rows} 行；新增或更新 ${summary.accepted} 条，重复 ${summary.duplicates} 条，无效 ${summary.rejected} 行`
      : `${file}: ${counted(summary.rows, 'row')} read; ${summary.accepted} stored, ${counted(summary.duplicates, 'duplicate')}, ${counted(summary.rejected, 'row')} rejected`,
  ];
  for (const issue of summary.issues.slice(0, MAX_LISTED)) lines.push(`  ${formatRowIssue(issue, locale)}`);
  if (summary.issues.length > MAX_LISTED) {
    lines.push(
      zh
        ? `  ……另有 ${summary.issues.length - MAX_LISTED} 个问题`
        : `  … and ${summary.issues.length - MAX_LISTED} more`,
    );
  }
  return lines.join('\n');
}
