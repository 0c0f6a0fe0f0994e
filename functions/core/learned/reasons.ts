import type { LearnedReason } from '../learned-verdict.ts';
import { featureRow, RISK_FEATURES, type RiskFacts, type RiskFeatureName, WINDOW_DAYS } from './features.ts';
import type { LearnedRiskModel } from './model.ts';

/** Why the learned risk scores a customer high, in facts a rep can check. */

/**
 * Which facts each feature reads, and which way the feature points to slipping (+1: higher is worse, as for
 * silence; −1: lower is worse, as for orders). Tier and the rules' own signals are left to the findings a rep
 * sees.
 */
const REASON_OF: Partial<Record<RiskFeatureName, { kind: LearnedReason['kind']; worse: 1 | -1 }>> = {
  daysSinceLastPurchase: { kind: 'silence', worse: 1 },
  cyclesSinceLastPurchase: { kind: 'silence', worse: 1 },
  purchaseDays90: { kind: 'fewer_purchase_days', worse: -1 },
  purchaseDays365: { kind: 'fewer_purchase_days', worse: -1 },
  purchaseTrend: { kind: 'fewer_purchase_days', worse: -1 },
  trailingSales: { kind: 'lower_sales', worse: -1 },
  salesTrend: { kind: 'lower_sales', worse: -1 },
  customerAge: { kind: 'new_customer', worse: -1 },
  bgnbdNoPurchase: { kind: 'unlikely_to_buy', worse: 1 },
};

const MAX_REASONS = 2;
/** Beyond the strongest, a group must move the log-odds by at least this much above the average to be named. */
const MIN_REASON_LOGIT = 0.1;

/**
 * Why the model scores a customer high: each group of features' share of the log-odds against the training
 * average (weight × standardised value), summed per group, the groups that push up most first. A feature
 * counts only when it is on its worse side of the average (longer silence, fewer orders): a model may weigh
 * a feature against intuition, and "a long-standing customer" is no reason a rep can act on. A reason carries
 * the facts the rep can check, not the model's numbers.
 */
export function learnedReasons(model: LearnedRiskModel, facts: RiskFacts): LearnedReason[] {
  // BG/NBD's own probability weighs one feature only: name the silence when it is past the usual cycle.
  if (model.source === 'bgnbd') {
    const kinds: LearnedReason['kind'][] =
      facts.daysSinceLastPurchase > facts.cycleDays ? ['silence', 'unlikely_to_buy'] : ['unlikely_to_buy'];
    return kinds.map((kind) => reasonOf(kind, facts));
  }
  const row = featureRow(facts);
  const push = new Map<LearnedReason['kind'], number>();
  RISK_FEATURES.forEach((name, j) => {
    const reads = REASON_OF[name];
    const value = row[j] ?? null;
    if (reads === undefined || value === null) return;
    const offset = value - (model.means[j] as number);
    if (Math.sign(offset) !== reads.worse) return;
    const contribution = ((model.weights[j] as number) * offset) / (model.scales[j] as number);
    push.set(reads.kind, (push.get(reads.kind) ?? 0) + contribution);
  });
  // Silence within the usual cycle is no warning a rep can act on, whatever the model weighs it at.
  if (facts.daysSinceLastPurchase <= facts.cycleDays) push.delete('silence');
  return (
    [...push]
      .filter(([, logit]) => logit > 0)
      .sort((a, b) => b[1] - a[1])
      // The strongest always, when anything pushes up at all (a flagged customer deserves a reason); others
      // only when they count.
      .filter(([, logit], i) => i === 0 || logit >= MIN_REASON_LOGIT)
      .slice(0, MAX_REASONS)
      .map(([kind]) => reasonOf(kind, facts))
  );
}

function reasonOf(kind: LearnedReason['kind'], facts: RiskFacts): LearnedReason {
  switch (kind) {
    case 'silence':
      return {
        kind,
        daysSinceLastOrder: facts.daysSinceLastPurchase,
        cycleDays: Math.round(facts.cycleDays * 10) / 10,
      };
    case 'fewer_purchase_days':
      return {
        kind,
        windowDays: WINDOW_DAYS,
        recentDays: facts.recentPurchaseDays,
        previousDays: facts.previousPurchaseDays,
      };
    case 'lower_sales':
      return {
        kind,
        windowDays: WINDOW_DAYS,
        recentSales: facts.recentSales,
        previousSales: facts.previousSales,
      };
    case 'new_customer':
      return { kind, customerAgeDays: facts.customerAgeDays };
    case 'unlikely_to_buy':
      return {
        kind,
        pAlive: facts.pAlive === null ? null : Math.round(facts.pAlive * 100) / 100,
        expectedPurchases: null,
      };
  }
}
