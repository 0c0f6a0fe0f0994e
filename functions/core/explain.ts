import type { RuleId, Tier } from './config.ts';
import type { CustomerStatus } from './evaluate.ts';
import type { Finding } from './findings.ts';
import type { LearnedReason, LearnedVerdict } from './learned-risk.ts';
import type { Locale } from './locale.ts';
import { formatMoney } from './money.ts';

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
export const tierName = (tier: Tier, locale: Locale): string => TIER_NAMES[tier][locale];
export const statusName = (status: CustomerStatus, locale: Locale): string => STATUS_NAMES[status][locale];

const pct = (value: number): string => `${value > 0 ? '+' : ''}${value}%`;

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
        : `${finding.currentOrders} orders in the last ${finding.windowDays} days vs ${finding.previousOrders} before (${pct(finding.changePct)})`;
    case 'sustained_decline': {
      const series = finding.months.map((m) => `${m.month} ${money(m.sales)}`).join(' → ');
      return zh
        ? `连续 ${finding.monthsDeclining} 个月下滑：${series}（${pct(finding.changePct)}）`
        : `Down ${finding.monthsDeclining} months in a row: ${series} (${pct(finding.changePct)})`;
    }
    case 'sku_breadth_drop': {
      const dropped = finding.droppedSkus.length > 0 ? finding.droppedSkus.join(zh ? '、' : ', ') : '';
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
        : `Not visited for ${finding.daysSinceLastVisit} days (last ${finding.lastVisitDate}, cadence ${finding.cadenceDays})`;
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
        : `no order for ${reason.daysSinceLastOrder} days (usually every ${reason.cycleDays})`;
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
      return reason.pAlive === null
        ? zh
          ? `按以往的购买规律，未来 90 天预计只下单 ${reason.expectedPurchases ?? 0} 次`
          : `by its past buying, ${reason.expectedPurchases ?? 0} orders expected in the next 90 days`
        : zh
          ? `按以往的购买规律，仍在购买的可能性约 ${Math.round(reason.pAlive * 100)}%`
          : `by its past buying, about ${Math.round(reason.pAlive * 100)}% likely to still be buying`;
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
  // Never 100%: the model is never sure, and a rep reading "100%" would give up on the customer.
  const percent = (value: number) => `${Math.min(99, Math.round(value * 100))}%`;
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

/**
 * What the rep should do first, from the strongest signal: a lost customer needs a visit and an offer, a
 * narrowing assortment a conversation about the lines it stopped buying, a complaint a call today.
 */
export function suggestedAction(
  findings: readonly Finding[],
  locale: Locale,
  learned?: LearnedVerdict,
): string {
  const zh = locale === 'zh-CN';
  const has = (rule: RuleId) => findings.some((finding) => finding.rule === rule);
  if (has('complaints_rising'))
    return zh ? '今天电话回访，先处理投诉' : 'Call today and resolve the complaints';
  if (has('churned'))
    return zh ? '尽快上门拜访，了解原因，可考虑发放优惠券' : 'Visit soon, ask why, consider a coupon';
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
