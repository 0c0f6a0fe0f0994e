// The daily evaluator for `npm run bench`: wall time of a run against a bare parallel scan of the same
// profile table, in one run on local dynalite (target ratio ≤ 1.25 at 100k customers).
import { batchPutAll } from '../../functions/adapters/dynamodb/batch.ts';
import { profileToItem } from '../../functions/adapters/dynamodb/profile-item.ts';
import { scanItems } from '../../functions/adapters/dynamodb/scan.ts';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { type Day, parseIsoDay } from '../../functions/core/days.ts';
import { runEvaluation } from '../../functions/cycle/run-evaluation.ts';
import { spawn } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { createMissingTables } from '../../functions/adapters/dynamodb/create-tables.ts';
import { tableNames } from '../../functions/adapters/dynamodb/tables.ts';
import { syntheticProfiles } from './synthetic-profiles.ts';

const AS_OF = parseIsoDay('2026-11-20') as Day;
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mib = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB RSS`;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  gc();
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

/** Writes items with a few BatchWriteItem streams at once (seeding only; not measured). */
async function seed(
  put: (items: Record<string, unknown>[]) => Promise<void>,
  items: Record<string, unknown>[],
) {
  const streams = 8;
  const size = Math.ceil(items.length / streams);
  await Promise.all(Array.from({ length: streams }, (_, i) => put(items.slice(i * size, (i + 1) * size))));
}

/**
 * dynalite in a child process, so the server's work runs on the other core as DynamoDB's does on AWS, and
 * the figures measure what the evaluator adds on the client.
 */
async function startDynaliteProcess(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "const s = require('dynalite')({ createTableMs: 0 }); s.listen(0, '127.0.0.1', () => console.log(s.address().port));",
    ],
    { cwd: new URL('../..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (data: Buffer) => resolve(data.toString().trim()));
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

export async function benchEvaluator(): Promise<void> {
  const customers = Number(process.env.BENCH_EVALUATOR_CUSTOMERS ?? 100_000);
  const segments = Number(process.env.BENCH_EVALUATOR_SEGMENTS ?? 4);
  console.log(
    `\ndaily evaluator on dynalite (separate process): ${customers} customers, ${segments} scan segments`,
  );
  const server = await startDynaliteProcess();
  const config = {
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const client = new DynamoDBClient(config);
  const dynamo = { doc: createDocumentClient(config) };
  try {
    const tables = tableNames('bench-');
    await createMissingTables(client, tables);
    const profiles = syntheticProfiles(customers, AS_OF, 777);
    const [, seedMs] = await timed(async () => {
      await seed(
        (items) => batchPutAll(dynamo.doc, tables.profiles, items),
        profiles.map((profile) => profileToItem(profile, 1)),
      );
      await seed(
        (items) => batchPutAll(dynamo.doc, tables.customers, items),
        profiles.map((profile, i) => ({
          customerId: profile.customerId,
          name: `门店${i}`,
          repId: `R${String(i % 40).padStart(2, '0')}`,
        })),
      );
    });
    console.log(`  seeded profiles and customers in ${seconds(seedMs)} s (${mib()})`);

    const bareScan = async () => {
      let items = 0;
      await Promise.all(
        Array.from({ length: segments }, async (_, index) => {
          for await (const item of scanItems(dynamo.doc, tables.profiles, { index, total: segments })) {
            if (item) items++;
          }
        }),
      );
      return items;
    };
    const evaluate = (asOf: Day) =>
      runEvaluation(
        { doc: dynamo.doc, tables, config: DEFAULT_CONFIG, configVersion: 0, totalSegments: segments },
        asOf,
      );
    // Warm both paths once (JIT, dynalite's caches). The machine is shared and noisy, so each run is paired
    // with a bare scan taken right before it, and the median of the pairs' ratios is reported.
    await bareScan();
    const [first, firstMs] = await timed(() => evaluate(AS_OF - 1));
    const pairs: { label: string; scanMs: number; runMs: number; run: typeof first }[] = [];
    for (let i = 0; i < 3; i++) {
      const [scanned, scanMs] = await timed(bareScan);
      if (scanned !== customers) throw new Error(`scanned ${scanned} of ${customers}`);
      const [run, runMs] = await timed(() => evaluate(AS_OF + i));
      pairs.push({ label: `day ${i + 1}`, scanMs, runMs, run });
    }
    const [, rerunScanMs] = await timed(bareScan);
    const [rerun, rerunMs] = await timed(() => evaluate(AS_OF + 2));
    const describe = (run: typeof first) =>
      `${run.summary.atRisk} at risk, ${run.summary.alertWrites} alert writes, ${run.summary.newAlerts} new, ${run.summary.reminders} reminders, ${run.summary.recovered} recovered`;
    console.log(`  first run (every alert new): ${seconds(firstMs)} s (${describe(first)})`);
    for (const pair of pairs) {
      console.log(
        `  ${pair.label}: bare scan ${seconds(pair.scanMs)} s, evaluator ${seconds(pair.runMs)} s, ratio ${(pair.runMs / pair.scanMs).toFixed(2)} (${describe(pair.run)})`,
      );
    }
    const ratios = pairs.map((pair) => pair.runMs / pair.scanMs).sort((a, b) => a - b);
    console.log(
      `  daily run ÷ bare parallel scan, median of ${ratios.length}: ${(ratios[1] as number).toFixed(2)} (target ≤ 1.25)`,
    );
    console.log(
      `  same day again: bare scan ${seconds(rerunScanMs)} s, evaluator ${seconds(rerunMs)} s, ratio ${(rerunMs / rerunScanMs).toFixed(2)} (${rerun.summary.alertWrites} writes)`,
    );
    console.log(`  ${mib()}`);
  } finally {
    client.destroy();
    dynamo.doc.destroy();
    server.stop();
  }
}
