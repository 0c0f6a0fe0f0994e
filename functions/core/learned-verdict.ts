import type { Minor } from './money.ts';

/*
 * What the learned risk model says about one customer, as the evaluation, the alerts and the explanations
 * carry it. Apart from learned-risk.ts (which fits and applies the model), so that the evaluation can hold a
 * verdict without importing the model, which imports the evaluation.
 */

/** A fact a learned verdict quotes: the part of the customer's history that pushed its risk up most. */
export type LearnedReason =
  | { kind: 'silence'; daysSinceLastOrder: number; cycleDays: number }
  | { kind: 'fewer_purchase_days'; windowDays: number; recentDays: number; previousDays: number }
  | { kind: 'lower_sales'; windowDays: number; recentSales: Minor; previousSales: Minor }
  | { kind: 'new_customer'; customerAgeDays: number }
  | { kind: 'unlikely_to_buy'; pAlive: number | null; expectedPurchases: number | null };

/** What the learned model said about a customer, kept beside the rules' findings for the digest. */
export interface LearnedVerdict {
  /** The learned risk (3 decimals) and the model's at-risk threshold. */
  risk: number;
  threshold: number;
  /** The rules' own risk, for comparison. */
  ruleRisk: number;
  /** Strongest first, at most MAX_REASONS. Empty when nothing stands out against the average customer. */
  reasons: LearnedReason[];
  /** The model's as-of day, `YYYY-MM-DD`: which weekly fit spoke. */
  modelAsOf: string;
  /** Below the line but kept at risk: its episode is open and the risk has not clearly come down (HOLD_SHARE). */
  held?: true;
}
