import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type BgnbdCustomer, fitBgnbd } from '../../functions/core/bgnbd.ts';
import { fitPAliveModel } from '../../functions/core/p-alive-model.ts';
import { describeSkippedModel } from '../../functions/text/model-notices.ts';

const SUMMARY = new URL('../fixtures/cdnow/cdnow_customers_summary.csv', import.meta.url);
const OPTIONS = { minCustomers: 100, minRepeaters: 30 };

function cdnow(): BgnbdCustomer[] {
  const [, ...lines] = readFileSync(SUMMARY, 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [, frequency, recency, T] = line.split(',').map(Number);
    return { frequency: frequency as number, recency: recency as number, T: T as number };
  });
}

/**
 * The known failure: a young customer base where everyone still buys on schedule. Each of 300 shops has
 * bought every week since it started 3 to 8 weeks ago, the last time this week.
 */
function youngAndLoyal(): BgnbdCustomer[] {
  return Array.from({ length: 300 }, (_, i) => {
    const weeks = 3 + (i % 6);
    return { frequency: weeks, recency: weeks, T: weeks + 0.5 };
  });
}

describe('the BG/NBD model behind low_p_alive', () => {
  it('is used when it can tell customers apart (CDNOW: the paper’s fit)', () => {
    const model = fitPAliveModel(cdnow(), OPTIONS);
    expect(model.status).toBe('ok');
    if (model.status !== 'ok') return;
    expect(model.params.r).toBeCloseTo(0.243, 2);
    expect(model.params.b).toBeCloseTo(2.426, 1);
    expect(model.meanDropout).toBeCloseTo(0.793 / (0.793 + 2.426), 2);
    expect(model).toMatchObject({ customers: 2357, repeaters: 946 });
    expect(describeSkippedModel(model, 'zh-CN')).toBeNull();
  });

  it('is left out when the fit collapses (short histories, nobody gone yet), and says why', () => {
    const model = fitPAliveModel(youngAndLoyal(), OPTIONS);
    expect(model).toMatchObject({ status: 'skipped', reason: 'degenerate', customers: 300, repeaters: 300 });
    if (model.status !== 'skipped') return;
    // What makes it useless: dropout has collapsed, or nobody looks anything but alive.
    expect((model.meanDropout ?? 1) < 0.01 || (model.p10PAlive ?? 0) > 0.9).toBe(true);
    expect(describeSkippedModel(model, 'zh-CN')).toMatch(/low_p_alive 本次未使用.*拟合退化/);
    expect(describeSkippedModel(model, 'en')).toMatch(/not used this run: the BG\/NBD fit is degenerate/);
  });

  it('stops quickly on the flat ridge of a collapsed fit, whatever order the customers come in', () => {
    // Prepare: weekly buyers who all still buy, a lapsed minority, shuffled and sorted
    const loyal = Array.from({ length: 2000 }, (_, i): BgnbdCustomer => {
      const weeks = 20 + (i % 30);
      return { frequency: weeks - 1, recency: weeks - (i % 7) / 7, T: weeks };
    });
    const sorted = [...loyal].sort((a, b) => a.frequency - b.frequency || a.recency - b.recency || a.T - b.T);

    // Act
    const fits = [loyal, sorted].map((customers) => fitBgnbd(customers));

    // Assess: a and b would grow together without end; the fit stops at the wall with the same answer
    for (const fit of fits) {
      expect(fit.iterations).toBeLessThan(3000);
      expect(Math.max(fit.a, fit.b)).toBeLessThanOrEqual(1e4 * (1 + 1e-9));
      expect(fit.a / (fit.a + fit.b)).toBeLessThan(0.01);
    }
    expect(fits[0]!.logLikelihood).toBeCloseTo(fits[1]!.logLikelihood, 3);
    expect(fitPAliveModel(sorted, OPTIONS)).toMatchObject({ status: 'skipped', reason: 'degenerate' });
  });

  it('takes the fit’s own word for a collapse, and still reports the figures the notice quotes', () => {
    // Prepare: 2,000 shops ordering every 6 to 8 days for 10 to 40 weeks, nobody gone, on whole days
    const weekly = Array.from({ length: 2000 }, (_, i): BgnbdCustomer => {
      const ageDays = 70 + ((i * 37) % 211);
      const gap = 6 + (i % 3);
      const last = ageDays - (ageDays % gap);
      return { frequency: last / gap, recency: last / 7, T: ageDays / 7 };
    });

    // Act
    const fit = fitBgnbd(weekly);
    const model = fitPAliveModel(weekly, OPTIONS);

    // Assess: stopped early as degenerate, not reported as a fit that failed to converge
    expect(fit).toMatchObject({ degenerate: true, converged: false });
    expect(fit.iterations).toBeLessThanOrEqual(200);
    expect(model).toMatchObject({
      status: 'skipped',
      reason: 'degenerate',
      customers: 2000,
      repeaters: 2000,
    });
    if (model.status !== 'skipped') return;
    expect(model.meanDropout).toBeLessThan(0.01);
    expect(model.p10PAlive).toBeGreaterThan(0.9);
    expect(describeSkippedModel(model, 'en')).toMatch(/the BG\/NBD fit is degenerate \(dropout 0\.0%/);
  });

  it('is not fitted on too few customers or too few repeat buyers', () => {
    expect(fitPAliveModel(cdnow().slice(0, 99), OPTIONS)).toMatchObject({
      status: 'skipped',
      reason: 'too_few',
      customers: 99,
    });
    const oneTimers = Array.from({ length: 200 }, () => ({ frequency: 0, recency: 0, T: 30 }));
    expect(fitPAliveModel(oneTimers, OPTIONS)).toMatchObject({ reason: 'too_few', repeaters: 0 });
    expect(describeSkippedModel(fitPAliveModel(oneTimers, OPTIONS), 'en')).toMatch(/too few customers/);
  });
});
