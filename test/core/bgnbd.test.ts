import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BgnbdCustomer,
  bgnbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgnbd,
  hyp2f1,
  lnGamma,
  pAlive,
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
