import type { Locale } from '../core/locale.ts';
import type { RejectedRecord } from './ingest-result.ts';

/**
 * The same record twice in one batch: identical copies count as duplicates and one is kept; copies with
 * different contents cannot both be the truth, and keeping one would depend on their order in the batch,
 * so all of them are refused (added to `rejected`, naming the key field).
 */
export function settleBatchCopies<T>(
  entries: readonly { index: number; value: T }[],
  keyOf: (value: T) => string,
  hashOf: (value: T) => string,
  keyField: string,
  locale: Locale,
  rejected: RejectedRecord[],
  /** How the key is named in the message, e.g. `order` / `订单`; the bare key without it. */
  noun?: Record<Locale, string>,
): { kept: T[]; duplicates: number } {
  const byKey = new Map<string, { index: number; value: T }[]>();
  for (const entry of entries) {
    const key = keyOf(entry.value);
    const same = byKey.get(key);
    if (same) same.push(entry);
    else byKey.set(key, [entry]);
  }
  const kept: T[] = [];
  let duplicates = 0;
  for (const [key, copies] of byKey) {
    const first = copies[0] as { index: number; value: T };
    if (copies.every((copy) => hashOf(copy.value) === hashOf(first.value))) {
      kept.push(first.value);
      duplicates += copies.length - 1;
      continue;
    }
    for (const copy of copies) {
      const named = noun ? `${noun[locale]} ${key}` : key;
      const message =
        locale === 'en'
          ? `${named} appears more than once in this batch with different contents`
          : `${named} 在本批次中出现多次且内容不同`;
      rejected.push({ index: copy.index, errors: [{ path: keyField, message }] });
    }
  }
  return { kept, duplicates };
}
