import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../functions/core/config.ts';
import {
  formatRiskPercent,
  shownFindings,
  shownRules,
  SIGNAL_ORDER,
  strongestFinding,
} from '../../functions/core/shown-signals.ts';
import { describeLearnedRest, riskLabel, suggestedAction } from '../../functions/text/explain.ts';
import type { Finding } from '../../functions/core/findings.ts';
import type { LearnedVerdict } from '../../functions/core/learned-verdict.ts';
import { learnedVerdict } from '../core/helpers.ts';

const silence = { daysSinceLastOrder: 80, lastOrderDate: '2026-09-01' };
const inactive: Finding = { rule: 'inactive', severity: 1, ...silence, thresholdDays: 30 };
const overdue: Finding = {
  rule: 'cycle_overdue',
  severity: 0.7,
  ...silence,
  cycleDays: 20,
  daysLate: 60,
  thresholdCycles: 1.5,
};
const churned: Finding = {
  rule: 'churned',
  severity: 0.3,
  ...silence,
  cycleDays: 20,
  cyclesMissed: 4,
  thresholdCycles: 2,
};
const visit: Finding = {
  rule: 'visit_overdue',
  severity: 1,
  lastVisitDate: null,
  daysSinceLastVisit: null,
  cadenceDays: 14,
};
const salesDrop: Finding = {
  rule: 'sales_drop',
  severity: 0.8,
  windowDays: 30,
  previousSales: 500_000,
  currentSales: 100_000,
  changePct: -80,
  thresholdPct: 50,
};

const verdict = (changes: Partial<LearnedVerdict> = {}): LearnedVerdict =>
  learnedVerdict({ risk: 0.72, ...changes });

describe('formatRiskPercent and riskLabel', () => {
  it('never says 100% or 0%', () => {
    expect([0, 0.004, 0.005, 0.62, 0.994, 0.995, 0.9996, 1].map(formatRiskPercent)).toEqual([
      '<1%',
      '<1%',
      '1%',
      '62%',
      '99%',
      '99%',
      '99%',
      '99%',
    ]);
  });

  it('calls the model’s risk a probability and the rules’ score a score, in Chinese and English', () => {
    expect(riskLabel(0.62, true, 'zh-CN')).toBe('流失风险 62%');
    expect(riskLabel(0.62, true, 'en')).toBe('62% likely to stop ordering');
    expect(riskLabel(0.62, false, 'zh-CN')).toBe('风险评分 62%');
    expect(riskLabel(0.62, false, 'en')).toBe('Risk score 62%');
  });
});

describe('shownRules and shownFindings', () => {
  it('keeps one silence status, the deepest: churned over overdue over inactive', () => {
    expect(shownRules(['inactive', 'churned', 'cycle_overdue'])).toEqual(['churned']);
    expect(shownRules(['inactive', 'cycle_overdue', 'sales_drop'])).toEqual(['cycle_overdue', 'sales_drop']);
    expect(shownRules(['inactive', 'inactive'])).toEqual(['inactive']);
    expect(shownFindings([inactive, overdue, churned]).map((finding) => finding.rule)).toEqual(['churned']);
  });

  it('lists signals in one fixed order, whatever order they came in', () => {
    const all = [...SIGNAL_ORDER].reverse() as RuleId[];
    expect(shownRules(all)).toEqual([
      'churned',
      'sales_drop',
      'order_count_drop',
      'sustained_decline',
      'sku_breadth_drop',
      'complaints_rising',
      'low_p_alive',
      'visit_overdue',
    ]);
    expect(shownFindings([visit, salesDrop, inactive]).map((finding) => finding.rule)).toEqual([
      'inactive',
      'sales_drop',
      'visit_overdue',
    ]);
  });
});

describe('strongestFinding', () => {
  it('picks the largest share of the risk among the findings shown, not the most severe', () => {
    // The late visit is at full severity but weighs 0.1; inactive at full severity is hidden under churned.
    expect(strongestFinding([visit, inactive, churned, salesDrop])?.rule).toBe('sales_drop');
    expect(strongestFinding([visit])?.rule).toBe('visit_overdue');
    expect(strongestFinding([])).toBeNull();
  });

  it('breaks a tie (within rounding) by the fixed order', () => {
    // 0.45 × 0.8 and 0.6 × 0.6 are both 0.36, apart only in floating point.
    expect(strongestFinding([salesDrop, { ...overdue, severity: 0.6 }])?.rule).toBe('cycle_overdue');
  });
});

describe('describeLearnedRest', () => {
  it('says nothing a shown finding or the headline already says', () => {
    expect(describeLearnedRest(verdict(), 'zh-CN', true, ['sales_drop'])).toBeNull();
    expect(describeLearnedRest(verdict(), 'zh-CN', true, ['churned'])).toBe(
      '近 90 天销售额 ¥1,200.00，前 90 天 ¥3,600.50',
    );
    expect(describeLearnedRest(verdict(), 'en', false, ['sales_drop'])).toBe(
      'No order for 45 days (usually every 14 days)',
    );
  });

  it('says why a customer below the line is still listed', () => {
    expect(describeLearnedRest(verdict({ risk: 0.38, held: true, reasons: [] }), 'zh-CN', false, [])).toBe(
      '预警线 41%，已低于预警线，但还没有明显回落，继续跟进',
    );
    expect(describeLearnedRest(verdict({ risk: 0.38, held: true, reasons: [] }), 'en', false, [])).toBe(
      "This distributor's line 41%; below it, but not clearly down yet: still followed",
    );
  });
});

describe('the next step', () => {
  it('suggests a coupon to a customer who stopped buying, unless one was given in the last 30 days', () => {
    expect(suggestedAction([churned], 'zh-CN')).toBe('尽快上门拜访，了解原因，可考虑发放优惠券');
    expect(suggestedAction([churned], 'zh-CN', undefined, 45)).toBe(
      '尽快上门拜访，了解原因，可考虑发放优惠券',
    );
    expect(suggestedAction([churned], 'zh-CN', undefined, 7)).toBe('尽快上门拜访，了解原因');
    expect(suggestedAction([churned], 'en', undefined, 0)).toBe('Visit soon and ask why');
  });
});
