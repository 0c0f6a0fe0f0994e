import type { AlertRecord } from '../core/alerts.ts';
import type { ChurnConfig } from '../core/config.ts';
import { type Day, parseIsoDay } from '../core/days.ts';
import type { Rep } from '../core/records.ts';
import { buildRepDigest } from './build-digest.ts';
import { type DeliverDeps, deliver } from './deliver.ts';
import { isAllClear, type RepDigest } from './digest-model.ts';
import {
  type DeliveryContent,
  type DeliveryKind,
  type DeliveryRecord,
  type DeliveryStatus,
  deliveryKey,
} from './outbox.ts';
import { renderDigestEmail } from './render-digest-email.ts';
import { renderDigestWecom } from './render-digest-wecom.ts';
import {
  type EscalatedCustomer,
  renderChannelBrokenEmail,
  renderChannelBrokenWecom,
  renderEscalationEmail,
  renderEscalationWecom,
} from './render-notices.ts';

export interface NotifierDeps extends Omit<DeliverDeps, 'reps' | 'onChannelBroken'> {
  config: ChurnConfig;
  configVersion: number;
  reps: ReadonlyMap<string, Rep>;
}

export interface NotifySummary {
  day: string;
  /** Delivery records by status after the run (today's and retried older ones). */
  byStatus: Record<DeliveryStatus, number>;
  /** Messages that went out in this run, and those found already sent by an earlier run of the day. */
  sentNow: number;
  alreadySent: number;
  /** Reps with nothing to say today (no message, as "all clear" is off). */
  quietReps: number;
  deliveries: DeliveryRecord[];
}

/** Which channel a person is reached on, before anything is tried: their choice, else what they have. */
export function preferredChannel(rep: Rep): 'email' | 'wecom' | null {
  if (rep.channel === 'wecom' && rep.wecomWebhook) return 'wecom';
  if (rep.channel === 'email' && rep.email) return 'email';
  if (rep.wecomWebhook) return 'wecom';
  if (rep.email) return 'email';
  return null;
}

/** A new outbox record holding the message in every form the recipient can receive. */
export function newDelivery(input: {
  kind: DeliveryKind;
  recipientId: string;
  day: string;
  rep: Rep | undefined;
  content: DeliveryContent;
  now: number;
  problem?: string;
  /** For a notice about a rep (a broken robot): the record is keyed by that rep, sent to `recipientId`. */
  subjectRepId?: string;
}): DeliveryRecord {
  const { rep } = input;
  const channel = rep ? preferredChannel(rep) : null;
  const createdAt = new Date(input.now).toISOString();
  const problem =
    input.problem ??
    (rep === undefined
      ? `${input.recipientId} is not in the reps table`
      : channel === null
        ? `${rep.repId} has neither an email address nor a WeCom robot`
        : undefined);
  return {
    pk: deliveryKey(input.kind, input.subjectRepId ?? input.recipientId, input.day),
    kind: input.kind,
    recipientId: input.recipientId,
    ...(input.subjectRepId ? { subjectRepId: input.subjectRepId } : {}),
    day: input.day,
    channel,
    ...(channel === 'email' || (rep?.email && input.content.email) ? { to: rep?.email } : {}),
    status: 'pending',
    content: input.content,
    partsSent: 0,
    attempts: 0,
    ...(problem ? { lastError: problem } : {}),
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

/** The digest in each form its recipient can receive: email when they have an address, WeCom when a robot. */
export function digestContent(digest: RepDigest, rep: Rep | undefined): DeliveryContent {
  return {
    ...(rep?.email ? { email: renderDigestEmail(digest) } : {}),
    ...(rep?.wecomWebhook ? { wecom: renderDigestWecom(digest) } : {}),
  };
}

/**
 * The notifier's daily run: one digest per rep from the day's alert outcomes, escalations to managers, all
 * through the outbox; then every delivery that is due (today's and earlier ones waiting for a retry).
 * Running it again for the same day finds the records already there and sends only what is still owed.
 */
export async function notifyDay(
  deps: NotifierDeps,
  day: string,
  alerts: Iterable<AlertRecord>,
): Promise<NotifySummary> {
  const { config, reps } = deps;
  const now = deps.now();
  const byRep = new Map<string, AlertRecord[]>();
  const escalations = new Map<string, EscalatedCustomer[]>();
  for (const record of alerts) {
    const state = record.state;
    if (!state) continue;
    const repKey = state.repId ?? '-';
    let list = byRep.get(repKey);
    if (!list) byRep.set(repKey, (list = []));
    list.push(record);
    if (record.day === day && record.outcome.escalateToManager) {
      const rep = state.repId ? reps.get(state.repId) : undefined;
      const managerId = rep?.managerId ?? '-';
      let escalated = escalations.get(managerId);
      if (!escalated) escalations.set(managerId, (escalated = []));
      escalated.push({
        customerId: state.customerId,
        name: state.facts.name,
        tier: state.facts.tier,
        repId: state.repId,
        repName: rep?.name ?? null,
        firstSeenDate: state.firstSeenDate,
        daysAtRisk: (parseIsoDay(day) as Day) - (parseIsoDay(state.firstSeenDate) as Day),
        lastVisitDate: state.facts.lastVisitDate,
        moneyAtRisk: state.facts.moneyAtRisk,
        findings: state.facts.findings,
      });
    }
  }

  const queue: DeliveryRecord[] = [];
  let quietReps = 0;
  const recipients = new Set(byRep.keys());
  if (config.digest.allClear) {
    for (const rep of reps.values()) if (rep.role === 'rep') recipients.add(rep.repId);
  }
  for (const repKey of [...recipients].sort()) {
    const rep = reps.get(repKey);
    const digest = buildRepDigest({
      rep: rep ?? { repId: repKey, role: 'rep' },
      records: byRep.get(repKey) ?? [],
      day,
      maxCustomers: config.digest.maxCustomers,
      defaultLocale: config.locale,
      configVersion: deps.configVersion,
    });
    if (isAllClear(digest) && (!config.digest.allClear || !rep)) {
      quietReps++;
      continue;
    }
    const record = newDelivery({
      kind: 'digest',
      recipientId: repKey,
      day,
      rep,
      content: digestContent(digest, rep),
      now,
      ...(repKey === '-' ? { problem: 'customers without a rep: assign them in the customers table' } : {}),
    });
    queue.push((await deps.store.create(record)).record);
  }
  for (const [managerId, customers] of [...escalations].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const manager = reps.get(managerId);
    const locale = manager?.locale ?? config.locale;
    const notice = {
      locale,
      managerName: manager?.name ?? null,
      day,
      escalationDays: config.escalation.days,
      customers: customers.sort((a, b) => b.moneyAtRisk - a.moneyAtRisk),
    };
    const record = newDelivery({
      kind: 'escalation',
      recipientId: managerId,
      day,
      rep: manager,
      content: {
        ...(manager?.email ? { email: renderEscalationEmail(notice) } : {}),
        ...(manager?.wecomWebhook ? { wecom: renderEscalationWecom(notice) } : {}),
      },
      now,
      ...(managerId === '-' ? { problem: 'the reps of these customers have no manager on record' } : {}),
    });
    queue.push((await deps.store.create(record)).record);
  }

  // Older deliveries still owed (a retry after throttling, a pending record of a crashed run).
  const owed = await deps.store.list({ statuses: ['pending', 'retrying', 'sending'] });
  const seen = new Set(queue.map((record) => record.pk));
  for (const record of owed) if (!seen.has(record.pk)) queue.push(record);

  const deliverDeps: DeliverDeps = {
    ...deps,
    onChannelBroken: async (rep, errcode, brokenDay) => {
      const manager = rep.managerId ? reps.get(rep.managerId) : undefined;
      const notice = {
        locale: manager?.locale ?? config.locale,
        day: brokenDay,
        repId: rep.repId,
        repName: rep.name ?? null,
        errcode,
        fellBackToEmail: rep.email !== undefined && deps.email !== null,
      };
      const record = newDelivery({
        kind: 'channel-broken',
        recipientId: rep.managerId ?? '-',
        day: brokenDay,
        rep: manager,
        subjectRepId: rep.repId,
        content: {
          ...(manager?.email ? { email: renderChannelBrokenEmail(notice) } : {}),
          ...(manager?.wecomWebhook ? { wecom: renderChannelBrokenWecom(notice) } : {}),
        },
        now: deps.now(),
        ...(manager ? {} : { problem: `${rep.repId} has no manager on record to tell` }),
      });
      const created = await deps.store.create(record);
      if (created.created) queue.push(created.record);
    },
  };
  const done: DeliveryRecord[] = [];
  let sentNow = 0;
  let alreadySent = 0;
  // The queue may grow while it is worked (a broken robot adds a notice for the manager).
  for (let i = 0; i < queue.length; i++) {
    const record = queue[i] as DeliveryRecord;
    const after = await deliver(record, deliverDeps);
    if (record.status === 'sent') alreadySent++;
    else if (after.status === 'sent') sentNow++;
    done.push(after);
  }
  const byStatus: Record<DeliveryStatus, number> = {
    pending: 0,
    sending: 0,
    sent: 0,
    retrying: 0,
    failed: 0,
    uncertain: 0,
  };
  for (const record of done) byStatus[record.status]++;
  return { day, byStatus, sentNow, alreadySent, quietReps, deliveries: done };
}
