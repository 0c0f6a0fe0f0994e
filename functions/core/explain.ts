import type { RuleId, Tier } from './config.ts';
import type { CustomerStatus } from './evaluate.ts';
import type { Finding } from './findings.ts';
import type { LearnedReason, LearnedVerdict } from './learned-verdict.ts';
import type { Locale } from './locale.ts';
import { formatMoney } from './money.ts';
import { SIGNAL_WEIGHTS } from './risk.ts';

/**
 * Everything the core says to people, in zh-CN and en. Digests, the CLI table and the weekly summary all
 * word signals through here, so a rep reads the same sentence everywhere.
 */

const RULE_TITLES: Record<RuleId, Record<Locale, string>> = {
  inactive: { 'zh-CN': '即将流失', en: 'Inactive' },
  churned: { 'zh-CN': '已流失', en: 'Churned' },
  cycle_overdue: { 'zh-CN': '订货周期异常', en: 'Order overdue' },
  sales_drop: { 'zh-CN': '销售额暴跌', en: 'Sales drop' },
  order_count_drop: { 'zh-CN': '交易次数暴跌', en: 'Fewer orders' },
  sustained_decline: { 'zh-CN': '持续下滑', en: 'Sustained decline' },
  sku_breadth_drop: { 'zh-CN': '动销品项数下滑', en: 'Fewer SKUs' },
  visit_overdue: { 'zh-CN': '超期未拜访', en: 'Visit overdue' },
  complaints_rising: { 'zh-CN': '投诉增多', en: 'Complaints rising' },
  low_p_alive: { 'zh-CN': '复购可能性低', en: 'Unlikely to buy again' },
};

const TIER_NAMES: Record<Tier, Record<Locale, string>> = {
  vip: { 'zh-CN': '非常重要', en: 'VIP' },
  important: { 'zh-CN': '重要', en: 'Important' },
  general: { 'zh-CN': '一般', en: 'General' },
  dormant: { 'zh-CN': '休眠', en: 'Dormant' },
};

const STATUS_NAMES: Record<CustomerStatus, Record<Locale, string>> = {
  active: { 'zh-CN': '正常', en: 'Active' },
  at_risk: { 'zh-CN': '有风险', en: 'At risk' },
  lost: { 'zh-CN': '已失联', en: 'Lost' },
  no_orders: { 'zh-CN': '无订单', en: 'No orders' },
};

export const ruleTitle = (rule: RuleId, locale: Locale): string => RULE_TITLES[rule][locale];

/**
 * A finding's title beside a probability: the admin's names, except "已流失" (churned), which next to "流失风险 23%"
 * reads as a contradiction: a rep would give up on a shop the model says will probably order again. Beside a
 * probability the rule says what it measures instead.
 */
export const signalTitle = (rule: RuleId, locale: Locale, besideProbability: boolean): string =>
  besideProbability && rule === 'churned'
    ? locale === 'zh-CN'
      ? '远超订货周期'
      : 'Far past its cycle'
    : ruleTitle(rule, locale);

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

/**
 * The customer's risk as the digests and the weekly summary word it. With the risk model (`learned` set) the
 * risk is a calibrated probability of no order within the horizon, and says so; without it (riskModel off)
 * it is the rules' score, which is no probability, and says that instead.
 *
 * @example riskLabel(0.62, true, 'zh-CN') // '流失风险 62%'
 * @example riskLabel(0.62, true, 'en') // '62% likely to stop ordering'
 */
export function riskLabel(risk: number, probability: boolean, locale: Locale): string {
  const percent = formatRiskPercent(risk);
  if (locale === 'zh-CN') return probability ? `流失风险 ${percent}` : `风险评分 ${percent}`;
  return probability ? `${percent} likely to stop ordering` : `Risk score ${percent}`;
}
export const tierName = (tier: Tier, locale: Locale): string => TIER_NAMES[tier][locale];
export const statusName = (status: CustomerStatus, locale: Locale): string => STATUS_NAMES[status][locale];

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
    return locale === 'zh-CN' ? `${name}（${sku}）` : `${name} (${sku})`;
  });
}

/** One sentence with the facts behind a finding. */
export function describeFinding(finding: Finding, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const money = (minor: number) => formatMoney(minor);
  switch (finding.rule) {
    case 'inactive':
      return zh
        ? `已 ${finding.daysSinceLastOrder} 天未下单（上次 ${finding.lastOrderDate}，阈值 ${finding.thresholdDays} 天）`
        : `No order for ${finding.daysSinceLastOrder} days (last ${finding.lastOrderDate}, threshold ${finding.thresholdDays})`;
    case 'churned':
      return zh
        ? `已 ${finding.daysSinceLastOrder} 天未下单，约 ${finding.cyclesMissed} 个订货周期（平时约 ${finding.cycleDays} 天一单）`
        : `Silent ${finding.daysSinceLastOrder} days, ${finding.cyclesMissed} of its usual ${finding.cycleDays}-day cycles`;
    case 'cycle_overdue':
      return zh
        ? `平时约 ${finding.cycleDays} 天一单，已 ${finding.daysSinceLastOrder} 天未下单（晚了 ${finding.daysLate} 天）`
        : `Usually orders every ${finding.cycleDays} days; ${finding.daysSinceLastOrder} days since the last (${finding.daysLate} days late)`;
    case 'sales_drop':
      return zh
        ? `近 ${finding.windowDays} 天销售额 ${money(finding.currentSales)}，前 ${finding.windowDays} 天 ${money(finding.previousSales)}（${pct(finding.changePct)}）`
        : `Sales ${money(finding.currentSales)} in the last ${finding.windowDays} days vs ${money(finding.previousSales)} before (${pct(finding.changePct)})`;
    case 'order_count_drop':
      return zh
        ? `近 ${finding.windowDays} 天下单 ${finding.currentOrders} 次，前 ${finding.windowDays} 天 ${finding.previousOrders} 次（${pct(finding.changePct)}）`
        : `${finding.currentOrders} ${finding.currentOrders === 1 ? 'order' : 'orders'} in the last ${finding.windowDays} days vs ${finding.previousOrders} before (${pct(finding.changePct)})`;
    case 'sustained_decline': {
      const series = finding.months.map((m) => `${m.month} ${money(m.sales)}`).join(' → ');
      return zh
        ? `连续 ${finding.monthsDeclining} 个月下滑：${series}（${pct(finding.changePct)}）`
        : `Down ${finding.monthsDeclining} months in a row: ${series} (${pct(finding.changePct)})`;
    }
    case 'sku_breadth_drop': {
      const dropped = droppedProducts(finding, locale).join(zh ? '、' : ', ');
      return zh
        ? `近 ${finding.windowDays} 天购买 ${finding.currentSkus} 个品项，前 ${finding.windowDays} 天 ${finding.previousSkus} 个${dropped ? `（不再购买：${dropped}）` : ''}`
        : `${finding.currentSkus} SKUs in the last ${finding.windowDays} days vs ${finding.previousSkus} before${dropped ? ` (stopped: ${dropped})` : ''}`;
    }
    case 'visit_overdue':
      if (finding.lastVisitDate === null) {
        return zh
          ? `没有拜访记录（应每 ${finding.cadenceDays} 天拜访一次）`
          : `No visit logged (cadence ${finding.cadenceDays} days)`;
      }
      return zh
        ? `${finding.daysSinceLastVisit} 天未拜访（上次 ${finding.lastVisitDate}，应每 ${finding.cadenceDays} 天一次）`
        : `Not visited for ${finding.daysSinceLastVisit} days (last ${finding.lastVisitDate}, every ${finding.cadenceDays} days expected)`;
    case 'complaints_rising':
      return zh
        ? `近 ${finding.windowDays} 天投诉 ${finding.complaints} 次（前 ${finding.windowDays} 天 ${finding.previousComplaints} 次）`
        : `${finding.complaints} complaints in the last ${finding.windowDays} days (${finding.previousComplaints} before)`;
    case 'low_p_alive': {
      const chance = `${Math.round(finding.pAlive * 100)}%`;
      return zh
        ? `按以往的购买规律，仍在购买的可能性约 ${chance}（回购 ${finding.repeatPurchases} 次，已 ${finding.weeksSinceLastPurchase} 周未买）`
        : `By its past buying, about ${chance} likely to still be buying (${finding.repeatPurchases} repeat purchases, ${finding.weeksSinceLastPurchase} weeks since the last)`;
    }
  }
}

/** The title a learned verdict is shown under, beside the rules' titles. */
export const learnedTitle = (locale: Locale): string => (locale === 'zh-CN' ? '模型评估' : 'Learned risk');

/** One fact behind a learned verdict, in the words of a finding. */
export function describeLearnedReason(reason: LearnedReason, locale: Locale): string {
  const zh = locale === 'zh-CN';
  switch (reason.kind) {
    case 'silence':
      return zh
        ? `已 ${reason.daysSinceLastOrder} 天未下单（平时约 ${reason.cycleDays} 天一单）`
        : `no order for ${reason.daysSinceLastOrder} days (usually every ${reason.cycleDays} days)`;
    case 'fewer_purchase_days':
      if (reason.recentDays === 0 && reason.previousDays === 0) {
        return zh
          ? `近 ${2 * reason.windowDays} 天没有下单`
          : `no order in the last ${2 * reason.windowDays} days`;
      }
      return zh
        ? `近 ${reason.windowDays} 天下单 ${reason.recentDays} 天，前 ${reason.windowDays} 天 ${reason.previousDays} 天`
        : `ordered on ${reason.recentDays} days in the last ${reason.windowDays} vs ${reason.previousDays} before`;
    case 'lower_sales':
      if (reason.recentSales <= 0 && reason.previousSales <= 0) {
        return zh
          ? `近 ${2 * reason.windowDays} 天没有销售额`
          : `no sales in the last ${2 * reason.windowDays} days`;
      }
      return zh
        ? `近 ${reason.windowDays} 天销售额 ${formatMoney(reason.recentSales)}，前 ${reason.windowDays} 天 ${formatMoney(reason.previousSales)}`
        : `sales ${formatMoney(reason.recentSales)} in the last ${reason.windowDays} days vs ${formatMoney(reason.previousSales)} before`;
    case 'new_customer':
      return zh
        ? `新客户，首单在 ${reason.customerAgeDays} 天前`
        : `a new customer, first order ${reason.customerAgeDays} days ago`;
    case 'unlikely_to_buy':
      // No second percentage beside the risk: BG/NBD's P(alive) is another quantity, and "0% still buying"
      // next to "53% risk" reads as a contradiction. Nor a word about silence: BG/NBD also rates a customer
      // who ordered yesterday unlikely to buy again when its history is sparse or irregular.
      return zh
        ? '按以往的购买规律，近期再下单的可能性低'
        : 'by its past buying pattern, another order soon is unlikely';
  }
}

/**
 * The learned verdict in one sentence: the risk against this distributor's at-risk line (both learned from
 * its own history), then what pushed it up.
 *
 * @example describeLearned(verdict, 'zh-CN') // '流失风险 72%（预警线 41%）：已 45 天未下单（平时约 14 天一单）'
 */
export function describeLearned(verdict: LearnedVerdict, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const percent = formatRiskPercent;
  const head = verdict.held
    ? zh
      ? `流失风险 ${percent(verdict.risk)}（预警线 ${percent(verdict.threshold)}；已低于预警线，但还没有明显回落，继续跟进）`
      : `risk of lapsing ${percent(verdict.risk)} (this distributor's line: ${percent(verdict.threshold)}; below it, but not clearly down yet: still followed)`
    : zh
      ? `流失风险 ${percent(verdict.risk)}（预警线 ${percent(verdict.threshold)}）`
      : `risk of lapsing ${percent(verdict.risk)} (this distributor's line: ${percent(verdict.threshold)})`;
  const reasons = verdict.reasons.map((reason) => describeLearnedReason(reason, locale));
  const text = reasons.length === 0 ? head : `${head}${zh ? '：' : ': '}${reasons.join(zh ? '；' : '; ')}`;
  return zh ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** The rules that state the same fact as a learned reason: where a shown finding already says it. */
export const SAME_FACT: Record<LearnedReason['kind'], readonly RuleId[]> = {
  silence: ['churned', 'cycle_overdue', 'inactive'],
  fewer_purchase_days: ['order_count_drop'],
  lower_sales: ['sales_drop', 'sustained_decline'],
  new_customer: [],
  unlikely_to_buy: ['low_p_alive'],
};

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
  const zh = locale === 'zh-CN';
  const line = formatRiskPercent(verdict.threshold);
  const held = verdict.held
    ? [
        zh
          ? `预警线 ${line}，已低于预警线，但还没有明显回落，继续跟进`
          : `this distributor's line ${line}; below it, but not clearly down yet: still followed`,
      ]
    : [];
  const reasons = verdict.reasons
    .slice(firstReasonShown ? 1 : 0)
    .filter((reason) => !SAME_FACT[reason.kind].some((rule) => shownRules.includes(rule)))
    .map((reason) => describeLearnedReason(reason, locale));
  const parts = [...held, ...reasons];
  if (parts.length === 0) return null;
  const text = parts.join(zh ? '；' : '; ');
  return zh ? text : text.charAt(0).toUpperCase() + text.slice(1);
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
  const zh = locale === 'zh-CN';
  const has = (rule: RuleId) => findings.some((finding) => finding.rule === rule);
  if (has('complaints_rising'))
    return zh ? '今天电话回访，先处理投诉' : 'Call today and resolve the complaints';
  if (has('churned')) {
    const couponedLately = daysSinceCoupon !== undefined && daysSinceCoupon !== null && daysSinceCoupon < 30;
    if (couponedLately) return zh ? '尽快上门拜访，了解原因' : 'Visit soon and ask why';
    return zh ? '尽快上门拜访，了解原因，可考虑发放优惠券' : 'Visit soon, ask why, consider a coupon';
  }
  if (has('cycle_overdue') || has('inactive') || has('low_p_alive'))
    return zh ? '电话或上门确认补货需求' : 'Call or visit to take the next order';
  if (has('sku_breadth_drop'))
    return zh ? '了解停购品项的原因，推荐替代或促销' : 'Ask about the dropped SKUs; offer a promotion';
  if (has('sales_drop') || has('order_count_drop') || has('sustained_decline')) {
    return zh ? '上门拜访，了解竞品和库存情况' : 'Visit and check stock and competitors';
  }
  // Flagged by the learned risk alone: its strongest reason says what kind of slipping it is.
  const first = learned?.reasons[0]?.kind;
  if (first === 'silence' || first === 'unlikely_to_buy')
    return zh ? '电话或上门确认补货需求' : 'Call or visit to take the next order';
  if (first === 'fewer_purchase_days' || first === 'lower_sales')
    return zh ? '上门拜访，了解竞品和库存情况' : 'Visit and check stock and competitors';
  if (first === 'new_customer')
    return zh ? '回访新客户，了解使用情况' : 'Call the new customer and ask how it went';
  if (has('visit_overdue')) return zh ? '安排拜访' : 'Schedule a visit';
  return zh ? '保持跟进' : 'Keep in touch';
}
