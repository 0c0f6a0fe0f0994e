import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createRequire } from 'node:module';
import type { Config } from 'aws-ses-v2-local';
import { closeServer, listen, serviceUrl } from './http-server.ts';
import { LocalServiceError } from './errors.ts';

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
  /** The SES (v1 and v2) API endpoint; its inbox page is at `/` and the stored emails at `GET /store`. */
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
  const failures: PendingFailure[] = [];

  const server: Server = createServer((request, response) => {
    const failure = request.method === 'POST' && isApiPath(request.url) ? takeFailure(failures) : undefined;
    if (failure) respondWithFailure(request, response, failure);
    else app(request, response);
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
    throw new LocalServiceError(SERVICE, {
      'zh-CN': `${SERVICE} 无法启动：该版本的请求处理方式与预期不符。`,
      en: `${SERVICE} could not start: this version does not expose its request handler as expected.`,
    });
  }
  return listener as RequestListener;
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
