import { LocalizedError } from '../../core/localized-error.ts';
import { WEBHOOK_LEASE_KEY } from '../../contracts/tables.ts';
import { WECOM_SECRET_ENV } from '../../contracts/secrets.ts';
import { worded } from '../../text/errors.ts';

/**
 * Where a deployment keeps its reps' WeCom webhook URLs instead of the reps table. The URL holds the robot's
 * key, so on AWS it lives in Secrets Manager and the table keeps only a marker; locally (no vault) the URL
 * stays in the table. No AWS SDK here: the CDK app imports the variable's name from this file.
 */

export { WECOM_SECRET_ENV };

/**
 * The reps-table attribute that says "this rep's webhook is in the vault". A separate attribute rather than a
 * placeholder in `wecomWebhook`, so every stored `wecomWebhook` is still a URL that `repSchema` accepts, and
 * an ERP cannot set it: `repSchema` does not know it, so it never survives validation of a record sent in.
 */
export const WEBHOOK_LOCATION_ATTRIBUTE = 'wecomWebhookIn';
export const WEBHOOK_IN_VAULT = 'secretsmanager';

/** The reps' webhook URLs by rep id. */
export interface WebhookVault {
  /** Every stored entry; one read per call. */
  read(): Promise<Map<string, string>>;
  /**
   * Sets (URL) or removes (null) the given reps' entries and leaves every other entry as it is. Writes only
   * when something changed, so delivering the same reps again writes nothing.
   *
   * @returns the rep ids whose entry changed.
   */
  put(entries: ReadonlyMap<string, string | null>): Promise<ReadonlySet<string>>;
}

/** The vault could not be read or written; the message names the secret, never its content. */
export class WebhookVaultError extends LocalizedError {
  override readonly name: string = 'WebhookVaultError';
}

/** Another writer held the vault for longer than this one would wait; sending the same records again works. */
export class WebhookVaultBusyError extends WebhookVaultError {
  override readonly name = 'WebhookVaultBusyError';

  constructor(options?: { cause?: unknown }) {
    super(
      worded((text) => text.services.vaultBusy),
      options,
    );
  }
}

export { WEBHOOK_LEASE_KEY };
