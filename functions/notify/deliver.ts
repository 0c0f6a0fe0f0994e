import { createHash } from 'node:crypto';
import type { Rep } from '../core/records.ts';
import type { ChannelHealthStore, DeliveryRecord, DeliveryStore, EmailContent } from './outbox.ts';

/** What the notifier needs from SES: the adapter in adapters/ses implements it. */
export interface EmailSenderPort {
  send(
    message: EmailContent & { to: string[] },
  ): Promise<
    { ok: true; messageId: string } | { ok: false; kind: 'retryable' | 'rejected'; message: string }
  >;
}

/** What the notifier needs from a WeCom robot: the adapter in adapters/wecom implements it. */
export interface WecomSenderPort {
  sendMarkdown(
    webhookUrl: string,
    content: string,
  ): Promise<
    | { ok: true }
    | { ok: false; kind: 'retryable' | 'broken' | 'rejected'; errcode: number | null; message: string }
  >;
}

export interface DeliverDeps {
  store: DeliveryStore;
  health: ChannelHealthStore;
  /** Null where no email is set up (AWS China regions have no SES: WeCom is the channel there). */
  email: EmailSenderPort | null;
  wecom: WecomSenderPort;
  reps: ReadonlyMap<string, Rep>;
  now: () => number;
  /** How long a sender owns a record it is sending. Longer than any send can take. Default 15 min. */
  leaseMs?: number;
  /** Attempts (runs) before a temporarily failing delivery is given up. Default 6. */
  maxAttempts?: number;
  /** Told when a rep's robot turns out removed or disabled, so the manager can hear about it. */
  onChannelBroken?: (rep: Rep, errcode: number, day: string) => Promise<void>;
}

const DEFAULT_LEASE_MS = 15 * 60_000;
const RETRY_BASE_MS = 5 * 60_000;
const RETRY_MAX_MS = 6 * 3600_000;

/** A short, stable fingerprint of a webhook URL; the URL itself holds the robot's key and is never stored. */
export function webhookFingerprint(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

/**
 * Sends one delivery record as far as it can go today and returns it as stored afterwards. Each step is a
 * conditional write on the record's version, so a second notifier running at the same time backs off, and
 * a crash leaves a record that says exactly what is known.
 */
export async function deliver(record: DeliveryRecord, deps: DeliverDeps): Promise<DeliveryRecord> {
  const now = deps.now();
  const stamp = () => new Date(deps.now()).toISOString();
  if (record.status === 'sent' || record.status === 'failed' || record.status === 'uncertain') return record;
  if (record.status === 'sending') {
    if ((record.leaseUntil ?? 0) > now) return record;
    // The sender that owned it stopped without saying whether the message went out.
    const uncertain: DeliveryRecord = {
      ...record,
      status: 'uncertain',
      leaseUntil: undefined,
      lastError: 'the sender stopped while sending; not resent automatically to avoid a duplicate',
      updatedAt: stamp(),
      version: record.version + 1,
    };
    return (await deps.store.update(uncertain, record.version)) ? uncertain : await reread(record, deps);
  }
  if (record.status === 'retrying' && (record.nextAttemptAt ?? 0) > now) return record;

  let current: DeliveryRecord = {
    ...record,
    status: 'sending',
    leaseUntil: now + (deps.leaseMs ?? DEFAULT_LEASE_MS),
    attempts: record.attempts + 1,
    updatedAt: stamp(),
    version: record.version + 1,
  };
  if (!(await deps.store.update(current, record.version))) return await reread(record, deps);

  /** Writes the next state of the record; false when another sender changed it meanwhile. */
  const save = async (next: Omit<DeliveryRecord, 'version' | 'updatedAt'>): Promise<boolean> => {
    const written: DeliveryRecord = { ...next, updatedAt: stamp(), version: current.version + 1 };
    if (!(await deps.store.update(written, current.version))) return false;
    current = written;
    return true;
  };
  const finish = async (
    outcome: { ok: true; messageIds?: string[] } | { ok: false; retryable: boolean; message: string },
  ): Promise<DeliveryRecord> => {
    if (outcome.ok) {
      await save({
        ...current,
        status: 'sent',
        leaseUntil: undefined,
        nextAttemptAt: undefined,
        lastError: undefined,
        sentAt: stamp(),
        messageIds: [...(current.messageIds ?? []), ...(outcome.messageIds ?? [])],
      });
    } else {
      const giveUp = !outcome.retryable || current.attempts >= (deps.maxAttempts ?? 6);
      const wait = Math.min(RETRY_BASE_MS * 2 ** (current.attempts - 1), RETRY_MAX_MS);
      await save({
        ...current,
        status: giveUp ? 'failed' : 'retrying',
        leaseUntil: undefined,
        nextAttemptAt: giveUp ? undefined : deps.now() + wait,
        lastError: outcome.message,
      });
    }
    return current;
  };

  const rep = deps.reps.get(current.recipientId);
  if (current.channel === 'wecom') {
    const webhook = rep?.wecomWebhook;
    const broken = rep ? await deps.health.brokenChannel(rep.repId) : null;
    const usable =
      webhook !== undefined && (broken === null || broken.webhookFingerprint !== webhookFingerprint(webhook));
    let why = webhook === undefined ? 'no WeCom webhook on record' : 'the WeCom robot is marked broken';
    if (usable && current.content.wecom) {
      const parts = current.content.wecom;
      let i = current.partsSent;
      for (; i < parts.length; i++) {
        const result = await deps.wecom.sendMarkdown(webhook, parts[i] as string);
        if (result.ok) {
          if (!(await save({ ...current, partsSent: i + 1 }))) return current;
          continue;
        }
        if (result.kind !== 'broken') {
          return await finish({ ok: false, retryable: result.kind === 'retryable', message: result.message });
        }
        await deps.health.markBroken({
          repId: (rep as Rep).repId,
          webhookFingerprint: webhookFingerprint(webhook),
          errcode: result.errcode ?? 0,
          since: current.day,
        });
        await deps.onChannelBroken?.(rep as Rep, result.errcode ?? 0, current.day);
        why = `WeCom robot: ${result.message}`;
        break;
      }
      if (i === parts.length) return await finish({ ok: true });
    }
    // WeCom is out for this rep: the same message goes by email when they have an address.
    if (!rep?.email || !current.content.email || !deps.email) {
      return await finish({
        ok: false,
        retryable: false,
        message: `${why}; no email address to fall back to`,
      });
    }
    const switched = { ...current, channel: 'email' as const, to: rep.email, fellBackFrom: 'wecom' as const };
    if (!(await save({ ...switched, lastError: why }))) return current;
  }
  if (current.channel === 'email' && current.to && current.content.email) {
    if (!deps.email) return await finish({ ok: false, retryable: false, message: 'email is not set up' });
    const result = await deps.email.send({ ...current.content.email, to: [current.to] });
    return await finish(
      result.ok
        ? { ok: true, messageIds: [result.messageId] }
        : { ok: false, retryable: result.kind === 'retryable', message: result.message },
    );
  }
  return await finish({
    ok: false,
    retryable: false,
    message: current.lastError ?? 'no channel: the recipient has neither an email address nor a WeCom robot',
  });
}

async function reread(record: DeliveryRecord, deps: DeliverDeps): Promise<DeliveryRecord> {
  return (await deps.store.get(record.pk)) ?? record;
}
