import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { learnCycle } from '../../functions/core/cycle.ts';

const params = DEFAULT_CONFIG.cycle; // 12 recent gaps, 3 for a cycle of its own, fallback 30 days

describe('learnCycle', () => {
  it('learns a regular cadence', () => {
    expect(learnCycle([0, 14, 28, 42, 56], params)).toEqual({ days: 14, source: 'own', gaps: 4 });
  });

  it('is robust to outliers: a holiday gap and a top-up order', () => {
    expect(learnCycle([0, 7, 14, 21, 60, 67, 68, 75], params).days).toBe(7);
  });

  it('uses only the most recent gaps, so a customer who slowed down is judged by the new pace', () => {
    const weeklyThenMonthly = [0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70];
    for (let d = 100; d <= 460; d += 30) weeklyThenMonthly.push(d);
    expect(learnCycle(weeklyThenMonthly, params).days).toBe(30);
  });

  it('blends short histories with the fallback and falls back with none', () => {
    expect(learnCycle([], params)).toEqual({ days: 30, source: 'fallback', gaps: 0 });
    expect(learnCycle([5], params)).toEqual({ days: 30, source: 'fallback', gaps: 0 });
    expect(learnCycle([0, 6], params)).toEqual({ days: 22, source: 'blended', gaps: 1 }); // (6 + 2·30) / 3
    expect(learnCycle([0, 6, 12], params)).toEqual({ days: 14, source: 'blended', gaps: 2 }); // (2·6 + 30) / 3
  });

  it('stays within one day and the configured maximum', () => {
    expect(learnCycle([0, 1, 2, 3, 4], params).days).toBe(1);
    expect(learnCycle([0, 400, 800, 1200, 1600], params).days).toBe(180);
  });
});
