import type { Rep } from '../../core/records.ts';
import { type ChannelSettings, type DeliverDeps, deliver, preferredChannel } from './deliver.ts';
import {
  type DeliveryContent,
  type DeliveryKind,
  type DeliveryProblem,
  type DeliveryRecord,
  type DeliveryStatus,
  deliveryKey,
  type EmailContent,
  type RunWarning,
} from './outbox.ts';

/** A message in both forms: the channel is chosen when it is sent, from the reps table as it is then. */
export function bothForms(render: { email: () => EmailContent; wecom: () => string[] }): DeliveryContent {
  return { email: render.email(), wecom: render.wecom() };
}

/** A new outbox record; `problem` notes up front why it cannot go anywhere yet (shown until it is fixed). */
export function newDelivery(input: {
  kind: DeliveryKind;
  recipientId: string;
  day: string;
  rep: Rep | undefined;
  content: DeliveryContent;
  now: number;
  /** The distributor's channel settings (config `channels`), to say where the message will go. */
  channels?: ChannelSettings;
  /** The customers the message names, as `customerId@outcomeDay`; what later runs know was told. */
  customerKeys?: string[];
  /** The outcomes left out to keep it short: told the next day, not by a re-run of this one. */
  deferredKeys?: string[];
  /** A second message for the same recipient and day (late data): `#2`, `#3`… on the key. */
  sequence?: number;
  problem?: DeliveryProblem;
  /** For a notice about a rep (a broken robot): the record is keyed by that rep, sent to `recipientId`. */
  subjectRepId?: string;
}): DeliveryRecord {
  const { rep } = input;
  const channel = rep ? preferredChannel(rep, input.channels) : null;
  const createdAt = new Date(input.now).toISOString();
  const problem: DeliveryProblem | undefined =
    input.problem ??
    (rep === undefined
      ? { code: 'not-in-reps', values: { recipient: input.recipientId } }
      : channel === null
        ? { code: 'no-address', values: { recipient: rep.repId } }
        : undefined);
  const key = deliveryKey(input.kind, input.subjectRepId ?? input.recipientId, input.day);
  return {
    pk: input.sequence && input.sequence > 1 ? `${key}#${input.sequence}` : key,
    kind: input.kind,
    recipientId: input.recipientId,
    ...(input.subjectRepId ? { subjectRepId: input.subjectRepId } : {}),
    day: input.day,
    channel,
    ...(channel === 'email' && rep?.email ? { to: rep.email } : {}),
    status: 'pending',
    content: input.content,
    ...(input.customerKeys ? { customerKeys: input.customerKeys } : {}),
    ...(input.deferredKeys?.length ? { deferredKeys: input.deferredKeys } : {}),
    partsSent: 0,
    attempts: 0,
    ...(problem ? { problems: [problem] } : {}),
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

export interface DrainResult {
  deliveries: DeliveryRecord[];
  /** Went out in this run / had already gone out in an earlier one. */
  sentNow: number;
  alreadySent: number;
  byStatus: Record<DeliveryStatus, number>;
  /** Records that could not be worked on (a store error): left as they were, named for the log. */
  errors: { pk: string; message: string }[];
  /** What could not be done although no delivery failed (a broken robot's notice with nobody to tell). */
  warnings: RunWarning[];
}

/**
 * Works a queue of outbox records one by one. The queue may grow while it is worked (a broken robot adds a
 * notice for the manager). One record's failure (a store error) is reported and the rest still go out.
 */
export async function drainOutbox(queue: DeliveryRecord[], deps: DeliverDeps): Promise<DrainResult> {
  const result: DrainResult = {
    deliveries: [],
    sentNow: 0,
    alreadySent: 0,
    byStatus: { pending: 0, sending: 0, sent: 0, retrying: 0, failed: 0, uncertain: 0 },
    errors: [],
    warnings: [],
  };
  const told = deps.onChannelBroken;
  const working: DeliverDeps = told
    ? {
        ...deps,
        onChannelBroken: async (rep, errcode, day) => {
          const warning = await told(rep, errcode, day);
          if (warning) result.warnings.push(warning);
          return warning;
        },
      }
    : deps;
  const seen = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const record = queue[i] as DeliveryRecord;
    if (seen.has(record.pk)) continue;
    seen.add(record.pk);
    let after: DeliveryRecord;
    try {
      after = await deliver(record, working);
    } catch (error) {
      result.errors.push({ pk: record.pk, message: (error as Error)?.message ?? String(error) });
      continue;
    }
    if (record.status === 'sent') result.alreadySent++;
    else if (after.status === 'sent') result.sentNow++;
    result.byStatus[after.status]++;
    result.deliveries.push(after);
  }
  return result;
}
