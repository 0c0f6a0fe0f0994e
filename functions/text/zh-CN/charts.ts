/** One decimal at most, without a trailing `.0`. */
const short = (value: number): string => String(Math.round(value * 10) / 10);

/**
 * Every word drawn inside the weekly email's charts. The charts are PNGs drawn with a font subset
 * (functions/render/chart-font.ts) that holds the glyphs of these words, the tier names, digits and ASCII,
 * and nothing else: a word added or changed here needs `npx tsx bin/generate-chart-font.ts` to be drawn
 * (test/render/chart-text.test.ts says which characters are missing).
 */
export const charts = {
  tierTitle: '按客户等级的风险客户数',
  churnTitle: '各等级流失率',
  activeTitle: '每月活跃客户数',
  orderValueTitle: '每月客单价',
  trendAtRiskTitle: (weeks: number) => `近 ${weeks} 周有风险客户数`,
  trendMoneyTitle: (weeks: number) => `近 ${weeks} 周风险金额`,
  /** Units on the value axis. */
  customers: '客户数',
  churnRate: '流失率',
  yuan: '金额（元）',
  /** Titles of the category axis. */
  tier: '客户等级',
  month: '月份',
  weekEnding: '周（截至日）',
  /** The legend of the churn chart. */
  thisPeriod: '本期',
  previousPeriod: '上期',
  /** The running month's label: `11月（未完）`. */
  monthLabel: (month: number, complete: boolean) => `${month}月${complete ? '' : '（未完）'}`,
  /** Money on a chart, short enough for eight labels across, in the units a reader counts in: `6.3万`. */
  compactYuan: (yuan: number) =>
    Math.abs(yuan) >= 1e8
      ? `${short(yuan / 1e8)}亿`
      : Math.abs(yuan) >= 1e4
        ? `${short(yuan / 1e4)}万`
        : String(Math.round(yuan)),
};

export type ChartsText = typeof charts;
