import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import type { Day } from '../../functions/core/days.ts';
import { fitRiskModel } from '../../functions/core/learned/fit.ts';
import type { LearnedRiskModel } from '../../functions/core/learned/model.ts';
import { evaluateWithRiskModel } from '../../functions/core/learned/scoring.ts';
import { expectedF1Line } from '../../functions/core/learned/threshold.ts';
import { buildProfiles, type CustomerProfile } from '../../functions/core/profile.ts';
import type { OrderLine } from '../../functions/core/records.ts';
import { BOOK_SHAPES, syntheticBook } from '../support/synthetic-books.ts';
import { configWith, day, orderLines } from './helpers.ts';

// The risk on books that give a model little or nothing to go on: every case names the model it used and
// why, gives a probability for everyone (never NaN), and never throws.

const asOf = day('2026-11-30');

function profilesOf(lines: readonly OrderLine[], at: Day = asOf): CustomerProfile[] {
  return [
    ...buildProfiles(
      lines.filter((line) => line.day <= at),
      {},
      { asOf: at, retentionDays: DEFAULT_CONFIG.profile.retentionDays },
    ).profiles.values(),
  ];
}

function expectSane(model: LearnedRiskModel, profiles: readonly CustomerProfile[]) {
  const { result } = evaluateWithRiskModel({ profiles, asOf, config: DEFAULT_CONFIG });
  for (const customer of result.customers) {
    expect(Number.isFinite(customer.risk)).toBe(true);
    expect(customer.risk).toBeGreaterThanOrEqual(0);
    expect(customer.risk).toBeLessThanOrEqual(1);
  }
  expect(Number.isFinite(model.threshold)).toBe(true);
  for (const value of [...model.weights, ...model.means, ...model.scales, model.intercept]) {
    expect(Number.isFinite(value)).toBe(true);
  }
  return result;
}

/** Shops ordering every `gap` days from `from` to `to` (some stopping at `stops`). */
function regularBook(
  count: number,
  gap: number,
  from: Day,
  to: Day,
  stops?: (i: number) => Day,
): OrderLine[] {
  const lines: OrderLine[] = [];
  for (let i = 0; i < count; i++) {
    const end = Math.min(to, stops?.(i) ?? to);
    const orders = [];
    for (let d = from + (i % gap); d <= end; d += gap) orders.push({ date: isoOf(d), amount: 100 + i });
    lines.push(...orderLines(`C${String(i).padStart(4, '0')}`, orders));
  }
  return lines;
}

const isoOf = (d: Day) => new Date(d * 86_400_000).toISOString().slice(0, 10);

describe('the risk model on thin or odd histories', () => {
  it('one customer: the stated prior, listed only when more likely to stop than not', () => {
    const profiles = profilesOf(orderLines('C1', [{ date: '2026-11-20', amount: 10 }]));
    const model = fitRiskModel(profiles, DEFAULT_CONFIG, asOf);
    expect(model).toMatchObject({ source: 'bgnbd', bgnbdBasis: 'prior', thresholdRule: 'even_odds' });
    expect(model.notLearned?.reason).toBe('short_history_days');
    const [only] = expectSane(model, profiles).customers;
    expect(only?.atRisk).toBe(false);
  });

  it('one order per customer: no fit pretends to know their rates', () => {
    const { lines } = syntheticBook(
      BOOK_SHAPES.find((shape) => shape.name === 'single-order')!,
      {
        end: asOf,
      },
    );
    const profiles = profilesOf(lines);
    const model = fitRiskModel(profiles, DEFAULT_CONFIG, asOf);
    expect(model).toMatchObject({ source: 'bgnbd', bgnbdBasis: 'prior', thresholdRule: 'even_odds' });
    expectSane(model, profiles);
  });

  it('nobody lost: regular shops that all keep ordering give a BG/NBD model with its dropout held', () => {
    const profiles = profilesOf(regularBook(300, 7, asOf - 600, asOf));
    const model = fitRiskModel(profiles, DEFAULT_CONFIG, asOf);
    expect(model).toMatchObject({ source: 'bgnbd', bgnbdBasis: 'fixed_dropout' });
    expect(model.notLearned).toMatchObject({ reason: 'one_outcome', lapsed: 0 });
    const result = expectSane(model, profiles);
    // Everyone ordered within the week: nobody is flagged.
    expect(result.customers.filter((customer) => customer.atRisk)).toHaveLength(0);
  });

  it('everyone lost: a book that stopped long ago is not a list of warnings', () => {
    const profiles = profilesOf(regularBook(100, 7, asOf - 700, asOf - 400));
    const model = fitRiskModel(profiles, DEFAULT_CONFIG, asOf);
    const result = expectSane(model, profiles);
    // Silent for over a year: lost, out of the list, whatever the model says.
    expect(result.customers.every((customer) => customer.status === 'lost' && !customer.atRisk)).toBe(true);
  });

  it('all orders on one day: no repeat purchase, the stated prior', () => {
    const lines = Array.from({ length: 50 }, (_, i) =>
      orderLines(`C${i}`, [{ date: '2026-10-01', amount: 10 + i }]),
    ).flat();
    const profiles = profilesOf(lines);
    const model = fitRiskModel(profiles, DEFAULT_CONFIG, asOf);
    expect(model).toMatchObject({ source: 'bgnbd', bgnbdBasis: 'prior' });
    const result = expectSane(model, profiles);
    // The same history, the same risk.
    expect(new Set(result.customers.map((customer) => customer.risk)).size).toBe(1);
  });

  it('a horizon longer than the history: BG/NBD, saying how much history there is and how much is needed', () => {
    const config = configWith({ riskModel: { horizonDays: 180 }, profile: { retentionDays: 600 } });
    const profiles = profilesOf(
      regularBook(200, 10, asOf - 150, asOf, (i) => (i % 5 === 0 ? asOf - 60 : asOf)),
    );
    const model = fitRiskModel(profiles, config, asOf);
    expect(model.source).toBe('bgnbd');
    expect(model.notLearned).toEqual({ reason: 'short_history_days', historyDays: 150, neededDays: 240 });
    expect(model.horizonDays).toBe(180);
  });

  it('learns from a history with lapses, and checks a simpler model on the newest training day', () => {
    const { lines } = syntheticBook(
      BOOK_SHAPES.find((shape) => shape.name === 'monthly')!,
      { end: asOf },
    );
    const profiles = profilesOf(lines);
    const model = fitRiskModel(profiles, DEFAULT_CONFIG, asOf);
    expect(model.source).toBe('learned');
    expect(model.notLearned).toBeUndefined();
    expect(Object.keys(model.validation ?? {}).sort()).toEqual(['bgnbd', 'full', 'silence']);
    expect(['full', 'bgnbd', 'silence']).toContain(model.variant);
    expectSane(model, profiles);
  });
});

describe('expectedF1Line', () => {
  it('flags the customers its own probabilities expect to be worth flagging', () => {
    expect(expectedF1Line([0.9, 0.8, 0.1, 0.05])).toBeCloseTo(0.45, 10);
    // Equal probabilities are flagged together: the line falls between them and the next lower one.
    const line = expectedF1Line([0.6, 0.6, 0.6, 0.01]);
    expect(line).toBeGreaterThan(0.01);
    expect(line).toBeLessThanOrEqual(0.6);
  });

  it('gives an even line when there is nothing to weigh', () => {
    expect(expectedF1Line([])).toBe(0.5);
    expect(expectedF1Line([0, 0])).toBe(0.5);
  });
});
