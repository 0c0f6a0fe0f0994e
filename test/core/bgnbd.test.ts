import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BgnbdCustomer,
  type BgnbdParams,
  bgnbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgnbd,
  hyp2f1,
  lnGamma,
  pAlive,
  pNoPurchaseWithin,
} from '../../functions/core/bgnbd.ts';

const SUMMARY = new URL('../fixtures/cdnow/cdnow_customers_summary.csv', import.meta.url);

function readSummary(): BgnbdCustomer[] {
  const [, ...lines] = readFileSync(SUMMARY, 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [, frequency, recency, T] = line.split(',').map(Number);
    return { frequency: frequency as number, recency: recency as number, T: T as number };
  });
}

/** Fader, Hardie & Lee (2005), as quoted in the data folder's README. */
const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const CUSTOMER_1 = { frequency: 2, recency: 30.43, T: 38.86 };
const CUSTOMER_2 = { frequency: 1, recency: 1.71, T: 38.86 };

const within = (actual: number, expected: number, relative = 0.005) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));

/**
 * A wholesale book where nobody has left: shops that started 8 to 52 weeks ago, each ordering every 5 to 9
 * days ever since, the last time within the past week or so. In weeks, on whole days. Deterministic.
 */
function everyoneWeekly(count: number, seed = 42): BgnbdCustomer[] {
  let state = seed;
  const next = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  return Array.from({ length: count }, () => {
    const ageDays = 56 + Math.floor(309 * next());
    let day = 0;
    let last = 0;
    let repeats = -1;
    while (day <= ageDays) {
      last = day;
      repeats++;
      day += 5 + Math.floor(5 * next());
    }
    return { frequency: repeats, recency: last / 7, T: ageDays / 7 };
  });
}

/** Eq. (6) of the paper summed customer by customer, as plainly as it reads: the reference for the likelihood. */
function plainLogLikelihood(params: BgnbdParams, customers: readonly BgnbdCustomer[]): number {
  const { r, alpha, a, b } = params;
  let total = 0;
  for (const { frequency: x, recency: tx, T } of customers) {
    const lnA1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
    const lnA2 = lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
    const lnA3 = -(r + x) * Math.log(alpha + T);
    const lnA4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
    const m = Math.max(lnA3, lnA4);
    total += lnA1 + lnA2 + m + Math.log(Math.exp(lnA3 - m) + Math.exp(lnA4 - m));
  }
  return total;
}

describe('BG/NBD on the CDNOW sample', () => {
  const customers = readSummary();
  const fit = fitBgnbd(customers);

  it('reads all 2,357 customers', () => {
    expect(customers).toHaveLength(2357);
  });

  it('reproduces the published maximum-likelihood estimates within 0.5%', () => {
    within(fit.r, 0.243);
    within(fit.alpha, 4.414);
    within(fit.a, 0.793);
    within(fit.b, 2.426);
    within(fit.logLikelihood, -9582.4);
    expect(fit.converged).toBe(true);
  });

  it('finds a maximum: the published point and nearby points score no higher', () => {
    const best = fit.logLikelihood;
    expect(bgnbdLogLikelihood(PUBLISHED, customers)).toBeLessThanOrEqual(best + 1e-6);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      for (const factor of [0.98, 1.02]) {
        expect(bgnbdLogLikelihood({ ...fit, [key]: fit[key] * factor }, customers)).toBeLessThan(best);
      }
    }
  });

  it('is deterministic', () => {
    expect(fitBgnbd(customers)).toEqual(fit);
  });

  it('gives the published P(alive) at the published parameters', () => {
    within(pAlive(PUBLISHED, CUSTOMER_1), 0.7266);
    within(pAlive(PUBLISHED, CUSTOMER_2), 0.2121);
  });

  it('gives the published conditional expected purchases of customer 1 over 39 weeks', () => {
    within(conditionalExpectedPurchases(fit, CUSTOMER_1, 39), 1.226);
    within(conditionalExpectedPurchases(PUBLISHED, CUSTOMER_1, 39), 1.226);
  });

  it('gives the published expected purchases of a new customer', () => {
    const expected: [number, number][] = [
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [78, 1.8576],
    ];
    for (const [t, value] of expected) within(expectedPurchases(fit, t), value);
  });
});

describe('BG/NBD edge cases', () => {
  const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

  it('says a customer with no repeat purchase is alive', () => {
    expect(pAlive(params, { frequency: 0, recency: 0, T: 38.86 })).toBe(1);
    expect(pAlive(params, { frequency: 0, recency: 0, T: 1e6 })).toBe(1);
  });

  it('keeps P(alive) in [0, 1] and the likelihood finite for extreme histories', () => {
    const extremes: BgnbdCustomer[] = [
      { frequency: 500, recency: 1, T: 1e5 },
      { frequency: 500, recency: 1e5, T: 1e5 },
      { frequency: 1, recency: 0, T: 0 },
      { frequency: 0, recency: 0, T: 1e-9 },
      { frequency: 10_000, recency: 52, T: 52 },
    ];
    for (const customer of extremes) {
      const p = pAlive(params, customer);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(Number.isFinite(bgnbdLogLikelihood(params, [customer]))).toBe(true);
    }
    expect(Number.isFinite(bgnbdLogLikelihood({ r: 1e-8, alpha: 1e8, a: 1e-8, b: 1e8 }, extremes))).toBe(
      true,
    );
    expect(pAlive(params, { frequency: 500, recency: 1, T: 1e5 })).toBe(0);
  });

  it('returns −Infinity for non-positive parameters and rejects impossible histories', () => {
    expect(bgnbdLogLikelihood({ ...params, a: 0 }, [CUSTOMER_1])).toBe(-Infinity);
    expect(() => bgnbdLogLikelihood(params, [{ frequency: 1.5, recency: 1, T: 2 }])).toThrow(/frequency/);
    expect(() => bgnbdLogLikelihood(params, [{ frequency: 1, recency: 3, T: 2 }])).toThrow(/T must be/);
    expect(() => fitBgnbd([])).toThrow(RangeError);
  });

  it('computes log-gamma and 2F1 against closed forms, including near z = 1', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(1e-3)).toBeCloseTo(6.907178885383853, 10);
    // ₂F₁(1,1;2;z) = −ln(1−z)/z, on both sides of the 0.9 switch to the 1−z formula.
    for (const z of [0.1, 0.5, 0.9, 0.95, 0.999]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 10);
    }
    // ₂F₁(a,b;b;z) = (1−z)^(−a), where c − a − b is not an integer.
    for (const z of [-3, 0.3, 0.97, 0.9999]) {
      expect(hyp2f1(0.3, 1.7, 1.7, z) / Math.pow(1 - z, -0.3)).toBeCloseTo(1, 10);
    }
    expect(expectedPurchases(params, 0)).toBe(0);
    // E[X(t)] grows with t, far past where the plain series would be slow.
    expect(expectedPurchases(params, 1e4)).toBeGreaterThan(expectedPurchases(params, 78));
  });
});

describe('BG/NBD likelihood, computed once per distinct purchase count', () => {
  const customers = readSummary();

  it('matches eq. (6) summed customer by customer, to 1e-9 relative', () => {
    const points: BgnbdParams[] = [
      PUBLISHED,
      { r: 1, alpha: 1, a: 1, b: 1 },
      { r: 0.05, alpha: 80, a: 3, b: 0.2 },
      { r: 1e4, alpha: 9e4, a: 1e-8, b: 1e4 },
    ];
    for (const params of points) {
      const plain = plainLogLikelihood(params, customers);
      expect(Math.abs(bgnbdLogLikelihood(params, customers) - plain)).toBeLessThanOrEqual(
        1e-9 * Math.abs(plain),
      );
    }
  });
});

describe('BG/NBD fit on a book where nobody has left', () => {
  const weekly = everyoneWeekly(3000);

  it('reports the collapse as degenerate within 200 Nelder–Mead iterations', () => {
    const fit = fitBgnbd(weekly);
    expect(fit.degenerate).toBe(true);
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBeLessThanOrEqual(200);
    expect(fit.a / (fit.a + fit.b)).toBeLessThan(1e-4);
    // Where it stopped is what P(alive) would say of a collapsed fit: everyone alive.
    expect(pAlive(fit, weekly[0] as BgnbdCustomer)).toBeGreaterThan(0.99);
  });

  it('leaves the CDNOW fit alone: not degenerate, converged, the published numbers', () => {
    const fit = fitBgnbd(readSummary());
    expect(fit).toMatchObject({ degenerate: false, converged: true });
    within(fit.a, PUBLISHED.a);
    within(fit.b, PUBLISHED.b);
  });
});

describe('BG/NBD fit with fixed parameters', () => {
  const customers = readSummary();

  it('fits r and α alone with a and b held at the published values, and recovers the published r and α', () => {
    const fit = fitBgnbd(customers, { fixed: { a: PUBLISHED.a, b: PUBLISHED.b } });
    expect(fit.a).toBe(PUBLISHED.a);
    expect(fit.b).toBe(PUBLISHED.b);
    within(fit.r, PUBLISHED.r);
    within(fit.alpha, PUBLISHED.alpha);
    expect(fit).toMatchObject({ converged: true, degenerate: false });
    // Fewer free parameters cannot find a better likelihood than the free fit.
    expect(fit.logLikelihood).toBeLessThanOrEqual(fitBgnbd(customers).logLikelihood + 1e-6);
    expect(fit.logLikelihood).toBeCloseTo(bgnbdLogLikelihood(fit, customers), 9);
  });

  it('gives a usable fallback where the free fit collapses', () => {
    const weekly = everyoneWeekly(3000);
    const fit = fitBgnbd(weekly, { fixed: { a: 1, b: 3 } });
    expect(fit).toMatchObject({ a: 1, b: 3, degenerate: false });
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    // About one purchase a week: the rate r / α the data says, whatever the dropout was held at.
    expect(fit.r / fit.alpha).toBeGreaterThan(0.8);
    expect(fit.r / fit.alpha).toBeLessThan(1.3);
  });

  it('fits one parameter, or none, and rejects impossible fixed values', () => {
    const one = fitBgnbd(customers, { fixed: { r: PUBLISHED.r, alpha: PUBLISHED.alpha, b: PUBLISHED.b } });
    within(one.a, PUBLISHED.a, 0.02);
    const none = fitBgnbd(customers, { fixed: PUBLISHED });
    expect(none).toMatchObject({ ...PUBLISHED, iterations: 0, converged: true, degenerate: false });
    expect(none.logLikelihood).toBe(bgnbdLogLikelihood(PUBLISHED, customers));
    expect(() => fitBgnbd(customers, { fixed: { a: 0 } })).toThrow(/fixed a/);
    expect(() => fitBgnbd(customers, { fixed: { r: Number.NaN } })).toThrow(RangeError);
  });
});

describe('P(no purchase within t)', () => {
  const params = PUBLISHED;

  it('is the plain gamma–Poisson silence for a customer with no repeat purchase', () => {
    const customer = { frequency: 0, recency: 0, T: 38.86 };
    const expected = Math.pow((params.alpha + 38.86) / (params.alpha + 38.86 + 39), params.r);
    expect(pNoPurchaseWithin(params, customer, 39)).toBeCloseTo(expected, 12);
  });

  it('agrees with 1 − P(alive) + P(alive)·((α+T)/(α+T+t))^(r+x) where that can be computed directly', () => {
    const alive = pAlive(params, CUSTOMER_1);
    const expected =
      1 - alive + alive * Math.pow((params.alpha + 38.86) / (params.alpha + 38.86 + 39), params.r + 2);
    expect(pNoPurchaseWithin(params, CUSTOMER_1, 39)).toBeCloseTo(expected, 12);
  });

  it('is near 1 for a heavy buyer silent a long time, near 0 for one who just bought', () => {
    const silent = { frequency: 200, recency: 20, T: 100 };
    expect(pNoPurchaseWithin(params, silent, 4)).toBeGreaterThan(1 - 1e-9);
    // A heavy buyer buying right up to now is all but certain to buy again; what is left is the chance of
    // having dropped out at the last purchase, a / (b + x − 1) of the odds.
    const recent = { frequency: 10_000, recency: 100, T: 100 };
    const quiet = pNoPurchaseWithin(params, recent, 4);
    expect(quiet).toBeLessThan(1e-4);
    expect(quiet).toBeCloseTo(1 - pAlive(params, recent), 12);
  });

  it('is exactly 1 for t = 0 (no time, no purchase), falls with t, and stays in [0, 1] for extremes', () => {
    for (const customer of [CUSTOMER_1, CUSTOMER_2, { frequency: 0, recency: 0, T: 10 }]) {
      expect(pNoPurchaseWithin(params, customer, 0)).toBe(1);
      let previous = 1;
      for (const t of [0.01, 1, 10, 100, 1e4]) {
        const p = pNoPurchaseWithin(params, customer, t);
        expect(p).toBeLessThanOrEqual(previous);
        previous = p;
      }
      expect(pNoPurchaseWithin(params, customer, Infinity)).toBeCloseTo(1 - pAlive(params, customer), 12);
    }
    const extremes: BgnbdCustomer[] = [
      { frequency: 500, recency: 1, T: 1e5 },
      { frequency: 500, recency: 1e5, T: 1e5 },
      { frequency: 1, recency: 0, T: 0 },
      { frequency: 10_000, recency: 52, T: 52 },
    ];
    for (const customer of extremes) {
      for (const t of [1e-9, 1, 1e6]) {
        const p = pNoPurchaseWithin(params, customer, t);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('bgnbdLogLikelihood and fitBgnbd on repeated histories', () => {
  // Repeated histories (one of them with recency −0, which must count as 0), out of order.
  const customers = [
    { frequency: 2, recency: 30 / 7, T: 52 / 7 },
    { frequency: 0, recency: 0, T: 40 / 7 },
    { frequency: 2, recency: 30 / 7, T: 52 / 7 },
    { frequency: 0, recency: -0, T: 40 / 7 },
    { frequency: 5, recency: 48 / 7, T: 52 / 7 },
    { frequency: 1, recency: 3 / 7, T: 49 / 7 },
    { frequency: 5, recency: 48 / 7, T: 52 / 7 },
    { frequency: 1, recency: 3 / 7, T: 40 / 7 },
  ];

  it('gives the figures of earlier versions to the last digit', () => {
    // Act
    const logLikelihood = bgnbdLogLikelihood({ r: 0.8, alpha: 3.5, a: 0.7, b: 2.4 }, customers);
    const fit = fitBgnbd([...customers, ...customers.map((c) => ({ ...c, T: c.T + 1 }))]);
    // Assess: what grouping by text keys gave; a refit on unchanged data must not move the risk.
    expect(logLikelihood).toBe(-36.064594962959916);
    expect(fit).toEqual({
      r: 2.9880387406613416,
      alpha: 8.288850645634222,
      a: 0.13127340532195034,
      b: 0.38441229462535076,
      logLikelihood: -70.92015499680957,
      iterations: 295,
      converged: true,
      degenerate: false,
    });
  });
});
