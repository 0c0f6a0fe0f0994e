import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { sustainedDecline } from '../../../functions/core/rules/sustained-decline.ts';
import { configWith, contextOf } from '../helpers.ts';

const params = ruleParamsFor(DEFAULT_CONFIG, 'sustained_decline', 'general'); // 2 months, ≥ 10% each

describe('sustained_decline (持续下滑)', () => {
  it('fires after two complete months that each fell', () => {
    const orders = [
      { date: '2026-08-10', amount: 1000 },
      { date: '2026-09-10', amount: 800 },
      { date: '2026-10-10', amount: 600 },
      { date: '2026-11-05', amount: 100 }, // the running month is not one of the compared months
    ];
    expect(sustainedDecline(contextOf(orders, '2026-11-20'), params)).toMatchObject({
      rule: 'sustained_decline',
      months: [
        { month: '2026-08', sales: 100000 },
        { month: '2026-09', sales: 80000 },
        { month: '2026-10', sales: 60000 },
      ],
      changePct: -40,
    });
  });

  it('needs every month to fall by the minimum step', () => {
    const flat = [
      { date: '2026-08-10', amount: 1000 },
      { date: '2026-09-10', amount: 1000 },
      { date: '2026-10-10', amount: 600 },
    ];
    expect(sustainedDecline(contextOf(flat, '2026-11-20'), params)).toBeNull();
    const tiny = [
      { date: '2026-08-10', amount: 1000 },
      { date: '2026-09-10', amount: 910 }, // −9%
      { date: '2026-10-10', amount: 600 },
    ];
    expect(sustainedDecline(contextOf(tiny, '2026-11-20'), params)).toBeNull();
    const exactly = [
      { date: '2026-08-10', amount: 1000 },
      { date: '2026-09-10', amount: 900 }, // −10% exactly
      { date: '2026-10-10', amount: 600 },
    ];
    expect(sustainedDecline(contextOf(exactly, '2026-11-20'), params)).not.toBeNull();
  });

  it('stays quiet once the running month is on pace to beat the last complete one', () => {
    const base = [
      { date: '2026-08-10', amount: 1000 },
      { date: '2026-09-10', amount: 800 },
      { date: '2026-10-10', amount: 600 },
    ];
    // 20 days into November: ¥400 so far is on pace for ¥600 over 30 days, level with October.
    expect(
      sustainedDecline(contextOf([...base, { date: '2026-11-15', amount: 400 }], '2026-11-20'), params),
    ).toBeNull();
    expect(
      sustainedDecline(contextOf([...base, { date: '2026-11-15', amount: 399 }], '2026-11-20'), params),
    ).not.toBeNull();
    // Too early in the month to tell: the first six days never count as recovery.
    expect(
      sustainedDecline(contextOf([...base, { date: '2026-11-02', amount: 5000 }], '2026-11-06'), params),
    ).not.toBeNull();
  });

  it('needs sales in the base month', () => {
    expect(sustainedDecline(contextOf([], '2026-11-20'), params)).toBeNull();
    expect(
      sustainedDecline(contextOf([{ date: '2026-10-10', amount: 100 }], '2026-11-20'), params),
    ).toBeNull();
  });

  it('puts a leap day in February', () => {
    const orders = [
      { date: '2023-12-15', amount: 900 },
      { date: '2024-01-15', amount: 700 },
      { date: '2024-02-29', amount: 500 },
    ];
    const finding = sustainedDecline(contextOf(orders, '2024-03-01'), params);
    expect(finding?.months.map((m) => m.month)).toEqual(['2023-12', '2024-01', '2024-02']);
    expect(finding?.months[2]?.sales).toBe(50000);
  });

  it('looks back as many months as configured', () => {
    const config = configWith({ rules: { sustained_decline: { months: 3 } } });
    const orders = [
      { date: '2026-07-10', amount: 500 },
      { date: '2026-08-10', amount: 1000 },
      { date: '2026-09-10', amount: 800 },
      { date: '2026-10-10', amount: 600 },
    ];
    expect(
      sustainedDecline(
        contextOf(orders, '2026-11-20'),
        ruleParamsFor(config, 'sustained_decline', 'general'),
      ),
    ).toBeNull();
  });
});
