// Ingest figures for `npm run bench`: profile upkeep against a bare BatchWriteItem of the same order items
// on local dynalite (ratio target ≤ 2.0), and `churn-watch import` of a large order export.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchPutAll } from '../../functions/adapters/dynamodb/batch.ts';
import { importFile } from '../../functions/cli/import-command.ts';
import type { StoreContext } from '../../functions/cli/store-context.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { readRecordFile } from '../../functions/csv/read-records.ts';
import { storeOrders } from '../../functions/ingest/ingest-orders.ts';
import { ordersFromLines } from '../../functions/ingest/order-record.ts';
import { generateDistributor } from '../../functions/sample/generate-distributor.ts';
import { writeSampleFiles } from '../../functions/sample/write-sample-files.ts';
import { startLocalDynamo } from '../ingest/dynalite.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mib = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB RSS`;

export async function benchIngest(): Promise<void> {
  const dynamo = await startLocalDynamo();
  const dir = mkdtempSync(join(tmpdir(), 'churn-watch-ingest-bench-'));
  try {
    const customers = Number(process.env.BENCH_INGEST_CUSTOMERS ?? 500);
    await writeSampleFiles(
      dir,
      generateDistributor({ seed: 9, customers, months: 18, endDate: '2026-11-20' }),
    );
    const { records } = await readRecordFile(join(dir, 'orders.csv'), 'orders', {
      timeZone: 'Asia/Shanghai',
      locale: 'en',
    });
    const orders = ordersFromLines(records as OrderLine[]).sort((a, b) =>
      a.customerId < b.customerId ? -1 : 1,
    );
    const items = orders.map((order) => ({
      customerId: order.customerId,
      orderId: order.orderId,
      day: order.day,
      lines: order.lines,
      hash: order.hash,
    }));

    const bareTables = await dynamo.freshTables();
    let started = performance.now();
    await batchPutAll(dynamo.doc, bareTables.orders, items);
    const bareMs = performance.now() - started;

    const tables = await dynamo.freshTables();
    const deps = {
      doc: dynamo.doc,
      tables,
      timeZone: 'Asia/Shanghai',
      retentionDays: 400,
      locale: 'en' as const,
    };
    started = performance.now();
    for (let i = 0; i < orders.length; i += 1000) {
      await storeOrders(
        orders.slice(i, i + 1000).map((order, k) => ({ index: i + k, order })),
        [],
        deps,
      );
    }
    const ingestMs = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < orders.length; i += 1000) {
      await storeOrders(
        orders.slice(i, i + 1000).map((order, k) => ({ index: i + k, order })),
        [],
        deps,
      );
    }
    const replayMs = performance.now() - started;
    // An ERP posting its day's orders as they come: batches in date order touch many customers each.
    const byDate = [...orders].sort((a, b) => a.day - b.day);
    const dateDeps = { ...deps, tables: await dynamo.freshTables() };
    started = performance.now();
    for (let i = 0; i < byDate.length; i += 1000) {
      await storeOrders(
        byDate.slice(i, i + 1000).map((order, k) => ({ index: i + k, order })),
        [],
        dateDeps,
      );
    }
    const byDateMs = performance.now() - started;
    console.log(
      `\ningest of ${orders.length.toLocaleString('en')} orders (${records.length.toLocaleString('en')} lines, ${customers} customers) into dynalite, batches of 1,000:`,
    );
    console.log(
      `  bare BatchWriteItem of the same order items: ${seconds(bareMs)} s; ingest in import order (by customer) with duplicate check and profile upkeep: ${seconds(ingestMs)} s → ratio ${(ingestMs / bareMs).toFixed(2)} (target ≤ 2.0)`,
    );
    console.log(
      `  the same orders in date order (as an ERP posts them; more customers per batch): ${seconds(byDateMs)} s → ratio ${(byDateMs / bareMs).toFixed(2)}`,
    );
    console.log(
      `  the same batches again (all duplicates, profiles re-merged): ${seconds(replayMs)} s → ratio ${(replayMs / bareMs).toFixed(2)}`,
    );

    const lines = Number(process.env.BENCH_IMPORT_LINES ?? 1_000_000);
    if (lines > 0) {
      const bigDir = join(dir, 'big');
      const perCustomer = records.length / customers;
      const bigCustomers = Math.round(lines / perCustomer);
      await writeSampleFiles(
        bigDir,
        generateDistributor({ seed: 10, customers: bigCustomers, months: 18, endDate: '2026-11-20' }),
      );
      const importTables = await dynamo.freshTables();
      const store = {
        doc: dynamo.doc,
        client: dynamo.client,
        tables: importTables,
        endpoint: dynamo.endpoint,
        close() {},
        ingestDeps: (locale) => ({ ...deps, tables: importTables, locale }),
      } as StoreContext;
      const io = { out: () => {}, err: () => {} };
      started = performance.now();
      const summary = await importFile('orders', join(bigDir, 'orders.csv'), store, io, 'en', false);
      const importMs = performance.now() - started;
      console.log(
        `churn-watch import of ${summary.rows.toLocaleString('en')} order lines (${bigCustomers.toLocaleString('en')} customers): ${seconds(importMs)} s, ` +
          `${Math.round(summary.rows / (importMs / 1000)).toLocaleString('en')} lines/s, ${summary.accepted.toLocaleString('en')} orders stored; ${mib()}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dynamo.close();
  }
}
