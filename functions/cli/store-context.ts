import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { type TableNames, tableNames } from '../adapters/dynamodb/tables.ts';
import { createSecretsManagerVault } from '../adapters/secrets/secrets-manager-vault.ts';
import { WECOM_SECRET_ENV, type WebhookVault } from '../adapters/secrets/webhook-vault.ts';
import { DEFAULT_CONFIG } from '../core/config.ts';
import { type Day, dayOfInstant } from '../core/days.ts';
import type { Locale } from '../core/locale.ts';
import { configuredRetention, type IngestDeps } from '../ingest/ingest-deps.ts';

/** The store the CLI talks to: endpoint, region and credentials from the standard AWS SDK environment. */
export interface StoreContext {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tables: TableNames;
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

export function openStore(env: NodeJS.ProcessEnv = process.env, options: { today?: Day } = {}): StoreContext {
  // Local endpoints accept any credentials; supplying dummy ones spares a first-time user an AWS profile.
  const endpoint = dynamoEndpoint(env);
  const local = endpoint !== undefined && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE;
  const config = {
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    ...(env.AWS_REGION || env.AWS_DEFAULT_REGION ? {} : { region: 'us-east-1' }),
  };
  const client = new DynamoDBClient(config);
  const doc = createDocumentClient(config);
  const tables = tableNames(env.CHURN_WATCH_TABLE_PREFIX);
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
    endpoint,
    webhookVault,
    ingestDeps: (locale) => {
      const timeZone = env.CHURN_WATCH_TIME_ZONE ?? DEFAULT_CONFIG.timeZone;
      return {
        doc,
        tables,
        timeZone,
        retentionDays: configuredRetention(doc, tables.config),
        locale,
        today: options.today ?? dayOfInstant(Date.now(), timeZone),
        webhookVault,
      };
    },
    close: () => {
      client.destroy();
      secrets?.destroy();
    },
  };
}
