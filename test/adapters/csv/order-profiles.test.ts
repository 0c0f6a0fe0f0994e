import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Day, parseIsoDay } from '../../../functions/core/days.ts';
import type { Locale } from '../../../functions/core/locale.ts';
import {
  type BuildStats,
  buildProfiles,
  type CustomerProfile,
  type OrderFact,
  orderFactFromLines,
  profileFromFacts,
} from '../../../functions/core/profile.ts';
import type { OrderLine } from '../../../functions/core/records.ts';
import { readOrderProfilesText, readRecordText } from '../../../functions/adapters/csv/read-records.ts';

/*
 * `evaluate` reads an orders export straight into profiles (readOrderProfilesText, ProfileBuilder) instead of
 * keeping every line and grouping them afterwards. These tests hold the new path to the old one on generated
 * exports: the same issues and notices, and the same profiles, to the last key, as building them from the
 * records by orders (orderFactFromLines, one fact per order id and day, as the evaluator did before).
 */

const day = (text: string): Day => {
  const value = parseIsoDay(text);
  if (value === null) throw new Error(`bad test date ${text}`);
  return value;
};

/** The profiles as the evaluator built them before ProfileBuilder: lines grouped by order, then folded. */
function referenceProfiles(
  lines: readonly OrderLine[],
  asOf: Day,
  retentionDays: number,
): { profiles: Map<string, CustomerProfile>; stats: BuildStats } {
  const stats: BuildStats = {
    lines: 0,
    orders: 0,
    purchases: 0,
    cancelledOrders: 0,
    returnDocuments: 0,
    afterAsOf: 0,
  };
  const byOrderId = new Map<string, OrderLine[]>();
  const byFullKey = new Map<string, OrderLine[]>();
  for (const line of lines) {
    if (line.day > asOf) {
      stats.afterAsOf++;
      continue;
    }
    stats.lines++;
    const group = byOrderId.get(line.orderId);
    const first = group?.[0];
    if (group === undefined) byOrderId.set(line.orderId, [line]);
    else if (first?.customerId === line.customerId && first.day === line.day) group.push(line);
    else {
      const key = `${line.customerId}\u0000${line.orderId}\u0000${line.day}`;
      const other = byFullKey.get(key);
      if (other) other.push(line);
      else byFullKey.set(key, [line]);
    }
  }
  const factsByCustomer = new Map<string, OrderFact[]>();
  for (const group of [...byOrderId.values(), ...byFullKey.values()]) {
    const fact = orderFactFromLines(group);
    stats.orders++;
    if (fact.purchase) stats.purchases++;
    else if (group.every((line) => line.status === 'cancelled')) stats.cancelledOrders++;
    else stats.returnDocuments++;
    const customerId = (group[0] as OrderLine).customerId;
    factsByCustomer.set(customerId, [...(factsByCustomer.get(customerId) ?? []), fact]);
  }
  const profiles = new Map<string, CustomerProfile>();
  for (const [customerId, facts] of factsByCustomer)
    profiles.set(customerId, profileFromFacts(customerId, facts, retentionDays));
  return { profiles, stats };
}

const HEADER = 'order_id,customer_id,order_date,amount,sku,quantity,rep_id,status,customer_name,product_name';

/** Mostly what an export holds; now and then a value the reader refuses, so issues come into play too. */
const mostly = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: odd, weight: 1 });

/** The lines of one order: order id, customer and date shared (now and then refused), the rest their own. */
const exportOrder = fc
  .tuple(
    // Few order ids and customers: an order id again on a later day (a return booked under it), and now
    // and then one order id of two customers (refused).
    fc.constantFrom('SO1', 'SO2', 'SO3', 'SO4', 'SO5', 'SO6', 'XS202611200001'),
    fc.constantFrom('C1', 'C2', 'C3', 'C4'),
    // Around the as-of day (rows after it) and far before it (pruned at a short retention).
    mostly(
      fc.constantFrom(
        '2025-06-01',
        '2026-03-15',
        '2026-10-01',
        '2026-11-19',
        '2026-11-20',
        '2026-11-21',
        '2027-01-02',
      ),
      fc.constantFrom('2026-02-30', 'yesterday'),
    ),
    fc.array(
      fc.tuple(
        mostly(
          fc.constantFrom('12.50', '100', '0', '-3.00', '-120.5', '1,200.00', '¥8'),
          fc.constantFrom('abc', ''),
        ),
        fc.constantFrom('SKU-1', 'SKU-2', 'SKU-10', ''),
        // Signed quantities: a return line's -2 beside a sale's 2, and the forms zod owns (grouping, decimals).
        mostly(
          fc.constantFrom('1', '2', '-2', '+3', '0', '-0', '', '1,200', '1.5'),
          fc.constantFrom('x', '--1'),
        ),
        fc.constantFrom('R1', 'R2', '', '张三'),
        mostly(
          fc.constantFrom('placed', 'placed', 'cancelled', 'returned', '已取消', '退货', ''),
          fc.constant('bogus'),
        ),
        fc.constantFrom('华联超市', 'Corner Shop', '', '华联超市（人民路店）'),
        fc.constantFrom('可口可乐 330ml*24', 'Cola', ''),
      ),
      { minLength: 1, maxLength: 5 },
    ),
  )
  .map(([orderId, customerId, date, lines]) => lines.map((line) => [orderId, customerId, date, ...line]));

/** Rows, some of them repeated (an export pasted twice, a line exported twice), in any order. */
const exportRows = fc
  .tuple(fc.array(exportOrder, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), fc.array(fc.nat()))
  .map(([orders, repeats, moves]) => {
    const rows = orders.flat();
    const all = [...rows];
    for (const at of repeats) if (rows.length > 0) all.push(rows[at % rows.length] as (typeof rows)[number]);
    // A few swaps, so repeated lines do not always come last.
    for (const [i, at] of moves.slice(0, 4).entries()) {
      if (all.length < 2) break;
      const a = i % all.length;
      const b = at % all.length;
      [all[a], all[b]] = [all[b] as (typeof all)[number], all[a] as (typeof all)[number]];
    }
    return all;
  });

const csvOf = (rows: readonly (readonly string[])[]) =>
  `${HEADER}\n${rows.map((cells) => cells.map((cell) => (cell.includes(',') ? `"${cell}"` : cell)).join(',')).join('\n')}\n`;

const AS_OF = day('2026-11-20');

describe('readOrderProfilesText', () => {
  it('builds the profiles the records give, with the same issues and notices, on generated exports', () => {
    fc.assert(
      fc.property(
        exportRows,
        fc.constantFrom(30, 400, 3650),
        fc.constantFrom<Locale>('zh-CN', 'en'),
        (rows, retentionDays, locale) => {
          // Prepare
          const text = csvOf(rows);
          const options = { timeZone: 'Asia/Shanghai', locale, skipInvalid: true };

          // Act
          const read = readOrderProfilesText(text, 'orders.csv', { ...options, asOf: AS_OF, retentionDays });
          const built = read.profiles.finish({});
          const records = readRecordText(text, 'orders.csv', 'orders', options);
          const reference = referenceProfiles(records.records, AS_OF, retentionDays);

          // Assess
          expect(read.issues).toStrictEqual(records.issues);
          expect(read.notices).toStrictEqual(records.notices);
          expect(read.rowsRead).toBe(records.rowsRead);
          expect(built.stats).toStrictEqual(reference.stats);
          expect([...built.profiles.entries()]).toStrictEqual([...reference.profiles.entries()]);
          // Key order too: whatever serialises a profile sees the same object.
          expect(JSON.stringify([...built.profiles])).toBe(JSON.stringify([...reference.profiles]));
          // And buildProfiles (backtest, tests) over the same records.
          const fromLines = buildProfiles(records.records, {}, { asOf: AS_OF, retentionDays });
          expect([...fromLines.profiles.entries()]).toStrictEqual([...reference.profiles.entries()]);
          expect(fromLines.stats).toStrictEqual(reference.stats);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses a file with bad rows exactly as the records reader does, a row after the as-of day too', () => {
    fc.assert(
      fc.property(exportRows, (rows) => {
        // Prepare
        const text = csvOf(rows);
        const options = { timeZone: 'Asia/Shanghai', locale: 'zh-CN' as Locale };
        const outcome = (read: () => unknown) => {
          try {
            read();
            return 'read';
          } catch (error) {
            return (error as Error).message;
          }
        };

        // Act
        const streamed = outcome(() =>
          readOrderProfilesText(text, 'orders.csv', {
            ...options,
            asOf: day('2026-01-01'),
            retentionDays: 400,
          }),
        );
        const kept = outcome(() => readRecordText(text, 'orders.csv', 'orders', options));

        // Assess
        expect(streamed).toBe(kept);
      }),
      { numRuns: 300 },
    );
  });

  it('reports a bad row dated after the as-of day, which it does not build', () => {
    // Prepare
    const text = `${HEADER}\nSO1,C1,2026-11-01,10,,,,,,\nSO2,C1,2026-12-01,abc,,,,,,\n`;

    // Act
    const read = readOrderProfilesText(text, 'orders.csv', {
      timeZone: 'Asia/Shanghai',
      locale: 'en',
      skipInvalid: true,
      asOf: AS_OF,
      retentionDays: 400,
    });

    // Assess
    expect(read.issues).toMatchObject([{ line: 3, field: 'amount', value: 'abc' }]);
    expect(read.profiles.finish({}).stats).toMatchObject({ lines: 1, afterAsOf: 0, orders: 1 });
  });

  it('refuses whole orders past the largest total as the records reader does, and builds the rest', () => {
    // Prepare: two lines of one order that add up past MAX_MINOR (10 billion yuan), and an ordinary one.
    const text = `${HEADER}\nSO1,C1,2026-11-01,6000000000,,,,,,\nSO1,C1,2026-11-01,6000000000,,,,,,\nSO2,C2,2026-11-02,10,,,,,,\n`;
    const options = { timeZone: 'Asia/Shanghai', locale: 'en' as Locale, skipInvalid: true };

    // Act
    const read = readOrderProfilesText(text, 'orders.csv', { ...options, asOf: AS_OF, retentionDays: 400 });
    const records = readRecordText(text, 'orders.csv', 'orders', options);

    // Assess
    expect(read.issues).toHaveLength(2);
    expect(read.issues).toStrictEqual(records.issues);
    expect([...read.profiles.finish({}).profiles.keys()]).toEqual(['C2']);
  });
});

const arbitraryLine = fc.record({
  orderId: fc.constantFrom('O1', 'O2', 'O3', 'O4'),
  customerId: fc.constantFrom('C1', 'C2', 'C3'),
  day: fc.integer({ min: day('2025-06-01'), max: day('2026-12-31') }),
  amount: fc.integer({ min: -50000, max: 200000 }),
  sku: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
  quantity: fc.option(fc.integer({ min: -3, max: 5 }), { nil: undefined }),
  repId: fc.option(fc.constantFrom('R1', 'R2', ''), { nil: undefined }),
  status: fc.constantFrom('placed', 'placed', 'cancelled', 'returned') as fc.Arbitrary<OrderLine['status']>,
  customerName: fc.option(fc.constantFrom('甲', '乙'), { nil: undefined }),
  productName: fc.option(fc.constantFrom('Cola', 'Tea', ''), { nil: undefined }),
}) as fc.Arbitrary<OrderLine>;

describe('buildProfiles', () => {
  it('builds what grouping the lines by order gives, also for lines no reader checked (one order id, two customers)', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryLine, { maxLength: 60 }),
        fc.constantFrom(30, 400),
        (lines, retentionDays) => {
          // Act
          const built = buildProfiles(lines, {}, { asOf: AS_OF, retentionDays });
          const reference = referenceProfiles(lines, AS_OF, retentionDays);

          // Assess: the same profiles (their order may differ when an order id has two customers).
          const byId = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : 1);
          expect([...built.profiles.entries()].sort(byId)).toStrictEqual(
            [...reference.profiles.entries()].sort(byId),
          );
          expect(built.stats).toStrictEqual(reference.stats);
        },
      ),
      { numRuns: 500 },
    );
  });
});
