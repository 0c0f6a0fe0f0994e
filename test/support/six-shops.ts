import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../../functions/adapters/dynamodb/tables.ts';
import { formatDay } from '../../functions/core/days.ts';
import { ingest } from '../../functions/use-cases/ingest/ingest.ts';
import { day } from '../core/helpers.ts';
import { ingestDeps } from '../use-cases/cycle/scenario.ts';

/**
 * Six shops of rep R01 ordering weekly for ten months up to `asOf`: S1–S3 stopped 40 days before it, S4–S6
 * still order. With `rules.inactive.days` 30 (the default) S1–S3 are flagged `inactive`; with 50 they are not:
 * what the config preview tests (CLI and admin page) compare.
 */
export async function seedSixShops(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  asOf: string,
): Promise<void> {
  const deps = ingestDeps(doc, tables);
  const customers = Array.from({ length: 6 }, (_, i) => ({
    customerId: `S${i + 1}`,
    name: `门店${i + 1}`,
    repId: 'R01',
  }));
  const end = day(asOf);
  const orders: Record<string, unknown>[] = [];
  for (let n = 1; n <= 6; n++) {
    for (let d = end - 300; d <= (n <= 3 ? end - 40 : end); d += 7) {
      orders.push({
        orderId: `S${n}-${d}`,
        customerId: `S${n}`,
        orderDate: formatDay(d),
        amount: 500 + n * 100,
      });
    }
  }
  for (const [kind, records] of [
    ['customers', customers],
    ['orders', orders],
  ] as const) {
    const result = await ingest(kind, records, deps);
    if (result.rejected.length > 0) throw new Error(`seed ${kind}: ${JSON.stringify(result.rejected)}`);
  }
}
