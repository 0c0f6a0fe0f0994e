// BG/NBD fit time for `npm run bench`: the CDNOW sample (2,357 customers) and 100,000 synthetic customers made
// from it by jittering each history, so almost no two are alike (grouping identical histories cannot help).
import { readFileSync } from 'node:fs';
import { parseSummaryCsv } from '../../functions/cli/bgnbd-command.ts';
import { type BgnbdCustomer, fitBgnbd } from '../../functions/core/bgnbd.ts';

const SUMMARY = new URL('../fixtures/cdnow/cdnow_customers_summary.csv', import.meta.url);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

export function benchBgnbd(): void {
  const cdnow = parseSummaryCsv(readFileSync(SUMMARY, 'utf8'), 'en');
  const count = Number(process.env.BENCH_BGNBD_CUSTOMERS ?? 100_000);
  let seed = 1;
  const next = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const synthetic: BgnbdCustomer[] = Array.from({ length: count }, (_, i) => {
    const base = cdnow[i % cdnow.length] as BgnbdCustomer;
    const T = base.T * (0.9 + 0.2 * next());
    const recency = base.frequency === 0 ? 0 : Math.min(T, base.recency * (0.9 + 0.2 * next()));
    return { frequency: base.frequency, recency, T };
  });
  console.log('\nBG/NBD fit');
  for (const [label, customers] of [
    [`CDNOW (${cdnow.length} customers)`, cdnow],
    [`${count} synthetic customers`, synthetic],
  ] as const) {
    const started = performance.now();
    const fit = fitBgnbd(customers);
    const ms = performance.now() - started;
    console.log(
      `  ${label}: ${seconds(ms)} s, ${fit.iterations} iterations; r ${fit.r.toFixed(4)}, alpha ${fit.alpha.toFixed(3)}, ` +
        `a ${fit.a.toFixed(4)}, b ${fit.b.toFixed(4)}, log-likelihood ${fit.logLikelihood.toFixed(1)}`,
    );
  }
}
