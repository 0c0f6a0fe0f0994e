import { parseArgs } from 'node:util';
import { formatDay } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import type { CustomerEvent, OrderLine } from '../../core/records.ts';
import { COLUMNS, type RecordKind } from '../../adapters/csv/columns.ts';
import { formatRowIssue, type RowIssue } from '../../adapters/csv/errors.ts';
import { readRecordFile } from '../../adapters/csv/read-records.ts';
import { ingest, INGEST_KINDS, type IngestKind } from '../../use-cases/ingest/ingest.ts';
import { storeOrders } from '../../use-cases/ingest/ingest-orders.ts';
import type { IngestResult } from '../../use-cases/ingest/ingest-result.ts';
import { ordersFromLines } from '../../use-cases/ingest/order-record.ts';
import { loadRepDirectory } from '../../use-cases/ingest/rep-directory.ts';
import { choiceRefused, type CommandIo, wrongForm } from './io.ts';
import { progressReporter } from './progress.ts';
import { openStore, type StoreContext } from './store-context.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

const BATCH = 1000;
const MAX_LISTED = 20;

export async function importCommand(argv: string[], io: CommandIo, locale: Locale): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(`${cliTextFor(locale).help.import}\n`);
    return 0;
  }
  const [kind, file] = importArguments(positionals, locale);
  const store = openStore();
  try {
    const summary = await importFile(kind as IngestKind, file, store, io, locale);
    io.out(`${summaryText(summary, file, locale)}\n`);
    return summary.rejected > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}

/** The kind and the file, or what is wrong with the call and its right form. @throws UsageError */
function importArguments(positionals: string[], locale: Locale): [IngestKind, string] {
  const { help, importing } = cliTextFor(locale);
  const refuse = (what: string) => wrongForm(what, 'import', help.import, locale);
  const [kind, file, ...extras] = positionals;
  if (kind === undefined || !(INGEST_KINDS as readonly string[]).includes(kind)) {
    // `import orders.csv`: the file came first and the kind was left out.
    if (kind !== undefined && file === undefined && /[./\\]/.test(kind)) {
      throw refuse(importing.wrongForm.kindMissing(kind, INGEST_KINDS));
    }
    throw choiceRefused('import', INGEST_KINDS, positionals, help.import, locale);
  }
  if (file === undefined) throw refuse(importing.wrongForm.fileMissing(kind));
  if (extras.length > 0) throw refuse(importing.wrongForm.oneFile(extras));
  return [kind as IngestKind, file];
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
      ? { ...plain, reps: await loadRepDirectory(plain.store) }
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
  const { importing } = cliTextFor(locale);
  const label = importing.progress(importing.kindName[kind], kind);
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
  const text = cliTextFor(locale);
  const lines = [
    text.importing.summary(file, summary.rows, summary.accepted, summary.duplicates, summary.rejected),
  ];
  for (const issue of summary.issues.slice(0, MAX_LISTED)) lines.push(`  ${formatRowIssue(issue, locale)}`);
  if (summary.issues.length > MAX_LISTED) lines.push(text.cli.moreIssues(summary.issues.length - MAX_LISTED));
  return lines.join('\n');
}
