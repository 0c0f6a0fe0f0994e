import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { tableNames } from '../adapters/dynamodb/tables.ts';
import { DEFAULT_CONFIG } from '../core/config.ts';
import { dayOfInstant, isValidTimeZone } from '../core/days.ts';
import { createIngestHandler } from '../ingest/ingest-http.ts';
import { requiredEnv } from './handler-env.ts';

// Checked once at cold start: a misconfigured function fails its first call loudly, naming the variable.
const prefix = requiredEnv('CHURN_WATCH_TABLE_PREFIX');
const timeZone = process.env.CHURN_WATCH_TIME_ZONE ?? DEFAULT_CONFIG.timeZone;
if (!isValidTimeZone(timeZone)) throw new Error(`CHURN_WATCH_TIME_ZONE ${timeZone} is not a time zone`);
const doc = createDocumentClient();

/** The Lambda entry point behind API Gateway: `POST /v1/{kind}`. */
export const handler = createIngestHandler((locale) => ({
  doc,
  tables: tableNames(prefix),
  timeZone,
  retentionDays: DEFAULT_CONFIG.profile.retentionDays,
  locale,
  today: dayOfInstant(Date.now(), timeZone),
}));
