import type { AlertFacts, AlertRecord, AlertState } from '../../core/alerts.ts';
import type { RuleId } from '../../core/config.ts';
import { type Day, parseIsoDay } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import type { Rep } from '../../core/records.ts';
import type { AnswerLinkMaker } from '../follow-up/digest-links.ts';
import type { DigestCustomer, RecoveredCustomer, Recipient, RepDigest } from '../../render/digest-model.ts';

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
  isNew?: boolean;
  escalated?: boolean;
  newRules?: RuleId[];
}): DigestCustomer {
  return {
    ...input.facts,
    customerId: input.customerId,
    firstSeenDate: input.firstSeenDate,
    daysAtRisk: dayOf(input.day) - dayOf(input.firstSeenDate),
    isNew: input.isNew ?? false,
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
    isNew: record.outcome.section === 'new',
    escalated: record.outcome.escalated,
    newRules: record.outcome.newRules,
  });
}

/**
 * Which customers a rep reads first, and which stay when `digest.maxCustomers` cuts the list:
 *
 * 1. escalated customers (a signal the rep has not heard about, or a higher tier): something changed since
 *    the rep last looked, whatever the customer is worth;
 * 2. VIP customers (非常重要): the few shops the rep cannot afford to lose, never buried under many smaller ones;
 * 3. everyone else by expected loss (`moneyAtRisk` = probability × trailing 12-month sales).
 *
 * Within each group, by expected loss, then risk, then id (so the same day orders the same way). New and
 * reminded customers share the list (each is tagged): a first warning about a small shop does not outrank a
 * reminder about a large one. The list is cut from the end, so an escalation or a VIP is never dropped while a
 * customer of a lower group is shown.
 */
export function compareForDigest(a: DigestCustomer, b: DigestCustomer): number {
  return (
    digestGroup(a) - digestGroup(b) ||
    b.moneyAtRisk - a.moneyAtRisk ||
    b.risk - a.risk ||
    (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0)
  );
}

const digestGroup = (customer: DigestCustomer): number =>
  customer.escalated ? 0 : customer.tier === 'vip' ? 1 : 2;

/** Only the customers a digest lists get links: those cut today get theirs in the digest that lists them. */
function withAnswerLinks(
  line: DigestCustomer,
  repId: string,
  maker: AnswerLinkMaker | null | undefined,
): DigestCustomer {
  return maker ? { ...line, ...maker(repId, line.customerId, line.firstSeenDate) } : line;
}

/** The key a message stores for each alert outcome it carries: which customer, and the day of the outcome. */
export const outcomeKey = (record: AlertRecord): string => `${record.customerId}@${record.day}`;

/**
 * One rep's digest for a day: `entries` are the alert outcomes still to tell (today's, and earlier ones no
 * message carried), `records` all of the rep's alerts (for the count at risk). The customers at risk are
 * ordered by compareForDigest and cut to `maxCustomers` from the end; the cut ones are told on the next run.
 * With `answerLinks`, each customer listed at risk gets the rep's signed answer links for its episode (a
 * recovered customer needs no answer). Returns the digest and the outcome keys it names.
 */
export function buildRepDigest(input: {
  rep: Rep;
  records: readonly AlertRecord[];
  entries: readonly AlertRecord[];
  day: string;
  maxCustomers: number;
  defaultLocale: Locale;
  configVersion?: number;
  answerLinks?: AnswerLinkMaker | null;
}): { digest: RepDigest; shownKeys: string[]; deferredKeys: string[] } {
  const { day } = input;
  const totalAtRisk = input.records.filter((record) => record.state?.open).length;
  type Entry<T> = { key: string; line: T };
  const atRisk: Entry<DigestCustomer>[] = [];
  const recovered: Entry<RecoveredCustomer>[] = [];
  for (const record of input.entries) {
    const state = record.state;
    if (!state) continue;
    const key = outcomeKey(record);
    switch (record.outcome.section) {
      case 'new':
      case 'still_at_risk':
        atRisk.push({ key, line: digestCustomerOf(record, state, day) });
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
  atRisk.sort((a, b) => compareForDigest(a.line, b.line));
  recovered.sort((a, b) => (a.line.customerId < b.line.customerId ? -1 : 1));
  const kept = atRisk.slice(0, Math.max(0, input.maxCustomers));
  const cut = atRisk.slice(kept.length);
  const digest: RepDigest = {
    recipient: recipientOf(input.rep, input.defaultLocale),
    day,
    atRisk: kept.map(({ line }) => withAnswerLinks(line, input.rep.repId, input.answerLinks)),
    recovered: recovered.map((entry) => entry.line),
    totalAtRisk,
    omitted: cut.length,
    ...(input.configVersion !== undefined ? { configVersion: input.configVersion } : {}),
  };
  const shownKeys = [...kept, ...recovered].map((entry) => entry.key);
  const deferredKeys = cut.map((entry) => entry.key);
  return { digest, shownKeys, deferredKeys };
}
