import {
  isAllowedWebhook,
  parseWecomProxies,
  type WebhookAllowList,
  WECOM_PROXY_ENV,
} from '../../core/wecom-webhook.ts';
import { utf8Bytes, WECOM_MARKDOWN_MAX_BYTES } from '../../render/wecom-markdown.ts';
import type { DeliveryProblem, NoAnswerDetail } from '../../use-cases/notify/outbox.ts';

/**
 * Posts messages to WeCom group robots (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY`). The
 * robot answers HTTP 200 for nearly everything and puts the outcome in `{errcode, errmsg}`; this adapter
 * turns that into what the caller has to decide: done, try again later, stop using this channel, or a
 * message that will never be accepted.
 */

export type WecomFailureKind =
  /** Busy, rate limited, network or server trouble that outlasted the retries: send again later. */
  | 'retryable'
  /** The webhook no longer works (removed, disabled, not a URL): mark the channel broken. */
  | 'broken'
  /** The robot will never take this message (too long, malformed): retrying cannot help. */
  | 'rejected'
  /**
   * The request went out and no answer came (a timeout, a connection reset after sending, an answer that
   * cannot be read): the robot may have shown the message. Sending it again could show it twice, so this is
   * never retried here; the caller marks the delivery uncertain for a person to check and resend.
   */
  | 'uncertain';

/**
 * `problem` is what the delivery record stores (a code and its values); `message` the same in English, for
 * logs. Neither holds the webhook key.
 */
export type WecomSendResult =
  | { ok: true }
  | { ok: false; kind: WecomFailureKind; errcode: number | null; message: string; problem: DeliveryProblem };

export interface WecomSenderOptions {
  fetch?: typeof fetch;
  /** Milliseconds since the epoch, for the rate limiter. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Sends of one message in all, the first included. Default 4 (one try and three retries). */
  maxAttempts?: number;
  /** The robot's limit; default 20 messages in any rolling 60 s. */
  rateLimit?: { messagesPerWindow: number; windowMs: number };
  /** Per request, connecting to reading the answer. Default 10 s. */
  timeoutMs?: number;
  /** The first retry waits this long, each further one twice as long as the one before. Default 1 s. */
  baseDelayMs?: number;
  /**
   * Where messages may go. Ingest refuses other webhooks, but a rep stored before it did may still hold one:
   * such a robot is reported broken rather than sent a digest. Default: WeCom's address, the proxies in
   * CHURN_WATCH_WECOM_PROXY_URLS, and loopback (a post there cannot leave the machine; the local stack's
   * receiver is there).
   */
  allowedWebhooks?: WebhookAllowList;
}

export interface WecomSender {
  /**
   * Sends one `markdown` message (mentions are `<@userid>` inside the content). Never throws for what the
   * robot or the network does; the result's message never contains the webhook key. Send the parts of one
   * digest one after another (awaiting each), so they arrive in order.
   */
  sendMarkdown(webhookUrl: string, content: string): Promise<WecomSendResult>;
}

export const WECOM_ERRCODE = {
  systemBusy: -1,
  contentTooLong: 40058,
  rateLimited: 45009,
  invalidWebhookUrl: 93000,
  robotDisabled: 93004,
} as const;

/** The busy answer (-1) is worth at most three retries, whatever maxAttempts allows. */
const MAX_BUSY_RETRIES = 3;
/**
 * The robot counts a message when it arrives, a little after this limiter counted it; waiting this much past
 * the window's edge keeps network jitter from turning the 21st message into a 45009.
 */
const WINDOW_MARGIN_MS = 1_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The tail of a robot key: enough to tell robots apart in a log, too little to use one (never more than half
 * the key). 5 characters, so the sample's `demo-s-r02` (`…s-r02`) is not taken for the demo's `demo-r02`
 * (`…r02`, 3 of its 8); shorter keys would be guessable from any tail and show none.
 */
export function maskWebhookKey(key: string): string {
  if (key.length < 8) return '…';
  return `…${key.slice(key.length >= 10 ? -5 : -3)}`;
}

const KEY_PARAM_RE = /([?&]key=)([^&#\s"'<>]*)/gi;

function keyOf(webhookUrl: string): string | null {
  try {
    return new URL(webhookUrl).searchParams.get('key');
  } catch {
    const match = /[?&]key=([^&#]*)/i.exec(webhookUrl);
    return match?.[1] ?? null;
  }
}

/** The webhook URL with its key masked, for logs: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…a5b`. */
export function maskWebhookUrl(webhookUrl: string): string {
  return webhookUrl.replace(KEY_PARAM_RE, (_, prefix: string, key: string) => {
    let decoded = key;
    try {
      decoded = decodeURIComponent(key);
    } catch {
      // A malformed escape: mask the raw text.
    }
    return `${prefix}${maskWebhookKey(decoded)}`;
  });
}

/** `text` with every trace of the webhook's key masked: as a query parameter, raw, or percent-encoded. */
export function redactWebhookKey(text: string, webhookUrl: string): string {
  let result = maskWebhookUrl(text);
  const key = keyOf(webhookUrl);
  if (key) {
    const masked = maskWebhookKey(key);
    for (const form of new Set([key, encodeURIComponent(key)])) result = result.split(form).join(masked);
  }
  return result;
}

type Attempt =
  | { outcome: 'ok' }
  | { outcome: 'errcode'; errcode: number; errmsg: string }
  | { outcome: 'http'; status: number }
  | { outcome: 'unreadable'; detail: string }
  /**
   * `sent`: the request may have reached the robot (false only when the connection was never made);
   * `timeoutMs` when no answer came in time, else `error`: the network library's words.
   */
  | { outcome: 'network'; detail: string; sent: boolean; timeoutMs?: number; error?: string };

/** Per robot, serialised: when a slot in the rolling window is free, take it, else sleep until one is. */
function createLimiter(
  limit: number,
  windowMs: number,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
) {
  const sent = new Map<string, number[]>();
  const tails = new Map<string, Promise<unknown>>();
  const inWindow = (robot: string, at: number): number[] => {
    const times = (sent.get(robot) ?? []).filter((time) => time > at - windowMs);
    sent.set(robot, times);
    return times;
  };
  return {
    /** Resolves with the slot's time once the message may go. */
    acquire(robot: string): Promise<number> {
      const turn = (tails.get(robot) ?? Promise.resolve()).then(async () => {
        for (;;) {
          const at = now();
          const times = inWindow(robot, at);
          if (times.length < limit) {
            times.push(at);
            return at;
          }
          const oldest = times[times.length - limit] as number;
          await sleep(oldest + windowMs + WINDOW_MARGIN_MS - at);
        }
      });
      tails.set(
        robot,
        turn.catch(() => undefined),
      );
      return turn;
    },
    /** Gives a slot back: the robot does not count a message it refused for the rate limit. */
    release(robot: string, at: number): void {
      const times = sent.get(robot);
      const index = times?.indexOf(at) ?? -1;
      if (times && index >= 0) times.splice(index, 1);
    },
    /** How long until the oldest of our own sends leaves the window (0 if none is in it). */
    untilOldestLeaves(robot: string): number {
      const at = now();
      const oldest = inWindow(robot, at)[0];
      return oldest === undefined ? 0 : oldest + windowMs + WINDOW_MARGIN_MS - at;
    },
  };
}

export function createWecomSender(options: WecomSenderOptions = {}): WecomSender {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const windowMs = options.rateLimit?.windowMs ?? 60_000;
  const limiter = createLimiter(
    Math.max(1, options.rateLimit?.messagesPerWindow ?? 20),
    windowMs,
    now,
    sleep,
  );
  const backoff = (retry: number) => baseDelayMs * 2 ** (retry - 1);
  const allowed = options.allowedWebhooks ?? {
    loopback: true,
    proxies: parseWecomProxies(process.env[WECOM_PROXY_ENV]),
  };

  const post = async (webhookUrl: string, content: string): Promise<Attempt> => {
    let response: Response;
    let body: string;
    try {
      response = await fetchImpl(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
        // A redirect would carry the key to wherever it points.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      const timedOut = isTimeout(error);
      return {
        outcome: 'network',
        detail: describeError(error, timeoutMs),
        sent: !neverConnected(error),
        ...(timedOut ? { timeoutMs } : { error: networkErrorText(error) }),
      };
    }
    if (response.status !== 200) return { outcome: 'http', status: response.status };
    let answer: unknown;
    try {
      answer = JSON.parse(body);
    } catch {
      return { outcome: 'unreadable', detail: 'the answer is not JSON' };
    }
    const errcode = isRecord(answer) ? answer['errcode'] : undefined;
    if (typeof errcode !== 'number') return { outcome: 'unreadable', detail: 'the answer has no errcode' };
    if (errcode === 0) return { outcome: 'ok' };
    const errmsg = isRecord(answer) && typeof answer['errmsg'] === 'string' ? answer['errmsg'] : '';
    return { outcome: 'errcode', errcode, errmsg };
  };

  return {
    async sendMarkdown(webhookUrl, content) {
      const robot = maskWebhookKey(keyOf(webhookUrl) ?? '');
      const redact = (text: string) => redactWebhookKey(text, webhookUrl);
      /** `problem`: the code to store; by default the adapter's words as they are (what the log says). */
      const fail = (
        kind: WecomFailureKind,
        errcode: number | null,
        text: string,
        problem?: DeliveryProblem,
      ): WecomSendResult => {
        const message = redact(`WeCom robot ${robot}: ${text}`);
        return {
          ok: false,
          kind,
          errcode,
          message,
          problem: problem ?? { code: 'robot-refused', values: { text: message, fellBack: false } },
        };
      };
      const robotError = (
        errcode: number,
        errmsg: string,
        retried: { still: 'busy' | 'rate limited'; attempts: number } | null,
      ): DeliveryProblem => ({
        code: 'robot-error',
        values: { robot, errcode, errmsg: errmsg ? redact(errmsg) : null, retried, fellBack: false },
      });
      const noAnswer = (detail: NoAnswerDetail): DeliveryProblem => ({
        code: 'robot-no-answer',
        values: { robot, detail },
      });

      let url: URL;
      try {
        url = new URL(webhookUrl);
      } catch {
        return fail('broken', null, 'the webhook is not a valid URL');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return fail('broken', null, `the webhook URL must be https, not ${url.protocol}`);
      }
      if (!isAllowedWebhook(webhookUrl, allowed)) {
        return fail(
          'broken',
          null,
          `not sent: ${url.protocol}//${url.host} is not a WeCom robot address (qyapi.weixin.qq.com or the configured proxy); send the rep again with the robot's real webhook`,
        );
      }
      const bytes = utf8Bytes(content);
      if (bytes > WECOM_MARKDOWN_MAX_BYTES) {
        // The robot would answer 40058; saying so here keeps the message from using up a rate-limit slot.
        return fail(
          'rejected',
          WECOM_ERRCODE.contentTooLong,
          `markdown content is ${bytes} bytes, over the ${WECOM_MARKDOWN_MAX_BYTES}-byte limit`,
        );
      }

      // The robot's limit is per key, however the URL around it is spelled.
      const robotId = keyOf(webhookUrl) || webhookUrl;
      let busyRetries = 0;
      for (let attempt = 1; ; attempt++) {
        const slot = await limiter.acquire(robotId);
        const result = await post(webhookUrl, content);
        if (result.outcome === 'ok') return { ok: true };
        const tries = `${attempt} ${attempt === 1 ? 'attempt' : 'attempts'}`;
        const exhausted = attempt >= maxAttempts;
        // When our oldest message in the window leaves it, the robot has a slot again; if the window is full
        // of someone else's messages only, we cannot know when, and the backoff has to do.
        const rateWait = () =>
          Math.min(
            Math.max(backoff(attempt), limiter.untilOldestLeaves(robotId)),
            windowMs + WINDOW_MARGIN_MS,
          );
        let wait = backoff(attempt);

        if (result.outcome === 'errcode') {
          const { errcode, errmsg } = result;
          const said = `errcode ${errcode}${errmsg ? ` (${errmsg})` : ''}`;
          if (errcode === WECOM_ERRCODE.invalidWebhookUrl || errcode === WECOM_ERRCODE.robotDisabled) {
            return fail('broken', errcode, said, robotError(errcode, errmsg, null));
          }
          if (errcode === WECOM_ERRCODE.systemBusy) {
            if (exhausted || busyRetries >= MAX_BUSY_RETRIES) {
              return fail(
                'retryable',
                errcode,
                `${said}, still busy after ${tries}`,
                robotError(errcode, errmsg, { still: 'busy', attempts: attempt }),
              );
            }
            busyRetries++;
          } else if (errcode === WECOM_ERRCODE.rateLimited) {
            limiter.release(robotId, slot);
            if (exhausted) {
              return fail(
                'retryable',
                errcode,
                `${said}, still rate limited after ${tries}`,
                robotError(errcode, errmsg, { still: 'rate limited', attempts: attempt }),
              );
            }
            wait = rateWait();
          } else {
            // 40058 too long, 44004 empty, 47001 malformed, …: the same message would get the same answer.
            return fail('rejected', errcode, said, robotError(errcode, errmsg, null));
          }
        } else if (result.outcome === 'http') {
          const { status } = result;
          if (status === 404 || status === 410)
            return fail('broken', null, `HTTP ${status}: no robot at this URL`);
          if (status === 429) {
            limiter.release(robotId, slot);
            if (exhausted) return fail('retryable', null, `HTTP 429, still rate limited after ${tries}`);
            wait = rateWait();
          } else if (status === 504) {
            // A gateway that gave up waiting: the robot behind it may have taken the message.
            return fail(
              'uncertain',
              null,
              `HTTP 504 (gateway timeout): ${UNCERTAIN}`,
              noAnswer({ kind: 'gateway-timeout' }),
            );
          } else if (status >= 500) {
            if (exhausted) return fail('retryable', null, `HTTP ${status} after ${tries}`);
          } else {
            return fail('rejected', null, `HTTP ${status}`);
          }
        } else if (result.outcome === 'unreadable') {
          return fail(
            'uncertain',
            null,
            `${result.detail}: ${UNCERTAIN}`,
            noAnswer({ kind: 'other', text: result.detail }),
          );
        } else if (result.sent) {
          return fail(
            'uncertain',
            null,
            `${result.detail}: ${UNCERTAIN}`,
            noAnswer(
              result.timeoutMs !== undefined
                ? { kind: 'timeout', ms: result.timeoutMs }
                : { kind: 'other', text: redact(result.detail) },
            ),
          );
        } else if (exhausted) {
          const detail = `${result.error ?? result.detail} (after ${tries})`;
          return fail(
            'retryable',
            null,
            `${result.detail} (after ${tries})`,
            result.error === undefined
              ? undefined
              : { code: 'robot-unreachable', values: { robot, detail: redact(detail), fellBack: false } },
          );
        }
        await sleep(wait);
      }
    },
  };
}

/** Why an unanswered send is not retried; deliveries show it (in Chinese too, see delivery-problem-text.ts). */
export const UNCERTAIN =
  'the message may have arrived, so it is not resent automatically (to avoid a duplicate)';

/**
 * Failures that happen before a connection exists, so the robot cannot have seen the message: no such host,
 * refused, unreachable, the connect itself timed out, or a certificate that does not check out. Anything else
 * (our own timeout, a reset, a closed socket) may come after the request was written.
 */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function neverConnected(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_CONNECTED.has(code)) return true;
    current = current.cause;
  }
  return false;
}

const isTimeout = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

function describeError(error: unknown, timeoutMs: number): string {
  if (isTimeout(error)) return `no answer within ${timeoutMs} ms`;
  return `network error: ${networkErrorText(error)}`;
}

/** The network library's words and the cause's code (ECONNREFUSED …), for whoever checks the address. */
function networkErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? error.cause : undefined;
  const causeText =
    cause instanceof Error
      ? (cause as Error & { code?: unknown }).code !== undefined
        ? String((cause as Error & { code?: unknown }).code)
        : cause.message
      : '';
  return `${message}${causeText ? ` (${causeText})` : ''}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
