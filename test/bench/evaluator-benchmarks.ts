// The daily evaluator for `npm run bench`: wall time of a run against a bare parallel scan of the same
// profile table, in one run on local dynalite (target ratio ≤ 1.25 at 100k customers).
import { batchPutAll } from '../../functions/adapters/dynamodb/batch.ts';
import { profileToItem } from '../../functions/adapters/dynamodb/profile-item.ts';
import { scanItems } from '../../functions/adapters/dynamodb/scan.ts';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { type Day, parseIsoDay } from '../../functions/core/days.ts';
import { type EvaluationRunSummary, runEvaluation } from '../../functions/use-cases/cycle/run-evaluation.ts';
import {
  combineRanks,
  evaluateSegment,
  finishRun,
  prepareRun,
  rankSegment,
} from '../../functions/use-cases/cycle/fan-out.ts';
import { evaluateCustomer, ruleSet, tierKeyOf } from '../../functions/core/evaluate.ts';
import { tierCutoffs } from '../../functions/core/tiers.ts';
import { spawn } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { createMissingTables } from '../../functions/adapters/dynamodb/create-tables.ts';
import { type TableNames, tableNames } from '../../functions/adapters/dynamodb/tables.ts';
import { median, target } from './bench-report.ts';
import { syntheticProfiles } from './synthetic-profiles.ts';
import { dynamoCycleStores } from '../../functions/adapters/dynamodb/cycle-stores.ts';

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

/** Fresh tables under `prefix` on a dynalite process of their own, and the client to reach them. */
async function benchTables(
  prefix: string,
): Promise<{ doc: DynamoDBDocumentClient; tables: TableNames; close(): void }> {
  const server = await startDynaliteProcess();
  const config = {
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const client = new DynamoDBClient(config);
  const doc = createDocumentClient(config);
  const tables = tableNames(prefix);
  await createMissingTables(client, tables);
  return {
    doc,
    tables,
    close: () => {
      client.destroy();
      doc.destroy();
      server.stop();
    },
  };
}

/** One evaluator run and the bare scan taken right before it. */
interface Pair {
  label: string;
  scanMs: number;
  runMs: number;
  summary: EvaluationRunSummary;
  /** What the run asked of DynamoDB (see requestTally). */
  requests: string;
}

const ratioOf = (pair: Pair) => pair.runMs / pair.scanMs;
const describe = (summary: EvaluationRunSummary) =>
  `${summary.atRisk} at risk, ${summary.alertWrites} alert writes, ${summary.newAlerts} new, ${summary.reminders} reminders, ${summary.recovered} recovered`;

/**
 * Counts the requests a client sends, by API action, and the bytes answered: counts hold on a loaded machine
 * where times do not, and say whether a run does more work than another or only ran at a worse moment.
 */
function requestTally(doc: DynamoDBDocumentClient): { reset(): void; read(): string } {
  const requests = new Map<string, number>();
  let answered = 0;
  doc.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers: Record<string, string> }).headers;
      const action = (headers['x-amz-target'] ?? '').split('.')[1] ?? '?';
      requests.set(action, (requests.get(action) ?? 0) + 1);
      const result = await next(args);
      answered += Number(
        (result.response as { headers?: Record<string, string> }).headers?.['content-length'] ?? 0,
      );
      return result;
    },
    { step: 'finalizeRequest', name: 'evaluatorRequestTally' },
  );
  return {
    reset: () => {
      requests.clear();
      answered = 0;
    },
    read: () =>
      `${[...requests]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([action, n]) => `${n} ${action}`)
        .join(', ')}; ${(answered / 2 ** 20).toFixed(1)} MiB answered`,
  };
}

export async function benchEvaluator(): Promise<void> {
  const customers = Number(process.env.BENCH_EVALUATOR_CUSTOMERS ?? 100_000);
  const segments = Number(process.env.BENCH_EVALUATOR_SEGMENTS ?? 4);
  console.log(
    `\ndaily evaluator on dynalite (separate process): ${customers} customers, ${segments} scan segments`,
  );
  const dynamo = await benchTables('bench-');
  const { tables } = dynamo;
  try {
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
    const stores = dynamoCycleStores(dynamo.doc, tables);
    const evaluate = (asOf: Day) =>
      runEvaluation({ stores, config: DEFAULT_CONFIG, configVersion: 0, totalSegments: segments }, asOf);
    const tally = requestTally(dynamo.doc);
    /**
     * A bare scan, then the run right after it; only the run's summary and requests are kept. A run given the
     * scan time of the run just before it shares that scan (a re-run after its day's run): each scan of 100k
     * profiles costs as much as a run, and the whole bench must stay within 15 minutes.
     */
    const paired = async (label: string, asOf: Day, sharedScanMs?: number): Promise<Pair> => {
      let scanMs = sharedScanMs;
      if (scanMs === undefined) {
        const [scanned, ms] = await timed(bareScan);
        if (scanned !== customers) throw new Error(`scanned ${scanned} of ${customers}`);
        scanMs = ms;
      }
      tally.reset();
      const [run, runMs] = await timed(() => evaluate(asOf));
      return { label, scanMs, runMs, summary: run.summary, requests: tally.read() };
    };
    // Warm both paths once (JIT, dynalite's caches). The machine is shared and noisy, so each run is paired
    // with a bare scan taken right before it, and the median of the pairs' ratios is reported. A new day and
    // the same day again alternate, so neither kind runs on a warmer or fuller process than the other, and
    // no run's results are held while the next one runs (a heap grown by earlier runs slows the later ones).
    const [, warmScanMs] = await timed(bareScan);
    const first = await paired('first run (every alert new)', (AS_OF - 1) as Day, warmScanMs);
    const days: Pair[] = [];
    const reruns: Pair[] = [];
    for (let i = 0; i < 3; i++) {
      const day = await paired(`day ${i + 1}`, (AS_OF + i) as Day);
      days.push(day);
      reruns.push(await paired(`day ${i + 1} again (its scan)`, (AS_OF + i) as Day, day.scanMs));
    }
    for (const pair of [first, ...days.flatMap((day, i) => [day, reruns[i] as Pair])]) {
      console.log(
        `  ${pair.label}: bare scan ${seconds(pair.scanMs)} s, evaluator ${seconds(pair.runMs)} s, ratio ${ratioOf(pair).toFixed(2)} (${describe(pair.summary)}; ${pair.requests})`,
      );
    }
    const count = customers.toLocaleString('en');
    console.log(
      `  daily run ÷ bare parallel scan, median of ${days.length}: ${target(`daily evaluator ÷ bare scan (${count} customers)`, median(days.map(ratioOf)), 1.25)}`,
    );
    console.log(
      `  same day again ÷ bare parallel scan, median of ${reruns.length}: ${target(`same-day re-run ÷ bare scan (${count} customers)`, median(reruns.map(ratioOf)), 1.25)}`,
    );
    console.log(
      `  same day again ÷ that day's first run, median of ${reruns.length}: ${median(reruns.map((rerun, i) => ratioOf(rerun) / ratioOf(days[i] as Pair))).toFixed(2)}`,
    );
    console.log(`  ${mib()}`);
  } finally {
    dynamo.close();
  }
}

/**
 * One segment of the fanned-out evaluation (functions/use-cases/cycle/fan-out.ts), as one Lambda invocation runs it:
 * a segment of 25,000 profiles, the deployment's default size. Each step is paired with a bare scan of the
 * segment taken just before it; the README's "Fan-out" arithmetic for a million customers uses these ratios,
 * the profile size and the pure evaluation time.
 */
export async function benchFanOut(): Promise<void> {
  const customers = Number(process.env.BENCH_FANOUT_CUSTOMERS ?? 25_000);
  console.log(`\nfan-out: one segment of ${customers} customers on dynalite (separate process)`);
  const bench = await benchTables('fan-');
  const { doc, tables } = bench;
  try {
    const profiles = syntheticProfiles(customers, AS_OF, 4242);
    const items = profiles.map((profile) => profileToItem(profile, 1));
    await seed((chunk) => batchPutAll(doc, tables.profiles, chunk), items);
    await seed(
      (chunk) => batchPutAll(doc, tables.customers, chunk),
      profiles.map((profile, i) => ({
        customerId: profile.customerId,
        name: `门店${i}`,
        repId: `R${i % 40}`,
      })),
    );
    // As JSON: close to DynamoDB's item size (attribute names and values), which it bills and reads by.
    const itemKb =
      items.reduce((sum, item) => sum + Buffer.byteLength(JSON.stringify(item)), 0) / items.length / 1024;
    const deps = { stores: dynamoCycleStores(doc, tables) };
    const sizing = { itemsPerSegment: customers, minSegments: 1, maxSegments: 1 };
    const bareScan = async () => {
      let count = 0;
      for await (const item of scanItems(doc, tables.profiles, { index: 0, total: 1 })) if (item) count++;
      return count;
    };
    await bareScan();
    const rows: string[] = [];
    const ratios: { rank: number; evaluate: number }[] = [];
    for (const [i, asOf] of [AS_OF, AS_OF + 1, AS_OF + 2].entries()) {
      const prepared = await prepareRun(deps, {
        runId: `bench-${i}`,
        asOf: asOf as Day,
        configVersion: 0,
        sizing,
      });
      const segment = prepared.segments[0];
      if (!segment) throw new Error('no segment');
      const [, scanRankMs] = await timed(bareScan);
      const [rank, rankMs] = await timed(() => rankSegment(deps, segment));
      const [cutoffs, cutMs] = await timed(() => combineRanks(deps, prepared, [rank]));
      const [, scanEvalMs] = await timed(bareScan);
      const [result, evalMs] = await timed(() => evaluateSegment(deps, { ...segment, ...cutoffs }));
      const [, finishMs] = await timed(() => finishRun(deps, prepared, [result]));
      ratios.push({ rank: rankMs / scanRankMs, evaluate: evalMs / scanEvalMs });
      rows.push(
        `  day ${i + 1}: scan ${seconds(scanRankMs)} s → rank ${seconds(rankMs)} s (×${(rankMs / scanRankMs).toFixed(2)}); ` +
          `cutoffs ${seconds(cutMs)} s; scan ${seconds(scanEvalMs)} s → evaluate ${seconds(evalMs)} s ` +
          `(×${(evalMs / scanEvalMs).toFixed(2)}, ${result.alertWrites} alert writes); finish ${seconds(finishMs)} s`,
      );
    }
    for (const row of rows) console.log(row);
    const median = (values: number[]) => values.sort((a, b) => a - b)[1] as number;
    console.log(
      `  median ratio to a bare scan of the segment: rank ${median(ratios.map((r) => r.rank)).toFixed(2)}, ` +
        `evaluate ${median(ratios.map((r) => r.evaluate)).toFixed(2)}`,
    );
    // The CPU part alone: what an invocation spends once the profiles are in memory.
    const [, cpuMs] = await timed(async () => {
      const cutoffs = tierCutoffs(
        profiles.map((profile) => tierKeyOf(profile, AS_OF, DEFAULT_CONFIG)),
        DEFAULT_CONFIG.tiers,
      );
      const rules = ruleSet(DEFAULT_CONFIG);
      for (const profile of profiles) {
        evaluateCustomer(profile, { asOf: AS_OF, config: DEFAULT_CONFIG, cutoffs, rules });
      }
    });
    console.log(
      `  profile item ${itemKb.toFixed(1)} KB as JSON (about its DynamoDB size); ${((customers * itemKb) / 1024).toFixed(0)} MB per segment; ` +
        `pure evaluation ${seconds(cpuMs)} s per segment (${((cpuMs / customers) * 1000).toFixed(0)} µs a customer)`,
    );
  } finally {
    bench.close();
  }
}
