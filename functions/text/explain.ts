import type { RuleId, Tier } from '../core/config.ts';
import type { CustomerStatus } from '../core/evaluate.ts';
import type { Finding } from '../core/findings.ts';
import type { LearnedReason, LearnedVerdict } from '../core/learned-verdict.ts';
import type { Locale } from '../core/locale.ts';
import { formatMoney } from '../core/money.ts';
import { formatRiskPercent, SAME_FACT } from '../core/shown-signals.ts';
import { textFor } from './catalogue.ts';

/**
 * How a signal reads: digests, the CLI table and the weekly summary all word signals through here, so a rep reads
 * the same sentence everywhere. The words are in the catalogues (`zh-CN/signals.ts`, `en/signals.ts`); this
 * module picks the entry and formats the values it is given.
 */

export const ruleTitle = (rule: RuleId, locale: Locale): string => textFor(locale).signals.ruleTitle[rule];

/**
 * A finding's title beside a probability: the admin's names, except "已流失" (churned), which next to "流失风险 23%"
 * reads as a contradiction: a rep would give up on a shop the model says will probably order again. Beside a
 * probability the rule says what it measures instead.
 */
export const signalTitle = (rule: RuleId, locale: Locale, besideProbability: boolean): string =>
  besideProbability && rule === 'churned'
    ? textFor(locale).signals.churnedBesideProbability
    : ruleTitle(rule, locale);

export const tierName = (tier: Tier, locale: Locale): string => textFor(locale).signals.tierName[tier];
export const statusName = (status: CustomerStatus, locale: Locale): string =>
  textFor(locale).signals.statusName[status];

/**
 * The customer's risk as the digests and the weekly summary word it. With the risk model (`learned` set) the
 * risk is a calibrated probability of no order within the horizon, and says so; without it (riskModel off)
 * it is the rules' score, which is no probability, and says that instead.
 *
 * @example riskLabel(0.62, true, 'zh-CN') // '流失风险 62%'
 * @example riskLabel(0.62, true, 'en') // '62% likely to stop ordering'
 */
export function riskLabel(risk: number, probability: boolean, locale: Locale): string {
  const { signals } = textFor(locale);
  const percent = formatRiskPercent(risk);
  return probability ? signals.riskProbability(percent) : signals.riskScore(percent);
}

const pct = (value: number): string => `${value > 0 ? '+' : ''}${value}%`;

/**
 * Dropped SKUs as a rep knows them: the product name where the export gave one, else the code; a name two
 * SKUs share gets its code beside it (`可乐（SKU-2）`), so the rep can tell them apart.
 *
 * @example droppedProducts({ droppedSkus: ['S1', 'S2'], droppedSkuNames: ['可口可乐 330ml', ''] }, 'zh-CN')
 * // ['可口可乐 330ml', 'S2']
 */
export function droppedProducts(
  finding: { droppedSkus: readonly string[]; droppedSkuNames?: readonly string[] | undefined },
  locale: Locale,
): string[] {
  const names = finding.droppedSkuNames;
  if (!names) return [...finding.droppedSkus];
  const shared = new Set(names.filter((name, i) => name !== '' && names.indexOf(name) !== i));
  return finding.droppedSkus.map((sku, i) => {
    const name = names[i] ?? '';
    if (name === '') return sku;
    if (!shared.has(name)) return name;
    return textFor(locale).signals.productWithCode(name, sku);
  });
}

/** One sentence with the facts behind a finding. */
export function describeFinding(finding: Finding, locale: Locale): string {
  const { signals } = textFor(locale);
  const say = signals.finding;
  switch (finding.rule) {
    case 'inactive':
      return say.inactive(finding);
    case 'churned':
      return say.churned(finding);
    case 'cycle_overdue':
      return say.cycle_overdue(finding);
    case 'sales_drop':
      return say.sales_drop(finding, {
        current: formatMoney(finding.currentSales),
        previous: formatMoney(finding.previousSales),
        change: pct(finding.changePct),
      });
    case 'order_count_drop':
      return say.order_count_drop(finding, pct(finding.changePct));
    case 'sustained_decline': {
      const series = finding.months
        .map((m) => `${m.month} ${formatMoney(m.sales)}`)
        .join(say.sustainedSeriesStep);
      return say.sustained_decline(finding, series, pct(finding.changePct));
    }
    case 'sku_breadth_drop':
      return say.sku_breadth_drop(finding, droppedProducts(finding, locale).join(signals.listSeparator));
    case 'visit_overdue':
      if (finding.lastVisitDate === null) return say.visitNeverLogged(finding.cadenceDays);
      return say.visit_overdue(finding.daysSinceLastVisit ?? 0, finding.lastVisitDate, finding.cadenceDays);
    case 'complaints_rising':
      return say.complaints_rising(finding);
    case 'low_p_alive':
      return say.low_p_alive(finding, `${Math.round(finding.pAlive * 100)}%`);
  }
}

/** The title a learned verdict is shown under, beside the rules' titles. */
export const learnedTitle = (locale: Locale): string => textFor(locale).signals.learnedTitle;

/** One fact behind a learned verdict, in the words of a finding. */
export function describeLearnedReason(reason: LearnedReason, locale: Locale): string {
  const say = textFor(locale).signals.learnedReason;
  switch (reason.kind) {
    case 'silence':
      return say.silence(reason);
    case 'fewer_purchase_days':
      if (reason.recentDays === 0 && reason.previousDays === 0) return say.noOrders(2 * reason.windowDays);
      return say.fewer_purchase_days(reason);
    case 'lower_sales':
      if (reason.recentSales <= 0 && reason.previousSales <= 0) return say.noSales(2 * reason.windowDays);
      return say.lower_sales(
        reason.windowDays,
        formatMoney(reason.recentSales),
        formatMoney(reason.previousSales),
      );
    case 'new_customer':
      return say.new_customer(reason.customerAgeDays);
    case 'unlikely_to_buy':
      return say.unlikely_to_buy;
  }
}

/** A sentence starts with a capital in English; Chinese has none to raise. */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The learned verdict in one sentence: the risk against this distributor's at-risk line (both learned from
 * its own history), then what pushed it up.
 *
 * @example describeLearned(verdict, 'zh-CN') // '流失风险 72%（预警线 41%）：已 45 天未下单（平时约 14 天一单）'
 */
export function describeLearned(verdict: LearnedVerdict, locale: Locale): string {
  const { signals } = textFor(locale);
  const risk = formatRiskPercent(verdict.risk);
  const line = formatRiskPercent(verdict.threshold);
  const head = verdict.held ? signals.learnedHeadHeld(risk, line) : signals.learnedHead(risk, line);
  const reasons = verdict.reasons.map((reason) => describeLearnedReason(reason, locale));
  return sentence(
    reasons.length === 0 ? head : `${head}${signals.reasonsAfter}${reasons.join(signals.reasonSeparator)}`,
  );
}

/**
 * What the learned verdict adds below a digest's headline (which already gave the risk and, with
 * `firstReasonShown`, its strongest reason), or null when it adds nothing: why a customer below the line is
 * still listed, and its other reasons that no shown finding already states (`shownRules`). The line itself
 * is left out for a customer above it: it is no fact a rep can act on.
 *
 * @example describeLearnedRest(heldVerdict, 'zh-CN', true, []) // '预警线 41%，已低于预警线，但还没有明显回落，继续跟进'
 */
export function describeLearnedRest(
  verdict: LearnedVerdict,
  locale: Locale,
  firstReasonShown: boolean,
  shownRules: readonly RuleId[],
): string | null {
  const { signals } = textFor(locale);
  const held = verdict.held ? [signals.learnedHeldRest(formatRiskPercent(verdict.threshold))] : [];
  const reasons = verdict.reasons
    .slice(firstReasonShown ? 1 : 0)
    .filter((reason) => !SAME_FACT[reason.kind].some((rule) => shownRules.includes(rule)))
    .map((reason) => describeLearnedReason(reason, locale));
  const parts = [...held, ...reasons];
  if (parts.length === 0) return null;
  return sentence(parts.join(signals.reasonSeparator));
}

/**
 * What the rep should do first, from the strongest signal: a lost customer needs a visit and an offer, a
 * narrowing assortment a conversation about the lines it stopped buying, a complaint a call today.
 */
export function suggestedAction(
  findings: readonly Finding[],
  locale: Locale,
  learned?: LearnedVerdict,
  /** Days since the customer was last given a coupon, when it ever was: a recent one is not suggested again. */
  daysSinceCoupon?: number | null,
): string {
  const say = textFor(locale).signals.action;
  const has = (rule: RuleId) => findings.some((finding) => finding.rule === rule);
  if (has('complaints_rising')) return say.complaints;
  if (has('churned')) {
    const couponedLately = daysSinceCoupon !== undefined && daysSinceCoupon !== null && daysSinceCoupon < 30;
    return couponedLately ? say.visitAskWhy : say.visitAskWhyCoupon;
  }
  if (has('cycle_overdue') || has('inactive') || has('low_p_alive')) return say.takeNextOrder;
  if (has('sku_breadth_drop')) return say.droppedSkus;
  if (has('sales_drop') || has('order_count_drop') || has('sustained_decline')) return say.checkStock;
  // Flagged by the learned risk alone: its strongest reason says what kind of slipping it is.
  const first = learned?.reasons[0]?.kind;
  if (first === 'silence' || first === 'unlikely_to_buy') return say.takeNextOrder;
  if (first === 'fewer_purchase_days' || first === 'lower_sales') return say.checkStock;
  if (first === 'new_customer') return say.newCustomer;
  if (has('visit_overdue')) return say.scheduleVisit;
  return say.keepInTouch;
}
