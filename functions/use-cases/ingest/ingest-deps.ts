import type { WebhookVault } from '../../adapters/secrets/webhook-vault.ts';
import type { Day } from '../../core/days.ts';
import type { Locale } from '../../core/locale.ts';
import type { IngestStore } from './ingest-store.ts';
import { loadRepDirectory, type RepDirectory } from './rep-directory.ts';

/** What every ingest use case needs: the store, the distributor's calendar, and the caller's language. */
export interface IngestDeps {
  /** Where orders, profiles, events and master data are kept (DynamoDB: `dynamoIngestStore`). */
  store: IngestStore;
  timeZone: string;
  /**
   * Days of order history a profile keeps (`profile.retentionDays`): a number, or where to read the admin's
   * setting from (`configuredRetention` of the DynamoDB adapter), so a change reaches ingest without a
   * redeploy.
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
export async function repsOf(deps: Pick<IngestDeps, 'store' | 'reps'>): Promise<RepDirectory> {
  return deps.reps ?? loadRepDirectory(deps.store);
}

/** The retention to prune with, read once per ingest call. */
export async function retentionOf(deps: Pick<IngestDeps, 'retentionDays'>): Promise<number> {
  return typeof deps.retentionDays === 'number' ? deps.retentionDays : deps.retentionDays();
}
