import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LeaseTakenError, withLease } from '../dynamodb/lease.ts';
import {
  WEBHOOK_LEASE_KEY,
  type WebhookVault,
  WebhookVaultBusyError,
  WebhookVaultError,
} from './webhook-vault.ts';
import { worded } from '../../text/errors.ts';

/** Far longer than a read and a write of the secret take, short enough that a crashed holder soon lets go. */
const LEASE_MS = 30_000;
/** Work still running this close to the lease's end gives up rather than write while another may hold it. */
const LEASE_MARGIN_MS = 5_000;
/** Secrets Manager's limit for a secret value. */
const SECRET_MAX_BYTES = 65_536;

export interface SecretsManagerVaultOptions {
  client: SecretsManagerClient;
  /** The secret's name or ARN. */
  secretId: string;
  /** Where the writers' lease lives: the config table. */
  lease: { doc: DynamoDBDocumentClient; table: string };
  /** Injected by tests, for the lease. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The reps' webhook URLs in one Secrets Manager secret per stage, a JSON object `{ "<repId>": "<URL>" }`.
 *
 * A write reads the secret, merges and writes it back. Two ingests doing that at once could each drop the
 * other's change, so writers take turns through a short lease in the config table (see {@link withLease});
 * readers need no lease, since each PutSecretValue replaces the value whole.
 */
export function createSecretsManagerVault(options: SecretsManagerVaultOptions): WebhookVault {
  const { client, secretId } = options;
  const now = options.now ?? Date.now;

  const read = async (): Promise<Map<string, string>> => {
    let text: string | undefined;
    try {
      text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (error) {
      throw new WebhookVaultError(
        worded((text) => text.services.vaultUnreadable(secretId, describeSdkError(error))),
        { cause: error },
      );
    }
    return parseEntries(text, secretId);
  };

  return {
    read,
    async put(entries) {
      // A re-sent reps file changes nothing: finding that out needs no lease, so retries stay one read.
      if (changedIds(await read(), entries).size === 0) return new Set();
      try {
        return await withLease(
          {
            ...options.lease,
            key: WEBHOOK_LEASE_KEY,
            durationMs: LEASE_MS,
            now,
            ...(options.sleep ? { sleep: options.sleep } : {}),
          },
          async ({ expiresAt }) => {
            // Read again under the lease: another writer may have changed the secret since the first read.
            const current = await read();
            const changed = changedIds(current, entries);
            if (changed.size === 0) return changed;
            const text = serialize(merged(current, entries));
            if (Buffer.byteLength(text, 'utf8') > SECRET_MAX_BYTES) throw tooLarge(secretId);
            if (now() > expiresAt - LEASE_MARGIN_MS) throw new WebhookVaultBusyError();
            try {
              await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: text }));
            } catch (error) {
              throw new WebhookVaultError(
                worded((text) => text.services.vaultUnwritable(secretId, describeSdkError(error))),
                { cause: error },
              );
            }
            return changed;
          },
        );
      } catch (error) {
        if (error instanceof LeaseTakenError) throw new WebhookVaultBusyError({ cause: error });
        throw error;
      }
    },
  };
}

function changedIds(
  current: ReadonlyMap<string, string>,
  entries: ReadonlyMap<string, string | null>,
): Set<string> {
  const changed = new Set<string>();
  for (const [repId, url] of entries) {
    if ((current.get(repId) ?? null) !== url) changed.add(repId);
  }
  return changed;
}

function merged(
  current: ReadonlyMap<string, string>,
  entries: ReadonlyMap<string, string | null>,
): Map<string, string> {
  const next = new Map(current);
  for (const [repId, url] of entries) {
    if (url === null) next.delete(repId);
    else next.set(repId, url);
  }
  return next;
}

/** Sorted by rep id, so an admin comparing two versions in the console sees only what changed. */
function serialize(entries: ReadonlyMap<string, string>): string {
  return JSON.stringify(Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/**
 * The secret's value as entries. Every refusal names the secret only: the value is the robots' keys, and a
 * JSON syntax error would quote it, so no parse error is kept as a cause either.
 */
function parseEntries(text: string | undefined, secretId: string): Map<string, string> {
  if (text === undefined) throw malformed(secretId);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(secretId);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(secretId);
  const entries = new Map<string, string>();
  for (const [repId, url] of Object.entries(value)) {
    if (typeof url !== 'string') throw malformed(secretId);
    entries.set(repId, url);
  }
  return entries;
}

function malformed(secretId: string): WebhookVaultError {
  return new WebhookVaultError(worded((text) => text.services.vaultMalformed(secretId)));
}

function tooLarge(secretId: string): WebhookVaultError {
  return new WebhookVaultError(worded((text) => text.services.vaultTooLarge(secretId)));
}

/** The SDK error's name and message, for an admin to act on; the error itself stays in `cause` for logs. */
function describeSdkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
}
