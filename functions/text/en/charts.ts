import type { ChartsText } from '../zh-CN/charts.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One decimal at most, without a trailing `.0`. */
const short = (value: number): string => String(Math.round(value * 10) / 10);

export const charts: ChartsText = {
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
  monthLabel: (month, complete) => `${MONTHS[month - 1] ?? month}${complete ? '' : ' (so far)'}`,
  /** `63k`, `1.2M`. */
  compactYuan: (yuan) =>
    Math.abs(yuan) >= 1e6
      ? `${short(yuan / 1e6)}M`
      : Math.abs(yuan) >= 1e3
        ? `${short(yuan / 1e3)}k`
        : String(Math.round(yuan)),
};
