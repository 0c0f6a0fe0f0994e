import { createHash } from 'node:crypto';
import type { ChurnConfig } from '../../core/config.ts';
import type { Rep } from '../../core/records.ts';
import type {
  ChannelHealthStore,
  ChannelName,
  DeliveryProblem,
  DeliveryRecord,
  DeliveryStore,
  EmailContent,
  RunWarning,
} from './outbox.ts';

/** What the notifier needs from SES: the adapter in adapters/ses implements it. */
export interface EmailSenderPort {
  send(
    message: EmailContent & { to: string[] },
  ): Promise<
    | { ok: true; messageId: string }
    | { ok: false; kind: 'retryable' | 'rejected' | 'uncertain'; message: string; problem: DeliveryProblem }
  >;
}

/** What the notifier needs from a WeCom robot: the adapter in adapters/wecom implements it. */
export interface WecomSenderPort {
  sendMarkdown(
    webhookUrl: string,
    content: string,
  ): Promise<
    | { ok: true }
    | {
        ok: false;
        kind: 'retryable' | 'broken' | 'rejected' | 'uncertain';
        errcode: number | null;
        message: string;
        problem: DeliveryProblem;
      }
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
  /** Which channels the distributor uses and prefers (config `channels`); both, WeCom first, when absent. */
  channels?: ChannelSettings;
  /**
   * Told when a rep's robot turns out removed or disabled, so the manager can hear about it; answers with a
   * warning when nobody can.
   */
  onChannelBroken?: (rep: Rep, errcode: number, day: string) => Promise<RunWarning | undefined>;
}

/** How a send failed: try again later, never (as it is), or perhaps it arrived (a person checks). */
type FailureKind = 'retryable' | 'rejected' | 'uncertain';

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
    // The sender that owned it stopped. If every WeCom part was recorded as accepted, it did go out;
    // otherwise nobody can say whether the message in flight arrived.
    const allPartsSent =
      record.channel === 'wecom' &&
      record.content.wecom !== undefined &&
      record.partsSent >= record.content.wecom.length;
    const uncertain: DeliveryRecord = allPartsSent
      ? {
          ...record,
          status: 'sent',
          leaseUntil: undefined,
          sentAt: stamp(),
          updatedAt: stamp(),
          version: record.version + 1,
        }
      : {
          ...record,
          status: 'uncertain',
          leaseUntil: undefined,
          problems: [{ code: 'sender-stopped' }],
          lastError: undefined,
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
    outcome:
      | { ok: true; messageIds?: string[] }
      | { ok: false; kind: FailureKind; problems: DeliveryProblem[] | undefined },
  ): Promise<DeliveryRecord> => {
    // What failed replaces an older record's sentence (its `problems` undefined: the sentence is kept).
    const why =
      outcome.ok || outcome.problems === undefined
        ? {}
        : { problems: outcome.problems, lastError: undefined };
    if (outcome.ok) {
      await save({
        ...current,
        status: 'sent',
        leaseUntil: undefined,
        nextAttemptAt: undefined,
        problems: undefined,
        lastError: undefined,
        sentAt: stamp(),
        messageIds: [...(current.messageIds ?? []), ...(outcome.messageIds ?? [])],
      });
    } else if (outcome.kind === 'uncertain') {
      // Like a sender that stopped mid-send: whether it arrived is unknown, so a person decides (deliveries resend).
      await save({
        ...current,
        status: 'uncertain',
        leaseUntil: undefined,
        nextAttemptAt: undefined,
        ...why,
      });
    } else {
      const giveUp = outcome.kind !== 'retryable' || current.attempts >= (deps.maxAttempts ?? 6);
      const wait = Math.min(RETRY_BASE_MS * 2 ** (current.attempts - 1), RETRY_MAX_MS);
      await save({
        ...current,
        status: giveUp ? 'failed' : 'retrying',
        leaseUntil: undefined,
        nextAttemptAt: giveUp ? undefined : deps.now() + wait,
        ...why,
      });
    }
    return current;
  };

  // The channel and address come from the reps table as it is now, so an admin who adds an email address or
  // a new robot after a failure can resend the same message to where it now can arrive.
  const rep = deps.reps.get(current.recipientId);
  if (!rep) {
    // The problem noted when the record was written (no rep for these customers…) stays what it says.
    return await finish({
      ok: false,
      kind: 'rejected',
      problems:
        current.problems ??
        (current.lastError === undefined
          ? [{ code: 'not-in-reps', values: { recipient: current.recipientId } }]
          : undefined),
    });
  }
  const settings = deps.channels ?? DEFAULT_CHANNELS;
  const preferred = preferredChannel(rep, settings);
  // A WeCom message half-sent goes on from where it stopped, on the same robot.
  const order = (
    (current.channel === 'wecom' && current.partsSent > 0) || preferred === 'wecom'
      ? (['wecom', 'email'] as const)
      : (['email', 'wecom'] as const)
  ).filter((channel) => settings.enabled.includes(channel));
  const problems: DeliveryProblem[] = [];
  for (const channel of order) {
    if (channel === 'wecom') {
      const webhook = rep.wecomWebhook;
      const parts = current.content.wecom;
      if (!webhook || !parts) continue;
      const broken = await deps.health.brokenChannel(rep.repId);
      if (broken && broken.webhookFingerprint === webhookFingerprint(webhook)) {
        problems.push({ code: 'robot-broken', values: { errcode: broken.errcode, since: broken.since } });
        continue;
      }
      if (current.channel !== 'wecom') {
        const switched = { ...current, channel: 'wecom' as const, partsSent: 0 };
        if (!(await save(preferred === 'wecom' ? switched : { ...switched, fellBackFrom: 'email' }))) {
          return current;
        }
      }
      let brokenNow = false;
      for (let i = current.partsSent; i < parts.length; i++) {
        const result = await deps.wecom.sendMarkdown(webhook, parts[i] as string);
        if (result.ok) {
          if (!(await save({ ...current, partsSent: i + 1 }))) return current;
          continue;
        }
        if (result.kind !== 'broken') {
          return await finish({ ok: false, kind: result.kind, problems: [result.problem] });
        }
        await deps.health.markBroken({
          repId: rep.repId,
          webhookFingerprint: webhookFingerprint(webhook),
          errcode: result.errcode ?? 0,
          since: current.day,
        });
        await deps.onChannelBroken?.(rep, result.errcode ?? 0, current.day);
        problems.push(fellBack(result.problem));
        brokenNow = true;
        break;
      }
      if (!brokenNow) return await finish({ ok: true });
      continue;
    }
    const address = rep.email;
    const email = current.content.email;
    if (!address || !email) continue;
    if (!deps.email) {
      problems.push({ code: 'email-not-set-up' });
      continue;
    }
    const next: DeliveryRecord = {
      ...current,
      channel: 'email',
      to: address,
      ...(preferred !== 'email' ? { fellBackFrom: 'wecom' as const } : {}),
      ...(problems.length > 0 ? { problems: [...problems], lastError: undefined } : {}),
    };
    if ((next.channel !== current.channel || next.to !== current.to) && !(await save(next))) return current;
    const result = await deps.email.send({ ...email, to: [address] });
    return await finish(
      result.ok
        ? { ok: true, messageIds: [result.messageId] }
        : { ok: false, kind: result.kind, problems: [result.problem] },
    );
  }
  if (!rep.email && !rep.wecomWebhook)
    problems.push({ code: 'no-address', values: { recipient: rep.repId } });
  else if (!rep.email) problems.push({ code: 'no-fallback-email' });
  return await finish({ ok: false, kind: 'rejected', problems });
}

/** A robot's problem, said as the reason the message went another way. */
function fellBack(problem: DeliveryProblem): DeliveryProblem {
  switch (problem.code) {
    case 'robot-error':
    case 'robot-unreachable':
    case 'robot-refused':
      return { ...problem, values: { ...problem.values, fellBack: true } } as DeliveryProblem;
    default:
      return problem;
  }
}

export type ChannelSettings = ChurnConfig['channels'];
const DEFAULT_CHANNELS: ChannelSettings = { enabled: ['email', 'wecom'], preferred: 'wecom' };

/**
 * Which channel a person is reached on, before anything is tried: their own choice when the distributor
 * uses that channel and they have an address on it, else the distributor's preferred channel, else the other.
 */
export function preferredChannel(rep: Rep, settings: ChannelSettings = DEFAULT_CHANNELS): ChannelName | null {
  const reachable = (channel: ChannelName) =>
    settings.enabled.includes(channel) && Boolean(channel === 'wecom' ? rep.wecomWebhook : rep.email);
  const other: ChannelName = settings.preferred === 'wecom' ? 'email' : 'wecom';
  for (const channel of [rep.channel, settings.preferred, other]) {
    if (channel && reachable(channel)) return channel;
  }
  return null;
}

async function reread(record: DeliveryRecord, deps: DeliverDeps): Promise<DeliveryRecord> {
  return (await deps.store.get(record.pk)) ?? record;
}
