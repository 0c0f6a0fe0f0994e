import { LocalizedError } from '../../core/localized-error.ts';

/**
 * Where the key that signs the digests' one-tap answer links (follow-up/action-link.ts) comes from, and where
 * the links point. The variables' names are in contracts/secrets.ts, which the CDK app imports.
 */

export {
  ACTION_KEY_FILE_ENV,
  ACTION_KEY_LENGTH,
  ACTION_KEY_MIN_LENGTH,
  ACTION_KEY_SECRET_ENV,
  ACTION_URL_ENV,
} from '../../contracts/secrets.ts';

/**
 * The signing key could not be had, or the settings that say where it is are wrong. The message names the
 * secret or file, never the key.
 */
export class ActionKeyError extends LocalizedError {
  override readonly name: string = 'ActionKeyError';
}
