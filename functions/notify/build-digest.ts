import type { AlertFacts, AlertRecord, AlertState } from '../core/alerts.ts';
import type { RuleId } from '../core/config.ts';
import { type Day, parseIsoDay } from '../core/days.ts';
import type { Locale } from '../core/locale.ts';
import type { Rep } from '../core/records.ts';
import type { DigestCustomer, RecoveredCustomer, Recipient, RepDigest } from './digest-model.ts';

/** The people who hear about a customer: who a rep is in a message (name, language, WeCom id). */
export function recipientOf(rep: Rep, defaultLocale: Locale): Recipient {
  return {
    repId: rep.repId,
    name: rep.name ?? null,
    locale: rep.locale ?? defaultLocale,
    ...(rep.wecomUserid ? { wecomUserid: rep.wecomUserid } : {}),
  };
}

const dayOf = (text: string): Day => parseIsoDay(text) as Day;

/** A digest line from the facts of a day, the episode's start and what changed. */
export function digestCustomer(input: {
  customerId: string;
  facts: AlertFacts;
  firstSeenDate: string;
  day: string;
  escalated?: boolean;
  newRules?: RuleId[];
}): DigestCustomer {
  const { facts } = input;
  return {
    customerId: input.customerId,
    name: facts.name,
    tier: facts.tier,
    lastPeriodSales: facts.lastPeriodSales,
    periodDays: facts.periodDays,
    lastOrderDate: facts.lastOrderDate,
    daysSinceLastOrder: facts.daysSinceLastOrder,
    lastVisitDate: facts.lastVisitDate,
    daysSinceLastVisit: facts.daysSinceLastVisit,
    lastCouponDate: facts.lastCouponDate,
    findings: facts.findings,
    moneyAtRisk: facts.moneyAtRisk,
    risk: facts.risk,
    firstSeenDate: input.firstSeenDate,
    daysAtRisk: dayOf(input.day) - dayOf(input.firstSeenDate),
    escalated: input.escalated ?? false,
    newRules: input.newRules ?? [],
  };
}

export function digestCustomerOf(record: AlertRecord, state: AlertState, day: string): DigestCustomer {
  const today = record.day === day;
  return digestCustomer({
    customerId: state.customerId,
    facts: state.facts,
    firstSeenDate: state.firstSeenDate,
    day,
    escalated: today && record.outcome.escalated,
    newRules: today ? record.outcome.newRules : [],
  });
}

const byMoneyAtRisk = (a: DigestCustomer, b: DigestCustomer): number =>
  b.moneyAtRisk - a.moneyAtRisk ||
  b.risk - a.risk ||
  (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

/**
 * One rep's digest for a day from the alert records of their customers: who is new, who is due a reminder
 * or got worse, who recovered. New customers come first when the list has to be cut: a rep must never miss
 * a first warning because older ones fill the message.
 */
export function buildRepDigest(input: {
  rep: Rep;
  records: readonly AlertRecord[];
  day: string;
  maxCustomers: number;
  defaultLocale: Locale;
  configVersion?: number;
}): RepDigest {
  const { day } = input;
  const newCustomers: DigestCustomer[] = [];
  const stillAtRisk: DigestCustomer[] = [];
  const recovered: RecoveredCustomer[] = [];
  let totalAtRisk = 0;
  for (const record of input.records) {
    const state = record.state;
    if (!state) continue;
    if (state.open) totalAtRisk++;
    if (record.day !== day) continue;
    switch (record.outcome.section) {
      case 'new':
        newCustomers.push(digestCustomerOf(record, state, day));
        break;
      case 'still_at_risk':
        stillAtRisk.push(digestCustomerOf(record, state, day));
        break;
      case 'recovered':
        recovered.push({
          customerId: state.customerId,
          name: state.facts.name,
          tier: state.facts.tier,
          lastOrderDate: state.facts.lastOrderDate,
          daysAtRisk: dayOf(state.endedDate ?? day) - dayOf(state.firstSeenDate),
          firstSeenDate: state.firstSeenDate,
        });
        break;
      case null:
        break;
    }
  }
  newCustomers.sort(byMoneyAtRisk);
  // Escalated customers lead the reminders: something changed for them since the rep last heard.
  stillAtRisk.sort((a, b) => Number(b.escalated) - Number(a.escalated) || byMoneyAtRisk(a, b));
  recovered.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  const keepNew = newCustomers.slice(0, input.maxCustomers);
  const keepStill = stillAtRisk.slice(0, Math.max(0, input.maxCustomers - keepNew.length));
  return {
    recipient: recipientOf(input.rep, input.defaultLocale),
    day,
    newCustomers: keepNew,
    stillAtRisk: keepStill,
    recovered,
    totalAtRisk,
    omitted: newCustomers.length + stillAtRisk.length - keepNew.length - keepStill.length,
    ...(input.configVersion !== undefined ? { configVersion: input.configVersion } : {}),
  };
}
