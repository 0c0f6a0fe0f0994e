import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../functions/core/config.ts';
import { parseIsoDay } from '../../functions/core/days.ts';
import type { CustomerEvaluation } from '../../functions/core/evaluate.ts';
import type { Finding } from '../../functions/core/findings.ts';
import { buildWeeklySummary } from '../../functions/notify/build-weekly-summary.ts';
import { renderWeeklyWecom } from '../../functions/notify/render-weekly-wecom.ts';

const AS_OF = parseIsoDay('2026-11-20') as number;
const silence = { daysSinceLastOrder: 80, lastOrderDate: '2026-09-01' };
const inactive: Finding = { rule: 'inactive', severity: 1, ...silence, thresholdDays: 30 };
const churned: Finding = {
  rule: 'churned',
  severity: 0.5,
  ...silence,
  cycleDays: 20,
  cyclesMissed: 4,
  thresholdCycles: 2,
};
const overdue: Finding = {
  rule: 'cycle_overdue',
  severity: 0.5,
  ...silence,
  cycleDays: 40,
  daysLate: 40,
  thresholdCycles: 1.5,
};

function atRisk(customerId: string, findings: Finding[]): CustomerEvaluation {
  return {
    customerId,
    name: null,
    repId: 'R01',
    tier: 'general',
    status: 'at_risk',
    atRisk: true,
    risk: 0.6,
    moneyAtRisk: 100_000,
    findings,
    flaggedBy: [],
    lastOrderDate: '2026-09-01',
    daysSinceLastOrder: 80,
    firstOrderDate: '2025-01-01',
    cycleDays: 20,
    cycleSource: 'own',
    trailingSales: 200_000,
    lastPeriodSales: 0,
    previousPeriodSales: 10_000,
    lastVisitDate: null,
    daysSinceLastVisit: null,
    lastCouponDate: null,
  };
}

describe('buildWeeklySummary: at risk by signal', () => {
  it('counts each customer under the one silence status its digest shows, in the fixed order', () => {
    // Prepare: one churned customer (also inactive), one overdue (also inactive), one only inactive
    const now = [
      atRisk('C1', [inactive, churned]),
      atRisk('C2', [inactive, overdue]),
      atRisk('C3', [inactive]),
    ];

    // Act
    const summary = buildWeeklySummary(
      {
        manager: { repId: 'M01', role: 'manager', name: '王经理' },
        reps: [
          { repId: 'M01', role: 'manager', name: '王经理' },
          { repId: 'R01', role: 'rep', managerId: 'M01', name: '张三' },
        ],
        profiles: [],
        customers: new Map(),
        alerts: [],
        visits: [],
        asOf: AS_OF,
        config: DEFAULT_CONFIG,
      },
      { now, weekAgo: [], periodStart: [], previousPeriodStart: [] },
    );
    const [message = ''] = renderWeeklyWecom(summary);

    // Assess: the rows add up to the three customers; the data keeps every finding
    expect(summary.atRiskBySignal).toEqual({ churned: 1, cycle_overdue: 1, inactive: 1 });
    expect(Object.keys(summary.atRiskBySignal)).toEqual(['churned', 'cycle_overdue', 'inactive']);
    expect(message).toContain('### 有风险客户 · 按信号\n- 已流失：1\n- 订货周期异常：1\n- 即将流失：1\n');
    expect(now[0]?.findings.map((finding) => finding.rule)).toEqual(['inactive', 'churned']);
  });
});
