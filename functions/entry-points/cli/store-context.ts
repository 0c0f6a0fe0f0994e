import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { dynamoCycleStores } from '../../adapters/dynamodb/cycle-stores.ts';
import { type TableNames, tableNames } from '../../adapters/dynamodb/tables.ts';
import { createSecretsManagerVault } from '../../adapters/secrets/secrets-manager-vault.ts';
import { WECOM_SECRET_ENV, type WebhookVault } from '../../adapters/secrets/webhook-vault.ts';
import { DEFAULT_CONFIG } from '../../core/config.ts';
import { dayOfInstant } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import { parseWecomProxies, WECOM_PROXY_ENV } from '../../core/wecom-webhook.ts';
import type { CycleStores } from '../../use-cases/cycle/cycle-stores.ts';
import type { IngestDeps } from '../../use-cases/ingest/ingest-deps.ts';
import { configuredRetention, dynamoIngestStore } from '../../adapters/dynamodb/ingest-store.ts';

/** The store the CLI talks to: endpoint, region and credentials from the standard AWS SDK environment. */
export interface StoreContext {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  /** What the daily and weekly runs read and write, in these tables. */
  cycleStores: CycleStores;
  /** The DynamoDB endpoint when one is configured (dynalite, DynamoDB Local, LocalStack); undefined = AWS. */
  endpoint: string | undefined;
  /** The reps' robot URLs when CHURN_WATCH_WECOM_SECRET names a secret (a stage on AWS); else in the table. */
  webhookVault: WebhookVault | undefined;
  ingestDeps(locale: Locale): IngestDeps;
  close(): void;
}

export function dynamoEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
}

/**
 * The tables and clients a command works with. `now` is the clock "today" is read from for each ingest call
 * (so a long-running `npm start` accepts the new day's orders after midnight); injected by tests.
 */
export function openStore(
  env: NodeJS.ProcessEnv = process.env,
  options: {
    now?: () => number;
    /**
     * Reps' robots may be on loopback: `npm start`, which runs the WeCom receiver there, says so whatever
     * DynamoDB it uses. Default: only when the DynamoDB endpoint itself is on loopback.
     */
    allowLoopbackWebhooks?: boolean;
  } = {},
): StoreContext {
  // Local endpoints accept any credentials; supplying dummy ones spares a first-time user an AWS profile.
  const endpoint = dynamoEndpoint(env);
  const local = endpoint !== undefined && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE;
  const config = {
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    ...(env.AWS_REGION || env.AWS_DEFAULT_REGION ? {} : { region: 'us-east-1' }),
  };
  // Named here rather than left to the SDK, so the env given (not only process.env) decides where tables are.
  const dynamoConfig = { ...config, ...(endpoint ? { endpoint } : {}) };
  const client = new DynamoDBClient(dynamoConfig);
  const doc = createDocumentClient(dynamoConfig);
  const tables = tableNames(env.CHURN_WATCH_TABLE_PREFIX);
  // Reps' robots may be on loopback only when the tables are too: a local stack (`npm start`, dynalite). An
  // import into AWS takes WeCom's own address (or the configured proxy) only, as the Lambda does.
  const allowLoopbackWebhooks =
    options.allowLoopbackWebhooks ?? (endpoint !== undefined && isLoopback(endpoint));
  const wecomProxies = parseWecomProxies(env[WECOM_PROXY_ENV]);
  // A stage on AWS keeps the reps' robot URLs in Secrets Manager: import and run use it as the Lambdas do.
  const wecomSecret = env[WECOM_SECRET_ENV]?.trim();
  let secrets: SecretsManagerClient | undefined;
  let webhookVault: WebhookVault | undefined;
  if (wecomSecret) {
    secrets = new SecretsManagerClient(config);
    webhookVault = createSecretsManagerVault({
      client: secrets,
      secretId: wecomSecret,
      lease: { doc, table: tables.config },
    });
  }
  return {
    client,
    doc,
    tables,
    cycleStores: dynamoCycleStores(doc, tables),
    endpoint,
    webhookVault,
    ingestDeps: (locale) => {
      const timeZone = env.CHURN_WATCH_TIME_ZONE ?? DEFAULT_CONFIG.timeZone;
      return {
        store: dynamoIngestStore(doc, tables),
        timeZone,
        retentionDays: configuredRetention(doc, tables.config),
        locale,
        today: dayOfInstant((options.now ?? Date.now)(), timeZone),
        webhookVault,
        allowLoopbackWebhooks,
        wecomProxies,
      };
    },
    close: () => {
      client.destroy();
      secrets?.destroy();
    },
  };
}

function isLoopback(endpoint: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
