import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, ruleParamsFor } from '../../../functions/core/config.ts';
import { complaintsRising } from '../../../functions/core/rules/complaints-rising.ts';
import { contextOf } from '../helpers.ts';

const params = ruleParamsFor(DEFAULT_CONFIG, 'complaints_rising', 'general'); // ≥ 2 in 30 days

describe('complaints_rising (投诉增多)', () => {
  it('fires at the threshold within the window and reports the window before', () => {
    const context = contextOf([], '2026-11-20', { complaints: ['2026-10-01', '2026-10-22', '2026-11-20'] });
    expect(complaintsRising(context, params)).toMatchObject({
      complaints: 2,
      previousComplaints: 1,
      threshold: 2,
    });
  });

  it('does not fire below the threshold', () => {
    const context = contextOf([], '2026-11-20', { complaints: ['2026-10-21', '2026-11-01'] }); // 10-21 is outside
    expect(complaintsRising(context, params)).toBeNull();
    expect(complaintsRising(contextOf([], '2026-11-20'), params)).toBeNull();
  });
});
