// Renders a sample distributor as the CSV exports the CLI reads (docs/csv-format.md).
// Output is byte-stable (fixed column order, `\n` line ends, integer-only money formatting) because the files are
// committed as fixtures and compared against fresh generations.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleDistributor, SampleOrderStatus } from './generate-distributor.ts';

export type SampleHeaders = 'en' | 'zh';

export interface SampleFileOptions {
  headers?: SampleHeaders;
  /**
   * Adds the customer name (客户名称) after the customer id and the product name (商品名称) after the SKU in
   * orders.csv, as many ERP exports have them, so `evaluate` on the orders alone names the shops and digests
   * name the products. Off by default: the committed fixtures are the export without them.
   */
  names?: boolean;
}

export interface SampleFile {
  name: string;
  content: string;
}

type Cell = string | number;

interface Table {
  name: string;
  en: readonly string[];
  zh: readonly string[];
  rows: (headers: SampleHeaders) => Iterable<readonly Cell[]>;
}

const STATUS_ZH: Readonly<Record<SampleOrderStatus, string>> = {
  placed: '已下单',
  cancelled: '已取消',
  returned: '已退货',
};

/** Fen to currency units with exactly two decimals, without going through floating point. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`Amount in fen must be an integer, got ${fen}`);
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** RFC 4180: quote only fields that need it, doubling embedded quotes. */
export function csvField(value: Cell): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function tables(data: SampleDistributor, withNames: boolean): Table[] {
  const nameOf = new Map(data.skus.map((sku) => [sku.sku, sku.name]));
  const customerNameOf = new Map(data.customers.map((customer) => [customer.customerId, customer.name]));
  /** The order columns, with the customer's name after its id and the product's after the SKU. */
  const named = <T>(values: readonly T[], customerName: T, productName: T): readonly T[] =>
    withNames
      ? [values[0] as T, values[1] as T, customerName, ...values.slice(2, 5), productName, ...values.slice(5)]
      : values;
  return [
    {
      name: 'orders.csv',
      en: named(
        ['order_id', 'customer_id', 'order_date', 'amount', 'sku', 'quantity', 'rep_id', 'status'],
        'customer_name',
        'product_name',
      ),
      zh: named(
        ['订单号', '客户编号', '下单日期', '金额', '商品编码', '数量', '业务员', '状态'],
        '客户名称',
        '商品名称',
      ),
      rows: (headers) =>
        data.orderLines.map((line) =>
          named<Cell>(
            [
              line.orderId,
              line.customerId,
              line.orderDate,
              formatFen(line.amountFen),
              line.sku,
              line.quantity,
              line.repId,
              headers === 'zh' ? STATUS_ZH[line.status] : line.status,
            ],
            customerNameOf.get(line.customerId) ?? '',
            nameOf.get(line.sku) ?? '',
          ),
        ),
    },
    {
      name: 'customers.csv',
      en: ['customer_id', 'name', 'rep_id'],
      zh: ['客户编号', '客户名称', '业务员'],
      rows: () => data.customers.map((c) => [c.customerId, c.name, c.repId]),
    },
    {
      name: 'reps.csv',
      en: [
        'rep_id',
        'name',
        'role',
        'manager_id',
        'channel',
        'email',
        'wecom_webhook',
        'wecom_userid',
        'locale',
      ],
      zh: [
        '业务员编号',
        '姓名',
        '角色',
        '上级',
        '通知方式',
        '邮箱',
        '企业微信机器人',
        '企业微信账号',
        '语言',
      ],
      rows: () =>
        data.reps.map((r) => [
          r.repId,
          r.name,
          r.role,
          r.managerId,
          r.channel,
          r.email,
          r.wecomWebhook,
          r.wecomUserid,
          r.locale,
        ]),
    },
    {
      name: 'visits.csv',
      en: ['customer_id', 'visit_date', 'rep_id'],
      // The obvious ERP labels for these files (docs/csv-format.md lists every alias).
      zh: ['客户编号', '拜访日期', '业务员'],
      rows: () => data.visits.map((v) => [v.customerId, v.visitDate, v.repId]),
    },
    {
      name: 'coupons.csv',
      en: ['customer_id', 'issued_at', 'amount'],
      zh: ['客户编号', '发放日期', '金额'],
      rows: () => data.coupons.map((c) => [c.customerId, c.issuedAt, formatFen(c.amountFen)]),
    },
    {
      name: 'complaints.csv',
      en: ['customer_id', 'complaint_date', 'reason'],
      zh: ['客户编号', '投诉日期', '投诉原因'],
      rows: () => data.complaints.map((c) => [c.customerId, c.complaintDate, c.reason]),
    },
    {
      name: 'planted.csv',
      en: ['customer_id', 'scenario', 'change_date'],
      zh: ['客户编号', '场景', '变化日期'],
      rows: () => data.planted.map((p) => [p.customerId, p.scenario, p.changeDate]),
    },
  ];
}

/** The files writeSampleFiles would write, as UTF-8 text without BOM. */
export function renderSampleFiles(data: SampleDistributor, options: SampleFileOptions = {}): SampleFile[] {
  const headers = options.headers ?? 'en';
  return tables(data, options.names ?? false).map((table) => {
    const out: string[] = [(headers === 'zh' ? table.zh : table.en).map(csvField).join(',')];
    for (const row of table.rows(headers)) out.push(row.map(csvField).join(','));
    out.push('');
    return { name: table.name, content: out.join('\n') };
  });
}

/** Writes the sample as CSV files into `dir` (created if missing) and returns the paths written. */
export async function writeSampleFiles(
  dir: string,
  data: SampleDistributor,
  options: SampleFileOptions = {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const file of renderSampleFiles(data, options)) {
    const path = join(dir, file.name);
    await writeFile(path, file.content, 'utf8');
    paths.push(path);
  }
  return paths;
}
