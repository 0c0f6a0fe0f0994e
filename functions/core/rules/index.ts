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

/** A rule with its parameters resolved for one tier, ready to run on every customer of that tier. */
export type BoundRule = (context: RuleContext) => Finding | null;

function bind<R extends RuleId>(rule: Rule<R>, params: RuleParams<R>): BoundRule {
  return (context) => rule(context, params);
}

/**
 * The enabled rules for a tier, in the order of DESIGN.md's table. Resolving per-tier parameters once per
 * evaluation (not once per customer) keeps the per-customer cost to the rules themselves.
 */
export function rulesForTier(config: ChurnConfig, tier: Tier): BoundRule[] {
  const churnedParams = ruleParamsFor(config, 'churned', tier);
  const implementations: { [R in RuleId]: Rule<R> } = {
    inactive,
    churned,
    cycle_overdue: cycleOverdue(churnedParams.enabled ? churnedParams : null),
    sales_drop: salesDrop,
    order_count_drop: orderCountDrop,
    sustained_decline: sustainedDecline,
    sku_breadth_drop: skuBreadthDrop,
    visit_overdue: visitOverdue,
    complaints_rising: complaintsRising,
    low_p_alive: lowPAlive,
  };
  const bound: BoundRule[] = [];
  for (const id of RULE_IDS) {
    const params = ruleParamsFor(config, id, tier);
    if (params.enabled) bound.push(bind(implementations[id] as Rule<typeof id>, params));
  }
  return bound;
}
