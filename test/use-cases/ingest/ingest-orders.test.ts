import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { profileFromItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { saveConfig } from '../../../functions/adapters/dynamodb/config-store.ts';
import type { IngestDeps } from '../../../functions/use-cases/ingest/ingest-deps.ts';
import { configuredRetention, dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';
import { ingestOrders } from '../../../functions/use-cases/ingest/ingest-orders.ts';
import { uncheckedRepsNotice } from '../../../functions/use-cases/ingest/rep-directory.ts';
import { day } from '../../core/helpers.ts';
import { crashOnProfileWrite, type LocalDynamo, startLocalDynamo } from './dynalite.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

const depsFor = (tables: TableNames, doc = dynamo.doc): IngestDeps => ({
  store: dynamoIngestStore(doc, tables),
  timeZone: 'Asia/Shanghai',
  retentionDays: 400,
  locale: 'en',
});

async function profileOf(tables: TableNames, customerId: string) {
  const { Item } = await dynamo.doc.send(new GetCommand({ TableName: tables.profiles, Key: { customerId } }));
  return Item ? profileFromItem(Item) : undefined;
}

const order = (
  orderId: string,
  customerId: string,
  orderDate: string,
  amount: number | string,
  extra = {},
) => ({
  orderId,
  customerId,
  orderDate,
  amount,
  ...extra,
});

describe('ingest of orders into DynamoDB (dynalite over HTTP)', () => {
  it('stores valid records next to bad ones and names each bad record and field', async () => {
    const tables = await dynamo.freshTables();
    const result = await ingestOrders(
      [
        order('A1', 'C1', '2026-11-01', '120.50'),
        order('A2', 'C1', '2026-13-01', 10),
        {
          orderId: 'A3',
          customerId: 'C2',
          orderDate: '2026-11-02',
          lines: [{ sku: 'S1', amount: '12.345' }],
        },
        order('A4', 'C2', '2026-11-03', 99, { lines: [{ sku: 'S1', quantity: 2, amount: 50 }] }),
        order('A5', 'C2', '2026-11-04', 80, { status: '已取消' }),
      ],
      depsFor(tables),
    );
    expect(result.accepted).toBe(2);
    expect(result.duplicates).toBe(0);
    expect(result.rejected).toEqual([
      { index: 1, errors: [{ path: 'orderDate', message: 'is not a real calendar date' }] },
      {
        index: 2,
        errors: [
          { path: 'lines.0.amount', message: 'has more decimals than cents allow (it is not rounded)' },
        ],
      },
      { index: 3, errors: [{ path: 'amount', message: 'differs from the sum of the lines (50.00)' }] },
    ]);
    const c1 = await profileOf(tables, 'C1');
    expect(c1?.orders).toMatchObject({
      ids: ['A1'],
      days: [day('2026-11-01')],
      nets: [12050],
      purchases: [1],
    });
    expect((await profileOf(tables, 'C2'))?.orders).toMatchObject({ ids: ['A5'], nets: [0], purchases: [0] });
  });

  it("prunes a profile to the admin's profile.retentionDays, read from the config table", async () => {
    // Prepare: a shop that ordered 580 days ago and yesterday, with the retention raised to 700 days.
    const tables = await dynamo.freshTables();
    const now = { ms: 0 };
    const deps = {
      ...depsFor(tables),
      retentionDays: configuredRetention(dynamo.doc, tables.config, () => now.ms),
    };
    const orders = [order('R1', 'C1', '2025-04-01', 100), order('R2', 'C1', '2026-11-01', 100)];

    // Act: with the defaults (540 days), then after the admin saves 700 and the minute's cache has passed
    await ingestOrders(orders, deps);
    const pruned = await profileOf(tables, 'C1');
    await saveConfig(dynamo.doc, tables.config, {
      overrides: { profile: { retentionDays: 700 } },
      changedBy: 'admin',
      reason: 'learned risk needs 539 days',
      expectedVersion: 0,
    });
    now.ms += 60_000;
    await ingestOrders([order('R0', 'C1', '2025-03-31', 100)], deps);
    const kept = await profileOf(tables, 'C1');

    // Assess: 540 days drop the old order (its day, and what was pruned, are remembered); 700 keep the one sent
    // after the change. The order pruned under 540 days comes back only with rebuild-profiles.
    expect(pruned?.orders.days).toEqual([day('2026-11-01')]);
    expect(pruned?.prunedFirstPurchaseDay).toBe(day('2025-04-01'));
    expect(pruned?.prunedBefore).toBe(day('2026-11-01') - 540 + 1);
    expect(kept?.orders.days).toEqual([day('2025-03-31'), day('2026-11-01')]);
    expect(kept?.prunedBefore).toBe(day('2026-11-01') - 700 + 1);
  });

  it('goes on when the stored settings no longer validate, pruning as little as any setting could', async () => {
    // Prepare: a hand-edited config item with a retention out of range
    const tables = await dynamo.freshTables();
    await dynamo.doc.send(
      new PutCommand({
        TableName: tables.config,
        Item: { pk: 'config', sk: 'current', version: 3, overrides: { profile: { retentionDays: 5 } } },
      }),
    );
    const deps = { ...depsFor(tables), retentionDays: configuredRetention(dynamo.doc, tables.config) };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    // Act
    const result = await ingestOrders(
      [order('R1', 'C1', '2024-01-10', 100), order('R2', 'C1', '2026-11-01', 100)],
      deps,
    );
    const warned = warn.mock.calls.flat().join('\n');
    warn.mockRestore();

    // Assess: stored, and nothing within 1,100 days pruned
    expect(result.accepted).toBe(2);
    expect((await profileOf(tables, 'C1'))?.orders.days).toEqual([day('2024-01-10'), day('2026-11-01')]);
    expect(warned).toContain('pruning profiles to 1100 days');
  });

  it('counts a re-delivered batch as duplicates and changes nothing', async () => {
    const tables = await dynamo.freshTables();
    const batch = [
      order('A1', 'C1', '2026-11-01', 100),
      order('A2', 'C1', '2026-11-08', 100, { repId: 'R1' }),
    ];
    // No reps imported yet: the rep is kept as written, and the answer says it was not checked.
    const notices = [uncheckedRepsNotice('en')];
    expect(await ingestOrders(batch, depsFor(tables))).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [],
      notices,
    });
    const before = await profileOf(tables, 'C1');
    expect(await ingestOrders(batch, depsFor(tables))).toEqual({
      accepted: 0,
      duplicates: 2,
      rejected: [],
      notices,
    });
    expect(await profileOf(tables, 'C1')).toEqual(before);
    expect(before?.repId).toBe('R1');
  });

  it('applies a cancellation, a return and a date correction to the profile', async () => {
    const tables = await dynamo.freshTables();
    await ingestOrders(
      [order('A1', 'C1', '2026-11-01', 100), order('A2', 'C1', '2026-11-05', 300)],
      depsFor(tables),
    );
    await ingestOrders(
      [
        order('A1', 'C1', '2026-11-01', 100, { status: 'cancelled' }),
        order('A2', 'C1', '2026-11-06', 300),
        order('R1', 'C1', '2026-11-10', -50),
      ],
      depsFor(tables),
    );
    const profile = await profileOf(tables, 'C1');
    expect(profile?.orders.ids).toEqual(['A1', 'A2', 'R1']);
    expect(profile?.orders.days).toEqual([day('2026-11-01'), day('2026-11-06'), day('2026-11-10')]);
    expect(profile?.orders.nets).toEqual([0, 30000, -5000]);
    expect(profile?.orders.purchases).toEqual([0, 1, 0]);
  });

  it('refuses the same order twice in a batch with different contents, whichever comes first', async () => {
    const tables = await dynamo.freshTables();
    const result = await ingestOrders(
      [
        order('A1', 'C1', '2026-11-01', 100),
        order('A1', 'C1', '2026-11-01', 200),
        order('A2', 'C1', '2026-11-02', 5),
      ],
      depsFor(tables),
    );
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => r.index)).toEqual([0, 1]);
  });

  it('finishes the profile update on retry after a crash between writing orders and profiles', async () => {
    const tables = await dynamo.freshTables();
    const batch = [order('A1', 'C1', '2026-11-01', 100), order('A2', 'C2', '2026-11-02', 200)];
    const crashing = crashOnProfileWrite(dynamo.doc, tables);
    await expect(ingestOrders(batch, depsFor(tables, crashing))).rejects.toThrow('crash');
    expect(await profileOf(tables, 'C1')).toBeUndefined();
    const retry = await ingestOrders(batch, depsFor(tables));
    expect(retry).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect((await profileOf(tables, 'C1'))?.orders.nets).toEqual([10000]);
    expect((await profileOf(tables, 'C2'))?.orders.nets).toEqual([20000]);
  });

  it('gives the same orders and profiles for any order and repetition of the deliveries', async () => {
    const records = [
      order('A1', 'C1', '2026-10-01', 100, { repId: 'R1' }),
      order('A2', 'C1', '2026-10-15', 250, { repId: 'R2' }),
      order('A3', 'C2', '2026-10-20', 80, {
        lines: [
          { sku: 'S1', amount: 30 },
          { sku: 'S2', amount: 50 },
        ],
      }),
      order('R1', 'C2', '2026-10-25', -20),
      order('A4', 'C1', '2026-11-01', 90, { status: 'cancelled' }),
    ];
    const snapshot = async (tables: TableNames) => {
      const { Items } = await dynamo.doc.send(new ScanCommand({ TableName: tables.orders }));
      const orders = (Items ?? []).map((item) => [item.orderId, item.customerId, item.hash]).sort();
      return { orders, c1: await profileOf(tables, 'C1'), c2: await profileOf(tables, 'C2') };
    };
    const referenceTables = await dynamo.freshTables();
    await ingestOrders(records, depsFor(referenceTables));
    const reference = await snapshot(referenceTables);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.shuffledSubarray(records, { minLength: 1 }), { minLength: 1, maxLength: 4 }),
        async (batches) => {
          const all = new Set(batches.flat());
          const missing = records.filter((record) => !all.has(record));
          const tables = await dynamo.freshTables();
          for (const batch of [...batches, missing]) {
            if (batch.length > 0) await ingestOrders([...batch, ...batch], depsFor(tables));
          }
          expect(await snapshot(tables)).toEqual(reference);
        },
      ),
      { numRuns: 30 },
    );
  });
});
