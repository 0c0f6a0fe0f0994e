import type { RuleId } from './config.ts';
import type { OrderingCycle } from './cycle.ts';
import type { Finding } from './findings.ts';

/**
 * How much each signal counts towards the risk of losing the customer. Recency signals (`inactive`,
 * `cycle_overdue`, `churned`) describe the same silence, so only the strongest of them counts; the others
 * are independent pieces of evidence.
 */
export const SIGNAL_WEIGHTS: Record<RuleId, number> = {
  churned: 0.9,
  cycle_overdue: 0.6,
  inactive: 0.6,
  sales_drop: 0.45,
  order_count_drop: 0.35,
  sustained_decline: 0.45,
  sku_breadth_drop: 0.3,
  complaints_rising: 0.35,
  visit_overdue: 0.1,
  low_p_alive: 0.7,
};

/** The model's P(alive) also reads the silence, weighed by the customer's rate: one more view of it. */
const RECENCY_RULES: ReadonlySet<RuleId> = new Set(['inactive', 'cycle_overdue', 'churned', 'low_p_alive']);

/**
 * The hazard of silence alone, from how many of its own cycles the customer has been quiet for: 0 up to one
 * cycle, about 0.3 at 1.5 cycles, 0.5 at 2, 0.75 at 3. It makes risk comparable between customers whom no
 * rule has flagged yet.
 */
export function silenceHazard(daysSinceLastOrder: number, cycle: OrderingCycle): number {
  const cycles = daysSinceLastOrder / cycle.days;
  return cycles <= 1 ? 0 : 1 - Math.exp(-(cycles - 1) / 1.45);
}

/**
 * Risk in [0, 1]: 1 − (1 − recency) × Π(1 − weight × severity) over the non-recency findings, where
 * recency is the strongest of the silence hazard and the weighted recency findings. Each factor is the
 * chance that signal is a false alarm, so a customer with several independent signals ranks above one with
 * a single strong one. Rounded to three decimals so equal situations compare equal.
 */
export function riskScore(
  findings: readonly Finding[],
  daysSinceLastOrder: number | null,
  cycle: OrderingCycle,
): number {
  if (daysSinceLastOrder === null) return 0;
  let recency = silenceHazard(daysSinceLastOrder, cycle);
  let keep = 1;
  // Indexed: for-of over the evaluator's frozen empty list and its other lists allocates an iterator.
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i] as Finding;
    const weighted = SIGNAL_WEIGHTS[finding.rule] * finding.severity;
    if (RECENCY_RULES.has(finding.rule)) recency = Math.max(recency, weighted);
    else keep *= 1 - weighted;
  }
  return Math.round((1 - (1 - recency) * keep) * 1000) / 1000;
}
