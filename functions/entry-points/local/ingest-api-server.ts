import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import {
  type ActionHttpEvent,
  type ActionHttpResponse,
  actionBusyResponse,
  MAX_ACTION_BODY_BYTES,
} from '../../use-cases/follow-up/action-http.ts';
import { ACTION_PATH } from '../../use-cases/follow-up/action-link.ts';
import type { IngestApiEvent, IngestApiResponse } from '../../use-cases/ingest/ingest-http.ts';
import { closeServer, listen, serviceUrl } from './http-server.ts';

/** Bodies beyond this are refused before they are read whole (the Lambda sync payload limit is 6 MB). */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

export interface IngestApiServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The local key: made once and kept in the data folder, so scripts keep working across restarts. On AWS,
 * API Gateway API keys play this part.
 */
export function localApiKey(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    const key = randomBytes(24).toString('base64url');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${key}\n`, { mode: 0o600 });
    return key;
  }
}

const sameKey = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Action link requests handled at once; more are answered 429 at once (a burst of taps, a link checker). */
export const DEFAULT_ACTION_IN_FLIGHT = 8;

/**
 * Serves `POST /v1/{kind}` on 127.0.0.1 with the same handler the Lambda runs: 401 without an `x-api-key`,
 * 403 with a wrong one, 413 for a body over 6 MB; everything else is the handler's answer.
 *
 * With `actions`, also the one-tap answer links under `/a/` with the handler API Gateway calls: no API key
 * there (the signed link is the credential), at most `maxInFlight` at once.
 */
export async function startIngestApiServer(options: {
  port: number;
  host?: string;
  apiKey: string;
  handler: (event: IngestApiEvent) => Promise<IngestApiResponse>;
  /** Where failures are reported on this side (the caller only hears "internal error"). */
  onError?: (error: unknown) => void;
  actions?: {
    handler: (event: ActionHttpEvent) => Promise<ActionHttpResponse>;
    maxInFlight?: number;
  };
}): Promise<IngestApiServer> {
  const host = options.host ?? '127.0.0.1';
  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };
  const actions = options.actions;
  let actionsInFlight = 0;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (actions && url.pathname.startsWith(`${ACTION_PATH}/`)) {
        if (actionsInFlight >= (actions.maxInFlight ?? DEFAULT_ACTION_IN_FLIGHT)) {
          const busy = actionBusyResponse();
          response.writeHead(busy.statusCode, { ...busy.headers, 'retry-after': '1' });
          return response.end(busy.body);
        }
        actionsInFlight++;
        try {
          const answer = await actions.handler({
            httpMethod: request.method ?? 'GET',
            path: url.pathname,
            headers: headersOf(request),
            // A byte past the limit is enough for the handler to refuse the body; the rest is not read.
            body: (await readBody(request, MAX_ACTION_BODY_BYTES + 1)).toString('utf8'),
          });
          response.writeHead(answer.statusCode, answer.headers);
          return response.end(answer.body);
        } finally {
          actionsInFlight--;
        }
      }
      const match = /^\/v1\/([^/]+)\/?$/.exec(url.pathname);
      if (!match)
        return send(response, 404, {
          message: 'use POST /v1/{orders|customers|reps|visits|coupons|complaints}',
        });
      const given = request.headers['x-api-key'];
      if (typeof given !== 'string' || given === '')
        return send(response, 401, { message: 'missing x-api-key header' });
      if (!sameKey(given, options.apiKey)) return send(response, 403, { message: 'invalid API key' });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY_BYTES) return send(response, 413, { message: 'request body over 6 MB' });
        chunks.push(chunk as Buffer);
      }
      let kind: string;
      try {
        kind = decodeURIComponent(match[1] ?? '');
      } catch {
        return send(response, 404, { message: 'unknown record kind' });
      }
      const answer = await options.handler({
        httpMethod: request.method ?? 'GET',
        pathParameters: { kind },
        headers: headersOf(request),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(answer.statusCode, answer.headers);
      response.end(answer.body);
    } catch (error) {
      // Never a stack trace or an error object to the caller; the cause is the store or the code, not them.
      options.onError?.(error);
      if (!response.headersSent) send(response, 500, { message: 'internal error; see the churn-watch log' });
      else response.end();
    }
  });
  const port = await listen(server, options.port, host, 'ingest API');
  return { url: serviceUrl(host, port), close: () => closeServer(server) };
}

/** Headers as API Gateway passes them: one string per name. */
function headersOf(request: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(',') : value,
    ]),
  );
}

/** The body, or its first `limit` bytes when it is longer. */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit);
}
