import type { AlertFacts, AlertRecord, AlertState } from '../../core/alerts.ts';
import type { ChurnConfig } from '../../core/config.ts';
import { type Day, formatDay, parseIsoDay } from '../../core/days.ts';
import type { Rep } from '../../core/records.ts';
import { answerLinkMaker } from '../follow-up/digest-links.ts';
import { buildRepDigest, outcomeKey } from './build-digest.ts';
import type { DeliverDeps } from './deliver.ts';
import { isAllClear } from '../../render/digest-model.ts';
import type { DeliveryKind, DeliveryRecord, DeliverySummary } from './outbox.ts';
import { bothForms, type DrainResult, drainOutbox, newDelivery } from './outbox-worker.ts';
import { renderDigestEmail } from '../../render/render-digest-email.ts';
import { renderDigestWecom } from '../../render/render-digest-wecom.ts';
import {
  type EscalatedCustomer,
  renderChannelBrokenEmail,
  renderChannelBrokenWecom,
  renderEscalationEmail,
  renderEscalationWecom,
} from '../../render/render-notices.ts';

/**
 * The facts of `day` for customers whose alert outcome is of an earlier day (held over from a cut list or a
 * message that never went out), as that day's evaluation found them: only those still at risk that day.
 * Null when the day's evaluation cannot be reproduced (no run record with its inputs).
 */
export type FactsOfDay = (
  day: string,
  records: readonly AlertRecord[],
) => Promise<ReadonlyMap<string, AlertFacts> | null>;

export interface NotifierDeps extends Omit<DeliverDeps, 'reps' | 'onChannelBroken'> {
  config: ChurnConfig;
  configVersion: number;
  reps: ReadonlyMap<string, Rep>;
  /**
   * Describes held-over customers as of the day the digest is for; without it (or when it returns null)
   * they are described with the facts their alert was written with.
   */
  factsOfDay?: FactsOfDay;
  /**
   * Where the reps' one-tap answer links point and what signs them (CycleDeps.actionLinks); absent, or with
   * `followUp.enabled` off, digests carry no links.
   */
  actionLinks?: { baseUrl: string; key: string } | undefined;
}

export interface NotifySummary extends DrainResult {
  day: string;
  /** Reps with nothing to say today (no message, as "all clear" is off). */
  quietReps: number;
  /**
   * The day's failed and uncertain messages (digests, escalations, notices), this run's and earlier runs'
   * alike: what a person must look at, even when this run had nothing left to send. `byStatus` counts the
   * whole day the same way.
   */
  dayProblems: DeliverySummary[];
}

/**
 * How far back an outcome no message carried is still worth telling: a notifier that did not run for a
 * few days catches up, but a rep is not told about a week-old "new" customer as news.
 */
const CATCH_UP_DAYS = 6;

/**
 * The notifier's daily run: each rep's digest from the alert outcomes no message has carried yet (today's,
 * and those of the last days that a notifier that did not run, a late import or a cut list left untold),
 * the managers' escalations likewise, all through the outbox; then every delivery still owed. Running it
 * again for the same day finds every outcome carried and sends only what is still owed; outcomes that
 * appeared since (late data) go out in a second, shorter message.
 */
export async function notifyDay(
  deps: NotifierDeps,
  day: string,
  alerts: Iterable<AlertRecord>,
): Promise<NotifySummary> {
  const { config, reps } = deps;
  const now = deps.now();
  const today = parseIsoDay(day) as Day;
  const since = formatDay(today - CATCH_UP_DAYS);
  // First, so that a stale message of an earlier day is marked failed and its outcomes count as untold.
  const owed = await owedDeliveries(deps, day);
  const existing = await deps.store.listSummaries(since);
  const carried = carriedOutcomes(existing, day);

  const byRep = new Map<string, AlertRecord[]>();
  const untold = new Map<string, AlertRecord[]>();
  const escalations = new Map<string, AlertRecord[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const record of alerts) {
    const state = record.state;
    if (!state) continue;
    const repKey = state.repId ?? '-';
    push(byRep, repKey, record);
    // Outcomes of a later day than this run (an older --as-of) are not this run's to tell.
    if (record.day < since || record.day > day) continue;
    if (record.outcome.section && !carried.digest.has(outcomeKey(record))) push(untold, repKey, record);
    if (record.outcome.escalateToManager && !carried.escalation.has(outcomeKey(record))) {
      push(escalations, reps.get(repKey)?.managerId ?? '-', record);
    }
  }

  await describeHeldOver(deps, day, untold);

  const answerLinks = answerLinkMaker({ settings: deps.actionLinks, config, day });
  const queue: DeliveryRecord[] = [];
  const recipients = new Set(untold.keys());
  if (config.digest.allClear) {
    for (const rep of reps.values()) if (rep.role === 'rep') recipients.add(rep.repId);
  }
  for (const repKey of [...recipients].sort()) {
    const rep = reps.get(repKey);
    const sequence = nextSequence(existing, 'digest', repKey, day);
    const { digest, shownKeys, deferredKeys } = buildRepDigest({
      rep: rep ?? { repId: repKey, role: 'rep' },
      records: byRep.get(repKey) ?? [],
      entries: untold.get(repKey) ?? [],
      day,
      maxCustomers: config.digest.maxCustomers,
      defaultLocale: config.locale,
      configVersion: deps.configVersion,
      // Only a rep on record can answer: customers without one go to nobody's digest.
      ...(rep ? { answerLinks } : {}),
    });
    // An all-clear goes out once a day at most, and never as a follow-up.
    if (isAllClear(digest) && (!config.digest.allClear || !rep || sequence > 1)) continue;
    const record = newDelivery({
      kind: 'digest',
      recipientId: repKey,
      day,
      rep,
      channels: config.channels,
      content: bothForms({ email: () => renderDigestEmail(digest), wecom: () => renderDigestWecom(digest) }),
      now,
      customerKeys: shownKeys,
      deferredKeys,
      sequence,
      ...(repKey === '-' ? { problem: { code: 'no-rep' } as const } : {}),
    });
    queue.push((await deps.store.create(record)).record);
  }
  for (const [managerId, records] of [...escalations].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const manager = reps.get(managerId);
    const notice = {
      locale: manager?.locale ?? config.locale,
      managerName: manager?.name ?? null,
      day,
      escalationDays: config.escalation.days,
      customers: records.map((record) => escalatedCustomer(record, reps, today)),
    };
    notice.customers.sort((a, b) => b.moneyAtRisk - a.moneyAtRisk);
    const record = newDelivery({
      kind: 'escalation',
      recipientId: managerId,
      day,
      rep: manager,
      channels: config.channels,
      content: bothForms({
        email: () => renderEscalationEmail(notice),
        wecom: () => renderEscalationWecom(notice),
      }),
      now,
      customerKeys: records.map(outcomeKey),
      sequence: nextSequence(existing, 'escalation', managerId, day),
      ...(managerId === '-' ? { problem: { code: 'no-manager' } as const } : {}),
    });
    queue.push((await deps.store.create(record)).record);
  }

  // Older deliveries still owed (a retry after throttling, a pending record of a crashed run).
  queue.push(...owed);
  const drained = await drainOutbox(queue, {
    ...deps,
    channels: config.channels,
    onChannelBroken: channelBrokenNotifier(deps, queue),
  });
  const digestToday = (r: DeliverySummary) => r.kind === 'digest' && r.day === day;
  const heardToday = new Set(
    [...existing, ...drained.deliveries].filter(digestToday).map((r) => r.recipientId),
  );
  // The day as a whole, not only this run's queue: a re-run that sends nothing must still say what failed.
  const reworked = new Set(drained.deliveries.map((record) => record.pk));
  const dayRecords: DeliverySummary[] = [
    ...existing.filter((r) => r.day === day && r.kind !== 'weekly' && !reworked.has(r.pk)),
    ...drained.deliveries.filter((r) => r.day === day || r.status === 'failed' || r.status === 'uncertain'),
  ];
  const byStatus = { pending: 0, sending: 0, sent: 0, retrying: 0, failed: 0, uncertain: 0 };
  for (const record of dayRecords) byStatus[record.status]++;
  return {
    day,
    ...drained,
    byStatus,
    dayProblems: dayRecords.filter((r) => r.status === 'failed' || r.status === 'uncertain'),
    // Sent by an earlier run of the day: what a re-run reports instead of sending again.
    alreadySent:
      drained.alreadySent +
      existing.filter(
        (r) =>
          r.day === day && r.kind !== 'weekly' && r.status === 'sent' && !queue.some((q) => q.pk === r.pk),
      ).length,
    quietReps: [...reps.values()].filter((rep) => rep.role === 'rep' && !heardToday.has(rep.repId)).length,
  };
}

/**
 * A customer held over from an earlier day is told as it is today: its line gets the day's facts (days
 * since the last order, the signals and their thresholds under the day's settings, the risk, the money),
 * not those its alert was written with. One no longer at risk today is left out (its alert ends with the
 * next evaluation).
 */
async function describeHeldOver(
  deps: NotifierDeps,
  day: string,
  untold: Map<string, AlertRecord[]>,
): Promise<void> {
  const isHeldOver = (record: AlertRecord) =>
    record.day < day &&
    record.state?.open === true &&
    (record.outcome.section === 'new' || record.outcome.section === 'still_at_risk');
  const heldOver = [...untold.values()].flat().filter(isHeldOver);
  if (heldOver.length === 0 || !deps.factsOfDay) return;
  const facts = await deps.factsOfDay(day, heldOver);
  if (facts === null) return;
  for (const [repKey, records] of untold) {
    untold.set(
      repKey,
      records.flatMap((record) => {
        if (!isHeldOver(record)) return [record];
        const today = facts.get(record.customerId);
        const state = record.state as AlertState;
        return today ? [{ ...record, state: { ...state, facts: today } }] : [];
      }),
    );
  }
}

/**
 * What is still owed from earlier runs: pending, waiting for a retry, or left mid-send. A digest or an
 * escalation of an earlier day that never went out is not sent late next to today's: it is marked failed
 * (stale), and the outcomes it carried are told in today's message instead.
 */
export async function owedDeliveries(
  deps: Pick<NotifierDeps, 'store' | 'now'>,
  day: string,
): Promise<DeliveryRecord[]> {
  const owed: DeliveryRecord[] = [];
  for (const record of await deps.store.list({ statuses: ['pending', 'retrying', 'sending'] })) {
    const superseded = (record.kind === 'digest' || record.kind === 'escalation') && record.day < day;
    // One left mid-send is not stale but uncertain: deliver() decides once its lease has run out.
    if (!superseded || record.status === 'sending') {
      owed.push(record);
      continue;
    }
    const stale: DeliveryRecord = {
      ...record,
      status: 'failed',
      nextAttemptAt: undefined,
      problems: [{ code: 'stale', values: { day } }],
      lastError: undefined,
      updatedAt: new Date(deps.now()).toISOString(),
      version: record.version + 1,
    };
    await deps.store.update(stale, record.version);
  }
  return owed;
}

/** The retry schedule's run (every few minutes): sends what is owed, writes no new messages. */
export async function retryOwed(
  deps: Omit<NotifierDeps, 'configVersion'>,
  day: string,
): Promise<DrainResult> {
  const queue = await owedDeliveries(deps, day);
  return drainOutbox(queue, {
    ...deps,
    channels: deps.config.channels,
    onChannelBroken: channelBrokenNotifier(deps, queue),
  });
}

/**
 * The outcomes earlier messages carried (or deferred to the next day). A message that failed on an earlier
 * day does not count, so its
 * customers are told in today's digest instead; one that failed today counts (a re-run would only fail
 * the same way), and an uncertain one counts (it may have arrived).
 */
function carriedOutcomes(
  existing: readonly DeliverySummary[],
  day: string,
): Record<'digest' | 'escalation', Set<string>> {
  const carried = { digest: new Set<string>(), escalation: new Set<string>() };
  for (const record of existing) {
    if (record.kind !== 'digest' && record.kind !== 'escalation') continue;
    if (record.status === 'failed' && record.day < day) continue;
    for (const key of record.customerKeys ?? []) carried[record.kind].add(key);
    // Left out of today's message to keep it short: the next day's tells them, not a re-run of today.
    if (record.day === day) for (const key of record.deferredKeys ?? []) carried[record.kind].add(key);
  }
  return carried;
}

/** 1 for the day's first message to a recipient, 2, 3… for follow-ups (late data). */
function nextSequence(
  existing: readonly DeliverySummary[],
  kind: DeliveryKind,
  recipientId: string,
  day: string,
): number {
  return existing.filter((r) => r.kind === kind && r.recipientId === recipientId && r.day === day).length + 1;
}

function escalatedCustomer(
  record: AlertRecord,
  reps: ReadonlyMap<string, Rep>,
  today: Day,
): EscalatedCustomer {
  const state = record.state as NonNullable<AlertRecord['state']>;
  const rep = state.repId ? reps.get(state.repId) : undefined;
  return {
    customerId: state.customerId,
    name: state.facts.name,
    tier: state.facts.tier,
    repId: state.repId,
    repName: rep?.name ?? null,
    firstSeenDate: state.firstSeenDate,
    daysAtRisk: today - (parseIsoDay(state.firstSeenDate) as Day),
    lastVisitDate: state.facts.lastVisitDate,
    moneyAtRisk: state.facts.moneyAtRisk,
    findings: state.facts.findings,
  };
}

/**
 * When a rep's robot turns out removed or disabled, their manager gets a notice (once per rep and day),
 * queued behind the messages already in the run. With nobody to tell (the top manager's own robot, or a
 * manager id that is not in the reps table) no notice is queued, since it could go nowhere: the run warns
 * instead, naming the rep and the missing manager, and counts no failed delivery.
 */
export function channelBrokenNotifier(
  deps: Pick<NotifierDeps, 'config' | 'reps' | 'store' | 'email' | 'now'>,
  queue: DeliveryRecord[],
): NonNullable<DeliverDeps['onChannelBroken']> {
  return async (rep, errcode, brokenDay) => {
    const manager = rep.managerId ? deps.reps.get(rep.managerId) : undefined;
    if (!manager) {
      return {
        code: 'notice-unsent',
        values: { repId: rep.repId, managerId: rep.managerId ?? null, errcode },
      };
    }
    const notice = {
      locale: manager.locale ?? deps.config.locale,
      day: brokenDay,
      repId: rep.repId,
      repName: rep.name ?? null,
      errcode,
      fellBackToEmail: rep.email !== undefined && deps.email !== null,
    };
    const record = newDelivery({
      kind: 'channel-broken',
      recipientId: manager.repId,
      day: brokenDay,
      rep: manager,
      channels: deps.config.channels,
      subjectRepId: rep.repId,
      content: bothForms({
        email: () => renderChannelBrokenEmail(notice),
        wecom: () => renderChannelBrokenWecom(notice),
      }),
      now: deps.now(),
    });
    const created = await deps.store.create(record);
    if (created.created) queue.push(created.record);
    return undefined;
  };
}
