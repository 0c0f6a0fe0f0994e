import { describe, expect, it } from 'vitest';
import {
  type AlertRecord,
  type AlertSettings,
  advanceAlert,
  closeCustomer,
  QUIET_DAY,
  snoozeAlert,
  stepAlert,
} from '../../functions/core/alerts.ts';
import type { Tier } from '../../functions/core/config.ts';
import type { CustomerEvaluation } from '../../functions/core/evaluate.ts';
import type { Finding } from '../../functions/core/findings.ts';
import { day } from './helpers.ts';

const settings: AlertSettings = {
  digest: { repeatIntervalDays: 7, allClear: false, maxCustomers: 30 },
  escalation: { days: 7, tiers: ['vip', 'important'] },
};

const inactive: Finding = {
  rule: 'inactive',
  severity: 0.4,
  daysSinceLastOrder: 40,
  thresholdDays: 30,
  lastOrderDate: '2026-10-01',
};
const salesDrop: Finding = {
  rule: 'sales_drop',
  severity: 0.7,
  windowDays: 30,
  previousSales: 500_000,
  currentSales: 100_000,
  changePct: -80,
  thresholdPct: 50,
};
const visitOverdue: Finding = {
  rule: 'visit_overdue',
  severity: 0.2,
  cadenceDays: 14,
  daysSinceLastVisit: 40,
  lastVisitDate: '2026-10-01',
};

function evaluation(overrides: Partial<CustomerEvaluation> = {}): CustomerEvaluation {
  const findings = overrides.findings ?? [inactive];
  const atRisk = findings.some((f) => f.rule !== 'visit_overdue');
  return {
    customerId: 'C001',
    name: '张记便利店',
    repId: 'R01',
    tier: 'important' as Tier,
    status: atRisk ? 'at_risk' : 'active',
    atRisk,
    risk: 0.5,
    moneyAtRisk: 1_000_000,
    findings,
    flaggedBy: [],
    lastOrderDate: '2026-10-01',
    daysSinceLastOrder: 40,
    firstOrderDate: '2025-01-01',
    cycleDays: 14,
    cycleSource: 'own',
    trailingSales: 2_000_000,
    lastPeriodSales: 0,
    previousPeriodSales: 300_000,
    lastVisitDate: '2026-10-01',
    daysSinceLastVisit: 40,
    lastCouponDate: null,
    ...overrides,
  } as CustomerEvaluation;
}

/**
 * Runs a sequence of days through the stored-record step, as the evaluator does. `record` is what is stored
 * after the day; `outcome` is the day's (a quiet day leaves the stored record, and its older outcome, alone).
 */
function runDays(days: [string, CustomerEvaluation][], start: AlertRecord | null = null) {
  let stored = start;
  return days.map(([date, e]) => {
    const step = stepAlert(stored, e, day(date), settings, 30);
    if (step.kind === 'write') stored = step.record;
    const outcome = stored?.day === date ? stored.outcome : QUIET_DAY;
    return { ...step, record: { ...(stored as AlertRecord), outcome } };
  });
}

describe('alert lifecycle', () => {
  it('needs no record for a customer who was never at risk', () => {
    // Act
    const step = stepAlert(null, evaluation({ findings: [] }), day('2026-11-10'), settings, 30);
    // Assess
    expect(step).toEqual({ kind: 'unchanged', record: null });
  });

  it('tells the rep on the first day a customer is at risk', () => {
    // Act
    const { state, outcome } = advanceAlert(null, evaluation(), day('2026-11-10'), settings, 30);
    // Assess
    expect(outcome.section).toBe('new');
    expect(state).toMatchObject({ open: true, firstSeenDate: '2026-11-10', lastNotifiedDate: '2026-11-10' });
    expect(state?.facts.name).toBe('张记便利店');
  });

  it('writes nothing and says the same when the same day is evaluated again', () => {
    // Prepare
    const [first] = runDays([['2026-11-10', evaluation()]]);
    // Act
    const again = stepAlert(first?.record ?? null, evaluation(), day('2026-11-10'), settings, 30);
    // Assess
    expect(again.kind).toBe('unchanged');
    expect(again.record?.outcome.section).toBe('new');
  });

  it('repeats a customer who stays at risk only every repeatIntervalDays', () => {
    // Act
    const steps = runDays(
      ['2026-11-10', '2026-11-11', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-24'].map((d, i) => [
        d,
        evaluation({ daysSinceLastOrder: 40 + i }),
      ]),
    );
    // Assess
    expect(steps.map((s) => s.record?.outcome.section ?? null)).toEqual([
      'new',
      null,
      null,
      'still_at_risk',
      null,
      'still_at_risk',
    ]);
    // Quiet days write nothing, even though the day's facts (days since the last order) moved on
    expect(steps.map((s) => s.kind)).toEqual([
      'write',
      'unchanged',
      'unchanged',
      'write',
      'unchanged',
      'write',
    ]);
  });

  it('escalates at once when a new buying signal fires, naming it, but not for a late visit', () => {
    // Act
    const steps = runDays([
      ['2026-11-10', evaluation()],
      ['2026-11-11', evaluation({ findings: [inactive, visitOverdue] })],
      ['2026-11-12', evaluation({ findings: [inactive, visitOverdue, salesDrop] })],
      ['2026-11-13', evaluation({ findings: [inactive, visitOverdue, salesDrop] })],
    ]);
    // Assess
    expect(steps[1]?.record?.outcome).toMatchObject({ section: null, escalated: false });
    expect(steps[2]?.record?.outcome).toMatchObject({
      section: 'still_at_risk',
      escalated: true,
      newRules: ['sales_drop'],
    });
    expect(steps[3]?.record?.outcome.section).toBeNull();
  });

  it('does not escalate again for a signal that flickers off and back on within the episode', () => {
    // Act
    const steps = runDays([
      ['2026-11-10', evaluation({ findings: [inactive, salesDrop] })],
      ['2026-11-17', evaluation()],
      ['2026-11-18', evaluation({ findings: [inactive, salesDrop] })],
    ]);
    // Assess
    expect(steps.map((s) => s.record?.outcome.escalated)).toEqual([false, false, false]);
  });

  it('escalates when the customer moves to a higher tier', () => {
    // Act
    const steps = runDays([
      ['2026-11-10', evaluation({ tier: 'general' })],
      ['2026-11-11', evaluation({ tier: 'vip' })],
    ]);
    // Assess
    expect(steps[1]?.record?.outcome).toMatchObject({ section: 'still_at_risk', escalated: true });
  });

  it('holds reminders back while snoozed but lets an escalation through', () => {
    // Prepare
    const [first] = runDays([['2026-11-10', evaluation()]]);
    const snoozed = snoozeAlert(first?.record as AlertRecord, '2026-12-01');
    // Act
    const steps = runDays(
      [
        ['2026-11-17', evaluation()],
        ['2026-11-20', evaluation({ findings: [inactive, salesDrop] })],
      ],
      snoozed,
    );
    // Assess
    expect(steps[0]?.record?.outcome.section).toBeNull();
    expect(steps[1]?.record?.outcome).toMatchObject({ section: 'still_at_risk', escalated: true });
    expect(steps[1]?.record?.snoozeUntil).toBe('2026-12-01');
  });

  it('keeps a snooze set on the day of the warning when that day is evaluated again', () => {
    // Prepare
    const [first] = runDays([['2026-11-10', evaluation()]]);
    const snoozed = snoozeAlert(first?.record as AlertRecord, '2026-12-01');
    // Act
    const steps = runDays(
      [
        ['2026-11-10', evaluation()],
        ['2026-11-17', evaluation()],
        ['2026-12-01', evaluation()],
      ],
      snoozed,
    );
    // Assess
    expect(steps.map((s) => s.record?.outcome.section ?? null)).toEqual(['new', null, 'still_at_risk']);
  });

  it('lifts a cleared snooze at once, and ends a snooze with the episode', () => {
    // Prepare
    const [first] = runDays([['2026-11-01', evaluation()]]);
    const snoozed = snoozeAlert(first?.record as AlertRecord, '2026-12-20');
    const [held] = runDays([['2026-11-08', evaluation()]], snoozed);
    // Act
    const cleared = runDays([['2026-11-09', evaluation()]], snoozeAlert(held?.record as AlertRecord, null));
    const afterRecovery = runDays(
      [
        ['2026-11-10', evaluation({ findings: [], lastOrderDate: '2026-11-10' })],
        ['2026-11-20', evaluation({ lastOrderDate: '2026-11-10' })],
        ['2026-11-27', evaluation({ lastOrderDate: '2026-11-10' })],
      ],
      snoozed,
    );
    // Assess
    expect(held?.record?.outcome.section).toBeNull();
    expect(cleared[0]?.record?.outcome.section).toBe('still_at_risk');
    expect(afterRecovery.map((s) => s.record?.outcome.section ?? null)).toEqual([
      'recovered',
      'new',
      'still_at_risk',
    ]);
  });

  it('reports a recovery once when the customer orders again, then stays quiet', () => {
    // Act
    const recovered = evaluation({ findings: [], lastOrderDate: '2026-11-12', daysSinceLastOrder: 0 });
    const steps = runDays([
      ['2026-11-10', evaluation()],
      ['2026-11-12', recovered],
      ['2026-11-13', { ...recovered, daysSinceLastOrder: 1 }],
    ]);
    // Assess
    expect(steps[1]?.record?.outcome.section).toBe('recovered');
    expect(steps[1]?.record?.state).toMatchObject({ open: false, endedReason: 'recovered' });
    expect(steps[2]?.kind).toBe('unchanged');
  });

  it('closes an episode without a word when the signals lapse with no order, or the customer is lost', () => {
    // Act
    const cleared = runDays([
      ['2026-11-10', evaluation()],
      ['2026-11-11', evaluation({ findings: [] })],
    ]);
    const lost = runDays([
      ['2026-11-10', evaluation()],
      ['2026-11-11', evaluation({ findings: [], status: 'lost', atRisk: false })],
    ]);
    // Assess
    expect(cleared[1]?.record?.state?.endedReason).toBe('cleared');
    expect(cleared[1]?.record?.outcome.section).toBeNull();
    expect(lost[1]?.record?.state?.endedReason).toBe('lost');
    expect(lost[1]?.record?.outcome.section).toBeNull();
  });

  it('starts a new episode when a recovered customer slips again', () => {
    // Act
    const steps = runDays([
      ['2026-11-01', evaluation()],
      ['2026-11-05', evaluation({ findings: [], lastOrderDate: '2026-11-05' })],
      ['2026-11-20', evaluation({ lastOrderDate: '2026-11-05' })],
    ]);
    // Assess
    expect(steps[2]?.record?.outcome.section).toBe('new');
    expect(steps[2]?.record?.state?.firstSeenDate).toBe('2026-11-20');
    // The recovery is kept on the new episode, for the weekly recovery rate.
    expect(steps[2]?.record?.state?.previousEpisode).toMatchObject({
      firstSeenDate: '2026-11-01',
      endedDate: '2026-11-05',
      endedReason: 'recovered',
    });
    expect(steps[0]?.record?.state?.previousEpisode).toBeNull();
  });

  it('tells the manager once about an important customer at risk for escalation.days with no visit', () => {
    // Act
    const days = ['2026-11-10', '2026-11-16', '2026-11-17', '2026-11-18'];
    const steps = runDays(days.map((d) => [d, evaluation({ lastVisitDate: '2026-10-01' })]));
    // Assess
    expect(steps.map((s) => s.record?.outcome.escalateToManager)).toEqual([false, false, true, false]);
    expect(steps[2]?.record?.state?.managerEscalatedDate).toBe('2026-11-17');
  });

  it('does not tell the manager when the rep visited after the warning, or for a general customer', () => {
    // Act
    const visited = runDays([
      ['2026-11-10', evaluation()],
      ['2026-11-17', evaluation({ lastVisitDate: '2026-11-12' })],
    ]);
    const general = runDays([
      ['2026-11-10', evaluation({ tier: 'general' })],
      ['2026-11-17', evaluation({ tier: 'general' })],
    ]);
    // Assess
    expect(visited[1]?.record?.outcome.escalateToManager).toBe(false);
    expect(general[1]?.record?.outcome.escalateToManager).toBe(false);
  });

  it('does not tell the manager about a warning the rep paused as not a real risk, until the pause ends', () => {
    // Prepare: warned on the 10th; the rep answered "not a real risk" on the 11th, pausing it to the 20th
    const [first] = runDays([['2026-11-10', evaluation({ lastVisitDate: '2026-10-01' })]]);
    const paused = snoozeAlert(first?.record as AlertRecord, '2026-11-20');
    // Act
    const steps = runDays(
      ['2026-11-17', '2026-11-19', '2026-11-20'].map((d) => [d, evaluation({ lastVisitDate: '2026-10-01' })]),
      paused,
    );
    // Assess
    expect(steps.map((s) => s.record?.outcome.escalateToManager)).toEqual([false, false, true]);
  });

  it('leaves a record alone that was already evaluated for a later day', () => {
    // Prepare
    const [first] = runDays([['2026-11-10', evaluation()]]);
    // Act
    const step = stepAlert(first?.record ?? null, evaluation(), day('2026-11-01'), settings, 30);
    // Assess
    expect(step.kind).toBe('later-day-kept');
  });

  it('re-evaluating a day after a late order arrived gives the recovery, not a stale reminder', () => {
    // Prepare: reminded on the 17th, then the 17th's order is imported late and the day is re-run
    const steps = runDays([
      ['2026-11-10', evaluation()],
      ['2026-11-17', evaluation()],
    ]);
    // Act
    const rerun = stepAlert(
      steps[1]?.record ?? null,
      evaluation({ findings: [], lastOrderDate: '2026-11-17' }),
      day('2026-11-17'),
      settings,
      30,
    );
    // Assess
    expect(rerun.kind).toBe('write');
    expect(rerun.record?.outcome.section).toBe('recovered');
    expect(rerun.record?.before?.firstSeenDate).toBe('2026-11-10');
  });
});

describe('a shop the rep says has closed', () => {
  const mark = { day: '2026-11-12', repId: 'R01' };

  it('ends the open episode as lost on the next evaluated day, without a word to anyone', () => {
    // Prepare
    const [first] = runDays([['2026-11-10', evaluation()]]);
    const closed = closeCustomer(first?.record as AlertRecord, mark);
    // Act
    const steps = runDays(
      [
        ['2026-11-12', evaluation()],
        ['2026-11-13', evaluation()],
        ['2026-11-17', evaluation({ findings: [inactive, salesDrop], lastVisitDate: '2026-10-01' })],
      ],
      closed,
    );
    // Assess: the day of the answer is as before (its digest went out); the next day ends the episode
    expect(steps[0]?.record?.state?.open).toBe(true);
    expect(steps[1]?.kind).toBe('write');
    expect(steps[1]?.record?.state).toMatchObject({
      open: false,
      endedDate: '2026-11-13',
      endedReason: 'lost',
    });
    expect(steps[1]?.record?.outcome).toEqual(QUIET_DAY);
    // No new episode, no escalation to the rep or the manager, however the signals look
    expect(steps[2]?.kind).toBe('unchanged');
    expect(steps[2]?.record?.outcome).toEqual(QUIET_DAY);
    expect(steps[2]?.record?.closed).toEqual(mark);
  });

  it('starts no new episode while the shop stays closed, even long after its episode ended', () => {
    // Prepare: the episode cleared, then the rep said the shop closed
    const steps = runDays([
      ['2026-11-01', evaluation()],
      ['2026-11-05', evaluation({ findings: [] })],
    ]);
    const closed = closeCustomer(steps[1]?.record as AlertRecord, { day: '2026-11-06', repId: 'R02' });
    // Act
    const later = runDays([['2026-12-20', evaluation()]], closed);
    // Assess
    expect(later[0]?.record?.state).toMatchObject({ open: false, firstSeenDate: '2026-11-01' });
    expect(later[0]?.record?.outcome).toEqual(QUIET_DAY);
    expect(later[0]?.record?.closed).toEqual({ day: '2026-11-06', repId: 'R02' });
  });

  it('keeps the mark for an order on the closing day, and clears it for an order after', () => {
    // Prepare
    const [first] = runDays([['2026-11-10', evaluation()]]);
    const closed = closeCustomer(first?.record as AlertRecord, mark);
    // Act
    const sameDay = runDays([['2026-11-14', evaluation({ lastOrderDate: '2026-11-12' })]], closed);
    const reopened = runDays(
      [
        ['2026-11-14', evaluation({ findings: [], lastOrderDate: '2026-11-13' })],
        ['2026-12-20', evaluation({ lastOrderDate: '2026-11-13' })],
      ],
      closed,
    );
    // Assess
    expect(sameDay[0]?.record?.closed).toEqual(mark);
    expect(sameDay[0]?.record?.state?.endedReason).toBe('lost');
    // The order after the closing day is a recovery, and the customer is watched again
    expect(reopened[0]?.kind).toBe('write');
    expect(reopened[0]?.record?.closed).toBeUndefined();
    expect(reopened[0]?.record?.state?.endedReason).toBe('recovered');
    expect(reopened[1]?.record?.outcome.section).toBe('new');
  });

  it('gives the same record when the closing day is evaluated again', () => {
    // Prepare
    const [first] = runDays([['2026-11-10', evaluation()]]);
    const [ended] = runDays(
      [['2026-11-13', evaluation()]],
      closeCustomer(first?.record as AlertRecord, mark),
    );
    // Act
    const again = stepAlert(ended?.record ?? null, evaluation(), day('2026-11-13'), settings, 30);
    // Assess
    expect(again.kind).toBe('unchanged');
  });
});
