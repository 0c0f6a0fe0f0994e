import { LocalizedError } from '../../core/localized-error.ts';

/**
 * Where the key that signs the digests' one-tap answer links (follow-up/action-link.ts) comes from, and where
 * the links point. No AWS SDK here: the CDK app imports the variables' names from this file.
 */

/** The public base URL the action route is served under, e.g. the API stage URL or a custom domain. */
export const ACTION_URL_ENV = 'CHURN_WATCH_ACTION_URL';
/** On AWS: the Secrets Manager secret (name or ARN) whose value is the signing key. */
export const ACTION_KEY_SECRET_ENV = 'CHURN_WATCH_ACTION_KEY_SECRET';
/** Locally: a file holding the signing key (`<dataDir>/action-key`, made once, mode 0600). */
export const ACTION_KEY_FILE_ENV = 'CHURN_WATCH_ACTION_KEY_FILE';

/**
 * The shortest key taken: 32 characters of the generated alphabet (letters and digits) are about 190 bits,
 * far beyond guessing; anything shorter is a hand-made key and is refused rather than trusted.
 */
export const ACTION_KEY_MIN_LENGTH = 32;
/** What CDK generates and `aws secretsmanager get-random-password` is told to make: letters and digits. */
export const ACTION_KEY_LENGTH = 64;

/**
 * The signing key could not be had, or the settings that say where it is are wrong. The message names the
 * secret or file, never the key.
 */
export class ActionKeyError extends LocalizedError {
  override readonly name: string = 'ActionKeyError';
}
