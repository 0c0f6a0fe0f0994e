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
  return {
    ...input.facts,
    customerId: input.customerId,
    firstSeenDate: input.firstSeenDate,
    daysAtRisk: dayOf(input.day) - dayOf(input.firstSeenDate),
    escalated: input.escalated ?? false,
    newRules: input.newRules ?? [],
  };
}

/** A digest line for an alert outcome (of `record.day`) told on `day`. */
export function digestCustomerOf(record: AlertRecord, state: AlertState, day: string): DigestCustomer {
  return digestCustomer({
    customerId: state.customerId,
    facts: state.facts,
    firstSeenDate: state.firstSeenDate,
    day,
    escalated: record.outcome.escalated,
    newRules: record.outcome.newRules,
  });
}

const byMoneyAtRisk = (a: DigestCustomer, b: DigestCustomer): number =>
  b.moneyAtRisk - a.moneyAtRisk ||
  b.risk - a.risk ||
  (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

/** The key a message stores for each alert outcome it carries: which customer, and the day of the outcome. */
export const outcomeKey = (record: AlertRecord): string => `${record.customerId}@${record.day}`;

/**
 * One rep's digest for a day: `entries` are the alert outcomes still to tell (today's, and earlier ones no
 * message carried), `records` all of the rep's alerts (for the count at risk). New customers come first when
 * the list has to be cut, so a first warning is never crowded out by reminders; the cut ones are told on the
 * next run. Returns the digest and the outcome keys it names.
 */
export function buildRepDigest(input: {
  rep: Rep;
  records: readonly AlertRecord[];
  entries: readonly AlertRecord[];
  day: string;
  maxCustomers: number;
  defaultLocale: Locale;
  configVersion?: number;
}): { digest: RepDigest; shownKeys: string[]; deferredKeys: string[] } {
  const { day } = input;
  const totalAtRisk = input.records.filter((record) => record.state?.open).length;
  type Entry<T> = { key: string; line: T };
  const newCustomers: Entry<DigestCustomer>[] = [];
  const stillAtRisk: Entry<DigestCustomer>[] = [];
  const recovered: Entry<RecoveredCustomer>[] = [];
  for (const record of input.entries) {
    const state = record.state;
    if (!state) continue;
    const key = outcomeKey(record);
    switch (record.outcome.section) {
      case 'new':
        newCustomers.push({ key, line: digestCustomerOf(record, state, day) });
        break;
      case 'still_at_risk':
        stillAtRisk.push({ key, line: digestCustomerOf(record, state, day) });
        break;
      case 'recovered':
        recovered.push({
          key,
          line: {
            customerId: state.customerId,
            name: state.facts.name,
            tier: state.facts.tier,
            lastOrderDate: state.facts.lastOrderDate,
            daysAtRisk: dayOf(state.endedDate ?? day) - dayOf(state.firstSeenDate),
            firstSeenDate: state.firstSeenDate,
          },
        });
        break;
      case null:
        break;
    }
  }
  newCustomers.sort((a, b) => byMoneyAtRisk(a.line, b.line));
  // Escalated customers lead the reminders: something changed for them since the rep last heard.
  stillAtRisk.sort(
    (a, b) => Number(b.line.escalated) - Number(a.line.escalated) || byMoneyAtRisk(a.line, b.line),
  );
  recovered.sort((a, b) => (a.line.customerId < b.line.customerId ? -1 : 1));
  const keepNew = newCustomers.slice(0, input.maxCustomers);
  const keepStill = stillAtRisk.slice(0, Math.max(0, input.maxCustomers - keepNew.length));
  const digest: RepDigest = {
    recipient: recipientOf(input.rep, input.defaultLocale),
    day,
    newCustomers: keepNew.map((entry) => entry.line),
    stillAtRisk: keepStill.map((entry) => entry.line),
    recovered: recovered.map((entry) => entry.line),
    totalAtRisk,
    omitted: newCustomers.length + stillAtRisk.length - keepNew.length - keepStill.length,
    ...(input.configVersion !== undefined ? { configVersion: input.configVersion } : {}),
  };
  const shown = [...keepNew, ...keepStill, ...recovered];
  const shownKeys = shown.map((entry) => entry.key);
  const deferredKeys = [...newCustomers, ...stillAtRisk]
    .filter((entry) => !shown.includes(entry))
    .map((entry) => entry.key);
  return { digest, shownKeys, deferredKeys };
}
