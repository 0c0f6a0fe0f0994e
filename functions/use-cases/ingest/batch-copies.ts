import type { Locale } from '../../core/locale.ts';
import { textFor } from '../../text/catalogue.ts';
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
  /** How the key is named in the message, e.g. `order P1` / `订单 P1`; the bare key without it. */
  named?: (key: string, locale: Locale) => string,
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
      const message = textFor(locale).ingest.differentCopies(named ? named(key, locale) : key);
      rejected.push({ index: copy.index, errors: [{ path: keyField, message }] });
    }
  }
  return { kept, duplicates };
}
