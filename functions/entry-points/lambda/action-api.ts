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
import { requiredEnv } from './handler-env.ts';
import { telemetry } from './telemetry.ts';
import { METRICS } from '../../contracts/telemetry.ts';

// Checked once at cold start: a misconfigured function fails its first call loudly, naming the variable.
const tables = tableNames(requiredEnv('CHURN_WATCH_TABLE_PREFIX'));
const keySource = actionKeySource();
if (!keySource) {
  throw new Error(`environment variable ${ACTION_KEY_SECRET_ENV} (or ${ACTION_KEY_FILE_ENV}) is not set`);
}
const doc = createDocumentClient();
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
  if (deps?.key !== key) deps = { doc, tables, key, now: Date.now };
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
    return page(400, '无法识别的请求。', 'The request could not be read.');
  }
  let ready: ActionDeps;
  try {
    ready = await actionDeps(keySource as NonNullable<typeof keySource>);
  } catch (error) {
    // The message names the secret or file, never the key.
    logger.error('action signing key unavailable', { error: describe(error) });
    count({ [METRICS.actionErrors]: 1 });
    return page(
      503,
      '暂时无法记录，请稍后再点一次。',
      'This cannot be recorded right now; tap again shortly.',
      {
        'retry-after': '60',
      },
    );
  }
  try {
    return await handleActionRequest(parsed.data, ready);
  } catch (error) {
    // An error's text could quote the request; the token is cut out, whatever code threw.
    const token = parsed.data.path.slice(parsed.data.path.lastIndexOf('/') + 1);
    const text = token ? describe(error).replaceAll(token, '<token>') : describe(error);
    logger.error('action request failed', { error: text });
    count({ [METRICS.actionErrors]: 1 });
    return page(
      500,
      '出错了，未能记录，请稍后再试。',
      'Something went wrong and nothing was recorded; try again later.',
    );
  }
}

/** A page in the rep's language first (zh-CN), English below; it says nothing of the link or the error. */
function page(
  statusCode: number,
  zh: string,
  en: string,
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
      `<title>churn-watch</title><p>${zh}</p><p lang="en">${en}</p></html>`,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
