import { pAlive } from '../bgnbd.ts';
import { bgnbdSummaryOf } from '../bgnbd-summary.ts';
import { clamp01, type Rule, round1 } from '../findings.ts';

/**
 * 复购可能性低: under the distributor's own BG/NBD model (Fader, Hardie & Lee 2005), the probability that
 * this customer still buys is below `threshold`. It weighs the silence against the customer's own buying
 * rate, so a shop that bought every week and went quiet for six weeks ranks below one that buys once a
 * quarter and went quiet for as long. Only repeat buyers: the model calls every one-time buyer alive.
 */
export const lowPAlive: Rule<'low_p_alive'> = ({ profile, asOf, pAliveParams }, { threshold }) => {
  if (pAliveParams === null) return null;
  const summary = bgnbdSummaryOf(profile, asOf);
  if (summary === null || summary.frequency === 0) return null;
  const probability = pAlive(pAliveParams, summary);
  if (!(probability < threshold)) return null;
  return {
    rule: 'low_p_alive',
    // Half-way at the threshold, certain when the model is sure the customer has left.
    severity: clamp01(0.5 + (0.5 * (threshold - probability)) / threshold),
    pAlive: Math.round(probability * 1000) / 1000,
    threshold,
    repeatPurchases: summary.frequency,
    weeksSinceLastPurchase: round1(summary.T - summary.recency),
  };
};
