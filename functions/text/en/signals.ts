import type { SignalsText } from '../zh-CN/signals.ts';

export const signals: SignalsText = {
  ruleTitle: {
    inactive: 'Inactive',
    churned: 'Churned',
    cycle_overdue: 'Order overdue',
    sales_drop: 'Sales drop',
    order_count_drop: 'Fewer orders',
    sustained_decline: 'Sustained decline',
    sku_breadth_drop: 'Fewer SKUs',
    visit_overdue: 'Visit overdue',
    complaints_rising: 'Complaints rising',
    low_p_alive: 'Unlikely to buy again',
  },
  churnedBesideProbability: 'Far past its cycle',
  tierName: { vip: 'VIP', important: 'Important', general: 'General', dormant: 'Dormant' },
  statusName: { active: 'Active', at_risk: 'At risk', lost: 'Lost', no_orders: 'No orders' },
  riskProbability: (percent) => `${percent} likely to stop ordering`,
  riskScore: (percent) => `Risk score ${percent}`,
  productWithCode: (name, sku) => `${name} (${sku})`,
  listSeparator: ', ',
  finding: {
    inactive: (f) =>
      `No order for ${f.daysSinceLastOrder} days (last ${f.lastOrderDate}, threshold ${f.thresholdDays})`,
    churned: (f) =>
      `Silent ${f.daysSinceLastOrder} days, ${f.cyclesMissed} of its usual ${f.cycleDays}-day cycles`,
    cycle_overdue: (f) =>
      `Usually orders every ${f.cycleDays} days; ${f.daysSinceLastOrder} days since the last (${f.daysLate} days late)`,
    sales_drop: (f, m) =>
      `Sales ${m.current} in the last ${f.windowDays} days vs ${m.previous} before (${m.change})`,
    order_count_drop: (f, change) =>
      `${f.currentOrders} ${f.currentOrders === 1 ? 'order' : 'orders'} in the last ${f.windowDays} days vs ${f.previousOrders} before (${change})`,
    sustained_decline: (f, series, change) =>
      `Down ${f.monthsDeclining} months in a row: ${series} (${change})`,
    sustainedSeriesStep: ' → ',
    sku_breadth_drop: (f, dropped) =>
      `${f.currentSkus} SKUs in the last ${f.windowDays} days vs ${f.previousSkus} before${dropped ? ` (stopped: ${dropped})` : ''}`,
    visitNeverLogged: (cadenceDays) => `No visit logged (cadence ${cadenceDays} days)`,
    visit_overdue: (days, lastVisitDate, cadenceDays) =>
      `Not visited for ${days} days (last ${lastVisitDate}, every ${cadenceDays} days expected)`,
    complaints_rising: (f) =>
      `${f.complaints} complaints in the last ${f.windowDays} days (${f.previousComplaints} before)`,
    low_p_alive: (f, chance) =>
      `By its past buying, about ${chance} likely to still be buying (${f.repeatPurchases} repeat purchases, ${f.weeksSinceLastPurchase} weeks since the last)`,
  },
  learnedTitle: 'Learned risk',
  learnedReason: {
    silence: (r) => `no order for ${r.daysSinceLastOrder} days (usually every ${r.cycleDays} days)`,
    noOrders: (days) => `no order in the last ${days} days`,
    fewer_purchase_days: (r) =>
      `ordered on ${r.recentDays} days in the last ${r.windowDays} vs ${r.previousDays} before`,
    noSales: (days) => `no sales in the last ${days} days`,
    lower_sales: (windowDays, recent, previous) =>
      `sales ${recent} in the last ${windowDays} days vs ${previous} before`,
    new_customer: (customerAgeDays) => `a new customer, first order ${customerAgeDays} days ago`,
    unlikely_to_buy: 'by its past buying pattern, another order soon is unlikely',
  },
  learnedHead: (risk, line) => `risk of lapsing ${risk} (this distributor's line: ${line})`,
  learnedHeadHeld: (risk, line) =>
    `risk of lapsing ${risk} (this distributor's line: ${line}; below it, but not clearly down yet: still followed)`,
  learnedHeldRest: (line) =>
    `this distributor's line ${line}; below it, but not clearly down yet: still followed`,
  reasonsAfter: ': ',
  reasonSeparator: '; ',
  action: {
    complaints: 'Call today and resolve the complaints',
    visitAskWhy: 'Visit soon and ask why',
    visitAskWhyCoupon: 'Visit soon, ask why, consider a coupon',
    takeNextOrder: 'Call or visit to take the next order',
    droppedSkus: 'Ask about the dropped SKUs; offer a promotion',
    checkStock: 'Visit and check stock and competitors',
    newCustomer: 'Call the new customer and ask how it went',
    scheduleVisit: 'Schedule a visit',
    keepInTouch: 'Keep in touch',
  },
};
