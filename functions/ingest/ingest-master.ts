import type { z } from 'zod';
import { customerSchema, repSchema } from '../core/records.ts';
import { batchGetAll, batchPutAll } from '../adapters/dynamodb/batch.ts';
import { contentHash } from './content-hash.ts';
import type { IngestDeps } from './ingest-deps.ts';
import type { IngestResult } from './ingest-result.ts';
import { validateRecords } from './validate-records.ts';

/**
 * Customers and reps: the latest delivery of a record replaces the stored one (keyed by its id); an
 * identical one is a duplicate. Two different versions in one batch are refused, since which is current
 * would depend on their order.
 */
export async function ingestMaster(
  kind: 'customers' | 'reps',
  records: readonly unknown[],
  deps: IngestDeps,
): Promise<IngestResult> {
  const schema: z.ZodType<Record<string, unknown>> = (
    kind === 'customers' ? customerSchema : repSchema
  ) as never;
  const keyName = kind === 'customers' ? 'customerId' : 'repId';
  const table = deps.tables[kind];
  const { valid, rejected } = validateRecords(records, schema, deps.locale);
  const byKey = new Map<string, { index: number; item: Record<string, unknown> }[]>();
  for (const { index, value } of valid) {
    const item: Record<string, unknown> = { ...value, hash: contentHash(value) };
    const key = String(item[keyName]);
    const same = byKey.get(key);
    if (same) same.push({ index, item });
    else byKey.set(key, [{ index, item }]);
  }
  let duplicates = 0;
  const items: Record<string, unknown>[] = [];
  for (const [key, entries] of byKey) {
    const first = entries[0] as { index: number; item: Record<string, unknown> };
    if (entries.every((entry) => entry.item.hash === first.item.hash)) {
      items.push(first.item);
      duplicates += entries.length - 1;
      continue;
    }
    for (const entry of entries) {
      rejected.push({
        index: entry.index,
        errors: [
          {
            path: keyName,
            message:
              deps.locale === 'en'
                ? `${key} appears more than once in this batch with different contents`
                : `${key} 在本批次中出现多次且内容不同`,
          },
        ],
      });
    }
  }
  const stored = await batchGetAll(
    deps.doc,
    table,
    items.map((item) => ({ [keyName]: item[keyName] })),
  );
  const storedHash = new Map(stored.map((item) => [String(item[keyName]), item.hash]));
  const changed = items.filter((item) => storedHash.get(String(item[keyName])) !== item.hash);
  await batchPutAll(deps.doc, table, changed);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: changed.length, duplicates: duplicates + items.length - changed.length, rejected };
}
