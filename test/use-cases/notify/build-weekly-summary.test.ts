import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../functions/core/config.ts';
import { parseIsoDay } from '../../../functions/core/days.ts';
import type { CustomerEvaluation } from '../../../functions/core/evaluate.ts';
import type { Finding } from '../../../functions/core/findings.ts';
import {
  type AlertRecord,
  type AlertState,
  type EndedEpisode,
  type EpisodeEnd,
  factsOf,
  QUIET_DAY,
} from '../../../functions/core/alerts.ts';
import type { FollowUpAction, FollowUpAnswer } from '../../../functions/core/follow-up.ts';
import { buildWeeklySummary } from '../../../functions/use-cases/notify/build-weekly-summary.ts';
import { renderWeeklyWecom } from '../../../functions/render/render-weekly-wecom.ts';
import { weeklyOverview } from '../../../functions/render/weekly-text.ts';

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

/** An alert record as the evaluator leaves it: the episode's dates, and the one before it when there was one. */
function alert(
  evaluation: CustomerEvaluation,
  episode: { from: string; ended?: { on: string; reason: EpisodeEnd } },
  previous?: EndedEpisode,
): AlertRecord {
  const state: AlertState = {
    customerId: evaluation.customerId,
    repId: evaluation.repId,
    open: episode.ended === undefined,
    firstSeenDate: episode.from,
    lastOrderAtStart: evaluation.lastOrderDate,
    lastNotifiedDate: episode.from,
    notifiedRules: evaluation.findings.map((finding) => finding.rule),
    notifiedTier: evaluation.tier,
    snoozeUntil: null,
    managerEscalatedDate: null,
    endedDate: episode.ended?.on ?? null,
    endedReason: episode.ended?.reason ?? null,
    previousEpisode: previous ?? null,
    facts: factsOf(evaluation, 30),
  };
  return { customerId: evaluation.customerId, day: '2026-11-20', before: null, state, outcome: QUIET_DAY };
}

const MANAGER = { repId: 'M01', role: 'manager', name: '王经理' } as const;
const REPS = [MANAGER, { repId: 'R01', role: 'rep', managerId: 'M01', name: '张三' }] as const;

function summaryOf(alerts: AlertRecord[], now: CustomerEvaluation[]) {
  return buildWeeklySummary(
    {
      manager: MANAGER,
      reps: [...REPS],
      profiles: [],
      customers: new Map(),
      alerts,
      visits: [],
      asOf: AS_OF,
      config: DEFAULT_CONFIG,
    },
    { now, periodStart: [], previousPeriodStart: [] },
  );
}

describe("buildWeeklySummary: one basis for every count, the digests'", () => {
  it('makes last week plus the movements of the week equal this week, naming every movement', () => {
    // Prepare: the week is 2026-11-14…20. C1 open since before it; C2 flagged in it; C3 recovered in it;
    // C4 cleared in it (a settings change); C5 lost in it; C6 flagged and recovered within it, then flagged
    // again (its earlier episode kept on the record); C7 ended before the week
    const c = (id: string) => atRisk(id, [inactive]);
    const alerts = [
      alert(c('C1'), { from: '2026-11-01' }),
      alert(c('C2'), { from: '2026-11-16' }),
      alert(c('C3'), { from: '2026-11-02', ended: { on: '2026-11-15', reason: 'recovered' } }),
      alert(c('C4'), { from: '2026-11-03', ended: { on: '2026-11-18', reason: 'cleared' } }),
      alert(c('C5'), { from: '2026-10-01', ended: { on: '2026-11-19', reason: 'lost' } }),
      alert(
        c('C6'),
        { from: '2026-11-19' },
        {
          firstSeenDate: '2026-11-14',
          endedDate: '2026-11-17',
          endedReason: 'recovered',
          tier: 'general',
          repId: 'R01',
        },
      ),
      alert(c('C7'), { from: '2026-10-01', ended: { on: '2026-11-10', reason: 'recovered' } }),
    ];

    // Act
    const summary = summaryOf(
      alerts,
      alerts.map((record) => c(record.customerId)),
    );
    const [message = ''] = renderWeeklyWecom(summary);

    // Assess
    expect(summary).toMatchObject({
      atRiskLastWeek: 4, // C1, C3, C4, C5
      atRiskNow: 3, // C1, C2, C6
      newThisWeek: 3, // C2 and both of C6's
      recoveredThisWeek: 2, // C3, C6's first
      clearedThisWeek: 1,
      lostThisWeek: 1,
    });
    const { atRiskLastWeek, atRiskNow, newThisWeek, recoveredThisWeek } = summary;
    expect(atRiskNow - atRiskLastWeek).toBe(newThisWeek - recoveredThisWeek - 1 - 1);
    expect(summary.reps).toEqual([expect.objectContaining({ repId: 'R01', atRisk: 3, newThisWeek: 3 })]);
    expect(weeklyOverview(summary, 'zh-CN')).toBe(
      '目前 3 位客户有流失风险（上周末 4 位，-1）。本周新增 3 位，恢复 2 位，信号消失（未下单）1 位，转为失联 1 位，净减 1 位。',
    );
    expect(weeklyOverview(summary, 'en')).toBe(
      '3 customers at risk now (4 at the end of last week, -1). 3 new, 2 recovered, 1 no longer flagged without ordering and 1 lost this week, net -1.',
    );
    expect(message).toContain('信号消失（未下单）1 · 转为失联 1');
    expect(message).toContain('口径：“有风险”指预警尚未结束的客户');
  });

  it("counts a rep's customers at risk as their digest does: open alerts, whatever a later evaluation says", () => {
    // Prepare: C1's alert is open though the settings changed since the morning; C2 is at risk by today's
    // settings but no run has flagged it (its rep has not heard of it)
    const notFlaggedNow = {
      ...atRisk('C1', [inactive]),
      status: 'active' as const,
      atRisk: false,
      findings: [],
    };

    // Act
    const summary = summaryOf(
      [alert(atRisk('C1', [inactive]), { from: '2026-11-10' })],
      [notFlaggedNow, atRisk('C2', [inactive])],
    );

    // Assess: C1 counted, under the signal its alert names; C2 not
    expect(summary.atRiskNow).toBe(1);
    expect(summary.reps[0]?.atRisk).toBe(1);
    expect(summary.atRiskBySignal).toEqual({ inactive: 1 });
    expect(summary.atRiskByTier.general).toBe(1);
    expect(summary.largestAtRisk.map((customer) => customer.customerId)).toEqual(['C1']);
  });
});

describe('buildWeeklySummary: the 8-week trend', () => {
  it('counts the same open alerts at each week end, from the first evaluated week, ending with the headline', () => {
    // Prepare: runs since 2026-10-20 (so the week ending 10-16 is left out); C1 open since 10-21, C2 from
    // 11-01 to 11-15 (recovered), C3 since 11-18
    const c = (id: string) => atRisk(id, [inactive]);
    const alerts = [
      alert(c('C1'), { from: '2026-10-21' }),
      alert(c('C2'), { from: '2026-11-01', ended: { on: '2026-11-15', reason: 'recovered' } }),
      alert(c('C3'), { from: '2026-11-18' }),
    ];
    const money = (amount: number) => new Map(['C1', 'C2', 'C3'].map((id) => [id, amount]));
    const trendMoney = new Map([-28, -21, -14, -7].map((back) => [AS_OF + back, money(1_000)]));

    // Act
    const summary = buildWeeklySummary(
      {
        manager: MANAGER,
        reps: [...REPS],
        profiles: [],
        customers: new Map(),
        alerts,
        visits: [],
        asOf: AS_OF,
        config: DEFAULT_CONFIG,
        firstEvaluatedDay: parseIsoDay('2026-10-20') as number,
      },
      {
        now: alerts.map((record) => c(record.customerId)),
        trendMoney,
        periodStart: [],
        previousPeriodStart: [],
      },
    );

    // Assess
    expect(summary.trend).toEqual([
      { weekEnd: '2026-10-23', atRisk: 1, moneyAtRisk: 1_000 },
      { weekEnd: '2026-10-30', atRisk: 1, moneyAtRisk: 1_000 },
      { weekEnd: '2026-11-06', atRisk: 2, moneyAtRisk: 2_000 },
      { weekEnd: '2026-11-13', atRisk: 2, moneyAtRisk: 2_000 },
      { weekEnd: '2026-11-20', atRisk: 2, moneyAtRisk: 200_000 },
    ]);
    expect(summary.trend?.at(-2)?.atRisk).toBe(summary.atRiskLastWeek);
    expect(summary.trend?.at(-1)?.atRisk).toBe(summary.atRiskNow);
  });
});

describe('buildWeeklySummary: at risk by signal', () => {
  it('counts each customer under the one silence status its digest shows, in the fixed order', () => {
    // Prepare: one churned customer (also inactive), one overdue (also inactive), one only inactive
    const now = [
      atRisk('C1', [inactive, churned]),
      atRisk('C2', [inactive, overdue]),
      atRisk('C3', [inactive]),
    ];

    // Act
    const summary = summaryOf(
      now.map((e) => alert(e, { from: '2026-11-01' })),
      now,
    );
    const [message = ''] = renderWeeklyWecom(summary);

    // Assess: the rows add up to the three customers; the data keeps every finding
    expect(summary.atRiskBySignal).toEqual({ churned: 1, cycle_overdue: 1, inactive: 1 });
    expect(Object.keys(summary.atRiskBySignal)).toEqual(['churned', 'cycle_overdue', 'inactive']);
    expect(message).toContain('### 有风险客户 · 按信号\n- 已流失：1\n- 订货周期异常：1\n- 即将流失：1\n');
    expect(now[0]?.findings.map((finding) => finding.rule)).toEqual(['inactive', 'churned']);
  });
});

describe('buildWeeklySummary: what the reps did with the warnings', () => {
  const c = (id: string, repId = 'R01') => ({ ...atRisk(id, [inactive]), repId, name: `店 ${id}` });
  const answer = (
    customerId: string,
    episode: string,
    action: FollowUpAction,
    day: string,
    reason?: string,
  ) => ({
    customerId,
    episode,
    action,
    reason: reason ?? null,
    repId: 'R01',
    answeredAt: `${day}T03:00:00.000Z`,
    day,
  });
  const reps = [...REPS, { repId: 'R02', role: 'rep', managerId: 'M01', name: '李四' } as const];
  const build = (
    input: { answers?: FollowUpAnswer[] | null; visits?: { customerId: string; day: number }[] },
    config = DEFAULT_CONFIG,
  ) => {
    // The week is 2026-11-14…20. R01 was warned of C1 (answered with a call the next day), C2 (judged not a
    // real risk), C3 (visited, no answer) and C4 (nothing); R02 of C5 on the last day; C6 is R01's warning of
    // October, still open and never answered.
    const evaluations = [c('C1'), c('C2'), c('C3'), c('C4'), c('C5', 'R02'), c('C6')];
    const from = ['2026-11-14', '2026-11-15', '2026-11-15', '2026-11-16', '2026-11-20', '2026-10-20'];
    const alerts = evaluations.map((e, i) => alert(e, { from: from[i] as string }));
    return buildWeeklySummary(
      {
        manager: MANAGER,
        reps,
        profiles: [],
        customers: new Map(),
        alerts,
        visits: (input.visits ?? []).map((visit) => ({ ...visit, repId: 'R01' })),
        // null: the digests carried no answer links (this process has no link settings).
        ...(input.answers === null ? {} : { answers: input.answers ?? [] }),
        asOf: AS_OF,
        config,
      },
      { now: evaluations, periodStart: [], previousPeriodStart: [] },
    );
  };

  it('counts per rep and for the team the warnings sent, followed up, not followed up and not real', () => {
    // Act
    const summary = build({
      answers: [
        answer('C1', '2026-11-14', 'called', '2026-11-15'),
        answer('C2', '2026-11-15', 'not_real', '2026-11-15', 'seasonal'),
      ],
      visits: [{ customerId: 'C3', day: parseIsoDay('2026-11-16') as number }],
    });
    // Assess
    const row = (repId: string) => summary.reps.find((r) => r.repId === repId);
    expect(row('R01')?.followUp).toEqual({
      warned: 4,
      followedUp: 2,
      notReal: 1,
      closed: 0,
      waiting: 0,
      notFollowedUp: 1,
      reasons: [{ reason: 'seasonal', count: 1 }],
    });
    expect(row('R02')?.followUp).toMatchObject({ warned: 1, waiting: 1 });
    // As many warnings as the digests tagged New this week.
    expect(row('R01')?.followUp?.warned).toBe(row('R01')?.newThisWeek);
    expect(summary.followUp?.team).toMatchObject({ warned: 5, followedUp: 2, notFollowedUp: 1, notReal: 1 });
    // C6 (October) and C4 went unanswered, oldest first; C5 still has time.
    expect(summary.followUp?.unanswered.map((w) => [w.customerId, w.repName, w.daysSinceWarned])).toEqual([
      ['C6', '张三', 31],
      ['C4', '张三', 4],
    ]);
  });

  it('changes when a rep answers: the warning moves from not followed up to followed up', () => {
    const before = build({});
    const after = build({ answers: [answer('C4', '2026-11-16', 'visited', '2026-11-17')] });
    const r01 = (summary: typeof before) => summary.reps.find((r) => r.repId === 'R01')?.followUp;
    expect(r01(before)).toMatchObject({ followedUp: 0, notFollowedUp: 4 });
    expect(r01(after)).toMatchObject({ followedUp: 1, notFollowedUp: 3 });
    expect(after.followUp?.unanswered.map((w) => w.customerId)).toEqual(['C6', 'C1', 'C2', 'C3']);
  });

  it('has no follow-up part when the admin turned follow-up off, or the digests carried no links', () => {
    const off = build({}, { ...DEFAULT_CONFIG, followUp: { ...DEFAULT_CONFIG.followUp, enabled: false } });
    const noLinks = build({ answers: null });
    for (const summary of [off, noLinks]) {
      expect(summary.followUp).toBeUndefined();
      expect(summary.reps.every((r) => r.followUp === undefined)).toBe(true);
    }
  });
});
