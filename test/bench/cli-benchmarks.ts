// The CLI section of `npm run bench`: `churn-watch evaluate` as a user runs it (a fresh process, the compiled
// CLI, output to /dev/null) against the plain Python reference on the same export (target ≤ 0.35), and
// `churn-watch --help` against a bare `node -e 0` (target ≤ 3). Before the speed, the agreement: on the same
// export the reference and the CLI (rules only) must say the same about every customer.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from '../../bin/build-cli.ts';
import { projectRoot } from '../../functions/entry-points/cli/project-root.ts';
import { generateDistributor } from '../../functions/tools/sample/generate-distributor.ts';
import { writeSampleFiles } from '../../functions/tools/sample/write-sample-files.ts';
import { seconds, target } from './bench-report.ts';
import { type Command, pairedTimes } from './command-timing.ts';
import {
  checkAgreement,
  describeAgreement,
  exportArgs,
  PYTHON,
  pythonMissing,
  REFERENCE,
  RULES_ONLY_CONFIG,
} from './reference-agreement.ts';

const ROOT = projectRoot(import.meta.url);
const CLI = join(ROOT, 'bin', 'churn-watch.js');
const AS_OF = '2026-11-20';

/** The same test bin/churn-watch.js makes: dist/cli is used only when built after every source it came from. */
function compiledCliIsFresh(): boolean {
  const { builtAt, inputs } = JSON.parse(readFileSync(join(ROOT, 'dist', 'cli', 'inputs.json'), 'utf8')) as {
    builtAt: number;
    inputs: string[];
  };
  return inputs.every((input) => statSync(join(ROOT, input)).mtimeMs <= builtAt);
}

export interface CliBenchOptions {
  /** Shops in the generated export (5,200 make about 470,000 order lines). */
  readonly customers: number;
  /** Timed pairs per comparison (≥ 5 for the full bench). */
  readonly pairs: number;
  /** A directory for the export, removed by the caller. */
  readonly dir: string;
}

export async function benchCli({ customers, pairs, dir }: CliBenchOptions): Promise<void> {
  const missing = pythonMissing();
  if (missing) {
    console.log(`skipped: the Python reference needs Python 3.11 (${missing})`);
    return;
  }
  // The CLI runs the TypeScript sources through tsx when dist/cli is older than one of them: that would time
  // compiling, not evaluating. Build it now, and check that the CLI will take it.
  const started = performance.now();
  const built = await buildCli(ROOT);
  if (!compiledCliIsFresh())
    throw new Error('dist/cli is not fresh after building: the CLI would run its sources');
  console.log(
    `compiled CLI: dist/cli built from ${built.inputs} sources in ${seconds(performance.now() - started)} s; every timing below runs it (node bin/churn-watch.js)`,
  );

  const data = generateDistributor({ seed: 42, customers, months: 18, endDate: AS_OF });
  await writeSampleFiles(dir, data);
  const files = {
    orders: join(dir, 'orders.csv'),
    visits: join(dir, 'visits.csv'),
    complaints: join(dir, 'complaints.csv'),
    asOf: AS_OF,
  };
  const lines = data.orderLines.length;
  console.log(
    `export: ${lines.toLocaleString('en')} order lines, ${customers.toLocaleString('en')} shops, as of ${AS_OF}`,
  );

  const agreement = checkAgreement(files);
  console.log(`Python reference agreement (orders, visits, complaints): ${describeAgreement(agreement)}`);
  console.log(
    `  customers on which they differ: ${target('reference: customers that differ', agreement.customers - agreement.agreeing, 0, { digits: 0 })}`,
  );

  const ordersOnly = { orders: files.orders, asOf: AS_OF };
  const rulesOnly = join(dir, 'rules-only.json');
  writeFileSync(rulesOnly, JSON.stringify(RULES_ONLY_CONFIG));
  const evaluate = (label: string, extra: string[] = []): Command => ({
    label,
    command: process.execPath,
    args: [CLI, 'evaluate', ...exportArgs(ordersOnly), '--format', 'json', ...extra],
  });
  const reference: Command = {
    label: 'reference',
    command: PYTHON,
    args: [REFERENCE, ...exportArgs(ordersOnly)],
  };

  console.log(
    `\nevaluate --orders (${lines.toLocaleString('en')} lines) --all --format json > /dev/null ÷ python3 reference-evaluate.py on the same file, median of ${pairs} interleaved pairs:`,
  );
  const zeroConfig = pairedTimes(evaluate('zero config'), reference, pairs);
  console.log(
    `  zero config (learned risk, the default): ${seconds(zeroConfig.aMs)} s ÷ ${seconds(zeroConfig.bMs)} s = ${target('evaluate ÷ Python reference', zeroConfig.medianRatio, 0.35)}` +
      ` (pairs: ${zeroConfig.ratios.map((ratio) => ratio.toFixed(2)).join(' ')})`,
  );
  const likeForLike = pairedTimes(evaluate('rules only', ['--config', rulesOnly]), reference, pairs);
  console.log(
    `  rules only, what the reference computes: ${seconds(likeForLike.aMs)} s ÷ ${seconds(likeForLike.bMs)} s = ${target('evaluate (rules only) ÷ Python reference', likeForLike.medianRatio, 0.35)}` +
      ` (pairs: ${likeForLike.ratios.map((ratio) => ratio.toFixed(2)).join(' ')})`,
  );

  const help = pairedTimes(
    { label: 'help', command: process.execPath, args: [CLI, '--help'] },
    { label: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
    pairs,
  );
  console.log(
    `\nchurn-watch --help ÷ node -e 0, median of ${pairs} pairs: ${(help.aMs / 1000).toFixed(3)} s ÷ ${(help.bMs / 1000).toFixed(3)} s = ${target('--help ÷ node -e 0', help.medianRatio, 3)}`,
  );
}
