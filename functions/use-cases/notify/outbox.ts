/**
 * The outbox: one delivery record per (kind, recipient, day), written before anything is sent, holding the
 * message exactly as it will be sent. A retry sends the stored message, not a freshly rendered one; a record
 * that is already `sent` is never sent again; and a send that may have gone out when the process died (the
 * record still says `sending` after its lease) is marked `uncertain` and left for a person to decide, because
 * sending it again could give the rep the same digest twice and neither SES nor WeCom can tell us.
 */

export type DeliveryKind = 'digest' | 'weekly' | 'escalation' | 'channel-broken';
export type ChannelName = 'email' | 'wecom';

export type DeliveryStatus =
  /** Written, not yet tried. */
  | 'pending'
  /** Being sent; `leaseUntil` says until when the sender owns it. */
  | 'sending'
  | 'sent'
  /** A temporary failure (throttled, busy, network); tried again from `nextAttemptAt`. */
  | 'retrying'
  /** Given up: refused by the service, no channel, or too many attempts. Needs a person. */
  | 'failed'
  /** The sender stopped mid-send; the message may or may not have arrived. Needs a person. */
  | 'uncertain';

export interface EmailImage {
  contentId: string;
  fileName: string;
  png: Uint8Array;
}

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
  images?: EmailImage[];
}

/** The message in every form it may be sent in: the rep's channel and, when there is one, the fallback. */
export interface DeliveryContent {
  email?: EmailContent;
  /** WeCom markdown messages, each within the robot's size limit, sent in order. */
  wecom?: string[];
}

export interface DeliveryRecord {
  /** `kind#recipientId#day`; for channel-broken notices `channel-broken#repId#day`. */
  pk: string;
  kind: DeliveryKind;
  /** The rep or manager the message is for. */
  recipientId: string;
  /** For channel-broken notices: the rep whose channel broke. */
  subjectRepId?: string;
  day: string;
  channel: ChannelName | null;
  /** The email address when the channel is email (never a webhook: those hold secrets). */
  to?: string;
  status: DeliveryStatus;
  content: DeliveryContent;
  /**
   * The alert outcomes the message carries, as `customerId@day-of-the-outcome`: a later run sends what no
   * message carried yet (late data, a notifier that did not run, customers cut from a long list).
   */
  customerKeys?: string[];
  /**
   * Outcomes left out of the message to keep it short (`digest.maxCustomers`): not told again by a re-run of
   * the same day, but by the next day's digest.
   */
  deferredKeys?: string[];
  /** Parts of the WeCom message already accepted: a retry goes on from the next one. */
  partsSent: number;
  attempts: number;
  /** Milliseconds since the epoch. */
  leaseUntil?: number;
  nextAttemptAt?: number;
  /**
   * Why the last attempt failed (or why the record cannot go anywhere yet), as codes with their values, worded
   * in the reader's language (`deliveryProblem` catalogue area); never contains a webhook key.
   */
  problems?: DeliveryProblem[];
  /**
   * Records written before the problems were stored as codes hold an English sentence here instead: read
   * (entry-points/cli/delivery-problem-text.ts recognises the known ones), never written.
   */
  lastError?: string;
  /** Set when the message went by email because the rep's WeCom robot is broken. */
  fellBackFrom?: ChannelName;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
  messageIds?: string[];
  /** Counts writes; every update is conditional on it, so two notifiers never both send a record. */
  version: number;
}

/**
 * Why a delivery did not go (or not yet), as a code and its values. A provider's own words (an SES error, a
 * network library's message) travel as values and are shown as they came.
 */
export type DeliveryProblem =
  /** No SES here (a local stack without AWS_ENDPOINT_URL_SESV2, or no churn-watch:emailFrom). */
  | { code: 'email-not-set-up' }
  | { code: 'no-address'; values: { recipient: string } }
  | { code: 'no-fallback-email' }
  /** The recipient's robot is marked broken since `since` (the rep has not been given a new one). */
  | { code: 'robot-broken'; values: { errcode: number; since: string } }
  /**
   * The robot answered with an error code (`errmsg`, its words); `retried` when it was still busy or rate
   * limited after that many attempts. `fellBack`: said when the message then went another way.
   */
  | {
      code: 'robot-error';
      values: {
        robot: string;
        errcode: number;
        errmsg: string | null;
        retried: { still: 'busy' | 'rate limited'; attempts: number } | null;
        fellBack: boolean;
      };
    }
  /** The robot could not be reached (`detail`: the network library's words, the attempts). */
  | { code: 'robot-unreachable'; values: { robot: string; detail: string; fellBack: boolean } }
  /** The robot may have shown the message: no answer in time, a gateway timeout, an unreadable answer. */
  | { code: 'robot-no-answer'; values: { robot: string; detail: NoAnswerDetail } }
  /** Anything else a robot refused, in the adapter's words (`text`: as the Lambda logs it). */
  | { code: 'robot-refused'; values: { text: string; fellBack: boolean } }
  /** SES did not answer (`network`: the error code): the email may have gone. */
  | { code: 'ses-no-answer'; values: { network: string } }
  /** Anything else SES (or the email adapter) said, in its words. */
  | { code: 'email-refused'; values: { text: string } }
  | { code: 'not-in-reps'; values: { recipient: string } }
  /** Old records only: a broken robot's notice to nobody is now a run warning (RunWarning). */
  | { code: 'no-manager-to-tell'; values: { repId: string } }
  | { code: 'no-rep' }
  | { code: 'no-manager' }
  | { code: 'sender-stopped' }
  /** Not sent by the end of its day: its customers go in `day`'s message. */
  | { code: 'stale'; values: { day: string } };

export type NoAnswerDetail =
  | { kind: 'timeout'; ms: number }
  | { kind: 'gateway-timeout' }
  /** The adapter's words (an unreadable answer, a connection lost after sending). */
  | { kind: 'other'; text: string };

export function deliveryKey(kind: DeliveryKind, recipientId: string, day: string): string {
  return `${kind}#${recipientId}#${day}`;
}

/** The port the notifier needs; the DynamoDB adapter implements it. */
export interface DeliveryStore {
  /** Writes the record unless one with its key exists; returns the stored one either way. */
  create(record: DeliveryRecord): Promise<{ created: boolean; record: DeliveryRecord }>;
  get(pk: string): Promise<DeliveryRecord | null>;
  /**
   * Replaces the record if its version is still `expectedVersion` (the new one must be one higher);
   * returns false when someone else changed it first.
   */
  update(record: DeliveryRecord, expectedVersion: number): Promise<boolean>;
  list(filter?: { day?: string; statuses?: readonly DeliveryStatus[] }): Promise<DeliveryRecord[]>;
  /** Records from `sinceDay` on, without their message bodies: what the notifier checks before writing. */
  listSummaries(sinceDay: string): Promise<DeliverySummary[]>;
}

export type DeliverySummary = Omit<DeliveryRecord, 'content'>;

/**
 * What a run could not do although no message failed: said to the admin beside the run, not counted as a
 * failed delivery, since nothing could have been delivered.
 * - `notice-unsent`: a rep's robot broke and there is nobody to tell: the rep has no manager (`managerId`
 *   null: the top manager's own robot) or their manager is not in the reps table.
 */
export type RunWarning = {
  code: 'notice-unsent';
  values: { repId: string; managerId: string | null; errcode: number };
};

/** A rep's WeCom robot that answered "removed" (93000) or "disabled" (93004). */
export interface BrokenChannel {
  repId: string;
  /** A fingerprint of the webhook URL that broke: a new URL from the admin counts as a repaired channel. */
  webhookFingerprint: string;
  errcode: number;
  since: string;
}

export interface ChannelHealthStore {
  brokenChannel(repId: string): Promise<BrokenChannel | null>;
  markBroken(channel: BrokenChannel): Promise<void>;
}
