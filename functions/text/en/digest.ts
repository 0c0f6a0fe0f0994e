import type { DigestText } from '../zh-CN/digest.ts';

/** `1 customer`, `3 customers`. */
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const days = (n: number): string => count(n, 'day');

export const digest: DigestText = {
  customer: {
    status: { new: 'New', escalated: 'Escalated', still: 'Still at risk' },
    byAdmin: ' (the admin set this rule to list a customer whenever it fires)',
    moneyAtRisk: 'Money at risk',
    periodSales: (n) => `${n}-day sales`,
    atRiskFor: 'At risk for',
    atRiskDays: (n) => days(n),
    lastOrder: 'Last order',
    noOrders: 'No orders on record',
    lastVisit: 'Last visit',
    noVisit: 'No visit logged',
    lastCoupon: 'Last coupon',
    noCoupon: 'No coupon sent',
    dateWithAge: (date, age) => `${date} (${age})`,
    today: 'today',
    daysAgo: (n) => `${days(n)} ago`,
    newSignals: (titles) => `New since you last heard: ${titles}`,
    worse: 'Worse: a stronger signal or a higher tier',
    nextStep: (action) => `Next step: ${action}`,
  },
  recovered: {
    orderedAgain: (n) => `Ordered again after ${days(n)} at risk`,
    orderedAgainOn: (date, n) => `Ordered again on ${date} after ${days(n)} at risk`,
  },
  section: { atRisk: 'To follow up', recovered: 'Recovered' },
  subject: {
    allClear: (day) => `Morning digest: all clear (${day})`,
    nothingNew: (total, day) =>
      `Morning digest: nothing new, ${count(total, 'customer')} still being followed up (${day})`,
    recoveredOnly: (recovered, day) =>
      `Morning digest: ${count(recovered, 'customer')} ordered again, no new risks (${day})`,
    someNew: (total, fresh, day) =>
      `Morning digest: ${count(total, 'customer')} at risk, ${fresh} new (${day})`,
    atRisk: (total, day) => `Morning digest: ${count(total, 'customer')} at risk (${day})`,
  },
  email: {
    title: 'Daily churn warnings',
    greeting: (name) => `Good morning, ${name}.`,
    noneAtRisk: 'None of your customers is at risk today.',
    nothingNew: (total) => `Nothing new today; ${count(total, 'customer')} of yours remain at risk.`,
    news: (parts) => `${parts.join('; ')}.`,
    needYou: (listed, fresh, still) =>
      `${count(listed, 'customer')} ${listed === 1 ? 'needs' : 'need'} you today (${fresh} new, ${still} still at risk)`,
    orderedAgain: (recovered) => `${count(recovered, 'customer')} ordered again`,
    inAll: (total) =>
      `${count(total, 'customer')} of yours are at risk in all: escalated and VIP customers first, then the most money at risk.`,
    omitted: (n) =>
      `${count(n, 'more customer')} at risk ${n === 1 ? 'is' : 'are'} not listed here (escalated and VIP customers come first, then the most money at risk); they come in the next days' digests.`,
    otherSignals: 'Other signals:',
    answerLabel: 'Answer: ',
    answerButton: 'Tell us what you did',
    footer: (repId) =>
      `You get this email because you are the sales rep for these customers (rep id ${repId}). churn-watch checks orders, visits and complaints for churn signals every morning.`,
    footerAnswers:
      'The "Answer" links under each customer record your follow-up in one tap, no login needed. They answer in your name: please do not forward this email.',
  },
  wecom: {
    heading: 'Morning digest',
    atRisk: (total) => `${total} ${total === 1 ? 'customer' : 'customers'} at risk`,
    noneAtRisk: 'no customers at risk',
    countNew: (value) => `new ${value}`,
    countStill: (n) => `still at risk ${n}`,
    countRecovered: (value) => `recovered ${value}`,
    today: (counts) => `Today: ${counts}`,
    nothingToday: 'Nothing to follow up today.',
    answer: 'Answer',
    omitted: (n) => `${n} more at-risk ${n === 1 ? 'customer is' : 'customers are'} not listed here`,
    omittedRest: "; they come in the next days' digests (escalated and VIP customers first).",
  },
};
