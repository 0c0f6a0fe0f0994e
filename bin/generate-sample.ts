// Writes a deterministic demo distributor as CSV files: `npx tsx bin/generate-sample.ts --out DIR`.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDistributor } from '../functions/tools/sample/generate-distributor.ts';
import { type SampleHeaders, writeSampleFiles } from '../functions/tools/sample/write-sample-files.ts';

const USAGE = `Usage: npx tsx bin/generate-sample.ts --out DIR [options]

Generates a realistic FMCG distributor (reps, shops, order lines, visits, coupons, complaints) and writes it as
CSV files into DIR: orders.csv customers.csv reps.csv visits.csv coupons.csv complaints.csv planted.csv.
planted.csv is the ground truth (which shops were made to decline, churn, lapse, pause, ...), not an input of
the product.
The same options always produce byte-identical files.

Options:
  --out DIR              directory to write into (created if missing; existing files are overwritten)
  --seed N               random seed (default 42)
  --customers N          number of shops (default 1500)
  --months N             months of history, 6 to 60 (default 18)
  --end YYYY-MM-DD       last day with data (default 2026-11-20)
  --headers en|zh        English or Chinese column headers (default en)
  -h, --help             show this help
`;

function integer(name: string, text: string): number {
  if (!/^-?\d+$/.test(text)) throw new Error(`--${name} must be an integer, got "${text}"`);
  return Number(text);
}

export async function main(argv: readonly string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    if (!values.out) throw new Error('--out DIR is required');
    if (values.headers !== 'en' && values.headers !== 'zh') {
      throw new Error(`--headers must be en or zh, got "${values.headers}"`);
    }
    const headers: SampleHeaders = values.headers;
    const started = performance.now();
    const data = generateDistributor({
      seed: integer('seed', values.seed),
      customers: integer('customers', values.customers),
      months: integer('months', values.months),
      endDate: values.end,
    });
    await writeSampleFiles(values.out, data, { headers });
    const orders = new Set(data.orderLines.map((line) => line.orderId)).size;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stdout.write(
      `Wrote ${data.customers.length} customers, ${data.orderLines.length} order lines in ${orders} orders, ` +
        `${data.startDate} to ${data.endDate} (seed ${data.seed}) to ${values.out} in ${seconds}s\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`generate-sample: ${(error as Error).message}\n`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: 'string' },
      seed: { type: 'string', default: '42' },
      customers: { type: 'string', default: '1500' },
      months: { type: 'string', default: '18' },
      end: { type: 'string', default: '2026-11-20' },
      headers: { type: 'string', default: 'en' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && realpathSync(invokedPath) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
