import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMissingTables } from '../../../functions/adapters/dynamodb/create-tables.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import { openStore, type StoreContext } from '../../../functions/entry-points/cli/store-context.ts';
import { startLocalDynamo, type LocalDynamo } from '../../use-cases/ingest/dynalite.ts';

describe('the store a long-running npm start ingests through', () => {
  let dynamo: LocalDynamo;
  let store: StoreContext;
  // 2026-12-07 23:30 in Shanghai
  const clock = { now: Date.parse('2026-12-07T15:30:00Z') };

  beforeAll(async () => {
    dynamo = await startLocalDynamo();
    store = openStore(
      {
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        CHURN_WATCH_TABLE_PREFIX: 'store-clock-',
      },
      { now: () => clock.now },
    );
    await createMissingTables(store.client, store.tables);
  });
  afterAll(async () => {
    store.close();
    await dynamo.close();
  });

  it("reads today from the clock at each call, so the next day's orders are taken after midnight", async () => {
    // Prepare: an order dated two days ahead is refused on the evening it is started
    const order = {
      orderId: 'XS-0909',
      customerId: 'C001',
      orderDate: '2026-12-09',
      lines: [{ sku: 'SKU-1', quantity: 1, amount: '10.00' }],
    };
    const before = await ingest('orders', [order], store.ingestDeps('zh-CN'));

    // Act: the same process, a day and an hour later
    clock.now += 25 * 3600_000;
    const after = await ingest('orders', [order], store.ingestDeps('zh-CN'));

    // Assess
    expect(before.accepted).toBe(0);
    expect(before.rejected).toHaveLength(1);
    expect(after.accepted).toBe(1);
  });
});
