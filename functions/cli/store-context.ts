import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { type TableNames, tableNames } from '../adapters/dynamodb/tables.ts';
import { DEFAULT_CONFIG } from '../core/config.ts';
import { type Day, dayOfInstant } from '../core/days.ts';
import type { Locale } from '../core/locale.ts';
import type { IngestDeps } from '../ingest/ingest-deps.ts';

/** The store the CLI talks to: endpoint, region and credentials from the standard AWS SDK environment. */
export interface StoreContext {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  /** The DynamoDB endpoint when one is configured (dynalite, DynamoDB Local, LocalStack); undefined = AWS. */
  endpoint: string | undefined;
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
  return {
    client,
    doc,
    tables,
    endpoint,
    ingestDeps: (locale) => {
      const timeZone = env.CHURN_WATCH_TIME_ZONE ?? DEFAULT_CONFIG.timeZone;
      return {
        doc,
        tables,
        timeZone,
        retentionDays: DEFAULT_CONFIG.profile.retentionDays,
        locale,
        today: options.today ?? dayOfInstant(Date.now(), timeZone),
      };
    },
    close: () => client.destroy(),
  };
}
