import {
  type ChurnConfig,
  RULE_IDS,
  type RuleId,
  type RuleParams,
  ruleParamsFor,
  type Tier,
} from '../config.ts';
import type { Finding, Rule, RuleContext } from '../findings.ts';
import { churned } from './churned.ts';
import { complaintsRising } from './complaints-rising.ts';
import { cycleOverdue } from './cycle-overdue.ts';
import { inactive } from './inactive.ts';
import { lowPAlive } from './low-p-alive.ts';
import { orderCountDrop } from './order-count-drop.ts';
import { salesDrop } from './sales-drop.ts';
import { skuBreadthDrop } from './sku-breadth-drop.ts';
import { sustainedDecline } from './sustained-decline.ts';
import { visitOverdue } from './visit-overdue.ts';

/**
 * The rules of one tier with their parameters resolved: null for a rule that is off. Resolving per-tier
 * parameters once per evaluation (not once per customer) keeps the per-customer cost to the rules themselves.
 */
export interface TierRules {
  readonly params: { readonly [R in RuleId]: RuleParams<R> | null };
  /** cycle_overdue, handing over to the tier's churned thresholds. */
  readonly cycleOverdue: Rule<'cycle_overdue'>;
  /** Whether each rule's `flag` is on for the tier. */
  readonly flags: { readonly [R in RuleId]: boolean };
}

export function tierRules(config: ChurnConfig, tier: Tier): TierRules {
  const params = {} as { [R in RuleId]: RuleParams<R> | null };
  const flags = {} as { [R in RuleId]: boolean };
  for (const id of RULE_IDS) {
    const resolved = ruleParamsFor(config, id, tier);
    (params as Record<RuleId, unknown>)[id] = resolved.enabled ? resolved : null;
    flags[id] = resolved.flag;
  }
  return { params, cycleOverdue: cycleOverdue(params.churned), flags };
}

/**
 * Runs a tier's enabled rules on one customer, in the order of DESIGN.md's table (RULE_IDS), writing what
 * they find to `found` from its start; returns how many they found. Each rule is called where it is named,
 * not through a list of closures: the engine then sees one rule per call site and can inline it, which
 * matters at a million customers a day.
 */
export function runRules(rules: TierRules, context: RuleContext, found: Finding[]): number {
  const { params } = rules;
  let count = 0;
  let finding: Finding | null;
  if (params.inactive && (finding = inactive(context, params.inactive))) found[count++] = finding;
  if (params.churned && (finding = churned(context, params.churned))) found[count++] = finding;
  if (params.cycle_overdue && (finding = rules.cycleOverdue(context, params.cycle_overdue))) {
    found[count++] = finding;
  }
  if (params.sales_drop && (finding = salesDrop(context, params.sales_drop))) found[count++] = finding;
  if (params.order_count_drop && (finding = orderCountDrop(context, params.order_count_drop))) {
    found[count++] = finding;
  }
  if (params.sustained_decline && (finding = sustainedDecline(context, params.sustained_decline))) {
    found[count++] = finding;
  }
  if (params.sku_breadth_drop && (finding = skuBreadthDrop(context, params.sku_breadth_drop))) {
    found[count++] = finding;
  }
  if (params.visit_overdue && (finding = visitOverdue(context, params.visit_overdue))) {
    found[count++] = finding;
  }
  if (params.complaints_rising && (finding = complaintsRising(context, params.complaints_rising))) {
    found[count++] = finding;
  }
  if (params.low_p_alive && (finding = lowPAlive(context, params.low_p_alive))) found[count++] = finding;
  return count;
}
