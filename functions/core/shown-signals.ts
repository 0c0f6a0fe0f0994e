import type { RuleId } from './config.ts';
import type { Finding } from './findings.ts';
import type { LearnedReason } from './learned-verdict.ts';
import { SIGNAL_WEIGHTS } from './risk.ts';

/*
 * Which signals a person is shown, in what order, and which one says most: the same in every channel and
 * language. Their words are in functions/text (explain.ts and the catalogues).
 */

/**
 * The order signals are listed in wherever a list of them is shown (digests, the weekly summary, the CLI), most
 * telling first: the customer's silence, then its buying, then the rep's own follow-up. A fixed order, not the
 * day's severities, so a rep and a manager find the same signal in the same place every day and in every
 * channel. A Record, so a new rule cannot be added without a place here.
 */
const SIGNAL_RANK: Record<RuleId, number> = {
  churned: 0,
  cycle_overdue: 1,
  inactive: 2,
  sales_drop: 3,
  order_count_drop: 4,
  sustained_decline: 5,
  sku_breadth_drop: 6,
  complaints_rising: 7,
  low_p_alive: 8,
  visit_overdue: 9,
};

export const SIGNAL_ORDER: readonly RuleId[] = (Object.keys(SIGNAL_RANK) as RuleId[]).sort(
  (a, b) => SIGNAL_RANK[a] - SIGNAL_RANK[b],
);

/**
 * `inactive`, `cycle_overdue` and `churned` describe one silence at three depths: a customer is shown with the
 * deepest only (churned > cycle_overdue > inactive), never as both "即将流失" and "已流失". The other findings
 * stay in the data (alerts, JSON, CSV); only what a person reads drops them.
 */
const SILENCE_RULES: readonly RuleId[] = ['churned', 'cycle_overdue', 'inactive'];

/** Rules as a person reads them: each once, one silence status, in SIGNAL_ORDER. */
export function shownRules(rules: Iterable<RuleId>): RuleId[] {
  const present = new Set(rules);
  const silence = SILENCE_RULES.find((rule) => present.has(rule));
  return SIGNAL_ORDER.filter(
    (rule) => present.has(rule) && (!SILENCE_RULES.includes(rule) || rule === silence),
  );
}

/** Findings as a person reads them: one silence status (see shownRules), in SIGNAL_ORDER. */
export function shownFindings<F extends { rule: RuleId }>(findings: readonly F[]): F[] {
  const keep = new Set(shownRules(findings.map((finding) => finding.rule)));
  return findings
    .filter((finding) => keep.has(finding.rule))
    .sort((a, b) => SIGNAL_RANK[a.rule] - SIGNAL_RANK[b.rule]);
}

/**
 * The finding that says most about the risk, among those shown: the largest share of the rules' score
 * (weight × severity, risk.ts), so a late visit at full severity never outranks a halved order count; equal
 * shares in SIGNAL_ORDER. Null without findings.
 */
export function strongestFinding(findings: readonly Finding[]): Finding | null {
  let best: Finding | null = null;
  let bestShare = -Infinity;
  for (const finding of shownFindings(findings)) {
    const share = SIGNAL_WEIGHTS[finding.rule] * finding.severity;
    // Equal within rounding (0.45 × 0.8 against 0.6 × 0.6) is equal: the earlier in SIGNAL_ORDER stays.
    if (share > bestShare + 1e-9) {
      best = finding;
      bestShare = share;
    }
  }
  return best;
}

/**
 * A risk in [0, 1] as a whole percent for people: never "100%" (nothing is certain, and a rep reading it would
 * give up on the customer) nor "0%" (a customer on the list is never risk-free): 99% at most, "<1%" below 0.5%.
 *
 * @example formatRiskPercent(0.724) // '72%'
 * @example formatRiskPercent(0.9996) // '99%'
 * @example formatRiskPercent(0.001) // '<1%'
 */
export function formatRiskPercent(risk: number): string {
  const percent = Math.round(risk * 100);
  if (percent < 1) return '<1%';
  return `${Math.min(99, percent)}%`;
}

/** The rules that state the same fact as a learned reason: where a shown finding already says it. */
export const SAME_FACT: Record<LearnedReason['kind'], readonly RuleId[]> = {
  silence: ['churned', 'cycle_overdue', 'inactive'],
  fewer_purchase_days: ['order_count_drop'],
  lower_sales: ['sales_drop', 'sustained_decline'],
  new_customer: [],
  unlikely_to_buy: ['low_p_alive'],
};
