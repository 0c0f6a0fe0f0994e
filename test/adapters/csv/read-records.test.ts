import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromParts } from '../../../functions/core/days.ts';
import type { Locale } from '../../../functions/core/locale.ts';
import {
  formatRowIssue,
  InputFileError,
  InvalidRowsError,
  MissingColumnsError,
  UnclosedQuoteError,
} from '../../../functions/adapters/csv/errors.ts';
import { readRecordFile, readRecordText } from '../../../functions/adapters/csv/read-records.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/csv');
const zh = { timeZone: 'Asia/Shanghai', locale: 'zh-CN' as Locale, skipInvalid: true };
const en = { ...zh, locale: 'en' as Locale };
const day = (year: number, month: number, date: number) => dayFromParts(year, month, date);

const orders = (text: string, options = zh) => readRecordText(text, 'orders.csv', 'orders', options);

/** Every data row is a record or has an issue: nothing is dropped without a word. */
function expectEveryRowAccountedFor(result: ReturnType<typeof orders>): void {
  const linesWithIssues = new Set(result.issues.map((issue) => issue.line));
  expect(result.records.length + linesWithIssues.size).toBe(result.rowsRead);
  for (const line of result.recordLines) expect(linesWithIssues.has(line)).toBe(false);
}

describe('readRecordText: orders', () => {
  it('reads English headers into order lines', () => {
    // Act
    const result = orders(
      'order_id,customer_id,order_date,amount,sku,quantity,rep_id,status\n' +
        'SO1,C001,2024-03-05,12.50,SKU1,2,R01,placed\n' +
        'SO2,C002,2024-03-06,-3,,,,returned\n',
    );

    // Assess
    expect(result.records).toStrictEqual([
      {
        orderId: 'SO1',
        customerId: 'C001',
        amount: 1250,
        sku: 'SKU1',
        quantity: 2,
        repId: 'R01',
        status: 'placed',
        customerName: undefined,
        productName: undefined,
        day: day(2024, 3, 5),
      },
      {
        orderId: 'SO2',
        customerId: 'C002',
        amount: -300,
        sku: undefined,
        quantity: undefined,
        repId: undefined,
        status: 'returned',
        customerName: undefined,
        productName: undefined,
        day: day(2024, 3, 6),
      },
    ]);
    expect(result).toMatchObject({
      recordLines: [2, 3],
      issues: [],
      rowsRead: 2,
      delimiter: ',',
      notices: [],
    });
  });

  it('reads Chinese headers and the values ERPs export, through the same schema', () => {
    // Act
    const result = orders(
      '单据编号,客户编号,单据日期,金额（元）,状态\n' +
        'SO1,C001,2024年3月5日,"¥1,234.50",已完成\n' +
        'SO2,C002,2024/3/6 23:30,(12.00),Completed\n',
    );

    // Assess
    expect(result.issues).toEqual([]);
    expect(
      result.records.map(({ orderId, amount, day: d, status }) => ({ orderId, amount, day: d, status })),
    ).toEqual([
      { orderId: 'SO1', amount: 123450, day: day(2024, 3, 5), status: 'placed' },
      { orderId: 'SO2', amount: -1200, day: day(2024, 3, 6), status: 'placed' },
    ]);
  });

  it('sums lines by 金额 when the export also has the order total 订单金额', () => {
    // Act
    const result = orders(
      '订单号,客户编号,日期,订单金额,金额\n' +
        'SO1,C001,2024-03-05,30.00,10.00\n' +
        'SO1,C001,2024-03-05,30.00,20.00\n',
    );

    // Assess
    expect(result.records.map((line) => line.amount)).toEqual([1000, 2000]);
    expect(result.notices).toEqual(['orders.csv：已忽略列「订单金额」：amount 取自列「金额」']);
  });

  it('names unused columns in one notice', () => {
    const result = orders('订单号,客户编号,日期,金额,备注,仓库\nSO1,C001,2024-03-05,1,急,北仓\n');
    expect(result.records).toHaveLength(1);
    expect(result.notices).toEqual(['orders.csv：以下列未使用：「备注」、「仓库」']);
  });

  it('reports a bad value with file, line, header as written, field and value, in Chinese', () => {
    // Act
    const result = orders('订单号,客户编号,日期,金额\nSO1,C001,2024-03-05,1\nSO2,C001,2024-03-05,12.345\n');

    // Assess
    expect(result.records).toHaveLength(1);
    expect(result.issues).toEqual([
      {
        file: 'orders.csv',
        line: 3,
        column: '金额',
        field: 'amount',
        value: '12.345',
        message: '金额最多保留两位小数（分），不做四舍五入',
      },
    ]);
    expect(formatRowIssue(result.issues[0] as never, 'zh-CN')).toBe(
      'orders.csv 第 3 行，列「金额」（amount）：金额最多保留两位小数（分），不做四舍五入（值：12.345）',
    );
  });

  it('reports the same problem in English', () => {
    // Act
    const result = orders('订单号,客户编号,日期,金额\nSO2,C001,2024-03-05,12.345\n', en);

    // Assess
    expect(formatRowIssue(result.issues[0] as never, 'en')).toBe(
      'orders.csv line 2, column "金额" (amount): has more decimals than cents allow (it is not rounded) (value: 12.345)',
    );
  });

  it('reports every bad field of a row, and a missing value as required', () => {
    // Act
    const result = orders(
      'order_id,customer_id,order_date,amount,status\nSO1,,2024-02-30,abc,shipped?\n',
      en,
    );

    // Assess
    expect(result.issues.map((issue) => [issue.line, issue.field, issue.value, issue.message])).toEqual([
      [2, 'customer_id', '', 'is required'],
      [2, 'order_date', '2024-02-30', 'is not a real calendar date'],
      [2, 'amount', 'abc', 'is not an amount of money'],
      [2, 'status', 'shipped?', 'must be placed, cancelled or returned (已下单/已取消/已退货)'],
    ]);
    expect(formatRowIssue(result.issues[0] as never, 'en')).toBe(
      'orders.csv line 2, column "customer_id": is required',
    );
  });

  it('treats missing cells at the end of a short row as missing values', () => {
    // Act
    const result = orders(
      'order_id,customer_id,order_date,amount,sku\nSO1,C001,2024-03-05\nSO2,C001,2024-03-05,5\n',
      en,
    );

    // Assess
    expect(result.records.map((line) => line.orderId)).toEqual(['SO2']);
    expect(result.issues).toMatchObject([{ line: 2, field: 'amount', value: '', message: 'is required' }]);
  });

  it('refuses a row with more cells than headers, pointing at the likely unquoted comma', () => {
    // Act
    const result = orders(
      '订单号,客户编号,日期,金额\nSO1,C001,2024-03-05,1,234.50\nSO2,C001,2024-03-05,7,\n',
    );

    // Assess
    expect(result.records.map((line) => line.orderId)).toEqual(['SO2']);
    expect(result.issues).toEqual([
      {
        file: 'orders.csv',
        line: 2,
        column: '',
        field: '',
        value: '234.50',
        message: '有 5 个单元格，但表头只有 4 列；可能某个值中含有未加引号的「,」（请给这样的值加上双引号）',
      },
    ]);
    expect(formatRowIssue(result.issues[0] as never, 'zh-CN')).toBe(
      'orders.csv 第 2 行：有 5 个单元格，但表头只有 4 列；可能某个值中含有未加引号的「,」（请给这样的值加上双引号）（值：234.50）',
    );
    expectEveryRowAccountedFor(result);
  });

  it('refuses one order id used for two customers, on the later line and naming the first', () => {
    // Act
    const result = orders(
      '订单号,客户编号,日期,金额\n' +
        'SO1,C001,2024-03-05,1\n' +
        'SO2,C002,2024-03-05,1\n' +
        'SO1,C001,2024-03-05,2\n' +
        'SO1,C003,2024-03-06,3\n',
    );

    // Assess
    expect(result.records.map((line) => `${line.orderId}/${line.customerId}`)).toEqual([
      'SO1/C001',
      'SO2/C002',
      'SO1/C001',
    ]);
    expect(result.issues).toEqual([
      {
        file: 'orders.csv',
        line: 5,
        column: '订单号',
        field: 'order_id',
        value: 'SO1',
        message: '订单「SO1」在第 2 行属于客户「C001」，此行却是客户「C003」；同一订单不能属于两个客户',
      },
    ]);
  });

  it('catches the conflict between consecutive lines of one order too, in English', () => {
    const result = orders(
      'order_id,customer_id,order_date,amount\nSO1,C001,2024-03-05,1\nSO1,C002,2024-03-05,2\n',
      en,
    );
    expect(result.issues.map((issue) => issue.message)).toEqual([
      'order SO1 already belongs to customer C001 (line 2), but this line says customer C002; one order cannot have two customers',
    ]);
  });

  it('numbers records by the line they start on when a quoted value spans lines', () => {
    // Act
    const result = orders(
      'order_id,customer_id,order_date,amount,sku\r\n' +
        'SO1,C001,2024-03-05,1,"multi\r\nline"\r\n' +
        '\r\n' +
        'SO2,C001,2024-03-05,x,S2\r\n' +
        'SO3,C001,2024-03-05,3,S3',
    );

    // Assess
    expect(result.recordLines).toEqual([2, 6]);
    expect(result.records[0]?.sku).toBe('multi\r\nline');
    expect(result.issues).toMatchObject([{ line: 5, field: 'amount', value: 'x' }]);
  });

  it('skips rows with only empty cells, and says how many', () => {
    // Act
    const result = orders('订单号,客户编号,日期,金额\nSO1,C001,2024-03-05,1\n,,,\n , ,,\n');

    // Assess
    expect(result.records).toHaveLength(1);
    expect(result.rowsRead).toBe(1);
    expect(result.notices).toEqual(['orders.csv：已跳过 2 个所有单元格都为空的行']);
  });

  it('finds the header below report title lines', () => {
    // Act
    const result = orders(
      '销售明细表\n导出时间：2024-03-31,,,\n订单号,客户编号,日期,金额\nSO1,C001,2024-03-05,1\n',
    );

    // Assess
    expect(result.records).toHaveLength(1);
    expect(result.recordLines).toEqual([4]);
    expect(result.notices).toEqual(['orders.csv：已跳过表头之前的 2 行（第 1, 2 行），表头在第 3 行']);
  });

  it('detects tab, semicolon and pipe delimiters from the header', () => {
    for (const delimiter of ['\t', ';', '|'] as const) {
      const result = orders(
        ['订单号', '客户编号', '日期', '金额'].join(delimiter) +
          '\n' +
          ['SO1', 'C1', '2024-03-05', '1,5'].join(delimiter),
      );
      expect(result.delimiter).toBe(delimiter);
      // "1,5" is not an amount (a decimal comma is ambiguous), but it must arrive as one value.
      expect(result.issues).toMatchObject([{ field: 'amount', value: '1,5' }]);
    }
  });

  it('gives an empty text a notice and no records', () => {
    expect(orders('')).toMatchObject({
      records: [],
      issues: [],
      rowsRead: 0,
      notices: ['orders.csv 是空文件，没有可读取的内容'],
    });
    expect(orders('\r\n\r\n', en).notices).toEqual(['orders.csv is empty: nothing to read']);
  });

  it('gives a header-only file no records and no complaint', () => {
    expect(orders('order_id,customer_id,order_date,amount\r\n')).toMatchObject({
      records: [],
      issues: [],
      rowsRead: 0,
      notices: [],
    });
  });

  it('refuses a file without the required columns, listing each with the headers it accepts', () => {
    // Act
    const attempt = () => orders('订单号,日期,备注\nSO1,2024-03-05,x\n');

    // Assess
    expect(attempt).toThrow(MissingColumnsError);
    try {
      attempt();
    } catch (error) {
      const missing = error as MissingColumnsError;
      expect(missing.file).toBe('orders.csv');
      expect(missing.missing.map((column) => column.field)).toEqual(['customer_id', 'amount']);
      expect(missing.describe('zh-CN')).toBe(
        [
          'orders.csv 缺少必需的列：',
          '  - customer_id：可用的表头为 customer_id、客户编号、客户ID、客户编码、客户代码、门店编号、客户号、customer_code、customer_no',
          '  - amount：可用的表头为 amount、金额、订单金额、销售金额、价税合计、实收金额、line_amount、order_amount、total',
          '文件中的表头：「订单号」、「日期」、「备注」',
        ].join('\n'),
      );
      expect(missing.describe('en')).toBe(
        [
          'orders.csv is missing required columns:',
          '  - customer_id: accepted headers are customer_id, 客户编号, 客户ID, 客户编码, 客户代码, 门店编号, 客户号, customer_code, customer_no',
          '  - amount: accepted headers are amount, 金额, 订单金额, 销售金额, 价税合计, 实收金额, line_amount, order_amount, total',
          'Headers in the file: "订单号", "日期", "备注"',
        ].join('\n'),
      );
      expect(missing.message).toBe(missing.describe('en'));
      expect(missing.describe('zh-CN')).not.toMatch(/\bat .*:\d+/);
    }
  });

  it('refuses a header-only file without the required columns', () => {
    expect(() => orders('order_id,amount\n')).toThrow(MissingColumnsError);
  });

  it('refuses a quote that is never closed', () => {
    expect(() => orders('order_id,customer_id,order_date,amount\nSO1,"C1,2024-03-05,1\n')).toThrow(
      UnclosedQuoteError,
    );
    try {
      orders('order_id,customer_id,order_date,amount\nSO1,"C1,2024-03-05,1\n');
    } catch (error) {
      expect((error as UnclosedQuoteError).describe('zh-CN')).toBe(
        'orders.csv 第 2 行：引号（"）没有闭合，之后的内容无法分行。请检查该行的引号是否成对',
      );
    }
  });

  it('throws every issue at once unless asked to skip invalid rows', () => {
    // Prepare
    const text =
      'order_id,customer_id,order_date,amount\nSO1,C1,2024-03-05,1\nSO2,C1,someday,1\nSO3,,2024-03-05,1\n';

    // Act
    const attempt = () => orders(text, { ...zh, skipInvalid: false });

    // Assess
    expect(attempt).toThrow(InvalidRowsError);
    try {
      attempt();
    } catch (error) {
      const invalid = error as InvalidRowsError;
      expect(invalid.issues).toHaveLength(2);
      expect(invalid.describe('zh-CN')).toBe(
        [
          'orders.csv 有 2 行数据无法读取：',
          'orders.csv 第 3 行，列「order_date」：日期格式无法识别（应为 YYYY-MM-DD、YYYY/MM/DD 或带时间的 ISO 格式）（值：someday）',
          'orders.csv 第 4 行，列「customer_id」：不能为空',
        ].join('\n'),
      );
    }
  });

  it('summarises beyond the first 20 issues', () => {
    // Prepare
    const rows = Array.from({ length: 25 }, (_, i) => `SO${i},C1,2024-03-05,x`).join('\n');

    // Act
    const error = (() => {
      try {
        orders(`order_id,customer_id,order_date,amount\n${rows}\n`, { ...en, skipInvalid: false });
      } catch (caught) {
        return caught as InvalidRowsError;
      }
      return undefined;
    })();

    // Assess
    const text = error?.describe('en') ?? '';
    expect(text.split('\n')).toHaveLength(22);
    expect(text).toMatch(/^orders\.csv has 25 rows that cannot be read:\n/);
    expect(text).toMatch(/\n… and 5 more problems$/);
  });

  it('accounts for every row of a messy file', () => {
    const result = orders(
      '订单号,客户编号,日期,金额,数量\n' +
        'SO1,C1,2024-03-05,1,1\n' +
        'SO2,C1,2024-03-05,1,many\n' +
        'SO3,C1,2024-03-05,1,1,extra\n' +
        ',,,,\n' +
        'SO1,C2,2024-03-05,1,1\n' +
        'SO4,C1,2024-03-05,1\n' +
        'SO5\n',
    );
    expect(result.rowsRead).toBe(6);
    expect(result.records.map((line) => line.orderId)).toEqual(['SO1', 'SO4']);
    expectEveryRowAccountedFor(result);
  });
});

describe('readRecordText: other kinds', () => {
  it('reads customers', () => {
    const result = readRecordText(
      '客户编号,客户名称,业务员\nC001,张记便利店,R01\nC002,,\n',
      'customers.csv',
      'customers',
      zh,
    );
    expect(result.records).toStrictEqual([
      { customerId: 'C001', name: '张记便利店', repId: 'R01' },
      { customerId: 'C002', name: undefined, repId: undefined },
    ]);
  });

  it('reads reps, with their Chinese spellings of roles and channels', () => {
    // Act
    const result = readRecordText(
      '业务员编号,姓名,角色,上级,通知方式,邮箱,企业微信机器人,企业微信账号,语言\n' +
        'R01,张三,业务员,M01,企业微信,,https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k,zhangsan,中文\n' +
        'M01,李四,经理,,邮件,lisi@example.com,,,en\n' +
        'R02,王五,老板,,,not-an-email,,,\n',
      'reps.csv',
      'reps',
      zh,
    );

    // Assess
    expect(result.records).toMatchObject([
      {
        repId: 'R01',
        role: 'rep',
        managerId: 'M01',
        channel: 'wecom',
        wecomUserid: 'zhangsan',
        locale: 'zh-CN',
      },
      { repId: 'M01', role: 'manager', channel: 'email', email: 'lisi@example.com', locale: 'en' },
    ]);
    expect(result.issues.map((issue) => [issue.line, issue.column, issue.field, issue.message])).toEqual([
      [4, '角色', 'role', '角色只能是 rep/manager（业务员/经理）'],
      [4, '邮箱', 'email', '不是有效的邮箱地址'],
    ]);
  });

  it('reads visits, coupons and complaints with their own date columns', () => {
    // Act
    const visits = readRecordText(
      '客户编号,拜访日期,业务员编号\nC1,2024-03-05,R01\n',
      'visits.csv',
      'visits',
      zh,
    );
    const coupons = readRecordText(
      'customer_id,issued_at\nC1,2024-03-05T20:00:00Z\n',
      'coupons.csv',
      'coupons',
      zh,
    );
    const complaints = readRecordText(
      '客户编号,投诉日期\nC1,2024/3/5\nC2,昨天\n',
      'complaints.csv',
      'complaints',
      zh,
    );

    // Assess
    expect(visits.records).toStrictEqual([{ customerId: 'C1', day: day(2024, 3, 5), repId: 'R01' }]);
    // 20:00 UTC is the next morning in Shanghai.
    expect(coupons.records).toStrictEqual([{ customerId: 'C1', day: day(2024, 3, 6), repId: undefined }]);
    expect(complaints.records).toHaveLength(1);
    expect(complaints.issues).toMatchObject([
      { line: 3, column: '投诉日期', field: 'complaint_date', value: '昨天' },
    ]);
  });

  it('refuses visits without a visit date column', () => {
    expect(() => readRecordText('客户编号,金额\nC1,1\n', 'visits.csv', 'visits', zh)).toThrow(
      MissingColumnsError,
    );
  });
});

describe('readRecordFile', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'churn-watch-csv-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a GBK export from Excel on Chinese Windows', async () => {
    // Act
    const result = await readRecordFile(path.join(fixtures, 'orders-gbk.csv'), 'orders', zh);

    // Assess
    expect(result.encoding).toBe('gb18030');
    expect(
      result.records.map(({ orderId, amount, status, day: d }) => ({ orderId, amount, status, day: d })),
    ).toEqual([
      { orderId: 'SO1', amount: 123450, status: 'placed', day: day(2024, 3, 5) },
      { orderId: 'SO2', amount: 8800, status: 'cancelled', day: day(2024, 3, 6) },
    ]);
  });

  it('reads a UTF-16 tab-separated "Unicode text" export', async () => {
    // Act
    const result = await readRecordFile(path.join(fixtures, 'orders-utf16le.txt'), 'orders', zh);

    // Assess
    expect(result).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', issues: [] });
    expect(result.records).toMatchObject([{ orderId: 'SO1', customerId: 'C001', amount: 1250 }]);
  });

  it('reads a UTF-8 file with a BOM without mistaking the BOM for part of the first header', async () => {
    // Prepare
    const file = path.join(dir, 'bom.csv');
    await writeFile(file, '\uFEFF订单号,客户编号,日期,金额\nSO1,C1,2024-03-05,1\n');

    // Act
    const result = await readRecordFile(file, 'orders', zh);

    // Assess
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.records).toHaveLength(1);
  });

  it('gives a 0-byte file a notice, not an error', async () => {
    // Prepare
    const file = path.join(dir, 'empty.csv');
    await writeFile(file, '');

    // Act
    const result = await readRecordFile(file, 'orders', en);

    // Assess
    expect(result).toMatchObject({ records: [], issues: [], rowsRead: 0, encoding: 'utf-8' });
    expect(result.notices).toEqual([`${file} is empty: nothing to read`]);
  });

  it('names a file that does not exist, without a stack trace', async () => {
    // Act
    const error = await readRecordFile(path.join(dir, 'missing.csv'), 'orders', zh).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).describe('zh-CN')).toBe(`找不到文件 ${path.join(dir, 'missing.csv')}`);
    expect((error as InputFileError).describe('en')).toBe(`${path.join(dir, 'missing.csv')} does not exist`);
    expect((error as InputFileError).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('refuses bytes in no encoding it knows', async () => {
    // Prepare
    const file = path.join(dir, 'binary.csv');
    await writeFile(file, new Uint8Array([0x6f, 0x72, 0xff, 0xff, 0x0a]));

    // Act
    const error = await readRecordFile(file, 'orders', en).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).describe('en')).toMatch(/text encoding that cannot be recognised/);
  });
});

describe('readRecordText: order totals and returned lines', () => {
  it("refuses every line of an order past 10 billion in sales, keeping the file's other orders", () => {
    const result = orders(
      [
        'order_id,customer_id,order_date,amount,sku,quantity',
        'SO1,C1,2026-11-01,6000000000.00,A,1',
        'SO2,C2,2026-11-01,10.00,A,1',
        'SO1,C1,2026-11-01,6000000000.00,B,1',
        'SO3,C3,2026-11-01,10000000000.00,A,1',
      ].join('\n'),
      en,
    );
    expect(result.records.map((line) => line.orderId)).toEqual(['SO2', 'SO3']);
    expect(result.issues.map((issue) => [issue.line, issue.column, issue.message])).toEqual([
      [
        2,
        'amount',
        "order SO1: its 2 lines add up to more than 10,000,000,000.00 in sales or in returns, too large an order's total; none of them is imported",
      ],
      [4, 'amount', expect.stringContaining('order SO1')],
    ]);
    expectEveryRowAccountedFor(result);
  });

  it('refuses a line with a negative quantity and a positive amount, in the fast path as in zod', () => {
    const result = orders(
      ['订单号,客户编号,日期,金额,数量', 'SO1,C1,2026-11-01,20.00,-2', 'SO2,C1,2026-11-01,-20.00,-2'].join(
        '\n',
      ),
    );
    expect(result.records.map((line) => [line.orderId, line.quantity, line.amount])).toEqual([
      ['SO2', -2, -2000],
    ]);
    expect(result.issues.map((issue) => [issue.line, issue.column, issue.message])).toEqual([
      [2, '数量', '数量为负（退货）但金额为正：退货行的金额也应为负数'],
    ]);
    expectEveryRowAccountedFor(result);
  });
});
