import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../adapters/dynamodb/tables.ts';
import type { WebhookVault } from '../adapters/secrets/webhook-vault.ts';
import type { Day } from '../core/days.ts';
import type { Locale } from '../core/locale.ts';

/** What every ingest use case needs: the store, the distributor's calendar, and the caller's language. */
export interface IngestDeps {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  timeZone: string;
  retentionDays: number;
  locale: Locale;
  /** Today in the distributor's zone; orders dated after tomorrow are refused. Unset: no check. */
  today?: Day;
  /**
   * Where reps' WeCom webhook URLs go instead of the reps table (Secrets Manager on AWS, when
   * `CHURN_WATCH_WECOM_SECRET` is set). Unset: the URLs are stored in the table, as locally.
   */
  webhookVault?: WebhookVault | undefined;
}
