import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { configuredRetention, dynamoIngestStore } from '../../adapters/dynamodb/ingest-store.ts';
import { tableNames } from '../../adapters/dynamodb/tables.ts';
import { createSecretsManagerVault } from '../../adapters/secrets/secrets-manager-vault.ts';
import { WECOM_SECRET_ENV } from '../../adapters/secrets/webhook-vault.ts';
import { DEFAULT_CONFIG } from '../../core/config.ts';
import { dayOfInstant, isValidTimeZone } from '../../core/days.ts';
import { parseWecomProxies, WECOM_PROXY_ENV } from '../../core/wecom-webhook.ts';
import { createIngestHandler, type IngestApiResponse } from '../../use-cases/ingest/ingest-http.ts';
import type { IngestResult } from '../../use-cases/ingest/ingest-result.ts';
import { optionalEnv, requiredEnv } from './handler-env.ts';
import { telemetry } from './telemetry.ts';
import { METRICS } from '../../contracts/telemetry.ts';

// Checked once at cold start: a misconfigured function fails its first call loudly, naming the variable.
const prefix = requiredEnv('CHURN_WATCH_TABLE_PREFIX');
const timeZone = process.env.CHURN_WATCH_TIME_ZONE ?? DEFAULT_CONFIG.timeZone;
if (!isValidTimeZone(timeZone)) throw new Error(`CHURN_WATCH_TIME_ZONE ${timeZone} is not a time zone`);
const doc = createDocumentClient();
const tables = tableNames(prefix);
// Set on AWS: reps' robot URLs go to Secrets Manager, and the reps table keeps only a marker.
const wecomSecret = optionalEnv(WECOM_SECRET_ENV);
const webhookVault = wecomSecret
  ? createSecretsManagerVault({
      client: new SecretsManagerClient({}),
      secretId: wecomSecret,
      lease: { doc, table: tables.config },
    })
  : undefined;

// A company's WeCom proxy, if any; loopback robots are never taken here (there is no local receiver on AWS).
const wecomProxies = parseWecomProxies(optionalEnv(WECOM_PROXY_ENV));

const { logger, count } = telemetry('ingest');

const store = dynamoIngestStore(doc, tables);
const retentionDays = configuredRetention(doc, tables.config);

const ingest = createIngestHandler((locale) => ({
  store,
  timeZone,
  retentionDays,
  locale,
  today: dayOfInstant(Date.now(), timeZone),
  webhookVault,
  allowLoopbackWebhooks: false,
  wecomProxies,
}));

/**
 * The Lambda entry point behind API Gateway: `POST /v1/{kind}`. Each request leaves one log line with its
 * path, status and counts (never the records), and its counts as metrics.
 */
export async function handler(event: unknown): Promise<IngestApiResponse> {
  const response = await ingest(event);
  const path = (event as { path?: unknown } | null)?.path;
  if (response.statusCode === 200 || response.statusCode === 207) {
    const { accepted, duplicates, rejected } = JSON.parse(response.body) as IngestResult;
    logger.info('ingest done', {
      path,
      statusCode: response.statusCode,
      accepted,
      duplicates,
      rejected: rejected.length,
    });
    count({ [METRICS.accepted]: accepted, [METRICS.rejected]: rejected.length });
  } else {
    logger.warn('ingest refused', { path, statusCode: response.statusCode });
  }
  return response;
}
