// `npx tsx test/bench/ingest-requests.ts`: what ingest asks of DynamoDB per 1,000 orders, against a bare
// BatchWriteItem of the same order items: requests by API action and table, and the bytes of their bodies
// (sent and answered). Counts, not times: they hold on a loaded machine, and every DynamoDB request costs a
// round trip and its bytes on AWS as on the local store. Same orders and batches as the ingest benchmark.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPutAll } from '../../functions/adapters/dynamodb/batch.ts';
import { dynamoIngestStore } from '../../functions/adapters/dynamodb/ingest-store.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { readRecordFile } from '../../functions/adapters/csv/read-records.ts';
import { storeOrders } from '../../functions/use-cases/ingest/ingest-orders.ts';
import { ordersFromLines, type StoredOrder } from '../../functions/use-cases/ingest/order-record.ts';
import { generateDistributor } from '../../functions/tools/sample/generate-distributor.ts';
import { writeSampleFiles } from '../../functions/tools/sample/write-sample-files.ts';
import { startLocalDynamo } from '../use-cases/ingest/dynalite.ts';

interface Tally {
  requests: Map<string, number>;
  sent: number;
  answered: number;
}

/** Counts every request the client sends, by action and table kind, with the bytes of both bodies. */
function tallying(doc: DynamoDBDocumentClient, kindOf: ReadonlyMap<string, string>): Tally {
  const tally: Tally = { requests: new Map(), sent: 0, answered: 0 };
  doc.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; body?: string | Uint8Array };
      const action = (request.headers['x-amz-target'] ?? '').split('.')[1] ?? '?';
      const body =
        typeof request.body === 'string' ? request.body : Buffer.from(request.body ?? '').toString('utf8');
      const tables = [
        ...new Set(
          [...body.matchAll(/"TableName":"([^"]+)"|"RequestItems":\{"([^"]+)"/g)].map(
            (match) => match[1] ?? match[2] ?? '',
          ),
        ),
      ]
        .map((name) => kindOf.get(name) ?? name)
        .sort()
        .join('+');
      const key = `${action} ${tables}`;
      tally.requests.set(key, (tally.requests.get(key) ?? 0) + 1);
      tally.sent += Buffer.byteLength(body);
      const result = await next(args);
      const length = (result.response as { headers?: Record<string, string> }).headers?.['content-length'];
      tally.answered += Number(length ?? 0);
      return result;
    },
    { step: 'finalizeRequest', name: 'ingestRequestTally' },
  );
  return tally;
}

const dynamo = await startLocalDynamo();
const dir = mkdtempSync(join(tmpdir(), 'churn-watch-ingest-requests-'));
try {
  const customers = Number(process.env.BENCH_INGEST_CUSTOMERS ?? 500);
  await writeSampleFiles(dir, generateDistributor({ seed: 9, customers, months: 18, endDate: '2026-11-20' }));
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
  const per1000 = (n: number) => ((n * 1000) / orders.length).toFixed(1);
  const kib = (n: number) => `${((n * 1000) / orders.length / 1024).toFixed(0)} KiB`;
  const show = (title: string, tally: Tally) => {
    console.log(`${title}: ${kib(tally.sent)} sent, ${kib(tally.answered)} answered per 1,000 orders`);
    for (const [key, count] of [...tally.requests].sort()) console.log(`  ${key}: ${per1000(count)}`);
  };

  const measured = async (
    run: (
      doc: DynamoDBDocumentClient,
      tables: Awaited<ReturnType<typeof dynamo.freshTables>>,
    ) => Promise<void>,
  ) => {
    const tables = await dynamo.freshTables();
    const { createDocumentClient } = await import('../../functions/adapters/dynamodb/client.ts');
    const doc = createDocumentClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const tally = tallying(doc, new Map(Object.entries(tables).map(([kind, name]) => [name, kind])));
    await run(doc, tables);
    doc.destroy();
    return tally;
  };
  const inBatches =
    (sorted: readonly StoredOrder[]) =>
    async (doc: DynamoDBDocumentClient, tables: Awaited<ReturnType<typeof dynamo.freshTables>>) => {
      const deps = {
        store: dynamoIngestStore(doc, tables),
        timeZone: 'Asia/Shanghai',
        retentionDays: 400,
        locale: 'en' as const,
      };
      for (let i = 0; i < sorted.length; i += 1000) {
        await storeOrders(
          sorted.slice(i, i + 1000).map((order, k) => ({ index: i + k, order })),
          [],
          deps,
        );
      }
    };
  console.log(`${orders.length.toLocaleString('en')} orders, ${customers} customers, batches of 1,000`);
  show('bare BatchWriteItem', await measured((doc, tables) => batchPutAll(doc, tables.orders, items)));
  show('ingest by customer', await measured(inBatches(orders)));
  show('ingest by date', await measured(inBatches([...orders].sort((a, b) => a.day - b.day))));
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dynamo.close();
}
