// `npm run bench [-- --quick] [-- --only SECTION,…]`: speed figures for churn-watch, each next to a baseline
// measured in the same run (the ratio is what to compare between runs) and its target with ✓ or ✗. A script,
// not a test: timings on a shared machine would make flaky tests. The full run takes about 15 minutes on a
// 2-core machine; `--quick` runs every section at small sizes (the same code paths) in about 2 minutes, to
// check that the bench works, not to judge targets. Sections: csv, cli, rules, ingest, evaluator, models,
// lambda. Sizes are BENCH_* variables (below, and in each section's module); set ones win over --quick.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { main } from '../../bin/churn-watch-cli.ts';
import { loadAverage, printSummary, scrapeTargets, section, target } from './bench-report.ts';
import { benchBgnbd } from './bgnbd-benchmarks.ts';
import { benchCli } from './cli-benchmarks.ts';
import { benchEvaluator, benchFanOut } from './evaluator-benchmarks.ts';
import { benchIngest } from './ingest-benchmarks.ts';
import { benchLambdas } from './lambda-init.ts';
import { benchLearnedRisk, benchLearnedRiskRealShape } from './learned-risk-benchmarks.ts';
import { benchRiskQuality } from './risk-quality.ts';
import { benchRules, benchRulesInMemory } from './rule-benchmarks.ts';
import { type Day, parseIsoDay } from '../../functions/core/days.ts';
import { buildProfiles } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { decodeText } from '../../functions/adapters/csv/decode.ts';
import { CsvRowReader } from '../../functions/adapters/csv/parse-csv.ts';
import { readRecordFile } from '../../functions/adapters/csv/read-records.ts';
import { generateDistributor } from '../../functions/tools/sample/generate-distributor.ts';
import { writeSampleFiles } from '../../functions/tools/sample/write-sample-files.ts';

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
      `work beyond reading: ${target(`evaluate in process, beyond reading (${lineCount.toLocaleString('en')} lines)`, (totalMs - readMs) / 1000, 1, { unit: ' s' })}; total ÷ read = ${(totalMs / readMs).toFixed(1)}`,
  );
  console.log(
    `  with the risk model (default) ÷ rules only (riskModel off): ${target('evaluate with the risk model ÷ rules only', totalMs / rulesMs, 2)} (rules only ${seconds(rulesMs)} s)`,
  );
  return records as OrderLine[];
}

const SECTIONS = ['csv', 'cli', 'rules', 'ingest', 'evaluator', 'models', 'lambda'] as const;
const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const only = flags.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
if (unknown.length > 0)
  throw new Error(`--only ${unknown.join(',')}: the sections are ${SECTIONS.join(', ')}`);
const runs = (name: (typeof SECTIONS)[number]) => only === undefined || only.includes(name);

// Sizes, full run (quick run). The full sizes are the issue's where the 15-minute budget allows it: 1M
// profiles for the rules, a ~470k-line export for evaluate. Two parts do not fit at the issue's size on a
// shared 2-core machine, and both report ratios to a baseline measured at the same size, which stay
// meaningful smaller: the import (about 15 minutes for 1.14M lines before ingest was reworked; 200,000 lines
// here, BENCH_IMPORT_LINES). The daily evaluator runs at the issue's 100,000 customers (5.6 minutes at load 3-4).
const QUICK_SIZES: Record<string, string> = {
  BENCH_CSV_CUSTOMERS: '500',
  BENCH_CLI_CUSTOMERS: '500',
  BENCH_CLI_PAIRS: '3',
  BENCH_PROFILES: '100000',
  BENCH_IN_MEMORY_PROFILES: '20000',
  BENCH_INGEST_CUSTOMERS: '50',
  BENCH_IMPORT_LINES: '10000',
  BENCH_EVALUATOR_CUSTOMERS: '2000',
  BENCH_FANOUT_CUSTOMERS: '1000',
  BENCH_BGNBD_CUSTOMERS: '10000',
  BENCH_LEARNED_PROFILES: '10000',
  BENCH_REAL_SHAPE_COPIES: '1',
  BENCH_INIT_PAIRS: '2',
};
const FULL_SIZES: Record<string, string> = {
  BENCH_IMPORT_LINES: '200000',
};
for (const [name, value] of Object.entries(flags.quick ? QUICK_SIZES : FULL_SIZES))
  process.env[name] ??= value;
const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const mode = flags.quick
  ? 'QUICK: small sizes, a check that every section runs; judge targets on the full run'
  : 'full';
const loadAtStart = loadAverage();
const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'churn-watch-bench-'));
try {
  console.log(`churn-watch benchmarks, ${mode} (Node ${process.version}, ${mib()} at start)`);
  console.log(`load average (1/5/15 min) at start: ${loadAtStart}`);
  if (runs('csv')) {
    await section('evaluate in process (CSV → profiles → evaluation)', async () => {
      const lines = await benchEvaluateCsv(dir);
      await benchProfiles(lines);
    });
  }
  if (runs('cli')) {
    await section('CLI: churn-watch evaluate and --help as a user runs them', () =>
      benchCli({
        customers: size('BENCH_CLI_CUSTOMERS', 5200),
        pairs: size('BENCH_CLI_PAIRS', 5),
        dir: mkdtempSync(join(dir, 'cli-')),
      }),
    );
  }
  if (runs('rules')) {
    await section('rule evaluation', () => {
      benchRules(AS_OF, size('BENCH_PROFILES', 1_000_000));
      benchRulesInMemory(AS_OF, size('BENCH_IN_MEMORY_PROFILES', 200_000));
    });
  }
  if (runs('ingest') && process.env.BENCH_INGEST !== '0') {
    await section('ingest and import', () => scrapeTargets('ingest', benchIngest));
  }
  if (runs('evaluator') && process.env.BENCH_EVALUATOR !== '0') {
    await section('daily evaluator on dynalite', () => benchEvaluator());
  }
  if (runs('evaluator') && process.env.BENCH_FANOUT !== '0') {
    await section('fan-out: one segment', () => benchFanOut());
  }
  if (runs('models')) {
    await section('risk models: BG/NBD fit, learned risk, risk quality', () => {
      benchBgnbd();
      benchLearnedRisk(AS_OF);
      benchLearnedRiskRealShape();
      benchRiskQuality();
    });
  }
  if (runs('lambda')) {
    await section('Lambda functions: bundle sizes and module load', () =>
      benchLambdas(size('BENCH_INIT_PAIRS', 5)),
    );
  }
  console.log(`
peak so far: ${mib()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!printSummary(mode, loadAtStart, performance.now() - started)) process.exitCode = 1;
