import * as z from 'zod';
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { tableNames } from '../../adapters/dynamodb/tables.ts';
import { ACTION_KEY_FILE_ENV, ACTION_KEY_SECRET_ENV } from '../../adapters/secrets/action-key.ts';
import { actionKeySource } from '../../adapters/secrets/action-key-loader.ts';
import {
  type ActionDeps,
  type ActionHttpResponse,
  handleActionRequest,
} from '../../use-cases/follow-up/action-http.ts';
import { dynamoFollowUpStores } from '../follow-up-stores.ts';
import { requiredEnv } from './handler-env.ts';
import { telemetry } from './telemetry.ts';
import { METRICS } from '../../contracts/telemetry.ts';
import { LOCALES } from '../../core/locale.ts';
import { type Catalogue, textFor } from '../../text/catalogue.ts';

// Checked once at cold start: a misconfigured function fails its first call loudly, naming the variable.
const tables = tableNames(requiredEnv('CHURN_WATCH_TABLE_PREFIX'));
const keySource = actionKeySource();
if (!keySource) {
  throw new Error(`environment variable ${ACTION_KEY_SECRET_ENV} (or ${ACTION_KEY_FILE_ENV}) is not set`);
}
const stores = dynamoFollowUpStores(createDocumentClient(), tables);
const { logger, count } = telemetry('actions');

/** The API Gateway proxy event's fields the action page reads; the rest (and the whole event) is never logged. */
const eventSchema = z.object({
  httpMethod: z.string(),
  path: z.string(),
  // API Gateway sends null, not {}, for a request without headers or body.
  headers: z
    .record(z.string(), z.string())
    .nullish()
    .transform((headers) => headers ?? {}),
  body: z
    .string()
    .nullish()
    .transform((body) => body ?? null),
  isBase64Encoded: z.boolean().optional(),
});

let deps: ActionDeps | undefined;

/** Built once per container, and again only when the key changed (an admin rotated it). */
async function actionDeps(source: NonNullable<typeof keySource>): Promise<ActionDeps> {
  const key = await source.key();
  if (deps?.key !== key) deps = { ...stores, key, now: Date.now };
  return deps;
}

/**
 * The Lambda entry point behind API Gateway: `GET` and `POST /a/{token}`, the page a rep reaches by tapping an
 * answer in a digest. The path holds the signed link, which is the credential: it is never logged here, and
 * what goes wrong is answered with a plain page, never an error's text.
 */
export async function handler(event: unknown): Promise<ActionHttpResponse> {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    return page(400, (words) => words.unreadable);
  }
  let ready: ActionDeps;
  try {
    ready = await actionDeps(keySource as NonNullable<typeof keySource>);
  } catch (error) {
    // The message names the secret or file, never the key.
    logger.error('action signing key unavailable', { error: describe(error) });
    count({ [METRICS.actionErrors]: 1 });
    return page(503, (words) => words.keyUnavailable, { 'retry-after': '60' });
  }
  try {
    return await handleActionRequest(parsed.data, ready);
  } catch (error) {
    // An error's text could quote the request; the token is cut out, whatever code threw.
    const token = parsed.data.path.slice(parsed.data.path.lastIndexOf('/') + 1);
    const text = token ? describe(error).replaceAll(token, '<token>') : describe(error);
    logger.error('action request failed', { error: text });
    count({ [METRICS.actionErrors]: 1 });
    return page(500, (words) => words.failed);
  }
}

/**
 * A page in every language, Chinese first (the link's reader is not known yet); it says nothing of the link or
 * the error.
 */
function page(
  statusCode: number,
  say: (words: Catalogue['answers']['gateway']) => string,
  extraHeaders: Record<string, string> = {},
): ActionHttpResponse {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The page's URL is the signed link: no Referer may carry it to another site.
      'referrer-policy': 'no-referrer',
      ...extraHeaders,
    },
    body:
      '<!doctype html><html lang="zh-CN"><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      `<title>churn-watch</title>${LOCALES.map((locale) => `<p lang="${locale}">${say(textFor(locale).answers.gateway)}</p>`).join('')}</html>`,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
