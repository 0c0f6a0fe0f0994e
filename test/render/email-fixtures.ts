import type { Tier } from '../../functions/core/config.ts';
import type { ActivityReport } from '../../functions/core/activity.ts';
import type { Locale } from '../../functions/core/locale.ts';
import { compareForDigest } from '../../functions/use-cases/notify/build-digest.ts';
import type { DigestCustomer, RecoveredCustomer, RepDigest } from '../../functions/render/digest-model.ts';
import type { TierChurn, WeeklySummary, WeeklyTrendPoint } from '../../functions/render/weekly-model.ts';
import { sampleRecovery, sampleVerdict, stats } from './fixtures.ts';

/** A name a hostile or careless ERP export could carry: markup, an entity and both quotes. */
export const HOSTILE_NAME = `<script>alert(1)</script>&"'`;

/** The text a reader sees in the HTML part: tags dropped, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

export function digestCustomer(overrides: Partial<DigestCustomer> = {}): DigestCustomer {
  return {
    customerId: 'C001',
    name: '华联超市（人民路店）',
    tier: 'vip',
    lastPeriodSales: 123_450,
    periodDays: 30,
    lastOrderDate: '2026-10-01',
    daysSinceLastOrder: 50,
    lastVisitDate: '2026-11-01',
    daysSinceLastVisit: 19,
    lastCouponDate: '2026-09-15',
    findings: [
      {
        rule: 'sales_drop',
        severity: 0.8,
        windowDays: 30,
        previousSales: 560_000,
        currentSales: 123_450,
        changePct: -78,
        thresholdPct: -40,
      },
      {
        rule: 'cycle_overdue',
        severity: 0.6,
        daysSinceLastOrder: 50,
        cycleDays: 14,
        daysLate: 36,
        thresholdCycles: 2,
        lastOrderDate: '2026-10-01',
      },
    ],
    moneyAtRisk: 4_800_000,
    risk: 0.72,
    learned: sampleVerdict({
      reasons: [
        { kind: 'silence', daysSinceLastOrder: 50, cycleDays: 14 },
        { kind: 'lower_sales', windowDays: 90, recentSales: 410_000, previousSales: 960_000 },
      ],
    }),
    firstSeenDate: '2026-11-20',
    daysAtRisk: 0,
    isNew: true,
    escalated: false,
    newRules: [],
    ...overrides,
  };
}

export function recoveredCustomer(overrides: Partial<RecoveredCustomer> = {}): RecoveredCustomer {
  return {
    customerId: 'C009',
    name: '好又多便利店',
    tier: 'general',
    lastOrderDate: '2026-11-19',
    daysAtRisk: 23,
    firstSeenDate: '2026-10-27',
    ...overrides,
  };
}

/** Two new, one still at risk (escalated, so listed first), one recovered, two more left out. */
export function sampleRepDigest(locale: Locale = 'zh-CN', overrides: Partial<RepDigest> = {}): RepDigest {
  return {
    recipient: { repId: 'R01', name: '张三', locale },
    day: '2026-11-20',
    // In the order the digest builder gives them (escalated, VIP, then expected loss).
    atRisk: [
      digestCustomer(),
      digestCustomer({
        customerId: 'C002',
        name: null,
        tier: 'general',
        lastVisitDate: null,
        daysSinceLastVisit: null,
        lastCouponDate: null,
        moneyAtRisk: 900_000,
        risk: 0.31,
        // Below the line but still followed, and nothing stands out: the strongest finding leads.
        learned: sampleVerdict({ risk: 0.31, held: true, reasons: [] }),
        findings: [
          {
            rule: 'sku_breadth_drop',
            severity: 0.5,
            windowDays: 60,
            previousSkus: 12,
            currentSkus: 5,
            changePct: -58.3,
            thresholdPct: -40,
            droppedSkus: ['可口可乐 500ml', '<b>康师傅</b> & 统一'],
          },
          {
            rule: 'visit_overdue',
            severity: 0.3,
            lastVisitDate: null,
            daysSinceLastVisit: null,
            cadenceDays: 14,
          },
        ],
      }),
      digestCustomer({
        customerId: 'C003',
        name: '永辉超市',
        tier: 'important',
        moneyAtRisk: 600_000,
        firstSeenDate: '2026-11-06',
        daysAtRisk: 14,
        isNew: false,
        escalated: true,
        newRules: ['churned'],
        findings: [
          {
            rule: 'churned',
            severity: 0.9,
            daysSinceLastOrder: 75,
            cycleDays: 15,
            cyclesMissed: 5,
            thresholdCycles: 4,
            lastOrderDate: '2026-09-06',
          },
        ],
        lastOrderDate: '2026-09-06',
        daysSinceLastOrder: 75,
        risk: 0.996,
        learned: sampleVerdict({
          risk: 0.996,
          reasons: [{ kind: 'fewer_purchase_days', windowDays: 90, recentDays: 0, previousDays: 0 }],
        }),
      }),
    ].sort(compareForDigest),
    recovered: [recoveredCustomer()],
    totalAtRisk: 5,
    omitted: 2,
    configVersion: 7,
    ...overrides,
  };
}

const churn = (base: number, churned: number): TierChurn => ({
  base,
  churned,
  rate: base === 0 ? null : churned / base,
});

const byTier = <T>(values: Record<Tier, T>): Record<Tier, T> => values;

export function sampleActivity(): ActivityReport {
  const months = [
    ['2026-05', 180, 9_800],
    ['2026-06', 176, 10_100],
    ['2026-07', 171, 10_400],
    ['2026-08', 168, 9_900],
    ['2026-09', 160, 9_700],
    ['2026-10', 152, 9_500],
    ['2026-11', 120, 9_300],
  ] as const;
  const list = months.map(([month, activeCustomers, aov], i) => ({
    month,
    activeCustomers,
    orders: activeCustomers * 3,
    sales: activeCustomers * 3 * aov,
    averageOrderValue: aov,
    complete: i < months.length - 1,
  }));
  return {
    months: list,
    latest: list[list.length - 2] ?? null,
    baseline: { months: 3, activeCustomers: 166.3, averageOrderValue: 9_700 },
    activeCustomersChangePct: -8.6,
    averageOrderValueChangePct: -2.1,
  };
}

/**
 * Eight weeks ending on the fixtures' week (2026-11-20), oldest first: 20 at risk at the end of last week and
 * 24 now, as sampleWeekly says, and ¥84,000 at risk now (its reps' sum).
 */
export function sampleTrend(): WeeklyTrendPoint[] {
  const weeks = [
    ['2026-10-02', 15, 5_200_000],
    ['2026-10-09', 17, 5_900_000],
    ['2026-10-16', 16, 5_600_000],
    ['2026-10-23', 19, 6_400_000],
    ['2026-10-30', 21, 7_100_000],
    ['2026-11-06', 20, 6_900_000],
    ['2026-11-13', 20, 7_000_000],
    ['2026-11-20', 24, 8_400_000],
  ] as const;
  return weeks.map(([weekEnd, atRisk, moneyAtRisk]) => ({ weekEnd, atRisk, moneyAtRisk }));
}

export function sampleWeekly(
  locale: Locale = 'zh-CN',
  overrides: Partial<WeeklySummary> = {},
): WeeklySummary {
  const byId = (id: string) => sampleRepDigest(locale).atRisk.find((customer) => customer.customerId === id);
  return {
    recipient: { repId: 'M01', name: '王经理', locale },
    teamName: '华东一区',
    weekStart: '2026-11-14',
    weekEnd: '2026-11-20',
    atRiskByTier: byTier({ vip: 3, important: 7, general: 12, dormant: 2 }),
    atRiskBySignal: { sales_drop: 9, cycle_overdue: 11, visit_overdue: 6, churned: 2 },
    atRiskLastWeek: 20,
    atRiskNow: 24,
    newThisWeek: 7,
    recoveredThisWeek: 3,
    recovery: sampleRecovery(),
    churnPeriodDays: 30,
    churnThisPeriod: byTier({
      vip: churn(20, 1),
      important: churn(60, 4),
      general: churn(200, 18),
      dormant: churn(0, 0),
    }),
    churnPreviousPeriod: byTier({
      vip: churn(21, 0),
      important: churn(58, 3),
      general: churn(205, 12),
      dormant: churn(0, 0),
    }),
    activity: sampleActivity(),
    reps: [
      {
        repId: 'R01',
        name: '张三',
        atRisk: 14,
        newThisWeek: 4,
        recoveredThisWeek: 1,
        visitsLogged: 9,
        recovery: stats(8, 3),
        moneyAtRisk: 6_300_000,
      },
      {
        repId: 'R02',
        name: HOSTILE_NAME,
        atRisk: 10,
        newThisWeek: 3,
        recoveredThisWeek: 2,
        visitsLogged: 0,
        recovery: stats(0, 0),
        moneyAtRisk: 2_100_000,
      },
    ],
    largestAtRisk: [
      { ...(byId('C001') as DigestCustomer), repId: 'R01', repName: '张三' },
      { ...(byId('C003') as DigestCustomer), repId: 'R02', repName: HOSTILE_NAME },
      {
        ...digestCustomer({ customerId: 'C777', name: HOSTILE_NAME, moneyAtRisk: 100_000 }),
        repId: null,
        repName: null,
      },
    ],
    escalationsThisWeek: 2,
    configVersion: 7,
    trend: sampleTrend(),
    ...overrides,
  };
}
