import { createHash } from 'node:crypto';

/** A short fingerprint of a record's content: equal fingerprints mean the record was delivered again. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}
