import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFromItem } from '../../../functions/adapters/dynamodb/profile-item.ts';
import type { TableNames } from '../../../functions/adapters/dynamodb/tables.ts';
import { ingest } from '../../../functions/use-cases/ingest/ingest.ts';
import type { IngestDeps } from '../../../functions/use-cases/ingest/ingest-deps.ts';
import { ingestOrders } from '../../../functions/use-cases/ingest/ingest-orders.ts';
import { day } from '../../core/helpers.ts';
import { crashOnProfileWrite, type LocalDynamo, startLocalDynamo } from './dynalite.ts';
import { dynamoIngestStore } from '../../../functions/adapters/dynamodb/ingest-store.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

const deps = (tables: TableNames, extra: Partial<IngestDeps> = {}): IngestDeps => ({
  store: dynamoIngestStore(dynamo.doc, tables),
  timeZone: 'Asia/Shanghai',
  retentionDays: 400,
  locale: 'en',
  ...extra,
});
const profileOf = async (tables: TableNames, customerId: string) => {
  const { Item } = await dynamo.doc.send(new GetCommand({ TableName: tables.profiles, Key: { customerId } }));
  return Item ? profileFromItem(Item) : undefined;
};
const order = (orderId: string, customerId: string, orderDate: string, amount: number, extra = {}) => ({
  orderId,
  customerId,
  orderDate,
  amount,
  ...extra,
});

describe('ingest under concurrency, corrections and crashes', () => {
  it('keeps both requests’ facts when two batches for one customer run at the same time', async () => {
    const tables = await dynamo.freshTables();
    await Promise.all([
      ingestOrders([order('A', 'C1', '2026-11-01', 10)], deps(tables)),
      ingestOrders([order('B', 'C1', '2026-11-02', 20)], deps(tables)),
      ingest('visits', [{ customerId: 'C1', visitDate: '2026-11-03' }], deps(tables)),
    ]);
    const profile = await profileOf(tables, 'C1');
    expect(profile?.orders.ids).toEqual(['A', 'B']);
    expect(profile?.lastVisitDay).toBe(day('2026-11-03'));
  });

  it('counts a re-dated order once even when the first attempt crashed before the profile write', async () => {
    const tables = await dynamo.freshTables();
    await ingestOrders([order('X', 'C1', '2026-03-01', 100)], deps(tables));
    const crashing = crashOnProfileWrite(dynamo.doc, tables);
    const moved = [order('X', 'C1', '2026-03-05', 100)];
    await expect(
      ingestOrders(moved, deps(tables, { store: dynamoIngestStore(crashing, tables) })),
    ).rejects.toThrow('crash');
    await ingestOrders(moved, deps(tables));
    const profile = await profileOf(tables, 'C1');
    expect(profile?.orders.ids).toEqual(['X']);
    expect(profile?.orders.days).toEqual([day('2026-03-05')]);
  });

  it('moves an order re-sent for another customer instead of counting it for both', async () => {
    const tables = await dynamo.freshTables();
    await ingestOrders([order('X', 'C1', '2026-03-01', 100)], deps(tables));
    await ingestOrders([order('X', 'C2', '2026-03-01', 100)], deps(tables));
    expect((await profileOf(tables, 'C1'))?.orders.ids).toEqual([]);
    expect((await profileOf(tables, 'C2'))?.orders.ids).toEqual(['X']);
    const { Items } = await dynamo.doc.send(new ScanCommand({ TableName: tables.orders }));
    expect(Items?.map((item) => [item.orderId, item.customerId])).toEqual([['X', 'C2']]);
  });

  it('keeps the sale when a return arrives later under the original order number', async () => {
    const tables = await dynamo.freshTables();
    await ingestOrders([order('X', 'C1', '2025-03-01', 150)], deps(tables));
    const result = await ingestOrders(
      [order('X', 'C1', '2025-04-02', -50, { status: 'returned' })],
      deps(tables),
    );
    expect(result.accepted).toBe(1);
    const profile = await profileOf(tables, 'C1');
    expect(profile?.orders.ids).toEqual(['X', 'X@2025-04-02']);
    expect(profile?.orders.nets).toEqual([15000, -5000]);
  });

  it('refuses an order dated after tomorrow, which would push the history out of the profile', async () => {
    const tables = await dynamo.freshTables();
    const result = await ingestOrders(
      [order('X', 'C1', '2052-03-01', 100)],
      deps(tables, { today: day('2026-11-20') }),
    );
    expect(result.rejected).toEqual([
      { index: 0, errors: [{ path: 'orderDate', message: 'date 2052-03-01 is after today' }] },
    ]);
  });

  it('takes the rep of the latest purchase whatever order the orders arrive in', async () => {
    const a = await dynamo.freshTables();
    const b = await dynamo.freshTables();
    const o1 = order('O1', 'C1', '2026-11-01', 10, { repId: 'R1' });
    const o2 = order('O2', 'C1', '2026-11-01', 10, { repId: 'R2' });
    await ingestOrders([o1], deps(a));
    await ingestOrders([o2], deps(a));
    await ingestOrders([o2], deps(b));
    await ingestOrders([o1], deps(b));
    expect((await profileOf(a, 'C1'))?.repId).toBe('R2');
    expect((await profileOf(b, 'C1'))?.repId).toBe('R2');
  });

  it('treats a complaint re-sent with its rep filled in as the same complaint', async () => {
    const tables = await dynamo.freshTables();
    await ingest('complaints', [{ customerId: 'C1', complaintDate: '2026-11-01' }], deps(tables));
    const again = await ingest(
      'complaints',
      [{ customerId: 'C1', complaintDate: '2026-11-01', repId: 'R1' }],
      deps(tables),
    );
    expect(again).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect((await profileOf(tables, 'C1'))?.complaintDays).toEqual([day('2026-11-01')]);
  });
});
