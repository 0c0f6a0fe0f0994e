import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ActionLinkSettings } from '../../use-cases/cycle/cycle-deps.ts';
import {
  ACTION_KEY_FILE_ENV,
  ACTION_KEY_MIN_LENGTH,
  ACTION_KEY_SECRET_ENV,
  ACTION_URL_ENV,
  ActionKeyError,
} from './action-key.ts';
import { worded } from '../../text/errors.ts';

/**
 * How long a key read is used before it is read again: a container serves many taps on one read, and a key an
 * admin rotated reaches every container within minutes instead of whenever Lambda recycles it.
 */
export const ACTION_KEY_MAX_AGE_MS = 5 * 60_000;

export interface ActionKeySourceOptions {
  env?: NodeJS.ProcessEnv;
  /** Injected by tests; otherwise made on the first read of a secret (a local run never needs one). */
  secretsClient?: SecretsManagerClient;
  /** @default ACTION_KEY_MAX_AGE_MS */
  maxAgeMs?: number;
  now?: () => number;
}

/** Where the signing key is kept, read at most once per {@link ACTION_KEY_MAX_AGE_MS} per process. */
export interface ActionKeySource {
  /** `secret <id>` or `file <path>`: what messages name instead of the key. */
  readonly origin: string;
  /** The key; throws {@link ActionKeyError} naming {@link origin} when it cannot be had. */
  key(): Promise<string>;
}

/**
 * The signing key's source from `CHURN_WATCH_ACTION_KEY_SECRET` (Secrets Manager, on AWS) or
 * `CHURN_WATCH_ACTION_KEY_FILE` (locally); `undefined` when neither is set. Both set is refused at once: which
 * one signs would otherwise depend on the code's order, and links made by one would not verify with the other.
 *
 * @example
 * const source = actionKeySource({ env: { CHURN_WATCH_ACTION_KEY_FILE: '.local/action-key' } });
 * const key = await source?.key();
 */
export function actionKeySource(options: ActionKeySourceOptions = {}): ActionKeySource | undefined {
  const env = options.env ?? process.env;
  const secretId = env[ACTION_KEY_SECRET_ENV] || undefined;
  const file = env[ACTION_KEY_FILE_ENV] || undefined;
  if (secretId && file) {
    throw new ActionKeyError(
      worded((text) => text.services.actionKeyTwoSources(ACTION_KEY_SECRET_ENV, ACTION_KEY_FILE_ENV)),
    );
  }
  if (secretId) {
    let client = options.secretsClient;
    return cached(`secret ${secretId}`, options, () =>
      readSecret((client ??= new SecretsManagerClient({})), secretId),
    );
  }
  if (file) return cached(`file ${file}`, options, () => readKeyFile(file));
  return undefined;
}

/**
 * What the notifier signs digest links with: the public base URL (`CHURN_WATCH_ACTION_URL`) and the key's
 * source. `undefined` when no base URL is set (digests then carry no links); a base URL without a key, or one
 * that is not an http(s) URL, is refused at once, naming the variable.
 */
export function actionLinksSource(
  options: ActionKeySourceOptions = {},
): (() => Promise<ActionLinkSettings>) | undefined {
  const env = options.env ?? process.env;
  const text = env[ACTION_URL_ENV] || undefined;
  const source = actionKeySource(options);
  if (!text) return undefined;
  const baseUrl = parseBaseUrl(text);
  if (!source) {
    throw new ActionKeyError(
      worded((text) =>
        text.services.actionKeyMissing(ACTION_URL_ENV, ACTION_KEY_SECRET_ENV, ACTION_KEY_FILE_ENV),
      ),
    );
  }
  return async () => ({ baseUrl, key: await source.key() });
}

function parseBaseUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new ActionKeyError(worded((text) => text.services.actionUrlInvalid(ACTION_URL_ENV)));
  }
  // Links are `${baseUrl}/a/<token>`: one slash between, whichever way the URL was written.
  return url.href.replace(/\/+$/, '');
}

/** One read shared by concurrent callers, kept for `maxAgeMs`; a failed read is not kept, so the next call retries. */
function cached(
  origin: string,
  options: ActionKeySourceOptions,
  read: () => Promise<string>,
): ActionKeySource {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? ACTION_KEY_MAX_AGE_MS;
  let entry: { key: Promise<string>; readAt: number } | undefined;
  return {
    origin,
    key() {
      const at = now();
      if (!entry || at - entry.readAt >= maxAgeMs) {
        const current = { key: read().then((key) => checkedKey(key, origin)), readAt: at };
        current.key.catch(() => {
          if (entry === current) entry = undefined;
        });
        entry = current;
      }
      return entry.key;
    },
  };
}

async function readSecret(client: SecretsManagerClient, secretId: string): Promise<string> {
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    throw new ActionKeyError(
      worded((text) => text.services.actionKeySecretUnreadable(secretId, describeError(error))),
      { cause: error },
    );
  }
  if (text === undefined) {
    throw new ActionKeyError(worded((text) => text.services.actionKeySecretEmpty(secretId)));
  }
  return text;
}

async function readKeyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ActionKeyError(
      worded((text) =>
        text.services.actionKeyFileUnreadable(
          file,
          ACTION_KEY_FILE_ENV,
          describeError(error),
          ACTION_URL_ENV,
        ),
      ),
      { cause: error },
    );
  }
}

/** A trailing newline (an editor's, `echo`'s) is no part of the key; a short key is refused, never shown. */
function checkedKey(text: string, origin: string): string {
  const key = text.trim();
  if (key.length < ACTION_KEY_MIN_LENGTH) {
    throw new ActionKeyError(
      worded((text) => text.services.actionKeyTooShort(origin, ACTION_KEY_MIN_LENGTH)),
    );
  }
  return key;
}

/** The error's name and message (an SDK's or the file system's); neither ever holds the secret's value. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
}
