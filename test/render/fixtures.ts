import type { Tier } from '../../functions/core/config.ts';
import type { Finding } from '../../functions/core/findings.ts';
import type { LearnedVerdict } from '../../functions/core/learned-verdict.ts';
import { compareForDigest } from '../../functions/use-cases/notify/build-digest.ts';
import type { DigestCustomer, RecoveredCustomer, RepDigest } from '../../functions/render/digest-model.ts';
import type { RecoveryStats } from '../../functions/core/recovery.ts';
import type { RepWeekRow, TierChurn, WeeklySummary } from '../../functions/render/weekly-model.ts';

/**
 * Hand-built digests and weekly summaries for the renderers' tests (WeCom and email): realistic shop names,
 * money in minor units (fen), findings of several rules worded the way the evaluator produces them. Each
 * builder takes overrides so a test states only what it is about.
 */

export const DAY = '2026-11-20';

/** Findings of the kinds a declining shop shows: sales and SKUs down, an overdue reorder, no recent visit. */
export function sampleFindings(): Finding[] {
  return [
    {
      rule: 'sales_drop',
      severity: 0.7,
      windowDays: 28,
      previousSales: 320_000,
      currentSales: 110_000,
      changePct: -65.6,
      thresholdPct: 40,
    },
    {
      rule: 'cycle_overdue',
      severity: 0.5,
      daysSinceLastOrder: 23,
      cycleDays: 7,
      daysLate: 16,
      thresholdCycles: 2,
      lastOrderDate: '2026-10-28',
    },
    {
      rule: 'sku_breadth_drop',
      severity: 0.4,
      windowDays: 28,
      previousSkus: 14,
      currentSkus: 6,
      changePct: -57.1,
      thresholdPct: 30,
      droppedSkus: ['康师傅红烧牛肉面 24袋', '农夫山泉 550ml×24', '旺仔牛奶 245ml'],
    },
    {
      rule: 'visit_overdue',
      severity: 0.3,
      lastVisitDate: '2026-10-01',
      daysSinceLastVisit: 50,
      cadenceDays: 14,
    },
  ];
}

/**
 * What the risk model (on by default) says about a customer: 72% against a line of 41%, its strongest reason
 * first. `reasons` empty when nothing stands out against the average customer.
 */
export function sampleVerdict(overrides: Partial<LearnedVerdict> = {}): LearnedVerdict {
  return {
    risk: 0.72,
    threshold: 0.41,
    ruleRisk: 0.6,
    modelAsOf: '2026-11-16',
    reasons: [
      { kind: 'silence', daysSinceLastOrder: 23, cycleDays: 7 },
      { kind: 'lower_sales', windowDays: 90, recentSales: 410_000, previousSales: 960_000 },
    ],
    ...overrides,
  };
}

/**
 * One silence seen by all three silence rules (churned, cycle_overdue, inactive), a sales drop, complaints and
 * a late visit, in no useful order: the late visit is the most severe and the churned finding comes last.
 */
export function oneSilenceFindings(): Finding[] {
  const silent = { daysSinceLastOrder: 80, lastOrderDate: '2026-09-01' };
  return [
    { rule: 'visit_overdue', severity: 0.9, lastVisitDate: null, daysSinceLastVisit: null, cadenceDays: 14 },
    { rule: 'inactive', severity: 0.8, ...silent, thresholdDays: 30 },
    {
      rule: 'complaints_rising',
      severity: 0.5,
      windowDays: 30,
      complaints: 2,
      previousComplaints: 0,
      threshold: 2,
    },
    { rule: 'cycle_overdue', severity: 0.7, ...silent, cycleDays: 20, daysLate: 60, thresholdCycles: 1.5 },
    {
      rule: 'sales_drop',
      severity: 0.6,
      windowDays: 30,
      previousSales: 500_000,
      currentSales: 100_000,
      changePct: -80,
      thresholdPct: 50,
    },
    { rule: 'churned', severity: 0.9, ...silent, cycleDays: 20, cyclesMissed: 4, thresholdCycles: 2 },
  ];
}

export function sampleDigestCustomer(overrides: Partial<DigestCustomer> = {}): DigestCustomer {
  return {
    customerId: 'C001',
    name: '张记便利店',
    tier: 'vip',
    lastPeriodSales: 110_000,
    periodDays: 28,
    lastOrderDate: '2026-10-28',
    daysSinceLastOrder: 23,
    lastVisitDate: '2026-10-01',
    daysSinceLastVisit: 50,
    lastCouponDate: '2026-09-15',
    findings: sampleFindings(),
    moneyAtRisk: 2_450_000,
    risk: 0.72,
    learned: sampleVerdict(),
    firstSeenDate: '2026-11-20',
    daysAtRisk: 1,
    isNew: true,
    escalated: false,
    newRules: [],
    ...overrides,
  };
}

export function sampleRecoveredCustomer(overrides: Partial<RecoveredCustomer> = {}): RecoveredCustomer {
  return {
    customerId: 'C017',
    name: '好又多超市（滨江店）',
    tier: 'important',
    lastOrderDate: '2026-11-19',
    daysAtRisk: 12,
    firstSeenDate: '2026-11-07',
    ...overrides,
  };
}

const SHOPS = [
  '张记便利店',
  '李家烟酒行',
  '旺旺小卖部',
  '好邻居超市',
  '老王副食店',
  '阳光生鲜',
  '佳佳乐便利',
];
const TIERS_CYCLE: Tier[] = ['vip', 'important', 'general', 'dormant'];

/**
 * `count` different at-risk customers with full findings, ids `C1xx` from `start`, most money first. Each has
 * its own last-period sales, and its sales-drop finding says the same amount (and the change from it), as
 * the evaluator's would.
 */
export function digestCustomers(count: number, start = 0): DigestCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    const lastPeriodSales = 100_000 + n * 1_234;
    const findings = sampleFindings().map((finding) =>
      finding.rule === 'sales_drop'
        ? {
            ...finding,
            currentSales: lastPeriodSales,
            changePct:
              Math.round(((lastPeriodSales - finding.previousSales) / finding.previousSales) * 1000) / 10,
          }
        : finding,
    );
    return sampleDigestCustomer({
      customerId: `C${100 + n}`,
      name: `${SHOPS[n % SHOPS.length] as string}（${n + 1} 号店）`,
      tier: TIERS_CYCLE[n % TIERS_CYCLE.length] as Tier,
      moneyAtRisk: 5_000_000 - n * 10_000,
      lastPeriodSales,
      findings,
    });
  });
}

export function sampleDigest(overrides: Partial<RepDigest> = {}): RepDigest {
  return {
    recipient: { repId: 'R01', name: '张伟', locale: 'zh-CN', wecomUserid: 'zhangwei' },
    day: DAY,
    // In the order the digest builder gives them (escalated, VIP, then expected loss).
    atRisk: [
      sampleDigestCustomer(),
      sampleDigestCustomer({
        customerId: 'C002',
        name: '李家烟酒行',
        tier: 'important',
        lastPeriodSales: 0,
        lastOrderDate: '2026-09-30',
        daysSinceLastOrder: 51,
        lastVisitDate: null,
        daysSinceLastVisit: null,
        lastCouponDate: null,
        findings: [
          {
            rule: 'churned',
            severity: 0.9,
            daysSinceLastOrder: 51,
            cycleDays: 10,
            cyclesMissed: 5.1,
            thresholdCycles: 3,
            lastOrderDate: '2026-09-30',
          },
          {
            rule: 'visit_overdue',
            severity: 0.5,
            lastVisitDate: null,
            daysSinceLastVisit: null,
            cadenceDays: 14,
          },
        ],
        moneyAtRisk: 1_800_000,
        risk: 0.83,
        learned: sampleVerdict({
          risk: 0.83,
          reasons: [{ kind: 'silence', daysSinceLastOrder: 51, cycleDays: 10 }],
        }),
      }),
      sampleDigestCustomer({
        customerId: 'C003',
        name: '旺旺小卖部',
        tier: 'general',
        lastPeriodSales: 45_600,
        firstSeenDate: '2026-11-06',
        daysAtRisk: 14,
        isNew: false,
        escalated: true,
        newRules: ['complaints_rising'],
        findings: [
          {
            rule: 'complaints_rising',
            severity: 0.6,
            windowDays: 30,
            complaints: 3,
            previousComplaints: 0,
            threshold: 2,
          },
          {
            rule: 'order_count_drop',
            severity: 0.4,
            windowDays: 28,
            previousOrders: 8,
            currentOrders: 3,
            changePct: -62.5,
            thresholdPct: 40,
          },
          {
            rule: 'sustained_decline',
            severity: 0.3,
            months: [
              { month: '2026-07', sales: 420_000 },
              { month: '2026-08', sales: 380_000 },
              { month: '2026-09', sales: 300_000 },
              { month: '2026-10', sales: 210_000 },
            ],
            monthsDeclining: 3,
            changePct: -50,
          },
        ],
        moneyAtRisk: 900_000,
        risk: 0.55,
        // Nothing stands out to the model: the strongest finding leads instead.
        learned: sampleVerdict({ risk: 0.55, reasons: [] }),
      }),
    ].sort(compareForDigest),
    recovered: [sampleRecoveredCustomer()],
    totalAtRisk: 3,
    omitted: 0,
    configVersion: 7,
    ...overrides,
  };
}

const churn = (base: number, churned: number): TierChurn => ({
  base,
  churned,
  rate: base === 0 ? null : churned / base,
});

export function sampleRepRow(overrides: Partial<RepWeekRow> = {}): RepWeekRow {
  return {
    repId: 'R01',
    name: '张伟',
    atRisk: 12,
    newThisWeek: 3,
    recoveredThisWeek: 2,
    visitsLogged: 18,
    recovery: stats(10, 4),
    moneyAtRisk: 8_765_400,
    ...overrides,
  };
}

/** Recovery of `episodes` warnings of which `recovered` ordered again in time. */
export const stats = (episodes: number, recovered: number): RecoveryStats => ({
  episodes,
  recovered,
  rate: episodes === 0 ? null : recovered / episodes,
});

/** A team's recovery: 40% overall, split by tier, and better since the change to version 7. */
export function sampleRecovery(): WeeklySummary['recovery'] {
  return {
    window: { from: '2026-09-22', to: '2026-10-21', withinDays: 30 },
    team: stats(25, 10),
    byTier: { vip: stats(3, 2), important: stats(7, 3), general: stats(15, 5), dormant: stats(0, 0) },
    aroundChange: {
      version: 7,
      changedOn: '2026-09-01',
      before: stats(20, 5),
      after: stats(18, 8),
      beforeWindow: { from: '2026-08-02', to: '2026-08-31', withinDays: 30 },
      afterWindow: { from: '2026-09-01', to: '2026-09-30', withinDays: 30 },
    },
  };
}

export function sampleWeeklySummary(overrides: Partial<WeeklySummary> = {}): WeeklySummary {
  return {
    recipient: { repId: 'M01', name: '王经理', locale: 'zh-CN', wecomUserid: 'wangjl' },
    teamName: '华东一组',
    weekStart: '2026-11-14',
    weekEnd: DAY,
    atRiskByTier: { vip: 3, important: 9, general: 17, dormant: 4 },
    atRiskBySignal: { sales_drop: 14, cycle_overdue: 11, visit_overdue: 20, complaints_rising: 2 },
    atRiskLastWeek: 29,
    atRiskNow: 33,
    newThisWeek: 8,
    recoveredThisWeek: 4,
    recovery: sampleRecovery(),
    churnPeriodDays: 30,
    churnThisPeriod: {
      vip: churn(40, 1),
      important: churn(120, 5),
      general: churn(300, 18),
      dormant: churn(0, 0),
    },
    churnPreviousPeriod: {
      vip: churn(41, 0),
      important: churn(118, 3),
      general: churn(296, 15),
      dormant: churn(0, 0),
    },
    activity: {
      months: [],
      latest: {
        month: '2026-10',
        activeCustomers: 352,
        orders: 1_480,
        sales: 182_345_600,
        averageOrderValue: 123_207,
        complete: true,
      },
      baseline: { months: 3, activeCustomers: 371.3, averageOrderValue: 118_950 },
      activeCustomersChangePct: -5.2,
      averageOrderValueChangePct: 3.6,
    },
    reps: [
      sampleRepRow(),
      sampleRepRow({
        repId: 'R02',
        name: '李娜',
        atRisk: 9,
        newThisWeek: 2,
        recoveredThisWeek: 1,
        visitsLogged: 25,
        moneyAtRisk: 4_321_000,
      }),
      sampleRepRow({
        repId: 'R03',
        name: null,
        atRisk: 12,
        newThisWeek: 3,
        recoveredThisWeek: 1,
        visitsLogged: 7,
        moneyAtRisk: 6_000_000,
      }),
    ],
    largestAtRisk: [
      { ...sampleDigestCustomer({ moneyAtRisk: 2_450_000 }), repId: 'R01', repName: '张伟' },
      {
        ...sampleDigestCustomer({
          customerId: 'C044',
          name: '阳光生鲜',
          tier: 'important',
          moneyAtRisk: 1_980_000,
        }),
        repId: 'R02',
        repName: '李娜',
      },
      {
        ...sampleDigestCustomer({ customerId: 'C090', name: null, tier: 'general', moneyAtRisk: 1_200_050 }),
        repId: null,
        repName: null,
      },
    ],
    escalationsThisWeek: 2,
    configVersion: 7,
    ...overrides,
  };
}
