import { describe, expect, it } from 'vitest';
import { answerOutcomes, type BacktestAnswer } from '../../functions/core/answer-outcomes.ts';
import { backtestReport, labelledPopulation } from '../../functions/core/backtest.ts';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { lapsedWithin } from '../../functions/core/learned/snapshots.ts';
import { buildProfiles } from '../../functions/core/profile.ts';
import { riskBacktest } from '../../functions/core/risk-backtest.ts';
import { shopLines } from '../support/shops.ts';
import { day, orderLines, regularOrders, type TestOrder } from './helpers.ts';

/**
 * Reps' answers in the backtest, on customers small enough to check by hand: answers known on the as-of day
 * shape who is scored, answers within the horizon only the labels, and "not a real risk" is counted per rule.
 */
const asOf = day('2026-06-30');
const horizonDays = 90; // the horizon is 2026-07-01 to 2026-09-28

const answer = (customerId: string, action: BacktestAnswer['action'], date: string): BacktestAnswer => ({
  customerId,
  action,
  day: day(date),
});

describe('answerOutcomes', () => {
  it('splits the answers at the as-of day and keeps only the horizon after it', () => {
    // Act
    const outcomes = answerOutcomes(
      [
        answer('A', 'closed', '2026-06-30'), // on the as-of day: known that day
        answer('A', 'closed', '2026-06-01'), // an earlier answer for the same shop: the first counts
        answer('B', 'closed', '2026-07-01'), // first day of the horizon
        answer('B', 'closed', '2026-07-05'),
        answer('C', 'closed', '2026-09-29'), // the day after the horizon: not used
        answer('A', 'closed', '2026-07-03'), // closed before as-of already
        answer('D', 'not_real', '2026-06-30'), // known on the as-of day: not a verdict on what came next
        answer('E', 'not_real', '2026-09-28'), // last day of the horizon
        answer('F', 'not_real', '2026-09-29'),
        answer('G', 'called', '2026-07-02'),
      ],
      asOf,
      horizonDays,
    );
    // Assess
    expect([...outcomes.closedBefore]).toEqual([['A', day('2026-06-01')]]);
    expect([...outcomes.closedWithin]).toEqual([['B', day('2026-07-01')]]);
    expect([...outcomes.notRealWithin]).toEqual(['E']);
  });
});

describe('backtest with answers, by hand', () => {
  const weeklyUntil = (last: string): TestOrder[] => regularOrders('2026-01-05', last, 7, 500);
  const customers: Record<string, TestOrder[]> = {
    // Weekly through the horizon: stays.
    steady: weeklyUntil('2026-09-28'),
    steady2: weeklyUntil('2026-09-28'),
    // Weekly up to 2026-05-31 (a Sunday; silent 30 days at as-of): flagged inactive, churns by its orders.
    stopped: regularOrders('2026-01-04', '2026-05-31', 7, 500),
    // Every six weeks, last on 2026-05-11 (silent 50 days), and again on 2026-07-20: flagged, stays.
    slow: [...regularOrders('2026-01-05', '2026-05-18', 42, 500), { date: '2026-07-20', amount: 500 }],
    // Weekly through the horizon too, but answered closed before or within it.
    closedEarly: weeklyUntil('2026-09-28'),
    clearance: weeklyUntil('2026-09-28'),
  };
  const lines = Object.entries(customers).flatMap(([id, orders]) => orderLines(id, orders));
  const answers = [
    answer('closedEarly', 'closed', '2026-06-20'), // known on the as-of day: lost, not scored
    answer('clearance', 'closed', '2026-07-10'), // its later orders were a clearance: churned, mark in 10 days
    answer('stopped', 'closed', '2026-07-15'), // churned by its orders too; the answer came sooner (15 < 60)
    answer('steady2', 'closed', '2026-10-01'), // after the horizon: nothing changes
    answer('slow', 'not_real', '2026-07-02'), // the rep said the slow shop was fine, and it was
    answer('steady', 'not_real', '2026-06-30'), // on the as-of day: not counted
  ];
  const run = (withAnswers: boolean) =>
    labelledPopulation({
      lines,
      asOf,
      horizonDays,
      config: DEFAULT_CONFIG,
      ...(withAnswers ? { answers } : {}),
    }).population;

  it('leaves out a shop closed by the as-of day, and labels one closed within the horizon churned', () => {
    // Act
    const without = run(false);
    const population = run(true);
    // Assess
    const labels = (p: typeof population) =>
      Object.fromEntries(p.customers.map((c) => [c.evaluation.customerId, [c.churned, c.leadDays]]));
    expect(labels(without)).toEqual({
      steady: [false, null],
      steady2: [false, null],
      stopped: [true, 60], // last order 2026-05-31 + 90 days = 2026-08-29, 60 days after as-of
      slow: [false, null],
      closedEarly: [false, null],
      clearance: [false, null],
    });
    expect(labels(population)).toEqual({
      steady: [false, null],
      steady2: [false, null],
      stopped: [true, 15],
      slow: [false, null],
      clearance: [true, 10],
    });
    expect(without.excluded).toEqual({ lost: 0, noOrders: 0, alreadySilent: 0 });
    expect(population.excluded).toEqual({ lost: 0, noOrders: 0, alreadySilent: 0, closed: 1 });
  });

  it('counts per rule how many of its flagged customers a rep marked not a real risk in the horizon', () => {
    // Act
    const report = backtestReport(run(true));
    // Assess: inactive flags the two silent shops (30 and 50 days); the rep marked the slow one.
    expect(report.rules.find((row) => row.rule === 'inactive')).toMatchObject({ flagged: 2 });
    expect(report.answers?.rules.find((row) => row.rule === 'inactive')).toEqual({
      rule: 'inactive',
      flagged: 2,
      notReal: 1,
    });
    expect(report.answers).toMatchObject({
      closedBefore: 1,
      closedWithin: 2,
      closedDespiteOrders: 1,
      notReal: 1,
    });
    expect(report.answers?.rules.map((row) => row.rule)).toEqual(report.rules.map((row) => row.rule));
    expect(report.answers?.atRisk.notReal).toBe(1);
    // Label-based precision of inactive: 1 of 2 churned (stopped)
    expect(report.rules.find((row) => row.rule === 'inactive')?.precision).toBe(0.5);
  });

  it('adds nothing to the report without answers', () => {
    expect(backtestReport(run(false))).not.toHaveProperty('answers');
  });
});

describe('answers and the model fitted on the as-of day', () => {
  // Shops over 18 months: enough history for a learned model as of 2026-03-31 with a 90-day horizon.
  const from = day('2025-01-01');
  const end = day('2026-06-30');
  const lines = shopLines(300, from, end);
  const backtestDay = end - 91;
  const input = { lines, asOf: backtestDay, horizonDays: 90, config: DEFAULT_CONFIG };
  const profiles = [...buildProfiles(lines, {}, { asOf: end, retentionDays: 3650 }).profiles.values()];
  // A shop that kept ordering after every training day: a closed answer changes its training labels.
  const trainingDay = backtestDay - 90;
  const stayer = profiles.find((profile) =>
    [trainingDay - 28, trainingDay, backtestDay].every((asOfDay) => !lapsedWithin(profile, asOfDay, 90)),
  );
  if (!stayer) throw new Error('the shops must include one that kept ordering');
  const plain = riskBacktest(input);

  it('never lets an answer given after the as-of day reach the model', () => {
    // Act: the shop answered closed the day after the as-of day
    const late = riskBacktest({
      ...input,
      answers: [{ customerId: stayer.customerId, action: 'closed', day: backtestDay + 1 }],
    });
    // Assess
    expect(plain.riskModel.source).toBe('learned');
    expect(late.riskModel).toEqual(plain.riskModel);
    expect(late.comparison.find((row) => row.signal === 'default_risk')?.auc).not.toBeNull();
  });

  it('teaches the model with a closure known by the as-of day, as the product fits it that day', () => {
    // Act: the shop answered closed on the earliest training day
    const early = riskBacktest({
      ...input,
      answers: [{ customerId: stayer.customerId, action: 'closed', day: trainingDay - 28 }],
    });
    // Assess: a lapsed label on both training days, and the shop no longer scored
    expect(early.riskModel.lapsed).toBe(plain.riskModel.lapsed + 2);
    expect(early.excluded.closed).toBe(1);
    expect(early.population).toBe(plain.population - 1);
  });
});
