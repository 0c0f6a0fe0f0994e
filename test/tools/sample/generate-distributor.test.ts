// The committed fixtures are regenerated with:
//   npx tsx bin/generate-sample.ts --out test/fixtures/sample-small --seed 7 --customers 200 --months 18 --end 2026-11-20 --id-prefix ''
//   npx tsx bin/generate-sample.ts --out /tmp/sample-zh --seed 7 --customers 200 --months 18 --end 2026-11-20 --headers zh --id-prefix ''
//   iconv -f UTF-8 -t GBK /tmp/sample-zh/orders.csv > test/fixtures/sample-small-zh/orders.csv
//   iconv -f UTF-8 -t GBK /tmp/sample-zh/customers.csv > test/fixtures/sample-small-zh/customers.csv

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../bin/generate-sample.ts';
import { readRecordText } from '../../../functions/adapters/csv/read-records.ts';
import {
  type GenerateDistributorOptions,
  generateDistributor,
  PRE_FESTIVAL_DAYS,
  parseDay,
  type SampleDistributor,
  type SampleOrderStatus,
  type SampleScenario,
  SCENARIO_SHARES,
  SPRING_FESTIVAL_DATES,
} from '../../../functions/tools/sample/generate-distributor.ts';
import {
  csvField,
  formatFen,
  renderSampleFiles,
  writeSampleFiles,
} from '../../../functions/tools/sample/write-sample-files.ts';

const FIXTURE_OPTIONS: GenerateDistributorOptions = {
  seed: 7,
  customers: 200,
  months: 18,
  endDate: '2026-11-20',
};
const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/sample-small/', import.meta.url));
const FIXTURE_ZH_DIR = fileURLToPath(new URL('../../fixtures/sample-small-zh/', import.meta.url));
const FILES = [
  'complaints.csv',
  'coupons.csv',
  'customers.csv',
  'orders.csv',
  'planted.csv',
  'reps.csv',
  'visits.csv',
];

// Statistical checks use a bigger tenant than the fixture, so they are about the generator, not one lucky draw.
const fixture = generateDistributor(FIXTURE_OPTIONS);
const big = generateDistributor({ seed: 42, customers: 1000, months: 18, endDate: '2026-11-20' });

interface Order {
  orderId: string;
  customerId: string;
  day: number;
  status: SampleOrderStatus;
  amountFen: number;
  skus: string[];
}

function ordersOf(data: SampleDistributor): Order[] {
  const byId = new Map<string, Order>();
  for (const line of data.orderLines) {
    let order = byId.get(line.orderId);
    if (!order) {
      order = {
        orderId: line.orderId,
        customerId: line.customerId,
        day: parseDay(line.orderDate),
        status: line.status,
        amountFen: 0,
        skus: [],
      };
      byId.set(line.orderId, order);
    }
    order.amountFen += line.amountFen;
    order.skus.push(line.sku);
  }
  return [...byId.values()];
}

function placedByCustomer(data: SampleDistributor): Map<string, Order[]> {
  const result = new Map<string, Order[]>(data.customers.map((c) => [c.customerId, []]));
  for (const order of ordersOf(data)) {
    if (order.status === 'placed') result.get(order.customerId)?.push(order);
  }
  return result;
}

function plantedAs(
  data: SampleDistributor,
  scenario: SampleScenario,
): { customerId: string; change: number }[] {
  return data.planted
    .filter((p) => p.scenario === scenario)
    .map((p) => ({ customerId: p.customerId, change: parseDay(p.changeDate) }));
}

function formatDayOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

/** Minimal RFC 4180 reader, to check the writer's quoting round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('generateDistributor: determinism', () => {
  it('gives identical records and files for the same options', () => {
    const again = generateDistributor(FIXTURE_OPTIONS);
    // Booleans, not toEqual: diffing two 20,000-line data sets on failure takes vitest many seconds.
    expect(isDeepStrictEqual(again, fixture), 'records differ').toBe(true);
    expect(isDeepStrictEqual(renderSampleFiles(again), renderSampleFiles(fixture)), 'files differ').toBe(
      true,
    );
  });

  it('gives different data for a different seed', () => {
    const other = generateDistributor({ ...FIXTURE_OPTIONS, seed: 8 });
    expect(other.orderLines.slice(0, 50)).not.toEqual(fixture.orderLines.slice(0, 50));
    expect(other.customers.map((c) => c.name)).not.toEqual(fixture.customers.map((c) => c.name));
  });

  it('never touches Math.random', () => {
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    try {
      expect(() => generateDistributor({ ...FIXTURE_OPTIONS, customers: 50 })).not.toThrow();
    } finally {
      spy.mockRestore();
    }
  });

  it('reproduces the committed English fixture byte for byte', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'churn-watch-sample-'));
    try {
      await writeSampleFiles(dir, generateDistributor(FIXTURE_OPTIONS));
      expect((await readdir(dir)).sort()).toEqual(FILES);
      expect((await readdir(FIXTURE_DIR)).sort()).toEqual(FILES);
      for (const name of FILES) {
        const fresh = await readFile(join(dir, name));
        const committed = await readFile(join(FIXTURE_DIR, name));
        expect(
          fresh.equals(committed),
          `${name} differs: regenerate (commands at the top of this file)`,
        ).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('matches the committed GBK fixture with Chinese headers', async () => {
    const rendered = new Map(renderSampleFiles(fixture, { headers: 'zh' }).map((f) => [f.name, f.content]));
    for (const name of ['orders.csv', 'customers.csv']) {
      const bytes = await readFile(join(FIXTURE_ZH_DIR, name));
      // Proves the file really is GBK: Chinese text in GBK is not valid UTF-8.
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      // A boolean, not toBe: a failing diff of two 1 MB strings takes vitest many seconds to print.
      expect(new TextDecoder('gbk').decode(bytes) === rendered.get(name), `${name} differs`).toBe(true);
    }
    expect(rendered.get('orders.csv')?.split('\n', 1)[0]).toBe(
      '订单号,客户编号,下单日期,金额,商品编码,数量,业务员,状态',
    );
  });
});

describe('generateDistributor: shape and integrity', () => {
  it('has 3 to 6 reps and one manager, with the channels and locales the digests need', () => {
    for (const data of [fixture, big]) {
      const reps = data.reps.filter((r) => r.role === 'rep');
      const managers = data.reps.filter((r) => r.role === 'manager');
      expect(reps.length).toBeGreaterThanOrEqual(3);
      expect(reps.length).toBeLessThanOrEqual(6);
      expect(managers).toHaveLength(1);
      for (const rep of reps) {
        expect(rep.repId).toMatch(/^R\d{2}$/);
        expect(rep.managerId).toBe(managers[0]?.repId);
        expect(rep.email).toBe(`${rep.repId.toLowerCase()}@example.com`);
        if (rep.channel === 'wecom') {
          expect(rep.wecomWebhook).toBe(
            `http://127.0.0.1:8790/cgi-bin/webhook/send?key=demo-${rep.repId.toLowerCase()}`,
          );
          expect(rep.wecomUserid).not.toBe('');
        } else expect(rep.wecomWebhook).toBe('');
      }
      expect(new Set(reps.map((r) => r.channel))).toEqual(new Set(['email', 'wecom']));
      expect(data.reps.filter((r) => r.locale === 'en')).toHaveLength(1);
    }
  });

  it('gives customers unique ids and unique Chinese shop names, each with a field rep', () => {
    const fieldReps = new Set(big.reps.filter((r) => r.role === 'rep').map((r) => r.repId));
    expect(big.customers).toHaveLength(1000);
    expect(new Set(big.customers.map((c) => c.customerId)).size).toBe(1000);
    expect(new Set(big.customers.map((c) => c.name)).size).toBe(1000);
    for (const customer of big.customers) {
      expect(customer.customerId).toMatch(/^C\d{5}$/);
      expect(customer.name).toMatch(/^[\u4e00-\u9fff]+(\([\u4e00-\u9fff]+店\)|\d+号店)?$/);
      expect(fieldReps.has(customer.repId)).toBe(true);
    }
  });

  it('only references known customers and reps, with the customer’s own rep on each line', () => {
    for (const data of [fixture, big]) {
      const repOf = new Map(data.customers.map((c) => [c.customerId, c.repId]));
      expect(data.orderLines.filter((line) => repOf.get(line.customerId) !== line.repId)).toEqual([]);
      expect(data.visits.filter((visit) => repOf.get(visit.customerId) !== visit.repId)).toEqual([]);
      const others = [...data.coupons, ...data.complaints, ...data.planted];
      expect(others.filter((row) => !repOf.has(row.customerId))).toEqual([]);
      expect(data.planted.map((p) => p.customerId)).toEqual(data.customers.map((c) => c.customerId));
    }
  });

  it('prices every line from the catalogue as integer fen, 1 to 8 lines per order', () => {
    const price = new Map(big.skus.map((s) => [s.sku, s.unitPriceFen]));
    expect(big.skus.length).toBeGreaterThanOrEqual(55);
    const wrong = big.orderLines.filter(
      (line) =>
        !Number.isInteger(line.quantity) ||
        line.quantity === 0 ||
        line.amountFen !== (price.get(line.sku) ?? Number.NaN) * line.quantity ||
        line.amountFen < 0 !== (line.status === 'returned'),
    );
    expect(wrong).toEqual([]);
    const lineCounts = new Set(ordersOf(big).map((order) => order.skus.length));
    expect([...lineCounts].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ordersOf(big).filter((order) => new Set(order.skus).size !== order.skus.length)).toEqual([]);
  });

  it('keeps the lines of one order adjacent, with one customer, date and status', () => {
    const done = new Set<string>();
    const problems: string[] = [];
    let current = '';
    let key = '';
    for (const line of big.orderLines) {
      const lineKey = `${line.customerId}|${line.orderDate}|${line.status}`;
      if (line.orderId !== current) {
        if (done.has(line.orderId)) problems.push(`${line.orderId} is split`);
        done.add(line.orderId);
        current = line.orderId;
        key = lineKey;
      }
      if (lineKey !== key) problems.push(`${line.orderId} mixes ${key} and ${lineKey}`);
    }
    expect(problems).toEqual([]);
    const dates = big.orderLines.map((l) => l.orderDate);
    expect(dates).toEqual([...dates].sort());
  });

  it('has no record outside the requested months', () => {
    for (const data of [fixture, big]) {
      expect(data.startDate).toBe('2025-05-21');
      expect(data.endDate).toBe('2026-11-20');
      const dates = [
        ...data.orderLines.map((l) => l.orderDate),
        ...data.visits.map((v) => v.visitDate),
        ...data.coupons.map((c) => c.issuedAt),
        ...data.complaints.map((c) => c.complaintDate),
        ...data.planted.map((p) => p.changeDate).filter((d) => d !== ''),
      ];
      expect(dates.filter((date) => date < data.startDate || date > data.endDate)).toEqual([]);
      expect(data.orderLines.at(-1)?.orderDate).toBe(data.endDate);
    }
  });

  it('rejects impossible options', () => {
    const ok = { ...FIXTURE_OPTIONS, customers: 10 };
    expect(() => generateDistributor({ ...ok, endDate: '2026-02-30' })).toThrow(/YYYY-MM-DD/);
    expect(() => generateDistributor({ ...ok, endDate: '2026/11/20' })).toThrow(/YYYY-MM-DD/);
    expect(() => generateDistributor({ ...ok, months: 3 })).toThrow(/months/);
    expect(() => generateDistributor({ ...ok, customers: 0 })).toThrow(/customers/);
    expect(() => generateDistributor({ ...ok, seed: 1.5 })).toThrow(/seed/);
  });
});

describe('generateDistributor: realism', () => {
  const orders = ordersOf(big);
  const placed = orders.filter((o) => o.status === 'placed');
  const endDay = parseDay(big.endDate);
  const startDay = parseDay(big.startDate);

  it('cancels about 2% of orders and follows about 1.5% with a partial return', () => {
    const sales = orders.filter((o) => o.status !== 'returned');
    const cancelled = sales.filter((o) => o.status === 'cancelled').length / sales.length;
    expect(cancelled).toBeGreaterThan(0.012);
    expect(cancelled).toBeLessThan(0.03);
    const returns = orders.filter((o) => o.status === 'returned');
    expect(returns.length / placed.length).toBeGreaterThan(0.008);
    expect(returns.length / placed.length).toBeLessThan(0.025);
    const byCustomer = placedByCustomer(big);
    for (const ret of returns) {
      // A return follows a delivery to the same shop within two weeks and gives back less than it.
      const delivered = (byCustomer.get(ret.customerId) ?? []).filter(
        (o) => o.day < ret.day && o.day >= ret.day - 14,
      );
      expect(
        delivered.some((o) => o.amountFen > -ret.amountFen),
        ret.orderId,
      ).toBe(true);
      expect(ret.orderId).toMatch(/^TH\d{12}$/);
    }
    for (const order of sales) expect(order.orderId).toMatch(/^XS\d{12}$/);
  });

  it('mixes weekly, biweekly and monthly ordering rhythms', () => {
    const medians: number[] = [];
    for (const [, list] of placedByCustomer(big)) {
      const gaps = list.slice(1).map((o, i) => o.day - (list[i] as Order).day);
      gaps.sort((a, b) => a - b);
      if (gaps.length >= 5) medians.push(gaps[gaps.length >> 1] as number);
    }
    const share = (lo: number, hi: number) =>
      medians.filter((m) => m >= lo && m <= hi).length / medians.length;
    expect(share(6, 8)).toBeGreaterThan(0.1);
    expect(share(13, 15)).toBeGreaterThan(0.2);
    expect(share(27, 33)).toBeGreaterThan(0.2);
  });

  it('concentrates revenue: the top 5% of customers carry well over 20% of 12-month sales', () => {
    const sales = new Map(big.customers.map((c) => [c.customerId, 0]));
    for (const order of placed) {
      if (order.day > endDay - 365)
        sales.set(order.customerId, (sales.get(order.customerId) ?? 0) + order.amountFen);
    }
    const ranked = [...sales.values()].sort((a, b) => b - a);
    const top = sum(ranked.slice(0, Math.ceil(ranked.length * 0.05)));
    expect(top / sum(ranked)).toBeGreaterThan(0.3);
  });

  it('sells more in the weeks before the Spring Festival and little right after it', () => {
    const festival = parseDay('2026-02-17');
    expect(SPRING_FESTIVAL_DATES).toContain('2026-02-17');
    const perDay = (from: number, to: number) =>
      sum(placed.filter((o) => o.day >= from && o.day < to).map((o) => o.amountFen)) / (to - from);
    const average = perDay(startDay, endDay + 1);
    expect(perDay(festival - PRE_FESTIVAL_DAYS, festival - 1)).toBeGreaterThan(1.4 * average);
    expect(perDay(festival, festival + 9)).toBeLessThan(0.5 * average);
  });

  it('visits shops every one to four weeks, neglecting a few', () => {
    const visitsPer = new Map(big.customers.map((c) => [c.customerId, 0]));
    for (const visit of big.visits)
      visitsPer.set(visit.customerId, (visitsPer.get(visit.customerId) ?? 0) + 1);
    const steady = new Set(big.planted.filter((p) => p.scenario === 'steady').map((p) => p.customerId));
    const perMonth = [...visitsPer].filter(([id]) => steady.has(id)).map(([, n]) => n / 18);
    const regular = perMonth.filter((n) => n >= 1 && n <= 5).length / perMonth.length;
    const neglected = perMonth.filter((n) => n < 0.8).length / perMonth.length;
    expect(regular).toBeGreaterThan(0.8);
    expect(neglected).toBeGreaterThan(0.02);
    expect(neglected).toBeLessThan(0.15);
    expect(big.coupons.length).toBeGreaterThan(0);
    expect(big.complaints.length).toBeGreaterThan(0);
    expect(big.complaints.length).toBeLessThan(big.customers.length);
  });
});

describe('generateDistributor: planted scenarios', () => {
  const endDay = parseDay(big.endDate);
  const byCustomer = placedByCustomer(big);
  const placedOf = (customerId: string) => byCustomer.get(customerId) ?? [];

  it('plants the scenarios in the specified proportions', () => {
    const counts = new Map<string, number>();
    for (const p of big.planted) counts.set(p.scenario, (counts.get(p.scenario) ?? 0) + 1);
    let planted = 0;
    for (const [scenario, share] of Object.entries(SCENARIO_SHARES)) {
      const count = counts.get(scenario) ?? 0;
      expect(count / 1000, scenario).toBeCloseTo(share, 2);
      planted += count;
    }
    expect(counts.get('steady')).toBe(1000 - planted);
    // Still the majority: about half the book just goes on buying.
    expect((counts.get('steady') ?? 0) / 1000).toBeCloseTo(0.53, 2);
    for (const p of big.planted) expect(p.changeDate === '').toBe(p.scenario === 'steady');
  });

  it('churners place nothing after change_date, 20 to 120 days before the end', () => {
    const churners = plantedAs(big, 'churner');
    expect(churners.length).toBeGreaterThan(0);
    for (const { customerId, change } of churners) {
      expect(endDay - change).toBeGreaterThanOrEqual(20);
      expect(endDay - change).toBeLessThanOrEqual(120);
      const list = placedOf(customerId);
      expect(list.length, customerId).toBeGreaterThan(3);
      expect(
        list.filter((o) => o.day > change),
        customerId,
      ).toEqual([]);
    }
  });

  it('decliners sell clearly less in the last 60 days than their earlier 60-day average', () => {
    const decliners = plantedAs(big, 'decliner');
    let recent = 0;
    let earlier = 0;
    let clear = 0;
    for (const { customerId, change } of decliners) {
      expect(endDay - change).toBeGreaterThanOrEqual(60);
      expect(endDay - change).toBeLessThanOrEqual(120);
      const list = placedOf(customerId);
      const first = list[0]?.day ?? change;
      const before =
        (sum(list.filter((o) => o.day < change).map((o) => o.amountFen)) / (change - first)) * 60;
      const last = sum(list.filter((o) => o.day > endDay - 60).map((o) => o.amountFen));
      recent += last;
      earlier += before;
      if (last < 0.8 * before) clear++;
    }
    expect(recent / earlier).toBeLessThan(0.65);
    expect(clear / decliners.length).toBeGreaterThan(0.8);
  });

  it('steady customers keep their level', () => {
    let recent = 0;
    let earlier = 0;
    for (const { customerId } of big.planted.filter((p) => p.scenario === 'steady')) {
      const list = placedOf(customerId);
      const first = list[0]?.day ?? endDay;
      if (first > endDay - 240) continue;
      // Compare autumn with autumn: the earlier window avoids the Spring Festival swing.
      recent += sum(list.filter((o) => o.day > endDay - 60).map((o) => o.amountFen));
      earlier += sum(
        list.filter((o) => o.day > endDay - 425 && o.day <= endDay - 365).map((o) => o.amountFen),
      );
    }
    expect(recent / earlier).toBeGreaterThan(0.85);
    expect(recent / earlier).toBeLessThan(1.15);
  });

  it('sku_narrowing customers keep ordering but buy fewer distinct SKUs after change_date', () => {
    const narrowing = plantedAs(big, 'sku_narrowing');
    let narrower = 0;
    for (const { customerId, change } of narrowing) {
      const window = endDay - change + 1;
      const list = placedOf(customerId);
      const distinct = (from: number, to: number) =>
        new Set(list.filter((o) => o.day >= from && o.day < to).flatMap((o) => o.skus)).size;
      expect(list.filter((o) => o.day >= change).length, customerId).toBeGreaterThan(0);
      if (distinct(change, endDay + 1) <= 3 && distinct(change - window, change) >= 2 * 3) narrower++;
    }
    expect(narrower / narrowing.length).toBeGreaterThan(0.8);
  });

  it('new customers place their first order on change_date, within the last 60 days', () => {
    for (const { customerId, change } of plantedAs(big, 'new')) {
      expect(endDay - change).toBeLessThan(60);
      expect(placedOf(customerId)[0]?.day).toBe(change);
    }
    // Nobody else is new.
    for (const p of big.planted.filter((p) => p.scenario !== 'new')) {
      expect(placedOf(p.customerId)[0]?.day ?? 0).toBeLessThanOrEqual(endDay - 60);
    }
  });

  it('recovered customers ordered again on change_date, in the last 3 weeks, after 40 to 70 quiet days', () => {
    for (const { customerId, change } of plantedAs(big, 'recovered')) {
      expect(endDay - change).toBeLessThan(21);
      const list = placedOf(customerId);
      const index = list.findIndex((o) => o.day === change);
      expect(index, customerId).toBeGreaterThan(0);
      const gap = change - (list[index - 1] as Order).day;
      expect(gap).toBeGreaterThanOrEqual(40);
      expect(gap).toBeLessThanOrEqual(70);
    }
  });

  it('lapsed customers’ last order is on change_date, before the churners’ last 120 days', () => {
    const startDay = parseDay(big.startDate);
    const lapsed = plantedAs(big, 'lapsed');
    expect(lapsed).toHaveLength(120);
    for (const { customerId, change } of lapsed) {
      const list = placedOf(customerId);
      expect(list.at(-1)?.day, customerId).toBe(change);
      expect(endDay - change, customerId).toBeGreaterThan(120);
      expect(change, customerId).toBeGreaterThan(startDay);
    }
    // At many different points of the history, not a few clustered days.
    expect(new Set(lapsed.map(({ change }) => change)).size).toBeGreaterThan(100);
  });

  it('most lapsed customers slip first: smaller or sparser orders in the 60 days up to their last', () => {
    // Paused shops are the control: they stop without slipping, so their share is what noise alone gives.
    const slipped = (scenario: SampleScenario) => {
      let yes = 0;
      let counted = 0;
      for (const { customerId, change } of plantedAs(big, scenario)) {
        const list = placedOf(customerId);
        const comeback = list.findIndex((o) => o.day === change);
        const last = scenario === 'paused' ? (list[comeback - 1]?.day ?? change) : change;
        if (last - (list[0]?.day ?? last) < 150) continue;
        const recent = list.filter((o) => o.day > last - 60 && o.day <= last);
        const before = list.filter((o) => o.day > last - 150 && o.day <= last - 60);
        const meanValue = (orders: Order[]) => sum(orders.map((o) => o.amountFen)) / orders.length;
        const meanGap = (orders: Order[]) =>
          orders.length < 2
            ? Number.POSITIVE_INFINITY
            : ((orders.at(-1) as Order).day - (orders[0] as Order).day) / (orders.length - 1);
        counted++;
        if (meanValue(recent) < 0.8 * meanValue(before) || meanGap(recent) > 1.25 * meanGap(before)) yes++;
      }
      return yes / counted;
    };
    expect(slipped('lapsed')).toBeGreaterThan(0.5);
    expect(slipped('paused')).toBeLessThan(0.35);
  });

  it('paused customers ordered again on change_date after 60 to 150 quiet days, mid-history, and stayed', () => {
    const startDay = parseDay(big.startDate);
    const paused = plantedAs(big, 'paused');
    expect(paused).toHaveLength(50);
    for (const { customerId, change } of paused) {
      const list = placedOf(customerId);
      const index = list.findIndex((o) => o.day === change);
      expect(index, customerId).toBeGreaterThan(0);
      const gap = change - (list[index - 1] as Order).day;
      expect(gap, customerId).toBeGreaterThanOrEqual(60);
      expect(gap, customerId).toBeLessThanOrEqual(150);
      expect(change - startDay, customerId).toBeGreaterThanOrEqual(105);
      expect(endDay - change, customerId).toBeGreaterThanOrEqual(45);
      expect(list.filter((o) => o.day > endDay - 60).length, customerId).toBeGreaterThan(0);
    }
  });

  it('seasonal_gap customers pause over the Spring Festival only, then resume', () => {
    const festival = parseDay('2026-02-17');
    for (const { customerId, change } of plantedAs(big, 'seasonal_gap')) {
      expect(festival - change).toBeGreaterThanOrEqual(10);
      expect(festival - change).toBeLessThanOrEqual(18);
      const list = placedOf(customerId);
      expect(list.filter((o) => o.day >= change && o.day < festival + 20)).toEqual([]);
      expect(list.filter((o) => o.day > festival + 20 && o.day < festival + 60).length).toBeGreaterThan(0);
      expect(list.filter((o) => o.day > endDay - 60).length).toBeGreaterThan(1);
    }
  });
});

describe('generateDistributor: lapses and recoveries across the history', () => {
  /** Each customer's distinct placed-order days, ascending. */
  const orderDays = (data: SampleDistributor): number[][] =>
    [...placedByCustomer(data).values()].map((list) => [...new Set(list.map((o) => o.day))]);

  it('has shops stop for good all through the history, about 3% of the active shops a quarter', () => {
    // Read from the orders alone, as a distributor would: a shop stopped when its last order was a quarter or
    // more before the end. Quarters end before the churners' last 120 days, so these are the history's own.
    const endDay = parseDay(big.endDate);
    const days = orderDays(big);
    let active = 0;
    let stopped = 0;
    for (let from = parseDay(big.startDate) + 91; from + 91 <= endDay - 120; from += 91) {
      const here = days.filter((list) => (list[0] as number) < from && (list.at(-1) as number) >= from);
      const gone = here.filter((list) => (list.at(-1) as number) < from + 91).length;
      expect(gone / here.length, formatDayOf(from)).toBeGreaterThan(0.01);
      expect(gone / here.length, formatDayOf(from)).toBeLessThan(0.06);
      active += here.length;
      stopped += gone;
    }
    expect(stopped / active).toBeGreaterThan(0.02);
    expect(stopped / active).toBeLessThan(0.045);
  });

  it('has shops fall silent for two months or more and come back, early and late in the history', () => {
    const startDay = parseDay(big.startDate);
    const endDay = parseDay(big.endDate);
    const comebacks = orderDays(big).flatMap((list) =>
      list.filter((day, i) => i > 0 && day - (list[i - 1] as number) >= 60 && day <= endDay - 45),
    );
    expect(comebacks.length).toBeGreaterThan(0.05 * big.customers.length);
    const middle = (startDay + endDay) / 2;
    expect(comebacks.filter((day) => day < middle).length).toBeGreaterThan(10);
    expect(comebacks.filter((day) => day >= middle).length).toBeGreaterThan(10);
  });

  it('gives a 200-shop book at least 20 lapses and 20 stays after each day the end date’s risk model trains on', () => {
    // The model for the end date learns from the book as of 90 and 118 days before it, each customer labelled
    // by whether it then went 90 days without an order; it needs 20 of each outcome. Customers silent for more
    // than a year are lost and not in those rows.
    for (const seed of [FIXTURE_OPTIONS.seed, 42]) {
      const data =
        seed === FIXTURE_OPTIONS.seed ? fixture : generateDistributor({ ...FIXTURE_OPTIONS, seed });
      const endDay = parseDay(data.endDate);
      const days = orderDays(data);
      for (const asOf of [endDay - 90, endDay - 118]) {
        const rows = days.filter((list) => {
          const last = list.filter((day) => day <= asOf).at(-1);
          return last !== undefined && asOf - last <= 365;
        });
        const lapsed = rows.filter((list) => !list.some((day) => day > asOf && day <= asOf + 90)).length;
        expect(lapsed, `seed ${seed}, ${formatDayOf(asOf)}`).toBeGreaterThanOrEqual(20);
        expect(rows.length - lapsed, `seed ${seed}, ${formatDayOf(asOf)}`).toBeGreaterThanOrEqual(20);
      }
    }
  });
});

describe('writeSampleFiles', () => {
  it('formats fen as currency units without floating point', () => {
    expect(formatFen(12_350)).toBe('123.50');
    expect(formatFen(-12_350)).toBe('-123.50');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(0)).toBe('0.00');
    expect(() => formatFen(1.5)).toThrow();
  });

  it('quotes fields per RFC 4180', () => {
    expect(csvField('张记便利店')).toBe('张记便利店');
    expect(csvField('送错货,要求换货')).toBe('"送错货,要求换货"');
    expect(csvField('标着"易碎"')).toBe('"标着""易碎"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });

  it('writes the contract columns, and every file parses back to the records', () => {
    const files = new Map(renderSampleFiles(fixture).map((f) => [f.name, f.content]));
    expect([...files.keys()].sort()).toEqual(FILES);
    const header = (name: string) => files.get(name)?.split('\n', 1)[0];
    expect(header('orders.csv')).toBe('order_id,customer_id,order_date,amount,sku,quantity,rep_id,status');
    expect(header('customers.csv')).toBe('customer_id,name,rep_id');
    expect(header('reps.csv')).toBe(
      'rep_id,name,role,manager_id,channel,email,wecom_webhook,wecom_userid,locale',
    );
    expect(header('visits.csv')).toBe('customer_id,visit_date,rep_id');
    expect(header('coupons.csv')).toBe('customer_id,issued_at,amount');
    expect(header('complaints.csv')).toBe('customer_id,complaint_date,reason');
    expect(header('planted.csv')).toBe('customer_id,scenario,change_date');
    for (const [name, content] of files) {
      expect(content.endsWith('\n'), name).toBe(true);
      expect(content.includes('\r'), name).toBe(false);
      const rows = parseCsv(content);
      const width = rows[0]?.length;
      expect(
        rows.filter((row) => row.length !== width),
        name,
      ).toEqual([]);
    }
    const orders = parseCsv(files.get('orders.csv') ?? '').slice(1);
    expect(orders).toEqual(
      fixture.orderLines.map((line) => [
        line.orderId,
        line.customerId,
        line.orderDate,
        formatFen(line.amountFen),
        line.sku,
        String(line.quantity),
        line.repId,
        line.status,
      ]),
    );
    expect(orders.filter((row) => !/^-?\d+\.\d{2}$/.test(row[3] ?? ''))).toEqual([]);
    const complaints = parseCsv(files.get('complaints.csv') ?? '').slice(1);
    expect(complaints.map((row) => row[2])).toEqual(fixture.complaints.map((c) => c.reason));
    expect(fixture.complaints.some((c) => c.reason.includes(','))).toBe(true);
  });

  it('uses Chinese headers and statuses on request', () => {
    const files = new Map(renderSampleFiles(fixture, { headers: 'zh' }).map((f) => [f.name, f.content]));
    expect(files.get('customers.csv')?.split('\n', 1)[0]).toBe('客户编号,客户名称,业务员');
    expect(files.get('reps.csv')?.split('\n', 1)[0]).toBe(
      '业务员编号,姓名,角色,上级,通知方式,邮箱,企业微信机器人,企业微信账号,语言',
    );
    const statuses = new Set(
      parseCsv(files.get('orders.csv') ?? '')
        .slice(1)
        .map((row) => row[7]),
    );
    expect(statuses).toEqual(new Set(['已下单', '已取消', '已退货']));
  });

  it('adds customer and product names to the orders on request (the demo), which the reader keeps per line', () => {
    // Prepare
    const nameOf = new Map(fixture.skus.map((sku) => [sku.sku, sku.name]));
    const customerNameOf = new Map(fixture.customers.map((customer) => [customer.customerId, customer.name]));

    // Act
    const orders = renderSampleFiles(fixture, { headers: 'zh', names: true }).find(
      (file) => file.name === 'orders.csv',
    );
    const read = readRecordText(orders?.content ?? '', 'orders.csv', 'orders', {
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
    });

    // Assess
    expect(orders?.content.split('\n', 1)[0]).toBe(
      '订单号,客户编号,客户名称,下单日期,金额,商品编码,商品名称,数量,业务员,状态',
    );
    expect(read.notices).toEqual([]);
    expect(read.records).toHaveLength(fixture.orderLines.length);
    expect(read.records.every((line) => line.productName === nameOf.get(line.sku ?? ''))).toBe(true);
    expect(read.records.every((line) => line.customerName === customerNameOf.get(line.customerId))).toBe(
      true,
    );
  });
});

describe('bin/generate-sample.ts', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes the files and prints a one-line summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'churn-watch-sample-cli-'));
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      const code = await main([
        '--out',
        dir,
        '--seed',
        '3',
        '--customers',
        '40',
        '--months',
        '6',
        '--end',
        '2026-03-31',
        '--lang',
        'en',
      ]);
      expect(code).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(FILES);
      expect(out.join('')).toMatch(
        /^Wrote 40 customers, \d+ order lines in \d+ orders, 2025-10-01 to 2026-03-31 \(seed 3\) to .+\nids look like S-C00001\n/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad arguments with a message and a non-zero exit code', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err.push(String(chunk));
      return true;
    });
    expect(await main(['--seed', '1', '--lang', 'en'])).toBe(1);
    expect(await main(['--out', '/tmp/x', '--headers', 'fr', '--lang', 'en'])).toBe(1);
    expect(await main(['--out', '/tmp/x', '--customers', 'many', '--lang', 'en'])).toBe(1);
    expect(await main(['--bogus', '--lang', 'en'])).toBe(2);
    expect(err.join('')).toMatch(/--out DIR is required/);
    expect(err.join('')).toMatch(/--headers must be en or zh/);
    expect(err.join('')).toMatch(/--customers must be an integer/);
    expect(err.join('')).toMatch(/^unknown option --bogus$/m);
  });

  it("speaks Chinese in a Chinese shell, its refusals and the generator's ranges too", async () => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
    const dir = await mkdtemp(join(tmpdir(), 'churn-watch-sample-zh-'));
    try {
      expect(
        await main(['--out', dir, '--customers', '40', '--months', '6'], { CHURN_WATCH_LANG: 'zh-CN' }),
      ).toBe(0);
      expect(await main(['--out', dir, '--months', '3'], {})).toBe(1);
      expect(out.join('')).toMatch(/^已写出 40 家门店、\d+ 张订单（\d+ 行明细）/);
      expect(err.join('')).toContain('--months 应在 6 到 60 之间，收到 3');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives its ids a prefix of their own, so a sample imported into the npm start demo merges no shop', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const dir = await mkdtemp(join(tmpdir(), 'churn-watch-sample-ids-'));
    const demo = generateDistributor({ seed: 42, customers: 40, months: 6, endDate: '2026-11-20' });
    try {
      expect(await main(['--out', dir, '--customers', '40', '--months', '6'], {})).toBe(0);
      const customers = (await readFile(join(dir, 'customers.csv'), 'utf8')).split('\n').slice(1, -1);
      const reps = await readFile(join(dir, 'reps.csv'), 'utf8');
      const ids = new Set(customers.map((line) => line.split(',')[0]));
      expect(ids.has('S-C00001')).toBe(true);
      expect(demo.customers.some((customer) => ids.has(customer.customerId))).toBe(false);
      expect(reps).toContain('\nS-R02,');
      expect(reps).toContain('key=demo-s-r02');
      expect(await main(['--out', dir, '--customers', '40', '--months', '6', '--id-prefix', ''], {})).toBe(0);
      expect(await readFile(join(dir, 'customers.csv'), 'utf8')).toContain('\nC00001,');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('points the WeCom robots at the running npm start, else at CHURN_WATCH_WECOM_PORT', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    const dir = await mkdtemp(join(tmpdir(), 'churn-watch-sample-robots-'));
    const dataDir = await mkdtemp(join(tmpdir(), 'churn-watch-sample-stack-'));
    const robot = async () =>
      /http:\/\/[^/]+(?=\/cgi-bin)/.exec(await readFile(join(dir, 'reps.csv'), 'utf8'))?.[0];
    const args = ['--out', dir, '--customers', '40', '--months', '6', '--lang', 'en'];
    try {
      expect(await main(args, { CHURN_WATCH_DATA_DIR: dataDir, CHURN_WATCH_WECOM_PORT: '18791' })).toBe(0);
      expect(await robot()).toBe('http://127.0.0.1:18791');
      // A stack running on that data folder (this process stands in for it) says where its receiver listens.
      const running = { pid: process.pid, exportLine: 'export …', wecomUrl: 'http://127.0.0.1:41890' };
      await writeFile(join(dataDir, 'running.json'), JSON.stringify(running));
      expect(await main(args, { CHURN_WATCH_DATA_DIR: dataDir, CHURN_WATCH_WECOM_PORT: '18791' })).toBe(0);
      expect(await robot()).toBe('http://127.0.0.1:41890');
      expect(out.join('')).toContain('WeCom robots point at http://127.0.0.1:41890 (the running npm start)');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
