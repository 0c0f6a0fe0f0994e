import type { WeeklyText } from '../zh-CN/weekly.ts';

/** `1 customer`, `3 customers`. */
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const days = (n: number): string => count(n, 'day');

/** `a and b`, `a, b and c`. */
const listed = (items: readonly string[]): string =>
  items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export const weekly: WeeklyText = {
  period: (from, to) => `${from} to ${to}`,
  subject: (team, period, atRisk, fresh, recovered) =>
    `Weekly summary: ${team} (${period}): ${count(atRisk, 'customer')} at risk, ${fresh} new, ${recovered} recovered`,
  title: (team) => `Weekly summary: ${team}`,
  wecomTitle: 'Weekly summary',
  unchanged: 'unchanged',
  stats: {
    atRisk: 'At risk now',
    lastWeek: (n, change) => `last week ${n} (${change})`,
    fresh: 'New this week',
    recovered: 'Recovered this week',
    escalations: 'Escalations this week',
  },
  headline: {
    atRisk: (value, lastWeek, change) => `${value} at risk (last week ${lastWeek}, ${change})`,
    fresh: (value) => `new this week ${value}`,
    recovered: (value) => `recovered ${value}`,
    cleared: (n) => `no longer flagged without ordering ${n}`,
    lost: (n) => `lost ${n}`,
    escalations: (value) => `escalations ${value}`,
  },
  overview: {
    fresh: (n) => `${n} new`,
    recovered: (n) => `${n} recovered`,
    cleared: (n) => `${n} no longer flagged without ordering`,
    lost: (n) => `${n} lost`,
    sentence: (now, lastWeek, change, moves, net) =>
      `${count(now, 'customer')} at risk now (${lastWeek} at the end of last week, ${change}). ${listed(moves)} this week, net ${net >= 0 ? '+' : ''}${net}.`,
  },
  basisNote:
    'Basis: "at risk" means a customer whose alert is still open, the same count as each rep\'s digest ("N of yours are at risk in all", as of the week\'s last evaluation), under the rep the alert names; last week\'s figure is counted the same way.',
  team: 'Team',
  trend: {
    title: (weeks) => `The last ${count(weeks, 'week')}`,
    startsNextWeek: 'The trend chart starts next week, when there are two weeks to compare.',
    atRisk: 'At-risk customers at the end of each week',
    moneyAtRisk: 'Money at risk at the end of each week',
  },
  tiers: {
    title: 'At risk by tier',
    wecomTitle: 'At risk by tier',
    alt: (counts) => `At-risk customers by tier: ${counts}`,
  },
  signals: {
    title: 'At risk by signal',
    wecomTitle: 'At risk by signal',
    none: 'No churn signal fired for any customer.',
    modelOnly: (learnedTitle) => `${learnedTitle} only (no rule fired)`,
    signal: 'Signal',
    customers: 'Customers',
    share: 'Share of at risk',
  },
  churn: {
    title: (n) => `Churn rate by tier (last ${n} days vs the ${n} before)`,
    wecomTitle: (n) => `Churn rate (last ${n} days vs the ${n} before)`,
    altTier: (tier, now, before) => `${tier} ${now} now, ${before} before`,
    alt: (tiers) => `Churn rate by tier: ${tiers}`,
    tier: 'Tier',
    previous: 'Previous',
    change: 'Change (pts)',
    note: 'Churn rate: of the customers buying at the start of the period, the share churned or lost at its end; the small print is churned/base.',
    line: (tier, now, before, change) => `- ${tier}: ${now} now, ${before} before, change ${change}`,
    points: (points) => `${points} pts`,
    before: (rate) => `before ${rate}`,
  },
  recovery: {
    title: (from, to, withinDays) =>
      `Recovery after a warning (warnings ${from} to ${to}, ordering again and no longer at risk within ${withinDays} days)`,
    detail: (rate, warned, recovered) => `${rate} (${recovered} of ${warned} warned recovered)`,
    noWarnings: '— (no warnings)',
    aroundChange: (version, changedOn, before, after) =>
      `Config v${version} (from ${changedOn}): before ${before}; after ${after}.`,
    afterPending: (version, changedOn, before, withinDays) =>
      `Config v${version} (from ${changedOn}): before ${before}; warnings since need ${withinDays} days before they can be compared.`,
    warned: 'Warned',
    recovered: 'Recovered',
    rate: 'Rate',
  },
  activity: {
    title: 'Active customers and average order value',
    wecomTitle: 'Active customers and order value',
    noHistory: 'Not enough monthly history yet.',
    noMonth: 'No complete month of data yet.',
    wecomNoMonth: '- No complete month yet',
    soFar: ' (so far)',
    unfinishedNote: 'The light bar is the running month (not over yet).',
    noBaseline: (month, active, orderValue) =>
      `${month}: ${count(active, 'active customer')}, average order ${orderValue} (no baseline months yet).`,
    activeAgainst: (month, active, months, baseline, change) =>
      `${month}: ${count(active, 'active customer')} vs ${baseline} on average over the ${months} months before (${change}).`,
    orderValueAgainst: (month, value, months, baseline, change) =>
      `${month}: average order value ${value} vs ${baseline} over the ${months} months before (${change}).`,
    against: (month, months) => `${month}, against the mean of the ${months} months before`,
    active: 'Active customers',
    averageOrderValue: 'Average order value',
    baseline: 'baseline',
  },
  reps: {
    title: 'By rep',
    wecomTitle: 'Reps',
    none: 'No reps in the team.',
    rep: 'Rep',
    atRisk: 'At risk',
    freshRecovered: 'New / recovered this week',
    visits: 'Visits',
    moneyAtRisk: 'Money at risk',
    line: (r) =>
      `- ${r.name}: ${r.atRisk} at risk, ${r.fresh} new and ${r.recovered} recovered this week, ${count(r.visits, 'visit')}, ${r.money} at risk`,
    wecomFacts: (r) =>
      `at risk ${r.atRisk} · new this week ${r.fresh} · recovered this week ${r.recovered} · recovery ${r.rate} · ${count(r.visits, 'visit')} · ${r.money} at risk`,
  },
  followUp: {
    title: (withinDays) => `Follow-up of this week's warnings (within ${withinDays} days)`,
    noWarnings: 'no new warnings',
    outcomes: (warned, parts) => `${count(warned, 'warning')}: ${parts.join(', ')}`,
    followedUp: (n, withinDays) => `${n} followed up within ${days(withinDays)}`,
    notFollowedUp: (n) => `${n} not followed up`,
    notReal: (n) => `${n} not a real risk`,
    closed: (n) => `${n} shop closed`,
    waiting: (n) => `${n} waiting`,
    reasons: (list) => `Reasons given for "not a real risk": ${list}`,
    effect: (headline, n) =>
      `${headline} (warnings of the last ${n} days; the full report: churn-watch effect)`,
    basisNote: (withinDays) =>
      `Basis: "warnings" are the alerts that started this week, the customers each rep's digest tagged New, under the rep the alert names. Each counts once, in the first that applies: answered "not a real risk"; answered "shop closed"; "followed up": a call, visit or coupon answered, or a visit logged, within ${withinDays} days of the warning; "waiting": nothing yet and ${withinDays} days not over; otherwise "not followed up".`,
    followedUpColumn: 'Followed up',
    notFollowedUpColumn: 'Not followed up',
    waitingUnder: (n) => `waiting ${n}`,
    closedUnder: (n) => `closed ${n}`,
  },
  unanswered: {
    title: 'Warnings nobody answered',
    none: (withinDays) => `No warning has gone unanswered for more than ${withinDays} days.`,
    some: (total, withinDays, shown) =>
      `${total} ${total === 1 ? 'warning has' : 'warnings have'} gone unanswered for more than ${withinDays} days (still at risk, no answer of any kind, no visit logged), oldest first${shown === null ? '' : `, the first ${shown} listed`}:`,
    warnedAgo: (n, date) => `warned ${days(n)} ago (${date})`,
  },
  largest: {
    title: 'Most money at risk',
    none: 'No customer is at risk.',
    noRep: 'no rep assigned',
    newToday: 'new today',
    daysAtRisk: (n) => `${days(n)} at risk`,
  },
  escalations: {
    title: 'Escalations this week',
    none: 'No escalations this week.',
    some: (n) =>
      `${count(n, 'escalation')} sent to you this week (VIP or important customers at risk without a visit).`,
  },
  footer: (team) =>
    `You get this email because you manage the team "${team}". churn-watch sums up the team's churn risk once a week; each rep gets a morning digest about their own customers.`,
};
