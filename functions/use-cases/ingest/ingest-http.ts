import * as z from 'zod';
import { UnprocessedItemsError } from '../../adapters/dynamodb/batch.ts';
import { WebhookVaultBusyError } from '../../adapters/secrets/webhook-vault.ts';
import { type Locale, parseLocale } from '../../core/locale.ts';
import { ingest, INGEST_KINDS, type IngestKind } from './ingest.ts';
import type { IngestDeps } from './ingest-deps.ts';
import type { IngestResult } from './ingest-result.ts';
import { IngestContentionError } from './contention.ts';
import { textFor } from '../../text/catalogue.ts';

/** The part of an API Gateway (REST, proxy integration) event the ingest API reads. */
const eventSchema = z.object({
  httpMethod: z.string(),
  pathParameters: z.object({ kind: z.string() }).partial().nullish(),
  headers: z.record(z.string(), z.string().optional()).nullish(),
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().nullish(),
});
export type IngestApiEvent = z.input<typeof eventSchema>;

export interface IngestApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const MAX_RECORDS = 1000;

const bodySchema = z.object({ records: z.array(z.unknown()) });

const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): IngestApiResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

type Headers = Record<string, string | undefined> | null | undefined;

/** A header by name, whatever its case: API Gateway passes headers on as the client wrote them. */
const headerOf = (headers: Headers, wanted: string): string | undefined =>
  Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === wanted)?.[1];

/** English by default for machines; `Accept-Language: zh` gets the record errors in Chinese. */
function localeOf(headers: Headers): Locale {
  return parseLocale(headerOf(headers, 'accept-language')?.split(/[,;]/)[0]) ?? 'en';
}

/** `application/json`, with or without parameters such as `charset=utf-8`. */
const isJson = (contentType: string | undefined): boolean =>
  contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';

/** Throttling that outlasted the SDK's own retries: the store is busy, not broken, and a retry goes through. */
const isBusy = (error: unknown): boolean =>
  error instanceof UnprocessedItemsError ||
  ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'].includes(
    (error as { name?: string }).name ?? '',
  );

const BUSY_RETRY_AFTER_SECONDS = 2;

/**
 * `POST /v1/{kind}` with `{"records": [...]}`: 200 when every record was stored or already there, 207
 * when some were rejected (each with its index and fields), 400 for a body that is not that shape, 413
 * over 1,000 records, 415 for a body not sent as `application/json`, 503 with `Retry-After` when other
 * requests are changing the same customers or the reps' robots, or the table is throttled (send the same
 * batch again: what was stored is not counted twice, and the retry finishes the profiles). Authentication
 * happens before this (API Gateway API keys on AWS, the local server's key locally), so the handler never
 * sees an anonymous call.
 */
export function createIngestHandler(deps: (locale: Locale) => IngestDeps) {
  return async (raw: unknown): Promise<IngestApiResponse> => {
    const event = eventSchema.safeParse(raw);
    if (!event.success) return json(400, { message: 'not an API Gateway proxy event' });
    const { httpMethod, pathParameters, headers, body, isBase64Encoded } = event.data;
    const kind = pathParameters?.kind;
    if (!kind || !(INGEST_KINDS as readonly string[]).includes(kind)) {
      return json(404, { message: `unknown record kind; use one of ${INGEST_KINDS.join(', ')}` });
    }
    if (httpMethod !== 'POST') return json(405, { message: 'use POST' });
    // Checked here, not only by the local server, so the Lambda behind API Gateway answers the same.
    if (!isJson(headerOf(headers, 'content-type'))) {
      return json(415, { message: 'send the body as JSON with the header content-type: application/json' });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(
        isBase64Encoded ? Buffer.from(body ?? '', 'base64').toString('utf8') : (body ?? ''),
      );
    } catch {
      return json(400, { message: 'the body is not JSON; send {"records": [...]}' });
    }
    const shape = bodySchema.safeParse(parsed);
    if (!shape.success) return json(400, { message: 'the body must be {"records": [...]}' });
    if (shape.data.records.length > MAX_RECORDS) {
      return json(413, {
        message: `at most ${MAX_RECORDS} records per request; got ${shape.data.records.length}`,
      });
    }
    const locale = localeOf(headers);
    let result: IngestResult;
    try {
      result = await ingest(kind as IngestKind, shape.data.records, deps(locale));
    } catch (error) {
      // Two imports of reps at once: the caller's retry goes through, so say so instead of failing with 500.
      if (error instanceof WebhookVaultBusyError) return json(503, { message: error.describe(locale) });
      // Other requests changing the same customers, or a throttled table: what was stored stays stored and
      // a retry of the same batch finishes the rest, so the caller is asked to send it again.
      if (error instanceof IngestContentionError) {
        return json(
          503,
          { message: error.describe(locale) },
          { 'retry-after': String(error.retryAfterSeconds) },
        );
      }
      if (isBusy(error)) {
        return json(
          503,
          {
            message: textFor(locale).ingest.retryBatch(
              textFor(locale).ingest.storeBusy,
              BUSY_RETRY_AFTER_SECONDS,
            ),
          },
          { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) },
        );
      }
      throw error;
    }
    return json(result.rejected.length === 0 ? 200 : 207, result);
  };
}
