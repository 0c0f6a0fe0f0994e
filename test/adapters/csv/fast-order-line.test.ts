import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderLineSchema } from '../../../functions/core/records.ts';
import {
  fastOrderLine,
  fastOrderLineFromCells,
  type OrderColumns,
  type OrderRow,
  orderRowOf,
} from '../../../functions/adapters/csv/fast-order-line.ts';

const ZONES = ['Asia/Shanghai', 'America/New_York'];

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const pad = (value: number, width: number) => String(value).padStart(width, '0');
/** Mostly values an export would hold, sometimes odd or broken ones, so both paths get exercised. */
const mostly = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 8 }, { arbitrary: odd, weight: 1 });
// Spaces the schema trims (ASCII, NBSP, full-width, BOM) and one it does not see as space (U+200B).
const padding = mostly(fc.constant(''), fc.constantFrom(' ', '\t', '\u3000', '\uFEFF', '\u00A0', '\u200B'));
const padded = (value: fc.Arbitrary<string>) =>
  fc.tuple(padding, value, padding).map(([before, text, after]) => before + text + after);

const text = (max: number) =>
  mostly(
    fc.oneof(
      fc.constantFrom('A1', 'SO-2024-0001', '客户一', 'x'.repeat(max)),
      fc.string({ minLength: 1, maxLength: 10 }),
    ),
    fc.oneof(
      fc.constantFrom('x'.repeat(max + 1), '', ' ', '\u3000'),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
    ),
  );

const date = mostly(
  fc.oneof(
    fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
      )
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
    fc
      .tuple(
        fc.integer({ min: 1990, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
      )
      .chain(([y, m, d]) =>
        fc.constantFrom(
          `${y}/${m}/${d}`,
          `${y}.${pad(m, 2)}.${pad(d, 2)}`,
          `${y}${pad(m, 2)}${pad(d, 2)}`,
          `${y}年${m}月${d}日`,
          `${y}-${pad(m, 2)}-${pad(d, 2)}T16:30:00Z`,
          `${y}-${pad(m, 2)}-${pad(d, 2)} 23:59:59`,
          `${y}-${pad(m, 2)}-${pad(d, 2)}T08:00:00+08:00`,
          `${y}-${m}-${d}`,
        ),
      ),
  ),
  fc.oneof(
    fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
      )
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
    fc.constantFrom(
      '2024-02-29',
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '２０２４-03-05',
      '2024-3-5x',
      '',
      'abc',
    ),
    digits(0, 12),
    fc.string({ maxLength: 12 }),
  ),
);

const amount = mostly(
  fc
    .tuple(fc.constantFrom('', '', '-', '+'), digits(1, 16), fc.constantFrom('', '.'), digits(0, 3))
    .map(([sign, whole, dot, fraction]) => sign + whole + (dot ? dot + fraction : '')),
  fc.oneof(
    fc.constantFrom(
      '12.5',
      '12.',
      '-0',
      '-0.00',
      '0012.30',
      '12.345',
      '12.340',
      '1,234.50',
      '1,23',
      '¥12',
      '￥1,000',
      '12元',
      '(12.50)',
      '－5',
      '1e5',
      '.5',
      '-',
      '9999999999999.99',
      '99999999999999.99',
      '',
    ),
    fc.string({ maxLength: 8 }),
  ),
);

const quantity = mostly(
  fc.oneof(digits(1, 17), fc.constantFrom('3', '003', '-0', '1,000', '1.5', '-2', '+2')),
  fc.oneof(fc.constantFrom('1e3', '1.', '.5', '9'.repeat(400), '', '七'), fc.string({ maxLength: 6 })),
);

const status = mostly(
  fc.constantFrom(
    'placed',
    'PLACED',
    'Completed',
    '已完成',
    '已下单',
    'cancelled',
    'Canceled',
    '作废',
    '退货',
    '',
  ),
  fc.oneof(fc.constantFrom('foo', 'placed!', '已删除'), fc.string({ maxLength: 6 })),
);

const fields = {
  orderId: padded(text(128)),
  customerId: padded(text(128)),
  orderDate: padded(date),
  amount: padded(amount),
  sku: padded(text(256)),
  quantity: padded(quantity),
  repId: padded(text(256)),
  status: padded(status),
  customerName: padded(text(256)),
  productName: padded(text(256)),
};
// Optional keys come and go; now and then a required one is missing too.
const row: fc.Arbitrary<OrderRow> = mostly(
  fc.record(fields, { requiredKeys: ['orderId', 'customerId', 'orderDate', 'amount'] }),
  fc.record(fields, { requiredKeys: [] }),
);

// Rows with keys present but undefined, as the CSV reader builds them for columns a file lacks.
const rowWithUndefined = fc
  .tuple(
    row,
    fc.subarray([
      'sku',
      'quantity',
      'repId',
      'status',
      'orderId',
      'amount',
      'customerName',
      'productName',
    ] as const),
  )
  .map(([values, blanks]) => ({ ...values, ...Object.fromEntries(blanks.map((key) => [key, undefined])) }));

describe('fastOrderLine', () => {
  it('returns what zod returns whenever it returns anything, and null whenever zod refuses', () => {
    fc.assert(
      fc.property(fc.oneof(row, rowWithUndefined), fc.constantFrom(...ZONES), (input, zone) => {
        // Act
        const fast = fastOrderLine(input, zone);
        const slow = orderLineSchema(zone).safeParse(input);

        // Assess
        if (!slow.success) expect(fast).toBeNull();
        else if (fast !== null) expect(fast).toStrictEqual(slow.data);
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the ordinary values of an export without falling back to zod', () => {
    const ordinary: fc.Arbitrary<OrderRow> = fc.record({
      orderId: fc.constantFrom('SO1', 'SO-2024-0001', '单据001'),
      customerId: fc.constantFrom('C001', '客户一'),
      orderDate: fc
        .tuple(
          fc.integer({ min: 2000, max: 2030 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 28 }),
        )
        .map(([y, m, d]) => `${y}-${pad(m, 2)}-${pad(d, 2)}`),
      amount: fc
        .tuple(
          fc.constantFrom('', '-'),
          fc.integer({ min: 0, max: 10_000_000 }),
          fc.constantFrom('', '.5', '.05'),
        )
        .map(([sign, whole, fraction]) => `${sign}${whole}${fraction}`),
      sku: fc.constantFrom('SKU1', '6901234567890', undefined),
      quantity: fc.constantFrom('1', '24', '120', undefined), // decimals and grouping go to zod
      repId: fc.constantFrom('R01', '张三', undefined),
      status: fc.constantFrom('placed', '已完成', 'cancelled', '已退货', '', undefined),
      customerName: fc.constantFrom('华联超市（人民路店）', 'Corner Shop', undefined),
      productName: fc.constantFrom('可口可乐 330ml*24', '', undefined),
    });
    fc.assert(
      fc.property(ordinary, (input) => {
        // Act
        const fast = fastOrderLine(input, 'Asia/Shanghai');

        // Assess
        expect(fast).not.toBeNull();
        expect(fast).toStrictEqual(orderLineSchema('Asia/Shanghai').parse(input));
      }),
      { numRuns: 2_000 },
    );
  });

  it("takes a return line's signed quantity without falling back to zod, and leaves a sign mismatch to it", () => {
    const returned: fc.Arbitrary<OrderRow> = fc.record({
      orderId: fc.constantFrom('TH1', 'SO-2024-0001'),
      customerId: fc.constantFrom('C001', '客户一'),
      orderDate: fc.constant('2024-03-05'),
      amount: fc.constantFrom('-12.00', '-0.5', '0', '-1200'),
      quantity: fc.constantFrom('-1', '-24', '+3', '-0', '7'),
      status: fc.constantFrom('returned', '已退货', 'placed', undefined),
    });
    fc.assert(
      fc.property(returned, (input) => {
        // Act
        const fast = fastOrderLine(input, 'Asia/Shanghai');

        // Assess
        expect(fast).not.toBeNull();
        expect(fast).toStrictEqual(orderLineSchema('Asia/Shanghai').parse(input));
      }),
      { numRuns: 500 },
    );
    // Goods back but money in: the schema's message, not a quiet sale.
    expect(
      fastOrderLine(
        { orderId: 'TH1', customerId: 'C1', orderDate: '2024-03-05', amount: '12', quantity: '-1' },
        'UTC',
      ),
    ).toBeNull();
  });

  it('converts an offset date-time into the configured zone, like the schema', () => {
    // Prepare
    const input = { orderId: 'A1', customerId: 'C1', orderDate: '2024-03-05T16:30:00Z', amount: '1' };

    // Act
    const shanghai = fastOrderLine(input, 'Asia/Shanghai');
    const newYork = fastOrderLine(input, 'America/New_York');

    // Assess
    expect(shanghai?.day).toBe(orderLineSchema('Asia/Shanghai').parse(input).day);
    expect(newYork?.day).toBe(orderLineSchema('America/New_York').parse(input).day);
    expect(shanghai?.day).toBe((newYork?.day ?? 0) + 1);
  });

  it('gives the same answer from CSV cells as from the row they stand for', () => {
    const earlier = {
      orderId: 'SO0',
      customerId: 'C0',
      amount: -100,
      sku: 'OLD',
      quantity: -1,
      repId: 'R0',
      status: 'returned' as const,
      customerName: '旧名',
      productName: 'Old',
      day: 1,
    };
    const at: OrderColumns = {
      orderId: 0,
      customerId: 1,
      orderDate: 2,
      amount: 3,
      sku: 4,
      quantity: -1,
      repId: 5,
      status: 6,
      customerName: 7,
      productName: -1,
    };
    fc.assert(
      fc.property(row, (input) => {
        // Prepare
        const cells = [
          input.orderId ?? '',
          input.customerId ?? '',
          input.orderDate ?? '',
          input.amount ?? '',
          input.sku ?? '',
          input.repId ?? '',
          input.status ?? '',
          input.customerName ?? '',
        ];

        // Act
        const fromCells = fastOrderLineFromCells(cells, at, 'Asia/Shanghai');
        const fromRow = fastOrderLine(orderRowOf(cells, at), 'Asia/Shanghai');

        // Assess
        expect(fromCells).toStrictEqual(fromRow);
        // Read into a line kept from an earlier row, the same line comes out.
        const reused = fastOrderLineFromCells(cells, at, 'Asia/Shanghai', { ...earlier });
        expect(reused).toStrictEqual(fromRow);
      }),
      { numRuns: 2_000 },
    );
  });
});
