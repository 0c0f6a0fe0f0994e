// Ingest figures for `npm run bench`: profile upkeep against a bare BatchWriteItem of the same order items
// on local dynalite (ratio target ≤ 2.0), and `churn-watch import` of a large order export. dynalite runs in
// this process, so the CPU time of a step (client and store together) is also given: on a shared, loaded
// machine it moves less than wall time. `npx tsx test/bench/run-ingest-benchmarks.ts` runs only this part.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchPutAll } from '../../functions/adapters/dynamodb/batch.ts';
import { importFile } from '../../functions/entry-points/cli/import-command.ts';
import type { StoreContext } from '../../functions/entry-points/cli/store-context.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { readRecordFile } from '../../functions/adapters/csv/read-records.ts';
import { storeOrders } from '../../functions/use-cases/ingest/ingest-orders.ts';
import { ordersFromLines } from '../../functions/use-cases/ingest/order-record.ts';
import { generateDistributor } from '../../functions/tools/sample/generate-distributor.ts';
import { writeSampleFiles } from '../../functions/tools/sample/write-sample-files.ts';
import { startLocalDynamo } from '../use-cases/ingest/dynalite.ts';
import { dynamoIngestStore } from '../../functions/adapters/dynamodb/ingest-store.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(2);

interface Cost {
  wallMs: number;
  cpuMs: number;
}

async function measure(run: () => Promise<unknown>): Promise<Cost> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** `12.3 s → ratio 4.56 (CPU 4.12)`: a step against its bare baseline, by wall time and by CPU time. */
const against = (step: Cost, bare: Cost) =>
  `${seconds(step.wallMs)} s → ratio ${(step.wallMs / bare.wallMs).toFixed(2)} (CPU ${(step.cpuMs / bare.cpuMs).toFixed(2)})`;
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

    // Warm the client and the store first: measured cold, the baseline would carry the JIT and module
    // start-up that the steps after it do not, and every ratio would come out lower than it is.
    await batchPutAll(dynamo.doc, (await dynamo.freshTables()).orders, items.slice(0, 2000));
    const bareTables = await dynamo.freshTables();
    const bare = await measure(() => batchPutAll(dynamo.doc, bareTables.orders, items));

    const tables = await dynamo.freshTables();
    const deps = {
      store: dynamoIngestStore(dynamo.doc, tables),
      timeZone: 'Asia/Shanghai',
      retentionDays: 400,
      locale: 'en' as const,
    };
    const inBatches = async (sorted: typeof orders, batchDeps: typeof deps) => {
      for (let i = 0; i < sorted.length; i += 1000) {
        await storeOrders(
          sorted.slice(i, i + 1000).map((order, k) => ({ index: i + k, order })),
          [],
          batchDeps,
        );
      }
    };
    const ingest = await measure(() => inBatches(orders, deps));
    const replay = await measure(() => inBatches(orders, deps));
    // An ERP posting its day's orders as they come: batches in date order touch many customers each.
    const byDate = [...orders].sort((a, b) => a.day - b.day);
    const dateDeps = { ...deps, store: dynamoIngestStore(dynamo.doc, await dynamo.freshTables()) };
    const dated = await measure(() => inBatches(byDate, dateDeps));
    // What any ingest that settles each order with a request of its own pays on this store, before profiles:
    // a conditional write is one item per request (BatchWriteItem takes no condition), so this is the floor
    // of an exact ingest built that way. Ingest now settles them 100 at a time in transactions.
    const floorTables = await dynamo.freshTables();
    const floor = await measure(async () => {
      const queue = [...items];
      const worker = async () => {
        for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
          await dynamo.doc.send(
            new PutCommand({
              TableName: floorTables.orders,
              Item: item,
              ConditionExpression: 'attribute_not_exists(orderId)',
            }),
          );
        }
      };
      await Promise.all(Array.from({ length: 32 }, worker));
    });
    console.log(
      `\ningest of ${orders.length.toLocaleString('en')} orders (${records.length.toLocaleString('en')} lines, ${customers} customers) into dynalite, batches of 1,000:`,
    );
    console.log(
      `  bare BatchWriteItem of the same order items: ${seconds(bare.wallMs)} s (CPU ${seconds(bare.cpuMs)} s); ingest in import order (by customer) with duplicate check and profile upkeep: ${against(ingest, bare)} (target ≤ 2.0)`,
    );
    console.log(
      `  the same orders in date order (as an ERP posts them; more customers per batch): ${against(dated, bare)} (target ≤ 2.0)`,
    );
    console.log(`  the same batches again (all duplicates, profiles re-merged): ${against(replay, bare)}`);
    console.log(
      `  one conditional PutItem per order, nothing else (the floor of per-order conditional writes): ${against(floor, bare)}`,
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
      // The same orders, written bare: what the import is measured against (target ≤ 2.5×).
      const { records: bigRecords } = await readRecordFile(join(bigDir, 'orders.csv'), 'orders', {
        timeZone: 'Asia/Shanghai',
        locale: 'en',
      });
      const bigItems = ordersFromLines(bigRecords as OrderLine[]).map((order) => ({
        customerId: order.customerId,
        orderId: order.orderId,
        day: order.day,
        lines: order.lines,
        hash: order.hash,
      }));
      const bigBareTables = await dynamo.freshTables();
      const bigBare = await measure(() => batchPutAll(dynamo.doc, bigBareTables.orders, bigItems));
      const importTables = await dynamo.freshTables();
      const store = {
        doc: dynamo.doc,
        client: dynamo.client,
        tables: importTables,
        endpoint: dynamo.endpoint,
        close() {},
        ingestDeps: (locale) => ({ ...deps, store: dynamoIngestStore(dynamo.doc, importTables), locale }),
      } as StoreContext;
      const io = { out: () => {}, err: () => {} };
      let summary: Awaited<ReturnType<typeof importFile>> | undefined;
      const imported = await measure(async () => {
        summary = await importFile('orders', join(bigDir, 'orders.csv'), store, io, 'en', false);
      });
      if (!summary) throw new Error('import gave no summary');
      const importMs = imported.wallMs;
      console.log(
        `churn-watch import of ${summary.rows.toLocaleString('en')} order lines (${bigCustomers.toLocaleString('en')} customers): ${seconds(importMs)} s, ` +
          `${Math.round(summary.rows / (importMs / 1000)).toLocaleString('en')} lines/s, ${summary.accepted.toLocaleString('en')} orders stored; ${mib()}`,
      );
      console.log(
        `  import ÷ bare BatchWriteItem of the same ${bigItems.length.toLocaleString('en')} order items (${seconds(bigBare.wallMs)} s): ${against(imported, bigBare)} (target ≤ 2.5; the import also reads and validates the file)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dynamo.close();
  }
}
