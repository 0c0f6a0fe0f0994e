import { describe, expect, it } from 'vitest';
import {
  COLUMNS,
  mapColumns,
  normalizeHeader,
  RECORD_KINDS,
} from '../../../functions/adapters/csv/columns.ts';

const fieldsOf = (headers: string[], kind: Parameters<typeof mapColumns>[1] = 'orders') =>
  Object.fromEntries(
    mapColumns(headers, kind, 'en').columns.map((column) => [column.spec.field, column.header] as const),
  );

describe('normalizeHeader', () => {
  it.each([
    ['Order ID', 'orderid'],
    ['order_id', 'orderid'],
    ['orderId', 'orderid'],
    ['order-id', 'orderid'],
    [' 金额（元） ', '金额'],
    ['金额(元)', '金额'],
    ['客户 编号', '客户编号'],
    ['\uFEFF订单号', '订单号'],
    ['数量（件）', '数量(件)'],
  ])('%j → %j', (header, expected) => {
    expect(normalizeHeader(header)).toBe(expected);
  });
});

describe('COLUMNS', () => {
  it.each(RECORD_KINDS)('gives every header spelling of %s to one field only', (kind) => {
    // Prepare
    const owners = new Map<string, string>();
    const clashes: string[] = [];

    // Act
    for (const spec of COLUMNS[kind]) {
      for (const alias of new Set([spec.key, ...spec.aliases].map(normalizeHeader))) {
        const owner = owners.get(alias);
        if (owner !== undefined && owner !== spec.field) clashes.push(`${alias}: ${owner} / ${spec.field}`);
        owners.set(alias, spec.field);
      }
    }

    // Assess
    expect(clashes).toEqual([]);
  });
});

describe('mapColumns', () => {
  it('maps the canonical English headers', () => {
    expect(
      fieldsOf(['order_id', 'customer_id', 'order_date', 'amount', 'sku', 'quantity', 'rep_id', 'status']),
    ).toEqual({
      order_id: 'order_id',
      customer_id: 'customer_id',
      order_date: 'order_date',
      amount: 'amount',
      sku: 'sku',
      quantity: 'quantity',
      rep_id: 'rep_id',
      status: 'status',
    });
  });

  it("maps the API's camelCase spellings", () => {
    expect(fieldsOf(['orderId', 'customerId', 'orderDate', 'Amount', 'repId'])).toEqual({
      order_id: 'orderId',
      customer_id: 'customerId',
      order_date: 'orderDate',
      amount: 'Amount',
      rep_id: 'repId',
    });
  });

  it("maps DESIGN.md's Chinese headers", () => {
    expect(
      fieldsOf(['订单号', '客户编号', '下单日期', '金额', '商品编码', '数量', '业务员', '状态']),
    ).toEqual({
      order_id: '订单号',
      customer_id: '客户编号',
      order_date: '下单日期',
      amount: '金额',
      sku: '商品编码',
      quantity: '数量',
      rep_id: '业务员',
      status: '状态',
    });
  });

  it('maps common ERP spellings, with units and full-width parentheses', () => {
    expect(
      fieldsOf([
        '单据号',
        '客户编码',
        '业务日期',
        '价税合计（元）',
        '存货编码',
        '销售数量',
        '业务员编码',
        '单据状态',
      ]),
    ).toEqual({
      order_id: '单据号',
      customer_id: '客户编码',
      order_date: '业务日期',
      amount: '价税合计（元）',
      sku: '存货编码',
      quantity: '销售数量',
      rep_id: '业务员编码',
      status: '单据状态',
    });
  });

  it('takes the line amount 金额 over the order total 订单金额, whatever the column order, and says so', () => {
    // Act
    const mapping = mapColumns(['订单号', '客户编号', '日期', '订单金额', '金额'], 'orders', 'zh-CN');

    // Assess
    const amount = mapping.columns.find((column) => column.spec.field === 'amount');
    expect(amount).toMatchObject({ header: '金额', index: 4 });
    expect(mapping.notices).toEqual(['已忽略列「订单金额」：amount 取自列「金额」']);
  });

  it('prefers 金额 and 订单金额 over 销售金额, 价税合计 and 实收金额', () => {
    expect(fieldsOf(['订单号', '客户编号', '日期', '实收金额', '价税合计', '订单金额']).amount).toBe(
      '订单金额',
    );
    expect(fieldsOf(['订单号', '客户编号', '日期', '实收金额', '销售金额']).amount).toBe('销售金额');
  });

  it('keeps the first of two identical headers and names the ignored one in English', () => {
    // Act
    const mapping = mapColumns(['order_id', 'customer_id', 'date', 'amount', 'Amount'], 'orders', 'en');

    // Assess
    expect(mapping.columns.find((column) => column.spec.field === 'amount')?.index).toBe(3);
    expect(mapping.notices).toEqual(['Column "Amount" ignored: amount is read from column "amount"']);
  });

  it('lists columns that match nothing in one notice, and ignores unnamed ones', () => {
    // Act
    const mapping = mapColumns(['订单号', '客户编号', '日期', '金额', '备注', '', '仓库'], 'orders', 'zh-CN');

    // Assess
    expect(mapping.missing).toEqual([]);
    expect(mapping.notices).toEqual(['以下列未使用：「备注」、「仓库」']);
  });

  it("reads past a coupon's value and a complaint's text without a notice, but not past an unknown column", () => {
    // Act
    const coupons = mapColumns(['客户编号', '发放日期', '金额'], 'coupons', 'zh-CN');
    const complaints = mapColumns(
      ['customer_id', 'complaint_date', 'reason', 'warehouse'],
      'complaints',
      'en',
    );

    // Assess
    expect(coupons.notices).toEqual([]);
    expect(complaints.notices).toEqual(['Columns not used: "warehouse"']);
  });

  it('reports each missing required field with the headers it would accept', () => {
    // Act
    const mapping = mapColumns(['订单号', '日期', '备注'], 'orders', 'zh-CN');

    // Assess
    expect(mapping.missing.map((column) => column.field)).toEqual(['customer_id', 'amount']);
    expect(mapping.missing[1]?.accepted).toEqual(
      expect.arrayContaining(['amount', '金额', '订单金额', '销售金额', '价税合计', '实收金额']),
    );
  });

  it('maps customers, reps and the dated events', () => {
    expect(fieldsOf(['客户编号', '客户名称', '业务员'], 'customers')).toEqual({
      customer_id: '客户编号',
      name: '客户名称',
      rep_id: '业务员',
    });
    expect(
      fieldsOf(
        ['业务员编号', '姓名', '角色', '上级', '通知方式', '邮箱', '企业微信机器人', '企业微信账号', '语言'],
        'reps',
      ),
    ).toEqual({
      rep_id: '业务员编号',
      name: '姓名',
      role: '角色',
      manager_id: '上级',
      channel: '通知方式',
      email: '邮箱',
      wecom_webhook: '企业微信机器人',
      wecom_userid: '企业微信账号',
      locale: '语言',
    });
    expect(fieldsOf(['客户编号', '拜访日期', '业务员编号'], 'visits')).toEqual({
      customer_id: '客户编号',
      visit_date: '拜访日期',
      rep_id: '业务员编号',
    });
    expect(fieldsOf(['customer_id', 'issued_at'], 'coupons')).toEqual({
      customer_id: 'customer_id',
      issued_at: 'issued_at',
    });
    expect(fieldsOf(['客户号', '发券日期'], 'coupons')).toEqual({
      customer_id: '客户号',
      issued_at: '发券日期',
    });
    expect(fieldsOf(['门店编号', '投诉日期'], 'complaints')).toEqual({
      customer_id: '门店编号',
      complaint_date: '投诉日期',
    });
    expect(fieldsOf(['客户ID', '日期'], 'complaints')).toEqual({
      customer_id: '客户ID',
      complaint_date: '日期',
    });
  });
});
