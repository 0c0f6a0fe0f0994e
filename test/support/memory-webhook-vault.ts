import type { WebhookVault } from '../../functions/adapters/secrets/webhook-vault.ts';

export interface MemoryWebhookVault extends WebhookVault {
  /** What the vault holds now. */
  readonly entries: Map<string, string>;
  /** Calls of read(), and writes that changed something. */
  readonly counts: { reads: number; writes: number };
}

/** An in-memory stand-in for the Secrets Manager vault, with the same contract: writes only on change. */
export function memoryWebhookVault(initial: Record<string, string> = {}): MemoryWebhookVault {
  const entries = new Map(Object.entries(initial));
  const counts = { reads: 0, writes: 0 };
  return {
    entries,
    counts,
    async read() {
      counts.reads++;
      return new Map(entries);
    },
    async put(given) {
      const changed = new Set<string>();
      for (const [repId, url] of given) {
        if ((entries.get(repId) ?? null) === url) continue;
        changed.add(repId);
        if (url === null) entries.delete(repId);
        else entries.set(repId, url);
      }
      if (changed.size > 0) counts.writes++;
      return changed;
    },
  };
}
