import { TIERS } from '../core/config.ts';
import { tierName } from '../text/explain.ts';
import { LOCALES, type Locale } from '../core/locale.ts';

/**
 * Every word drawn inside the weekly email's charts, per locale. The charts are PNGs drawn with a font subset
 * (chart-font.ts) that holds the glyphs of these words, the tier names, digits and ASCII, and nothing else, so
 * the notifier bundle stays small: a word added here needs `npx tsx bin/generate-chart-font.ts` to be drawn
 * (test/notify/chart-text.test.ts says which characters are missing).
 */
export interface ChartWords {
  tierTitle: string;
  churnTitle: string;
  activeTitle: string;
  orderValueTitle: string;
  trendAtRiskTitle: (weeks: number) => string;
  trendMoneyTitle: (weeks: number) => string;
  /** Units on the value axis. */
  customers: string;
  churnRate: string;
  yuan: string;
  /** Titles of the category axis. */
  tier: string;
  month: string;
  weekEnding: string;
  thisPeriod: string;
  previousPeriod: string;
  /** The running month's label: `11月（未完）` / `Nov (so far)`. */
  monthLabel: (month: number, complete: boolean) => string;
  /** Money on a chart, short enough for eight labels across: `6.3万` / `63k`. */
  compactYuan: (yuan: number) => string;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One decimal at most, without a trailing `.0`. */
const short = (value: number): string => String(Math.round(value * 10) / 10);

export const CHART_WORDS: Record<Locale, ChartWords> = {
  'zh-CN': {
    tierTitle: '按客户等级的风险客户数',
    churnTitle: '各等级流失率',
    activeTitle: '每月活跃客户数',
    orderValueTitle: '每月客单价',
    trendAtRiskTitle: (weeks) => `近 ${weeks} 周有风险客户数`,
    trendMoneyTitle: (weeks) => `近 ${weeks} 周风险金额`,
    customers: '客户数',
    churnRate: '流失率',
    yuan: '金额（元）',
    tier: '客户等级',
    month: '月份',
    weekEnding: '周（截至日）',
    thisPeriod: '本期',
    previousPeriod: '上期',
    monthLabel: (month, complete) => `${month}月${complete ? '' : '（未完）'}`,
    compactYuan: (yuan) =>
      Math.abs(yuan) >= 1e8
        ? `${short(yuan / 1e8)}亿`
        : Math.abs(yuan) >= 1e4
          ? `${short(yuan / 1e4)}万`
          : String(Math.round(yuan)),
  },
  en: {
    tierTitle: 'At-risk customers by tier',
    churnTitle: 'Churn rate by tier',
    activeTitle: 'Active customers per month',
    orderValueTitle: 'Average order value per month',
    trendAtRiskTitle: (weeks) => `At-risk customers, last ${weeks} weeks`,
    trendMoneyTitle: (weeks) => `Money at risk, last ${weeks} weeks`,
    customers: 'Customers',
    churnRate: 'Churn rate',
    yuan: 'Amount (¥)',
    tier: 'Tier',
    month: 'Month',
    weekEnding: 'Week ending',
    thisPeriod: 'This period',
    previousPeriod: 'Previous period',
    monthLabel: (month, complete) => `${EN_MONTHS[month - 1] ?? month}${complete ? '' : ' (so far)'}`,
    compactYuan: (yuan) =>
      Math.abs(yuan) >= 1e6
        ? `${short(yuan / 1e6)}M`
        : Math.abs(yuan) >= 1e3
          ? `${short(yuan / 1e3)}k`
          : String(Math.round(yuan)),
  },
};

/**
 * Every character a chart may draw: printable ASCII (numbers, dates, English), `¥`, `—` (no value), and the
 * words above in both locales with the tier names. The font generator subsets to exactly these.
 */
export function chartCharacters(): string[] {
  const texts: string[] = [];
  for (let code = 0x20; code < 0x7f; code++) texts.push(String.fromCharCode(code));
  texts.push('¥', '—');
  for (const locale of LOCALES) {
    const words = CHART_WORDS[locale];
    for (const value of Object.values(words)) {
      if (typeof value === 'string') texts.push(value);
    }
    texts.push(words.trendAtRiskTitle(8), words.trendMoneyTitle(8));
    for (let month = 1; month <= 12; month++) texts.push(words.monthLabel(month, false));
    texts.push(words.compactYuan(12_345), words.compactYuan(123_456_789));
    for (const tier of TIERS) texts.push(tierName(tier, locale));
  }
  return [...new Set([...texts.join('')])].sort();
}
