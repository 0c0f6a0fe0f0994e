import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig, StoredConfigError } from '../../adapters/dynamodb/config-store.ts';
import { effectiveRetentionDays, MAX_RETENTION_DAYS } from '../../core/config.ts';
import type { TableNames } from '../../adapters/dynamodb/tables.ts';
import type { WebhookVault } from '../../adapters/secrets/webhook-vault.ts';
import type { Day } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import { loadRepDirectory, type RepDirectory } from './rep-directory.ts';

/** What every ingest use case needs: the store, the distributor's calendar, and the caller's language. */
export interface IngestDeps {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  timeZone: string;
  /**
   * Days of order history a profile keeps (`profile.retentionDays`): a number, or where to read the admin's
   * setting from (configuredRetention), so a change reaches ingest without a redeploy.
   */
  retentionDays: number | (() => Promise<number>);
  locale: Locale;
  /** Today in the distributor's zone; orders dated after tomorrow are refused. Unset: no check. */
  today?: Day;
  /**
   * Where reps' WeCom webhook URLs go instead of the reps table (Secrets Manager on AWS, when
   * `CHURN_WATCH_WECOM_SECRET` is set). Unset: the URLs are stored in the table, as locally.
   */
  webhookVault?: WebhookVault | undefined;
  /**
   * Reps' WeCom webhooks may also point at loopback (the local WeCom receiver). Set by the process that
   * runs against a local stack (the CLI with a loopback DynamoDB endpoint); false in the Lambda. Unset: false.
   */
  allowLoopbackWebhooks?: boolean | undefined;
  /** A company's WeCom proxy prefixes (`CHURN_WATCH_WECOM_PROXY_URLS`), taken besides WeCom's own address. */
  wecomProxies?: readonly URL[] | undefined;
  /**
   * The reps table, read once for a whole import (`churn-watch import`). Unset: each ingest call that meets a
   * rep reads it (the HTTP API, where a call is at most 1,000 records and the reps table a few hundred items).
   */
  reps?: RepDirectory | undefined;
}

/** The reps to match rep values against: the import's, or the table's as it is now. */
export async function repsOf(deps: Pick<IngestDeps, 'doc' | 'tables' | 'reps'>): Promise<RepDirectory> {
  return deps.reps ?? loadRepDirectory(deps.doc, deps.tables.reps);
}

/** The retention to prune with, read once per ingest call. */
export async function retentionOf(deps: Pick<IngestDeps, 'retentionDays'>): Promise<number> {
  return typeof deps.retentionDays === 'number' ? deps.retentionDays : deps.retentionDays();
}

/**
 * The configured `profile.retentionDays`, read from the config table at most once a minute (an import sends
 * thousands of batches; a changed setting applies within the minute).
 */
export function configuredRetention(
  doc: DynamoDBDocumentClient,
  table: string,
  now: () => number = Date.now,
): () => Promise<number> {
  let cached: { value: number; at: number } | null = null;
  return async () => {
    if (cached && now() - cached.at < 60_000) return cached.value;
    try {
      const { config } = await loadConfig(doc, table);
      cached = { value: effectiveRetentionDays(config), at: now() };
      return cached.value;
    } catch (error) {
      if (!(error instanceof StoredConfigError)) throw error;
      // Stored settings that no longer validate stop the daily run, which names the keys; ingest goes on,
      // pruning as little as any setting could (a later ingest or rebuild-profiles prunes the rest).
      console.warn(
        `churn-watch: stored settings unreadable, pruning profiles to ${MAX_RETENTION_DAYS} days: ${error.message}`,
      );
      return cached?.value ?? MAX_RETENTION_DAYS;
    }
  };
}
