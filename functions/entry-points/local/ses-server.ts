import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Config } from 'aws-ses-v2-local';
import { closeServer, listen, serviceUrl } from './http-server.ts';
import { LocalServiceError } from './errors.ts';
import { cliWorded } from '../../text/cli-catalogue.ts';

const SERVICE = 'SES (aws-ses-v2-local)';

export interface SesServerOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  host?: string;
}

/** An email as aws-ses-v2-local keeps it (`GET /store`). */
export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: {
    /** Base64. */
    content: string;
    contentType: string;
    filename?: string;
    contentId?: string;
    contentDisposition?: string;
    size: number;
  }[];
  /** Epoch seconds. */
  at: number;
}

export interface FailureOptions {
  /** The SES error code (`__type` and `x-amzn-errortype`); by default the one SES uses for the status. */
  errorType?: string;
  message?: string;
}

export interface SesServer {
  /**
   * The SES (v1 and v2) API endpoint; its inbox page is at `/` and the stored emails, as sent, at `GET /store`.
   * The inbox page shows inline images (the weekly email's charts): it reads `GET /inbox/store`, where each
   * `cid:` reference points at `GET /inbox/attachments/<messageId>/<content id>` instead.
   */
  url: string;
  /**
   * Answers the next `times` API POSTs (default 1) with `status` and an SES v2-style JSON error instead of
   * handling them, so nothing is stored: for testing how a sender copes with throttling (429), outages (5xx)
   * and refusals (400). Calls queue up in order. The inbox page and `GET /store` are never failed.
   */
  failNext(status: number, times?: number, options?: FailureOptions): void;
  /** API POSTs that {@link SesServer.failNext} will still fail. */
  pendingFailures(): number;
  /** The emails in the store (shared by every server in this process), oldest first. */
  emails(): Promise<StoredEmail[]>;
  close(): Promise<void>;
}

/** The error codes SES v2 answers with for these statuses. */
const DEFAULT_ERRORS: Record<number, { errorType: string; message: string }> = {
  400: { errorType: 'BadRequestException', message: 'Bad request' },
  403: { errorType: 'AccessDeniedException', message: 'Access denied' },
  404: { errorType: 'NotFoundException', message: 'Not found' },
  429: { errorType: 'TooManyRequestsException', message: 'Too many requests' },
  500: { errorType: 'InternalFailure', message: 'Internal failure' },
  503: { errorType: 'ServiceUnavailable', message: 'Service unavailable' },
};

interface PendingFailure {
  status: number;
  errorType: string;
  message: string;
  remaining: number;
}

/**
 * aws-ses-v2-local in this process: an SES API that keeps every email it is sent and shows them on an inbox
 * page. Its emails live in one store per process, so two servers started here share an inbox.
 *
 * The library's request handler runs behind a server of our own, which can fail API calls on request
 * ({@link SesServer.failNext}) and reports a busy port instead of resolving without listening.
 */
export async function startSesServer(options: SesServerOptions = {}): Promise<SesServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const app = await loadRequestListener();
  const inboxPage = loadInboxPage();
  const failures: PendingFailure[] = [];

  const server: Server = createServer((request, response) => {
    const failure = request.method === 'POST' && isApiPath(request.url) ? takeFailure(failures) : undefined;
    if (failure) respondWithFailure(request, response, failure);
    else if (!serveInbox(request, response, inboxPage)) app(request, response);
  });
  const boundPort = await listen(server, port, host, SERVICE);
  const url = serviceUrl(host, boundPort);

  return {
    url,
    failNext(status, times = 1, failureOptions = {}) {
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        throw new RangeError(`failNext needs an HTTP error status (400-599), got ${status}`);
      }
      if (!Number.isInteger(times) || times < 1)
        throw new RangeError(`failNext needs times ≥ 1, got ${times}`);
      const defaults =
        DEFAULT_ERRORS[status] ??
        (status >= 500
          ? { errorType: 'InternalFailure', message: 'Internal failure' }
          : { errorType: 'BadRequestException', message: 'Bad request' });
      failures.push({
        status,
        errorType: failureOptions.errorType ?? defaults.errorType,
        message: failureOptions.message ?? defaults.message,
        remaining: times,
      });
    },
    pendingFailures: () => failures.reduce((sum, failure) => sum + failure.remaining, 0),
    async emails() {
      const response = await fetch(`${url}/store`);
      if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
      return ((await response.json()) as { emails: StoredEmail[] }).emails;
    },
    close: () => closeServer(server),
  };
}

const INBOX_STORE = '/inbox/store';
const INBOX_ATTACHMENTS = '/inbox/attachments/';
/** Where the library's page asks for new emails; the copy served at `/` asks {@link INBOX_STORE}. */
const PAGE_STORE_FETCH = 'fetch(`/store?since=';

/**
 * The library's inbox page puts each email's HTML into an iframe as it is, so `<img src="cid:…">` (how an
 * email refers to its inline attachments, and what real mail clients resolve) showed as broken images. The
 * stored email stays as sent; only what the page shows points at URLs this server answers.
 */
function serveInbox(request: IncomingMessage, response: ServerResponse, page: string): boolean {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url ?? '/', 'http://inbox');
  if (url.pathname === '/') {
    send(response, 200, 'text/html; charset=utf-8', page);
  } else if (url.pathname === INBOX_STORE) {
    const since = Number(url.searchParams.get('since') ?? 0);
    const { emails, templates } = loadStore().getStoreReadonly();
    const shown = emails.filter((email) => !(email.at < since)).map(withImageUrls);
    send(
      response,
      200,
      'application/json',
      JSON.stringify({ templates: Object.fromEntries(templates), emails: shown }),
    );
  } else if (url.pathname.startsWith(INBOX_ATTACHMENTS)) {
    const [messageId = '', contentId = ''] = url.pathname.slice(INBOX_ATTACHMENTS.length).split('/');
    const email = loadStore()
      .getStoreReadonly()
      .emails.find((stored) => stored.messageId === decodeURIComponent(messageId));
    const attachment = email?.attachments.find(
      (candidate) => bareContentId(candidate.contentId) === safeDecode(contentId),
    );
    if (!attachment) {
      send(response, 404, 'text/plain; charset=utf-8', 'No such inline attachment');
    } else {
      // Only images are shown inline: anything else from an email is not to run as a page of this origin.
      const image = /^image\/(png|jpeg|gif|webp)$/i.test(attachment.contentType);
      send(
        response,
        200,
        image ? attachment.contentType : 'application/octet-stream',
        Buffer.from(attachment.content, 'base64'),
        {
          'x-content-type-options': 'nosniff',
          ...(image ? {} : { 'content-disposition': 'attachment' }),
        },
      );
    }
  } else {
    return false;
  }
  return true;
}

/** The email as the inbox page shows it: every `cid:` reference that matches an attachment made a URL. */
function withImageUrls(email: StoredEmail): StoredEmail {
  if (!email.body.html) return email;
  const ids = new Set(email.attachments.map((attachment) => bareContentId(attachment.contentId)));
  const html = email.body.html.replace(
    /(["'(\s=])cid:([^"')\s>]+)/gi,
    (reference, before: string, id: string) => {
      const contentId = safeDecode(id);
      return ids.has(contentId)
        ? `${before}${INBOX_ATTACHMENTS}${encodeURIComponent(email.messageId)}/${encodeURIComponent(contentId)}`
        : reference;
    },
  );
  return { ...email, body: { ...email.body, html } };
}

/** `<chart@churn-watch>` and `chart@churn-watch` are the same content id (mail parsers keep the brackets). */
const bareContentId = (id: string | undefined): string => (id ?? '').trim().replace(/^<(.*)>$/, '$1');

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(body);
}

/** The inbox's own endpoints are not SES API calls and are never failed. */
function isApiPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0];
  return path !== '/clear-store';
}

function takeFailure(failures: PendingFailure[]): PendingFailure | undefined {
  const next = failures[0];
  if (!next) return undefined;
  next.remaining--;
  if (next.remaining === 0) failures.shift();
  return next;
}

function respondWithFailure(
  request: IncomingMessage,
  response: ServerResponse,
  failure: PendingFailure,
): void {
  // Read the request to its end first: answering mid-upload would reset the client's keep-alive connection.
  request.resume();
  request.once('end', () => {
    const body = JSON.stringify({ __type: failure.errorType, message: failure.message });
    response.writeHead(failure.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-errortype': failure.errorType,
      'x-amzn-requestid': `local-failure-${Date.now()}`,
    });
    response.end(body);
  });
}

/**
 * The library only exposes "start an express app and listen", so it is started once on an ephemeral
 * loopback port to get its request handler (the app express passed to `http.createServer`), and that
 * server is closed again.
 */
async function loadRequestListener(): Promise<RequestListener> {
  const inner = await loadSesLocal()({ host: '127.0.0.1', port: 0 });
  const [listener] = inner.listeners('request');
  await closeServer(inner);
  if (typeof listener !== 'function') {
    throw new LocalServiceError(
      SERVICE,
      cliWorded((text) => text.local.service.sesHandler(SERVICE)),
    );
  }
  return listener as RequestListener;
}

/** The library's inbox page, changed to read {@link INBOX_STORE}; refuses to start if the page changed. */
function loadInboxPage(): string {
  const root = path.dirname(createRequire(import.meta.url).resolve('aws-ses-v2-local/package.json'));
  const page = readFileSync(path.join(root, 'static', 'index.html'), 'utf8');
  if (!page.includes(PAGE_STORE_FETCH)) {
    throw new LocalServiceError(
      SERVICE,
      cliWorded((text) => text.local.service.sesInboxPage(SERVICE)),
    );
  }
  return page.replaceAll(PAGE_STORE_FETCH, `fetch(\`${INBOX_STORE}?since=`);
}

/** The library's email store: the one its request handler saves into (the same CommonJS module instance). */
function loadStore(): { getStoreReadonly(): { emails: StoredEmail[]; templates: Map<string, unknown> } } {
  return createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as ReturnType<typeof loadStore>;
}

/**
 * Loaded with `require`: the package is CommonJS with an `__esModule` default export, which Node's ESM loader
 * hands over as `module.exports` while vitest unwraps it to the function, so an `import` works in only one.
 */
function loadSesLocal(): (config: Partial<Config>) => Promise<Server> {
  const sesLocal = createRequire(import.meta.url)('aws-ses-v2-local') as {
    default: (config: Partial<Config>) => Promise<Server>;
  };
  return sesLocal.default;
}
