import { describe, expect, it } from 'vitest';
import {
  activityFigures,
  atRiskChange,
  churnRows,
  largestFigures,
  tierCounts,
} from '../../functions/render/weekly-text.ts';
import type { TierChurn } from '../../functions/render/weekly-model.ts';
import { sampleDigestCustomer, sampleWeeklySummary } from './fixtures.ts';

const churn = (base: number, churned: number): TierChurn => ({
  base,
  churned,
  rate: base === 0 ? null : churned / base,
});

describe('the weekly summary figures both channels show', () => {
  it('takes the change in churn from the rates as shown, so 4.7% against 3.9% reads +0.8', () => {
    // Prepare: 4.74% and 3.86%, whose unrounded difference would round to +0.9
    const summary = sampleWeeklySummary({
      churnThisPeriod: {
        vip: churn(10_000, 474),
        important: churn(0, 0),
        general: churn(0, 0),
        dormant: churn(0, 0),
      },
      churnPreviousPeriod: {
        vip: churn(10_000, 386),
        important: churn(100, 2),
        general: churn(0, 0),
        dormant: churn(0, 0),
      },
    });

    // Act
    const [vip, important] = churnRows(summary, 'zh-CN');

    // Assess
    expect(vip).toEqual({
      tier: 'vip',
      label: '非常重要',
      now: { rate: '4.7%', counts: '474/10000', value: 0.0474 },
      before: { rate: '3.9%', counts: '386/10000', value: 0.0386 },
      change: '+0.8',
    });
    // No base this period: no rate, no counts and no change to speak of.
    expect(important?.now).toEqual({ rate: '—', counts: null, value: null });
    expect(important?.before.rate).toBe('2%');
    expect(important?.change).toBeNull();
  });

  it('gives the baseline month in whole customers and "—" for a change without a baseline', () => {
    // Prepare
    const summary = sampleWeeklySummary();
    const noChange = sampleWeeklySummary({
      activity: { ...summary.activity, activeCustomersChangePct: null, averageOrderValueChangePct: null },
    });

    // Act
    const figures = activityFigures(summary);
    const without = activityFigures(noChange);

    // Assess
    expect(figures).toMatchObject({
      month: '2026-10',
      activeCustomers: 352,
      baselineActiveCustomers: 371,
      averageOrderValue: '¥1,232.07',
      baselineOrderValue: '¥1,189.50',
      activeCustomersChange: '-5.2%',
      averageOrderValueChange: '+3.6%',
    });
    expect(without?.activeCustomersChange).toBe('—');
    expect(
      activityFigures(sampleWeeklySummary({ activity: { ...summary.activity, latest: null } })),
    ).toBeNull();
  });

  it('says how long a large customer has been at risk, in whole yuan and the reader’s words', () => {
    // Prepare
    const today = {
      ...sampleDigestCustomer({ daysAtRisk: 0, moneyAtRisk: 1_200_050 }),
      repId: null,
      repName: null,
    };
    const oneDay = { ...today, daysAtRisk: 1 };

    // Act and assess
    expect(largestFigures(today, 'zh-CN')).toMatchObject({ moneyAtRisk: '¥12,001', age: '今天新增' });
    expect(largestFigures(oneDay, 'en').age).toBe('1 day at risk');
    expect(largestFigures(oneDay, 'zh-CN').signals.at(-1)).toBe('模型评估');
  });

  it('counts customers at risk per tier in tier order, and the change since last week with its sign', () => {
    // Prepare
    const summary = sampleWeeklySummary();

    // Act and assess
    expect(tierCounts(summary, 'en').map(({ label, count }) => `${label} ${count}`)).toEqual([
      'VIP 3',
      'Important 9',
      'General 17',
      'Dormant 4',
    ]);
    expect(atRiskChange(summary, 'zh-CN')).toBe('+4');
    expect(atRiskChange({ ...summary, atRiskNow: 29 }, 'zh-CN')).toBe('持平');
    expect(atRiskChange({ ...summary, atRiskNow: 29 }, 'en')).toBe('unchanged');
    expect(atRiskChange({ ...summary, atRiskNow: 27 }, 'en')).toBe('-2');
  });
});
