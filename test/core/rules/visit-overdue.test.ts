import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { visitOverdue } from '../../../functions/core/rules/visit-overdue.ts';
import { contextOf } from '../helpers.ts';

const vip = ruleParamsFor(DEFAULT_CONFIG, 'visit_overdue', 'vip'); // every 14 days
const general = ruleParamsFor(DEFAULT_CONFIG, 'visit_overdue', 'general'); // every 30 days

describe('visit_overdue (超期未拜访)', () => {
  const orders = [{ date: '2026-11-18', amount: 100 }];

  it('fires the day after the tier’s cadence is exceeded', () => {
    expect(visitOverdue(contextOf(orders, '2026-11-20', { visits: ['2026-11-06'] }), vip)).toBeNull(); // 14 days
    expect(visitOverdue(contextOf(orders, '2026-11-20', { visits: ['2026-11-05'] }), vip)).toMatchObject({
      lastVisitDate: '2026-11-05',
      daysSinceLastVisit: 15,
      cadenceDays: 14,
    });
    expect(visitOverdue(contextOf(orders, '2026-11-20', { visits: ['2026-11-05'] }), general)).toBeNull();
  });

  it('counts a never-visited customer from its first order', () => {
    const since = [{ date: '2026-10-01', amount: 100 }, ...orders]; // first order 50 days ago
    expect(visitOverdue(contextOf(since, '2026-11-20', { visits: [] }), general)).toMatchObject({
      lastVisitDate: null,
      daysSinceLastVisit: null,
      cadenceDays: 30,
    });
    expect(visitOverdue(contextOf(orders, '2026-11-20', { visits: [] }), general)).toBeNull(); // a new shop
    expect(visitOverdue(contextOf([], '2026-11-20', { visits: [] }), general)).toBeNull(); // never ordered
  });

  it('stays quiet where visits are not tracked at all', () => {
    expect(visitOverdue(contextOf(orders, '2026-11-20'), vip)).toBeNull();
  });

  it('uses the latest visit and ignores visits after the as-of day', () => {
    const context = contextOf(orders, '2026-11-20', { visits: ['2026-10-01', '2026-10-20', '2026-11-25'] });
    expect(visitOverdue(context, general)?.lastVisitDate).toBe('2026-10-20');
  });
});
