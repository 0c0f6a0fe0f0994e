// `npm run bench`: speed figures for the churn core and `churn-watch evaluate`. A script, not a test:
// timings on a shared machine would make flaky tests, so figures are printed, each next to a baseline
// measured in the same run (the ratio is what to compare between runs).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../bin/churn-watch-cli.ts';
import { benchBgnbd } from './bgnbd-benchmarks.ts';
import { benchEvaluator, benchFanOut } from './evaluator-benchmarks.ts';
import { benchIngest } from './ingest-benchmarks.ts';
import { benchLearnedRisk, benchLearnedRiskRealShape } from './learned-risk-benchmarks.ts';
import { benchRiskQuality } from './risk-quality.ts';
import { benchRules, benchRulesInMemory } from './rule-benchmarks.ts';
import { type Day, parseIsoDay } from '../../functions/core/days.ts';
import { buildProfiles } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { decodeText } from '../../functions/csv/decode.ts';
import { CsvRowReader } from '../../functions/csv/parse-csv.ts';
import { readRecordFile } from '../../functions/csv/read-records.ts';
import { generateDistributor } from '../../functions/sample/generate-distributor.ts';
import { writeSampleFiles } from '../../functions/sample/write-sample-files.ts';

const AS_OF = parseIsoDay('2026-11-20') as Day;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const timed = <T>(run: () => T): [T, number] => {
  gc();
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
};
const timedAsync = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  gc();
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
};
const mib = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB RSS`;

async function benchProfiles(lines: OrderLine[]): Promise<void> {
  const [result, ms] = timed(() => buildProfiles(lines, {}, { asOf: AS_OF, retentionDays: 400 }));
  const perSecond = (n: number) => Math.round(n / (ms / 1000)).toLocaleString('en');
  console.log(
    `profiles from order lines: ${lines.length.toLocaleString('en')} lines → ${result.profiles.size.toLocaleString('en')} profiles in ${seconds(ms)} s ` +
      `(${perSecond(lines.length)} lines/s, ${perSecond(result.profiles.size)} profiles/s)`,
  );
}

async function benchEvaluateCsv(dir: string): Promise<OrderLine[]> {
  const customers = Number(process.env.BENCH_CSV_CUSTOMERS ?? 5200);
  const data = generateDistributor({ seed: 42, customers, months: 18, endDate: '2026-11-20' });
  await writeSampleFiles(dir, data);
  const orders = join(dir, 'orders.csv');
  const [text, readMs] = timed(() => decodeText(readFileSync(orders)).text);
  const lineCount = text.split('\n').length - 2;
  const [, parseMs] = timed(() => {
    const reader = new CsvRowReader(text, ',', 'orders.csv');
    let rows = 0;
    while (reader.next()) rows++;
    return rows;
  });
  const [{ records }] = await timedAsync(() =>
    readRecordFile(orders, 'orders', { timeZone: 'Asia/Shanghai', locale: 'en' }),
  );
  const sink = { out: () => {}, err: () => {} };
  const argv = [
    'evaluate',
    '--orders',
    orders,
    '--customers',
    join(dir, 'customers.csv'),
    '--as-of',
    '2026-11-20',
    '--format',
    'json',
  ];
  await main(argv, sink); // warm-up: module loading and JIT, which a one-off CLI run also pays once
  const [code, totalMs] = await timedAsync(() => main(argv, sink));
  if (code !== 0) throw new Error(`evaluate exited ${code}`);
  // The same run with the risk model off: what the model costs on top of the rules (target ≤ 2×).
  const rulesOnly = join(dir, 'rules-only.json');
  writeFileSync(rulesOnly, JSON.stringify({ riskModel: { enabled: false } }));
  const [rulesCode, rulesMs] = await timedAsync(() => main([...argv, '--config', rulesOnly], sink));
  if (rulesCode !== 0) throw new Error(`evaluate (rules only) exited ${rulesCode}`);
  console.log(
    `\nchurn-watch evaluate on a ${lineCount.toLocaleString('en')}-line order CSV (${customers.toLocaleString('en')} customers), end to end: ${seconds(totalMs)} s`,
  );
  console.log(
    `  reading the file (read + decode): ${seconds(readMs)} s; CSV split alone: ${seconds(parseMs)} s; ` +
      `work beyond reading: ${seconds(totalMs - readMs)} s (target < 1 s); total ÷ read = ${(totalMs / readMs).toFixed(1)}`,
  );
  console.log(
    `  with the risk model (default) ÷ rules only (riskModel off): ${(totalMs / rulesMs).toFixed(2)} (target ≤ 2; rules only ${seconds(rulesMs)} s)`,
  );
  return records as OrderLine[];
}

const dir = mkdtempSync(join(tmpdir(), 'churn-watch-bench-'));
try {
  console.log(`churn-watch benchmarks (Node ${process.version}, ${mib()} at start)\n`);
  const lines = await benchEvaluateCsv(dir);
  await benchProfiles(lines);
  benchRules(AS_OF, Number(process.env.BENCH_PROFILES ?? 1_000_000));
  benchRulesInMemory(AS_OF, Number(process.env.BENCH_IN_MEMORY_PROFILES ?? 200_000));
  if (process.env.BENCH_INGEST !== '0') await benchIngest();
  if (process.env.BENCH_EVALUATOR !== '0') await benchEvaluator();
  if (process.env.BENCH_FANOUT !== '0') await benchFanOut();
  benchBgnbd();
  benchLearnedRisk(AS_OF);
  benchLearnedRiskRealShape();
  benchRiskQuality();
  console.log(`\npeak so far: ${mib()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
