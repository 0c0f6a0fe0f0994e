import { describe, expect, it } from 'vitest';
import { type AlertRecord, type AlertSettings, stepAlert } from '../../functions/core/alerts.ts';
import type { CustomerEvaluation } from '../../functions/core/evaluate.ts';
import type { Finding } from '../../functions/core/findings.ts';
import { warningLogChanges } from '../../functions/core/warning-log.ts';
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

function evaluation(overrides: Partial<CustomerEvaluation> = {}): CustomerEvaluation {
  const findings = overrides.findings ?? [inactive];
  const atRisk = findings.length > 0;
  return {
    customerId: 'C001',
    name: '张记便利店',
    repId: 'R01',
    tier: 'important',
    status: atRisk ? 'at_risk' : 'active',
    atRisk,
    risk: 0.62,
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
    lastVisitDate: null,
    daysSinceLastVisit: null,
    lastCouponDate: null,
    ...overrides,
  } as CustomerEvaluation;
}

const recovered = () => evaluation({ findings: [], lastOrderDate: '2026-11-21', daysSinceLastOrder: 0 });

/** The record a day writes over `stored` (the evaluator's own step). */
function step(stored: AlertRecord | null, e: CustomerEvaluation, date: string): AlertRecord {
  const result = stepAlert(stored, e, day(date), settings, 30);
  if (result.kind !== 'write') throw new Error(`expected a write on ${date}, got ${result.kind}`);
  return result.record;
}

describe('warningLogChanges', () => {
  it('starts an entry on the first day of an episode, with the tier, risk and rules the rep was told', () => {
    // Act
    const changes = warningLogChanges(null, step(null, evaluation(), '2026-11-20'));
    // Assess
    expect(changes).toEqual([
      {
        kind: 'start',
        entry: {
          customerId: 'C001',
          episode: '2026-11-20',
          warnedDay: '2026-11-20',
          repId: 'R01',
          tier: 'important',
          risk: 0.62,
          rules: ['inactive'],
          endedDate: null,
          endedReason: null,
        },
      },
    ]);
  });

  it('logs nothing for a reminder or an escalation within the episode', () => {
    // Prepare
    const first = step(null, evaluation(), '2026-11-20');
    // Act: a week later the rep is reminded (a write, but no new episode)
    const reminder = step(first, evaluation(), '2026-11-27');
    // Assess
    expect(warningLogChanges(first, reminder)).toEqual([]);
  });

  it('completes the entry when the episode ends, with the day and how', () => {
    // Prepare
    const first = step(null, evaluation(), '2026-11-20');
    // Act
    const end = step(first, recovered(), '2026-11-21');
    // Assess
    expect(warningLogChanges(first, end)).toEqual([
      {
        kind: 'end',
        customerId: 'C001',
        episode: '2026-11-20',
        endedDate: '2026-11-21',
        endedReason: 'recovered',
      },
    ]);
  });

  it('takes back a start the same day no longer makes (an order imported late, the day run again)', () => {
    // Prepare
    const first = step(null, evaluation(), '2026-11-20');
    // Act
    const again = step(first, evaluation({ findings: [] }), '2026-11-20');
    // Assess
    expect(warningLogChanges(first, again)).toEqual([
      { kind: 'drop', customerId: 'C001', episode: '2026-11-20' },
    ]);
  });

  it('reopens an end the same day run again no longer makes', () => {
    // Prepare
    const first = step(null, evaluation(), '2026-11-20');
    const ended = step(first, recovered(), '2026-11-21');
    // Act: the order that ended it is cancelled, and the day is evaluated again
    const again = step(ended, evaluation({ risk: 0.7 }), '2026-11-21');
    // Assess
    expect(warningLogChanges(ended, again)).toEqual([
      { kind: 'reopen', customerId: 'C001', episode: '2026-11-20' },
    ]);
  });

  it('writes the start again, not a drop, when the same day starts the same episode with new facts', () => {
    // Prepare
    const first = step(null, evaluation(), '2026-11-20');
    // Act
    const again = step(first, evaluation({ risk: 0.8 }), '2026-11-20');
    // Assess
    const changes = warningLogChanges(first, again);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'start', entry: { risk: 0.8 } });
  });

  it('does not log a warning nobody could act on: a customer with no rep', () => {
    // Act
    const changes = warningLogChanges(null, step(null, evaluation({ repId: null }), '2026-11-20'));
    // Assess
    expect(changes).toEqual([]);
  });
});
