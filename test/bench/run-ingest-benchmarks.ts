// `npx tsx test/bench/run-ingest-benchmarks.ts [--quick]`: only the ingest section of `npm run bench`, for
// work on ingest speed without the 15-minute whole run on a shared machine. `--quick` imports 100,000 lines
// instead of 1,000,000 (BENCH_IMPORT_LINES still wins when set); ratios are what to compare between runs.
import { loadavg } from 'node:os';
import { benchIngest } from './ingest-benchmarks.ts';

if (process.argv.includes('--quick')) process.env.BENCH_IMPORT_LINES ??= '100000';
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(`ingest benchmarks (Node ${process.version}); load average (1/5/15 min) at start: ${load()}`);
await benchIngest();
console.log(`load average (1/5/15 min) at the end: ${load()}`);
