// BG/NBD fit time for `npm run bench`: the CDNOW sample (2,357 customers); 100,000 synthetic customers made
// from it by jittering each history, so almost no two are alike (grouping identical histories cannot help); and
// 100,000 wholesale-shaped customers where almost nobody has left, the book whose fit collapses (degenerate).
// Each time is also given as a ratio to the CDNOW fit of the same run, the figure to compare between runs.
import { readFileSync } from 'node:fs';
import { parseSummaryCsv } from '../../functions/entry-points/cli/bgnbd-command.ts';
import { type BgnbdCustomer, fitBgnbd } from '../../functions/core/bgnbd.ts';

const SUMMARY = new URL('../fixtures/cdnow/cdnow_customers_summary.csv', import.meta.url);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** Deterministic uniform numbers in (0, 1) (Park–Miller), so every run fits the same books. */
function uniform(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/**
 * A wholesale book, in weeks on whole days: shops that started 4 to 104 weeks ago and order on a rhythm
 * (half weekly, 30% every two weeks, 20% monthly, each gap ±25%), and 1 in 2,000 stopped at some point.
 * With so few gone the dropout has nothing to be estimated from, and the ML fit collapses towards a = 0.
 */
function wholesaleBook(count: number): BgnbdCustomer[] {
  const next = uniform(13);
  return Array.from({ length: count }, () => {
    const ageDays = 28 + Math.floor(700 * next());
    const kind = next();
    const period = kind < 0.5 ? 7 : kind < 0.8 ? 14 : 30;
    const stopsAt = next() < 0.0005 ? ageDays * next() : Infinity;
    let day = 0;
    let last = 0;
    let repeats = -1;
    while (day <= ageDays && day <= stopsAt) {
      last = day;
      repeats++;
      day += Math.max(1, Math.round(period * (0.75 + 0.5 * next())));
    }
    return { frequency: repeats, recency: last / 7, T: ageDays / 7 };
  });
}

export function benchBgnbd(): void {
  const cdnow = parseSummaryCsv(readFileSync(SUMMARY, 'utf8'), 'en');
  const count = Number(process.env.BENCH_BGNBD_CUSTOMERS ?? 100_000);
  const next = uniform(1);
  const synthetic: BgnbdCustomer[] = Array.from({ length: count }, (_, i) => {
    const base = cdnow[i % cdnow.length] as BgnbdCustomer;
    const T = base.T * (0.9 + 0.2 * next());
    const recency = base.frequency === 0 ? 0 : Math.min(T, base.recency * (0.9 + 0.2 * next()));
    return { frequency: base.frequency, recency, T };
  });
  const wholesale = wholesaleBook(count);
  console.log('\nBG/NBD fit');
  // Warm-up: the CDNOW fit is the baseline of the ratios, and a cold one would mostly time the JIT.
  fitBgnbd(cdnow);
  let cdnowMs = 0;
  for (const [label, customers] of [
    [`CDNOW (${cdnow.length} customers)`, cdnow],
    [`${count} synthetic customers`, synthetic],
    [`${count} wholesale customers, almost none gone`, wholesale],
  ] as const) {
    const started = performance.now();
    const fit = fitBgnbd(customers);
    const ms = performance.now() - started;
    if (customers === cdnow) cdnowMs = ms;
    const ratio = customers === cdnow ? '' : ` (÷ CDNOW = ${(ms / cdnowMs).toFixed(1)})`;
    console.log(
      `  ${label}: ${seconds(ms)} s${ratio}, ${fit.iterations} iterations${fit.degenerate ? ', degenerate' : ''}; ` +
        `r ${fit.r.toFixed(4)}, alpha ${fit.alpha.toFixed(3)}, a ${fit.a.toFixed(4)}, b ${fit.b.toFixed(4)}, ` +
        `log-likelihood ${fit.logLikelihood.toFixed(1)}`,
    );
  }
}
