import type { RuleId, Tier } from '../../core/config.ts';
import type { CustomerStatus } from '../../core/evaluate.ts';
import type * as F from '../../core/findings.ts';
import type { LearnedReason } from '../../core/learned-verdict.ts';

/**
 * How a finding, a tier, a status and the risk read in Chinese. Money arrives formatted (`¥3,200.00`) and
 * percentages signed (`-65%`): the catalogue arranges words around values, it computes nothing.
 */
export const signals = {
  ruleTitle: {
    inactive: '即将流失',
    churned: '已流失',
    cycle_overdue: '订货周期异常',
    sales_drop: '销售额暴跌',
    order_count_drop: '交易次数暴跌',
    sustained_decline: '持续下滑',
    sku_breadth_drop: '动销品项数下滑',
    visit_overdue: '超期未拜访',
    complaints_rising: '投诉增多',
    low_p_alive: '复购可能性低',
  } satisfies Record<RuleId, string>,
  /** "已流失" beside "流失风险 23%" reads as a contradiction: beside a probability the rule says what it measures. */
  churnedBesideProbability: '远超订货周期',
  tierName: {
    vip: '非常重要',
    important: '重要',
    general: '一般',
    dormant: '休眠',
  } satisfies Record<Tier, string>,
  statusName: {
    active: '正常',
    at_risk: '有风险',
    lost: '已失联',
    no_orders: '无订单',
  } satisfies Record<CustomerStatus, string>,
  riskProbability: (percent: string) => `流失风险 ${percent}`,
  riskScore: (percent: string) => `风险评分 ${percent}`,
  /** A product name two dropped SKUs share, with its code beside it. */
  productWithCode: (name: string, sku: string) => `${name}（${sku}）`,
  listSeparator: '、',
  finding: {
    inactive: (f: F.InactiveFinding) =>
      `已 ${f.daysSinceLastOrder} 天未下单（上次 ${f.lastOrderDate}，阈值 ${f.thresholdDays} 天）`,
    churned: (f: F.ChurnedFinding) =>
      `已 ${f.daysSinceLastOrder} 天未下单，约 ${f.cyclesMissed} 个订货周期（平时约 ${f.cycleDays} 天一单）`,
    cycle_overdue: (f: F.CycleOverdueFinding) =>
      `平时约 ${f.cycleDays} 天一单，已 ${f.daysSinceLastOrder} 天未下单（晚了 ${f.daysLate} 天）`,
    sales_drop: (f: F.SalesDropFinding, m: { current: string; previous: string; change: string }) =>
      `近 ${f.windowDays} 天销售额 ${m.current}，前 ${f.windowDays} 天 ${m.previous}（${m.change}）`,
    order_count_drop: (f: F.OrderCountDropFinding, change: string) =>
      `近 ${f.windowDays} 天下单 ${f.currentOrders} 次，前 ${f.windowDays} 天 ${f.previousOrders} 次（${change}）`,
    sustained_decline: (f: F.SustainedDeclineFinding, series: string, change: string) =>
      `连续 ${f.monthsDeclining} 个月下滑：${series}（${change}）`,
    sustainedSeriesStep: ' → ',
    sku_breadth_drop: (f: F.SkuBreadthDropFinding, dropped: string) =>
      `近 ${f.windowDays} 天购买 ${f.currentSkus} 个品项，前 ${f.windowDays} 天 ${f.previousSkus} 个${dropped ? `（不再购买：${dropped}）` : ''}`,
    visitNeverLogged: (cadenceDays: number) => `没有拜访记录（应每 ${cadenceDays} 天拜访一次）`,
    visit_overdue: (days: number, lastVisitDate: string, cadenceDays: number) =>
      `${days} 天未拜访（上次 ${lastVisitDate}，应每 ${cadenceDays} 天一次）`,
    complaints_rising: (f: F.ComplaintsRisingFinding) =>
      `近 ${f.windowDays} 天投诉 ${f.complaints} 次（前 ${f.windowDays} 天 ${f.previousComplaints} 次）`,
    low_p_alive: (f: F.LowPAliveFinding, chance: string) =>
      `按以往的购买规律，仍在购买的可能性约 ${chance}（回购 ${f.repeatPurchases} 次，已 ${f.weeksSinceLastPurchase} 周未买）`,
  },
  learnedTitle: '模型评估',
  learnedReason: {
    silence: (r: Extract<LearnedReason, { kind: 'silence' }>) =>
      `已 ${r.daysSinceLastOrder} 天未下单（平时约 ${r.cycleDays} 天一单）`,
    noOrders: (days: number) => `近 ${days} 天没有下单`,
    fewer_purchase_days: (r: Extract<LearnedReason, { kind: 'fewer_purchase_days' }>) =>
      `近 ${r.windowDays} 天下单 ${r.recentDays} 天，前 ${r.windowDays} 天 ${r.previousDays} 天`,
    noSales: (days: number) => `近 ${days} 天没有销售额`,
    lower_sales: (windowDays: number, recent: string, previous: string) =>
      `近 ${windowDays} 天销售额 ${recent}，前 ${windowDays} 天 ${previous}`,
    new_customer: (customerAgeDays: number) => `新客户，首单在 ${customerAgeDays} 天前`,
    // No second percentage beside the risk, nor a word about silence: BG/NBD also rates a customer who
    // ordered yesterday unlikely to buy again when its history is sparse or irregular.
    unlikely_to_buy: '按以往的购买规律，近期再下单的可能性低',
  },
  learnedHead: (risk: string, line: string) => `流失风险 ${risk}（预警线 ${line}）`,
  learnedHeadHeld: (risk: string, line: string) =>
    `流失风险 ${risk}（预警线 ${line}；已低于预警线，但还没有明显回落，继续跟进）`,
  learnedHeldRest: (line: string) => `预警线 ${line}，已低于预警线，但还没有明显回落，继续跟进`,
  /** Between a head and its reasons, and between reasons. */
  reasonsAfter: '：',
  reasonSeparator: '；',
  action: {
    complaints: '今天电话回访，先处理投诉',
    visitAskWhy: '尽快上门拜访，了解原因',
    visitAskWhyCoupon: '尽快上门拜访，了解原因，可考虑发放优惠券',
    takeNextOrder: '电话或上门确认补货需求',
    droppedSkus: '了解停购品项的原因，推荐替代或促销',
    checkStock: '上门拜访，了解竞品和库存情况',
    newCustomer: '回访新客户，了解使用情况',
    scheduleVisit: '安排拜访',
    keepInTouch: '保持跟进',
  },
};

export type SignalsText = typeof signals;
