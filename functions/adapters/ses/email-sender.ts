import {
  SendEmailCommand,
  type SendEmailCommandInput,
  SESv2Client,
  type SESv2ClientConfig,
} from '@aws-sdk/client-sesv2';
import type { DeliveryProblem } from '../../use-cases/notify/outbox.ts';

/** SES v2 takes at most this many recipients (To + Cc + Bcc) per message. */
export const SES_MAX_RECIPIENTS = 50;
/** SES v2's message size limit, counted after base64 encoding of the attachments. */
export const SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

export interface EmailImage {
  /** Referenced from the HTML as `cid:<contentId>`. */
  contentId: string;
  fileName: string;
  png: Uint8Array;
}

export interface EmailMessage {
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** Inline images (charts), attached with disposition INLINE and their content id. */
  images?: readonly EmailImage[] | undefined;
}

/**
 * `retryable`: SES was busy or out of reach on every attempt; sending the same message later may work.
 * `rejected`: SES (or this adapter) refused the message as it is; sending it again will not help.
 * `uncertain`: the request went out and no answer came back (a timeout or a reset after sending): SES may have
 * taken it, so it is not sent again here; the delivery is marked for a person to check and resend.
 * `message` is short, English, for logs; `problem` the same as the delivery record stores it (a code, SES's own
 * words as a value). Neither holds credentials or the body.
 * `attempts` counts HTTP requests, including any the SDK client retried by itself.
 */
export type EmailSendResult =
  | { ok: true; messageId: string; attempts: number }
  | {
      ok: false;
      kind: 'retryable' | 'rejected' | 'uncertain';
      message: string;
      problem: DeliveryProblem;
      attempts: number;
    };

export interface EmailSenderOptions {
  /**
   * Give it a client built with `maxAttempts: 1`: this adapter retries with its own backoff. A client that
   * retries by itself still works, and its attempts count against {@link EmailSenderOptions.maxAttempts}.
   */
  client: SESv2Client;
  /** The verified sender, e.g. `churn-watch <alerts@example.com>`. */
  from: string;
  configurationSet?: string | undefined;
  /** Injected by tests so backoff does not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** HTTP requests per message before giving up as `retryable`. Default 5. */
  maxAttempts?: number;
  /** The first backoff; it doubles per attempt up to `maxDelayMs`. Defaults 500 ms and 20 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** In [0, 1); the jitter source. */
  random?: () => number;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<EmailSendResult>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The SES client the email adapter expects: one attempt per request (the adapter retries with its own
 * backoff, and only where nothing can have been sent), a connect timeout, and a request timeout that throws
 * (the SDK only warns by default, so a hung request would hold the notifier until Lambda stops it).
 */
export function createSesClient(config: SESv2ClientConfig = {}): SESv2Client {
  return new SESv2Client({
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
    ...config,
  });
}

/**
 * Sends churn-watch's emails through SES v2 (`SendEmail` with simple content: subject, HTML and text in
 * UTF-8, charts as inline attachments). Throttling, server errors and network failures are retried with
 * exponential backoff and jitter, so a burst of digests at 8 a.m. slows down instead of failing; anything SES
 * refuses for good comes back as `rejected` at once.
 */
export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 5));
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 20_000;

  return {
    async send(message) {
      const refusal = checkMessage(message);
      if (refusal)
        return { ok: false, kind: 'rejected', message: refusal, problem: refused(refusal), attempts: 0 };
      const input: SendEmailCommandInput = {
        FromEmailAddress: options.from,
        Destination: { ToAddresses: [...message.to] },
        ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
        Content: {
          Simple: {
            // A line break in a subject is a header injection in waiting; SES would refuse it anyway.
            Subject: { Data: message.subject.replace(/[\r\n]+/g, ' '), Charset: 'UTF-8' },
            Body: {
              Html: { Data: message.html, Charset: 'UTF-8' },
              Text: { Data: message.text, Charset: 'UTF-8' },
            },
            ...(message.images?.length
              ? {
                  Attachments: message.images.map((image) => ({
                    FileName: image.fileName,
                    RawContent: image.png,
                    ContentType: 'image/png',
                    ContentDisposition: 'INLINE' as const,
                    ContentId: image.contentId,
                    ContentTransferEncoding: 'BASE64' as const,
                  })),
                }
              : {}),
          },
        },
      };

      let attempts = 0;
      for (let round = 0; ; round++) {
        try {
          // A fresh command per attempt: a command object collects middleware each time it is sent.
          const output = await options.client.send(new SendEmailCommand(input));
          attempts += output.$metadata.attempts ?? 1;
          // Accepted without an id should not happen; it still counts as sent rather than risk a duplicate.
          return { ok: true, messageId: output.MessageId ?? '', attempts };
        } catch (error) {
          attempts += sdkAttempts(error);
          const failure = classifySesError(error);
          if (failure.kind !== 'retryable') {
            const { network, ...said } = failure;
            return {
              ok: false,
              ...said,
              problem:
                network === undefined
                  ? refused(failure.message)
                  : { code: 'ses-no-answer', values: { network } },
              attempts,
            };
          }
          if (attempts >= maxAttempts) {
            const message = `${failure.message} (gave up after ${attempts} attempts)`;
            return { ok: false, kind: 'retryable', message, problem: refused(message), attempts };
          }
          // Half fixed, half random ("equal jitter"): never hammers SES at once, and spreads the reps' retries.
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** round);
          await sleep(Math.round(ceiling / 2 + random() * (ceiling / 2)));
        }
      }
    },
  };
}

/** What SES (or this adapter) said, stored as its own words. */
const refused = (text: string): DeliveryProblem => ({ code: 'email-refused', values: { text } });

/** Why a message cannot be sent as it is, before asking SES; null when it can. */
function checkMessage(message: EmailMessage): string | null {
  if (message.to.length === 0) return 'No recipient: an email needs at least one address';
  if (message.to.length > SES_MAX_RECIPIENTS) {
    return `Too many recipients: ${message.to.length}; SES takes at most ${SES_MAX_RECIPIENTS} per message`;
  }
  const imageBytes = (message.images ?? []).reduce(
    (sum, image) => sum + Math.ceil(image.png.byteLength / 3) * 4,
    0,
  );
  const bytes = Buffer.byteLength(message.html) + Buffer.byteLength(message.text) + imageBytes;
  if (bytes > SES_MAX_MESSAGE_BYTES) {
    return `Message too large: about ${Math.ceil(bytes / 1024 / 1024)} MB; SES takes at most 40 MB`;
  }
  return null;
}

/** Errors SES v2 uses for a message it will not send, whatever status they come with. */
const REJECTED = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
  'LimitExceededException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
]);

const THROTTLED = new Set([
  'TooManyRequestsException',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestLimitExceeded',
]);

/**
 * Failures before a connection to SES existed: SES cannot have seen the request, so trying again cannot
 * send an email twice.
 */
const NEVER_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/**
 * Failures after the request may have been written (a reset, a closed socket, a request that timed out):
 * SES may have taken the email, and sending it again could give a rep the same digest twice.
 */
const AFTER_SENDING_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
/** How the SDK's HTTP handler words a connect timeout (also named TimeoutError). */
const CONNECT_TIMEOUT_RE =
  /did not establish a connection|without establishing a connection|^connect ETIMEDOUT/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const asErrorLike = (error: unknown): ErrorLike =>
  typeof error === 'object' && error !== null ? (error as ErrorLike) : {};

function sdkAttempts(error: unknown): number {
  const attempts = asErrorLike(error).$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}

/**
 * Sorts an SDK error into "try again later" and "will never work", with a short reason. The SES error code
 * decides first (a throttled 400 from SES v1 is still throttling), then the HTTP status, then whether the
 * request reached SES at all.
 */
export function classifySesError(error: unknown): {
  kind: 'retryable' | 'rejected' | 'uncertain';
  message: string;
  /** For `uncertain`: the network error's code. */
  network?: string;
} {
  const e = asErrorLike(error);
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const status = e.$metadata?.httpStatusCode;
  const detail = safeDetail(e.message);
  const what = `${name}${status === undefined ? '' : `, HTTP ${status}`}`;
  if (THROTTLED.has(name) || status === 429) {
    return { kind: 'retryable', message: `SES is throttling (${what})${detail}` };
  }
  if (REJECTED.has(name)) return { kind: 'rejected', message: `SES refused the email (${what})${detail}` };
  if (status !== undefined && status >= 500) {
    return { kind: 'retryable', message: `SES had a server error (${what})${detail}` };
  }
  if (status !== undefined && status >= 400) {
    return { kind: 'rejected', message: `SES refused the email (${what})${detail}` };
  }
  const network = networkFailure(e);
  if (network?.sent === false) return { kind: 'retryable', message: `Could not reach SES (${network.code})` };
  if (network) {
    return {
      kind: 'uncertain',
      network: network.code,
      message: `No answer from SES (${network.code}): the email may have been sent, so it is not resent automatically (to avoid a duplicate)`,
    };
  }
  return { kind: 'rejected', message: `Email not sent (${name})${detail}` };
}

/** A failure of the connection rather than of the request, and whether the request may have gone out. */
function networkFailure(error: ErrorLike): { code: string; sent: boolean } | null {
  for (let current: ErrorLike | undefined = error, depth = 0; current && depth < 4; depth++) {
    const code = typeof current.code === 'string' ? current.code : undefined;
    const name = typeof current.name === 'string' ? current.name : undefined;
    if (code && NEVER_CONNECTED_CODES.has(code)) return { code, sent: false };
    if (name && TIMEOUT_NAMES.has(name)) {
      const connecting = typeof current.message === 'string' && CONNECT_TIMEOUT_RE.test(current.message);
      return { code: connecting ? 'connect timeout' : name, sent: !connecting };
    }
    if (code && AFTER_SENDING_CODES.has(code)) return { code, sent: true };
    current =
      typeof current.cause === 'object' && current.cause !== null ? (current.cause as ErrorLike) : undefined;
  }
  return null;
}

/**
 * The service's own words, short and on one line. SES messages name identities and regions, never keys, but
 * anything that looks like an access key, a signature or a password in a URL is cut out anyway, since this
 * text is stored with the delivery record.
 */
function safeDetail(message: unknown): string {
  if (typeof message !== 'string') return '';
  const text = message
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, '[key]')
    .replace(/\b(Signature|Credential|X-Amz-Security-Token|X-Amz-Signature|key)=[^\s&,]+/gi, '$1=[redacted]')
    .replace(/\/\/[^/\s@]+@/g, '//[redacted]@')
    .trim();
  if (!text || text === 'UnknownError') return '';
  return `: ${text.length > 200 ? `${text.slice(0, 199)}…` : text}`;
}
