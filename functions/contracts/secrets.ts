/**
 * The variables that tell the functions where their secrets are, and the shape of the generated signing key.
 * Dependency-free, so the CDK imports it.
 */

/** The WeCom robot URLs' secret (name or ARN); unset means no vault, and the URLs stay in the reps table. */
export const WECOM_SECRET_ENV = 'CHURN_WATCH_WECOM_SECRET';

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
