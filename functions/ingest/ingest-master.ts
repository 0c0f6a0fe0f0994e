import type { z } from 'zod';
import { customerSchema, repSchema } from '../core/records.ts';
import { batchGetAll, batchPutAll } from '../adapters/dynamodb/batch.ts';
import { settleBatchCopies } from './batch-copies.ts';
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
  const settled = settleBatchCopies(
    valid.map(({ index, value }) => ({
      index,
      value: { ...value, hash: contentHash(value) } as Record<string, unknown>,
    })),
    (item) => String(item[keyName]),
    (item) => String(item.hash),
    keyName,
    deps.locale,
    rejected,
  );
  const items = settled.kept;
  const duplicates = settled.duplicates;
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
