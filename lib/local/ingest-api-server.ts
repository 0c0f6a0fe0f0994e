import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { IngestApiEvent, IngestApiResponse } from '../../functions/ingest/ingest-http.ts';
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

/**
 * Serves `POST /v1/{kind}` on 127.0.0.1 with the same handler the Lambda runs: 401 without an `x-api-key`,
 * 403 with a wrong one, 413 for a body over 6 MB; everything else is the handler's answer.
 */
export async function startIngestApiServer(options: {
  port: number;
  host?: string;
  apiKey: string;
  handler: (event: IngestApiEvent) => Promise<IngestApiResponse>;
  /** Where failures are reported on this side (the caller only hears "internal error"). */
  onError?: (error: unknown) => void;
}): Promise<IngestApiServer> {
  const host = options.host ?? '127.0.0.1';
  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
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
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(',') : value,
          ]),
        ),
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
