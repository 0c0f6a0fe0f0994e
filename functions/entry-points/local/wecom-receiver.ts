import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseLocale, type Locale } from '../../core/locale.ts';
import { closeServer, listen, serviceUrl } from './http-server.ts';
import type { ReceivedMessage, RejectedSend, RobotSummary, WecomMsgtype } from './wecom-receiver-types.ts';
import {
  maskWebhookKey,
  renderReceiverJson,
  renderReceiverPage,
  type RobotEvent,
  type RobotTimeline,
} from './wecom-receiver-page.ts';

/** The limits of the real group robot (qyapi.weixin.qq.com), which the notifier has to live with. */
export const WECOM_LIMITS = {
  /** UTF-8 bytes of `markdown.content` and `markdown_v2.content`. */
  markdownBytes: 4096,
  /** UTF-8 bytes of `text.content`. */
  textBytes: 2048,
  /** Messages one robot accepts within any rolling window of {@link WECOM_LIMITS.rateWindowMs}. */
  messagesPerWindow: 20,
  rateWindowMs: 60_000,
} as const;

/** The errcodes the real webhook answers with (always with HTTP 200). */
export const WECOM_ERRCODES = {
  ok: 0,
  systemBusy: -1,
  invalidMessageType: 40008,
  contentTooLong: 40058,
  requirePost: 43002,
  emptyContent: 44004,
  rateLimited: 45009,
  dataFormatError: 47001,
  invalidWebhookUrl: 93000,
  robotDisabled: 93004,
} as const;

export type { ReceivedMessage, RejectedSend, RobotSummary, WecomMsgtype };

const MSGTYPES: readonly WecomMsgtype[] = ['markdown', 'markdown_v2', 'text'];

export interface WecomReceiverOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  host?: string;
  /** Robots that exist; sends to any other key get 93000 like a removed robot. */
  keys?: Iterable<string>;
  /**
   * Robots that exist as soon as something posts to them: any key starting with one of these (e.g. `demo-`,
   * the sample generator's robots), so a sample imported while the stack runs reaches its robots. Default none.
   */
  keyPrefixes?: Iterable<string>;
  /** Milliseconds since the epoch; injected so tests can step through the rate-limit window. */
  now?: () => number;
  /** Older messages (and rejections) are forgotten beyond this, so a long-running receiver stays small. */
  maxMessages?: number;
  /** The zone the page shows times in: the product's configured zone. Default Asia/Shanghai. */
  timeZone?: string;
  /** The page's language unless `?lang=` says otherwise. Default zh-CN. */
  locale?: Locale;
}

export interface WecomReceiver {
  /** Base URL, e.g. `http://127.0.0.1:8790`; the page listing what arrived is at `/`. */
  url: string;
  /** The full webhook URL for a robot, as a rep's `wecom_webhook` would hold it. */
  webhookUrl(key: string): string;
  /**
   * A robot that exists from now on. `name` (e.g. the rep it posts for) labels it on the page instead of
   * its masked key alone; a robot several reps share shows all their names.
   */
  registerKey(key: string, name?: string): void;
  /** Later sends to this robot get 93004, as when an admin turns a robot off in the group. */
  disableKey(key: string): void;
  /** Fault injection: the next `times` sends to `key` get `errcode` (e.g. -1 busy) and are not stored. */
  failNext(key: string, errcode: number, times?: number): void;
  /** Accepted messages, oldest first; only those sent to `key` when given. */
  messages(key?: string): ReceivedMessage[];
  /** Refused sends, oldest first; only those sent to `key` when given. */
  rejected(key?: string): RejectedSend[];
  close(): Promise<void>;
}

const SEND_PATH = '/cgi-bin/webhook/send';
/** Far above any valid message (4096 bytes of content plus JSON); bigger bodies are not worth buffering. */
const MAX_BODY_BYTES = 64 * 1024;
const SERVICE = 'WeCom receiver';

interface Robot {
  disabled: boolean;
  names: Set<string>;
  /** When accepted messages arrived, for the rolling rate-limit window. */
  sentAt: number[];
}

interface Stored<T> {
  key: string;
  record: T;
}

interface SendOutcome {
  errcode: number;
  errmsg?: string;
  /** Set when the message was accepted. */
  message?: Omit<ReceivedMessage, 'id' | 'robot' | 'receivedAt'>;
}

/**
 * A local stand-in for the WeCom group-robot webhook that answers the way the real one does (HTTP 200 with
 * `{errcode, errmsg}`, the same size and rate limits, 93000 for an unknown key), so the notifier's retry and
 * splitting logic meets the same answers on a laptop as in production, and shows what arrived on a page.
 */
export async function startWecomReceiver(options: WecomReceiverOptions = {}): Promise<WecomReceiver> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const maxMessages = options.maxMessages ?? 1_000;
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  // A zone Intl does not know fails here, at start, rather than on the first page view.
  new Intl.DateTimeFormat('en-US', { timeZone });
  const pageOptions = { timeZone, locale: options.locale ?? 'zh-CN' } as const;
  const robots = new Map<string, Robot>();
  const faults = new Map<string, { errcode: number; remaining: number }[]>();
  const accepted: Stored<ReceivedMessage>[] = [];
  const refused: Stored<RejectedSend>[] = [];
  let nextId = 1;

  const registerKey = (key: string, name?: string): void => {
    if (key === '') throw new RangeError('A WeCom robot key cannot be empty');
    if (!robots.has(key)) robots.set(key, { disabled: false, names: new Set(), sentAt: [] });
    const label = name?.trim();
    if (label) robots.get(key)?.names.add(label);
  };
  for (const key of options.keys ?? []) registerKey(key);
  const keyPrefixes = [...(options.keyPrefixes ?? [])].filter((prefix) => prefix !== '');
  const robotFor = (key: string): Robot | undefined => {
    if (!robots.has(key) && key !== '' && keyPrefixes.some((prefix) => key.startsWith(prefix)))
      registerKey(key);
    return robots.get(key);
  };

  const remember = <T>(list: Stored<T>[], key: string, record: T): void => {
    list.push({ key, record });
    if (list.length > maxMessages) list.splice(0, list.length - maxMessages);
  };

  const send = (key: string, method: string | undefined, body: Buffer | undefined): SendOutcome => {
    const fault = faults.get(key)?.[0];
    if (fault) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults.get(key)?.shift();
      return { errcode: fault.errcode };
    }
    const robot = robotFor(key);
    if (!robot) return { errcode: WECOM_ERRCODES.invalidWebhookUrl };
    if (robot.disabled) return { errcode: WECOM_ERRCODES.robotDisabled };
    if (method !== 'POST') return { errcode: WECOM_ERRCODES.requirePost };
    if (!body) return { errcode: WECOM_ERRCODES.dataFormatError, errmsg: 'request body too large' };
    const parsed = parseMessage(body);
    if ('errcode' in parsed) return parsed;
    const limit = parsed.msgtype === 'text' ? WECOM_LIMITS.textBytes : WECOM_LIMITS.markdownBytes;
    if (parsed.bytes > limit) {
      return {
        errcode: WECOM_ERRCODES.contentTooLong,
        errmsg: `${parsed.msgtype}.content exceed max length ${limit}`,
      };
    }
    // Only accepted messages count: a client that backs off after 45009 gets through once the window moves.
    const at = now();
    robot.sentAt = robot.sentAt.filter((sent) => sent > at - WECOM_LIMITS.rateWindowMs);
    if (robot.sentAt.length >= WECOM_LIMITS.messagesPerWindow) return { errcode: WECOM_ERRCODES.rateLimited };
    robot.sentAt.push(at);
    return { errcode: WECOM_ERRCODES.ok, message: parsed };
  };

  const handleSend = async (req: IncomingMessage, res: ServerResponse, key: string): Promise<void> => {
    const body = await readBody(req, MAX_BODY_BYTES);
    const outcome = send(key, req.method, body);
    const errmsg = errorMessage(outcome.errcode, outcome.errmsg);
    const receivedAt = new Date(now()).toISOString();
    const robot = maskWebhookKey(key);
    if (outcome.message) {
      remember(accepted, key, { id: nextId++, robot, receivedAt, ...outcome.message });
    } else {
      remember(refused, key, { id: nextId++, robot, receivedAt, errcode: outcome.errcode, errmsg });
    }
    respond(
      res,
      200,
      'application/json; charset=utf-8',
      JSON.stringify({ errcode: outcome.errcode, errmsg }),
    );
  };

  const summaries = (): RobotSummary[] =>
    [...robots].map(([key, robot]) => ({
      robot: maskWebhookKey(key),
      disabled: robot.disabled,
      messages: accepted
        .filter((stored) => stored.key === key)
        .map((stored) => stored.record)
        .reverse(),
    }));
  const newestRejections = (): RejectedSend[] => refused.map((stored) => stored.record).reverse();
  const timelines = (): RobotTimeline[] =>
    [...robots].map(([key, robot]) => {
      const events: RobotEvent[] = [
        ...accepted
          .filter((stored) => stored.key === key)
          .map((s) => ({ kind: 'message' as const, ...s.record })),
        ...refused
          .filter((stored) => stored.key === key)
          .map((s) => ({ kind: 'refused' as const, ...s.record })),
      ];
      return {
        robot: maskWebhookKey(key),
        names: [...robot.names],
        disabled: robot.disabled,
        events: events.sort((a, b) => a.id - b.id),
      };
    });
  const unregistered = (): RejectedSend[] =>
    refused.filter((stored) => !robots.has(stored.key)).map((stored) => stored.record);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://receiver.invalid');
    if (url.pathname === SEND_PATH) {
      await handleSend(req, res, url.searchParams.get('key') ?? '');
      return;
    }
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      respond(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    } else if (url.pathname === '/') {
      const locale = parseLocale(url.searchParams.get('lang') ?? undefined) ?? pageOptions.locale;
      const page = renderReceiverPage(timelines(), unregistered(), { ...pageOptions, locale });
      respond(res, 200, 'text/html; charset=utf-8', page);
    } else if (url.pathname === '/messages.json') {
      respond(
        res,
        200,
        'application/json; charset=utf-8',
        renderReceiverJson(summaries(), newestRejections()),
      );
    } else {
      respond(res, 404, 'text/plain; charset=utf-8', 'not found');
    }
  };
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) respond(res, 500, 'text/plain; charset=utf-8', 'internal error');
      else res.destroy(error instanceof Error ? error : undefined);
    });
  });
  const port = await listen(server, options.port ?? 0, host, SERVICE);
  const url = serviceUrl(host, port);

  const byKey = <T>(list: Stored<T>[], key: string | undefined): T[] =>
    list.filter((stored) => key === undefined || stored.key === key).map((stored) => stored.record);

  return {
    url,
    webhookUrl: (key) => `${url}${SEND_PATH}?key=${encodeURIComponent(key)}`,
    registerKey,
    disableKey(key) {
      registerKey(key);
      const robot = robots.get(key);
      if (robot) robot.disabled = true;
    },
    failNext(key, errcode, times = 1) {
      if (errcode === WECOM_ERRCODES.ok) throw new RangeError('failNext needs a non-zero errcode');
      if (!Number.isInteger(times) || times < 1) throw new RangeError('failNext needs times ≥ 1');
      faults.set(key, [...(faults.get(key) ?? []), { errcode, remaining: times }]);
    },
    messages: (key) => byKey(accepted, key),
    rejected: (key) => byKey(refused, key),
    close: () => closeServer(server),
  };
}

type ParsedMessage = NonNullable<SendOutcome['message']>;

function parseMessage(body: Buffer): ParsedMessage | { errcode: number; errmsg: string } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { errcode: WECOM_ERRCODES.dataFormatError, errmsg: 'data format error: body is not valid JSON' };
  }
  if (!isRecord(json)) {
    return {
      errcode: WECOM_ERRCODES.dataFormatError,
      errmsg: 'data format error: body is not a JSON object',
    };
  }
  const msgtype = json['msgtype'];
  if (typeof msgtype !== 'string' || !(MSGTYPES as readonly string[]).includes(msgtype)) {
    return {
      errcode: WECOM_ERRCODES.invalidMessageType,
      errmsg: `invalid message type ${JSON.stringify(msgtype ?? null)}: this local receiver accepts ${MSGTYPES.join(', ')}`,
    };
  }
  const part = json[msgtype];
  const content = isRecord(part) ? part['content'] : undefined;
  if (typeof content !== 'string' || content === '') {
    return { errcode: WECOM_ERRCODES.emptyContent, errmsg: `empty content: ${msgtype}.content is missing` };
  }
  const mentions = (name: string): string[] => {
    const list = msgtype === 'text' && isRecord(part) ? part[name] : undefined;
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
  };
  return {
    msgtype: msgtype as WecomMsgtype,
    content,
    bytes: Buffer.byteLength(content, 'utf8'),
    mentionedList: mentions('mentioned_list'),
    mentionedMobileList: mentions('mentioned_mobile_list'),
  };
}

const ERRMSGS: Record<number, string> = {
  [WECOM_ERRCODES.ok]: 'ok',
  [WECOM_ERRCODES.systemBusy]: 'system busy',
  [WECOM_ERRCODES.invalidMessageType]: 'invalid message type',
  [WECOM_ERRCODES.contentTooLong]: 'content exceed max length',
  [WECOM_ERRCODES.requirePost]: 'require POST method',
  [WECOM_ERRCODES.emptyContent]: 'empty content',
  [WECOM_ERRCODES.rateLimited]: 'api freq out of limit',
  [WECOM_ERRCODES.dataFormatError]: 'data format error',
  [WECOM_ERRCODES.invalidWebhookUrl]: 'invalid webhook url',
  [WECOM_ERRCODES.robotDisabled]: 'robot disabled',
};

/** Shaped like the real errmsg (text, hint, link to the errcode's page), so log parsing sees the same thing. */
function errorMessage(errcode: number, detail: string | undefined): string {
  if (errcode === WECOM_ERRCODES.ok) return 'ok';
  const text = detail ?? ERRMSGS[errcode] ?? `error ${errcode}`;
  return `${text}, hint: [churn-watch local receiver], more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

function respond(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    // Message text is escaped already; the policy makes sure nothing that slipped through could run.
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  });
  res.end(body);
}

/** The body, or undefined when it is over `limit` (read to the end anyway so the answer reaches the client). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size <= limit ? Buffer.concat(chunks) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
