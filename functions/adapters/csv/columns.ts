import type { Locale } from '../../core/locale.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';
import type { MissingColumn } from './errors.ts';

export type RecordKind = 'orders' | 'customers' | 'reps' | 'visits' | 'coupons' | 'complaints' | 'answers';

export const RECORD_KINDS: readonly RecordKind[] = [
  'orders',
  'customers',
  'reps',
  'visits',
  'coupons',
  'complaints',
  'answers',
];

/** One column a record kind understands. */
export interface ColumnSpec {
  /** Canonical CSV name (DESIGN.md), e.g. `order_date`. */
  field: string;
  /** The record schema's key (camelCase, as the ingest API names it), e.g. `orderDate`. */
  key: string;
  required: boolean;
  /**
   * Header spellings, best first. When a file has two columns for one field the better spelling wins:
   * a line-level export with both 金额 (the line) and 订单金额 (the whole order) must sum lines, not totals.
   * The canonical name and its camelCase form are always accepted and rank first.
   */
  aliases: readonly string[];
}

const REP_ALIASES = [
  '业务员',
  '业务员编号',
  '业务员编码',
  '业务员ID',
  '销售员',
  '业务员代码',
  'salesrep',
  'rep',
];

const column = (field: string, required: boolean, aliases: readonly string[]): ColumnSpec => {
  const key = field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return { field, key, required, aliases: [field, ...aliases] };
};

const CUSTOMER_ID = column('customer_id', true, [
  '客户编号',
  '客户ID',
  '客户编码',
  '客户代码',
  '门店编号',
  '客户号',
  'customer_code',
  'customer_no',
]);

const event = (dateField: string, dateAliases: readonly string[]): readonly ColumnSpec[] => [
  CUSTOMER_ID,
  column(dateField, true, dateAliases),
  column('rep_id', false, REP_ALIASES),
];

export const COLUMNS: Readonly<Record<RecordKind, readonly ColumnSpec[]>> = {
  orders: [
    column('order_id', true, [
      '订单号',
      '单号',
      '单据编号',
      '订单编号',
      '单据号',
      'order_no',
      'order_number',
    ]),
    CUSTOMER_ID,
    column('order_date', true, ['下单日期', '日期', '单据日期', '订单日期', '业务日期', '销售日期', 'date']),
    column('amount', true, [
      '金额',
      '订单金额',
      '销售金额',
      '价税合计',
      '实收金额',
      'line_amount',
      'order_amount',
      'total',
    ]),
    column('sku', false, [
      '商品编码',
      '商品编号',
      '存货编码',
      '物料编码',
      '商品代码',
      'item_code',
      'product_code',
    ]),
    column('quantity', false, ['数量', '销售数量', 'qty']),
    column('rep_id', false, REP_ALIASES),
    column('status', false, ['状态', '订单状态', '单据状态', 'order_status']),
    // Not 客户 alone: in an order export that column is as often the customer's code as its name.
    column('customer_name', false, [
      '客户名称',
      '门店名称',
      '客户全称',
      '客户简称',
      'shop_name',
      'store_name',
    ]),
    column('product_name', false, [
      '商品名称',
      '品名',
      '存货名称',
      '物料名称',
      '产品名称',
      '商品全称',
      '商品',
      'sku_name',
      'item_name',
      'goods_name',
      'product',
    ]),
  ],
  customers: [
    CUSTOMER_ID,
    column('name', false, ['客户名称', '客户', '门店名称', '名称', 'customer_name']),
    column('rep_id', false, REP_ALIASES),
  ],
  reps: [
    // Not 业务员 alone: in a list of reps that column usually holds the person's name, not an id.
    column('rep_id', true, ['业务员编号', '业务员编码', '业务员ID', '工号']),
    column('name', false, ['姓名', '业务员姓名', '名称']),
    column('role', false, ['角色']),
    column('manager_id', false, ['上级', '上级编号', '经理编号']),
    column('channel', false, ['通知方式', '通知渠道']),
    column('email', false, ['邮箱', '电子邮箱', '邮件']),
    column('wecom_webhook', false, ['企业微信机器人', '机器人地址', 'webhook']),
    column('wecom_userid', false, ['企业微信账号', '企业微信ID']),
    column('locale', false, ['语言', 'language']),
  ],
  visits: event('visit_date', ['拜访日期', '日期', 'date']),
  coupons: event('issued_at', ['发放日期', '发券日期', '日期', 'issue_date', 'date']),
  complaints: event('complaint_date', ['投诉日期', '日期', 'date']),
  // Reps' answers to warnings, as `churn-watch answers --format csv` writes them (backtest --answers).
  answers: [
    CUSTOMER_ID,
    column('episode', true, ['预警开始', '预警开始日期', '预警日期']),
    column('action', true, ['反馈', '反馈内容', '处理']),
    column('reason', false, ['原因', '理由']),
    column('rep_id', false, REP_ALIASES),
    column('answered_at', false, ['反馈时间']),
    column('day', true, ['日期', '反馈日期', 'date']),
  ],
};

/**
 * Columns every export of a kind carries that churn-watch reads past on purpose (a coupon's value, a complaint's
 * text): known, so they raise no "column not used" notice, which would make a clean export look wrong.
 */
const KNOWN_UNUSED: Partial<Record<RecordKind, readonly string[]>> = {
  coupons: ['amount', '金额', '面额', '券面额', '优惠金额', 'value'],
  complaints: ['reason', '投诉原因', '原因', '投诉内容', '内容', 'content'],
};

const CURRENCY_HINT = /\((?:元|¥|￥|rmb|cny)\)$/;

/**
 * The form headers are compared in: `Order ID`, `order_id`, `orderId` and `order-id` are one header, as are
 * `金额（元）` and `金额`.
 */
export function normalizeHeader(header: string): string {
  return header
    .replace(/[\s_-]/g, '')
    .toLowerCase()
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(CURRENCY_HINT, '');
}

interface AliasMatch {
  spec: ColumnSpec;
  rank: number;
}

const aliasTables = new Map<RecordKind, Map<string, AliasMatch>>();

function aliasTable(kind: RecordKind): Map<string, AliasMatch> {
  let table = aliasTables.get(kind);
  if (!table) {
    table = new Map();
    for (const spec of COLUMNS[kind]) {
      const spellings = [spec.key, ...spec.aliases];
      for (const [rank, alias] of spellings.entries()) {
        const normalized = normalizeHeader(alias);
        if (!table.has(normalized)) table.set(normalized, { spec, rank });
      }
    }
    aliasTables.set(kind, table);
  }
  return table;
}

/** A file column that feeds a field. */
export interface MappedColumn {
  /** Zero-based position in the row. */
  index: number;
  /** The header as written in the file (trimmed). */
  header: string;
  spec: ColumnSpec;
}

export interface ColumnMapping {
  columns: MappedColumn[];
  missing: MissingColumn[];
  /** For the admin, in their language: columns ignored and why. */
  notices: string[];
}

/**
 * Matches a file's header row to the fields of a record kind.
 *
 * @example mapColumns(['订单号', '客户编号', '日期', '金额'], 'orders', 'en').missing // []
 */
export function mapColumns(headers: readonly string[], kind: RecordKind, locale: Locale): ColumnMapping {
  const table = aliasTable(kind);
  const chosen = new Map<ColumnSpec, { index: number; header: string; rank: number }>();
  const passedOver: { header: string; spec: ColumnSpec }[] = [];
  const unknown: string[] = [];

  for (const [index, raw] of headers.entries()) {
    const header = raw.trim();
    if (header === '') continue;
    const match = table.get(normalizeHeader(header));
    if (!match) {
      const known = KNOWN_UNUSED[kind]?.some((name) => normalizeHeader(name) === normalizeHeader(header));
      if (!known) unknown.push(header);
      continue;
    }
    const current = chosen.get(match.spec);
    if (current === undefined || match.rank < current.rank) {
      if (current) passedOver.push({ header: current.header, spec: match.spec });
      chosen.set(match.spec, { index, header, rank: match.rank });
    } else {
      passedOver.push({ header, spec: match.spec });
    }
  }

  const columns: MappedColumn[] = [];
  const missing: MissingColumn[] = [];
  for (const spec of COLUMNS[kind]) {
    const found = chosen.get(spec);
    if (found) columns.push({ index: found.index, header: found.header, spec });
    else if (spec.required) missing.push({ field: spec.field, accepted: spec.aliases });
  }

  const text = cliTextFor(locale).inputFiles;
  const notices: string[] = [];
  for (const { header, spec } of passedOver) {
    notices.push(text.columnIgnored(header, spec.field, chosen.get(spec)?.header ?? ''));
  }
  if (unknown.length > 0) {
    notices.push(text.columnsNotUsed(unknown.map(text.header).join(text.listSeparator)));
  }
  return { columns, missing, notices };
}
